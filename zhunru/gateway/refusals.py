"""The refusal letter (拒绝告知书): what a community sends back to a department whose demand it refuses.

Its content is computed once, when the notice is refused, and frozen in `TaskNotice.refusal`; the PDF is
rendered from that content only, always in Chinese (an official document), with WeasyPrint and the Noto
CJK fonts like the decision letters, fetching nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from zhunru.access.letters import LETTER_LANGUAGE, Section, cn_date, html_to_pdf
from zhunru.areas.models import Department
from zhunru.catalog.models import CatalogVersion, Matter
from zhunru.gateway.models import TaskNotice, Verdict

TEMPLATE = "gateway/refusal_letter.html"

# Why a demand is refused, in the order the judge applies its rules (formats.md).
NEGATIVE = "negative"
OTHER_DEPARTMENT = "other_department"
NOT_YET_VALID = "not_yet_valid"
EXPIRED = "expired"
OUT_OF_SCOPE = "out_of_scope"
NOT_ADMITTED = "not_admitted"


def _covers(matter: Matter, notice: TaskNotice) -> bool:
    if matter.scope_all:
        return True
    codes = {a.code for a in matter.scope_areas.all()}
    parent = notice.community.parent
    return notice.community.code in codes or (parent is not None and parent.code in codes)


def refusal_rule(notice: TaskNotice) -> str:
    """Which rule makes the demand refusable: the negative list, a matter admitted for another
    department, before or after its validity, outside its scope, or not admitted at all."""
    matter = notice.matter
    if notice.verdict == Verdict.NEGATIVE:
        return NEGATIVE
    if matter is None:
        return NOT_ADMITTED
    if matter.department_id is not None and matter.department_id != notice.department_id:
        return OTHER_DEPARTMENT
    day = notice.received_on
    if matter.valid_from is not None and day < matter.valid_from:
        return NOT_YET_VALID
    if matter.valid_to is not None and day > matter.valid_to:
        return EXPIRED
    if not _covers(matter, notice):
        return OUT_OF_SCOPE
    return NOT_ADMITTED


def _catalog_name() -> str:
    version = CatalogVersion.objects.order_by("-number").first()
    if version is None:
        return _("本区社区工作事项清单")
    return _("本区社区工作事项清单（第{n}版）").format(n=version.number)


def _rule_sentence(rule: str, notice: TaskNotice) -> tuple[str, str]:
    """(the rule, in one sentence; its basis)."""
    m = notice.matter
    label = f"“{m.name}”（{m.code}）" if m is not None else ""
    catalog = _catalog_name()
    if rule == NEGATIVE and m is not None:
        basis = m.basis or _("本区社区减负规定")
        return _("该要求属于社区工作事项负面清单所列事项{m}，不得要求社区承担。").format(m=label), basis
    if rule == OTHER_DEPARTMENT and m is not None:
        owner = m.department.name if m.department else ""
        kind = _("准入") if m.list == "admitted" else _("规定")
        return (
            _("{m}只{k}由{o}提出，贵单位提出的这项要求未经准入。").format(m=label, k=kind, o=owner),
            m.basis or catalog,
        )
    if rule == NOT_YET_VALID and m is not None:
        return (
            _("{m}自{d}起才生效，此前提出的要求未经准入。").format(m=label, d=cn_date(m.valid_from)),
            m.basis or catalog,
        )
    if rule == EXPIRED and m is not None:
        return (
            _("{m}的准入有效期已于{d}届满，到期后提出的要求未经准入。").format(
                m=label, d=cn_date(m.valid_to)
            ),
            m.basis or catalog,
        )
    if rule == OUT_OF_SCOPE and m is not None:
        return (
            _("{m}未准入{c}，对本社区提出的要求未经准入。").format(m=label, c=notice.community.name),
            m.basis or catalog,
        )
    return _("该要求不在{c}中，未经社区工作事项准入程序。").format(c=catalog), catalog


def refusal_number(community: str, year: int, seq: int) -> str:
    """东湖社区拒告〔2026〕3号: the community's refusal letters are numbered per year, in Chinese."""
    with translation.override(LETTER_LANGUAGE):
        return _("{c}拒告〔{y}〕{n}号").format(c=community, y=year, n=seq)


def refusal_content(notice: TaskNotice, *, number: str, day: dt.date) -> dict[str, Any]:
    """Everything the letter says, as plain data (stored in `notice.refusal`)."""
    with translation.override(LETTER_LANGUAGE):
        rule = refusal_rule(notice)
        sentence, basis = _rule_sentence(rule, notice)
        office = Department.objects.filter(kind=Department.Kind.APPROVAL, active=True).first()
        department = notice.source_name or _("有关单位")
        return {
            "title": _("拒绝告知书"),
            "number": number,
            "issuer": notice.community.name,
            "community": notice.community.name,
            "community_code": notice.community.code,
            "department": department,
            "received_on": notice.received_on.isoformat(),
            "text": notice.text,
            "verdict": notice.verdict,
            "verdict_label": str(Verdict(notice.verdict).label),
            "matter_code": notice.matter_code,
            "matter_name": notice.matter.name if notice.matter else "",
            "rule": rule,
            "rule_sentence": sentence,
            "basis": basis,
            "judge_reason": notice.reason,
            "office": office.name if office else _("区社区工作事项准入审批机构"),
            "refused_on": day.isoformat(),
        }


def letter_context(content: dict[str, Any]) -> dict[str, Any]:
    c = content
    with translation.override(LETTER_LANGUAGE):
        opening = _("贵单位于{d}向本社区提出的以下要求收悉：").format(d=cn_date(c["received_on"]))
        sections = [
            Section(_("一、拒绝的理由"), [c["rule_sentence"]]),
            Section(_("二、依据"), [_("{b}。").format(b=c["basis"].rstrip("。"))]),
            Section(
                _("三、告知"),
                [
                    _(
                        "未经准入的事项，不得要求社区承担，社区有权拒绝。确需社区承担的，请依照本区社区工作事项"
                        "准入程序向{o}提出准入申请，经准入并列入社区工作事项清单后，社区依法办理。"
                    ).format(o=c["office"]),
                ],
            ),
        ]
        operative = _("经对照社区工作事项清单，本社区决定不承担该项工作，特此告知。")
    return {
        "c": c,
        "addressee": c["department"],
        "opening": opening,
        "sections": sections,
        "operative": operative,
        "refused_on": cn_date(c["refused_on"]),
    }


def render_refusal_html(content: dict[str, Any]) -> str:
    with translation.override(LETTER_LANGUAGE):
        return render_to_string(TEMPLATE, letter_context(content))


def render_refusal_pdf(notice: TaskNotice) -> bytes:
    """The refusal letter of a refused notice as an A4 PDF, with no external resource."""
    return html_to_pdf(render_refusal_html(notice.refusal))
