from __future__ import annotations

from typing import Any

from zhunru.core.errors import Forbidden


def require_role(actor: Any, *roles: str) -> None:
    """Services call this first. actor=None is the system itself (CLI bootstrap, demo, jobs)."""
    if actor is None:
        return
    if not getattr(actor, "is_authenticated", False) or not actor.has_role(*roles):
        raise Forbidden()
