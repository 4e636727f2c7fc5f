"""Helpers shared by the API tests: a token per persona and a JSON client that sends it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import Client

from zhunru.accounts import services

API = "/api/v1"
TODAY = dt.date(2026, 3, 2)

APPLICATION = {
    "matter_name": "老年人健康档案入户核查",
    "kind": "task",
    "field": "卫生健康",
    "community_tasks": "每季度协助核查辖区 65 岁以上老年人健康档案信息。",
    "basis": "《国家基本公共卫生服务规范》",
    "scope_kind": "all",
    "start_date": "2026-06-01",
    "frequency": "quarterly",
    "community_role": "assist",
    "workload_hours": "4",
    "money_per_community_year": "2400",
    "money_source": "区财政",
    "no_assessment_declared": True,
    "contact_name": "王经办",
    "contact_phone": "0999-1234567",
}


def token_for(user: Any, name: str = "test") -> str:
    _token, plaintext = services.api_token_create(actor=user, name=name)
    return plaintext


class ApiClient:
    """Sends JSON with `Authorization: Bearer <token>` (or no header when token is None)."""

    def __init__(self, token: str | None = None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _url(self, path: str) -> str:
        return path if path.startswith("/api/") else API + path

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(self._url(path), params, headers=self.headers)

    def post(self, path: str, data: Any = None) -> Any:
        body = json.dumps(data) if data is not None else ""
        return self.client.post(self._url(path), body, content_type="application/json", headers=self.headers)

    def patch(self, path: str, data: Any) -> Any:
        return self.client.patch(
            self._url(path), json.dumps(data), content_type="application/json", headers=self.headers
        )

    def upload(self, path: str, files: dict[str, Any], data: dict[str, Any] | None = None) -> Any:
        return self.client.post(self._url(path), {**(data or {}), **files}, headers=self.headers)


def as_user(user: Any) -> ApiClient:
    return ApiClient(token_for(user))


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content.decode()
    return response.json()


def to_review(applicant: Any, dept_head: Any, approval_clerk: Any, **changes: Any) -> dict[str, Any]:
    """Draft → signed → submitted → accepted → under review, through the API. Returns the detail."""
    app = ok(as_user(applicant).post("/applications", {**APPLICATION, **changes}), 201)
    pk = app["id"]
    ok(as_user(dept_head).post(f"/applications/{pk}/sign"))
    ok(as_user(applicant).post(f"/applications/{pk}/submit"))
    office = as_user(approval_clerk)
    ok(office.post(f"/applications/{pk}/accept"))
    return ok(office.post(f"/applications/{pk}/start-review"))
