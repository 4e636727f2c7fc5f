"""The HTTP API, /api/v1/. An interface only: every endpoint calls a selector or a service."""

from __future__ import annotations

from ninja import NinjaAPI

from zhunru.api import (
    accounts,
    applications,
    catalog,
    certificates,
    dashboard,
    decisions,
    errors,
    evaluation,
    exits,
    funding,
    gateway,
    inbox,
    portal,
    registries,
    supervision,
)
from zhunru.api.auth import token_auth

DESCRIPTION = (
    "社区工作事项准入系统的接口。除事项清单、决定书和居务公开统计外，所有接口都需要 API 令牌："
    "在“API 令牌”页面（/accounts/tokens/）或用 `zhunru token create` 创建，"
    "请求时携带 `Authorization: Bearer <令牌>`。令牌与账户权限相同。\n\n"
    "错误统一返回 `{error, message, field}`：400 输入有误，401 未认证，403 无权操作，"
    "404 不存在或无权查看（两者不作区分），409 状态不允许或已被他人修改，422 请求格式不符。"
)

api = NinjaAPI(
    title="社区工作事项准入 API",
    version="1",
    description=DESCRIPTION,
    auth=token_auth,
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
errors.install(api)
api.add_router("", accounts.router)
api.add_router("/catalog", catalog.router)
api.add_router("/applications", applications.router)
api.add_router("/decisions", decisions.router)
api.add_router("/exits", exits.router)
api.add_router("/inbox", inbox.router)
api.add_router("/gateway", gateway.router)
api.add_router("/supervision", supervision.router)
api.add_router("/registries", registries.router)
api.add_router("/evaluation", evaluation.router)
api.add_router("/certificates", certificates.router)
api.add_router("/funding", funding.router)
api.add_router("/dashboard", dashboard.router)
api.add_router("/portal", portal.router)
