"""Permission edges: not yours → 404 (same as missing); the wrong role → 403; a member of the joint
meeting from the applying department must abstain → 403."""

from __future__ import annotations

import pytest

from zhunru.access.models import AccessApplication, Opinion
from zhunru.accounts.roles import Role
from zhunru.api.tests.helpers import APPLICATION, as_user, ok
from zhunru.conftest import make_user

NOT_FOUND = {"error": "not_found", "message": "找不到该对象，或您无权查看。"}


@pytest.fixture
def other_clerk(district):
    return make_user("mzclerk", role=Role.DEPT_CLERK, department=district["minzheng"])


@pytest.fixture
def draft(today, applicant):
    return ok(as_user(applicant).post("/applications", APPLICATION), 201)


@pytest.fixture
def under_review(draft, applicant, dept_head, approval_clerk):
    pk = draft["id"]
    ok(as_user(dept_head).post(f"/applications/{pk}/sign"))
    ok(as_user(applicant).post(f"/applications/{pk}/submit"))
    office = as_user(approval_clerk)
    ok(office.post(f"/applications/{pk}/accept"))
    return ok(office.post(f"/applications/{pk}/start-review"))


def test_another_departments_application_is_not_found(draft, other_clerk):
    them = as_user(other_clerk)
    pk = draft["id"]
    assert them.get(f"/applications/{pk}").json() == NOT_FOUND
    assert them.get(f"/applications/{pk}").status_code == 404
    assert them.get("/applications/999999").json() == NOT_FOUND  # missing looks the same
    for response in (
        them.patch(f"/applications/{pk}", {"matter_name": "改名"}),
        them.post(f"/applications/{pk}/withdraw"),
        them.post(f"/applications/{pk}/submit"),
        them.get(f"/applications/{pk}/similar"),
    ):
        assert response.status_code == 404, response.content.decode()
    assert ok(them.get("/applications"))["count"] == 0
    assert AccessApplication.objects.get(pk=pk).status == "draft"


def test_another_departments_head_cannot_sign(draft, district):
    head = make_user("mzhead", role=Role.DEPT_HEAD, department=district["minzheng"])
    response = as_user(head).post(f"/applications/{draft['id']}/sign")
    assert response.status_code == 404


def test_a_community_worker_cannot_create_applications(today, community_worker):
    response = as_user(community_worker).post("/applications", APPLICATION)
    assert response.status_code == 403
    assert response.json() == {"error": "forbidden", "message": "您无权执行此操作。"}
    assert not AccessApplication.objects.exists()


def test_the_department_head_drafts_nothing(today, dept_head):
    assert as_user(dept_head).post("/applications", APPLICATION).status_code == 403


def test_an_approver_from_the_applying_department_must_abstain(under_review, district):
    conflicted = make_user("wjmember", role=Role.APPROVER, department=district["weijian"])
    member = as_user(conflicted)
    detail = ok(member.get(f"/applications/{under_review['id']}"))
    assert "opinion" not in [a["name"] for a in detail["actions"]]
    response = member.post(
        f"/applications/{under_review['id']}/opinions", {"stance": "agree", "reasons": "同意"}
    )
    assert response.status_code == 403
    assert "回避" in response.json()["message"]
    assert not Opinion.objects.exists()


def test_members_and_departments_cannot_take_office_steps(under_review, applicant, approver):
    pk = under_review["id"]
    for user in (applicant, approver):
        response = as_user(user).post(f"/applications/{pk}/decide", {"outcome": "approved"})
        assert response.status_code == 403, response.content.decode()
        assert response.json()["error"] == "forbidden"


def test_the_office_cannot_take_department_steps(draft, applicant, dept_head, approval_clerk):
    pk = draft["id"]
    ok(as_user(dept_head).post(f"/applications/{pk}/sign"))
    ok(as_user(applicant).post(f"/applications/{pk}/submit"))
    office = as_user(approval_clerk)
    assert office.post(f"/applications/{pk}/withdraw").status_code == 403
    assert office.patch(f"/applications/{pk}", {"matter_name": "x"}).status_code == 403


def test_only_the_office_imports_the_catalog(applicant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("catalog.csv", b"code,name,list,kind\n")
    response = as_user(applicant).upload("/catalog/import", {"file": file})
    assert response.status_code == 403
