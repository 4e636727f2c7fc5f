"""The API applies the same object-level rules as the web UI: the selectors decide what a user sees,
the services decide what a user may do, and `actions` lists exactly what the services would allow."""

from __future__ import annotations

import pytest

from zhunru.access import selectors
from zhunru.accounts.roles import Role
from zhunru.api.tests.helpers import APPLICATION, as_user, ok
from zhunru.conftest import make_user


@pytest.fixture
def draft(today, applicant):
    return ok(as_user(applicant).post("/applications", APPLICATION), 201)


def names(detail: dict) -> set[str]:
    return {a["name"] for a in detail["actions"]}


def test_drafts_stay_inside_the_department(draft, applicant, dept_head, approval_clerk, approver):
    pk = draft["id"]
    for user in (approval_clerk, approver):
        assert as_user(user).get(f"/applications/{pk}").status_code == 404
        assert ok(as_user(user).get("/applications"))["count"] == 0
    ok(as_user(dept_head).post(f"/applications/{pk}/sign"))
    assert as_user(approval_clerk).get(f"/applications/{pk}").status_code == 404  # signed: still inside
    ok(as_user(applicant).post(f"/applications/{pk}/submit"))
    for user in (approval_clerk, approver):
        assert ok(as_user(user).get(f"/applications/{pk}"))["status"] == "submitted"


def test_the_list_is_the_selectors_list(draft, applicant, dept_head, approval_clerk, outsider):
    for user in (applicant, dept_head, approval_clerk, outsider):
        api_ids = [a["id"] for a in ok(as_user(user).get("/applications"))["items"]]
        assert api_ids == [a.pk for a in selectors.visible_applications(user).order_by("-created_at", "-pk")]


def test_nobody_signs_their_own_draft(today, district):
    """A head who also drafts (clerk and head) cannot sign that draft."""
    from zhunru.accounts import services as account_services

    head = make_user("head2", role=Role.DEPT_HEAD, department=district["weijian"])
    account_services.role_grant(actor=None, user=head, role=Role.DEPT_CLERK)
    app = ok(as_user(head).post("/applications", APPLICATION), 201)
    assert "sign" not in names(app)
    response = as_user(head).post(f"/applications/{app['id']}/sign")
    assert response.status_code == 403
    assert "不能签发自己起草的申请" in response.json()["message"]


def test_signing_needs_the_no_assessment_promise(today, applicant, dept_head):
    app = ok(as_user(applicant).post("/applications", {**APPLICATION, "no_assessment_declared": False}), 201)
    response = as_user(dept_head).post(f"/applications/{app['id']}/sign")
    assert response.status_code == 400
    assert response.json()["field"] == "no_assessment_declared"


def test_editing_a_signed_application_needs_a_new_signature(draft, applicant, dept_head):
    pk = draft["id"]
    ok(as_user(dept_head).post(f"/applications/{pk}/sign"))
    app = ok(as_user(applicant).patch(f"/applications/{pk}", {"contact_phone": "0999-7654321"}))
    assert app["status"] == "draft" and app["signed_by"] is None
    assert app["contact_phone"] == "0999-7654321"


def test_submission_respects_the_lead_time(today, applicant, dept_head):
    app = ok(as_user(applicant).post("/applications", {**APPLICATION, "start_date": "2026-03-20"}), 201)
    ok(as_user(dept_head).post(f"/applications/{app['id']}/sign"))
    response = as_user(applicant).post(f"/applications/{app['id']}/submit")
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "start_date" and "至少 30 个工作日" in body["message"]


def test_attachments_are_checked_by_content(draft, applicant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("依据.pdf", b"MZ\x90\x00 not a pdf")
    response = as_user(applicant).upload(f"/applications/{draft['id']}/attachments", {"file": fake})
    assert response.status_code == 400
    assert response.json()["field"] == "file" and "按内容检查" in response.json()["message"]


def test_exit_requests_are_seen_by_their_requesters_and_the_office(
    today, district, community_worker, approval_clerk, applicant
):
    from zhunru.catalog.models import Matter, MatterList

    matter = Matter.objects.create(
        code="ZR-2026-0099",
        name="社区环境卫生检查",
        list=MatterList.ADMITTED,
        kind="task",
        department=district["weijian"],
        status=Matter.Status.PUBLISHED,
    )
    worker = as_user(community_worker)
    req = ok(
        worker.post(
            "/exits", {"matter_code": matter.code, "reasons": ["unpaid"], "explanation": "经费一直未拨付。"}
        ),
        201,
    )
    other = make_user("worker2", role=Role.COMMUNITY_WORKER, community=district["xiling_community"])
    assert as_user(other).get(f"/exits/{req['id']}").status_code == 404
    assert as_user(other).post(f"/exits/{req['id']}/withdraw").status_code == 404
    assert ok(as_user(applicant).get(f"/exits/{req['id']}"))["actions"] == []  # the responsible department
    office = ok(as_user(approval_clerk).get(f"/exits/{req['id']}"))
    assert names(office) == {"accept"}  # the office may withdraw only its own requests
    ok(worker.post(f"/exits/{req['id']}/withdraw"))


def test_exit_only_for_matters_that_apply_to_the_community(today, district, community_worker):
    from zhunru.catalog.models import Matter, MatterList

    matter = Matter.objects.create(
        code="ZR-2026-0098",
        name="西岭专项",
        list=MatterList.ADMITTED,
        kind="task",
        scope_all=False,
        status=Matter.Status.PUBLISHED,
    )
    matter.scope_areas.set([district["xiling_community"]])
    response = as_user(community_worker).post(
        "/exits", {"matter_code": matter.code, "reasons": ["other"], "explanation": "不适用。"}
    )
    assert response.status_code == 403
    assert response.json()["message"] == "该事项不适用于您所在的社区。"
    missing = as_user(community_worker).post(
        "/exits", {"matter_code": "NOPE", "reasons": ["other"], "explanation": "x"}
    )
    assert missing.status_code == 404


def test_returned_during_review_can_be_corrected_but_not_withdrawn(
    today, applicant, dept_head, approval_clerk
):
    from zhunru.api.tests.helpers import to_review

    pk = to_review(applicant, dept_head, approval_clerk)["id"]
    ok(as_user(approval_clerk).post(f"/applications/{pk}/return", {"reason": "请补充依据文件。"}))
    clerk = as_user(applicant)
    app = ok(clerk.get(f"/applications/{pk}"))
    assert names(app) == {"resubmit", "update", "attach"}
    assert app["deadline"]["paused"] is True
    response = clerk.post(f"/applications/{pk}/withdraw")
    assert response.status_code == 409 and "补正期间不能撤回" in response.json()["message"]
    assert ok(clerk.post(f"/applications/{pk}/resubmit"))["status"] == "under_review"
