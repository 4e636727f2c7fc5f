"""A worker sends a claimed batch one message at a time. If one message's claim goes stale meanwhile (a very
slow mail server) and another worker takes it over, the first worker must not send it as well: the claim is
renewed right before each send, and a message no longer ours is skipped."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from zhunru.inbox import services
from zhunru.inbox.models import OutboxMessage
from zhunru.inbox.services import CLAIM_TIMEOUT, outbox_claim, outbox_send
from zhunru.inbox.tests.helpers import notify_now

pytestmark = pytest.mark.django_db


def test_a_message_taken_over_mid_batch_is_not_sent_twice(people, approver, monkeypatch):
    approver.email = "member@example.cn"
    approver.save(update_fields=["email"])
    notify_now([people.office, approver], "请审查准入申请")
    first, second = OutboxMessage.objects.order_by("pk")
    send = services.mail.send_mail
    taken_by: list[str] = []

    def slow_send(*args, **kwargs):
        if not taken_by:  # while worker A sends the first message, the second one's claim goes stale
            OutboxMessage.objects.filter(pk=second.pk).update(claimed_at=timezone.now() - 2 * CLAIM_TIMEOUT)
            token_b, [again] = outbox_claim()  # ... and worker B takes it over
            assert again.pk == second.pk
            taken_by.append(token_b)
        return send(*args, **kwargs)

    monkeypatch.setattr(services.mail, "send_mail", slow_send)
    assert outbox_send() == {"sent": 1, "failed": 0}  # worker A

    assert [m.to for m in mail.outbox] == [[first.to]]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == OutboxMessage.State.SENT
    assert (second.state, second.claimed_by) == (OutboxMessage.State.SENDING, taken_by[0])  # B's to send


def test_several_claims_split_the_outbox(people, approver):
    """Claims in a row (as several workers make them) never share a message."""
    approver.email = "member@example.cn"
    approver.save(update_fields=["email"])
    for n in range(3):
        notify_now([people.office, approver], f"请审查准入申请 {n}")
    claims = [outbox_claim(batch=2)[1] for _ in range(4)]
    ids = [m.pk for batch in claims for m in batch]
    assert sorted(ids) == sorted(OutboxMessage.objects.values_list("pk", flat=True))
    assert [len(batch) for batch in claims] == [2, 2, 2, 0]
