"""The decision letter: an A4 PDF in Chinese with the number, the matter and the SM3 digest, rendered from
the decision's content only and without fetching anything."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from django.utils import translation

from zhunru.access.letters import cn_date, data_only_fetcher, render_decision_html, render_decision_pdf
from zhunru.access.models import Decision
from zhunru.access.tests.factories import approved_application, decided_application, exited_matter

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path) -> str:
    """The PDF's text with all white space removed (pdftotext breaks lines anywhere in Chinese)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return "".join(out.split())


def test_approval_letter_pdf(district, tmp_path):
    decision = approved_application(district, data_fields=["姓名", "联系电话"], signboard_wanted=True)
    pdf = render_decision_pdf(decision)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    assert decision.content["matter_name"] in text
    assert decision.number in text
    assert decision.digest in text
    assert "准入决定书" in text and "不予准入决定书" not in text
    assert decision.matter.code in text
    assert "每个社区每年3,000.00元" in text
    assert "职能部门不得就本事项单独对社区开展考核、评比、排名。" in text
    assert decision.content["public_url"] in text


def test_rejection_letter_pdf_gives_the_reasons(district, tmp_path):
    decision = decided_application(
        district, outcome="rejected", reasons="属于部门自身职责，不应由社区承担。", matter_name="卫生死角排查"
    )
    text = pdf_text(render_decision_pdf(decision), tmp_path)
    assert "不予准入决定书" in text
    assert "卫生死角排查" in text and decision.number in text and decision.digest in text
    assert "不予准入的理由" in text and "属于部门自身职责，不应由社区承担。" in text
    assert "准入条件" not in text


def test_exit_letter_pdf_names_the_requesting_organization_only(district, tmp_path):
    admitted = approved_application(district, matter_name="楼道宣传栏更新")
    decision = exited_matter(district, admitted.matter)
    text = pdf_text(render_decision_pdf(decision), tmp_path)
    assert "退出决定书" in text and "楼道宣传栏更新" in text
    assert decision.number in text and decision.digest in text
    assert decision.content["requester"] in text
    assert "factory_worker" not in text


def test_letter_shows_the_hearing_and_the_unfunded_justification(district):
    decision = approved_application(
        district,
        money_per_community_year="0",
        unfunded_justification="本年度预算已编制，下一年度起安排经费。",
    )
    hearing = {"date": "2026-02-20", "place": "区政务中心三楼会议室", "outcome": "社区代表同意准入。"}
    copy = Decision(content={**decision.content, "hearing": hearing}, digest=decision.digest)
    html = render_decision_html(copy)
    assert "2026年2月20日在区政务中心三楼会议室举行了听证" in html
    assert "社区代表同意准入。" in html
    assert "准予准入的书面理由：本年度预算已编制，下一年度起安排经费。" in html


def test_letter_has_no_external_resources(district):
    html = render_decision_html(approved_application(district))
    assert re.findall(r'(?:src|href)="(?!data:)', html) == []
    assert "<link" not in html and "@import" not in html
    fetcher = data_only_fetcher()
    for url in ("http://example.com/x.png", "https://example.com/a.css", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


def test_letter_is_a4(district, tmp_path):
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    path = tmp_path / "letter.pdf"
    path.write_bytes(render_decision_pdf(approved_application(district)))
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    assert "(A4)" in info


def test_letter_is_always_chinese(district):
    decision = approved_application(district)
    with translation.override("en"):
        html = render_decision_html(decision)
    assert "准入决定书" in html and "经审查，决定准予" in html


def test_cn_date():
    assert cn_date("2026-03-02") == "2026年3月2日"
    assert cn_date("") == ""
