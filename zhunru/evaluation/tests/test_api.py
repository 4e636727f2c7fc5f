"""/api/v1/evaluation: the same flow as the pages, with the same permissions and the same refusals."""

from __future__ import annotations

import pytest

from zhunru.api.tests.helpers import as_user, ok
from zhunru.evaluation.models import EvaluationAnswer, ProviderSurvey

pytestmark = pytest.mark.django_db


def test_the_round_through_the_api(
    approval_clerk, approval_head, workers, minzheng_matter, minzheng_head, district, today
):
    office = as_user(approval_clerk)
    created = ok(office.post("/evaluation/rounds", {"year": 2025, "due_on": "2026-01-31"}), 201)
    assert created["status"] == "open" and [a["name"] for a in created["actions"]] == ["close"]
    assert created["actions"][0]["path"] == "/api/v1/evaluation/rounds/2025/close"
    assert ok(office.post("/evaluation/rounds", {"year": 2025}), 409)["error"] == "conflict"

    for i, worker in enumerate(workers[:5]):
        api = as_user(worker)
        todo = ok(api.get("/evaluation/rounds/2025/todo"))
        assert [t["department"]["name"] for t in todo] == ["区民政局"] and todo[0]["answered"] is False
        body = {
            "department": district["minzheng"].code,
            "promptness": 4,
            "money": 3 + i % 2,
            "burden": 4,
            "attitude": 5,
        }
        todo = ok(api.post("/evaluation/rounds/2025/answers", body))
        assert todo[0]["answered"] is True and todo[0]["answer"]["money"] == 3 + i % 2

    bad = ok(
        as_user(workers[0]).post(
            "/evaluation/rounds/2025/answers",
            {
                "department": district["minzheng"].code,
                "promptness": 0,
                "money": 6,
                "burden": 4,
                "attitude": 5,
            },
        ),
        400,
    )
    assert bad["field"] == "promptness" and "1–5" in bad["message"]
    unknown = as_user(workers[0]).post(
        "/evaluation/rounds/2025/answers",
        {"department": "NOPE", "promptness": 3, "money": 3, "burden": 3, "attitude": 3},
    )
    assert unknown.status_code == 404
    assert EvaluationAnswer.objects.count() == 5

    progress = ok(office.get("/evaluation/rounds/2025/progress"))
    assert sum(p["answered"] for p in progress) == 5

    head_of_office = as_user(approval_head)
    assert ok(head_of_office.post("/evaluation/rounds/2025/publish"), 409)["error"] == "invalid_transition"
    closed = ok(office.post("/evaluation/rounds/2025/close"))
    assert closed["status"] == "closed" and [a["name"] for a in closed["actions"]] == ["reopen"]
    assert ok(office.post("/evaluation/rounds/2025/publish"), 403)["error"] == "forbidden"
    assert ok(head_of_office.post("/evaluation/rounds/2025/publish"))["status"] == "published"

    head = as_user(minzheng_head)
    result = ok(head.post("/evaluation/rounds/2025/reply", {"text": "感谢各社区，经费将提前拨付。"}))
    assert result["published"] is True and result["answers"] == 5
    assert [c["key"] for c in result["criteria"]] == ["promptness", "money", "burden", "attitude"]
    money = result["criteria"][1]  # 3,4,3,4,3: mean 3.4, s = 0.547723, t(4) = 2.776445 → ± 0.680087
    assert money["mean"] == 3.4 and money["low"] == 2.7199 and money["high"] == 4.0801
    assert result["reply"]["text"] == "感谢各社区，经费将提前拨付。"

    everyone = ok(as_user(workers[6]).get("/evaluation/rounds/2025/results"))
    assert everyone == [result]
    assert ok(as_user(workers[0]).post("/evaluation/rounds/2025/reply", {"text": "x"}), 403)
    assert ok(head.get("/evaluation/rounds")).get("count") == 1


def test_results_are_hidden_while_open(round_2025, minzheng_head, approval_clerk):
    assert ok(as_user(minzheng_head).get("/evaluation/rounds/2025/results")) == []
    assert ok(as_user(approval_clerk).get("/evaluation/rounds/2025/results")) == []
    assert as_user(minzheng_head).get("/evaluation/rounds/2024/results").status_code == 404


def test_the_other_roles_are_refused(round_2025, sysadmin, applicant, district):
    assert as_user(sysadmin).get("/evaluation/rounds").status_code == 403
    assert as_user(sysadmin).get("/evaluation/rounds/2025").status_code == 404
    assert as_user(applicant).get("/evaluation/rounds/2025/todo").status_code == 403
    assert as_user(applicant).post("/evaluation/rounds/2025/close").status_code == 403


def test_provider_surveys_through_the_api(community_worker, street_officer, today):
    api = as_user(community_worker)
    body = {
        "provider_name": "东湖物业",
        "kind": "property",
        "year": 2025,
        "surveyed_on": "2025-12-20",
        "asked": 100,
        "satisfied": 45,
        "not_satisfied": 30,
    }
    survey = ok(api.post("/evaluation/provider-surveys", body), 201)
    assert survey["flagged"] is True and survey["rate"] == 0.45 and survey["community"]["name"] == "东湖社区"
    bad = ok(api.post("/evaluation/provider-surveys", {**body, "satisfied": 80}), 400)
    assert bad["field"] == "satisfied" and "不能超过参评人数" in bad["message"]
    flagged = ok(as_user(street_officer).get("/evaluation/provider-surveys", flagged=True))
    assert [s["provider_name"] for s in flagged["items"]] == ["东湖物业"]
    assert ok(as_user(street_officer).post("/evaluation/provider-surveys", body), 403)
    street = as_user(street_officer)
    deleted = street.client.delete(
        f"/api/v1/evaluation/provider-surveys/{survey['id']}", headers=street.headers
    )
    assert deleted.status_code == 403
    deleted = api.client.delete(f"/api/v1/evaluation/provider-surveys/{survey['id']}", headers=api.headers)
    assert deleted.status_code == 204 and not ProviderSurvey.objects.exists()
