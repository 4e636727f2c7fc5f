"""Navigation by role: each entry names the roles that see it."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from zhunru.accounts.roles import Role
from zhunru.core.workdays import missing_years_kept
from zhunru.inbox.selectors import unread_count

R = Role
NAV: list[tuple[str, Any, tuple[str, ...] | None]] = [
    ("web:home", _("首页"), None),
    ("inbox:inbox", _("待办"), None),
    (
        "access:applications",
        _("准入申请"),
        (R.DEPT_CLERK, R.DEPT_HEAD, R.APPROVAL_CLERK, R.APPROVAL_HEAD, R.APPROVER),
    ),
    (
        "access:exits",
        _("退出申请"),
        (R.COMMUNITY_WORKER, R.STREET_OFFICER, R.APPROVAL_CLERK, R.APPROVAL_HEAD, R.APPROVER),
    ),
    ("gateway:notices", _("我的任务"), (R.COMMUNITY_WORKER, R.STREET_OFFICER)),
    ("gateway:dispatch", _("派单"), (R.DEPT_CLERK, R.DEPT_HEAD)),
    ("catalog:manage", _("事项清单"), (R.APPROVAL_CLERK, R.APPROVAL_HEAD, R.APPROVER, R.SYSADMIN)),
    ("access:settings", _("程序设置"), (R.APPROVAL_CLERK, R.APPROVAL_HEAD)),
    ("supervision:cases", _("监督案件"), (R.SUPERVISOR,)),
    ("supervision:mine", _("我的举报"), (R.COMMUNITY_WORKER,)),
    ("supervision:department", _("被举报统计"), (R.DEPT_CLERK, R.DEPT_HEAD)),
    (
        "registries:signboards",
        pgettext_lazy("menu", "挂牌"),
        (R.COMMUNITY_WORKER, R.STREET_OFFICER, R.APPROVAL_CLERK, R.APPROVAL_HEAD),
    ),
    (
        "registries:ledgers",
        _("台账报表"),
        (
            R.COMMUNITY_WORKER,
            R.STREET_OFFICER,
            R.APPROVAL_CLERK,
            R.APPROVAL_HEAD,
            R.APPROVER,
            R.DEPT_CLERK,
            R.DEPT_HEAD,
        ),
    ),
    (
        "evaluation:index",
        _("评议"),
        (
            R.COMMUNITY_WORKER,
            R.STREET_OFFICER,
            R.DEPT_CLERK,
            R.DEPT_HEAD,
            R.APPROVAL_CLERK,
            R.APPROVAL_HEAD,
            R.APPROVER,
            R.SUPERVISOR,
        ),
    ),
    (
        "funding:arrears",
        _("经费"),
        (
            R.DEPT_CLERK,
            R.DEPT_HEAD,
            R.COMMUNITY_WORKER,
            R.STREET_OFFICER,
            R.APPROVAL_CLERK,
            R.APPROVAL_HEAD,
            R.SUPERVISOR,
        ),
    ),
    ("certificates:index", pgettext_lazy("menu", "证明"), (R.COMMUNITY_WORKER, R.STREET_OFFICER)),
    (
        "dashboard:index",
        _("统计"),
        (
            R.SUPERVISOR,
            R.APPROVAL_CLERK,
            R.APPROVAL_HEAD,
            R.APPROVER,
            R.STREET_OFFICER,
            R.COMMUNITY_WORKER,
            R.DEPT_CLERK,
            R.DEPT_HEAD,
        ),
    ),
    ("portal:index", _("公开门户"), None),
    ("areas:areas", _("区划"), None),
    ("areas:departments", pgettext_lazy("list", "单位"), None),
    ("accounts:users", _("用户管理"), (R.SYSADMIN,)),
    ("accounts:roles", _("角色授权"), (R.SECADMIN,)),
    ("areas:import", _("数据导入"), (R.SYSADMIN,)),
    ("core:workdays", _("工作日"), (R.SYSADMIN,)),
    ("core:audit", _("审计日志"), (R.AUDITADMIN,)),
]
CALENDAR_ROLES = (R.SYSADMIN, R.APPROVAL_CLERK, R.APPROVER)


@functools.cache
def _urls() -> dict[str, str]:
    """The menu's addresses, reversed once per process."""
    return {name: reverse(name) for name, _label, _roles in NAV}


@functools.cache
def _menu_paths() -> frozenset[str]:
    return frozenset(_urls().values())


def _items(roles: frozenset[str], path: str, unread: int) -> list[dict[str, Any]]:
    urls = _urls()
    return [
        {
            "url": urls[name],
            "label": label,
            "active": path == urls[name],
            "badge": unread if name == "inbox:inbox" else 0,
        }
        for name, label, allowed in NAV
        if allowed is None or roles.intersection(allowed)
    ]


@functools.lru_cache(maxsize=1024)
def _menu_html(language: str, roles: frozenset[str], path: str, unread: int) -> SafeString:
    """The top bar's menu, rendered once per process for each language, set of roles, current menu entry
    and unread count: every signed-in page shows it, and rendering it cost a tenth of a small page."""
    context = {"nav_items": _items(roles, path, unread), "unread_count": unread}
    return mark_safe(render_to_string("web/_menu.html", context))  # escaped by the template engine


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread = unread_count(user)  # one indexed COUNT: the badge on 待办
    roles = user.role_set if user.is_active else frozenset()
    path = request.path if request.path in _menu_paths() else ""
    warn = missing_years_kept() if user.has_role(*CALENDAR_ROLES) else []
    return {
        "nav_items": _items(roles, path, unread),  # the home page lists them (0.03 ms)
        "menu_html": (_menu_html.__wrapped__ if settings.DEBUG else _menu_html)(
            get_language(), roles, path, unread
        ),  # DEBUG: a template being edited shows at once
        "calendar_missing_years": warn,
        "unread_count": unread,
    }
