"""Who sees which page and which communities. Missing and not-yours answer the same 404."""

from __future__ import annotations

import re

import pytest

from zhunru.accounts import services
from zhunru.accounts.roles import Role
from zhunru.accounts.selectors import visible_communities
from zhunru.accounts.tests.helpers import page_text
from zhunru.areas.models import Area

DONGHU = "990101001001"  # 东湖社区, 东湖街道
XILING = "990101002001"  # 西岭社区, 西岭街道
DONGHU_STREET = {"990101001001", "990101001002", "990101001003"}

PAGES = (
    "/",
    "/areas/",
    "/departments/",
    "/accounts/users/",
    "/accounts/roles/",
    "/manage/import/",
    "/manage/workdays/",
    "/audit/",
    f"/areas/{DONGHU}/",
    f"/areas/{XILING}/",
)

# fmt: off
# The role × page table: the status each persona gets on each page, in the order of PAGES.
#                      /    areas depts users roles import wdays audit 东湖  西岭
ROLE_PAGE_TABLE = {
    "applicant":        (200, 200, 200, 403, 403, 403, 403, 403, 404, 404),
    "dept_head":        (200, 200, 200, 403, 403, 403, 403, 403, 404, 404),
    "approval_clerk":   (200, 200, 200, 403, 403, 403, 403, 403, 200, 200),
    "approver":         (200, 200, 200, 403, 403, 403, 403, 403, 200, 200),
    "community_worker": (200, 200, 200, 403, 403, 403, 403, 403, 200, 404),
    "street_officer":   (200, 200, 200, 403, 403, 403, 403, 403, 200, 404),
    "supervisor":       (200, 200, 200, 403, 403, 403, 403, 403, 200, 200),
    "sysadmin":         (200, 200, 200, 200, 403, 200, 200, 403, 200, 200),
    "secadmin":         (200, 200, 200, 200, 200, 403, 403, 403, 404, 404),
    "auditadmin":       (200, 200, 200, 403, 403, 403, 403, 200, 404, 404),
    "outsider":         (200, 200, 200, 403, 403, 403, 403, 403, 404, 404),
    "anonymous":        (302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
}
# fmt: on


@pytest.mark.parametrize("persona", ROLE_PAGE_TABLE)
def test_role_page_table(request, client, district, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    actual = {}
    for path in PAGES:
        response = client.get(path)
        actual[path] = response.status_code
        if response.status_code == 302:
            assert response["Location"] == f"/accounts/login/?next={path}"
    expected = dict(zip(PAGES, ROLE_PAGE_TABLE[persona], strict=True))
    wrong = {path: (actual[path], expected[path]) for path in PAGES if actual[path] != expected[path]}
    assert not wrong, f"{persona}: (got, expected) {wrong}"


@pytest.mark.parametrize(
    ("persona", "codes"),
    [
        ("community_worker", {DONGHU}),
        ("street_officer", DONGHU_STREET),
        ("approval_clerk", "all"),
        ("approver", "all"),
        ("supervisor", "all"),
        ("applicant", set()),
        ("secadmin", set()),
        ("auditadmin", set()),
        ("outsider", set()),
    ],
)
def test_visible_communities(request, district, persona, codes):
    user = request.getfixturevalue(persona)
    if codes == "all":
        codes = set(Area.objects.filter(level=Area.Level.COMMUNITY).values_list("code", flat=True))
        assert len(codes) == 8
    assert set(visible_communities(user).values_list("code", flat=True)) == codes


def test_a_community_worker_sees_only_her_community(client, community_worker):
    client.force_login(community_worker)
    own = client.get(f"/areas/{DONGHU}/")
    assert own.status_code == 200
    assert "东湖社区" in page_text(own)
    for code in ("990101001002", XILING, "990101101001"):
        response = client.get(f"/areas/{code}/")
        assert response.status_code == 404, code


def test_not_yours_looks_exactly_like_missing(client, community_worker):
    client.force_login(community_worker)
    forbidden = client.get(f"/areas/{XILING}/")
    missing = client.get("/areas/990101999999/")
    assert forbidden.status_code == missing.status_code == 404
    assert "找不到该对象，或您无权查看。" in page_text(forbidden)
    assert "西岭社区" not in page_text(forbidden)

    def normalized(response, code):
        """The page minus its CSRF tokens (new each time) and the code asked for."""
        return re.sub(r"[A-Za-z0-9]{64}", "", page_text(response)).replace(code, "CODE")

    assert normalized(forbidden, XILING) == normalized(missing, "990101999999")


def test_a_street_officer_sees_the_communities_of_his_street(client, street_officer):
    client.force_login(street_officer)
    for code in sorted(DONGHU_STREET):
        assert client.get(f"/areas/{code}/").status_code == 200, code
    for code in ("990101002001", "990101002003", "990101101001"):
        assert client.get(f"/areas/{code}/").status_code == 404, code


def test_the_approval_office_sees_every_community(client, approval_clerk):
    client.force_login(approval_clerk)
    for code in Area.objects.filter(level=Area.Level.COMMUNITY).values_list("code", flat=True):
        assert client.get(f"/areas/{code}/").status_code == 200, code


def test_scope_follows_the_role_not_just_the_organization(client, community_worker, secadmin):
    services.role_revoke(actor=secadmin, user=community_worker, role=Role.COMMUNITY_WORKER)
    client.force_login(community_worker)
    assert client.get(f"/areas/{DONGHU}/").status_code == 404


def test_the_audit_admin_reads_and_exports_the_audit_log(client, auditadmin, applicant):
    client.force_login(auditadmin)
    response = client.get("/audit/")
    assert response.status_code == 200
    assert "user.create" in page_text(response)
    export = client.get("/audit/export.xlsx")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin"])
def test_the_other_admins_cannot_read_the_audit_log(request, client, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.xlsx").status_code == 403


def test_a_refused_page_says_so_in_chinese(client, auditadmin):
    client.force_login(auditadmin)
    response = client.get("/accounts/users/")
    assert response.status_code == 403
    assert "您无权执行此操作。" in page_text(response)


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("sysadmin", {"用户管理", "数据导入", "工作日"}, {"角色授权", "审计日志"}),
        ("secadmin", {"角色授权"}, {"用户管理", "数据导入", "工作日", "审计日志"}),
        ("auditadmin", {"审计日志"}, {"用户管理", "角色授权", "数据导入", "工作日"}),
        ("applicant", set(), {"用户管理", "角色授权", "数据导入", "工作日", "审计日志"}),
    ],
)
def test_the_menu_offers_only_the_pages_that_open(request, client, persona, shown, hidden):
    client.force_login(request.getfixturevalue(persona))
    text = page_text(client.get("/"))
    nav = text[text.index("<nav") : text.index("</nav>")]
    assert all(label in nav for label in shown)
    assert not any(label in nav for label in hidden)
