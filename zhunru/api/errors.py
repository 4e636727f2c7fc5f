"""One mapping from errors to JSON answers: DomainError by its status and as_dict(); schema
validation 422; missing or bad token 401. Messages are Chinese."""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from zhunru.core.errors import DomainError, NotFound

PYDANTIC_ZH = {
    "missing": gettext_lazy("缺少此项"),
    "string_type": gettext_lazy("应为字符串"),
    "int_parsing": gettext_lazy("应为整数"),
    "int_type": gettext_lazy("应为整数"),
    "int_from_float": gettext_lazy("应为整数"),
    "float_parsing": gettext_lazy("应为数字"),
    "decimal_parsing": gettext_lazy("应为数字"),
    "decimal_type": gettext_lazy("应为数字"),
    "bool_parsing": gettext_lazy("应为 true 或 false"),
    "bool_type": gettext_lazy("应为 true 或 false"),
    "date_from_datetime_parsing": gettext_lazy("日期格式应为 YYYY-MM-DD"),
    "date_parsing": gettext_lazy("日期格式应为 YYYY-MM-DD"),
    "date_type": gettext_lazy("日期格式应为 YYYY-MM-DD"),
    "list_type": gettext_lazy("应为数组"),
    "dict_type": gettext_lazy("应为对象"),
    "model_attributes_type": gettext_lazy("应为对象"),
    "json_invalid": gettext_lazy("不是有效的 JSON"),
    "greater_than_equal": gettext_lazy("取值过小"),
    "less_than_equal": gettext_lazy("取值过大"),
}
SOURCES = {"body", "query", "path", "form", "file", "header", "payload"}


def _where(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if str(p) not in SOURCES]
    return ".".join(parts) or _("请求")


def _validation_error(request: HttpRequest, exc: SchemaValidationError, api: NinjaAPI) -> HttpResponse:
    details = []
    for err in exc.errors:
        loc = list(err.get("loc", []))
        zh = str(PYDANTIC_ZH.get(str(err.get("type", "")), _("取值无效")))
        details.append({"field": _where(loc), "message": zh, "type": err.get("type", "")})
    first = details[0] if details else {"field": _("请求"), "message": _("取值无效")}
    body = {
        "error": "validation_failed",
        "message": _("请求数据有误：{field} {problem}。").format(
            field=first["field"], problem=first["message"]
        ),
        "field": first["field"] if details else None,
        "details": details,
    }
    return api.create_response(request, body, status=422)


def _domain_error(request: HttpRequest, exc: DomainError, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


def _unauthenticated(request: HttpRequest, exc: AuthenticationError, api: NinjaAPI) -> HttpResponse:
    body = {
        "error": "unauthenticated",
        "message": _(
            "未认证：请在请求头中提供有效的 API 令牌（Authorization: Bearer <令牌>）。"
            "令牌可能已撤销，或账户已停用。"
        ),
    }
    response = api.create_response(request, body, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="zhunru"'
    return response


def _http_error(request: HttpRequest, exc: HttpError, api: NinjaAPI) -> HttpResponse:
    messages = {
        400: _("请求格式有误（请检查 JSON 或表单）。"),
        405: _("不支持该请求方法。"),
        413: _("请求内容过大。"),
    }
    body = {"error": "bad_request", "message": messages.get(exc.status_code, _("请求无法处理。"))}
    return api.create_response(request, body, status=exc.status_code)


def _not_found(request: HttpRequest, exc: Http404, api: NinjaAPI) -> HttpResponse:
    return _domain_error(request, NotFound(), api)


def _server_error(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    """Anything unexpected: logged with its traceback for the administrator (like Django's own 500s),
    answered as JSON without it, so no exception text, setting or personal data reaches the client."""
    logging.getLogger("django.request").error(
        "Internal Server Error: %s", request.path, exc_info=(type(exc), exc, exc.__traceback__)
    )
    body = {"error": "server_error", "message": _("服务器内部错误，已记录，请稍后再试。")}
    return api.create_response(request, body, status=500)


def install(api: NinjaAPI) -> None:
    def bind(handler: Any) -> Any:
        return lambda request, exc: handler(request, exc, api)

    api.add_exception_handler(DomainError, bind(_domain_error))
    api.add_exception_handler(SchemaValidationError, bind(_validation_error))
    api.add_exception_handler(AuthenticationError, bind(_unauthenticated))
    api.add_exception_handler(HttpError, bind(_http_error))
    api.add_exception_handler(Http404, bind(_not_found))
    api.add_exception_handler(Exception, bind(_server_error))
