"""Each role's dashboard: which pages it opens and which communities, departments and columns it sees.
Who reported is shown to supervision and to the reporting community only; a department sees counts of
its own, never a community."""

from __future__ import annotations

import pytest

from zhunru.accounts.roles import Role
from zhunru.conftest import make_user

pytestmark = pytest.mark.django_db
NOV = {"month": "2026-11"}


def page(client, user, path, **params):
    client.force_login(user)
    return client.get(path, {**NOV, **params})


def test_anonymous_goes_to_login(client, world):
    response = client.get("/dashboard/burden/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "first"),
    [
        ("community_worker", "burden"),
        ("street_officer", "burden"),
        ("approval_clerk", "burden"),
        ("approver", "burden"),
        ("supervisor", "burden"),
        ("applicant", "departments"),
    ],
)
def test_index_leads_to_the_roles_first_page(client, world, request, persona, first):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"] == f"/dashboard/{first}/"


@pytest.mark.parametrize("persona", ["sysadmin", "auditadmin", "outsider"])
def test_no_dashboard_for_admins_and_people_without_a_role(client, world, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get("/dashboard/").status_code == 404
    for name in ("burden", "departments", "office", "reductions"):
        assert client.get(f"/dashboard/{name}/").status_code == 404
    assert client.get("/dashboard/report.pdf").status_code == 404
    assert "统计" not in [str(item["label"]) for item in client.get("/").context["nav_items"]]


def test_community_worker_sees_her_community_and_its_reports(client, world, community_worker):
    response = page(client, community_worker, "/dashboard/burden/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "东湖社区" in html and "花园路社区" not in html and world["xiling_community"].name not in html
    assert "已举报" in html  # her own community's reports
    rows = response.context["built"].table("burden").rows
    assert len(rows) == 1 and rows[0][0] == "东湖社区"
    for name in ("departments", "office"):
        assert client.get(f"/dashboard/{name}/").status_code == 404
    assert client.get("/dashboard/report.pdf").status_code == 404
    # a street filter cannot widen her scope
    rows = page(client, community_worker, "/dashboard/burden/", street=world["xiling_community"].parent_id)
    assert [r[0] for r in rows.context["built"].table("burden").rows] == ["东湖社区"]


def test_street_officer_sees_his_streets_communities_without_reports(client, world, street_officer):
    response = page(client, street_officer, "/dashboard/burden/", street=world["xiling_community"].parent_id)
    names = [r[0] for r in response.context["built"].table("burden").rows]
    assert names == ["东湖社区", "花园路社区", "新华里社区"]
    assert "已举报" not in response.content.decode()
    assert page(client, street_officer, "/dashboard/reductions/").status_code == 200
    assert client.get("/dashboard/departments/").status_code == 404


def test_office_sees_the_district_without_who_reported(client, world, approval_clerk):
    response = page(client, approval_clerk, "/dashboard/burden/")
    table = response.context["built"].table("burden")
    assert len(table.rows) == 8 and "已举报" not in table.headers
    assert "已举报" not in response.content.decode()
    street = page(client, approval_clerk, "/dashboard/burden/", street=world["xiling_community"].parent_id)
    assert all(r[1] == "西岭街道" for r in street.context["built"].table("burden").rows)
    for name in ("departments", "office", "reductions"):
        assert client.get(f"/dashboard/{name}/", NOV).status_code == 200
    html = client.get("/dashboard/office/", NOV).content.decode()
    assert "14.8" in html and "66.7%" in html


def test_supervision_sees_reports_per_community(client, world, supervisor):
    response = page(client, supervisor, "/dashboard/burden/")
    table = response.context["built"].table("burden")
    column = table.headers.index("已举报")
    assert {r[0]: r[column] for r in table.rows}["东湖社区"] == 1


def test_department_sees_its_own_counts_only(client, world, applicant):
    response = page(client, applicant, "/dashboard/departments/", department=world["minzheng"].pk)
    table = response.context["built"].table("departments")
    assert [r[0] for r in table.rows] == ["区卫生健康委员会"]  # ?department= cannot show another one
    html = response.content.decode()
    assert "东湖社区" not in html and "花园路社区" not in html  # no community is ever named
    assert "区民政局</td>" not in html
    assert response.context["choices"]["departments"] == []  # no department filter offered
    for name in ("burden", "office", "reductions"):
        assert client.get(f"/dashboard/{name}/").status_code == 404


def test_a_street_office_clerk_is_a_department(client, world):
    user = make_user("street_clerk", role=Role.DEPT_CLERK, department=world["donghu"])
    response = page(client, user, "/dashboard/departments/")
    assert [r[0] for r in response.context["built"].table("departments").rows] == ["东湖街道办事处"]


def test_nav_entry_for_roles_with_a_dashboard(client, world, community_worker, applicant):
    for user in (community_worker, applicant):
        client.force_login(user)
        nav = client.get("/").context["nav_items"]
        assert any(str(item["label"]) == "统计" and item["url"] == "/dashboard/" for item in nav)


def test_unknown_page_and_table(client, world, supervisor):
    client.force_login(supervisor)
    assert client.get("/dashboard/nothing/").status_code == 404
    assert client.get("/dashboard/burden/nothing.xlsx").status_code == 404


def test_bad_filters_fall_back(client, world, supervisor):
    response = page(client, supervisor, "/dashboard/burden/", month="2026-13", span="7", kind="x", street="a")
    f = response.context["f"]
    assert response.status_code == 200
    assert (f.month.month, f.span, f.kind, f.street) == (11, 1, "", None)  # today's month: 2026-11


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "2026-1x", "2026"])
def test_out_of_range_months_fall_back(client, world, supervisor, month):
    response = page(client, supervisor, "/dashboard/burden/", month=month, span="12")
    assert response.status_code == 200 and response.context["f"].raw["month"] == "2026-11"
    assert page(client, supervisor, "/dashboard/reductions/", baseline="0001-01-01").status_code == 200
