"""Decision letters are public: list, full text by year-seq, verification by number or digest."""

from __future__ import annotations

import pytest

from zhunru.access.models import Decision
from zhunru.accounts.roles import Role
from zhunru.api.tests.helpers import ApiClient, as_user, ok, to_review
from zhunru.conftest import make_user


@pytest.fixture
def decision(today, district, applicant, dept_head, approval_clerk, approver):
    make_user("approver2", role=Role.APPROVER, department=district["donghu"])
    from zhunru.accounts.models import User

    pk = to_review(applicant, dept_head, approval_clerk)["id"]
    for member in (approver, User.objects.get(username="approver2")):
        ok(as_user(member).post(f"/applications/{pk}/opinions", {"stance": "agree", "reasons": "同意"}))
    ok(as_user(approval_clerk).post(f"/applications/{pk}/decide", {"outcome": "approved"}))
    return Decision.objects.get()


def test_list_and_detail(decision):
    public = ApiClient()
    page = ok(public.get("/decisions"))
    assert [d["number"] for d in page["items"]] == [decision.number]
    assert page["items"][0]["title"] == "准入决定书" and page["items"][0]["application"]
    assert ok(public.get("/decisions", year=2025))["count"] == 0
    assert ok(public.get("/decisions", outcome="rejected"))["count"] == 0
    letter = ok(public.get(f"/decisions/{decision.year}-{decision.seq}"))
    assert letter["digest"] == decision.digest and letter["intact"] is True
    assert public.get(f"/decisions/{decision.year}-99").status_code == 404


def test_verify_by_number_in_any_bracket_style_or_digest(decision):
    public = ApiClient()
    ascii_number = decision.number.replace("〔", "[").replace("〕", "]")
    for q in (decision.number, ascii_number, decision.digest.upper()):
        found = ok(public.get("/decisions/verify", q=q))
        assert found["found"] and found["intact"] and found["decision"]["number"] == decision.number
    assert ok(public.get("/decisions/verify", q="示范区准入决〔2026〕77号")) == {
        "found": False,
        "intact": None,
        "decision": None,
    }


def test_a_tampered_letter_does_not_verify(decision):
    Decision.objects.filter(pk=decision.pk).update(content={**decision.content, "reasons": "改过的"})
    found = ok(ApiClient().get("/decisions/verify", q=decision.number))
    assert found["found"] and found["intact"] is False
