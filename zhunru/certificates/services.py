"""Every state change of certificates: defining a certificate of either list, registering an issued
certificate, revealing one register row's personal data (with a reason, audited), recording a refusal.

No audit summary, error message or log line ever holds an ID number or a phone: the summaries name the
row (its register number), the certificate and the community."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhunru.accounts.permissions import require_role
from zhunru.accounts.roles import Role
from zhunru.areas.models import Area
from zhunru.catalog.models import Matter
from zhunru.certificates.models import (
    ID_CONTEXT,
    ID_INDEX_PURPOSE,
    PHONE_CONTEXT,
    CertificateList,
    CertificateType,
    Issuance,
    Refusal,
)
from zhunru.certificates.notes import issuance_number, referral_content, referral_number
from zhunru.certificates.validators import mask_id_number, mask_phone, validate_id_number, validate_phone
from zhunru.core import audit, clock, crypto
from zhunru.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from zhunru.core.numbering import next_number

NAME_MAX = 50
REASON_MIN, REASON_MAX = 4, 200
# A reason must not carry personal data into the audit log: no run of 6+ digits (ID numbers, phones).
DIGIT_RUN = re.compile(r"\d[\d\s\-]{4,}\d")


class DataUnreadable(DomainError):
    status = 409
    code = "data_unreadable"


def _text(value: Any, *, field: str, label: str, required: bool, limit: int) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationFailed(_("请填写{f}。").format(f=label), field=field)
    if len(text) > limit:
        raise ValidationFailed(_("{f}过长（最多 {n} 个字符）。").format(f=label, n=limit), field=field)
    return text


def _require_worker_of(actor: Any, community: Area) -> None:
    require_role(actor, Role.COMMUNITY_WORKER)
    if actor is None:
        raise Forbidden(_("证明须由本社区的社区工作者登记。"))
    if actor.community_id != community.pk:
        raise Forbidden(_("只能办理本社区的证明。"))


# ---------------------------------------------------------------- the two lists


def certificate_type_create(
    *,
    actor: Any,
    code: str,
    name: str,
    certificate_list: str,
    matter: Matter | None = None,
    basis: str = "",
    purpose: str = "",
    procedure: str = "",
    sample: str = "",
    handled_by: str = "",
    source: str = "",
    position: int = 0,
) -> CertificateType:
    """Adds a certificate to one of the two lists (the system administrator, or the demo)."""
    require_role(actor, Role.SYSADMIN)
    code = _text(code, field="code", label=_("编码"), required=True, limit=40)
    name = _text(name, field="name", label=_("证明名称"), required=True, limit=200)
    if certificate_list not in CertificateList.values:
        raise ValidationFailed(_("清单应为“可以出具”或“不应出具”。"), field="list")
    if certificate_list == CertificateList.MUST_NOT and not str(handled_by).strip():
        raise ValidationFailed(_("不应出具的证明须写明改由何处办理。"), field="handled_by")
    if matter is not None and matter.kind != "certificate":
        raise ValidationFailed(_("关联的清单事项应为“证明”类事项。"), field="matter")
    with transaction.atomic():
        if CertificateType.objects.filter(code=code).exists():
            raise ValidationFailed(_("编码 {c} 已存在。").format(c=code), field="code")
        row = CertificateType.objects.create(
            code=code,
            name=name,
            list=certificate_list,
            matter=matter,
            basis=basis.strip(),
            purpose=purpose.strip(),
            procedure=procedure.strip(),
            sample=sample.strip(),
            handled_by=handled_by.strip(),
            source=source.strip()[:300],
            position=position,
        )
        audit.record(
            actor=actor,
            event_type="certificate_type.create",
            obj=row,
            summary={"code": code, "name": name, "list": certificate_list, "matter": matter and matter.code},
        )
    return row


# ---------------------------------------------------------------- the register


def issuance_create(
    *,
    actor: Any,
    community: Area,
    certificate_type: CertificateType,
    applicant_name: str,
    id_number: str,
    phone: str,
    issued_on: dt.date | None = None,
) -> Issuance:
    """Registers a certificate the community issued. The ID number and phone are validated, then stored
    encrypted (SM4-GCM) and masked; the ID number also gets its blind index."""
    _require_worker_of(actor, community)
    today = clock.today()
    issued_on = issued_on or today
    if certificate_type.list != CertificateList.MAY_ISSUE or not certificate_type.active:
        raise ValidationFailed(
            _("“{n}”不在可以出具的证明清单中，不能登记出具；请按不予出具处理。").format(
                n=certificate_type.name
            ),
            field="certificate_type",
        )
    if issued_on > today:
        raise ValidationFailed(_("出具日期不能晚于今天。"), field="issued_on")
    name = _text(applicant_name, field="applicant_name", label=_("申请人姓名"), required=True, limit=NAME_MAX)
    number_plain = validate_id_number(id_number)
    phone_plain = validate_phone(phone)
    with transaction.atomic():
        seq = next_number(f"certificate_issuance:{community.code}:{issued_on.year}")
        row = Issuance.objects.create(
            number=issuance_number(community.name, issued_on.year, seq),
            community=community,
            certificate_type=certificate_type,
            issued_on=issued_on,
            applicant_name=name,
            id_number_encrypted=crypto.encrypt(number_plain, context=ID_CONTEXT),
            id_number_index=crypto.blind_index(number_plain, purpose=ID_INDEX_PURPOSE),
            id_number_masked=mask_id_number(number_plain),
            phone_encrypted=crypto.encrypt(phone_plain, context=PHONE_CONTEXT),
            phone_masked=mask_phone(phone_plain),
            issued_by=actor,
        )
        audit.record(
            actor=actor,
            event_type="certificate_issuance.create",
            obj=row,
            summary={
                "number": row.number,
                "certificate": certificate_type.code,
                "community": community.code,
                "issued_on": issued_on.isoformat(),
            },
        )
    return row


@dataclass(frozen=True)
class Revealed:
    id_number: str
    phone: str


def issuance_reveal(*, actor: Any, issuance: Issuance, reason: str) -> Revealed:
    """The plaintext ID number and phone of one register row, for a worker of its community who gives a
    reason. The audit event names who, why and which row, never the plaintext."""
    require_role(actor, Role.COMMUNITY_WORKER)
    if actor is None:
        raise Forbidden(_("查看完整信息须由社区工作者本人提出。"))
    if actor.community_id != issuance.community_id:
        raise NotFound()
    reason = str(reason or "").strip()
    if len(reason) < REASON_MIN:
        raise ValidationFailed(
            _("请填写查看完整信息的理由（至少 {n} 个字）。").format(n=REASON_MIN), field="reason"
        )
    if len(reason) > REASON_MAX:
        raise ValidationFailed(_("理由过长（最多 {n} 个字符）。").format(n=REASON_MAX), field="reason")
    if DIGIT_RUN.search(reason):
        raise ValidationFailed(_("理由中不要填写身份证号、电话等号码。"), field="reason")
    with transaction.atomic():
        row = Issuance.objects.filter(pk=issuance.pk).first()
        if row is None:
            raise NotFound()
        try:
            revealed = Revealed(
                id_number=crypto.decrypt(row.id_number_encrypted, context=ID_CONTEXT),
                phone=crypto.decrypt(row.phone_encrypted, context=PHONE_CONTEXT),
            )
        except crypto.DecryptionFailed:
            raise DataUnreadable(
                _("无法解密该登记：数据密钥与登记时不同，或记录已被改动。请联系系统管理员。")
            ) from None
        audit.record(
            actor=actor,
            event_type="certificate_issuance.reveal",
            obj=row,
            summary={"number": row.number, "fields": ["id_number", "phone"], "reason": reason},
        )
    return revealed


# ---------------------------------------------------------------- refusals


def refusal_create(
    *,
    actor: Any,
    community: Area,
    certificate_type: CertificateType,
    resident_name: str = "",
    requested_by: str = "",
) -> Refusal:
    """Records that the community declined a certificate of the negative list; the referral note's
    content (where the resident goes instead) is frozen in the row."""
    _require_worker_of(actor, community)
    if certificate_type.list != CertificateList.MUST_NOT or not certificate_type.active:
        raise ValidationFailed(
            _("“{n}”不在不应出具的证明清单中。").format(n=certificate_type.name), field="certificate_type"
        )
    name = _text(resident_name, field="resident_name", label=_("居民姓名"), required=False, limit=NAME_MAX)
    asker = _text(requested_by, field="requested_by", label=_("要求出具的单位"), required=False, limit=100)
    today = clock.today()
    with transaction.atomic():
        seq = next_number(f"certificate_refusal:{community.code}:{today.year}")
        number = referral_number(community.name, today.year, seq)
        row = Refusal.objects.create(
            number=number,
            community=community,
            certificate_type=certificate_type,
            refused_on=today,
            resident_name=name,
            requested_by=asker,
            content=referral_content(
                community=community,
                certificate_type=certificate_type,
                number=number,
                day=today,
                resident_name=name,
                requested_by=asker,
            ),
            refused_by=actor,
        )
        audit.record(
            actor=actor,
            event_type="certificate_refusal.create",
            obj=row,
            summary={"number": number, "certificate": certificate_type.code, "community": community.code},
        )
    return row
