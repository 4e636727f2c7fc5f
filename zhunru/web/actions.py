"""One way for every page to run a POSTed action: the service call either succeeds (a success message) or
fails with a business error shown as an error message on the page it redirects to; "not found" (and any
status named in `reraise`) still answers with its own error page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest

from zhunru.core.errors import DomainError


def flash_outcome(
    request: HttpRequest, call: Callable[[], Any], done: Any, *, reraise: tuple[int, ...] = (404,)
) -> bool:
    """Run `call`; flash `done` on success or the error's message on a business error. True on success."""
    try:
        call()
    except DomainError as exc:
        if exc.status in reraise:
            raise
        messages.error(request, str(exc.message))
        return False
    messages.success(request, str(done))
    return True
