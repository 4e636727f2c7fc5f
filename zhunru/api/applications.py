"""Access applications: drafting, one POST per transition, opinions, the similar-matter check.
Each endpoint finds the object through access_application (404 for missing and not-yours alike),
then calls the same service as the web UI."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from ninja import File, Router, Status
from ninja.files import UploadedFile

from zhunru.access import decisions, selectors, services
from zhunru.access.files import MAX_ATTACHMENT
from zhunru.access.models import AccessApplication
from zhunru.api import present
from zhunru.api.auth import actor
from zhunru.api.pagination import PAGE_SIZE, paginate
from zhunru.api.schemas import (
    ERRORS,
    ApplicationDetail,
    ApplicationIn,
    ApplicationSummary,
    AttachmentOut,
    DecideIn,
    HearingIn,
    HearingRecordIn,
    NoteIn,
    OpinionIn,
    ReasonIn,
    ReturnIn,
    SimilarOut,
    page_of,
)
from zhunru.core.errors import Forbidden

router = Router(tags=["准入申请"])

ApplicationPage = page_of(ApplicationSummary, "ApplicationPage")
DETAIL = {200: ApplicationDetail, **ERRORS}


def _get(request: HttpRequest, application_id: int) -> AccessApplication:
    return selectors.access_application(actor(request), application_id)


def _detail(request: HttpRequest, application_id: int) -> dict[str, Any]:
    user = actor(request)
    return present.application_detail(user, selectors.access_application(user, application_id))


@router.get(
    "",
    response={200: ApplicationPage, **ERRORS},
    operation_id="applications_list",
    summary="准入申请列表（本单位的申请；准入办和联席会议成员：已提交的全部申请）",
)
def applications(
    request: HttpRequest, status: str = "", q: str = "", page: int = 1, page_size: int = PAGE_SIZE
) -> dict:
    qs = selectors.visible_applications(actor(request))
    if status:
        qs = qs.filter(status=status)
    if q.strip():
        qs = qs.filter(Q(matter_name__icontains=q.strip()) | Q(reference__icontains=q.strip()))
    return paginate(qs.order_by("-created_at", "-pk"), page, page_size, present.application_summary)


@router.post(
    "",
    response={201: ApplicationDetail, **ERRORS},
    operation_id="application_create",
    summary="起草准入申请（部门经办人）",
)
def create(request: HttpRequest, payload: ApplicationIn) -> Status[dict[str, Any]]:
    app = services.application_create(actor=actor(request), data=payload.dict(exclude_unset=True))
    return Status(201, _detail(request, app.pk))


@router.get(
    "/{int:application_id}",
    response=DETAIL,
    operation_id="application_get",
    summary="准入申请详情（含期限和当前用户可执行的操作）",
)
def detail(request: HttpRequest, application_id: int) -> dict:
    return _detail(request, application_id)


@router.patch(
    "/{int:application_id}",
    response=DETAIL,
    operation_id="application_update",
    summary="修改草稿或补正退回的申请（只改提交的字段；修改已签发的申请须重新签发）",
)
def update(request: HttpRequest, application_id: int, payload: ApplicationIn) -> dict:
    app = _get(request, application_id)
    services.application_update(actor=actor(request), application=app, data=payload.dict(exclude_unset=True))
    return _detail(request, application_id)


@router.post(
    "/{int:application_id}/attachments",
    response={201: AttachmentOut, **ERRORS},
    operation_id="application_attach",
    summary="上传依据文件（PDF、DOCX、JPG、PNG，按内容检查，≤ 20 MB）",
)
def attach(request: HttpRequest, application_id: int, file: File[UploadedFile]) -> Status[dict[str, Any]]:
    app = _get(request, application_id)
    data = file.read(MAX_ATTACHMENT + 1)  # one byte more than allowed is enough for the service to refuse
    added = services.attachment_add(
        actor=actor(request), application=app, name=file.name or "file", data=data
    )
    return Status(201, present.attachment(added))


@router.post(
    "/{int:application_id}/sign",
    response=DETAIL,
    operation_id="application_sign",
    summary="签发（部门负责人，不能签发自己起草的申请）",
)
def sign(request: HttpRequest, application_id: int) -> dict:
    services.application_sign(actor=actor(request), application=_get(request, application_id))
    return _detail(request, application_id)


@router.post(
    "/{int:application_id}/submit",
    response=DETAIL,
    operation_id="application_submit",
    summary="提交（须在开始日期前至少 30 个工作日）",
)
def submit(request: HttpRequest, application_id: int) -> dict:
    services.application_submit(actor=actor(request), application=_get(request, application_id))
    return _detail(request, application_id)


@router.post(
    "/{int:application_id}/withdraw",
    response=DETAIL,
    operation_id="application_withdraw",
    summary="撤回（受理前）",
)
def withdraw(request: HttpRequest, application_id: int, payload: ReasonIn | None = None) -> dict:
    reason = payload.reason if payload is not None else ""
    services.application_withdraw(
        actor=actor(request), application=_get(request, application_id), reason=reason
    )
    return _detail(request, application_id)


@router.post(
    "/{int:application_id}/return",
    response=DETAIL,
    operation_id="application_return",
    summary="退回补正（准入办，写明理由）",
)
def return_(request: HttpRequest, application_id: int, payload: ReturnIn) -> dict:
    services.application_return(
        actor=actor(request), application=_get(request, application_id), reason=payload.reason
    )
    return _detail(request, application_id)


@router.post(
    "/{int:application_id}/resubmit",
    response=DETAIL,
    operation_id="application_resubmit",
    summary="补正后重新提交",
)
def resubmit(request: HttpRequest, application_id: int, payload: NoteIn | None = None) -> dict:
    note = payload.note if payload is not None else ""
    services.application_resubmit(actor=actor(request), application=_get(request, application_id), note=note)
    return _detail(request, application_id)


@router.post(
    "/{int:application_id}/accept",
    response=DETAIL,
    operation_id="application_accept",
    summary="受理（准入办）",
)
def accept(request: HttpRequest, application_id: int) -> dict:
    services.application_accept(actor=actor(request), application=_get(request, application_id))
    return _detail(request, application_id)


@router.post(
    "/{int:application_id}/start-review",
    response=DETAIL,
    operation_id="application_start_review",
    summary="开始审查（准入办）",
)
def start_review(request: HttpRequest, application_id: int) -> dict:
    services.application_start_review(actor=actor(request), application=_get(request, application_id))
    return _detail(request, application_id)


@router.post(
    "/{int:application_id}/hearing",
    response=DETAIL,
    operation_id="application_schedule_hearing",
    summary="安排听证（公告期满后举行）",
)
def schedule_hearing(request: HttpRequest, application_id: int, payload: HearingIn) -> dict:
    services.application_schedule_hearing(
        actor=actor(request),
        application=_get(request, application_id),
        scheduled_on=payload.scheduled_on,
        place=payload.place,
        participants=payload.participants,
        agenda=payload.agenda,
        notice_days=payload.notice_days,
    )
    return _detail(request, application_id)


@router.post(
    "/{int:application_id}/hearing/record",
    response=DETAIL,
    operation_id="application_record_hearing",
    summary="记录听证",
)
def record_hearing(request: HttpRequest, application_id: int, payload: HearingRecordIn) -> dict:
    services.application_record_hearing(
        actor=actor(request),
        application=_get(request, application_id),
        held_on=payload.held_on,
        minutes=payload.minutes,
        outcome=payload.outcome,
    )
    return _detail(request, application_id)


@router.post(
    "/{int:application_id}/opinions",
    response=DETAIL,
    operation_id="application_opinion",
    summary="提出审查意见（联席会议成员；申请单位的成员回避）",
)
def opinion(request: HttpRequest, application_id: int, payload: OpinionIn) -> dict:
    services.opinion_give(
        actor=actor(request),
        application=_get(request, application_id),
        stance=payload.stance,
        reasons=payload.reasons,
        conditions=payload.conditions,
    )
    return _detail(request, application_id)


@router.post(
    "/{int:application_id}/decide",
    response=DETAIL,
    operation_id="application_decide",
    summary="作出决定（准入办，须与联席会议多数意见一致）",
)
def decide(request: HttpRequest, application_id: int, payload: DecideIn) -> dict:
    decisions.application_decide(
        actor=actor(request),
        application=_get(request, application_id),
        outcome=payload.outcome,
        reasons=payload.reasons,
        conditions=payload.conditions,
        unfunded_justification=payload.unfunded_justification,
    )
    return _detail(request, application_id)


@router.get(
    "/{int:application_id}/similar",
    response={200: SimilarOut, **ERRORS},
    operation_id="application_similar",
    summary="相似事项与重复采集的数据字段（一表通；准入办和联席会议成员）",
)
def similar(request: HttpRequest, application_id: int) -> dict:
    app = _get(request, application_id)
    if not actor(request).has_role(*selectors.OFFICE_ROLES):
        raise Forbidden()  # a review aid for the office and the joint meeting, as on the review page
    return {
        "similar": [
            {
                "code": m.code,
                "name": m.name,
                "list": m.list,
                "department": m.department.name if m.department else "",
                "score": score,
            }
            for m, score in selectors.similar_matters(app)
        ],
        "data_field_overlaps": [
            {"field": f, "matters": [present.named(m) for m in matters]}
            for f, matters in selectors.data_field_overlaps(app).items()
        ],
    }
