"""An admitted matter whose payment is overdue by more than the configured working days is marked
unfunded and put forward for an exit review, exactly once: by the worker cycle or the command."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from zhunru.access.exits import exit_request_create
from zhunru.access.models import ExitRequest
from zhunru.catalog.models import Matter
from zhunru.core.models import AuditEvent
from zhunru.core.workdays import add_working_days
from zhunru.funding import services
from zhunru.funding.models import UnfundedMatter
from zhunru.funding.tests.conftest import pay
from zhunru.inbox import jobs
from zhunru.inbox.models import Notification

pytestmark = pytest.mark.django_db

DONGHU, HUAYUAN = "990101001001", "990101001002"


def past_limit(decision, days: int = 30) -> dt.date:
    return add_working_days(decision.application.start_date, days) + dt.timedelta(days=1)


def test_an_overdue_matter_gets_one_exit_request(decision, applicant, approval_clerk, today):
    pay(applicant, decision, [DONGHU], "3000", "V-1")  # 花园路 never paid
    today(add_working_days(decision.application.start_date, 30))
    assert services.arrears_check()["unfunded"] == 0  # 30 working days late: not yet
    today(past_limit(decision))
    result = services.arrears_check()
    assert result["unfunded"] == 1 and result["exit_requests"] == 1
    flag = UnfundedMatter.objects.get(matter=decision.matter)
    assert str(flag.overdue_amount) == "3000.00" and flag.communities == 1
    req = flag.exit_request
    assert req.matter == decision.matter and req.reasons == ["unpaid"] and req.status == "submitted"
    assert req.requested_by is None and req.requester_org == "系统"  # opened by the system, not a person
    assert AuditEvent.objects.get(event_type="exit_request.create").actor_id is None
    assert "逾期未拨付" in req.explanation and "3000.00 元" in req.explanation
    office_note = Notification.objects.filter(user=approval_clerk, title__contains="经费未到位").get()
    assert req.reference in office_note.title
    assert Notification.objects.filter(user=applicant, title__contains="经费未到位").exists()
    assert AuditEvent.objects.get(event_type="funding.unfunded").actor_id is None  # the system

    # again: nothing new, by the job, the worker cycle or the command
    assert services.arrears_check()["unfunded"] == 0
    assert jobs.run_cycle()["funding"]["unfunded"] == 0
    out = StringIO()
    call_command("funding", "check-arrears", stdout=out)
    assert "认定经费未到位 0 项" in out.getvalue()
    assert ExitRequest.objects.filter(matter=decision.matter).count() == 1
    assert UnfundedMatter.objects.count() == 1


def test_fully_paid_or_disputed(decision, applicant, huayuan_worker, today):
    """Paid in full: nothing. A disputed payment does not count as paid."""
    d = pay(applicant, decision, [DONGHU, HUAYUAN], "3000", "V-1")
    today(past_limit(decision))
    assert services.arrears_check()["unfunded"] == 0
    services.disbursement_line_dispute(
        actor=huayuan_worker, line=d.lines.get(community__code=HUAYUAN), note="未到账"
    )
    assert services.arrears_check()["unfunded"] == 1


def test_the_limit_is_a_setting(decision, approval_clerk, today):
    services.funding_settings_update(actor=approval_clerk, overdue_working_days=5)
    today(past_limit(decision, 5))
    assert services.arrears_check()["unfunded"] == 1


def test_an_open_exit_request_is_linked_not_duplicated(decision, community_worker, today):
    existing = exit_request_create(
        actor=community_worker, matter=decision.matter, reasons=["residents"], explanation="居民不认可"
    )
    today(past_limit(decision))
    call_command("funding", "check-arrears", stdout=StringIO())
    assert UnfundedMatter.objects.get().exit_request == existing
    assert ExitRequest.objects.filter(matter=decision.matter).count() == 1


def test_an_exited_matter_is_not_checked(decision, today):
    Matter.objects.filter(pk=decision.matter_id).update(status=Matter.Status.EXITED)
    today(past_limit(decision))
    assert services.arrears_check()["unfunded"] == 0


def test_the_command_checks_a_given_date(decision):
    out = StringIO()
    call_command("funding", "check-arrears", "--date", past_limit(decision).isoformat(), stdout=out)
    assert "认定经费未到位 1 项" in out.getvalue()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("funding", "check-arrears", "--date", "2026-02-30")


def test_the_job_never_raises(monkeypatch):
    from zhunru.funding import jobs as funding_jobs

    def boom(**kw):
        raise RuntimeError("database gone")

    monkeypatch.setattr(funding_jobs, "arrears_check", boom)
    assert funding_jobs.run_funding_jobs() == {"error": True}
