"""The referral note (不予出具证明告知单) a community gives a resident who asks for a certificate on the
negative list: which certificate, why the residents' committee does not issue it, and where to go instead.

Its content is computed once, when the refusal is recorded, and frozen in `Refusal.content`; the PDF is
rendered from that content only, always in Chinese, with WeasyPrint and the Noto CJK fonts like the other
letters, fetching nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from zhunru.access.letters import LETTER_LANGUAGE, cn_date, html_to_pdf
from zhunru.areas.models import Area, Department
from zhunru.certificates.models import CertificateType, Refusal

TEMPLATE = "certificates/referral_note.html"


def issuance_number(community: str, year: int, seq: int) -> str:
    """东湖社区证明〔2026〕3号: a community's register numbers, per year."""
    with translation.override(LETTER_LANGUAGE):
        return _("{c}证明〔{y}〕{n}号").format(c=community, y=year, n=seq)


def referral_number(community: str, year: int, seq: int) -> str:
    """东湖社区证告〔2026〕3号: a community's referral notes, per year."""
    with translation.override(LETTER_LANGUAGE):
        return _("{c}证告〔{y}〕{n}号").format(c=community, y=year, n=seq)


def referral_content(
    *,
    community: Area,
    certificate_type: CertificateType,
    number: str,
    day: dt.date,
    resident_name: str = "",
    requested_by: str = "",
) -> dict[str, Any]:
    """Everything the note says, as plain data (stored in `Refusal.content`)."""
    t = certificate_type
    with translation.override(LETTER_LANGUAGE):
        civil = Department.objects.filter(name__contains="民政", active=True).order_by("pk").first()
        source = t.source or (t.matter.basis if t.matter_id else "")  # type: ignore[union-attr]
        return {
            "title": _("不予出具证明告知单"),
            "number": number,
            "community": community.name,
            "community_code": community.code,
            "addressee": resident_name or _("居民"),
            "certificate": t.name,
            "certificate_code": t.code,
            "matter_code": t.matter.code if t.matter_id else "",  # type: ignore[union-attr]
            "source": source,
            "handled_by": t.handled_by,
            "requested_by": requested_by,
            "complaint_office": civil.name if civil else _("区民政局"),
            "refused_on": day.isoformat(),
        }


def note_context(content: dict[str, Any]) -> dict[str, Any]:
    c = content
    with translation.override(LETTER_LANGUAGE):
        source = str(c.get("source") or "").rstrip("。")
        listed = (
            _("该证明属于{s}所列不应由基层群众性自治组织出具的证明事项，").format(s=source)
            if source
            else _("该证明属于不应由基层群众性自治组织出具的证明事项，")
        )
        paragraphs = [
            _("您申请由本居民委员会出具的“{n}”，").format(n=c["certificate"])
            + listed
            + _("本居民委员会依规不予出具。这不影响您办理相关事务。")
        ]
        if c.get("requested_by"):
            paragraphs.append(
                _(
                    "{u}要求您提供该证明的，可向其出示本告知单；该单位应当依职责核查，或者采用告知承诺等方式办理。"
                ).format(u=c["requested_by"])
            )
        closing = _("如有单位仍要求居民委员会出具此类证明，可向{o}反映。").format(o=c["complaint_office"])
        where_heading = _("请您到以下部门或渠道办理：")
    where = [line.strip() for line in str(c.get("handled_by", "")).splitlines() if line.strip()]
    return {
        "c": c,
        "paragraphs": paragraphs,
        "where_heading": where_heading,
        "where": where,
        "closing": closing,
        "refused_on": cn_date(c["refused_on"]),
    }


def render_note_html(content: dict[str, Any]) -> str:
    with translation.override(LETTER_LANGUAGE):
        return render_to_string(TEMPLATE, note_context(content))


def render_note_pdf(refusal: Refusal) -> bytes:
    """The referral note of a refusal as an A4 PDF, with no external resource."""
    return html_to_pdf(render_note_html(refusal.content))
