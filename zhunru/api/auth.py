"""API tokens: `Authorization: Bearer <token>`. A revoked token or a disabled account answers 401."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from zhunru.accounts import services
from zhunru.accounts.models import User


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return services.api_token_authenticate(plaintext=token.strip())


token_auth = TokenAuth()


def actor(request: HttpRequest) -> User:
    """The authenticated user of a protected endpoint."""
    user: Any = request.auth  # type: ignore[attr-defined]
    return user  # type: ignore[no-any-return]


def viewer(request: HttpRequest) -> User | None:
    """On a public endpoint: the token's user when a token is sent (a bad one is still a 401),
    None for an anonymous reader."""
    if not request.headers.get("Authorization"):
        return None
    user = token_auth(request)
    if user is None:
        raise AuthenticationError()
    return user  # type: ignore[no-any-return]
