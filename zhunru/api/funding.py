"""Funding (经费, 费随事转): arrears per matter, department or community; a matter's commitments; the
department records disbursements; a community confirms or disputes them. Same scope as the web pages:
a department its own matters, a community its own lines, a street its communities, the approval office
and supervision the district. Amounts are strings of yuan with two decimals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from zhunru.api.auth import actor
from zhunru.api.pagination import PAGE_SIZE, paginate
from zhunru.api.present import named
from zhunru.api.schemas import ERRORS, Named, page_of
from zhunru.catalog.models import Matter
from zhunru.core.errors import Forbidden, NotFound
from zhunru.funding import selectors, services, workflow
from zhunru.funding.models import DisbursementLine, LineStatus

router = Router(tags=["经费"])


class FiguresOut(Schema):
    committed: str = Field(description="承诺（元）")
    paid: str = Field(description="已拨付：部门登记的拨付，不含已撤销（含有异议的）")
    confirmed: str = Field(description="社区已确认到账")
    disputed: str = Field(description="社区有异议")
    pending: str = Field(description="待确认 = 已拨付 − 已确认 − 有异议")
    unpaid: str = Field(description="欠拨 = 承诺 − (已拨付 − 有异议)")
    overdue: str = Field(description="超过拨付期限若干工作日仍欠拨的部分")


class ArrearsRowOut(FiguresOut):
    code: str = Field(description="事项编码、统一社会信用代码或区划代码")
    name: str
    context: str = Field(description="事项的责任部门，或社区所在街道")
    commitments: int
    households: int | None = Field(None, description="户数（按社区汇总时）")
    reference_welfare: str | None = Field(None, description="公益事业经费参考标准（元/年，按社区汇总时）")
    reference_work: str | None = Field(None, description="社区工作经费参考标准（元/年，按社区汇总时）")
    unfunded: bool = Field(description="事项已认定经费未到位（按事项汇总时）")


class ArrearsOut(Schema):
    year: str = Field(description="年度（空为全部年度）")
    by: str = Field(description="matter、department 或 community")
    total: FiguresOut
    count: int
    page: int
    pages: int
    page_size: int
    items: list[ArrearsRowOut]


class CommitmentOut(FiguresOut):
    id: int
    year: int
    community: Named
    amount: str
    source: str
    due_on: dt.date
    decision: str = Field(description="准入决定文号")


class DisbursementIn(Schema):
    matter: str = Field(description="事项编码")
    year: int = Field(description="承诺年度")
    paid_on: dt.date
    voucher_number: str
    amount: str = Field(description="每个社区的金额（元，最多两位小数）")
    communities: list[str] = Field(description="社区区划代码")
    note: str = ""


class LineOut(Schema):
    id: int
    disbursement: str = Field(description="拨付编号")
    voucher_number: str
    paid_on: dt.date
    department: Named
    matter: Named
    year: int
    community: Named
    amount: str
    status: str = Field(description="pending、confirmed、disputed 或 cancelled")
    status_label: str
    note: str
    actions: list[str] = Field(description="当前用户可执行的操作：confirm、dispute、cancel")


class DisbursementOut(Schema):
    reference: str
    voucher_number: str
    paid_on: dt.date
    year: int
    amount_per_community: str
    total: str
    lines: list[LineOut]


class FundingNoteIn(Schema):
    note: str = Field(description="说明（异议或撤销理由，必填）")


class UnfundedOut(Schema):
    matter: Named
    department: Named
    flagged_on: dt.date
    oldest_due_on: dt.date
    overdue_amount: str
    communities: int
    exit_request: str = Field(description="退出申请编号（未能发起时为空）")
    note: str


LinePage = page_of(LineOut, "FundingLinePage")


def _figures(f: selectors.Figures) -> dict[str, str]:
    return {
        "committed": str(f.committed),
        "paid": str(f.paid),
        "confirmed": str(f.confirmed),
        "disputed": str(f.disputed),
        "pending": str(f.pending),
        "unpaid": str(f.unpaid),
        "overdue": str(f.overdue),
    }


def _line(user: Any, x: DisbursementLine) -> dict[str, Any]:
    d = x.disbursement
    return {
        "id": x.pk,
        "disbursement": d.reference,
        "voucher_number": d.voucher_number,
        "paid_on": d.paid_on,
        "department": named(d.department),
        "matter": named(d.matter),
        "year": d.year,
        "community": named(x.community),
        "amount": str(x.amount),
        "status": x.status,
        "status_label": str(LineStatus(x.status).label),
        "note": x.note,
        "actions": selectors.line_actions(user, x),
    }


def _require(request: HttpRequest, *roles: str) -> Any:
    user = actor(request)
    if not user.has_role(*roles):
        raise Forbidden()
    return user


@router.get(
    "/arrears",
    response={200: ArrearsOut, **ERRORS},
    operation_id="funding_arrears",
    summary="经费欠拨统计：按事项、部门或社区汇总承诺、已拨付、已确认和欠拨",
)
def arrears(
    request: HttpRequest,
    year: str = "",
    by: str = "matter",
    q: str = "",
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> dict:
    """year: a year, or empty for every year (the web page's default is the current year)."""
    user = _require(request, *workflow.FUNDING_ROLES)
    rows, total, f = selectors.arrears(user, {"year": year, "by": by, "q": q})

    def present(r: selectors.ArrearsRow) -> dict[str, Any]:
        return {
            **_figures(r),
            "code": r.code,
            "name": r.label,
            "context": r.context,
            "commitments": r.commitments,
            "households": r.households,
            "reference_welfare": None if r.reference_welfare is None else str(r.reference_welfare),
            "reference_work": None if r.reference_work is None else str(r.reference_work),
            "unfunded": r.unfunded is not None,
        }

    return {
        "year": f["year"],
        "by": f["by"],
        "total": _figures(total),
        **paginate(rows, page, page_size, present),
    }


@router.get(
    "/matters/{code}/commitments",
    response={200: list[CommitmentOut], **ERRORS},
    operation_id="funding_matter_commitments",
    summary="一个事项的经费承诺及拨付情况",
)
def matter_commitments(request: HttpRequest, code: str, year: int | None = None) -> list[dict[str, Any]]:
    user = _require(request, *workflow.FUNDING_ROLES)
    matter = _matter(user, code)
    return [
        {
            **_figures(fig),
            "id": c.pk,
            "year": c.year,
            "community": named(c.community),
            "amount": str(c.amount),
            "source": c.source,
            "due_on": c.due_on,
            "decision": c.decision.number,
        }
        for c, fig in selectors.matter_commitments(user, matter, year)
    ]


def _matter(user: Any, code: str) -> Matter:
    pk = Matter.objects.filter(code=code.strip()).values_list("pk", flat=True).first()
    if pk is None:
        raise NotFound()
    return selectors.access_matter(user, pk)


@router.post(
    "/disbursements",
    response={201: DisbursementOut, **ERRORS},
    operation_id="funding_disbursement_record",
    summary="登记拨付（事项责任部门的经办人、负责人）",
)
def disbursement_record(request: HttpRequest, payload: DisbursementIn) -> Status:
    user = _require(request, *workflow.DEPARTMENT)
    matter = _matter(user, payload.matter)
    d = services.disbursement_record(
        actor=user,
        matter=matter,
        year=payload.year,
        paid_on=payload.paid_on,
        voucher_number=payload.voucher_number,
        amount=payload.amount,
        communities=payload.communities,
        note=payload.note,
    )
    lines = d.lines.select_related("disbursement__department", "disbursement__matter", "community")
    return Status(
        201,
        {
            "reference": d.reference,
            "voucher_number": d.voucher_number,
            "paid_on": d.paid_on,
            "year": d.year,
            "amount_per_community": str(d.amount_per_community),
            "total": str(d.total),
            "lines": [_line(user, x) for x in lines],
        },
    )


@router.get(
    "/lines",
    response={200: LinePage, **ERRORS},
    operation_id="funding_lines_list",
    summary="拨付明细（社区看本社区的，部门看本单位的）",
)
def lines(
    request: HttpRequest,
    status: str = "",
    q: str = "",
    year: str = "",
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> dict:
    user = _require(request, *workflow.FUNDING_ROLES)
    qs, _f = selectors.filtered_lines(user, {"status": status, "q": q, "year": year})
    return paginate(qs, page, page_size, lambda x: _line(user, x))


@router.post(
    "/lines/{int:line_id}/confirm",
    response={200: LineOut, **ERRORS},
    operation_id="funding_line_confirm",
    summary="确认到账（本社区的社区工作者）",
)
def line_confirm(request: HttpRequest, line_id: int) -> dict:
    user = actor(request)
    services.disbursement_line_confirm(actor=user, line=selectors.access_line(user, line_id))
    return _line(user, selectors.access_line(user, line_id))


@router.post(
    "/lines/{int:line_id}/dispute",
    response={200: LineOut, **ERRORS},
    operation_id="funding_line_dispute",
    summary="对拨付提出异议（本社区的社区工作者，须写明情况）",
)
def line_dispute(request: HttpRequest, line_id: int, payload: FundingNoteIn) -> dict:
    user = actor(request)
    services.disbursement_line_dispute(
        actor=user, line=selectors.access_line(user, line_id), note=payload.note
    )
    return _line(user, selectors.access_line(user, line_id))


@router.post(
    "/lines/{int:line_id}/cancel",
    response={200: LineOut, **ERRORS},
    operation_id="funding_line_cancel",
    summary="撤销拨付记录（登记单位的经办人、负责人，须写明理由）",
)
def line_cancel(request: HttpRequest, line_id: int, payload: FundingNoteIn) -> dict:
    user = actor(request)
    services.disbursement_line_cancel(
        actor=user, line=selectors.access_line(user, line_id), note=payload.note
    )
    return _line(user, selectors.access_line(user, line_id))


@router.get(
    "/unfunded",
    response={200: list[UnfundedOut], **ERRORS},
    operation_id="funding_unfunded_list",
    summary="经费未到位的事项及其退出申请",
)
def unfunded(request: HttpRequest) -> list[dict[str, Any]]:
    user = _require(request, *workflow.FUNDING_ROLES)
    return [
        {
            "matter": named(u.matter),
            "department": named(u.department),
            "flagged_on": u.flagged_on,
            "oldest_due_on": u.oldest_due_on,
            "overdue_amount": str(u.overdue_amount),
            "communities": u.communities,
            "exit_request": u.exit_request.reference if u.exit_request else "",
            "note": u.note,
        }
        for u in selectors.visible_unfunded(user)
    ]
