"""Each dashboard page as tables and charts, from the selectors (which check the role and scope); `kept_build`
serves them from the cache (dashboard.kept), `build` computes them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from zhunru.dashboard import charts, kept, selectors, tables
from zhunru.dashboard.selectors import Dashboard, Filters
from zhunru.dashboard.tables import Table, month_label


@dataclass
class Block:
    """A chart with the table of its numbers beside it (or a table alone)."""

    table: Table
    chart: SafeString | None = None
    page: Any = None  # the rows on the current page, when the table is paginated (set by the view)


@dataclass
class Page:
    key: str
    blocks: list[Block] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    computed_at: dt.datetime | None = None  # when the figures were computed, when kept in the cache
    kept_key: str = ""  # their cache key (dashboard.kept)

    def table(self, key: str) -> Table | None:
        return next((b.table for b in self.blocks if b.table.key == key), None)


def burden_page(user: Any, board: Dashboard, f: Filters) -> Page:
    data = selectors.burden(user, f)
    months = [month_label(m.month)[2:] for m in data.trend]
    trend = tables.trend_table(data.trend, reports=board.reports)
    series: list[tuple[str, list[Any]]] = [
        (_("收到任务"), [m.notices for m in data.trend]),
        (_("未准入"), [m.not_admitted for m in data.trend]),
        (_("已拒绝"), [m.refused for m in data.trend]),
    ]
    hours = charts.bar_chart(
        _("准许工作工时（每月）"), months, [(_("工时"), [m.allowed_hours for m in data.trend])]
    )
    per_community = board.level != "community"
    return Page(
        "burden",
        [
            Block(trend, charts.line_chart(_("近12个月收到的任务"), months, series)),
            Block(
                tables.Table(
                    "hours",
                    _("准许工作工时"),
                    [_("月份"), _("工时")],
                    [[month_label(m.month), tables.number(m.allowed_hours)] for m in data.trend],
                ),
                hours,
            ),
            Block(tables.burden_table(data.rows, data.total, reports=board.reports, per_community=True)),
        ],
        {"total": data.total, "per_community": per_community},
    )


def departments_page(user: Any, board: Dashboard, f: Filters) -> Page:
    data = selectors.departments(user, f)
    months = [month_label(m.month)[2:] for m in data.trend]
    trend_chart = charts.line_chart(
        _("派出任务走势"),
        months,
        [
            (_("派出任务"), [m.sent for m in data.trend]),
            (_("其中未准入"), [m.not_admitted for m in data.trend]),
        ],
    )
    sending = [r for r in data.rows if r.sent]
    blocks = [Block(tables.department_trend_table(data.trend), trend_chart)]
    dept_table = tables.departments_table(data.rows)
    if sending and board.level != "department":
        chart = charts.hbar_chart(
            _("本期派出任务与未准入"),
            [r.name for r in sending],
            [(_("派出任务"), [r.sent for r in sending]), (_("未准入"), [r.not_admitted for r in sending])],
        )
        blocks.append(Block(dept_table, chart))
    else:
        blocks.append(Block(dept_table))
    return Page("departments", blocks)


def office_page(user: Any, board: Dashboard, f: Filters) -> Page:
    data = selectors.office(user, f)
    months = [month_label(m.month)[2:] for m in data.trend]
    chart = charts.bar_chart(
        _("每月收到申请与作出决定"),
        months,
        [(_("收到申请"), [m.received for m in data.trend]), (_("作出决定"), [m.decided for m in data.trend])],
    )
    return Page(
        "office",
        [Block(tables.office_table(data.performance)), Block(tables.office_trend_table(data.trend), chart)],
        {"performance": data.performance},
    )


def reductions_page(user: Any, board: Dashboard, f: Filters) -> Page:
    data = selectors.reductions(user, f)
    labels = tables.reduction_labels()
    chart = charts.bar_chart(
        _("基准日与当前"),
        [labels[r.key][:6] for r in data.rows],
        [
            (data.baseline.isoformat(), [r.before for r in data.rows]),
            (data.now.isoformat(), [r.after for r in data.rows]),
        ],
    )
    return Page(
        "reductions",
        [Block(tables.reductions_table(data.rows, data.baseline, data.now), chart)],
        {"baseline": data.baseline, "now": data.now},
    )


BUILDERS = {
    "burden": burden_page,
    "departments": departments_page,
    "office": office_page,
    "reductions": reductions_page,
}


def build(user: Any, page: str, params: Any) -> tuple[Dashboard, Filters, Page]:
    board = selectors.require_dashboard(user, page)
    f = Filters.from_query(params, board)
    return board, f, BUILDERS[page](user, board, f)


def kept_build(
    user: Any, page: str, params: Any, *, stale_ok: bool = True
) -> tuple[Dashboard, Filters, Page]:
    """As `build`, from the cache when computed less than DASHBOARD_CACHE_SECONDS ago for the same
    dashboard, filters, language and day (dashboard.kept); `stale_ok=False` (exports) never takes an older
    copy."""
    board = selectors.require_dashboard(user, page)
    f = Filters.from_query(params, board)
    key = kept.figures_key(page, board, f, tables.BURDEN_PER_PAGE)
    return board, f, kept.kept_page(key, lambda: BUILDERS[page](user, board, f), stale_ok=stale_ok)
