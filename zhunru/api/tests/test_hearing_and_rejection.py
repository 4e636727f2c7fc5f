"""Review paths beyond the plain approval: a hearing, the quorum, a rejection against the majority
refused, an unfunded approval that needs written reasons, and the similar-matter check."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.accounts.roles import Role
from zhunru.api.tests.helpers import TODAY, as_user, ok, to_review
from zhunru.catalog.models import Matter, MatterList
from zhunru.conftest import make_user


@pytest.fixture
def approver2(district):
    return make_user("approver2", role=Role.APPROVER, department=district["donghu"])


def test_hearing_then_decision(today, monkeypatch, applicant, dept_head, approval_clerk, approver, approver2):
    import zhunru.core.clock

    app = to_review(applicant, dept_head, approval_clerk)
    pk, due = app["id"], app["decision_due"]
    office = as_user(approval_clerk)
    early = office.post(
        f"/applications/{pk}/hearing",
        {"scheduled_on": "2026-03-05", "place": "区政务中心", "participants": "各方", "agenda": "听取意见"},
    )
    assert early.status_code == 400 and early.json()["field"] == "scheduled_on"
    app = ok(
        office.post(
            f"/applications/{pk}/hearing",
            {
                "scheduled_on": "2026-03-20",
                "place": "区政务中心",
                "participants": "各方",
                "agenda": "听取意见",
            },
        )
    )
    assert app["status"] == "hearing_scheduled" and app["decision_due"] > due
    assert [a["name"] for a in app["actions"]] == ["record_hearing"]
    monkeypatch.setattr(zhunru.core.clock, "today", lambda: dt.date(2026, 3, 20))
    app = ok(
        office.post(
            f"/applications/{pk}/hearing/record",
            {"held_on": "2026-03-20", "minutes": "居民代表发言……", "outcome": "多数支持"},
        )
    )
    assert app["status"] == "hearing_held" and app["hearings"][0]["outcome"] == "多数支持"
    for member in (approver, approver2):
        ok(as_user(member).post(f"/applications/{pk}/opinions", {"stance": "agree", "reasons": "同意"}))
    app = ok(office.post(f"/applications/{pk}/decide", {"outcome": "approved"}))
    letter = ok(as_user(applicant).get(f"/decisions/{app['decision']['year']}-{app['decision']['seq']}"))
    assert letter["content"]["hearing"]["outcome"] == "多数支持"


def test_the_decision_needs_the_quorum_and_follows_the_majority(
    today, applicant, dept_head, approval_clerk, approver, approver2
):
    pk = to_review(applicant, dept_head, approval_clerk)["id"]
    office = as_user(approval_clerk)
    ok(as_user(approver).post(f"/applications/{pk}/opinions", {"stance": "disagree", "reasons": "重复"}))
    short = office.post(f"/applications/{pk}/decide", {"outcome": "rejected", "reasons": "重复"})
    assert short.status_code == 409 and "不足法定人数" in short.json()["message"]
    ok(as_user(approver2).post(f"/applications/{pk}/opinions", {"stance": "disagree", "reasons": "重复"}))
    against = office.post(f"/applications/{pk}/decide", {"outcome": "approved"})
    assert against.status_code == 409 and "多数意见" in against.json()["message"]
    app = ok(
        office.post(f"/applications/{pk}/decide", {"outcome": "rejected", "reasons": "与现有事项重复。"})
    )
    assert app["status"] == "rejected" and app["admitted_matter"] is None
    assert (
        ok(as_user(applicant).get(f"/decisions/{TODAY.year}-{app['decision']['seq']}"))["title"]
        == "不予准入决定书"
    )


def test_an_unfunded_approval_needs_written_reasons(
    today, applicant, dept_head, approval_clerk, approver, approver2
):
    app = to_review(applicant, dept_head, approval_clerk, money_per_community_year="0")
    assert app["unfunded"] is True
    pk = app["id"]
    for member in (approver, approver2):
        ok(as_user(member).post(f"/applications/{pk}/opinions", {"stance": "agree", "reasons": "同意"}))
    office = as_user(approval_clerk)
    response = office.post(f"/applications/{pk}/decide", {"outcome": "approved"})
    assert response.status_code == 400 and response.json()["field"] == "unfunded_justification"
    app = ok(
        office.post(
            f"/applications/{pk}/decide",
            {"outcome": "approved", "unfunded_justification": "工作量极小，由街道统筹。"},
        )
    )
    assert app["unfunded_justification"] == "工作量极小，由街道统筹。"


def test_similar_matters_and_repeated_data_fields(today, district, applicant, dept_head, approval_clerk):
    Matter.objects.create(
        code="LZ-009",
        name="老年人健康档案管理",
        list=MatterList.DUTY,
        kind="ledger",
        department=district["weijian"],
        status=Matter.Status.PUBLISHED,
        data_fields=["姓名", "身份证号", "联系电话"],
    )
    app = to_review(
        applicant, dept_head, approval_clerk, kind="ledger", data_fields=["姓名", "身份证号", "血压"]
    )
    found = ok(as_user(approval_clerk).get(f"/applications/{app['id']}/similar"))
    assert [m["code"] for m in found["similar"]] == ["LZ-009"]
    assert 0 < found["similar"][0]["score"] <= 1
    response = as_user(applicant).get(f"/applications/{app['id']}/similar")
    assert response.status_code == 403  # a review aid, not for the applying department
    assert found["data_field_overlaps"] == [
        {"field": "姓名", "matters": [{"code": "LZ-009", "name": "老年人健康档案管理"}]},
        {"field": "身份证号", "matters": [{"code": "LZ-009", "name": "老年人健康档案管理"}]},
    ]
