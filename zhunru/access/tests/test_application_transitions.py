"""The happy path of an access application, transition by transition: each step moves the status,
bumps the version, writes one status-history row and one audit event `application.<transition>`."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

import pytest

from zhunru.access import decisions
from zhunru.access import services as svc
from zhunru.access.models import AccessApplication, Decision, StatusChange
from zhunru.access.models import Status as S
from zhunru.access.tests.states import (
    FORM,
    TODAY,
    build,
    fresh,
    give_opinions,
    hold_hearing,
    schedule_hearing,
)
from zhunru.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@contextmanager
def one_step(transition: str, actor: Any, from_status: str, to_status: str) -> Any:
    """Asserts the block writes exactly one StatusChange (this transition) and one AuditEvent
    `application.<transition>`, and yields a list that receives the application's primary key."""
    last_change = StatusChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    events = AuditEvent.objects.filter(event_type=f"application.{transition}")
    before = events.count()
    out: list[int] = []
    yield out
    changes = list(StatusChange.objects.filter(pk__gt=last_change))
    assert len(changes) == 1
    change = changes[0]
    assert change.application_id == out[0]
    assert (change.transition, change.from_status, change.to_status) == (transition, from_status, to_status)
    assert change.actor_id == actor.pk
    assert events.count() == before + 1
    event = events.order_by("-seq").first()
    assert event.object_type == "access.accessapplication"
    assert event.object_id == str(out[0])
    assert event.actor_id == actor.pk
    assert fresh(AccessApplication(pk=out[0])).status == to_status


def test_the_whole_procedure_step_by_step(people):
    clerk, head, office = people.clerk, people.head, people.office

    with one_step("create", clerk, "", S.DRAFT) as pk:
        app = svc.application_create(actor=clerk, data=FORM)
        pk.append(app.pk)
    assert app.status == S.DRAFT and app.version == 1
    assert app.reference == "SQ2026-0001"
    assert app.department == clerk.department and app.created_by == clerk

    steps: list[tuple[str, Any, str, str, Callable[[], Any]]] = [
        ("sign", head, S.DRAFT, S.SIGNED, lambda: svc.application_sign(actor=head, application=app)),
        (
            "submit",
            clerk,
            S.SIGNED,
            S.SUBMITTED,
            lambda: svc.application_submit(actor=clerk, application=app),
        ),
        (
            "return",
            office,
            S.SUBMITTED,
            S.RETURNED,
            lambda: svc.application_return(actor=office, application=app, reason="请补充依据条款"),
        ),
        (
            "resubmit",
            clerk,
            S.RETURNED,
            S.RESUBMITTED,
            lambda: svc.application_resubmit(actor=clerk, application=app, note="已补充"),
        ),
        (
            "accept",
            office,
            S.RESUBMITTED,
            S.ACCEPTED,
            lambda: svc.application_accept(actor=office, application=app),
        ),
        (
            "start_review",
            office,
            S.ACCEPTED,
            S.UNDER_REVIEW,
            lambda: svc.application_start_review(actor=office, application=app),
        ),
        (
            "schedule_hearing",
            office,
            S.UNDER_REVIEW,
            S.HEARING_SCHEDULED,
            lambda: schedule_hearing(people, app),
        ),
        ("record_hearing", office, S.HEARING_SCHEDULED, S.HEARING_HELD, lambda: hold_hearing(people, app)),
    ]
    version = 1
    for transition, actor, source, target, call in steps:
        with one_step(transition, actor, source, target) as pk:
            call()
            pk.append(app.pk)
        version += 1
        assert fresh(app).version == version, transition

    app = fresh(app)
    assert app.signed_by == head
    assert app.submitted_on == TODAY and app.accepted_on == TODAY
    assert app.return_reason == "请补充依据条款"
    assert app.hearings.get().held_on is not None

    give_opinions(people, app, "agree")
    with one_step("decide", office, S.HEARING_HELD, S.APPROVED) as pk:
        decision = decisions.application_decide(actor=office, application=app, outcome=S.APPROVED)
        pk.append(app.pk)
    app = fresh(app)
    assert app.version == version + 1
    assert app.admitted_matter == decision.matter
    assert decision.content["hearing"]["outcome"] == "同意准入"
    assert AuditEvent.objects.filter(event_type="decision.issue", object_id=str(decision.pk)).count() == 1
    # the whole history, in order
    assert list(app.history.values_list("transition", flat=True)) == [
        "create",
        "sign",
        "submit",
        "return",
        "resubmit",
        "accept",
        "start_review",
        "schedule_hearing",
        "record_hearing",
        "decide",
    ]


@pytest.mark.parametrize("outcome", [S.APPROVED, S.APPROVED_WITH_CONDITIONS, S.REJECTED])
def test_decide_straight_from_review_without_a_hearing(people, outcome):
    app = build(people, outcome)
    assert app.status == outcome
    change = app.history.get(transition="decide")
    assert (change.from_status, change.to_status) == (S.UNDER_REVIEW, outcome)
    assert AuditEvent.objects.filter(event_type="application.decide", object_id=str(app.pk)).count() == 1
    decision = Decision.objects.get(application=app)
    assert decision.outcome == outcome
    assert (decision.matter is None) == (outcome == S.REJECTED)


@pytest.mark.parametrize("source", [S.SUBMITTED, S.RESUBMITTED, S.UNDER_REVIEW])
def test_return_from_each_allowed_state(people, source):
    app = build(people, source)
    with one_step("return", people.office, source, S.RETURNED) as pk:
        svc.application_return(actor=people.office, application=app, reason="材料不全")
        pk.append(app.pk)
    assert fresh(app).returned_from == (S.UNDER_REVIEW if source == S.UNDER_REVIEW else S.SUBMITTED)


def test_resubmission_after_a_return_during_review_resumes_the_review(people):
    app = build(people, S.UNDER_REVIEW)
    svc.application_return(actor=people.office, application=app, reason="材料不全")
    with one_step("resubmit", people.clerk, S.RETURNED, S.UNDER_REVIEW) as pk:
        svc.application_resubmit(actor=people.clerk, application=app)
        pk.append(app.pk)


@pytest.mark.parametrize("source", [S.DRAFT, S.SIGNED, S.SUBMITTED, S.RETURNED, S.RESUBMITTED])
def test_withdraw_before_acceptance(people, source):
    app = build(people, source)
    with one_step("withdraw", people.clerk, source, S.WITHDRAWN) as pk:
        svc.application_withdraw(actor=people.clerk, application=app, reason="政策调整，不再需要")
        pk.append(app.pk)
    app = fresh(app)
    assert app.history.get(transition="withdraw").note == "政策调整，不再需要"
    assert app.version == app.history.count()  # create is version 1, every later transition adds one


def test_the_department_head_may_withdraw_too(people):
    app = build(people, S.SIGNED)
    with one_step("withdraw", people.head, S.SIGNED, S.WITHDRAWN) as pk:
        svc.application_withdraw(actor=people.head, application=app)
        pk.append(app.pk)
