"""The state machines, driven through their services by random sequences of transitions.

For every step: a transition the table (access/workflow.py, supervision/workflow.py) does not allow from
the current state raises InvalidTransition and changes nothing — not the row, not the history, not the
audit chain. An allowed one moves to one of the transition's targets and writes exactly one
status-history row and exactly one audit event for the transition (plus, for a decision, the events
its side effects are documented to write).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import translation
from hypothesis import example, given
from hypothesis import strategies as st

import zhunru.core.clock
from zhunru.access import decisions, services, workflow
from zhunru.access.models import AccessApplication, Opinion, StatusChange
from zhunru.access.models import Status as S
from zhunru.core.errors import InvalidTransition
from zhunru.core.models import AuditEvent
from zhunru.gateway.models import TaskNotice
from zhunru.supervision import services as supervision_services
from zhunru.supervision import workflow as case_workflow
from zhunru.supervision.models import CaseStatusChange, SupervisionCase

pytestmark = pytest.mark.django_db

START = dt.date(2026, 3, 2)
APPLICATION = {
    "matter_name": "老年人健康档案入户核查",
    "kind": "task",
    "field": "卫生健康",
    "community_tasks": "每季度协助核查辖区 65 岁以上老年人健康档案信息。",
    "basis": "《国家基本公共卫生服务规范》",
    "scope_kind": "all",
    "start_date": "2027-06-01",
    "frequency": "quarterly",
    "community_role": "assist",
    "workload_hours": "4",
    "money_per_community_year": "2400",
    "money_source": "区财政",
    "no_assessment_declared": True,
    "contact_name": "王经办",
    "contact_phone": "0999-1234567",
}


@pytest.fixture
def clock(monkeypatch) -> dict[str, dt.date]:
    state = {"today": START}
    monkeypatch.setattr(zhunru.core.clock, "today", lambda: state["today"])
    return state


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def _step(
    *,
    name: str,
    table: dict[str, workflow.Transition],
    current: Callable[[], Any],
    call: Callable[[], Any],
    legal: bool,
    history: Callable[[], Any],
    event_prefix: str,
    side_events: frozenset[str] = frozenset(),
) -> None:
    obj = current()
    before_status = obj.status
    before_row = model_to_dict(obj)
    before_history = list(history())
    before_events = AuditEvent.objects.order_by("seq").last()
    last_seq = before_events.seq if before_events else 0
    if not legal:
        with pytest.raises(InvalidTransition) as exc:
            call()
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc.value.message))
        assert model_to_dict(current()) == before_row, f"{name} from {before_status} changed the row"
        assert list(history()) == before_history
        assert not AuditEvent.objects.filter(seq__gt=last_seq).exists()
        return
    call()
    after = current()
    assert after.status in table[name].targets, f"{name}: {before_status} → {after.status}"
    new_history = [h for h in history() if h not in before_history]
    assert len(new_history) == 1
    assert (new_history[0].transition, new_history[0].from_status, new_history[0].to_status) == (
        name,
        before_status,
        after.status,
    )
    events = list(AuditEvent.objects.filter(seq__gt=last_seq).values_list("event_type", flat=True))
    assert events.count(f"{event_prefix}.{name}") == 1, events
    others = [e for e in events if e != f"{event_prefix}.{name}"]
    assert set(others) <= side_events and len(others) == len(set(others)), events


# ---------------------------------------------------------------- access applications

APP_STEPS = [
    "sign",
    "submit",
    "withdraw",
    "return",
    "resubmit",
    "accept",
    "start_review",
    "schedule_hearing",
    "record_hearing",
    "decide",
]


def _choose(
    table: dict[str, workflow.Transition], names: list[str], status: str, pick: tuple[int, int] | str
) -> str:
    """Mostly (8 in 10) a transition the table allows from `status`, so sequences go deep; else any.
    A name is taken as it is (the explicit examples)."""
    if isinstance(pick, str):
        return pick
    bias, index = pick
    allowed = [n for n in names if status in table[n].sources]
    pool = allowed if allowed and bias < 8 else names
    return pool[index % len(pool)]


picks = st.tuples(st.integers(0, 9), st.integers(0, 99))


DEEP = ["sign", "submit", "return", "resubmit", "accept", "start_review", "schedule_hearing"]


@given(steps=st.lists(picks, min_size=1, max_size=16))
@example(steps=[*DEEP, "decide", "record_hearing", "decide", "withdraw", "return"])
@example(steps=["sign", "submit", "accept", "return", "start_review", "withdraw", "resubmit", "decide"])
@example(
    steps=["sign", "submit", "accept", "start_review", "return", "withdraw", "resubmit", "schedule_hearing"]
)
@example(steps=["sign", "sign", "submit", "return", "withdraw", "resubmit", "withdraw"])
def test_random_application_transitions(steps, clock, applicant, dept_head, approval_clerk, approver):
    clock["today"] = START
    with transaction.atomic():
        app = services.application_create(actor=applicant, data=APPLICATION)

        def current() -> AccessApplication:
            return AccessApplication.objects.get(pk=app.pk)

        calls: dict[str, Callable[[], Any]] = {
            "sign": lambda: services.application_sign(actor=dept_head, application=app),
            "submit": lambda: services.application_submit(actor=applicant, application=app),
            "withdraw": lambda: services.application_withdraw(
                actor=applicant, application=app, reason="撤回"
            ),
            "return": lambda: services.application_return(
                actor=approval_clerk, application=app, reason="请补充依据"
            ),
            "resubmit": lambda: services.application_resubmit(actor=applicant, application=app),
            "accept": lambda: services.application_accept(actor=approval_clerk, application=app),
            "start_review": lambda: services.application_start_review(actor=approval_clerk, application=app),
            "schedule_hearing": lambda: services.application_schedule_hearing(
                actor=approval_clerk,
                application=app,
                scheduled_on=clock["today"] + dt.timedelta(days=12),
                place="区政务服务中心",
                participants="申请单位、社区代表",
                agenda="听取意见",
            ),
            "record_hearing": lambda: services.application_record_hearing(
                actor=approval_clerk,
                application=app,
                held_on=clock["today"],
                minutes="记录",
                outcome="多数不同意",
            ),
            "decide": lambda: decisions.application_decide(
                actor=approval_clerk, application=app, outcome=S.REJECTED, reasons="不符合准入条件"
            ),
        }
        for pick in steps:
            status = current().status
            name = _choose(workflow.APPLICATION_TRANSITIONS, APP_STEPS, status, pick)
            legal = status in workflow.APPLICATION_TRANSITIONS[name].sources
            if name == "withdraw" and status == S.RETURNED and current().returned_from == S.UNDER_REVIEW:
                legal = False  # accepted applications are corrected, not withdrawn
            if name == "record_hearing" and legal:
                clock["today"] = current().hearings.order_by("-pk").first().scheduled_on
            if name == "decide" and status in workflow.OPINION_STATES and not app.opinions.exists():
                services.opinion_give(
                    actor=approver, application=app, stance=Opinion.Stance.DISAGREE, reasons="加重社区负担"
                )
            _step(
                name=name,
                table=workflow.APPLICATION_TRANSITIONS,
                current=current,
                call=calls[name],
                legal=legal,
                history=lambda: StatusChange.objects.filter(application=app).order_by("pk"),
                event_prefix="application",
                side_events=frozenset({"decision.issue"}) if name == "decide" else frozenset(),
            )
        transaction.set_rollback(True)


# ---------------------------------------------------------------- supervision cases

CASE_STEPS = ["start_investigation", "conclude"]


@given(steps=st.lists(picks, min_size=1, max_size=6))
@example(steps=["conclude", "start_investigation", "start_investigation", "conclude", "conclude"])
def test_random_case_transitions(steps, clock, community_worker, supervisor, district):
    clock["today"] = START
    with transaction.atomic():
        notice = TaskNotice.objects.create(
            community=district["donghu_community"],
            department=district["weijian"],
            department_text="区卫健委",
            received_on=START,
            text="请各社区于本周五前上报辖区内老年人体检台账，逐户入户核实。",
            verdict="unapproved",
            reason="未在社区工作事项清单中找到对应事项，也没有准入决定。",
        )
        case = supervision_services.violation_report_file(actor=community_worker, notice=notice).case

        def current() -> SupervisionCase:
            return SupervisionCase.objects.get(pk=case.pk)

        calls = {
            "start_investigation": lambda: supervision_services.case_start_investigation(
                actor=supervisor, case=case
            ),
            "conclude": lambda: supervision_services.case_conclude(
                actor=supervisor, case=case, substantiated=False, measures=[], conclusion="经核查不属实。"
            ),
        }
        for pick in steps:
            name = _choose(case_workflow.CASE_TRANSITIONS, CASE_STEPS, current().status, pick)
            _step(
                name=name,
                table=case_workflow.CASE_TRANSITIONS,
                current=current,
                call=calls[name],
                legal=current().status in case_workflow.CASE_TRANSITIONS[name].sources,
                history=lambda: CaseStatusChange.objects.filter(case=case).order_by("pk"),
                event_prefix="supervision_case",
                side_events=frozenset({"supervision_case.feedback"}) if name == "conclude" else frozenset(),
            )
        transaction.set_rollback(True)
