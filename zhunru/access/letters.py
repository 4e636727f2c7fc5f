"""Decision letters (准入决定书 / 不予准入决定书 / 退出决定书) as HTML and PDF.

The letter is rendered only from `decision.content`, the dict whose SM3 digest is `decision.digest`, so a
printed copy can be checked against the public text. It is an official Chinese document: it is always
rendered in Chinese, whatever the reader's language. The PDF embeds everything it needs (the QR code is
a data: URI); WeasyPrint may not fetch any URL except data: URLs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from zhunru.access.models import Decision

TEMPLATE = "access/decision_letter.html"
LETTER_LANGUAGE = "zh-hans"
CN_NUMERALS = "一二三四五六七八九十"
APPROVED = (Decision.Outcome.APPROVED, Decision.Outcome.APPROVED_WITH_CONDITIONS)


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)  # a numbered list: （1）（2）…


def data_only_fetcher() -> Any:
    """A WeasyPrint URL fetcher that refuses every URL but data: URLs, so rendering never reads a file or the
    network. WeasyPrint takes a second to import: it is loaded only when a PDF is made."""
    from weasyprint.urls import URLFetcher

    class DataOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:"):
                raise ValueError(f"external resource refused: {url[:80]}")
            return super().fetch(url, headers)

    return DataOnlyFetcher()


def html_to_pdf(html: str) -> bytes:
    """An A4 PDF of the HTML with no external resource (data: URLs only)."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, base_url=None, url_fetcher=data_only_fetcher()).write_pdf()
    return pdf


def cn_date(value: str | dt.date | None) -> str:
    """2026-03-02 → 2026年3月2日 (the date style of official documents)."""
    if not value:
        return ""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return _("{y}年{m}月{d}日").format(y=day.year, m=day.month, d=day.day)


def qr_data_uri(url: str) -> str:
    """The QR code of `url` as a PNG data: URI (10 px a module: sharp when printed at 22 mm)."""
    uri: str = segno.make(url, error="m").png_data_uri(scale=10, border=2)
    return uri


def verify_url() -> str:
    return settings.PUBLIC_URL + "/portal/verify/"


def _numbered(sections: list[Section]) -> list[Section]:
    for i, section in enumerate(sections):
        prefix = CN_NUMERALS[i] if i < len(CN_NUMERALS) else str(i + 1)
        section.heading = f"{prefix}、{section.heading}"
    return sections


def _joined(parts: list[str]) -> str:
    return "；".join(p for p in parts if p) + "。" if any(parts) else ""


def _application_sections(c: dict[str, Any], approved: bool) -> list[Section]:
    matter = Section(
        _("事项内容"),
        [
            _("事项类型：{k}。").format(k=c.get("kind", "")),
            _("社区承担的工作：{t}").format(t=c.get("community_tasks", "")),
            _("依据：{b}").format(b=c.get("basis", "")),
        ],
    )
    if not approved:
        return _numbered([matter, Section(_("不予准入的理由"), [c.get("reasons", "")])])
    sections = [
        matter,
        Section(
            _("实施范围和期限"),
            [
                _joined(
                    [
                        _("实施范围：{s}").format(s=c.get("scope", "")),
                        _("实施期限：{p}").format(p=c.get("period", "")),
                        _("频次：{f}").format(f=c.get("frequency", "")),
                    ]
                )
            ],
        ),
        Section(
            _("社区的角色和工作量"),
            [
                _("{r}；预计每个社区每月工作量约{h}小时。").format(
                    r=c.get("community_role", ""), h=c.get("workload_hours", "")
                )
            ],
        ),
    ]
    money = [
        _joined(
            [
                _("经费：每个社区每年{m}元").format(m=c.get("money_per_community_year", "")),
                _("经费来源：{s}").format(s=c["money_source"]) if c.get("money_source") else "",
                c.get("money_schedule", ""),
            ]
        ),
        _joined(
            [
                _("人员支持：{s}").format(s=c["staff"]) if c.get("staff") else "",
                _("培训：{t}").format(t=c["training"]) if c.get("training") else "",
                _("设备：{e}").format(e=c["equipment"]) if c.get("equipment") else "",
            ]
        ),
    ]
    if c.get("unfunded_justification"):
        money.append(
            _("本事项有工作量但未安排经费，准予准入的书面理由：{j}").format(j=c["unfunded_justification"])
        )
    sections.append(Section(_("经费和保障（费随事转）"), [p for p in money if p]))
    if c.get("data_fields"):
        sections.append(Section(_("采集的数据字段"), ["、".join(c["data_fields"]) + "。"]))
    if c.get("signboard"):
        sections.append(Section(_("挂牌"), [_("准予在实施范围内的社区挂牌，不得另行增加牌子。")]))
    if c.get("conditions"):
        sections.append(Section(_("准入条件"), items=list(c["conditions"])))
    if c.get("reasons"):
        sections.append(Section(_("决定理由"), [c["reasons"]]))
    return _numbered(sections)


def _application_paragraphs(c: dict[str, Any], approved: bool) -> tuple[list[str], str]:
    """The opening paragraphs and the operative sentence (the decision itself)."""
    votes = c.get("votes") or {}
    review = _("本联席会议于{d}对该申请进行了审查").format(d=cn_date(c.get("review_date")))
    hearing = c.get("hearing")
    if hearing:
        review += _("，并于{d}在{p}举行了听证").format(
            d=cn_date(hearing.get("date")), p=hearing.get("place", "")
        )
    opening = [
        _("你单位报送的“{m}”社区工作事项准入申请（申请编号：{r}）收悉。").format(
            m=c.get("matter_name", ""), r=c.get("application", "")
        ),
        review + "。" + _vote_sentence(votes),
    ]
    if hearing and hearing.get("outcome"):
        opening.append(_("听证结论：{o}").format(o=hearing["outcome"]))
    if not approved:
        operative = _("经审查，决定对“{m}”不予准入。未经准入，不得要求社区承担该事项。").format(
            m=c.get("matter_name", "")
        )
    elif c.get("outcome") == Decision.Outcome.APPROVED_WITH_CONDITIONS:
        operative = _(
            "经审查，决定附条件准予“{m}”准入社区，列入社区工作事项清单（事项编码：{code}），准入条件见下文。"
        ).format(m=c.get("matter_name", ""), code=c.get("matter_code", ""))
    else:
        operative = _("经审查，决定准予“{m}”准入社区，列入社区工作事项清单（事项编码：{code}）。").format(
            m=c.get("matter_name", ""), code=c.get("matter_code", "")
        )
    return opening, operative


def _vote_sentence(votes: dict[str, Any]) -> str:
    return _(
        "联席会议成员{n}人，有表决权{e}人，法定人数{q}人；同意{a}人，附条件同意{c}人，不同意{d}人。"
    ).format(
        n=votes.get("members", 0),
        e=votes.get("eligible", 0),
        q=votes.get("quorum", 0),
        a=votes.get("agree", 0),
        c=votes.get("agree_with_conditions", 0),
        d=votes.get("disagree", 0),
    )


def _exit_parts(c: dict[str, Any]) -> tuple[list[str], str, list[Section]]:
    request = [
        _("{o}提出的关于“{m}”（事项编码：{code}）退出社区工作事项清单的申请（申请编号：{r}）收悉。").format(
            o=c.get("requester", ""),
            m=c.get("matter_name", ""),
            code=c.get("matter_code", ""),
            r=c.get("exit_request", ""),
        ),
        _("本联席会议于{d}对该申请进行了审查。").format(d=cn_date(c.get("decided_on")))
        + _vote_sentence(c.get("votes") or {}),
    ]
    if c.get("outcome") == Decision.Outcome.EXITED:
        operative = _(
            "经审查，决定“{m}”退出社区工作事项清单。自本决定作出之日起，不得再要求社区承担该事项。"
        ).format(m=c.get("matter_name", ""))
    else:
        operative = _("经审查，决定“{m}”不退出，继续保留在社区工作事项清单中。").format(
            m=c.get("matter_name", "")
        )
    facts = [_("理由类别：{r}。").format(r="、".join(c.get("request_reasons") or []))]
    facts.append(_("具体情况：{e}").format(e=c.get("explanation", "")))
    if c.get("resident_signatures"):
        facts.append(_("居民签名{n}人。").format(n=c["resident_signatures"]))
    sections = _numbered(
        [Section(_("退出申请的理由"), facts), Section(_("决定理由"), [c.get("reasons", "")])]
    )
    return request, operative, sections


def letter_context(decision: Decision) -> dict[str, Any]:
    """Everything the letter template shows, from `decision.content` only (plus the digest)."""
    c = decision.content
    is_exit = "exit_request" in c
    if is_exit:
        opening, operative, sections = _exit_parts(c)
        copy_to = c.get("requester", "")
    else:
        approved = c.get("outcome") in APPROVED
        opening, operative = _application_paragraphs(c, approved)
        sections = _application_sections(c, approved)
        copy_to = ""
    return {
        "c": c,
        "digest": decision.digest,
        "addressee": c.get("department", ""),
        "opening": opening,
        "operative": operative,
        "sections": sections,
        "copy_to": copy_to,
        "decided_on": cn_date(c.get("decided_on")),
        "qr": qr_data_uri(c.get("public_url", "")),
        "verify_url": verify_url(),
    }


def render_decision_html(decision: Decision, *, embed: bool = False) -> str:
    """The letter as a whole HTML document (for the PDF), or as an <article> to embed in a page."""
    with translation.override(LETTER_LANGUAGE):
        return render_to_string(TEMPLATE, {**letter_context(decision), "embed": embed})


def render_decision_pdf(decision: Decision) -> bytes:
    """The letter as an A4 PDF, with no external resource."""
    html = render_decision_html(decision)
    return html_to_pdf(html)
