from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from zhunru.core.context import acting_from
from zhunru.core.errors import DomainError


def request_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or ""


class DomainErrorMiddleware:
    """Sets the client IP for the audit trail and maps DomainError to one HTTP answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_from(request_ip(request)):
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, DomainError):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(exc.as_dict(), status=exc.status)
        return render(request, "error.html", {"error": exc}, status=exc.status)
