"""Decided applications and exits for tests, made through the services (the real procedure).

    decision = approved_application(district)                 # 准入决定书; decision.matter is published
    decision = decided_application(district, outcome="rejected", reasons="…")
    exit_decision = exited_matter(district, decision.matter)  # 退出决定书; the matter leaves the catalog

The factory uses its own personas (usernames prefixed ``factory_``), created once per test database,
and two approvers of its own: tests that add more approvers must keep the quorum in mind (a majority
of all approvers votes).
"""

from __future__ import annotations

from typing import Any

from zhunru.access import decisions, exits
from zhunru.access import services as svc
from zhunru.access.models import Decision
from zhunru.accounts.models import User
from zhunru.accounts.roles import Role
from zhunru.catalog.models import Matter
from zhunru.conftest import make_user
from zhunru.core import clock
from zhunru.core.workdays import add_working_days

APPLICATION = {
    "matter_name": "老年人防诈骗宣传",
    "kind": "task",
    "community_tasks": "每季度组织一次宣传",
    "basis": "《反电信网络诈骗法》",
    "contact_name": "王",
    "contact_phone": "123",
    "workload_hours": "2",
    "money_per_community_year": "3000",
    "money_source": "区级财政",
    "no_assessment_declared": True,
}
STANCE = {
    "approved": "agree",
    "approved_with_conditions": "agree_with_conditions",
    "rejected": "disagree",
    "exited": "agree",
    "exit_rejected": "disagree",
}


def persona(username: str, role: str, **org: Any) -> User:
    """The user with that name, created with the role on first use."""
    return User.objects.filter(username=username).first() or make_user(username, role=role, **org)


def _approvers(district: dict[str, Any]) -> list[User]:
    return [
        persona("factory_approver1", Role.APPROVER, department=district["minzheng"], full_name="吴委员"),
        persona("factory_approver2", Role.APPROVER, department=district["donghu"], full_name="孙委员"),
    ]


def _office(district: dict[str, Any]) -> User:
    return persona("factory_office", Role.APPROVAL_CLERK, department=district["office"])


def decided_application(
    district: dict[str, Any],
    *,
    outcome: str = "approved",
    reasons: str = "",
    conditions: str = "",
    unfunded_justification: str = "",
    **data: Any,
) -> Decision:
    """An application of 区卫生健康委员会 taken through the procedure and decided with `outcome`.
    `data` overrides the application form (APPLICATION); the start date is far enough ahead."""
    clerk = persona("factory_clerk", Role.DEPT_CLERK, department=district["weijian"], full_name="王经办")
    head = persona("factory_head", Role.DEPT_HEAD, department=district["weijian"])
    office = _office(district)
    start = add_working_days(clock.today(), svc.procedure_settings().submit_lead_days + 5)
    app = svc.application_create(actor=clerk, data={**APPLICATION, "start_date": start.isoformat(), **data})
    svc.application_sign(actor=head, application=app)
    svc.application_submit(actor=clerk, application=app)
    svc.application_accept(actor=office, application=app)
    svc.application_start_review(actor=office, application=app)
    for member in _approvers(district):
        svc.opinion_give(
            actor=member, application=app, stance=STANCE[outcome], reasons="同意", conditions=conditions
        )
    return decisions.application_decide(
        actor=office,
        application=app,
        outcome=outcome,
        reasons=reasons,
        conditions=conditions,
        unfunded_justification=unfunded_justification,
    )


def approved_application(district: dict[str, Any], **kw: Any) -> Decision:
    """An approved application: its 准入决定书 (decision.application, decision.matter)."""
    return decided_application(district, outcome="approved", **kw)


def exited_matter(
    district: dict[str, Any],
    matter: Matter,
    *,
    outcome: str = "exited",
    reasons: str = "居民普遍不认可，联席会议决定退出",
) -> Decision:
    """A 东湖 community worker asks that `matter` (an admitted matter) exit; decided with `outcome`."""
    worker = persona("factory_worker", Role.COMMUNITY_WORKER, community=district["donghu_community"])
    office = _office(district)
    req = exits.exit_request_create(
        actor=worker, matter=matter, reasons=["residents"], explanation="居民不认可", resident_signatures=120
    )
    exits.exit_request_accept(actor=office, exit_request=req)
    for member in _approvers(district):
        svc.opinion_give(actor=member, exit_request=req, stance=STANCE[outcome], reasons="理由")
    return decisions.exit_decide(actor=office, exit_request=req, outcome=outcome, reasons=reasons)
