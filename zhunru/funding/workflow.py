"""The state machine of a disbursement line (one community's part of a payment): one table, read by the
services and the UI.

pending → confirmed | disputed (the community); disputed → confirmed (the community, once the money
arrived) | cancelled (the department withdraws a wrong record); pending → cancelled (the department).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhunru.access.workflow import Transition, allowed
from zhunru.accounts.roles import Role
from zhunru.funding.models import LineStatus as L

DEPARTMENT = (Role.DEPT_CLERK, Role.DEPT_HEAD)
COMMUNITY = (Role.COMMUNITY_WORKER,)
OFFICE = (Role.APPROVAL_CLERK, Role.APPROVAL_HEAD)
DISTRICT = (Role.APPROVAL_CLERK, Role.APPROVAL_HEAD, Role.SUPERVISOR)
FUNDING_ROLES = (*DEPARTMENT, *COMMUNITY, Role.STREET_OFFICER, *DISTRICT)
COUNTED = frozenset({L.PENDING, L.CONFIRMED, L.DISPUTED})  # every line not cancelled

LINE_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "confirm", frozenset({L.PENDING, L.DISPUTED}), frozenset({L.CONFIRMED}), COMMUNITY, _("确认到账")
        ),
        Transition("dispute", frozenset({L.PENDING}), frozenset({L.DISPUTED}), COMMUNITY, _("提出异议")),
        Transition(
            "cancel", frozenset({L.PENDING, L.DISPUTED}), frozenset({L.CANCELLED}), DEPARTMENT, _("撤销")
        ),
    ]
}

__all__ = ["COUNTED", "DEPARTMENT", "DISTRICT", "FUNDING_ROLES", "LINE_TRANSITIONS", "OFFICE", "allowed"]
