"""The worker reminds supervision before a case's time limit and escalates (督办) once it has passed,
each message once; it never moves a case. The worker cycle runs these jobs."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.accounts.roles import Role
from zhunru.conftest import make_user
from zhunru.core.models import AuditEvent
from zhunru.inbox import jobs as worker
from zhunru.inbox.models import Notification
from zhunru.supervision import jobs
from zhunru.supervision.models import CaseStatus
from zhunru.supervision.services import case_conclude, case_start_investigation, violation_report_file

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def titles(user, prefix: str) -> list[str]:
    return list(
        Notification.objects.filter(user=user, title__startswith=prefix).values_list("title", flat=True)
    )


@pytest.fixture
def case(community_worker, make_notice, supervisor, today):
    return violation_report_file(actor=community_worker, notice=make_notice()).case  # start by 2026-03-09


def test_reminder_before_the_start_limit_once(case, supervisor, community_worker, applicant, today):
    other = make_user("supervisor2", role=Role.SUPERVISOR, department=supervisor.department)
    today(D("2026-03-04"))  # three working days left
    assert jobs.run_supervision_jobs()["reminders"] == 0
    today(D("2026-03-05"))  # two left
    assert jobs.run_supervision_jobs()["reminders"] == 1
    assert jobs.run_supervision_jobs()["reminders"] == 0
    today(D("2026-03-06"))
    assert jobs.run_supervision_jobs()["reminders"] == 0
    for user in (supervisor, other):
        [title] = titles(user, "提醒")
        assert case.number in title and "2026-03-09" in title and "2 个工作日" in title
    assert titles(community_worker, "提醒") == [] and titles(applicant, "提醒") == []
    [event] = AuditEvent.objects.filter(event_type="supervision.reminder")
    assert event.summary["stage"] == "start" and event.summary["recipients"] == 2


def test_escalation_after_the_limit_once(case, supervisor, today):
    today(D("2026-03-10"))
    assert jobs.run_supervision_jobs() == {"reminders": 0, "escalations": 1, "errors": 0}
    today(D("2026-03-11"))
    assert jobs.run_supervision_jobs()["escalations"] == 0
    [title] = titles(supervisor, "督办")
    assert case.number in title and "逾期 1 个工作日" in title
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED  # nothing happens to the case itself


def test_the_conclude_limit_after_the_start(case, supervisor, today):
    case_start_investigation(actor=supervisor, case=case)
    due = case.conclude_due
    today(D("2026-03-10"))  # the start limit passed, but the case has started: nothing
    assert jobs.run_supervision_jobs() == {"reminders": 0, "escalations": 0, "errors": 0}
    today(due)
    assert jobs.run_supervision_jobs()["reminders"] == 1
    assert "今天" in titles(supervisor, "提醒")[0]
    today(due + dt.timedelta(days=7))
    assert jobs.run_supervision_jobs()["escalations"] == 1
    assert "办结期限" in titles(supervisor, "督办")[0]


def test_concluded_cases_are_left_alone(case, supervisor, today):
    case_start_investigation(actor=supervisor, case=case)
    case_conclude(actor=supervisor, case=case, substantiated=False, measures=[], conclusion="不属实。")
    today(D("2026-12-31"))
    assert jobs.run_supervision_jobs() == {"reminders": 0, "escalations": 0, "errors": 0}


def test_the_worker_cycle_runs_supervision_jobs(case, supervisor, today):
    today(D("2026-03-10"))
    report = worker.run_cycle()
    assert report["supervision"] == {"reminders": 0, "escalations": 1, "errors": 0}


def test_a_failure_is_reported_not_raised(monkeypatch, case, today):
    def broken(today=None):
        raise RuntimeError("database gone")

    monkeypatch.setattr(jobs, "case_deadlines", broken)
    assert jobs.run_supervision_jobs() == {"error": True}
