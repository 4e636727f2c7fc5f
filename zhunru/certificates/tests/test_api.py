"""/api/v1/certificates: the lists, a community's register (masked), issuing, searching by ID number,
revealing with a reason, refusals and counts, with the same permissions as the pages."""

from __future__ import annotations

import pytest

from zhunru.api.tests.helpers import as_user, ok
from zhunru.certificates.tests.conftest import ID_A, ID_X, PHONE_A
from zhunru.core.models import AuditEvent

pytestmark = pytest.mark.django_db
REG = "/certificates/communities/990101001001"


def test_lists(lists, applicant):
    api = as_user(applicant)
    must_not = ok(api.get("/certificates/types", list="must_not"))
    assert len(must_not) == 20 and must_not[4]["name"] == "无犯罪记录证明" and must_not[4]["handled_by"]
    assert ok(api.get(f"/certificates/types/{lists['ZM-P01'].pk}"))["sample"].startswith("指定监护书")


def test_issue_search_reveal(community_worker, lists):
    api = as_user(community_worker)
    made = ok(
        api.post(
            f"{REG}/issuances",
            {"certificate": "ZM-P01", "applicant_name": "刘晓梅", "id_number": ID_A, "phone": PHONE_A},
        ),
        201,
    )
    assert made["id_number"] == ID_A[:6] + "********" + ID_A[-4:] and made["phone"] == "138****5678"
    bad = api.post(
        f"{REG}/issuances",
        {"certificate": "ZM-N05", "applicant_name": "某", "id_number": ID_X, "phone": PHONE_A},
    )
    assert bad.status_code == 400 and bad.json()["field"] == "certificate_type"
    assert [r["id"] for r in ok(api.post(f"{REG}/issuances/search", {"id_number": ID_A}))] == [made["id"]]
    assert ok(api.post(f"{REG}/issuances/search", {"id_number": ID_X})) == []
    assert ok(api.get(f"{REG}/issuances", certificate="ZM-P01"))["count"] == 1
    no_reason = api.post(f"/certificates/issuances/{made['id']}/reveal", {"reason": ""})
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    shown = ok(api.post(f"/certificates/issuances/{made['id']}/reveal", {"reason": "居民来电核对"}))
    assert shown["id_number"] == ID_A and shown["phone"] == PHONE_A
    assert AuditEvent.objects.filter(event_type="certificate_issuance.reveal").count() == 1


def test_refusals_and_counts(community_worker, street_officer, lists):
    api = as_user(community_worker)
    made = ok(api.post(f"{REG}/refusals", {"certificate": "ZM-N10"}), 201)
    assert made["number"] == "东湖社区证告〔2026〕1号" and made["note_pdf"].endswith("/note.pdf")
    assert ok(api.get(f"{REG}/refusals"))["count"] == 1
    stats = ok(as_user(street_officer).get("/certificates/stats"))
    assert stats == [
        {
            "community": {"code": "990101001001", "name": "东湖社区"},
            "certificate": {"code": "ZM-N10", "name": "健在证明"},
            "list": "must_not",
            "issued": 0,
            "refused": 1,
        }
    ]


def test_permission_edges(seeded, huayuan_worker, applicant, supervisor, street_officer):
    row = seeded["issuances"][0]
    for user in (huayuan_worker, applicant, supervisor, street_officer):
        api = as_user(user)
        assert api.get(f"{REG}/issuances").status_code == 404
        assert api.get(f"/certificates/issuances/{row.pk}").status_code == 404
        assert (
            api.post(f"/certificates/issuances/{row.pk}/reveal", {"reason": "核对证明信息"}).status_code
            == 404
        )
        assert api.post(f"{REG}/refusals", {"certificate": "ZM-N10"}).status_code == 404
    assert as_user(applicant).get("/certificates/stats").status_code == 403
    assert as_user(supervisor).get("/certificates/stats").status_code == 403


def test_stats_year_out_of_range_is_a_clear_422(community_worker):
    api = as_user(community_worker)
    assert api.get("/certificates/stats", year=10000).status_code == 422
    assert ok(api.get("/certificates/stats", year=2026)) == []
