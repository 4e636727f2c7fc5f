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
