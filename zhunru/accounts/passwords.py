"""Password rules per 等保 level 3 (with Django's minimum length and common-password validators)."""

from __future__ import annotations

import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES = (re.compile(r"[a-z]"), re.compile(r"[A-Z]"), re.compile(r"[0-9]"), re.compile(r"[^a-zA-Z0-9]"))


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with our own message: Django 5.2's Chinese catalogue lacks the new wording of its
    message, so it showed in English."""

    def get_error_message(self) -> str:
        return _("密码太短：至少需要 {n} 个字符。").format(n=self.min_length)

    def get_help_text(self) -> str:
        return _("至少 {n} 个字符。").format(n=self.min_length)


class CharacterClassValidator:
    """At least 3 of 4 character classes: lower case, upper case, digits, symbols."""

    def validate(self, password: str, user: object = None) -> None:
        if sum(1 for c in CLASSES if c.search(password)) < 3:
            raise ValidationError(
                _("密码须包含小写字母、大写字母、数字、符号中的至少三类。"), code="password_classes"
            )

    def get_help_text(self) -> str:
        return _("至少包含小写字母、大写字母、数字、符号中的三类。")


class NotUsernameValidator:
    """The password may not be the username, reversed, or contain it."""

    def validate(self, password: str, user: object = None) -> None:
        username = (getattr(user, "username", "") or "").lower()
        if username and len(username) >= 3:
            low = password.lower()
            if username in low or username[::-1] in low:
                raise ValidationError(_("密码不能包含用户名。"), code="password_username")

    def get_help_text(self) -> str:
        return _("不能包含用户名。")
