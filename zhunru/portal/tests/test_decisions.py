"""Decisions: the list, each letter as HTML, the PDF download, and exits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhunru.access.tests.factories import decided_application, exited_matter

pytestmark = pytest.mark.django_db


def test_decision_list(client, district, decision):
    rejected = decided_application(
        district, outcome="rejected", reasons="部门职责", matter_name="卫生死角排查"
    )
    html = client.get(reverse("portal:decisions")).content.decode()
    for d in (decision, rejected):
        assert d.number in html
        assert reverse("portal:decision", args=[d.year, d.seq]) in html
    assert "不予准入决定书" in html and "卫生死角排查" in html


def test_decision_page_shows_the_full_letter(client, decision):
    html = client.get(reverse("portal:decision", args=[decision.year, decision.seq])).content.decode()
    assert '<article class="letter" lang="zh-CN">' in html
    assert decision.number in html and decision.digest in html
    assert "准入决定书" in html and decision.content["matter_name"] in html
    assert "社区工作事项清单（事项编码：" + decision.matter.code in html
    assert 'src="data:image/png;base64,' in html  # the QR code of the public URL
    assert reverse("portal:decision_pdf", args=[decision.year, decision.seq]) in html
    assert reverse("portal:matter", args=[decision.matter.code]) in html


def test_rejection_page_gives_the_reasons(client, district, catalog):
    rejected = decided_application(district, outcome="rejected", reasons="属于部门自身职责。")
    html = client.get(reverse("portal:decision", args=[rejected.year, rejected.seq])).content.decode()
    assert "不予准入决定书" in html and "属于部门自身职责。" in html


def test_pdf_download(client, decision):
    response = client.get(reverse("portal:decision_pdf", args=[decision.year, decision.seq]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="decision-{decision.year}-{decision.seq}.pdf"'
    )
    assert response.content.startswith(b"%PDF")


def test_unknown_decision_is_404(client, decision):
    assert client.get(reverse("portal:decision", args=[decision.year, 999])).status_code == 404
    assert client.get(reverse("portal:decision_pdf", args=[1999, 1])).status_code == 404


def test_exits(client, district, decision):
    exit_decision = exited_matter(district, decision.matter)
    kept = decided_application(district, matter_name="垃圾分类督导")
    kept_decision = exited_matter(district, kept.matter, outcome="exit_rejected", reasons="仍有必要")
    html = client.get(reverse("portal:exits")).content.decode()
    assert exit_decision.number in html and kept_decision.number in html
    assert "决定退出" in html and "决定不退出" in html
    assert exit_decision.exit_request.requester_org in html
    assert "居民普遍不认可" in html  # the reason category
    exited_section = html.split("已退出清单的事项", 1)[1].split("已决定的退出申请", 1)[0]
    assert decision.matter.code in exited_section and kept.matter.code not in exited_section


def test_matter_page_shows_its_exit_history(client, district, decision):
    exit_decision = exited_matter(district, decision.matter)
    html = client.get(reverse("portal:matter", args=[decision.matter.code])).content.decode()
    assert "退出清单，不得再要求社区承担" in html
    assert exit_decision.number in html and decision.number in html
    assert "退出决定书" in html
    assert exit_decision.exit_request.requester_org in html
