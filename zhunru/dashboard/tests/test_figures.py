"""The figures against the hand-computed fixture (see conftest.py for the arithmetic)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhunru.dashboard import figures
from zhunru.dashboard.figures import Period, Scope
from zhunru.dashboard.tests.conftest import NOV

pytestmark = pytest.mark.django_db
NOVEMBER = Period.months(NOV, 1)


def by_name(rows):
    return {r.name: r for r in rows}


def test_burden_per_community(world):
    rows = by_name(figures.community_burden(Scope(), NOVEMBER))
    assert len(rows) == 8  # every community of the district, even without demands
    donghu, huayuan, xiling = rows["东湖社区"], rows["花园路社区"], rows[world["xiling_community"].name]
    assert (donghu.admitted, huayuan.admitted, xiling.admitted) == (3, 3, 3)
    assert min(r.admitted for r in rows.values()) == 2
    assert (donghu.notices, donghu.allowed_hours, donghu.unapproved, donghu.negative) == (
        4,
        Decimal("6.0"),
        1,
        1,
    )
    assert (donghu.refused, donghu.reported) == (2, 1)
    assert (huayuan.notices, huayuan.unapproved, huayuan.allowed_hours) == (1, 1, Decimal("0"))
    assert (xiling.notices, xiling.allowed_hours) == (1, Decimal("6.0"))
    assert (donghu.signboards, donghu.signboards_unadmitted, xiling.signboards, huayuan.signboards) == (
        2,
        1,
        1,
        0,
    )
    assert (donghu.ledgers, donghu.reports_forms, donghu.submissions) == (1, 1, 16)
    assert (xiling.ledgers, xiling.reports_forms, xiling.submissions) == (1, 0, 12)
    assert (donghu.certificates_refused, xiling.certificates_refused) == (2, 0)
    total = figures.burden_total(list(rows.values()))
    assert (total.notices, total.allowed_hours, total.unapproved, total.negative) == (
        6,
        Decimal("12.0"),
        2,
        1,
    )
    assert (total.refused, total.reported, total.signboards, total.certificates_refused) == (2, 1, 3, 2)


def test_hours_are_per_month_over_a_longer_period(world):
    # September to November: 东湖's allowed hours 6.0 over 3 months = 2.0 a month; its September demand
    # adds one unapproved
    rows = by_name(figures.community_burden(Scope(), Period.months(NOV, 3)))
    assert rows["东湖社区"].allowed_hours == Decimal("2.0")
    assert rows["东湖社区"].unapproved == 2


def test_scope_street_and_community(world):
    street = figures.community_burden(Scope(street=world["east_street"].pk), NOVEMBER)
    assert [r.name for r in street] == ["东湖社区", "花园路社区", "新华里社区"]
    one = figures.community_burden(Scope(community=world["xiling_community"].pk), NOVEMBER)
    assert [(r.name, r.notices) for r in one] == [(world["xiling_community"].name, 1)]


def test_department_and_kind_filters(world):
    # only 卫健委's demands and matters: 东湖 3 notices (the negative one has no department), admitted
    # matters of 卫健委 in force: ZR-1 and GP-1 = 2
    rows = by_name(figures.community_burden(Scope(department=world["weijian"].pk), NOVEMBER))
    assert (rows["东湖社区"].notices, rows["东湖社区"].admitted) == (3, 2)
    assert rows["东湖社区"].certificates_refused == 0  # a refusal names no department
    # kind task: admitted in force 东湖 ZR-1 + ZR-3 = 2; only the demand matched to ZR-1 (a task)
    rows = by_name(figures.community_burden(Scope(kind="task"), NOVEMBER))
    assert (rows["东湖社区"].admitted, rows["东湖社区"].notices, rows["东湖社区"].signboards) == (2, 1, 0)


def test_admitted_in_force_follows_the_period(world):
    # August: ZR-4 had not exited yet (exited 2026-09-15) → 东湖 3 + 1 = 4
    rows = by_name(figures.community_burden(Scope(), Period.months(dt.date(2026, 8, 1), 1)))
    assert rows["东湖社区"].admitted == 4


def test_trend_is_twelve_months_oldest_first(world):
    trend = figures.burden_trend(Scope(), NOV)
    assert len(trend) == 12
    assert (trend[0].month, trend[-1].month) == (dt.date(2025, 12, 1), NOV)
    by_month = {m.month: m for m in trend}
    nov, sep, oct_ = by_month[NOV], by_month[dt.date(2026, 9, 1)], by_month[dt.date(2026, 10, 1)]
    assert (nov.notices, nov.allowed_hours, nov.not_admitted, nov.refused, nov.reported) == (6, 12, 3, 2, 1)
    assert (sep.notices, sep.unapproved) == (1, 1)
    assert (oct_.notices, oct_.certificates_refused) == (0, 1)
    assert nov.certificates_refused == 2


def test_department_figures(world):
    rows = {r.name: r for r in figures.department_figures(NOVEMBER)}
    wj, mz = rows["区卫生健康委员会"], rows["区民政局"]
    assert (wj.sent, wj.by_verdict["duty"], wj.by_verdict["admitted"], wj.not_admitted) == (3, 1, 1, 1)
    assert round(wj.not_admitted_share, 3) == 0.333
    assert (mz.sent, mz.not_admitted, mz.not_admitted_share) == (2, 1, 0.5)
    assert (wj.reports, wj.substantiated, mz.reports, mz.substantiated) == (1, 1, 0, 0)
    assert (wj.committed, wj.paid, wj.unpaid) == (Decimal("20000"), Decimal("9000"), Decimal("11000"))
    assert (mz.committed, mz.paid) == (Decimal("0"), Decimal("0"))
    assert wj.evaluation.year == 2025 and wj.evaluation.answers == 5 and wj.evaluation.mean == 4.05
    assert mz.evaluation.answers == 2 and mz.evaluation.mean is None  # fewer than five: no mean
    only = figures.department_figures(NOVEMBER, department=world["minzheng"].pk)
    assert [r.name for r in only] == ["区民政局"]


def test_department_trend(world):
    trend = {m.month: m for m in figures.department_trend(world["weijian"].pk, NOV)}
    assert (trend[NOV].sent, trend[NOV].not_admitted) == (3, 1)
    assert (trend[dt.date(2026, 9, 1)].sent, trend[dt.date(2026, 9, 1)].not_admitted) == (1, 1)


def test_office_performance(world):
    p = figures.office_performance(NOVEMBER)
    assert (p.received, p.decided, p.approved, p.rejected) == (2, 3, 2, 1)
    assert (p.median_days, p.p90_days, p.limit_days) == (10.0, 14.8, 15)
    assert p.on_time == 2 and round(p.on_time_share, 3) == 0.667
    assert p.hearings_held == 1
    trend = {m.month: m for m in figures.office_trend(NOV)}
    assert (trend[dt.date(2026, 10, 1)].received, trend[NOV].received, trend[NOV].decided) == (2, 2, 3)


def test_percentile():
    assert figures.percentile([], 50) is None
    assert figures.percentile([7], 90) == 7.0
    assert figures.percentile([16, 3, 10], 50) == 10.0
    assert figures.percentile([1, 2, 3, 4], 50) == 2.5


def test_workday_counter_agrees_with_core_workdays(world):
    from zhunru.core.workdays import working_days_between

    counter = figures.WorkdayCounter(dt.date(2026, 9, 20), dt.date(2026, 11, 30))
    for a, b in [
        (dt.date(2026, 9, 28), dt.date(2026, 10, 12)),
        (dt.date(2026, 11, 2), dt.date(2026, 11, 24)),
    ]:
        assert counter.between(a, b) == working_days_between(a, b)


def test_reductions_district(world):
    rows = {r.key: r for r in figures.reductions(Scope(), dt.date(2026, 1, 1))}
    assert (rows["catalog"].before, rows["catalog"].after, rows["catalog"].change) == (5, 7, 2)
    assert (rows["ledgers"].before, rows["ledgers"].after) == (2, 1)
    assert (rows["reports"].before, rows["reports"].after) == (1, 1)
    assert (rows["certificates"].before, rows["certificates"].after) == (1, 1)
    assert (rows["signboards"].before, rows["signboards"].after) == (1, 3)
    assert rows["ledgers"].change_share == -0.5


def test_reductions_of_one_community(world):
    rows = {
        r.key: r
        for r in figures.reductions(Scope(community=world["donghu_community"].pk), dt.date(2026, 1, 1))
    }
    assert (rows["catalog"].before, rows["catalog"].after) == (4, 6)
    assert (rows["certificates"].before, rows["certificates"].after) == (0, 1)
    assert (rows["signboards"].before, rows["signboards"].after) == (1, 2)


def test_reductions_without_a_version_use_the_matters_dates(world):
    # before the first version (published 2025-12-30) the matters' own dates count: every matter here is
    # valid from 2026-01-01 or later → 0 items; the board 老年协会 was hung on 2025-06-01 → 1
    rows = {r.key: r for r in figures.reductions(Scope(), dt.date(2025, 12, 1))}
    assert rows["catalog"].before == 0 and rows["signboards"].before == 1
