"""Properties of working days, over the official calendar *and* random admin overrides (调休/临时放假):
add_working_days and working_days_between are inverse, never land on a day off, and are monotonic."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from zhunru.core.models import WorkdayOverride
from zhunru.core.workdays import add_working_days, is_workday, working_days_between

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2027, 12, 31)  # 2027: beyond chinese-calendar's data
days = st.dates(min_value=START, max_value=END)
overrides = st.dictionaries(days, st.booleans(), max_size=12)
counts = st.integers(0, 45)


class overridden:
    """Writes the overrides inside a savepoint and rolls them back afterwards."""

    def __init__(self, table: dict[dt.date, bool]) -> None:
        self.table = table

    def __enter__(self) -> None:
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        WorkdayOverride.objects.bulk_create(
            WorkdayOverride(day=day, is_workday=flag, note="测试") for day, flag in self.table.items()
        )

    def __exit__(self, *exc: object) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(*exc)


@given(table=overrides, day=days, n=counts)
def test_add_lands_on_a_working_day_and_between_counts_it_back(table, day, n):
    with overridden(table):
        result = add_working_days(day, n)
        assert is_workday(result)
        assert result >= day
        if n:
            assert working_days_between(day, result) == n
            assert working_days_between(day, result - dt.timedelta(days=1)) == n - 1  # the first such day
        for flag_day, flag in table.items():
            if flag_day == result:
                assert flag, "an override making the day a holiday was ignored"


@given(table=overrides, a=days, b=days)
def test_between_is_inverse_of_add_from_a_working_day(table, a, b):
    start, end = min(a, b), max(a, b)
    with overridden(table):
        if not is_workday(end):
            return
        assert add_working_days(start, working_days_between(start, end)) == end


@given(table=overrides, a=days, b=days, c=days)
def test_between_is_additive_and_antisymmetric(table, a, b, c):
    with overridden(table):
        assert working_days_between(a, b) + working_days_between(b, c) == working_days_between(a, c)
        assert working_days_between(a, b) == -working_days_between(b, a)


@given(table=overrides, a=days, b=days, n=counts, m=counts)
def test_add_is_monotonic_in_the_day_and_in_the_count(table, a, b, n, m):
    with overridden(table):
        if a <= b:
            assert add_working_days(a, n) <= add_working_days(b, n)
        if n <= m:
            assert add_working_days(a, n) <= add_working_days(a, m)
        if n < m:
            assert add_working_days(a, n) < add_working_days(a, m)


@given(day=days, n=counts)
def test_negative_counts_are_refused(day, n):
    with pytest.raises(ValueError):
        add_working_days(day, -n - 1)
