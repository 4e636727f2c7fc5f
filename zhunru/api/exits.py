"""Exit requests (退出): create, accept, opinions, decide, withdraw."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from zhunru.access import decisions, exits, selectors, services
from zhunru.access.models import ExitRequest
from zhunru.api import present
from zhunru.api.auth import actor
from zhunru.api.pagination import PAGE_SIZE, paginate
from zhunru.api.schemas import ERRORS, ExitDecideIn, ExitDetail, ExitIn, ExitSummary, OpinionIn, page_of
from zhunru.catalog.selectors import access_matter

router = Router(tags=["退出申请"])

ExitPage = page_of(ExitSummary, "ExitPage")
DETAIL = {200: ExitDetail, **ERRORS}


def _get(request: HttpRequest, exit_id: int) -> ExitRequest:
    return selectors.access_exit_request(actor(request), exit_id)


def _detail(request: HttpRequest, exit_id: int) -> dict[str, Any]:
    user = actor(request)
    return present.exit_detail(user, selectors.access_exit_request(user, exit_id))


@router.get("", response={200: ExitPage, **ERRORS}, operation_id="exits_list", summary="退出申请列表")
def exit_requests(request: HttpRequest, status: str = "", page: int = 1, page_size: int = PAGE_SIZE) -> dict:
    qs = selectors.visible_exit_requests(actor(request))
    if status:
        qs = qs.filter(status=status)
    return paginate(qs.order_by("-created_at", "-pk"), page, page_size, present.exit_summary)


@router.post(
    "",
    response={201: ExitDetail, **ERRORS},
    operation_id="exit_create",
    summary="申请事项退出（社区工作者、街道工作人员、准入办）",
)
def create(request: HttpRequest, payload: ExitIn) -> Status[dict[str, Any]]:
    user = actor(request)
    req = exits.exit_request_create(
        actor=user,
        matter=access_matter(user, payload.matter_code.strip()),
        reasons=payload.reasons,
        explanation=payload.explanation,
        resident_signatures=payload.resident_signatures,
    )
    return Status(201, _detail(request, req.pk))


@router.get("/{int:exit_id}", response=DETAIL, operation_id="exit_get", summary="退出申请详情")
def detail(request: HttpRequest, exit_id: int) -> dict:
    return _detail(request, exit_id)


@router.post(
    "/{int:exit_id}/accept", response=DETAIL, operation_id="exit_accept", summary="受理并审查（准入办）"
)
def accept(request: HttpRequest, exit_id: int) -> dict:
    exits.exit_request_accept(actor=actor(request), exit_request=_get(request, exit_id))
    return _detail(request, exit_id)


@router.post(
    "/{int:exit_id}/opinions",
    response=DETAIL,
    operation_id="exit_opinion",
    summary="提出退出审查意见（联席会议成员；责任单位的成员回避）",
)
def opinion(request: HttpRequest, exit_id: int, payload: OpinionIn) -> dict:
    services.opinion_give(
        actor=actor(request),
        exit_request=_get(request, exit_id),
        stance=payload.stance,
        reasons=payload.reasons,
        conditions=payload.conditions,
    )
    return _detail(request, exit_id)


@router.post(
    "/{int:exit_id}/decide", response=DETAIL, operation_id="exit_decide", summary="作出退出决定（准入办）"
)
def decide(request: HttpRequest, exit_id: int, payload: ExitDecideIn) -> dict:
    decisions.exit_decide(
        actor=actor(request),
        exit_request=_get(request, exit_id),
        outcome=payload.outcome,
        reasons=payload.reasons,
    )
    return _detail(request, exit_id)


@router.post(
    "/{int:exit_id}/withdraw",
    response=DETAIL,
    operation_id="exit_withdraw",
    summary="撤回退出申请（申请人，受理前）",
)
def withdraw(request: HttpRequest, exit_id: int) -> dict:
    exits.exit_request_withdraw(actor=actor(request), exit_request=_get(request, exit_id))
    return _detail(request, exit_id)
