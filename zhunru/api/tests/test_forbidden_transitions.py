"""A transition the state machine does not allow from the current state answers 409 with a Chinese
message, and changes nothing."""

from __future__ import annotations

import pytest

from zhunru.access.models import AccessApplication
from zhunru.api.tests.helpers import APPLICATION, as_user, ok


@pytest.fixture
def draft(today, applicant):
    return ok(as_user(applicant).post("/applications", APPLICATION), 201)


def assert_invalid(response, *words: str) -> None:
    assert response.status_code == 409, response.content.decode()
    body = response.json()
    assert body["error"] == "invalid_transition"
    for word in words:
        assert word in body["message"]


def test_a_draft_cannot_be_submitted_before_it_is_signed(draft, applicant):
    response = as_user(applicant).post(f"/applications/{draft['id']}/submit")
    assert_invalid(response, "申请当前状态为“草稿”", "不能提交")
    assert AccessApplication.objects.get(pk=draft["id"]).status == "draft"


def test_a_signed_application_cannot_be_signed_again(draft, dept_head):
    head = as_user(dept_head)
    ok(head.post(f"/applications/{draft['id']}/sign"))
    assert_invalid(head.post(f"/applications/{draft['id']}/sign"), "已签发", "不能签发")


def test_the_office_cannot_decide_before_the_review(draft, applicant, dept_head, approval_clerk):
    ok(as_user(dept_head).post(f"/applications/{draft['id']}/sign"))
    ok(as_user(applicant).post(f"/applications/{draft['id']}/submit"))
    office = as_user(approval_clerk)
    for step in ("start-review", "decide", "hearing/record"):
        payload = {"outcome": "approved"} if step == "decide" else None
        if step == "hearing/record":
            payload = {"held_on": "2026-03-02", "minutes": "记录", "outcome": "结论"}
        assert_invalid(office.post(f"/applications/{draft['id']}/{step}", payload), "已提交")
    assert_invalid(as_user(applicant).post(f"/applications/{draft['id']}/resubmit"), "不能补正后重新提交")


def test_a_submitted_application_cannot_be_edited_or_given_files(draft, applicant, dept_head):
    clerk = as_user(applicant)
    ok(as_user(dept_head).post(f"/applications/{draft['id']}/sign"))
    ok(clerk.post(f"/applications/{draft['id']}/submit"))
    response = clerk.patch(f"/applications/{draft['id']}", {"matter_name": "改名"})
    assert_invalid(response, "不能修改")
    assert AccessApplication.objects.get(pk=draft["id"]).matter_name == APPLICATION["matter_name"]


def test_an_opinion_outside_the_review_is_refused(draft, applicant, dept_head, approver):
    ok(as_user(dept_head).post(f"/applications/{draft['id']}/sign"))
    ok(as_user(applicant).post(f"/applications/{draft['id']}/submit"))
    response = as_user(approver).post(
        f"/applications/{draft['id']}/opinions", {"stance": "agree", "reasons": "同意"}
    )
    assert_invalid(response, "只有审查中的申请才能提出审查意见")


def test_a_withdrawn_application_is_final(draft, applicant):
    clerk = as_user(applicant)
    app = ok(clerk.post(f"/applications/{draft['id']}/withdraw", {"reason": "不再需要"}))
    assert app["status"] == "withdrawn" and app["actions"] == []
    assert_invalid(clerk.post(f"/applications/{draft['id']}/withdraw"), "已撤回", "不能撤回")


def test_a_second_opinion_by_the_same_member_is_a_conflict(
    draft, applicant, dept_head, approval_clerk, approver
):
    pk = draft["id"]
    ok(as_user(dept_head).post(f"/applications/{pk}/sign"))
    ok(as_user(applicant).post(f"/applications/{pk}/submit"))
    office = as_user(approval_clerk)
    ok(office.post(f"/applications/{pk}/accept"))
    ok(office.post(f"/applications/{pk}/start-review"))
    member = as_user(approver)
    ok(member.post(f"/applications/{pk}/opinions", {"stance": "agree", "reasons": "同意"}))
    response = member.post(f"/applications/{pk}/opinions", {"stance": "disagree", "reasons": "改主意"})
    assert response.status_code == 409
    assert response.json() == {"error": "conflict", "message": "您已对该申请提出过审查意见。"}


def test_a_concurrent_change_is_a_409(draft, applicant, monkeypatch):
    """Another request moved the application between the lock and the conditional update."""
    from zhunru.access import services

    real_lock = services._lock

    def stale_lock(model, pk):
        obj = real_lock(model, pk)
        model.objects.filter(pk=pk).update(version=obj.version + 1)  # someone else got there first
        return obj

    monkeypatch.setattr(services, "_lock", stale_lock)
    response = as_user(applicant).post(f"/applications/{draft['id']}/withdraw")
    assert response.status_code == 409
    assert response.json() == {"error": "conflict", "message": "该对象已被他人修改，请刷新后重试。"}
    assert AccessApplication.objects.get(pk=draft["id"]).status == "draft"
