from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

ALLOWED_PREFIXES = ("/static/", "/i18n/", "/accounts/logout", "/accounts/password", "/portal/")


class ForcePasswordChangeMiddleware:
    """An account with a temporary password can do nothing before changing it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and not request.path.startswith(ALLOWED_PREFIXES)
        ):
            return redirect(reverse("accounts:password_change"))
        return self.get_response(request)


TOUCHED = "_touched"  # when this session's expiry was last pushed forward (epoch seconds)


class SessionRefreshMiddleware:
    """The 30-minute idle timeout without a database write on every request.

    A signed-in session is saved (which moves its expiry to now + SESSION_COOKIE_AGE) when it was last
    saved SESSION_REFRESH_SECONDS or more ago; other requests only read it. A session therefore ends
    between SESSION_COOKIE_AGE − SESSION_REFRESH_SECONDS and SESSION_COOKIE_AGE after the last request.
    Writing the session on every request made every page a write: on SQLite one writer at a time.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.every = int(settings.SESSION_REFRESH_SECONDS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.modified or SESSION_KEY not in session:
            return response  # a login, a logout or a change saves it anyway; anonymous: nothing to keep
        now = int(timezone.now().timestamp())
        touched = session.get(TOUCHED)
        if not isinstance(touched, int) or not 0 <= now - touched < self.every:
            session[TOUCHED] = now
        return response
