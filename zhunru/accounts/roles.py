"""The roles a user may hold, which organizations may hold them, and the 三权分立 rule."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DEPT_CLERK = "dept_clerk", _("部门经办人")
    DEPT_HEAD = "dept_head", _("部门负责人")
    STREET_OFFICER = "street_officer", _("街道工作人员")
    COMMUNITY_WORKER = "community_worker", _("社区工作者")
    APPROVAL_CLERK = "approval_clerk", _("准入办经办人")
    APPROVAL_HEAD = "approval_head", _("准入办负责人")
    APPROVER = "approver", _("联席会议成员")
    SUPERVISOR = "supervisor", _("纪检监察人员")
    SYSADMIN = "sysadmin", _("系统管理员")
    SECADMIN = "secadmin", _("安全管理员")
    AUDITADMIN = "auditadmin", _("审计管理员")


ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN})

# Which kind of organization may hold each role: a Department.Kind value, or "community".
# None: any department (a joint-meeting member may come from any department; admins sit anywhere).
ROLE_ORGANIZATION: dict[str, frozenset[str] | None] = {
    Role.DEPT_CLERK: frozenset({"department", "street"}),
    Role.DEPT_HEAD: frozenset({"department", "street"}),
    Role.STREET_OFFICER: frozenset({"street"}),
    Role.COMMUNITY_WORKER: frozenset({"community"}),
    Role.APPROVAL_CLERK: frozenset({"approval"}),
    Role.APPROVAL_HEAD: frozenset({"approval"}),
    Role.APPROVER: None,
    Role.SUPERVISOR: frozenset({"supervision"}),
    Role.SYSADMIN: None,
    Role.SECADMIN: None,
    Role.AUDITADMIN: None,
}
