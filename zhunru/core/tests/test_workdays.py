"""Working days follow the official schedule (chinese-calendar), including 调休 make-up Saturdays; a
year without an official schedule falls back to Monday–Friday and is reported as missing."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhunru.core.models import WorkdayOverride
from zhunru.core.workdays import (
    add_working_days,
    is_workday,
    missing_years,
    working_days_between,
    year_is_covered,
)

D = dt.date.fromisoformat
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2026-02-13", True),  # Friday
        ("2026-02-14", True),  # Saturday, worked for the Spring Festival
        ("2026-02-15", False),
        ("2026-02-17", False),  # Tuesday in the Spring Festival break
        ("2026-02-23", False),  # Monday, last day off
        ("2026-02-24", True),
        ("2026-02-28", True),  # Saturday, worked
        ("2026-03-01", False),  # an ordinary Sunday
        ("2026-09-30", True),
        ("2026-10-01", False),
        ("2026-10-05", False),  # Monday in the National Day break
        ("2026-10-07", False),
        ("2026-10-08", True),
        ("2026-10-10", True),  # Saturday, worked
        ("2026-10-11", False),
    ],
)
def test_the_official_2026_schedule(day, working):
    assert is_workday(D(day)) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2026-09-30", 1, "2026-10-08"),  # the National Day break is skipped
        ("2026-09-30", 3, "2026-10-10"),  # …and the Saturday after it counts
        ("2026-09-30", 4, "2026-10-12"),
        ("2026-02-13", 1, "2026-02-14"),  # Friday → the working Saturday
        ("2026-02-13", 2, "2026-02-24"),  # over the Spring Festival break
        ("2026-02-24", 4, "2026-02-28"),
        ("2026-02-24", 5, "2026-03-02"),
        ("2026-03-06", 5, "2026-03-13"),  # an ordinary week: Friday + 5 = next Friday
        ("2026-10-01", 0, "2026-10-08"),  # n = 0 on a holiday: the next working day
        ("2026-09-30", 0, "2026-09-30"),  # n = 0 on a working day: that day
        ("2026-02-14", 0, "2026-02-14"),
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(D(start), n) == D(expected)


def test_add_working_days_refuses_a_negative_count():
    with pytest.raises(ValueError):
        add_working_days(D("2026-03-02"), -1)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2026-09-30", "2026-10-07", 0),
        ("2026-09-30", "2026-10-08", 1),
        ("2026-09-30", "2026-10-10", 3),
        ("2026-02-13", "2026-02-28", 6),  # 14th, 24th–27th, 28th
        ("2026-02-14", "2026-02-23", 0),
        ("2026-03-02", "2026-03-02", 0),
        ("2026-03-02", "2026-03-09", 5),
        ("2026-10-10", "2026-09-30", -3),  # reversed: negative
    ],
)
def test_working_days_between(a, b, expected):
    assert working_days_between(D(a), D(b)) == expected


def test_a_year_without_official_schedule_falls_back_to_monday_to_friday():
    assert not year_is_covered(2027)
    assert is_workday(D("2027-01-01"))  # a Friday: really 元旦, but no schedule is known
    assert not is_workday(D("2027-01-02"))  # Saturday
    assert add_working_days(D("2027-01-01"), 1) == D("2027-01-04")
    assert add_working_days(D("2027-01-08"), 5) == D("2027-01-15")
    assert working_days_between(D("2027-01-01"), D("2027-01-31")) == 20
    # across the year end: 2026 official, 2027 Monday–Friday
    assert add_working_days(D("2026-12-31"), 1) == D("2027-01-01")


def test_a_year_is_covered_once_an_override_is_entered():
    assert year_is_covered(2026)
    assert not year_is_covered(2027)
    WorkdayOverride.objects.create(day=D("2027-01-01"), is_workday=False, note="元旦")
    assert year_is_covered(2027)
    assert not year_is_covered(2028)


@pytest.mark.parametrize(
    ("today", "missing"),
    [
        ("2026-06-01", []),
        ("2026-10-31", []),  # the next year is only asked for from November
        ("2026-11-01", [2027]),
        ("2026-12-31", [2027]),
        ("2027-03-01", [2027]),
        ("2027-11-15", [2027, 2028]),
    ],
)
def test_missing_years(today, missing):
    assert missing_years(D(today)) == missing


def test_an_override_makes_the_year_no_longer_missing():
    WorkdayOverride.objects.create(day=D("2027-02-06"), is_workday=True, note="调休上班")
    assert missing_years(D("2026-11-20")) == []
    assert missing_years(D("2027-11-20")) == [2028]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 12, 31)), n=st.integers(0, 60))
def test_add_and_between_agree(day, n):
    result = add_working_days(day, n)
    assert is_workday(result)
    assert result >= day
    if n > 0:
        assert working_days_between(day, result) == n
        # and it is the first such day: one day earlier there is one working day fewer
        assert working_days_between(day, result - dt.timedelta(days=1)) == n - 1
    else:
        assert all(not is_workday(day + dt.timedelta(days=i)) for i in range((result - day).days))
