"""Who is acting and from where, for the audit trail. Set by middleware (web, API) or the CLI."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

_client_ip: ContextVar[str | None] = ContextVar("zhunru_client_ip", default=None)


def client_ip() -> str | None:
    return _client_ip.get()


@contextlib.contextmanager
def acting_from(ip: str | None) -> Iterator[None]:
    token = _client_ip.set(ip)
    try:
        yield
    finally:
        _client_ip.reset(token)
