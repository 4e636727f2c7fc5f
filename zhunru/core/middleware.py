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


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)


class ContentSecurityPolicyMiddleware:
    """Sets Content-Security-Policy on every response (Django 5.2 has none built in): scripts, styles
    and images only from this site, no inline script or style, no framing, forms post only here.
    Only documents get it (HTML, SVG): a PDF shown inline must stay viewable in the browser's own viewer.
    A view that sets its own header (none does today) keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        content_type = response.headers.get("Content-Type", "text/html")
        if content_type.startswith(("text/html", "image/svg")):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
