"""Each community confirms receipt or disputes it with a note; the department may cancel a wrong record.
Only the community's own worker answers, only the recording department cancels."""

from __future__ import annotations

import pytest

from zhunru.core.errors import Forbidden, InvalidTransition, ValidationFailed
from zhunru.core.models import AuditEvent
from zhunru.funding import services
from zhunru.funding.models import LineStatus
from zhunru.funding.tests.conftest import pay
from zhunru.inbox.models import Notification

pytestmark = pytest.mark.django_db

DONGHU, HUAYUAN = "990101001001", "990101001002"


@pytest.fixture
def lines(decision, applicant):
    d = pay(applicant, decision, [DONGHU, HUAYUAN], "1000", "V-1")
    return d.lines.get(community__code=DONGHU), d.lines.get(community__code=HUAYUAN)


def test_a_community_confirms_its_own_line(lines, community_worker, today):
    line = services.disbursement_line_confirm(actor=community_worker, line=lines[0])
    assert line.status == LineStatus.CONFIRMED and line.answered_by == community_worker
    assert str(line.answered_on) == "2026-03-02"
    assert [h.to_status for h in line.history.all()] == ["pending", "confirmed"]
    event = AuditEvent.objects.get(event_type="disbursement_line.confirm")
    assert event.actor_id == community_worker.pk and event.summary["community"] == DONGHU


def test_a_community_cannot_confirm_another_communitys_line(lines, community_worker, street_officer):
    before = AuditEvent.objects.count()
    with pytest.raises(Forbidden):
        services.disbursement_line_confirm(actor=community_worker, line=lines[1])
    with pytest.raises(Forbidden):  # a street officer sees it but answers for no community
        services.disbursement_line_confirm(actor=street_officer, line=lines[1])
    lines[1].refresh_from_db()
    assert lines[1].status == LineStatus.PENDING and AuditEvent.objects.count() == before


def test_the_dispute_flow(lines, huayuan_worker, applicant, dept_head):
    with pytest.raises(ValidationFailed) as err:
        services.disbursement_line_dispute(actor=huayuan_worker, line=lines[1], note="  ")
    assert err.value.field == "note"
    line = services.disbursement_line_dispute(actor=huayuan_worker, line=lines[1], note="专户未见到账")
    assert line.status == LineStatus.DISPUTED and line.note == "专户未见到账"
    for person in (applicant, dept_head):
        title = Notification.objects.get(user=person).title
        assert "花园路社区" in title and "异议" in title and "专户未见到账" in title
    with pytest.raises(InvalidTransition):  # disputed once is enough
        services.disbursement_line_dispute(actor=huayuan_worker, line=line, note="再次")
    # the money arrives after all: the community confirms the disputed line
    assert services.disbursement_line_confirm(actor=huayuan_worker, line=line).status == LineStatus.CONFIRMED
    with pytest.raises(InvalidTransition):
        services.disbursement_line_dispute(actor=huayuan_worker, line=line, note="晚了")


def test_the_department_cancels_a_disputed_line_and_pays_again(lines, huayuan_worker, applicant, decision):
    services.disbursement_line_dispute(actor=huayuan_worker, line=lines[1], note="金额不符")
    with pytest.raises(ValidationFailed):
        services.disbursement_line_cancel(actor=applicant, line=lines[1], note="")
    line = services.disbursement_line_cancel(actor=applicant, line=lines[1], note="凭证录入错误，重新拨付")
    assert line.status == LineStatus.CANCELLED
    assert "撤销" in Notification.objects.filter(user=huayuan_worker).latest("pk").title
    with pytest.raises(InvalidTransition):
        services.disbursement_line_confirm(actor=huayuan_worker, line=line)
    # the cancelled 1000 no longer counts: the full 3000 may be recorded again
    pay(applicant, decision, [HUAYUAN], "3000", "V-2")


def test_only_the_recording_department_cancels(lines, other_clerk, community_worker):
    with pytest.raises(Forbidden):
        services.disbursement_line_cancel(actor=other_clerk, line=lines[0], note="x")
    with pytest.raises(Forbidden):
        services.disbursement_line_cancel(actor=community_worker, line=lines[0], note="x")
    lines[0].refresh_from_db()
    assert lines[0].status == LineStatus.PENDING


def test_a_confirmed_line_cannot_be_cancelled(lines, community_worker, applicant):
    services.disbursement_line_confirm(actor=community_worker, line=lines[0])
    with pytest.raises(InvalidTransition):
        services.disbursement_line_cancel(actor=applicant, line=lines[0], note="x")
