"""The worker's deadline jobs: a reminder `remind_days_before` working days before a time limit, an
escalation to the head of the approval office once it has passed, a renewal reminder
`expiry_remind_days` working days before an admitted matter ends. Each is sent exactly once, counted in
working days (the official 2026 schedule), and nothing is ever decided automatically."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.access import exits, jobs
from zhunru.access import services as svc
from zhunru.access.models import Reminder
from zhunru.access.models import Status as S
from zhunru.access.tests import factories
from zhunru.access.tests.states import build, fresh
from zhunru.accounts.models import User
from zhunru.accounts.roles import Role
from zhunru.conftest import make_user
from zhunru.core.models import AuditEvent
from zhunru.core.workdays import working_days_between
from zhunru.inbox.models import Notification

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat


def reminders(user, prefix: str = "提醒") -> list[Notification]:
    return list(Notification.objects.filter(user=user, title__startswith=prefix))


def events(event_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("seq"))


@pytest.fixture
def office_head(district):
    return make_user("officehead", role=Role.APPROVAL_HEAD, department=district["office"], email="head@x.cn")


def test_acceptance_reminder_two_working_days_before_and_only_once(people, today):
    app = build(people, S.SUBMITTED)  # submitted Monday 2026-03-02
    assert app.accept_due == D("2026-03-09")

    today(D("2026-03-04"))  # three working days left: not yet
    assert jobs.run_deadline_jobs()["reminders"] == 0
    assert reminders(people.office) == []

    today(D("2026-03-05"))  # Thu: 6 and 9 March are left
    assert jobs.run_deadline_jobs()["reminders"] == 1
    assert jobs.run_deadline_jobs()["reminders"] == 0  # the second run of the day
    today(D("2026-03-06"))
    assert jobs.run_deadline_jobs()["reminders"] == 0  # and the next day

    [note] = reminders(people.office)
    assert app.reference in note.title and "2026-03-09" in note.title and "2 个工作日" in note.title
    assert note.link == f"/access/applications/{app.pk}/"
    for other in [people.clerk, people.head, *people.approvers]:  # acceptance is the office's step
        assert reminders(other) == []
    assert Reminder.objects.filter(key=f"accept_due:application:{app.pk}:2026-03-09").count() == 1
    [event] = events("reminder.send")
    assert event.summary["reference"] == app.reference and event.summary["recipients"] == 1
    assert fresh(app).status == S.SUBMITTED  # nothing happens to the application itself


def test_decision_reminder_goes_to_the_office_and_members_without_an_opinion(people, today, district):
    conflicted = make_user("approver_wj", role=Role.APPROVER, department=district["weijian"])
    app = build(people, S.UNDER_REVIEW)  # accepted 2026-03-02: decide within 15 working days
    assert app.decision_due == D("2026-03-23")
    voted, pending = people.approvers
    svc.opinion_give(actor=voted, application=app, stance="agree", reasons="同意")

    today(D("2026-03-19"))
    result = jobs.run_deadline_jobs()
    assert result["reminders"] == 1
    jobs.run_deadline_jobs()

    assert len(reminders(people.office)) == 1
    assert len(reminders(pending)) == 1
    assert "作出决定期限" in reminders(pending)[0].title
    assert reminders(voted) == []  # has given the opinion
    assert reminders(conflicted) == []  # the applying department's member does not vote
    assert fresh(app).status == S.UNDER_REVIEW


def test_escalation_to_the_head_of_the_office_after_the_due_date(people, today, office_head):
    app = build(people, S.SUBMITTED)
    today(D("2026-03-09"))  # the due date itself: a reminder, no escalation
    assert jobs.run_deadline_jobs()["escalations"] == 0
    assert reminders(people.office)[0].title.endswith("为今天（2026-03-09）")

    today(D("2026-03-10"))
    assert jobs.run_deadline_jobs()["escalations"] == 1
    today(D("2026-03-11"))
    assert jobs.run_deadline_jobs()["escalations"] == 0  # once per due date

    [note] = reminders(office_head, "督办")
    assert app.reference in note.title and "逾期 1 个工作日" in note.title
    assert reminders(people.office, "督办") == []
    [event] = events("deadline.escalate")
    assert event.object_id == str(app.pk) and event.summary["overdue"] == 1
    app = fresh(app)
    assert app.status == S.SUBMITTED and not hasattr(app, "decision")  # never decided automatically


def test_a_new_time_limit_gets_its_own_reminder(people, today):
    app = build(people, S.SUBMITTED)
    today(D("2026-03-05"))
    jobs.run_deadline_jobs()
    svc.application_return(actor=people.office, application=app, reason="请补充依据")
    svc.application_resubmit(actor=people.clerk, application=app)  # a new 5-day limit: 2026-03-12
    assert fresh(app).accept_due == D("2026-03-12")
    today(D("2026-03-10"))
    jobs.run_deadline_jobs()
    assert [n.title.count("2026-03-12") for n in reminders(people.office)] == [1, 0]


def test_a_paused_clock_sends_nothing(people, today, office_head):
    app = build(people, S.UNDER_REVIEW)
    svc.application_return(actor=people.office, application=app, reason="请补充依据")  # clock stops
    today(D("2026-04-30"))  # long after the original decision limit
    assert jobs.run_deadline_jobs() == {"reminders": 0, "escalations": 0, "expiry_reminders": 0, "errors": 0}
    assert not Notification.objects.filter(title__startswith="督办").exists()


def test_exit_request_limits_are_watched_too(district, approval_clerk, office_head, today):
    decision = factories.approved_application(district)
    request = exits.exit_request_create(
        actor=approval_clerk, matter=decision.matter, reasons=["residents"], explanation="居民普遍不认可"
    )
    assert request.accept_due == D("2026-03-09")
    today(D("2026-03-05"))
    jobs.run_deadline_jobs()
    today(D("2026-03-10"))
    jobs.run_deadline_jobs()
    [reminder] = reminders(approval_clerk)
    assert request.reference in reminder.title and reminder.link == f"/access/exits/{request.pk}/"
    [escalation] = reminders(office_head, "督办")
    assert request.reference in escalation.title


def test_the_unique_insert_decides_between_two_workers(people, today, monkeypatch):
    """Two workers read the same state; the second one's insert of the key fails and it sends nothing."""
    app = build(people, S.SUBMITTED)
    today(D("2026-03-05"))
    key = f"accept_due:application:{app.pk}:2026-03-09"
    Reminder.objects.create(key=key)  # the other worker has just committed
    monkeypatch.setattr(jobs, "already_sent", lambda key: False)  # ...after this one looked

    assert jobs.run_deadline_jobs() == {"reminders": 0, "escalations": 0, "expiry_reminders": 0, "errors": 0}
    assert reminders(people.office) == []
    assert events("reminder.send") == []
    assert Reminder.objects.filter(key=key).count() == 1


def test_nobody_to_tell_is_tried_again_later(people, today):
    build(people, S.SUBMITTED)
    today(D("2026-03-10"))
    assert jobs.run_deadline_jobs()["escalations"] == 0  # no head of the office yet
    head = make_user("latehead", role=Role.APPROVAL_HEAD, department=people.office.department)
    assert jobs.run_deadline_jobs()["escalations"] == 1
    assert len(reminders(head, "督办")) == 1


def test_expiry_reminder_twenty_working_days_before_over_national_day(district, approval_clerk, today):
    # 2026: 25 Sep (Mid-Autumn) and 1–7 Oct are off; Sunday 20 Sep and Saturday 10 Oct are worked.
    decision = factories.approved_application(district, end_date="2026-10-23")
    matter = decision.matter
    assert matter.valid_to == D("2026-10-23")
    assert working_days_between(D("2026-09-19"), matter.valid_to) == 21
    assert working_days_between(D("2026-09-20"), matter.valid_to) == 20
    weekdays_left = sum(1 for i in range(1, 34) if (D("2026-09-20") + dt.timedelta(days=i)).weekday() < 5)
    assert weekdays_left == 25  # Monday–Friday counting would still be five days away

    today(D("2026-09-19"))
    assert jobs.run_deadline_jobs()["expiry_reminders"] == 0
    today(D("2026-09-20"))  # the make-up working Sunday: 20 working days are left
    assert jobs.run_deadline_jobs()["expiry_reminders"] == 1
    today(D("2026-09-21"))
    assert jobs.run_deadline_jobs()["expiry_reminders"] == 0

    office = User.objects.get(username="factory_office")
    department = list(
        User.objects.filter(
            department=district["weijian"], role_grants__role__in=[Role.DEPT_HEAD, Role.DEPT_CLERK]
        )
    )
    assert len(department) == 2
    for user in [office, approval_clerk, *department]:
        [note] = reminders(user, "续期提醒")
        assert matter.code in note.title and "2026-10-23" in note.title and "20 个工作日" in note.title
    assert reminders(office, "续期提醒")[0].link == f"/catalog/?q={matter.code}"
    assert reminders(department[0], "续期提醒")[0].link == f"/access/applications/{decision.application.pk}/"
    [event] = events("matter.expiry_remind")
    assert event.summary["code"] == matter.code and event.summary["recipients"] == 4


def test_no_expiry_reminder_for_open_ended_lapsed_or_exited_matters(district, today):
    open_ended = factories.approved_application(district).matter
    lapsed = factories.approved_application(district, end_date="2026-09-30").matter
    exited = factories.approved_application(district, end_date="2026-10-23").matter
    factories.exited_matter(district, exited)
    assert open_ended.valid_to is None
    today(D("2026-10-08"))
    assert jobs.run_deadline_jobs()["expiry_reminders"] == 0
    assert lapsed.valid_to < D("2026-10-08")
    assert not Notification.objects.filter(title__startswith="续期提醒").exists()
