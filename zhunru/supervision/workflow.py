"""The state machine of a supervision case: one table, read by the services and the UI.

Case: received → investigating → concluded. Reports join a case while it is not concluded.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhunru.access.workflow import Transition, allowed
from zhunru.accounts.roles import Role
from zhunru.supervision.models import CaseStatus as S

SUPERVISION = (Role.SUPERVISOR,)
OPEN = frozenset({S.RECEIVED, S.INVESTIGATING})

CASE_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "start_investigation",
            frozenset({S.RECEIVED}),
            frozenset({S.INVESTIGATING}),
            SUPERVISION,
            _("启动调查"),
        ),
        Transition(
            "conclude", frozenset({S.INVESTIGATING}), frozenset({S.CONCLUDED}), SUPERVISION, _("办结")
        ),
    ]
}

__all__ = ["CASE_TRANSITIONS", "OPEN", "SUPERVISION", "allowed"]
