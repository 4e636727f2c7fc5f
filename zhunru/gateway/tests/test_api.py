"""The gateway through the HTTP API: the same services and scope as the pages."""

from __future__ import annotations

import pytest

from zhunru.api.tests.helpers import as_user, ok
from zhunru.gateway.models import TaskNotice

pytestmark = pytest.mark.django_db

ENFORCEMENT = "区城管局通知：请社区派人上街查处占道经营，拆除违法建设。"
CHECKUP = "【区卫健委】请社区通知辖区65岁以上老年人到社区卫生服务中心参加年度免费健康体检。"


def test_judge_preview_saves_nothing(catalog, community_worker, today):
    rows = ok(as_user(community_worker).post("/gateway/judge", {"text": f"{CHECKUP}\n\n{ENFORCEMENT}"}))
    assert [r["verdict"] for r in rows] == ["admitted", "negative"]
    assert rows[0]["item"] == "SF-Z01" and rows[0]["department"] == "区卫生健康委员会" and rows[0]["allowed"]
    assert rows[1]["department"] == "区城市管理局" and not rows[1]["allowed"]
    assert not TaskNotice.objects.exists()


def test_register_list_and_answer(catalog, community_worker, other_worker, today):
    api = as_user(community_worker)
    created = ok(
        api.post("/gateway/notices", {"text": ENFORCEMENT, "received_on": "2026-06-10", "hours": 2}), 201
    )
    assert created["verdict"] == "negative" and created["department"] == "区城市管理局"
    assert created["received_on"] == "2026-06-10" and created["action"] == "pending"
    assert "refuse" in created["actions"]
    allowed = ok(api.post("/gateway/notices", {"text": CHECKUP}), 201)
    assert allowed["verdict"] == "admitted" and allowed["actions"] == ["accept"]

    page = ok(api.get("/gateway/notices"))
    assert page["count"] == 2 and {n["id"] for n in page["items"]} == {created["id"], allowed["id"]}
    assert ok(api.get("/gateway/notices", verdict="negative"))["count"] == 1
    assert ok(api.get("/gateway/notices", month="2026-06"))["count"] == 2

    assert ok(api.post(f"/gateway/notices/{allowed['id']}/accept"))["action"] == "accepted"
    refused = ok(api.post(f"/gateway/notices/{created['id']}/refuse"))
    assert refused["action"] == "refused" and refused["refusal_number"] == "东湖社区拒告〔2026〕1号"
    assert refused["refusal_pdf"].endswith("/refusal.pdf")
    assert api.post(f"/gateway/notices/{created['id']}/refuse").status_code == 409

    other = as_user(other_worker)
    assert ok(other.get("/gateway/notices"))["count"] == 0
    assert other.get(f"/gateway/notices/{created['id']}").status_code == 404
    assert other.post(f"/gateway/notices/{created['id']}/report").status_code == 404


def test_bad_input_answers_400(catalog, community_worker):
    api = as_user(community_worker)
    response = api.post("/gateway/notices", {"text": "  "})
    assert response.status_code == 400 and response.json()["field"] == "text"
    assert api.post("/gateway/notices", {"text": "x", "received_on": "soon"}).status_code == 422


def test_report_refuses_and_reports(catalog, community_worker, today, monkeypatch):
    from zhunru.supervision.models import ViolationReport

    api = as_user(community_worker)
    created = ok(api.post("/gateway/notices", {"text": ENFORCEMENT}), 201)
    assert "refuse_report" in created["actions"]
    done = ok(api.post(f"/gateway/notices/{created['id']}/report"))
    assert (
        done["action"] == "refused"
        and done["reported"]
        and done["report_reference"] == (ViolationReport.objects.get(notice_id=created["id"]).reference)
    )


def test_dispatch(catalog, applicant, community_worker, today):
    api = as_user(applicant)
    created = ok(
        api.post(
            "/gateway/dispatch",
            {"matter_code": "SF-Z01", "communities": ["990101001001"], "text": "请通知老年人体检。"},
        ),
        201,
    )
    assert [n["verdict"] for n in created] == ["admitted"] and created[0]["source"] == "dispatch"
    refused = api.post(
        "/gateway/dispatch", {"matter_code": "SF-A01", "communities": ["990101001001"], "text": "核查低保。"}
    )
    assert refused.status_code == 400 and "区民政局" in refused.json()["message"]
    assert api.get("/gateway/notices").json()["count"] == 0  # a department sees no community list
    assert ok(as_user(community_worker).get("/gateway/notices"))["count"] == 1


def test_only_workers_register_and_preview(catalog, applicant, street_officer):
    for user in (applicant, street_officer):
        api = as_user(user)
        assert api.post("/gateway/notices", {"text": ENFORCEMENT}).status_code == 403
        assert api.post("/gateway/judge", {"text": ENFORCEMENT}).status_code == 403
    assert (
        as_user(street_officer)
        .post("/gateway/dispatch", {"matter_code": "SF-Z01", "communities": ["990101001001"], "text": "x"})
        .status_code
        == 403
    )
