"""/api/v1/dashboard/{page}: the page's tables, with the page's role scoping."""

from __future__ import annotations

import pytest

from zhunru.api.tests.helpers import as_user, ok

pytestmark = pytest.mark.django_db


def test_the_office_reads_the_district(world, approval_clerk):
    api = as_user(approval_clerk)
    data = ok(api.get("/dashboard/burden?month=2026-11"))
    assert data["level"] == "district" and data["period"] == "2026-11"
    assert data["pages"] == ["burden", "departments", "office", "reductions"]
    burden = next(t for t in data["tables"] if t["key"] == "burden")
    assert len(burden["rows"]) == 8 and "已举报" not in burden["headers"]
    assert burden["footer"][burden["headers"].index("收到任务")] == 6
    office = ok(api.get("/dashboard/office?month=2026-11"))["tables"][0]
    assert ["决定用时第90百分位（工作日）", 14.8] in office["rows"]


def test_scoping_as_on_the_pages(world, community_worker, applicant):
    rows = ok(as_user(community_worker).get("/dashboard/burden?month=2026-11"))["tables"][2]["rows"]
    assert [r[0] for r in rows] == ["东湖社区"]
    assert as_user(community_worker).get("/dashboard/office").status_code == 404
    api = as_user(applicant)
    data = ok(api.get(f"/dashboard/departments?month=2026-11&department={world['minzheng'].pk}"))
    assert [r[0] for r in data["tables"][1]["rows"]] == ["区卫生健康委员会"]
    assert api.get("/dashboard/nothing").status_code == 404
