"""Refusing a certificate of the negative list: recorded (no personal data needed), counted per community
and certificate, and a referral note PDF in Chinese naming where the resident goes instead."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from zhunru.certificates import selectors
from zhunru.certificates.models import Refusal
from zhunru.certificates.services import refusal_create
from zhunru.core.errors import Forbidden, ValidationFailed
from zhunru.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "note.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return "".join(out.split())


def test_a_refusal_is_recorded_and_audited(community_worker, must_not):
    row = refusal_create(
        actor=community_worker, community=community_worker.community, certificate_type=must_not
    )
    assert row.number == "东湖社区证告〔2026〕1号" and row.resident_name == ""
    assert row.content["handled_by"] == must_not.handled_by and "公安" in row.content["handled_by"]
    event = AuditEvent.objects.get(event_type="certificate_refusal.create")
    assert event.summary == {"number": row.number, "certificate": "ZM-N05", "community": "990101001001"}


def test_only_negative_list_certificates_are_refused(community_worker, may):
    with pytest.raises(ValidationFailed, match="不应出具"):
        refusal_create(actor=community_worker, community=community_worker.community, certificate_type=may)
    assert not Refusal.objects.exists()


def test_only_the_communitys_worker_records_a_refusal(huayuan_worker, street_officer, district, must_not):
    for actor in (huayuan_worker, street_officer):
        with pytest.raises(Forbidden):
            refusal_create(actor=actor, community=district["donghu_community"], certificate_type=must_not)


def test_refusals_are_counted_per_community_and_certificate(seeded, community_worker, street_officer, lists):
    rows = selectors.counts(street_officer)
    by_key = {(r.community, r.certificate): (r.issued, r.refused) for r in rows}
    assert by_key[("东湖社区", "无犯罪记录证明")] == (0, 1)
    assert by_key[("东湖社区", "健在证明")] == (0, 1)
    assert by_key[("东湖社区", lists["ZM-P01"].name)] == (1, 0)
    assert by_key[("花园路社区", lists["ZM-P01"].name)] == (1, 0)
    mine = {r.community for r in selectors.counts(community_worker)}
    assert mine == {"东湖社区"}
    assert selectors.counts(street_officer, 2025) == []


def test_the_referral_note_pdf(client, community_worker, must_not, tmp_path):
    client.force_login(community_worker)
    page = client.post(
        "/certificates/c/990101001001/refusals/",
        {"certificate_type": must_not.pk, "resident_name": "李某", "requested_by": "某留学中介"},
        follow=True,
    )
    row = Refusal.objects.get()
    assert page.redirect_chain[-1][0] == f"/certificates/refusals/{row.pk}/"
    response = client.get(f"/certificates/refusals/{row.pk}/note.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "不予出具证明告知单" in text and "东湖社区证告〔2026〕1号" in text
    assert "李某：" in text and "“无犯罪记录证明”" in text and "某留学中介" in text
    assert "公安派出所" in text and "区民政局" in text


def test_the_refusal_page_lists_and_validates(client, community_worker, seeded, may):
    client.force_login(community_worker)
    url = "/certificates/c/990101001001/refusals/"
    html = client.get(url).content.decode()
    assert "无犯罪记录证明" in html and "某留学中介" in html
    bad = client.post(url, {"certificate_type": may.pk}).content.decode()
    assert Refusal.objects.count() == 2 and "certificate_type" in bad
