"""Time limits in working days, on the official 2026 schedule: 5 working days to accept or return,
15 to decide, a return during review pauses the clock, a hearing's notice period extends it, and
the submission lead of 30 working days. Holidays and make-up Saturdays count as the State Council says."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.access import selectors
from zhunru.access import services as svc
from zhunru.access.models import Status as S
from zhunru.access.tests.states import build, create, fresh, schedule_hearing
from zhunru.core.errors import ValidationFailed
from zhunru.core.workdays import add_working_days, is_workday, working_days_between

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat


def signed(people, start: str = "2026-06-01"):
    app = create(people, start_date=start)
    svc.application_sign(actor=people.head, application=app)
    return app


def test_acceptance_limit_across_the_spring_festival(people, today):
    # 2026-02-11 (Wed): 12 (Thu), 13 (Fri), 14 (the make-up Saturday); 15–23 off; 24, 25.
    assert is_workday(D("2026-02-14")) and not is_workday(D("2026-02-16"))
    today(D("2026-02-11"))
    app = signed(people)
    svc.application_submit(actor=people.clerk, application=app)
    app = fresh(app)
    assert app.submitted_on == D("2026-02-11")
    assert app.accept_due == D("2026-02-25")
    assert working_days_between(app.submitted_on, app.accept_due) == 5


def test_decision_limit_across_national_day(people, today):
    # 2026-09-24 (Thu): 25–27 Mid-Autumn off; 28, 29, 30; 10-01…07 off; 8, 9, 10 (make-up Saturday),
    # 12–16, 19–22 → the 15th working day is Thursday 2026-10-22.
    assert is_workday(D("2026-10-10")) and not is_workday(D("2026-10-07"))
    today(D("2026-09-01"))
    app = signed(people, start="2026-12-01")
    svc.application_submit(actor=people.clerk, application=app)
    today(D("2026-09-24"))
    svc.application_accept(actor=people.office, application=app)
    app = fresh(app)
    assert app.accepted_on == D("2026-09-24")
    assert app.decision_due == D("2026-10-22")
    assert working_days_between(app.accepted_on, app.decision_due) == 15


def test_a_return_during_review_pauses_the_decision_clock(people, today):
    app = build(people, S.UNDER_REVIEW)  # accepted on Monday 2026-03-02
    due = fresh(app).decision_due
    assert due == D("2026-03-23")

    today(D("2026-03-05"))  # three working days used, twelve left
    svc.application_return(actor=people.office, application=app, reason="请补充经费来源")
    app = fresh(app)
    assert app.paused_on == D("2026-03-05")
    shown = selectors.deadline(app, today=D("2026-03-11"))
    assert shown.paused
    assert shown.left == 12  # frozen while the department corrects

    today(D("2026-03-12"))  # five working days later: 6, 9, 10, 11, 12
    svc.application_resubmit(actor=people.clerk, application=app)
    app = fresh(app)
    assert app.status == S.UNDER_REVIEW
    assert app.paused_on is None
    assert app.decision_due == add_working_days(due, 5) == D("2026-03-30")
    assert selectors.deadline(app).left == 12


def test_a_pause_over_a_holiday_counts_only_working_days(people, today):
    today(D("2026-09-01"))
    app = signed(people, start="2026-12-01")
    svc.application_submit(actor=people.clerk, application=app)
    today(D("2026-09-24"))
    svc.application_accept(actor=people.office, application=app)
    svc.application_start_review(actor=people.office, application=app)
    due = fresh(app).decision_due
    assert due == D("2026-10-22")
    today(D("2026-09-29"))
    svc.application_return(actor=people.office, application=app, reason="补正")
    today(D("2026-10-09"))  # paused 30 Sep, 8 and 9 Oct: three working days
    svc.application_resubmit(actor=people.clerk, application=app)
    assert fresh(app).decision_due == add_working_days(due, 3) == D("2026-10-27")


def test_a_return_before_acceptance_gives_a_new_acceptance_limit(people, today):
    app = build(people, S.SUBMITTED)
    svc.application_return(actor=people.office, application=app, reason="补正")
    assert selectors.deadline(fresh(app)) is None  # the department's turn: no office limit runs
    today(D("2026-03-10"))
    svc.application_resubmit(actor=people.clerk, application=app)
    app = fresh(app)
    assert app.status == S.RESUBMITTED
    assert app.accept_due == add_working_days(D("2026-03-10"), 5) == D("2026-03-17")


def test_scheduling_a_hearing_extends_the_decision_limit_by_the_notice_period(people):
    app = build(people, S.UNDER_REVIEW)
    due = fresh(app).decision_due
    assert due == D("2026-03-23")
    hearing = schedule_hearing(people, app)  # on 2026-03-12, ten days after today
    assert hearing.scheduled_on == D("2026-03-12")
    extra = working_days_between(D("2026-03-02"), D("2026-03-12"))
    assert extra == 8
    assert fresh(app).decision_due == add_working_days(due, extra) == D("2026-04-02")


def test_a_longer_notice_period_extends_the_limit_further(people):
    app = build(people, S.UNDER_REVIEW)
    due = fresh(app).decision_due
    svc.application_schedule_hearing(
        actor=people.office,
        application=app,
        scheduled_on=D("2026-03-25"),
        notice_days=20,
        place="会议室",
        participants="社区代表",
        agenda="议程",
    )
    assert fresh(app).decision_due == add_working_days(
        due, working_days_between(D("2026-03-02"), D("2026-03-22"))
    )


def test_deadline_shows_working_days_left_and_goes_negative_when_overdue(people, today):
    app = build(people, S.SUBMITTED)  # accept_due: Monday 2026-03-09
    assert app.accept_due == D("2026-03-09")
    shown = selectors.deadline(app)
    assert (shown.due, shown.left, shown.overdue) == (D("2026-03-09"), 5, False)
    assert "受理" in shown.label
    assert selectors.deadline(app, today=D("2026-03-06")).left == 1
    assert selectors.deadline(app, today=D("2026-03-08")).left == 1  # a Sunday is not a working day
    on_the_day = selectors.deadline(app, today=D("2026-03-09"))
    assert (on_the_day.left, on_the_day.overdue) == (0, False)
    late = selectors.deadline(app, today=D("2026-03-11"))
    assert (late.left, late.overdue, late.overdue_days) == (-2, True, 2)

    today(D("2026-03-11"))  # the frozen clock is the default
    assert selectors.deadline(app).left == -2

    svc.application_accept(actor=people.office, application=app)
    decision = selectors.deadline(fresh(app))
    assert "决定" in decision.label
    assert decision.due == add_working_days(D("2026-03-11"), 15)
    assert decision.left == 15


def test_no_deadline_for_drafts_and_final_states(people):
    assert selectors.deadline(build(people, S.DRAFT)) is None
    assert selectors.deadline(build(people, S.APPROVED)) is None
    assert selectors.deadline(build(people, S.WITHDRAWN)) is None


def test_the_submission_lead_counts_working_days_across_the_spring_festival(people, today):
    # From 2026-02-11, thirty working days end on 2026-03-31 (Monday–Friday alone would give 03-25).
    today(D("2026-02-11"))
    earliest = add_working_days(D("2026-02-11"), 30)
    assert earliest == D("2026-03-31")
    for too_early in ("2026-03-25", "2026-03-30"):
        app = signed(people, start=too_early)
        with pytest.raises(ValidationFailed) as caught:
            svc.application_submit(actor=people.clerk, application=app)
        assert "2026-03-31" in str(caught.value.message)
        assert fresh(app).status == S.SIGNED
    app = signed(people, start="2026-03-31")
    svc.application_submit(actor=people.clerk, application=app)
    assert fresh(app).status == S.SUBMITTED
