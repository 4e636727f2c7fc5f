"""The whole procedure through the API, with the personas: create → sign by the head → submit → return
→ resubmit → accept → start review → two opinions → decide (approved: the matter enters the catalog)
→ exit request by a community → accept → two opinions → decide (exited: the matter leaves)."""

from __future__ import annotations

import pytest

from zhunru.accounts.roles import Role
from zhunru.api.tests.helpers import APPLICATION, ApiClient, as_user, ok
from zhunru.conftest import make_user
from zhunru.core.models import AuditEvent


@pytest.fixture
def approver2(district):
    return make_user("approver2", role=Role.APPROVER, department=district["donghu"])


def actions(detail: dict) -> list[str]:
    return [a["name"] for a in detail["actions"]]


def test_the_whole_procedure(
    today, applicant, dept_head, approval_clerk, approver, approver2, community_worker
):
    clerk, head, office = as_user(applicant), as_user(dept_head), as_user(approval_clerk)
    member1, member2, worker = as_user(approver), as_user(approver2), as_user(community_worker)

    # drafting
    app = ok(clerk.post("/applications", APPLICATION), 201)
    pk = app["id"]
    assert app["status"] == "draft" and app["status_label"] == "草稿"
    assert app["reference"].startswith("SQ2026-")
    assert set(actions(app)) == {"withdraw", "update", "attach"}  # the clerk cannot sign
    assert "sign" in actions(ok(head.get(f"/applications/{pk}")))
    pdf = ok(clerk.upload(f"/applications/{pk}/attachments", {"file": _pdf()}), 201)
    assert pdf["content_type"] == "application/pdf" and len(pdf["sm3"]) == 64

    # department: sign by the head (not the author), submit by the clerk
    app = ok(head.post(f"/applications/{pk}/sign"))
    assert app["status"] == "signed" and app["signed_by"] == "depthead"
    app = ok(clerk.post(f"/applications/{pk}/submit"))
    assert app["status"] == "submitted" and app["submitted_on"] == "2026-03-02"
    assert app["deadline"]["label"] == "受理或退回期限" and app["deadline"]["left"] == 5

    # office: return for correction; department corrects and resubmits
    assert set(actions(ok(office.get(f"/applications/{pk}")))) == {"return", "accept"}
    app = ok(office.post(f"/applications/{pk}/return", {"reason": "请补充经费来源的文件依据。"}))
    assert app["status"] == "returned" and app["return_reason"] == "请补充经费来源的文件依据。"
    app = ok(clerk.patch(f"/applications/{pk}", {"money_source": "区财政（区财〔2026〕3号）"}))
    assert app["money_source"] == "区财政（区财〔2026〕3号）" and app["status"] == "returned"
    app = ok(clerk.post(f"/applications/{pk}/resubmit", {"note": "已补充"}))
    assert app["status"] == "resubmitted"

    # office: accept and start the review
    app = ok(office.post(f"/applications/{pk}/accept"))
    assert app["status"] == "accepted" and app["decision_due"]
    app = ok(office.post(f"/applications/{pk}/start-review"))
    assert app["status"] == "under_review"
    assert app["deadline"]["label"] == "作出决定期限"

    # the joint meeting
    assert [t["action"] for t in ok(member1.get("/inbox/todo"))] == ["提出审查意见"]
    assert "opinion" in actions(ok(member1.get(f"/applications/{pk}")))
    ok(member1.post(f"/applications/{pk}/opinions", {"stance": "agree", "reasons": "依据充分，经费到位。"}))
    app = ok(
        member2.post(
            f"/applications/{pk}/opinions",
            {"stance": "agree_with_conditions", "reasons": "同意。", "conditions": "每季度报送一次。"},
        )
    )
    assert "opinion" not in actions(app)
    assert [o["stance"] for o in ok(office.get(f"/applications/{pk}"))["opinions"]] == [
        "agree",
        "agree_with_conditions",
    ]
    during = ok(clerk.get(f"/applications/{pk}"))  # as on the review page: visible while under review
    assert len(during["opinions"]) == 2 and during["tally"]["quorate"] is True

    # the decision puts the matter into the catalog
    app = ok(
        office.post(
            f"/applications/{pk}/decide",
            {
                "outcome": "approved_with_conditions",
                "reasons": "符合准入条件。",
                "conditions": "每季度报送一次。",
            },
        )
    )
    assert app["status"] == "approved_with_conditions"
    assert app["actions"] == [] and app["deadline"] is None
    after = ok(clerk.get(f"/applications/{pk}"))  # decided: the department reads the votes in the letter
    assert after["opinions"] == [] and after["tally"] is None
    number, code = app["decision"]["number"], app["admitted_matter"]
    assert number.endswith("准入决〔2026〕1号")
    matter = ok(ApiClient().get(f"/catalog/matters/{code}"))
    assert matter["name"] == APPLICATION["matter_name"] and matter["list"] == "admitted"
    assert [m["code"] for m in ok(ApiClient().get("/catalog/matters", q="健康档案"))["items"]] == [code]
    letter = ok(ApiClient().get("/decisions/2026-1"))
    assert letter["number"] == number and letter["intact"] is True
    assert (
        letter["content"]["votes"]["agree"] == 1 and letter["content"]["votes"]["agree_with_conditions"] == 1
    )
    verified = ok(ApiClient().get("/decisions/verify", q=letter["digest"]))
    assert verified["found"] and verified["intact"] and verified["decision"]["number"] == number
    newest = ok(clerk.get("/inbox/notifications"))["items"][0]
    assert newest["title"].endswith(f"（{number}）")

    # exit: a community asks, the office accepts, the meeting gives opinions, the office decides
    req = ok(
        worker.post(
            "/exits",
            {
                "matter_code": code,
                "reasons": ["residents"],
                "explanation": "居民普遍反映入户核查过于频繁。",
                "resident_signatures": 120,
            },
        ),
        201,
    )
    eid = req["id"]
    assert req["status"] == "submitted" and actions(req) == ["withdraw"]
    assert [r["id"] for r in ok(worker.get("/exits"))["items"]] == [eid]
    req = ok(office.post(f"/exits/{eid}/accept"))
    assert req["status"] == "under_review"
    ok(member1.post(f"/exits/{eid}/opinions", {"stance": "agree", "reasons": "居民意见集中。"}))
    ok(member2.post(f"/exits/{eid}/opinions", {"stance": "agree", "reasons": "同意退出。"}))
    req = ok(office.post(f"/exits/{eid}/decide", {"outcome": "exited", "reasons": "经审查，同意退出。"}))
    assert req["status"] == "exited" and req["decision"]["number"].endswith("准入决〔2026〕2号")
    assert ok(ApiClient().get(f"/catalog/matters/{code}"))["status"] == "exited"
    assert ok(ApiClient().get("/catalog/matters", q="健康档案"))["count"] == 0
    assert ok(ApiClient().get("/decisions"))["count"] == 2

    # the history, and every step in the audit chain with its actor
    history = ok(clerk.get(f"/applications/{pk}"))["history"]
    assert [h["transition"] for h in history] == [
        "create",
        "sign",
        "submit",
        "return",
        "resubmit",
        "accept",
        "start_review",
        "decide",
    ]
    steps = AuditEvent.objects.filter(event_type__startswith="application.").values_list(
        "event_type", "actor_id"
    )
    assert ("application.sign", dept_head.pk) in set(steps)
    assert ("application.decide", approval_clerk.pk) in set(steps)


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("依据.pdf", b"%PDF-1.4\n% test\n", content_type="application/pdf")
