"""A case must be started within 5 and concluded within 30 working days of its receipt (configurable),
counted on the official calendar: holidays skipped, make-up Saturdays counted."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.core.errors import Forbidden, ValidationFailed
from zhunru.core.workdays import working_days_between
from zhunru.supervision.selectors import deadline
from zhunru.supervision.services import (
    case_start_investigation,
    supervision_settings,
    supervision_settings_update,
    violation_report_file,
)

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def test_limits_in_working_days_across_national_day(community_worker, make_notice, today):
    today(D("2026-09-28"))  # Monday before the National Day holidays (1–7 Oct; Sat 10 Oct is worked)
    case = violation_report_file(actor=community_worker, notice=make_notice()).case
    assert case.received_on == D("2026-09-28")
    assert case.start_due == D("2026-10-10")  # 29, 30 Sep, 8, 9, 10 Oct
    assert case.conclude_due == D("2026-11-13")
    assert working_days_between(case.received_on, case.start_due) == 5
    assert working_days_between(case.received_on, case.conclude_due) == 30


def test_the_running_limit_and_what_is_left(community_worker, supervisor, make_notice, today):
    case = violation_report_file(actor=community_worker, notice=make_notice()).case  # Mon 2026-03-02
    assert case.start_due == D("2026-03-09")
    d = deadline(case, D("2026-03-05"))
    assert (d.label, d.due, d.left, d.overdue) == ("启动调查期限", D("2026-03-09"), 2, False)
    d = deadline(case, D("2026-03-11"))
    assert d.left == -2 and d.overdue and d.overdue_days == 2

    case = case_start_investigation(actor=supervisor, case=case)
    d = deadline(case, D("2026-03-05"))
    assert d.label == "办结期限" and d.due == case.conclude_due


def test_a_joining_report_does_not_move_the_limits(community_worker, make_notice, today):
    case = violation_report_file(actor=community_worker, notice=make_notice()).case
    today(D("2026-03-06"))
    later = violation_report_file(actor=community_worker, notice=make_notice())
    assert later.case == case and later.case.start_due == D("2026-03-09")


def test_configured_limits_apply_to_new_cases(
    community_worker, supervisor, make_notice, negative_matter, today
):
    first = violation_report_file(actor=community_worker, notice=make_notice()).case
    supervision_settings_update(actor=supervisor, start_days=3, conclude_days=10)
    assert supervision_settings().start_days == 3
    second = violation_report_file(actor=community_worker, notice=make_notice(matter=negative_matter)).case
    assert second.start_due == D("2026-03-05") and second.conclude_due == D("2026-03-16")
    first.refresh_from_db()
    assert first.start_due == D("2026-03-09")  # unchanged


def test_settings_are_supervision_s_and_within_bounds(supervisor, approval_clerk, community_worker):
    for user in (approval_clerk, community_worker):
        with pytest.raises(Forbidden):
            supervision_settings_update(actor=user, start_days=3)
    for bad in ({"start_days": 0}, {"conclude_days": 500}, {"remind_days_before": -1}, {"color": 1}):
        with pytest.raises(ValidationFailed):
            supervision_settings_update(actor=supervisor, **bad)
    assert supervision_settings().start_days == 5 and supervision_settings().conclude_days == 30
