"""Several workers may run at once: a message is claimed by a conditional update, so two claimers
never both get it; a claim abandoned by a crashed worker is taken over after CLAIM_TIMEOUT."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from zhunru.inbox.models import OutboxMessage
from zhunru.inbox.services import CLAIM_TIMEOUT, outbox_claim, outbox_send
from zhunru.inbox.tests.helpers import notify_now

pytestmark = pytest.mark.django_db


def test_the_second_claimer_gets_nothing(people, approver):
    approver.email = "member@example.cn"
    approver.save(update_fields=["email"])
    notify_now([people.office, approver], "请审查准入申请")

    token_a, first = outbox_claim()
    token_b, second = outbox_claim()
    assert len(first) == 2 and second == []
    assert token_a != token_b
    assert set(OutboxMessage.objects.values_list("claimed_by", flat=True)) == {token_a}
    assert outbox_send() == {"sent": 0, "failed": 0}  # worker B finds nothing to send
    assert mail.outbox == []


def test_a_stale_claim_is_taken_over_and_the_old_worker_cannot_finish_it(people):
    notify_now([people.office], "新的准入申请")
    token_a, [message] = outbox_claim()
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_at=timezone.now() - CLAIM_TIMEOUT * 2)

    token_b, [again] = outbox_claim()  # worker A crashed long ago
    assert again.pk == message.pk and again.claimed_by == token_b
    # worker A's late bookkeeping is ignored: it is keyed by its own claim
    assert OutboxMessage.objects.filter(pk=message.pk, claimed_by=token_a).update(state="sent") == 0


def test_a_fresh_claim_is_left_alone(people):
    notify_now([people.office], "新的准入申请")
    outbox_claim()
    assert outbox_claim()[1] == []
    assert OutboxMessage.objects.get().state == OutboxMessage.State.SENDING
