"""The community gateway (社区任务登记与判定): register and judge demands, answer them (accept, refuse,
report), and the departments' front door (dispatch by an own matter). Same services and selectors as
the web pages; a notice of another community answers 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from zhunru.accounts.roles import Role
from zhunru.api.auth import actor
from zhunru.api.pagination import PAGE_SIZE, paginate
from zhunru.api.schemas import ERRORS, page_of
from zhunru.catalog.selectors import access_matter
from zhunru.core.errors import Forbidden
from zhunru.gateway import selectors, services
from zhunru.gateway.models import TaskNotice

router = Router(tags=["任务登记与判定"])


class VerdictOut(Schema):
    verdict: str = Field(
        description="判定：duty 依法履职、assist 依法协助、admitted 已准入、"
        "negative 负面清单、unapproved 未经准入"
    )
    verdict_label: str
    allowed: bool = Field(description="社区是否应当办理（duty、assist、admitted）")
    item: str = Field(description="匹配的事项编码（无匹配时为空）")
    item_name: str
    score: float = Field(description="置信度 0–1")
    reason: str
    department: str = Field(description="识别出的来源部门名称（无法识别时为原文或空）")
    matched: list[str] = Field(description="匹配词")
    text: str
    received_on: dt.date


class JudgeIn(Schema):
    text: str = Field(description="收到的任务原文；多条消息用空行分开（或微信聊天记录的时间行）")
    department: str = Field("", description="来源部门；不填时从原文中识别")
    date: dt.date | None = Field(None, description="收到日期，默认今天")


class NoticeIn(Schema):
    text: str = Field(description="收到的任务原文")
    department: str = Field("", description="来源部门；不填时从原文中识别")
    received_on: dt.date | None = Field(None, description="收到日期，默认今天")
    deadline: dt.date | None = None
    hours: Decimal | None = Field(None, description="预计工时（小时）")


class DispatchIn(Schema):
    matter_code: str = Field(description="本单位已准入或依法协助事项的编码")
    communities: list[str] = Field(description="社区区划代码（12 位）")
    text: str
    deadline: dt.date | None = None


class NoticeOut(Schema):
    id: int
    community: str = Field(description="社区区划代码")
    community_name: str
    department: str = Field(description="来源部门（识别出的名称，或原文）")
    received_on: dt.date
    text: str
    deadline: dt.date | None
    hours: Decimal | None
    verdict: str
    verdict_label: str
    allowed: bool
    matter_code: str
    score: Decimal
    reason: str
    matched_words: list[str]
    source: str
    action: str = Field(description="pending 待处理、accepted 已接受、refused 已拒绝")
    action_label: str
    refusal_number: str = Field(description="拒绝告知书编号（已拒绝时）")
    refusal_pdf: str = Field(description="拒绝告知书 PDF 的网址（已拒绝时）")
    reported: bool
    report_reference: str
    actions: list[str] = Field(description="当前用户可执行的操作：accept、refuse、refuse_report、report")


NoticePage = page_of(NoticeOut, "NoticePage")


def _notice(user: Any, n: TaskNotice) -> dict[str, Any]:
    return {
        "id": n.pk,
        "community": n.community.code,
        "community_name": n.community.name,
        "department": n.source_name,
        "received_on": n.received_on,
        "text": n.text,
        "deadline": n.deadline,
        "hours": n.hours,
        "verdict": n.verdict,
        "verdict_label": str(n.get_verdict_display()),
        "allowed": n.allowed,
        "matter_code": n.matter_code,
        "score": n.score,
        "reason": n.reason,
        "matched_words": list(n.matched_words or []),
        "source": n.source,
        "action": n.action,
        "action_label": str(n.get_action_display()),
        "refusal_number": (n.refusal or {}).get("number", ""),
        "refusal_pdf": f"/gateway/notices/{n.pk}/refusal.pdf" if n.refusal else "",
        "reported": n.reported if selectors.sees_report(user, n) else False,
        "report_reference": n.report_reference if selectors.sees_report(user, n) else "",
        "actions": selectors.notice_actions(user, n),
    }


def _verdict(row: selectors.Judged) -> dict[str, Any]:
    v = row.verdict
    return {
        "verdict": v.verdict,
        "verdict_label": row.verdict_label,
        "allowed": row.allowed,
        "item": v.item,
        "item_name": v.item_name,
        "score": v.score,
        "reason": v.reason,
        "department": row.department_name or v.department,
        "matched": list(v.matched),
        "text": row.text,
        "received_on": row.received_on,
    }


def _community(user: Any) -> Any:
    if not user.has_role(Role.COMMUNITY_WORKER) or not user.community_id:
        raise Forbidden()
    return user.community


@router.get(
    "/notices",
    response={200: NoticePage, **ERRORS},
    operation_id="gateway_notices_list",
    summary="我的任务：本社区登记的任务（街道工作人员：本街道各社区，只读）",
)
def notices(
    request: HttpRequest,
    verdict: str = "",
    department: str = "",
    month: str = "",
    community: str = "",
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> dict:
    user = actor(request)
    filters = selectors.Filters.from_query(
        {"verdict": verdict, "department": department, "month": month, "community": community}
    )
    qs = selectors.filter_notices(selectors.visible_notices(user), filters)
    return paginate(qs, page, page_size, lambda n: _notice(user, n))


@router.get(
    "/notices/{int:notice_id}",
    response={200: NoticeOut, **ERRORS},
    operation_id="gateway_notice_get",
    summary="任务详情",
)
def notice(request: HttpRequest, notice_id: int) -> dict:
    user = actor(request)
    return _notice(user, selectors.access_notice(user, notice_id))


@router.post(
    "/notices",
    response={201: NoticeOut, **ERRORS},
    operation_id="gateway_notice_register",
    summary="登记收到的任务并立即判定（社区工作者，本社区）",
)
def register(request: HttpRequest, payload: NoticeIn) -> Status[dict[str, Any]]:
    user = actor(request)
    created = services.notice_register(
        actor=user,
        text=payload.text,
        department_text=payload.department,
        received_on=payload.received_on,
        deadline=payload.deadline,
        hours=payload.hours,
    )
    return Status(201, _notice(user, selectors.access_notice(user, created.pk)))


@router.post(
    "/judge",
    response={200: list[VerdictOut], **ERRORS},
    operation_id="gateway_judge",
    summary="判定预览：逐条判定粘贴的消息，不保存（社区工作者）",
)
def judge(request: HttpRequest, payload: JudgeIn) -> list[dict[str, Any]]:
    user = actor(request)
    rows = selectors.judge_paste(
        text=payload.text,
        community=_community(user),
        department_text=payload.department[:100],
        date=payload.date,
    )
    return [_verdict(row) for row in rows]


def _act(request: HttpRequest, notice_id: int, service: Any) -> dict[str, Any]:
    user = actor(request)
    done = service(actor=user, notice=selectors.access_notice(user, notice_id))
    return _notice(user, selectors.access_notice(user, done.pk))


@router.post(
    "/notices/{int:notice_id}/accept",
    response={200: NoticeOut, **ERRORS},
    operation_id="gateway_notice_accept",
    summary="接受：应办的任务列入本社区工作",
)
def accept(request: HttpRequest, notice_id: int) -> dict:
    return _act(request, notice_id, services.notice_accept)


@router.post(
    "/notices/{int:notice_id}/refuse",
    response={200: NoticeOut, **ERRORS},
    operation_id="gateway_notice_refuse",
    summary="拒绝未经准入的任务，生成拒绝告知书",
)
def refuse(request: HttpRequest, notice_id: int) -> dict:
    return _act(request, notice_id, services.notice_refuse)


@router.post(
    "/notices/{int:notice_id}/report",
    response={200: NoticeOut, **ERRORS},
    operation_id="gateway_notice_report",
    summary="举报：拒绝（尚未拒绝时）并向纪检监察机关举报",
)
def report(request: HttpRequest, notice_id: int) -> dict:
    user = actor(request)
    current = selectors.access_notice(user, notice_id)
    service = (
        services.notice_refuse_and_report
        if current.action == TaskNotice.Action.PENDING
        else services.notice_report
    )
    return _act(request, notice_id, service)


@router.post(
    "/dispatch",
    response={201: list[NoticeOut], **ERRORS},
    operation_id="gateway_dispatch",
    summary="派单：部门依据本单位的准入或协助事项向社区派发任务",
)
def dispatch(request: HttpRequest, payload: DispatchIn) -> Status[list[dict[str, Any]]]:
    user = actor(request)
    created = services.notice_dispatch(
        actor=user,
        matter=access_matter(user, payload.matter_code.strip()),
        communities=payload.communities,
        text=payload.text,
        deadline=payload.deadline,
    )
    return Status(201, [_notice(user, n) for n in created])
