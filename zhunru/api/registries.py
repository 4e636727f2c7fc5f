"""Registries (挂牌、台账报表): signboards and their removal, clean-up campaigns with their counts before
and after, the ledger/report registry (submissions a year) and the 一表通 field index. Same services,
selectors and scope as the web pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from zhunru.access.files import MAX_ATTACHMENT
from zhunru.api.auth import actor
from zhunru.api.pagination import PAGE_SIZE, paginate
from zhunru.api.present import PREFIX, named
from zhunru.api.schemas import ERRORS, Named, page_of
from zhunru.areas.models import Department
from zhunru.catalog.models import Matter
from zhunru.core import clock
from zhunru.core.errors import Forbidden, ValidationFailed
from zhunru.registries import selectors, services, workflow
from zhunru.registries.models import Campaign, CampaignStatus, Signboard

router = Router(tags=["挂牌与台账报表"])


# ---------------------------------------------------------------- shapes


class SignboardOut(Schema):
    id: int
    name: str
    community: Named
    department: Named
    placement: str = Field(description="outside 室外 或 inside 室内")
    matter: Named | None = Field(description="允许挂牌的准入事项（无则为空）")
    admitted: bool = Field(description="是否有现行有效的准入依据")
    status: str = Field(description="present 在挂 或 removed 已摘除")
    status_label: str
    registered_on: dt.date
    removed_on: dt.date | None
    removal_note: str
    photo_url: str
    removal_photo_url: str | None


class CountRowOut(Schema):
    community: Named | None = Field(description="社区（合计行为空）")
    before_total: int = Field(description="开始时挂牌数")
    before_unadmitted: int = Field(description="开始时无准入依据的挂牌数")
    after_total: int = Field(description="现在（已结束的行动：结束时）挂牌数")
    after_unadmitted: int
    listed: int = Field(description="列入清理")
    removed: int = Field(description="已摘除")
    overdue: int = Field(description="过了摘除期限仍未摘除")


class CampaignAction(Schema):
    name: str
    label: str
    method: str
    path: str


class CampaignSummary(Schema):
    id: int
    name: str
    status: str = Field(description="open 进行中 或 closed 已结束")
    status_label: str
    deadline: dt.date = Field(description="摘除期限")
    opened_on: dt.date
    closed_on: dt.date | None


class CampaignDetail(CampaignSummary):
    note: str
    after_is_final: bool = Field(description="为真时“after”是结束时保存的数量")
    counts: list[CountRowOut] = Field(description="本人可见的各社区")
    total: CountRowOut = Field(description="合计（准入办为全区，街道为本街道）")
    items: list[SignboardOut] = Field(description="清理清单（本人可见的社区）")
    actions: list[CampaignAction]


class CampaignIn(Schema):
    name: str
    deadline: dt.date = Field(description="摘除期限，不早于今天")
    note: str = ""


class CloseIn(Schema):
    note: str = ""


class LedgerRowOut(Schema):
    matter: Named
    kind: str
    department: Named | None
    frequency: str = Field(description="清单中记载的频次原文")
    frequency_code: str | None = Field(
        description="daily、weekly、monthly、quarterly、half_yearly、yearly、once、as_needed；无法识别为空"
    )
    per_year: int | None = Field(description="每年报送次数（每日按当年工作日数；不定期为空）")
    data_fields: list[str]


class DepartmentLoadOut(Schema):
    department: str
    matters: int
    per_year: int
    unknown: int = Field(description="次数不定的事项数")


class CommunityLoadOut(Schema):
    community: Named
    year: int
    per_year: int = Field(description="每年报送次数合计（不含次数不定的）")
    unknown: int
    rows: list[LedgerRowOut]
    by_department: list[DepartmentLoadOut]


class FieldEntryOut(Schema):
    key: str = Field(description="规范化后的字段名")
    name: str
    departments: list[str]
    shared: bool = Field(description="由不止一个部门采集（一表通候选）")
    matters: list[Named]


SignboardPage = page_of(SignboardOut, "SignboardPage")
CampaignPage = page_of(CampaignSummary, "CampaignPage")
LoadPage = page_of(CommunityLoadOut, "CommunityLoadPage")


# ---------------------------------------------------------------- presenting


def _board(b: Signboard) -> dict[str, Any]:
    base = f"/registries/signboards/{b.pk}/photo"
    return {
        "id": b.pk,
        "name": b.name,
        "community": named(b.community),
        "department": named(b.department),
        "placement": b.placement,
        "matter": named(b.matter),
        "admitted": selectors.admitted(b),
        "status": b.status,
        "status_label": b.get_status_display(),
        "registered_on": b.registered_on,
        "removed_on": b.removed_on,
        "removal_note": b.removal_note,
        "photo_url": f"{base}/board/",
        "removal_photo_url": f"{base}/removal/" if b.removal_photo else None,
    }


def _count(r: selectors.CountRow) -> dict[str, Any]:
    return {
        "community": {"code": r.code, "name": r.name} if r.code else None,
        "before_total": r.before_total,
        "before_unadmitted": r.before_unadmitted,
        "after_total": r.after_total,
        "after_unadmitted": r.after_unadmitted,
        "listed": r.listed,
        "removed": r.removed,
        "overdue": r.overdue,
    }


def _campaign_summary(c: Campaign) -> dict[str, Any]:
    return {
        "id": c.pk,
        "name": c.name,
        "status": c.status,
        "status_label": str(CampaignStatus(c.status).label),
        "deadline": c.deadline,
        "opened_on": c.opened_on,
        "closed_on": c.closed_on,
    }


def _campaign(user: Any, c: Campaign) -> dict[str, Any]:
    report = selectors.campaign_report(user, c)
    return {
        **_campaign_summary(c),
        "note": c.note,
        "after_is_final": report.after_is_final,
        "counts": [_count(r) for r in report.rows],
        "total": _count(report.total),
        "items": [_board(i.signboard) for i in selectors.campaign_items(user, c)],
        "actions": [
            {
                "name": name,
                "label": str(workflow.CAMPAIGN_TRANSITIONS[name].label),
                "method": "POST",
                "path": f"{PREFIX}/registries/campaigns/{c.pk}/{name}",
            }
            for name in selectors.campaign_actions(user, c)
        ],
    }


def _load(load: selectors.CommunityLoad, year: int) -> dict[str, Any]:
    return {
        "community": named(load.community),
        "year": year,
        "per_year": load.per_year,
        "unknown": load.unknown,
        "rows": [
            {
                "matter": named(r.matter),
                "kind": r.matter.kind,
                "department": named(r.matter.department),
                "frequency": r.matter.frequency,
                "frequency_code": r.frequency_code,
                "per_year": r.per_year,
                "data_fields": [str(f) for f in r.matter.data_fields],
            }
            for r in load.rows
        ],
        "by_department": [
            {"department": d.department, "matters": d.matters, "per_year": d.per_year, "unknown": d.unknown}
            for d in load.by_department
        ],
    }


def _require(request: HttpRequest, *roles: str) -> Any:
    user = actor(request)
    if not user.has_role(*roles):
        raise Forbidden()
    return user


def _department(code: str) -> Department:
    found = Department.objects.filter(code=code.strip(), active=True).first() if code.strip() else None
    if found is None:
        raise ValidationFailed(
            _("挂牌部门“{c}”不存在（请用统一社会信用代码）。").format(c=code[:30]), field="department"
        )
    return found


def _matter(code: str) -> Matter | None:
    if not code.strip():
        return None
    found = Matter.objects.filter(code=code.strip()).first()
    if found is None:
        raise ValidationFailed(_("事项编码“{c}”不存在。").format(c=code[:40]), field="matter")
    return found


def _upload(photo: UploadedFile | None) -> tuple[str, bytes] | None:
    if photo is None:
        return None
    return photo.name or "photo", photo.read(MAX_ATTACHMENT + 1)


# ---------------------------------------------------------------- signboards


@router.get(
    "/signboards",
    response={200: SignboardPage, **ERRORS},
    operation_id="signboards_list",
    summary="挂牌列表（社区：本社区；街道：本街道；准入办：全区）",
)
def signboards(
    request: HttpRequest,
    q: str = "",
    community: str = "",
    status: str = "",
    admitted: str = "",
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> dict:
    """Filters: q (board, department, community, matter), community (区划代码), status (present, removed),
    admitted (yes: with an admitted matter, no: without)."""
    user = _require(request, *selectors.BOARD_ROLES)
    params = {"q": q, "community": community, "status": status, "admitted": admitted}
    qs, _f = selectors.filtered_signboards(user, params)
    return paginate(qs, page, page_size, _board)


@router.post(
    "/signboards",
    response={201: SignboardOut, **ERRORS},
    operation_id="signboard_register",
    summary="登记本社区的挂牌（社区工作者；照片 JPG、PNG，按内容检查，≤ 20 MB）",
)
def register(
    request: HttpRequest,
    name: Form[str],
    department: Form[str],
    placement: Form[str],
    photo: File[UploadedFile],
    matter: Form[str] = "",  # type: ignore[assignment]
) -> Status[dict[str, Any]]:
    """department: 统一社会信用代码; placement: outside 或 inside; matter: 准入事项编码（没有则不填）."""
    user = _require(request, *selectors.BOARD_ROLES)
    board = services.signboard_register(
        actor=user,
        name=name,
        department=_department(department),
        placement=placement,
        matter=_matter(matter),
        photo=_upload(photo),
    )
    return Status(201, _board(board))


@router.get(
    "/signboards/{int:signboard_id}",
    response={200: SignboardOut, **ERRORS},
    operation_id="signboard_get",
    summary="挂牌详情",
)
def signboard(request: HttpRequest, signboard_id: int) -> dict:
    return _board(selectors.access_signboard(actor(request), signboard_id))


@router.post(
    "/signboards/{int:signboard_id}/remove",
    response={200: SignboardOut, **ERRORS},
    operation_id="signboard_remove",
    summary="记录摘除（本社区的社区工作者；须上传摘除后的照片）",
)
def remove(
    request: HttpRequest,
    signboard_id: int,
    photo: File[UploadedFile] = None,  # type: ignore[assignment]
    note: Form[str] = "",  # type: ignore[assignment]
) -> dict:
    user = actor(request)
    board = services.signboard_remove(
        actor=user, signboard=selectors.access_signboard(user, signboard_id), photo=_upload(photo), note=note
    )
    return _board(board)


# ---------------------------------------------------------------- campaigns


@router.get(
    "/campaigns",
    response={200: CampaignPage, **ERRORS},
    operation_id="campaigns_list",
    summary="清理整治行动列表",
)
def campaigns(request: HttpRequest, page: int = 1, page_size: int = PAGE_SIZE) -> dict:
    user = _require(request, *selectors.BOARD_ROLES)
    return paginate(selectors.visible_campaigns(user), page, page_size, _campaign_summary)


@router.post(
    "/campaigns",
    response={201: CampaignDetail, **ERRORS},
    operation_id="campaign_open",
    summary="开始清理整治（准入办）：列出无准入依据的挂牌，保存开始时的数量",
)
def open_campaign(request: HttpRequest, payload: CampaignIn) -> Status[dict[str, Any]]:
    user = actor(request)
    campaign = services.campaign_open(
        actor=user, name=payload.name, deadline=payload.deadline, note=payload.note
    )
    return Status(201, _campaign(user, campaign))


@router.get(
    "/campaigns/{int:campaign_id}",
    response={200: CampaignDetail, **ERRORS},
    operation_id="campaign_get",
    summary="清理整治详情：前后对比、清理清单",
)
def campaign(request: HttpRequest, campaign_id: int) -> dict:
    user = actor(request)
    return _campaign(user, selectors.access_campaign(user, campaign_id))


@router.post(
    "/campaigns/{int:campaign_id}/close",
    response={200: CampaignDetail, **ERRORS},
    operation_id="campaign_close",
    summary="结束清理整治（准入办）：保存结束时的数量",
)
def close(request: HttpRequest, campaign_id: int, payload: CloseIn) -> dict:
    user = actor(request)
    found = services.campaign_close(
        actor=user, campaign=selectors.access_campaign(user, campaign_id), note=payload.note
    )
    return _campaign(user, found)


# ---------------------------------------------------------------- ledgers and report forms


@router.get(
    "/ledgers",
    response={200: LoadPage, **ERRORS},
    operation_id="ledger_registry",
    summary="台账报表：各社区每年须报送的次数，按事项和部门",
)
def ledgers(
    request: HttpRequest,
    year: int | None = None,
    community: str = "",
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> dict:
    user = _require(request, *selectors.LEDGER_ROLES)
    year = year if year and 2000 <= year <= 2100 else clock.today().year
    rows = selectors.ledger_rows(year)
    communities = selectors.ledger_communities(user).order_by("code")
    if community:
        communities = communities.filter(pk=selectors.access_ledger_community(user, community).pk)
    return paginate(communities, page, page_size, lambda c: _load(selectors.community_load(c, rows), year))


@router.get(
    "/fields",
    response={200: list[FieldEntryOut], **ERRORS},
    operation_id="field_index",
    summary="一表通字段索引（与准入审查页相同）",
)
def fields(request: HttpRequest, shared: bool = False) -> list[dict[str, Any]]:
    _require(request, *selectors.LEDGER_ROLES)
    entries = selectors.shared_fields() if shared else list(selectors.field_index().values())
    return [
        {
            "key": e.key,
            "name": e.name,
            "departments": e.departments,
            "shared": e.shared,
            "matters": [named(m) for m in e.matters],
        }
        for e in entries
    ]
