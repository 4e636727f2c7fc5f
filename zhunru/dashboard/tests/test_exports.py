"""Every table exports to Excel with the columns shown on the page, under the same filters."""

from __future__ import annotations

import io

import openpyxl
import pytest

pytestmark = pytest.mark.django_db


def sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[c if c is not None else "" for c in row] for row in ws.iter_rows(values_only=True)]


@pytest.mark.parametrize("name", ["burden", "departments", "office", "reductions"])
def test_each_table_exports_with_the_pages_columns(client, world, supervisor, name):
    client.force_login(supervisor)
    page = client.get(f"/dashboard/{name}/", {"month": "2026-11"})
    for block in page.context["built"].blocks:
        table = block.table
        rows = sheet(client.get(f"/dashboard/{name}/{table.key}.xlsx", {"month": "2026-11"}))
        assert rows[0] == [str(h) for h in table.headers]
        assert len(rows) == 1 + len(table.all_rows)
        assert f'href="/dashboard/{name}/{table.key}.xlsx?month=2026-11"' in page.content.decode()


def test_burden_export_values_and_filters(client, world, approval_clerk):
    client.force_login(approval_clerk)
    rows = sheet(client.get("/dashboard/burden/burden.xlsx", {"month": "2026-11"}))
    header = rows[0]
    assert "已举报" not in header  # the office never sees who reported, not in Excel either
    donghu = next(r for r in rows if r[0] == "东湖社区")
    assert donghu[header.index("收到任务")] == 4 and donghu[header.index("拒开证明")] == 2
    assert rows[-1][0] == "合计" and rows[-1][header.index("收到任务")] == 6
    east = sheet(
        client.get(
            "/dashboard/burden/burden.xlsx",
            {"month": "2026-11", "street": world["donghu_community"].parent_id},
        )
    )
    assert [r[0] for r in east[1:-1]] == ["东湖社区", "花园路社区", "新华里社区"]


def test_export_keeps_the_scope(client, world, community_worker, applicant):
    client.force_login(community_worker)
    rows = sheet(client.get("/dashboard/burden/burden.xlsx", {"month": "2026-11"}))
    assert [r[0] for r in rows[1:]] == ["东湖社区", "合计"]
    client.force_login(applicant)
    assert client.get("/dashboard/burden/burden.xlsx").status_code == 404
    rows = sheet(client.get("/dashboard/departments/departments.xlsx", {"month": "2026-11"}))
    assert [r[0] for r in rows[1:]] == ["区卫生健康委员会"]
