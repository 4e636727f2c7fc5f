"""Navigation by role: each entry names the roles that see it."""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhunru.accounts.roles import Role
from zhunru.core.workdays import missing_years
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


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread = unread_count(user)  # one indexed COUNT: the badge on 待办
    urls = _urls()
    items = [
        {
            "url": urls[name],
            "label": label,
            "active": request.path == urls[name],
            "badge": unread if name == "inbox:inbox" else 0,
        }
        for name, label, roles in NAV
        if roles is None or user.has_role(*roles)
    ]
    warn = missing_years() if user.has_role(*CALENDAR_ROLES) else []
    return {"nav_items": items, "calendar_missing_years": warn, "unread_count": unread}
