"""working_days_counter / WorkdayCounter: many working-day counts from one read of the overrides, equal to
working_days_between's."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.core.models import WorkdayOverride
from zhunru.core.workdays import WorkdayCounter, working_days_between, working_days_counter

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def test_the_counter_agrees_with_working_days_between_with_one_query(django_assert_num_queries):
    WorkdayOverride.objects.create(day=D("2026-03-04"), is_workday=False)  # a Wednesday off
    WorkdayOverride.objects.create(day=D("2026-03-07"), is_workday=True)  # a Saturday worked
    pairs = [
        (D("2026-03-02"), D("2026-03-09")),
        (D("2026-03-09"), D("2026-03-02")),  # negative, as working_days_between
        (D("2026-03-05"), D("2026-03-05")),
        (D("2026-02-10"), D("2026-02-28")),  # across the Spring Festival
    ]
    expected = [working_days_between(a, b) for a, b in pairs]
    assert expected[0] == 5 and expected[1] == -5
    with django_assert_num_queries(1):
        count = working_days_counter(D("2026-03-09"), D("2026-02-01"))  # either order
        assert [count(a, b) for a, b in pairs] == expected


def test_dates_outside_the_span_still_count_right():
    counter = WorkdayCounter(D("2026-03-02"), D("2026-03-06"))
    assert counter.between(D("2026-03-02"), D("2026-03-16")) == working_days_between(
        D("2026-03-02"), D("2026-03-16")
    )
