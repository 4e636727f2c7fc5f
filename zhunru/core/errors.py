"""Business errors. Every service raises a DomainError subclass; the middleware and the API map
them once to an HTTP status and a message in the user's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status: int = 400
    code: str = "invalid"
    default_message = _("操作无法完成。")

    def __init__(self, message: object | None = None, *, field: str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        self.field = field
        super().__init__(str(self.message))

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"error": self.code, "message": str(self.message)}
        if self.field:
            data["field"] = self.field
        return data


class ValidationFailed(DomainError):
    status = 400
    code = "validation_failed"
    default_message = _("输入有误。")


class NotFound(DomainError):
    """Missing and not-yours look the same from outside."""

    status = 404
    code = "not_found"
    default_message = _("找不到该对象，或您无权查看。")


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    default_message = _("您无权执行此操作。")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    default_message = _("该对象已被他人修改，请刷新后重试。")


class InvalidTransition(Conflict):
    code = "invalid_transition"
    default_message = _("当前状态下不能执行此操作。")
