"""Helpers of the inbox tests."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zhunru.inbox.services import notify


def notify_now(users: list[Any], title: str, **kw: Any) -> None:
    """A notification as a service writes it: inside a transaction."""
    with transaction.atomic():
        notify(users, title=title, **kw)


def text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()
