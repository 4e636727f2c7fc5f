"""Errors map once: DomainError → its status with as_dict(); a request that does not fit the schema →
422 with a Chinese message; unreadable JSON → 400; every answer is JSON."""

from __future__ import annotations

from zhunru.api.tests.helpers import APPLICATION, as_user, ok


def test_a_service_validation_error_is_400_with_its_field(today, applicant):
    response = as_user(applicant).post("/applications", {**APPLICATION, "matter_name": ""})
    assert response.status_code == 400
    assert response.json() == {
        "error": "validation_failed",
        "message": "请填写“事项名称”。",
        "field": "matter_name",
    }


def test_a_bad_choice_is_refused_by_the_service(today, applicant):
    response = as_user(applicant).post("/applications", {**APPLICATION, "kind": "party"})
    assert response.status_code == 400
    assert response.json()["field"] == "kind"


def test_a_schema_error_is_422_in_chinese(today, applicant):
    response = as_user(applicant).post("/applications", {**APPLICATION, "start_date": "下周一"})
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "validation_failed"
    assert body["message"] == "请求数据有误：start_date 日期格式应为 YYYY-MM-DD。"
    assert body["field"] == "start_date"
    assert body["details"][0]["type"].startswith("date")


def test_a_missing_required_field_is_422(today, approval_clerk):
    response = as_user(approval_clerk).post("/applications/1/return", {})
    assert response.status_code == 422
    assert response.json()["message"] == "请求数据有误：reason 缺少此项。"


def test_a_wrong_path_parameter_is_not_an_object(today, applicant):
    response = as_user(applicant).get("/applications/abc")
    assert response.status_code == 404


def test_unreadable_json_is_400(today, applicant):
    client = as_user(applicant)
    response = client.client.post(
        "/api/v1/applications", "{not json", content_type="application/json", headers=client.headers
    )
    assert response.status_code == 400
    assert response.json() == {"error": "bad_request", "message": "请求格式有误（请检查 JSON 或表单）。"}


def test_an_unknown_path_under_the_api_is_a_json_404(applicant):
    response = as_user(applicant).get("/no/such/endpoint")
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "message": "找不到该对象，或您无权查看。"}


def test_a_bad_query_parameter_is_422(today, applicant):
    response = as_user(applicant).get("/applications", page="first")
    assert response.status_code == 422
    assert response.json()["message"] == "请求数据有误：page 应为整数。"


def test_pages_past_the_end_are_empty(today, applicant):
    client = as_user(applicant)
    ok(client.post("/applications", APPLICATION), 201)
    first = ok(client.get("/applications", page=1, page_size=1))
    assert (first["count"], first["pages"], len(first["items"])) == (1, 1, 1)
    assert ok(client.get("/applications", page=2, page_size=1))["items"] == []
    assert ok(client.get("/applications", page_size=1000))["page_size"] == 100
