"""费随事转: an approved decision with money commits it per community and year, inside the deciding
transaction; a backfill makes the missing ones once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhunru.core.models import AuditEvent
from zhunru.funding import services
from zhunru.funding.models import Commitment

pytestmark = pytest.mark.django_db


def test_an_approved_decision_commits_money_to_each_community_of_its_scope(decision, district):
    rows = list(Commitment.objects.filter(decision=decision).order_by("community__code"))
    assert [(c.community.name, c.year, c.amount, c.source) for c in rows] == [
        ("东湖社区", 2026, Decimal("3000.00"), "区级财政"),
        ("花园路社区", 2026, Decimal("3000.00"), "区级财政"),
    ]
    start = decision.application.start_date
    assert start > dt.date(2026, 3, 31)  # the matter starts after the yearly date: due when it starts
    assert {c.due_on for c in rows} == {start}
    assert rows[0].matter == decision.matter and rows[0].department == district["weijian"]
    event = AuditEvent.objects.get(event_type="funding_commitment.create")
    assert event.summary["decision"] == decision.number and event.summary["total"] == "6000.00"


def test_a_multi_year_matter_is_committed_for_each_year_due_by_31_march(make_decision, district):
    decision = make_decision(end_date="2028-06-30")
    rows = Commitment.objects.filter(decision=decision, community=district["donghu_community"])
    assert sorted((c.year, c.due_on) for c in rows) == [
        (2026, decision.application.start_date),
        (2027, dt.date(2027, 3, 31)),
        (2028, dt.date(2028, 3, 31)),
    ]


def test_no_money_no_commitment(make_decision):
    decision = make_decision(money="0", workload_hours="0")
    assert not Commitment.objects.filter(decision=decision).exists()


def test_backfill_creates_only_what_is_missing_once(decision, approval_clerk):
    Commitment.objects.filter(decision=decision, community__code="990101001002").delete()
    assert services.commitments_backfill(actor=approval_clerk) == 1
    assert services.commitments_backfill(actor=approval_clerk) == 0
    assert Commitment.objects.filter(decision=decision).count() == 2


def test_backfill_is_for_the_office_only(decision, applicant, community_worker):
    from zhunru.core.errors import Forbidden

    for user in (applicant, community_worker):
        with pytest.raises(Forbidden):
            services.commitments_backfill(actor=user)
