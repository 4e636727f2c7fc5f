"""A failure after any step of a multi-step service — the state change, its status-history row, the audit
event, the notification and outbox rows, the number taken — leaves the database exactly as it was: never a
state change without its audit event, never an audit event without its change.

Each service is first run once (and rolled back) to count its steps; then once per step with an error
raised right after that step; finally once without a failure, to see the change and its audit event land
together. Steps are counted two ways: the named steps (monkeypatched functions) and every single SQL write
(INSERT, UPDATE, DELETE) the service sends to the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models.query import QuerySet

from zhunru.access import decisions, exits
from zhunru.access import services as svc
from zhunru.access.models import AccessApplication, Decision, StatusChange
from zhunru.access.models import Status as S
from zhunru.access.tests.states import FORM, build, ready_to_decide
from zhunru.catalog import services as catalog_services
from zhunru.core import audit
from zhunru.core.models import AuditEvent
from zhunru.demo import loader
from zhunru.gateway import services as gateway
from zhunru.gateway.models import TaskNotice
from zhunru.supervision import services as supervision
from zhunru.supervision.models import CaseStatus, CaseStatusChange, SupervisionCase, ViolationReport

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
ENFORCEMENT = "区城管局通知：请社区派人上街查处占道经营，拆除违法建设。"


class Injected(RuntimeError):
    """The failure injected after a step."""


class Faults:
    """Counts steps; raises Injected right after step number `fail_at`."""

    def __init__(self) -> None:
        self.fail_at: int | None = None
        self.steps: list[str] = []

    def reset(self, fail_at: int | None) -> None:
        self.fail_at, self.steps = fail_at, []

    def step(self, name: str) -> None:
        self.steps.append(name)
        if len(self.steps) == self.fail_at:
            raise Injected(f"after step {self.fail_at}: {name}")


def _after(faults: Faults, real: Callable[..., Any], name: str) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        faults.step(name)
        return result

    return wrapper


def named_steps(monkeypatch: pytest.MonkeyPatch, faults: Faults) -> Callable[[], Any]:
    """The steps by name: conditional status updates, status-history rows, audit events, notifications
    (in-app + outbox), numbers, decisions, catalog admissions, reports."""
    targets: list[tuple[Any, str, str]] = [
        (QuerySet, "update", "conditional update"),
        (audit, "record", "audit.record"),
        (StatusChange.objects, "create", "StatusChange"),
        (CaseStatusChange.objects, "create", "CaseStatusChange"),
        (Decision.objects, "create", "Decision"),
        (decisions, "matter_admit", "matter_admit"),
        (supervision, "violation_report_file", "violation_report_file"),
        (gateway, "notice_refuse", "notice_refuse"),
    ]
    for module in (svc, decisions, exits, gateway, supervision):
        targets.append((module, "notify", f"{module.__name__}.notify"))
    for module in (svc, decisions, gateway, supervision, catalog_services):
        targets.append((module, "next_number", f"{module.__name__}.next_number"))
    for owner, attr, name in targets:
        if hasattr(owner, attr):
            monkeypatch.setattr(owner, attr, _after(faults, getattr(owner, attr), name))
    return lambda: None


def sql_steps(monkeypatch: pytest.MonkeyPatch, faults: Faults) -> Callable[[], Any]:
    """Every write statement is a step."""

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        if WRITE.match(sql):
            faults.step(sql.split("(")[0][:60])
        return result

    manager = connection.execute_wrapper(wrapper)
    manager.__enter__()
    return lambda: manager.__exit__(None, None, None)


def snapshot() -> dict[str, list[str]]:
    """Every row of every table."""
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            out[table] = sorted(repr(row) for row in cursor.fetchall())
    return out


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back() -> Iterator[None]:
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


@dataclass
class Scenario:
    act: Callable[[], Any]  # the service call under test
    landed: Callable[[dict[str, int]], None]  # checks, after a clean run, what changed (by table)


def counts_delta(before: dict[str, list[str]], after: dict[str, list[str]]) -> dict[str, int]:
    return {t: len(after[t]) - len(before.get(t, [])) for t in after if after[t] != before.get(t, [])}


# ---------------------------------------------------------------- the services


def _application_create(request: pytest.FixtureRequest) -> Scenario:
    people = request.getfixturevalue("people")

    def landed(delta: dict[str, int]) -> None:
        app = AccessApplication.objects.latest("pk")
        assert app.status == S.DRAFT
        assert StatusChange.objects.filter(application=app, transition="create").count() == 1
        assert AuditEvent.objects.filter(event_type="application.create", object_id=str(app.pk)).count() == 1
        assert delta["access_accessapplication"] == 1

    return Scenario(lambda: svc.application_create(actor=people.clerk, data=dict(FORM)), landed)


def _application_transition(name: str, status: str, to: str, notifies: bool) -> Callable[..., Scenario]:
    def make(request: pytest.FixtureRequest) -> Scenario:
        people = request.getfixturevalue("people")
        app = build(people, status)
        actor = {"sign": people.head, "submit": people.clerk, "accept": people.office}[name]
        service = getattr(svc, f"application_{name}")

        def landed(delta: dict[str, int]) -> None:
            assert AccessApplication.objects.get(pk=app.pk).status == to
            assert StatusChange.objects.filter(application=app, transition=name).count() == 1
            events = AuditEvent.objects.filter(event_type=f"application.{name}", object_id=str(app.pk))
            assert events.count() == 1
            assert (delta.get("inbox_notification", 0) > 0) == notifies

        return Scenario(
            lambda: service(actor=actor, application=AccessApplication.objects.get(pk=app.pk)), landed
        )

    return make


def _application_decide(request: pytest.FixtureRequest) -> Scenario:
    people = request.getfixturevalue("people")
    app = ready_to_decide(people)

    def landed(delta: dict[str, int]) -> None:
        decision = Decision.objects.get(application=app)
        assert AccessApplication.objects.get(pk=app.pk).status == S.APPROVED
        assert decision.matter is not None and decision.seq == 1
        assert AuditEvent.objects.filter(event_type="decision.issue", object_id=str(decision.pk)).count() == 1
        assert AuditEvent.objects.filter(event_type="application.decide", object_id=str(app.pk)).count() == 1
        assert delta["inbox_notification"] > 0 and delta["inbox_outboxmessage"] > 0

    def act() -> Any:
        return decisions.application_decide(
            actor=people.office, application=AccessApplication.objects.get(pk=app.pk), outcome=S.APPROVED
        )

    return Scenario(act, landed)


def _notice_refuse_and_report(request: pytest.FixtureRequest) -> Scenario:
    request.getfixturevalue("district")
    loader.load_catalog()
    worker = request.getfixturevalue("community_worker")
    request.getfixturevalue("supervisor")
    notice = gateway.notice_register(actor=worker, text=ENFORCEMENT)
    assert not notice.allowed

    def landed(delta: dict[str, int]) -> None:
        row = TaskNotice.objects.get(pk=notice.pk)
        assert row.action == TaskNotice.Action.REFUSED and row.refusal["number"]
        assert row.reported_at is not None
        report = ViolationReport.objects.get(notice=row)
        assert row.report_reference == report.reference
        for event in ("gateway.notice.refuse", "gateway.notice.report"):
            assert AuditEvent.objects.filter(event_type=event, object_id=str(row.pk)).count() == 1
        assert AuditEvent.objects.filter(
            event_type="violation_report.file", object_id=str(report.pk)
        ).exists()
        assert delta["supervision_supervisioncase"] == 1

    def act() -> Any:
        return gateway.notice_refuse_and_report(actor=worker, notice=TaskNotice.objects.get(pk=notice.pk))

    return Scenario(act, landed)


def _case(request: pytest.FixtureRequest) -> tuple[SupervisionCase, Any]:
    request.getfixturevalue("district")
    loader.load_catalog()
    worker = request.getfixturevalue("community_worker")
    supervisor = request.getfixturevalue("supervisor")
    notice = gateway.notice_register(actor=worker, text=ENFORCEMENT)
    return supervision.violation_report_file(actor=worker, notice=notice).case, supervisor


def _case_start_investigation(request: pytest.FixtureRequest) -> Scenario:
    case, supervisor = _case(request)

    def landed(delta: dict[str, int]) -> None:
        assert SupervisionCase.objects.get(pk=case.pk).status == CaseStatus.INVESTIGATING
        assert CaseStatusChange.objects.filter(case=case, transition="start_investigation").count() == 1
        event = "supervision_case.start_investigation"
        assert AuditEvent.objects.filter(event_type=event, object_id=str(case.pk)).count() == 1

    def act() -> Any:
        return supervision.case_start_investigation(
            actor=supervisor, case=SupervisionCase.objects.get(pk=case.pk)
        )

    return Scenario(act, landed)


def _case_conclude(request: pytest.FixtureRequest) -> Scenario:
    case, supervisor = _case(request)
    supervision.case_start_investigation(actor=supervisor, case=case)

    def landed(delta: dict[str, int]) -> None:
        assert SupervisionCase.objects.get(pk=case.pk).status == CaseStatus.CONCLUDED
        assert CaseStatusChange.objects.filter(case=case, transition="conclude").count() == 1
        for event in ("supervision_case.conclude", "supervision_case.feedback"):
            assert AuditEvent.objects.filter(event_type=event, object_id=str(case.pk)).count() == 1
        assert delta["supervision_casefeedback"] == 1 and delta["inbox_notification"] > 0

    def act() -> Any:
        return supervision.case_conclude(
            actor=supervisor,
            case=SupervisionCase.objects.get(pk=case.pk),
            substantiated=True,
            measures=["rectify"],
            conclusion="经查属实，已责令整改。",
        )

    return Scenario(act, landed)


SCENARIOS: dict[str, Callable[[pytest.FixtureRequest], Scenario]] = {
    "application_create": _application_create,
    "application_sign": _application_transition("sign", S.DRAFT, S.SIGNED, notifies=True),
    "application_submit": _application_transition("submit", S.SIGNED, S.SUBMITTED, notifies=True),
    "application_accept": _application_transition("accept", S.SUBMITTED, S.ACCEPTED, notifies=True),
    "application_decide": _application_decide,
    "notice_refuse_and_report": _notice_refuse_and_report,
    "case_start_investigation": _case_start_investigation,
    "case_conclude": _case_conclude,
}


@pytest.mark.parametrize("steps", [named_steps, sql_steps], ids=["named_steps", "sql_writes"])
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_a_failure_after_any_step_leaves_no_trace(request, monkeypatch, name, steps):
    request.getfixturevalue("today")
    scenario = SCENARIOS[name](request)
    faults = Faults()
    stop = steps(monkeypatch, faults)
    try:
        with rolled_back():  # a clean run, undone, to count the steps
            scenario.act()
        counted = list(faults.steps)
        assert len(counted) >= 3, counted  # a change, its history or audit, … : several steps
        before = snapshot()
        for k in range(1, len(counted) + 1):
            faults.reset(fail_at=k)
            with pytest.raises(Injected):
                scenario.act()
            assert faults.steps == counted[:k]  # the service went exactly this far
            after = snapshot()
            assert after == before, f"after step {k} ({counted[k - 1]}): {counts_delta(before, after)}"
        faults.reset(fail_at=None)
        scenario.act()
        assert faults.steps == counted
    finally:
        stop()
    changed = counts_delta(before, snapshot())
    assert changed["core_auditevent"] > 0
    scenario.landed(changed)
    assert audit.verify().ok
