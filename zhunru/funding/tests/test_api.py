"""/api/v1/funding: the same scope and services as the pages."""

from __future__ import annotations

import pytest

from zhunru.api.tests.helpers import as_user, ok
from zhunru.funding.models import Disbursement

pytestmark = pytest.mark.django_db

DONGHU, HUAYUAN = "990101001001", "990101001002"


def test_record_confirm_dispute_and_read_the_arrears(
    decision, applicant, other_clerk, community_worker, huayuan_worker, approval_clerk
):
    body = {
        "matter": decision.matter.code,
        "year": 2026,
        "paid_on": "2026-03-01",
        "voucher_number": "API-1",
        "amount": "1000",
        "communities": [DONGHU, HUAYUAN],
    }
    assert as_user(other_clerk).post("/funding/disbursements", body).status_code == 404
    bad = as_user(applicant).post("/funding/disbursements", {**body, "amount": "-1"})
    assert bad.status_code == 400 and bad.json()["field"] == "amount"
    assert not Disbursement.objects.exists()
    d = ok(as_user(applicant).post("/funding/disbursements", body), 201)
    assert d["total"] == "2000.00" and [x["status"] for x in d["lines"]] == ["pending", "pending"]
    mine = ok(as_user(community_worker).get("/funding/lines"))
    assert mine["count"] == 1 and mine["items"][0]["actions"] == ["confirm", "dispute"]
    line_id = mine["items"][0]["id"]
    other_line = next(x["id"] for x in d["lines"] if x["community"]["code"] == HUAYUAN)
    assert as_user(community_worker).post(f"/funding/lines/{other_line}/confirm").status_code == 404
    assert ok(as_user(community_worker).post(f"/funding/lines/{line_id}/confirm"))["status"] == "confirmed"
    assert (
        as_user(huayuan_worker).post(f"/funding/lines/{other_line}/dispute", {"note": ""}).status_code == 400
    )
    assert (
        ok(as_user(huayuan_worker).post(f"/funding/lines/{other_line}/dispute", {"note": "未到账"}))["status"]
        == "disputed"
    )

    arrears = ok(as_user(approval_clerk).get("/funding/arrears", year="2026", by="community"))
    assert arrears["total"] == {
        "committed": "6000.00",
        "paid": "2000.00",
        "confirmed": "1000.00",
        "disputed": "1000.00",
        "pending": "0.00",
        "unpaid": "5000.00",
        "overdue": "0.00",
    }
    donghu = next(r for r in arrears["items"] if r["code"] == DONGHU)
    assert donghu["reference_welfare"] == "114400.00" and donghu["unpaid"] == "2000.00"
    commitments = ok(as_user(community_worker).get(f"/funding/matters/{decision.matter.code}/commitments"))
    assert [c["community"]["code"] for c in commitments] == [DONGHU]
    assert ok(as_user(approval_clerk).get("/funding/unfunded")) == []
