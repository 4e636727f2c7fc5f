"""The portal's statistics pages as tables with a chart beside them (dashboard.tables, dashboard.charts),
built from the public selectors: the district and its streets, departments (counts only), money per
admitted matter, published evaluation results. No community is named anywhere."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from zhunru.dashboard import charts
from zhunru.dashboard.figures import Period
from zhunru.dashboard.pages import Block
from zhunru.dashboard.tables import Table, month_label, number, share
from zhunru.gateway.models import Verdict
from zhunru.portal import selectors
from zhunru.portal.selectors import AreaFigures, DepartmentStatistics, MatterMoney
from zhunru.supervision.models import Measure


def _area_cells(a: AreaFigures) -> list[Any]:
    t = a.total
    return [
        a.name,
        a.communities,
        t.notices,
        number(t.allowed_hours),
        t.unapproved,
        t.negative,
        t.refused,
        a.per_community("admitted"),
        t.signboards,
        t.signboards_unadmitted,
        a.per_community("ledgers"),
        a.per_community("reports_forms"),
        t.certificates_refused,
    ]


def streets_table(stats: selectors.PublicStatistics) -> Table:
    headers = [
        _("街道"),
        _("社区数"),
        _("收到任务"),
        _("准许工作工时/月"),
        _("未经准入"),
        _("负面清单"),
        _("已拒绝"),
        _("在效准入事项（平均每社区）"),
        _("在挂牌子"),
        _("其中未准入"),
        _("台账（平均每社区）"),
        _("报表（平均每社区）"),
        _("拒开证明"),
    ]
    footer = _area_cells(stats.district)
    footer[0] = _("全区")
    return Table("streets", _("各街道社区负担"), headers, [_area_cells(s) for s in stats.streets], footer)


def district_table(stats: selectors.PublicStatistics) -> Table:
    d, t = stats.district, stats.district.total
    rows = [
        [_("社区数"), d.communities],
        [_("收到任务"), t.notices],
        [_("准许工作工时（每月）"), number(t.allowed_hours)],
        [_("未经准入的任务"), t.unapproved],
        [_("负面清单的任务"), t.negative],
        [_("社区拒绝的任务"), t.refused],
        [_("被举报的任务"), t.reported],
        [_("在效准入事项（平均每社区）"), d.per_community("admitted")],
        [_("在挂牌子"), t.signboards],
        [_("其中未经准入的牌子"), t.signboards_unadmitted],
        [_("台账（平均每社区）"), d.per_community("ledgers")],
        [_("报表（平均每社区）"), d.per_community("reports_forms")],
        [_("台账报表年报送次数（平均每社区）"), d.per_community("submissions")],
        [_("拒开的负面清单证明"), t.certificates_refused],
    ]
    return Table("district", _("全区合计"), [_("指标"), _("数值")], rows)


def statistics_blocks(stats: selectors.PublicStatistics) -> list[Block]:
    months = [month_label(m.month)[2:] for m in stats.trend]
    trend = Table(
        "trend",
        _("近12个月走势"),
        [
            _("月份"),
            _("收到任务"),
            _("准许工作工时"),
            _("未经准入"),
            _("负面清单"),
            _("已拒绝"),
            _("拒开证明"),
        ],
        [
            [
                month_label(m.month),
                m.notices,
                number(m.allowed_hours),
                m.unapproved,
                m.negative,
                m.refused,
                m.certificates_refused,
            ]
            for m in stats.trend
        ],
    )
    trend_chart = charts.line_chart(
        _("近12个月收到的任务"),
        months,
        [
            (_("收到任务"), [m.notices for m in stats.trend]),
            (_("未准入"), [m.not_admitted for m in stats.trend]),
            (_("已拒绝"), [m.refused for m in stats.trend]),
        ],
    )
    streets_chart = (
        charts.hbar_chart(
            _("各街道收到的任务与未准入"),
            [s.name for s in stats.streets],
            [
                (_("收到任务"), [s.total.notices for s in stats.streets]),
                (_("未准入"), [s.total.unapproved + s.total.negative for s in stats.streets]),
            ],
        )
        if stats.streets
        else None
    )
    return [
        Block(district_table(stats)),
        Block(streets_table(stats), streets_chart),
        Block(trend, trend_chart),
    ]


def departments_table(rows: list[DepartmentStatistics]) -> Table:
    headers = [_("单位"), _("派出任务"), *[str(label) for label in Verdict.labels], _("未准入占比")]
    return Table(
        "departments",
        _("各部门派出的任务"),
        headers,
        [
            [r.name, r.sent, *[r.by_verdict.get(v, 0) for v in Verdict.values], share(r.not_admitted_share)]
            for r in rows
        ],
    )


def violations_table(rows: list[DepartmentStatistics]) -> Table:
    headers = [
        _("单位"),
        _("收到举报"),
        _("立案"),
        _("办结属实"),
        *[str(label) for label in Measure.labels],
    ]
    return Table(
        "violations",
        _("违规举报与处理（按被举报单位）"),
        headers,
        [
            [r.name, r.reports, r.cases, r.substantiated, *[r.measures.get(m, 0) for m in Measure.values]]
            for r in rows
            if r.reports or r.cases or r.substantiated
        ],
        notes=[_("只公布数量：不公布举报社区、举报人和举报编号。")],
    )


def department_blocks(rows: list[DepartmentStatistics]) -> list[Block]:
    sending = [r for r in rows if r.sent]
    chart = (
        charts.hbar_chart(
            _("本期派出任务与未准入"),
            [r.name for r in sending],
            [(_("派出任务"), [r.sent for r in sending]), (_("未准入"), [r.not_admitted for r in sending])],
        )
        if sending
        else None
    )
    reported = [r for r in rows if r.reports or r.cases or r.substantiated]
    violations_chart = (
        charts.hbar_chart(
            _("举报、立案与属实"),
            [r.name for r in reported],
            [
                (_("收到举报"), [r.reports for r in reported]),
                (_("立案"), [r.cases for r in reported]),
                (_("办结属实"), [r.substantiated for r in reported]),
            ],
        )
        if reported
        else None
    )
    return [Block(departments_table(rows), chart), Block(violations_table(rows), violations_chart)]


def funding_table(rows: list[MatterMoney]) -> Table:
    total = selectors.money_total(rows)

    def cells(m: MatterMoney) -> list[Any]:
        return [
            m.name,
            m.code,
            m.department,
            m.communities or "",
            m.committed,
            m.paid,
            share(m.paid_share),
            m.confirmed,
            m.disputed,
            m.unpaid,
        ]

    footer = cells(total)
    footer[1] = footer[2] = footer[3] = ""
    return Table(
        "funding",
        _("准入事项经费承诺与拨付"),
        [
            _("事项"),
            _("事项编码"),
            _("责任部门"),
            _("承诺社区数"),
            _("承诺经费（元）"),
            _("已拨付（元）"),
            _("拨付比例"),
            _("社区已确认（元）"),
            _("有异议（元）"),
            _("欠拨（元）"),
        ],
        [cells(m) for m in rows],
        footer if rows else None,
    )


def funding_blocks(rows: list[MatterMoney]) -> list[Block]:
    chart = (
        charts.hbar_chart(
            _("承诺与已拨付（元）"),
            [m.name for m in rows],
            [(_("承诺"), [m.committed for m in rows]), (_("已拨付"), [m.paid for m in rows])],
        )
        if rows
        else None
    )
    return [Block(funding_table(rows), chart)]


def period_choices(period: Period) -> dict[str, Any]:
    return {"month": period.end.strftime("%Y-%m"), "span": period.n_months, "spans": selectors.SPANS}
