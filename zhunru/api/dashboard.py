"""统计 (dashboard): each page's tables as on screen, with the same role scoping (a community its own, a
street its communities, the office and supervision the district, a department its own counts)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from zhunru.api.auth import actor
from zhunru.api.schemas import ERRORS
from zhunru.core.errors import NotFound
from zhunru.dashboard import pages
from zhunru.dashboard.selectors import PAGES

router = Router(tags=["统计"])


class DashboardTable(Schema):
    key: str = Field(description="表格标识，与页面导出 Excel 的文件名相同")
    title: str
    headers: list[str]
    rows: list[list[str | int | float]] = Field(description="各行；金额和工时为数字，占比为带 % 的文本")
    footer: list[str | int | float] | None = Field(description="合计行（如有）")


class DashboardPage(Schema):
    page: str = Field(description="burden、departments、office 或 reductions")
    level: str = Field(description="community、street、district、supervision 或 department")
    period: str = Field(description="统计期间，YYYY-MM 或 YYYY-MM — YYYY-MM")
    pages: list[str] = Field(description="本用户可以查看的统计页面")
    tables: list[DashboardTable]


def _cell(value: Any) -> str | int | float:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, int | float):
        return value
    return str(value)


@router.get(
    "/{page}",
    response={200: DashboardPage, **ERRORS},
    operation_id="dashboard_page",
    summary="统计页面的表格（month=YYYY-MM、span=1/3/6/12、street、department、kind、baseline 筛选）",
)
def dashboard_page(
    request: HttpRequest,
    page: str,
    month: str = "",
    span: int = 1,
    street: str = "",
    department: str = "",
    kind: str = "",
    baseline: str = "",
) -> dict[str, Any]:
    if page not in PAGES:
        raise NotFound()
    params = {
        "month": month,
        "span": str(span),
        "street": street,
        "department": department,
        "kind": kind,
        "baseline": baseline,
    }
    board, f, built = pages.build(actor(request), page, params)
    return {
        "page": page,
        "level": board.level,
        "period": f.period.label,
        "pages": list(board.pages),
        "tables": [
            {
                "key": b.table.key,
                "title": str(b.table.title),
                "headers": [str(h) for h in b.table.headers],
                "rows": [[_cell(c) for c in row] for row in b.table.rows],
                "footer": [_cell(c) for c in b.table.footer] if b.table.footer else None,
            }
            for b in built.blocks
        ],
    }
