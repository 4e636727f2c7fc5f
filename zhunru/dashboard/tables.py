"""The dashboard's tables, built once from the figures: the page shows them, the Excel export writes them
with the very same columns, the monthly report prints them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from zhunru.dashboard import figures
from zhunru.gateway.models import Verdict


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: Sequence[list[Any]]  # a list, or a long table's rows as kept in the cache (kept.PackedRows)
    footer: list[Any] | None = None
    notes: list[str] = field(default_factory=list)
    per_page: int | None = None  # the page shows this many rows at a time (the Excel export has them all)

    @property
    def all_rows(self) -> list[list[Any]]:
        return [*self.rows, *([self.footer] if self.footer else [])]


def share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


TENTH = Decimal("0.1")


def number(value: Any) -> Any:
    """A number for the table (Decimal hours to one place), or "—" for unknown."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return value.quantize(TENTH)
    if isinstance(value, float):
        return round(value, 2)
    return value


def month_label(day: dt.date) -> str:
    return day.strftime("%Y-%m")


# ---------------------------------------------------------------- burden


# a city has thousands of communities: the page shows them 50 at a time, by code
BURDEN_PER_PAGE = 50


def burden_table(
    rows: list[figures.CommunityBurden],
    total: figures.CommunityBurden,
    *,
    reports: bool,
    per_community: bool = True,
) -> Table:
    headers = [
        _("社区"),
        _("街道"),
        _("在效准入事项"),
        _("收到任务"),
        _("准许工作工时/月"),
        _("未经准入"),
        _("负面清单"),
        _("已拒绝"),
    ]
    if reports:
        headers.append(_("已举报"))
    headers += [
        _("在挂牌子"),
        _("其中未准入"),
        _("台账"),
        _("报表"),
        _("年报送次数"),
        _("拒开证明"),
    ]

    def cells(r: figures.CommunityBurden) -> list[Any]:
        out: list[Any] = [
            r.name,
            r.street,
            r.admitted,
            r.notices,
            number(r.allowed_hours),
            r.unapproved,
            r.negative,
            r.refused,
        ]
        if reports:
            out.append(r.reported)
        out += [
            r.signboards,
            r.signboards_unadmitted,
            r.ledgers,
            r.reports_forms,
            r.submissions,
            r.certificates_refused,
        ]
        return out

    footer = cells(total)
    footer[0], footer[1] = _("合计"), ""
    # admitted matters and ledgers apply to many communities at once: a sum over communities is a load
    # (community × matter), which is what the total shows
    ordered = sorted(rows, key=lambda r: r.code) if per_community else []
    return Table(
        "burden", _("各社区负担"), headers, [cells(r) for r in ordered], footer, per_page=BURDEN_PER_PAGE
    )


def trend_table(trend: list[figures.MonthBurden], *, reports: bool) -> Table:
    headers = [_("月份"), _("收到任务"), _("准许工作工时"), _("未经准入"), _("负面清单"), _("已拒绝")]
    if reports:
        headers.append(_("已举报"))
    headers.append(_("拒开证明"))
    rows = []
    for m in trend:
        row: list[Any] = [
            month_label(m.month),
            m.notices,
            number(m.allowed_hours),
            m.unapproved,
            m.negative,
            m.refused,
        ]
        if reports:
            row.append(m.reported)
        row.append(m.certificates_refused)
        rows.append(row)
    return Table("trend", _("近12个月走势"), headers, rows)


# ---------------------------------------------------------------- departments


def departments_table(rows: list[figures.DepartmentFigures]) -> Table:
    headers = [
        _("单位"),
        _("派出任务"),
        *[str(label) for label in Verdict.labels],
        _("未准入占比"),
        _("被举报"),
        _("属实案件"),
        _("承诺经费（元）"),
        _("已拨付（元）"),
        _("欠拨（元）"),
        _("评议得分"),
        _("评议年度"),
    ]
    out = []
    for r in rows:
        ev = r.evaluation
        out.append(
            [
                r.name,
                r.sent,
                *[r.by_verdict[v] for v in Verdict.values],
                share(r.not_admitted_share),
                r.reports,
                r.substantiated,
                r.committed,
                r.paid,
                r.unpaid,
                number(ev.mean) if ev else "—",
                ev.year if ev else "—",
            ]
        )
    return Table("departments", _("各部门情况"), headers, out)


def department_trend_table(trend: list[figures.DepartmentMonth]) -> Table:
    rows = [[month_label(m.month), m.sent, m.not_admitted] for m in trend]
    return Table("department_trend", _("派出任务走势"), [_("月份"), _("派出任务"), _("其中未准入")], rows)


# ---------------------------------------------------------------- the office


def office_table(p: figures.OfficePerformance) -> Table:
    rows = [
        [_("收到申请"), p.received],
        [_("作出决定"), p.decided],
        [_("准予准入（含附条件）"), p.approved],
        [_("不予准入"), p.rejected],
        [_("决定用时中位数（工作日）"), number(p.median_days)],
        [_("决定用时第90百分位（工作日）"), number(p.p90_days)],
        [_("法定期限（工作日）"), p.limit_days],
        [_("按期决定"), p.on_time],
        [_("按期决定率"), share(p.on_time_share)],
        [_("举行听证"), p.hearings_held],
    ]
    return Table("office", _("准入审批情况"), [_("指标"), _("数值")], rows)


def office_trend_table(trend: list[figures.OfficeMonth]) -> Table:
    rows = [[month_label(m.month), m.received, m.decided] for m in trend]
    return Table("office_trend", _("申请与决定走势"), [_("月份"), _("收到申请"), _("作出决定")], rows)


# ---------------------------------------------------------------- reductions


def reduction_labels() -> dict[str, str]:
    return {
        "catalog": _("清单事项（负面清单除外）"),
        "signboards": _("社区挂牌"),
        "ledgers": _("台账"),
        "reports": _("报表"),
        "certificates": _("证明事项"),
    }


def reductions_table(rows: list[figures.Reduction], baseline: dt.date, now: dt.date) -> Table:
    labels = reduction_labels()
    headers = [
        _("项目"),
        _("基准日 {d}").format(d=baseline.isoformat()),
        _("当前 {d}").format(d=now.isoformat()),
        _("增减"),
        _("增减幅度"),
    ]
    out = [[labels[r.key], r.before, r.after, r.change, share(r.change_share)] for r in rows]
    return Table("reductions", _("减负成效"), headers, out)
