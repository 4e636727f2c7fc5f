"""The Excel export: the same notices and columns as the list on screen, with its filters."""

from __future__ import annotations

import io

import openpyxl
import pytest

from zhunru.gateway.tests.examples import register_examples

pytestmark = pytest.mark.django_db

HEADERS = [
    "收到日期",
    "社区",
    "来源部门",
    "任务内容",
    "判定",
    "匹配事项",
    "理由",
    "完成期限",
    "预计工时",
    "处理",
    "举报",
]


def sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "notices-" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_export_all(client, catalog, community_worker, today):
    examples = register_examples(community_worker)
    client.force_login(community_worker)
    rows = sheet(client.get("/gateway/export.xlsx"))
    assert rows[0] == HEADERS
    assert len(rows) == 1 + len(examples)
    by_date = {r[0]: r for r in rows[1:]}
    e = by_date["2026-06-09"]
    assert e[1] == "东湖社区" and e[2] == "区民政局" and e[4] == "未经准入"
    assert e[5].startswith("SF-Z01 ") and e[8] == 5 and e[9] == "已拒绝"
    c = by_date["2026-06-05"]
    assert c[2] == "来源不明" and c[4] == "依法履职" and c[9] == "待处理"
    assert [r[0] for r in rows[1:]] == sorted((r[0] for r in rows[1:]), reverse=True)  # as on screen


def test_export_follows_the_filters(client, catalog, community_worker, today):
    register_examples(community_worker)
    client.force_login(community_worker)
    rows = sheet(client.get("/gateway/export.xlsx", {"month": "2026-05"}))
    assert sorted(r[0] for r in rows[1:]) == ["2026-05-10", "2026-05-20"]
    rows = sheet(client.get("/gateway/export.xlsx", {"verdict": "negative"}))
    assert [r[4] for r in rows[1:]] == ["负面清单"]
