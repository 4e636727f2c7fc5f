"""Decision letters: public, like the portal. Verify by number or SM3 digest."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from zhunru.access import selectors
from zhunru.api import present
from zhunru.api.auth import viewer
from zhunru.api.pagination import PAGE_SIZE, paginate
from zhunru.api.schemas import PUBLIC_ERRORS, DecisionDetail, DecisionOut, VerifyOut, page_of
from zhunru.core.errors import NotFound

router = Router(tags=["决定书"])

DecisionPage = page_of(DecisionOut, "DecisionPage")


@router.get(
    "",
    auth=None,
    response={200: DecisionPage, **PUBLIC_ERRORS},
    operation_id="decisions_list",
    summary="决定书列表（公开）",
)
def decisions(
    request: HttpRequest,
    year: int | None = None,
    outcome: str = "",
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> dict:
    viewer(request)
    qs = selectors.public_decisions()
    if year is not None:
        qs = qs.filter(year=year)
    if outcome:
        qs = qs.filter(outcome=outcome)
    return paginate(qs, page, page_size, present.decision)


@router.get(
    "/verify",
    auth=None,
    response={200: VerifyOut, **PUBLIC_ERRORS},
    operation_id="decisions_verify",
    summary="核验决定书（按文号或 SM3 摘要）",
)
def verify(request: HttpRequest, q: str) -> dict:
    viewer(request)
    found = selectors.find_decision(q)
    if found is None:
        return {"found": False, "intact": None, "decision": None}
    detail = present.decision_detail(found)
    return {"found": True, "intact": detail["intact"], "decision": detail}


@router.get(
    "/{int:year}-{int:seq}",
    auth=None,
    response={200: DecisionDetail, **PUBLIC_ERRORS},
    operation_id="decision_get",
    summary="决定书全文（公开）",
)
def decision(request: HttpRequest, year: int, seq: int) -> dict:
    viewer(request)
    found = selectors.public_decisions().filter(year=year, seq=seq).first()
    if found is None:
        raise NotFound()
    return present.decision_detail(found)
