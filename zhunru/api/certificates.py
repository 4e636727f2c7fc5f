"""Certificates (证明事项): the two lists for everyone; a community's register and refusals for its own
workers; counts for street officers. ID numbers and phones are masked in every answer except the reveal,
which needs a reason and is audited. A search by full ID number is a POST: the number stays out of URLs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from zhunru.accounts.roles import Role
from zhunru.api.auth import actor
from zhunru.api.pagination import PAGE_SIZE, paginate
from zhunru.api.present import named
from zhunru.api.schemas import ERRORS, Named
from zhunru.api.schemas import page_of as _page_of
from zhunru.certificates import selectors, services
from zhunru.certificates.models import CertificateList, CertificateType, Issuance, Refusal
from zhunru.core.errors import Forbidden, ValidationFailed

router = Router(tags=["证明事项"])


# ---------------------------------------------------------------- shapes


class CertificateTypeOut(Schema):
    id: int
    code: str
    name: str
    list: str = Field(description="may_issue 可以出具、must_not 不应出具")
    list_label: str
    matter: Named | None = Field(description="对应的清单事项（负面清单中的证明事项）")
    basis: str = Field(description="设定依据")
    purpose: str = Field(description="办理用途")
    procedure: str = Field(description="办理流程")
    sample: str = Field(description="证明式样")
    handled_by: str = Field(description="不应出具的证明改由何处办理")
    source: str = Field(description="清单来源")


class IssuanceOut(Schema):
    id: int
    number: str = Field(description="登记编号，如 东湖社区证明〔2026〕3号")
    community: Named
    certificate: Named
    issued_on: dt.date
    applicant_name: str
    id_number: str = Field(description="脱敏的身份证号，如 110101********1234")
    phone: str = Field(description="脱敏的手机号，如 138****5678")
    issued_by: str


class IssuanceIn(Schema):
    certificate: str = Field(description="可以出具的证明事项编码")
    applicant_name: str
    id_number: str = Field(description="18 位公民身份号码（校验位按 GB 11643）")
    phone: str = Field(description="11 位手机号码")
    issued_on: dt.date | None = Field(None, description="出具日期，默认今天")


class IdSearchIn(Schema):
    id_number: str = Field(description="完整的 18 位身份证号")


class RevealIn(Schema):
    reason: str = Field(description="查看理由（记入审计日志，不得包含号码）")


class RevealOut(Schema):
    id: int
    number: str
    id_number: str = Field(description="完整身份证号（仅此一次）")
    phone: str = Field(description="完整手机号（仅此一次）")


class RefusalIn(Schema):
    certificate: str = Field(description="不应出具的证明事项编码")
    resident_name: str = Field("", description="居民姓名，可不填")
    requested_by: str = Field("", description="要求居民开具证明的单位，可不填")


class RefusalOut(Schema):
    id: int
    number: str = Field(description="告知单编号")
    community: Named
    certificate: Named
    refused_on: dt.date
    resident_name: str
    requested_by: str
    handled_by: str = Field(description="告知居民改由何处办理")
    note_pdf: str = Field(description="告知单 PDF 的网址")


class CertificateCountOut(Schema):
    community: Named
    certificate: Named
    list: str
    issued: int
    refused: int


IssuancePage = _page_of(IssuanceOut, "CertificateIssuancePage")
RefusalPage = _page_of(RefusalOut, "CertificateRefusalPage")


# ---------------------------------------------------------------- presenting


def _type(t: CertificateType) -> dict[str, Any]:
    return {
        "id": t.pk,
        "code": t.code,
        "name": t.name,
        "list": t.list,
        "list_label": str(CertificateList(t.list).label),
        "matter": named(t.matter),
        "basis": t.basis,
        "purpose": t.purpose,
        "procedure": t.procedure,
        "sample": t.sample,
        "handled_by": t.handled_by,
        "source": t.source,
    }


def _issuance(i: Issuance) -> dict[str, Any]:
    return {
        "id": i.pk,
        "number": i.number,
        "community": named(i.community),
        "certificate": {"code": i.certificate_type.code, "name": i.certificate_type.name},
        "issued_on": i.issued_on,
        "applicant_name": i.applicant_name,
        "id_number": i.id_number_masked,
        "phone": i.phone_masked,
        "issued_by": i.issued_by.full_name or i.issued_by.username,
    }


def _refusal(r: Refusal) -> dict[str, Any]:
    return {
        "id": r.pk,
        "number": r.number,
        "community": named(r.community),
        "certificate": {"code": r.certificate_type.code, "name": r.certificate_type.name},
        "refused_on": r.refused_on,
        "resident_name": r.resident_name,
        "requested_by": r.requested_by,
        "handled_by": str(r.content.get("handled_by", "")),
        "note_pdf": f"/certificates/refusals/{r.pk}/note.pdf",
    }


def _certificate(user: Any, code: str) -> CertificateType:
    found = selectors.visible_types(user).filter(code=code.strip()).first()
    if found is None:
        raise ValidationFailed(f"没有编码为 {code.strip()[:40]} 的证明事项。", field="certificate")
    return found


# ---------------------------------------------------------------- the two lists


@router.get(
    "/types",
    response={200: list[CertificateTypeOut], **ERRORS},
    operation_id="certificates_types_list",
    summary="证明事项清单：可以出具的、不应出具的",
)
def types(request: HttpRequest, list: str = "") -> list[dict[str, Any]]:
    """list: may_issue 或 must_not（不填为两者）。"""
    return [_type(t) for t in selectors.visible_types(actor(request), list)]


@router.get(
    "/types/{int:type_id}",
    response={200: CertificateTypeOut, **ERRORS},
    operation_id="certificates_type_get",
    summary="证明事项详情",
)
def type_detail(request: HttpRequest, type_id: int) -> dict[str, Any]:
    return _type(selectors.access_type(actor(request), type_id))


# ---------------------------------------------------------------- a community's register


@router.get(
    "/communities/{code}/issuances",
    response={200: IssuancePage, **ERRORS},
    operation_id="certificates_issuances_list",
    summary="出具证明登记（本社区的社区工作者；身份证号、电话脱敏）",
)
def issuances(
    request: HttpRequest,
    code: str,
    q: str = "",
    certificate: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> dict:
    """q: 姓名或登记编号；certificate: 证明事项编码；date_from / date_to: 出具日期。"""
    user = actor(request)
    community = selectors.access_register(user, code)
    params = {
        "q": q,
        "from": date_from.isoformat() if date_from else "",
        "to": date_to.isoformat() if date_to else "",
    }
    if certificate:
        found = CertificateType.objects.filter(code=certificate.strip()).values_list("pk", flat=True).first()
        params["type"] = str(found or 0)
    qs, _f = selectors.filtered_issuances(user, community, params)
    return paginate(qs, page, page_size, _issuance)


@router.post(
    "/communities/{code}/issuances",
    response={201: IssuanceOut, **ERRORS},
    operation_id="certificates_issuance_create",
    summary="登记出具证明（本社区的社区工作者）",
)
def issuance_create(request: HttpRequest, code: str, payload: IssuanceIn) -> Status:
    user = actor(request)
    community = selectors.access_register(user, code)
    row = services.issuance_create(
        actor=user,
        community=community,
        certificate_type=_certificate(user, payload.certificate),
        applicant_name=payload.applicant_name,
        id_number=payload.id_number,
        phone=payload.phone,
        issued_on=payload.issued_on,
    )
    return Status(201, _issuance(selectors.access_issuance(user, row.pk)))


@router.post(
    "/communities/{code}/issuances/search",
    response={200: list[IssuanceOut], **ERRORS},
    operation_id="certificates_issuances_search",
    summary="按完整身份证号查找本社区的出具登记",
)
def issuance_search(request: HttpRequest, code: str, payload: IdSearchIn) -> list[dict[str, Any]]:
    user = actor(request)
    community = selectors.access_register(user, code)
    return [_issuance(i) for i in selectors.find_by_id_number(user, community, payload.id_number)]


@router.get(
    "/issuances/{int:issuance_id}",
    response={200: IssuanceOut, **ERRORS},
    operation_id="certificates_issuance_get",
    summary="出具登记详情（脱敏）",
)
def issuance(request: HttpRequest, issuance_id: int) -> dict[str, Any]:
    return _issuance(selectors.access_issuance(actor(request), issuance_id))


@router.post(
    "/issuances/{int:issuance_id}/reveal",
    response={200: RevealOut, **ERRORS},
    operation_id="certificates_issuance_reveal",
    summary="查看完整身份证号和电话（须说明理由，记入审计日志）",
)
def reveal(request: HttpRequest, issuance_id: int, payload: RevealIn) -> dict[str, Any]:
    user = actor(request)
    row = selectors.access_issuance(user, issuance_id)
    shown = services.issuance_reveal(actor=user, issuance=row, reason=payload.reason)
    return {"id": row.pk, "number": row.number, "id_number": shown.id_number, "phone": shown.phone}


# ---------------------------------------------------------------- refusals


@router.get(
    "/communities/{code}/refusals",
    response={200: RefusalPage, **ERRORS},
    operation_id="certificates_refusals_list",
    summary="不予出具登记（本社区的社区工作者）",
)
def refusals(request: HttpRequest, code: str, page: int = 1, page_size: int = PAGE_SIZE) -> dict:
    user = actor(request)
    community = selectors.access_register(user, code)
    return paginate(selectors.visible_refusals(user).filter(community=community), page, page_size, _refusal)


@router.post(
    "/communities/{code}/refusals",
    response={201: RefusalOut, **ERRORS},
    operation_id="certificates_refusal_create",
    summary="登记不予出具并生成告知单（本社区的社区工作者）",
)
def refusal_create(request: HttpRequest, code: str, payload: RefusalIn) -> Status:
    user = actor(request)
    community = selectors.access_register(user, code)
    row = services.refusal_create(
        actor=user,
        community=community,
        certificate_type=_certificate(user, payload.certificate),
        resident_name=payload.resident_name,
        requested_by=payload.requested_by,
    )
    return Status(201, _refusal(selectors.access_refusal(user, row.pk)))


# ---------------------------------------------------------------- counts


@router.get(
    "/stats",
    response={200: list[CertificateCountOut], **ERRORS},
    operation_id="certificates_stats",
    summary="各社区按证明事项的出具数和不予出具数（社区工作者、街道工作人员；不含居民信息）",
)
def stats(
    request: HttpRequest, year: int | None = Query(None, ge=1900, le=2999, description="年份")
) -> list[dict[str, Any]]:
    user = actor(request)
    if not user.has_role(Role.COMMUNITY_WORKER, Role.STREET_OFFICER):
        raise Forbidden()
    return [
        {
            "community": {"code": r.community_code, "name": r.community},
            "certificate": {"code": r.type_code, "name": r.certificate},
            "list": r.certificate_list,
            "issued": r.issued,
            "refused": r.refused,
        }
        for r in selectors.counts(user, year)
    ]
