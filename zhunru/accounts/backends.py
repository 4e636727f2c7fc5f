"""Django's ModelBackend, reading the signed-in user's department and community with the user: every
page shows the organization's name in its top bar, so that is one query less per page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        found = list(model._default_manager.select_related("department", "community").filter(pk=user_id)[:1])
        return found[0] if found and self.user_can_authenticate(found[0]) else None
