"""The state machine of a yearly evaluation round: one table, read by the services and the UI.

Round: open → closed → published; a closed round may be reopened for late answers. Communities answer
while it is open; departments may reply once it is closed; results are public once it is published.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhunru.access.workflow import Transition, allowed
from zhunru.accounts.roles import Role
from zhunru.evaluation.models import RoundStatus as S

OFFICE = (Role.APPROVAL_CLERK, Role.APPROVAL_HEAD)
HEAD = (Role.APPROVAL_HEAD,)
REPLYING = frozenset({S.CLOSED, S.PUBLISHED})  # a department may write its reply
MIN_ANSWERS = 5  # results of a department are published only from this many answers

ROUND_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("close", frozenset({S.OPEN}), frozenset({S.CLOSED}), OFFICE, _("截止答卷")),
        Transition("reopen", frozenset({S.CLOSED}), frozenset({S.OPEN}), OFFICE, _("重新开放答卷")),
        Transition("publish", frozenset({S.CLOSED}), frozenset({S.PUBLISHED}), HEAD, _("公布结果")),
    ]
}

__all__ = ["HEAD", "MIN_ANSWERS", "OFFICE", "REPLYING", "ROUND_TRANSITIONS", "allowed"]
