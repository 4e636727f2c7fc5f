"""Every transition of the application table, tried from every state it does not start from, is refused
with InvalidTransition (409) naming the current state, and leaves no trace: no status change, no audit
event, no hearing, no decision, the same status and version.

The applications are built once for the module (one per state, through the services) inside a
transaction that is rolled back at the end; each test runs in its own savepoint on top of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from zhunru.access import decisions
from zhunru.access import services as svc
from zhunru.access.models import AccessApplication, Decision, Hearing, Opinion, StatusChange
from zhunru.access.models import Status as S
from zhunru.access.tests.states import FAST_HASHERS, TODAY, UNREACHABLE, People, build, fresh
from zhunru.access.workflow import APPLICATION_TRANSITIONS
from zhunru.accounts.roles import Role
from zhunru.areas.models import Department
from zhunru.catalog.models import CatalogVersion, Matter
from zhunru.conftest import make_user
from zhunru.core import clock
from zhunru.core.errors import Conflict, InvalidTransition
from zhunru.core.models import AuditEvent
from zhunru.demo import loader

pytestmark = pytest.mark.django_db

CALLS: dict[str, Callable[[People, AccessApplication], Any]] = {
    "sign": lambda p, app: svc.application_sign(actor=p.head, application=app),
    "submit": lambda p, app: svc.application_submit(actor=p.clerk, application=app),
    "withdraw": lambda p, app: svc.application_withdraw(actor=p.clerk, application=app, reason="撤回"),
    "return": lambda p, app: svc.application_return(actor=p.office, application=app, reason="请补正"),
    "resubmit": lambda p, app: svc.application_resubmit(actor=p.clerk, application=app),
    "accept": lambda p, app: svc.application_accept(actor=p.office, application=app),
    "start_review": lambda p, app: svc.application_start_review(actor=p.office, application=app),
    "schedule_hearing": lambda p, app: svc.application_schedule_hearing(
        actor=p.office,
        application=app,
        scheduled_on=TODAY + dt.timedelta(days=30),
        place="会议室",
        participants="社区代表",
        agenda="议程",
    ),
    "record_hearing": lambda p, app: svc.application_record_hearing(
        actor=p.office, application=app, held_on=TODAY, minutes="记录", outcome="结论"
    ),
    "decide": lambda p, app: decisions.application_decide(
        actor=p.office, application=app, outcome=S.APPROVED, reasons="理由"
    ),
}

CASES = [
    pytest.param(name, status, id=f"{name}-from-{status}")
    for name, transition in APPLICATION_TRANSITIONS.items()
    for status in S.values
    if status not in transition.sources
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[tuple[People, dict[str, AccessApplication]]]:
    """One application per state, built through the services on 2026-03-02 and rolled back afterwards."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        pytest.MonkeyPatch.context() as mp,
    ):
        mp.setattr(clock, "today", lambda: TODAY)
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            loader.load_district()
            weijian = Department.objects.get(name="区卫生健康委员会")
            people = People(
                clerk=make_user("fb_clerk", role=Role.DEPT_CLERK, department=weijian),
                head=make_user("fb_head", role=Role.DEPT_HEAD, department=weijian),
                office=make_user(
                    "fb_office",
                    role=Role.APPROVAL_CLERK,
                    department=Department.objects.get(kind=Department.Kind.APPROVAL),
                ),
                approvers=[
                    make_user(
                        "fb_approver", role=Role.APPROVER, department=Department.objects.get(name="区民政局")
                    )
                ],
            )
            apps = {}
            for status in S.values:
                if status in UNREACHABLE:  # an application never gets there: set it for the guard's sake
                    app = build(people, S.UNDER_REVIEW)
                    AccessApplication.objects.filter(pk=app.pk).update(status=status)
                    app = fresh(app)
                else:
                    app = build(people, status)
                assert app.status == status
                apps[status] = app
            yield people, apps
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_every_transition_has_a_call_here():
    assert set(CALLS) == set(APPLICATION_TRANSITIONS)


def _footprint(app: AccessApplication) -> tuple[Any, ...]:
    app = fresh(app)
    return (
        app.status,
        app.version,
        app.decision_due,
        app.accept_due,
        StatusChange.objects.count(),
        AuditEvent.objects.count(),
        Hearing.objects.count(),
        Decision.objects.count(),
        Opinion.objects.count(),
        Matter.objects.count(),
        CatalogVersion.objects.count(),
    )


@pytest.mark.parametrize(("transition", "status"), CASES)
def test_forbidden_transition_is_refused_and_changes_nothing(world, transition, status):
    people, apps = world
    app = apps[status]
    before = _footprint(app)

    with pytest.raises(InvalidTransition) as caught:
        CALLS[transition](people, fresh(app))

    error = caught.value
    assert isinstance(error, Conflict)
    assert error.status == 409
    label = str(S(status).label)
    assert f"“{label}”" in str(error.message)
    assert str(APPLICATION_TRANSITIONS[transition].label) in str(error.message)
    assert _footprint(app) == before
