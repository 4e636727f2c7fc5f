"""read_by_pk gives what the ORM's only(...).get(pk=...) gives, whatever order the fields are named in."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.core.models import WorkdayOverride
from zhunru.core.plainsql import read_by_pk

pytestmark = pytest.mark.django_db


def test_fields_in_any_order_read_as_the_orm_reads_them():
    row = WorkdayOverride.objects.create(day=dt.date(2027, 1, 1), is_workday=False, note="元旦")
    for fields in (("note", "day"), ("day", "note"), ("pk", "is_workday", "day", "note")):
        got = read_by_pk(WorkdayOverride, row.pk, fields)
        assert got is not None and got.pk == row.pk
        assert got.day == dt.date(2027, 1, 1) and isinstance(got.day, dt.date)
        assert got.note == "元旦"
        assert got.get_deferred_fields() == {"is_workday", "day", "note"} - set(fields)
    assert read_by_pk(WorkdayOverride, row.pk, ("note",)).is_workday is False  # a deferred field, read on use


def test_no_row_is_none():
    assert read_by_pk(WorkdayOverride, 10**9, ("note",)) is None


def test_select_and_count_with_a_condition_an_order_and_a_page():
    from zhunru.core.plainsql import count, select

    for day in (3, 1, 2, 5):
        WorkdayOverride.objects.create(day=dt.date(2027, 2, day), is_workday=day % 2 == 1)
    rows = select(WorkdayOverride, ("day",), "is_workday = %s", [True], order_by="day DESC")
    assert [r.day for r in rows] == [dt.date(2027, 2, 5), dt.date(2027, 2, 3), dt.date(2027, 2, 1)]
    page = select(
        WorkdayOverride, ("day",), "day >= %s", [dt.date(2027, 2, 1)], order_by="day", limit=2, offset=1
    )
    assert [r.day for r in page] == [dt.date(2027, 2, 2), dt.date(2027, 2, 3)]
    assert count(WorkdayOverride, "is_workday = %s", [False]) == 1
