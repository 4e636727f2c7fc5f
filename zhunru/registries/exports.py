"""The Excel files of the registries: the signboard list, a campaign's report and the ledger/report
registry. Built from the selectors' answers; headers in the language of the request."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from zhunru.registries import selectors
from zhunru.registries.models import Campaign, Signboard

RISKY = ("=", "+", "-", "@")


def _safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is kept as text."""
    if isinstance(value, str) and value.startswith(RISKY):
        return "'" + value
    return value


def workbook(sheets: Sequence[tuple[str, list[str], Iterable[Sequence[Any]]]]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        ws.append(headers)
        for row in rows:
            ws.append([_safe(v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _date(value: Any) -> str:
    return value.isoformat() if value else ""


def signboard_rows(boards: Iterable[Signboard]) -> list[list[Any]]:
    rows = []
    for b in boards:
        rows.append(
            [
                b.community.code,
                b.community.name,
                b.community.parent.name if b.community.parent else "",
                b.name,
                b.department.name,
                b.get_placement_display(),
                f"{b.matter.code} {b.matter.name}" if b.matter else "",
                _("是") if selectors.admitted(b) else _("否"),
                b.get_status_display(),
                _date(b.registered_on),
                _date(b.removed_on),
                b.removal_note,
            ]
        )
    return rows


def signboard_headers() -> list[str]:
    return [
        _("区划代码"),
        _("社区"),
        _("街道"),
        _("牌子名称"),
        _("挂牌部门"),
        _("位置"),
        _("准入事项"),
        _("有准入依据"),
        _("状态"),
        _("登记日期"),
        _("摘除日期"),
        _("摘除说明"),
    ]


def signboards_xlsx(boards: Iterable[Signboard]) -> bytes:
    return workbook([(_("挂牌"), signboard_headers(), signboard_rows(boards))])


def campaign_xlsx(user: Any, campaign: Campaign) -> bytes:
    report = selectors.campaign_report(user, campaign)
    counts = [
        [
            r.code,
            r.name,
            r.street,
            r.before_total,
            r.before_unadmitted,
            r.after_total,
            r.after_unadmitted,
            r.listed,
            r.removed,
            r.overdue,
        ]
        for r in [*report.rows, report.total]
    ]
    count_headers = [
        _("区划代码"),
        _("社区"),
        _("街道"),
        _("开始时挂牌数"),
        _("开始时无准入依据"),
        _("现挂牌数") if not report.after_is_final else _("结束时挂牌数"),
        _("现无准入依据") if not report.after_is_final else _("结束时无准入依据"),
        _("列入清理"),
        _("已摘除"),
        _("超期未摘除"),
    ]
    items = [i.signboard for i in selectors.campaign_items(user, campaign)]
    return workbook(
        [
            (_("前后对比"), count_headers, counts),
            (_("清理清单"), signboard_headers(), signboard_rows(items)),
        ]
    )


def ledger_xlsx(user: Any, year: int) -> bytes:
    rows = selectors.ledger_rows(year)
    matters = [
        [
            r.matter.code,
            r.matter.name,
            r.matter.get_kind_display(),
            r.matter.get_list_display(),
            r.matter.department.name if r.matter.department else "",
            r.matter.frequency,
            r.per_year if r.per_year is not None else "",
            "；".join(str(f) for f in r.matter.data_fields),
        ]
        for r in rows
    ]
    loads = [selectors.community_load(c, rows) for c in selectors.ledger_communities(user).order_by("code")]
    per_community = [
        [
            load.community.code,
            load.community.name,
            d.department,
            d.matters,
            d.per_year,
            d.unknown,
        ]
        for load in loads
        for d in load.by_department
    ]
    fields = [
        [
            e.name,
            len(e.departments),
            "、".join(e.departments),
            "、".join(f"{m.code} {m.name}" for m in e.matters),
        ]
        for e in selectors.shared_fields()
    ]
    return workbook(
        [
            (
                _("台账报表"),
                [
                    _("事项编码"),
                    _("事项名称"),
                    _("事项类型"),
                    _("清单类别"),
                    _("责任部门"),
                    _("频次"),
                    _("每年报送次数"),
                    _("采集字段"),
                ],
                matters,
            ),
            (
                _("各社区报送"),
                [
                    _("区划代码"),
                    _("社区"),
                    _("部门"),
                    _("台账报表数"),
                    _("每年报送次数"),
                    _("次数不定的"),
                ],
                per_community,
            ),
            (
                _("一表通字段"),
                [_("字段"), _("部门数"), _("部门"), _("台账报表")],
                fields,
            ),
        ]
    )
