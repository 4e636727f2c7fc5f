"""The department records a disbursement; each community is asked to confirm. Bad input and another
department's matter write nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhunru.core.errors import Forbidden, ValidationFailed
from zhunru.core.models import AuditEvent
from zhunru.funding.models import Disbursement, DisbursementLine, LineStatus
from zhunru.funding.tests.conftest import pay
from zhunru.inbox.models import Notification

pytestmark = pytest.mark.django_db

DONGHU, HUAYUAN, XILING = "990101001001", "990101001002", "990101002001"


def test_the_department_records_a_payment_to_two_communities(
    decision, applicant, community_worker, huayuan_worker
):
    d = pay(applicant, decision, [DONGHU, HUAYUAN], "1500.5", "卫健拨〔2026〕1号", note="第一批")
    assert d.reference == "BF2026-0001" and d.total == Decimal("3001.00")
    assert d.amount_per_community == Decimal("1500.50") and d.department == applicant.department
    lines = list(d.lines.order_by("community__code"))
    assert [(x.community.name, x.amount, x.status) for x in lines] == [
        ("东湖社区", Decimal("1500.50"), LineStatus.PENDING),
        ("花园路社区", Decimal("1500.50"), LineStatus.PENDING),
    ]
    for worker in (community_worker, huayuan_worker):
        note = Notification.objects.get(user=worker)
        assert "卫健拨〔2026〕1号" in note.title and "请确认" in note.title
    event = AuditEvent.objects.get(event_type="disbursement.record")
    assert event.actor_id == applicant.pk and event.summary["total"] == "3001.00"
    assert event.summary["communities"] == [DONGHU, HUAYUAN]


def test_the_head_may_record_too(decision, dept_head):
    assert pay(dept_head, decision, [DONGHU], "3000", "V-1").total == Decimal("3000.00")


def _nothing_written(before: int) -> None:
    assert not Disbursement.objects.exists() and not DisbursementLine.objects.exists()
    assert AuditEvent.objects.count() == before


def test_another_department_cannot_record_for_this_matter(decision, other_clerk):
    before = AuditEvent.objects.count()
    with pytest.raises(Forbidden):
        pay(other_clerk, decision, [DONGHU], "100", "MZ-1")
    _nothing_written(before)


def test_a_community_or_the_office_cannot_record(decision, community_worker, approval_clerk):
    before = AuditEvent.objects.count()
    for user in (community_worker, approval_clerk):
        with pytest.raises(Forbidden):
            pay(user, decision, [DONGHU], "100", "X-1")
    _nothing_written(before)


@pytest.mark.parametrize(
    ("codes", "amount", "voucher", "extra", "field", "words"),
    [
        ([DONGHU], "-100", "V", {}, "amount", "必须大于 0"),
        ([DONGHU], "0", "V", {}, "amount", "必须大于 0"),
        ([DONGHU], "12.345", "V", {}, "amount", "两位小数"),
        ([DONGHU], "abc", "V", {}, "amount", "格式不正确"),
        ([DONGHU], "3000.01", "V", {}, "amount", "超出承诺金额"),
        ([DONGHU], "100", "  ", {}, "voucher_number", "凭证号"),
        (["990101009999"], "100", "V", {}, "communities", "社区不存在：990101009999"),
        ([XILING], "100", "V", {}, "communities", "西岭社区"),  # no commitment there
        ([], "100", "V", {}, "communities", "请选择"),
        ([DONGHU], "100", "V", {"year": 2027}, "communities", "2027 年没有"),
        ([DONGHU], "100", "V", {"paid_on": dt.date(2026, 3, 3)}, "paid_on", "不能晚于今天"),
        ([DONGHU], "100", "V", {"paid_on": "2026-13-01"}, "paid_on", "格式不正确"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    decision, applicant, codes, amount, voucher, extra, field, words
):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as err:
        pay(applicant, decision, codes, amount, voucher, **extra)
    assert err.value.field == field and words in str(err.value.message)
    _nothing_written(before)


def test_payments_add_up_to_the_commitment_and_no_further(decision, applicant):
    pay(applicant, decision, [DONGHU, HUAYUAN], "2000", "V-1")
    with pytest.raises(ValidationFailed) as err:
        pay(applicant, decision, [HUAYUAN, DONGHU], "1000.01", "V-2")
    assert "花园路社区" in str(err.value.message) and "最多还可拨付 1000.00 元" in str(err.value.message)
    assert Disbursement.objects.count() == 1
    pay(applicant, decision, [HUAYUAN, DONGHU], "1000", "V-2")  # exactly the rest


def test_a_voucher_is_recorded_once_per_department(decision, applicant):
    pay(applicant, decision, [DONGHU], "100", "V-1")
    with pytest.raises(ValidationFailed) as err:
        pay(applicant, decision, [HUAYUAN], "100", "V-1")
    assert err.value.field == "voucher_number" and Disbursement.objects.count() == 1
