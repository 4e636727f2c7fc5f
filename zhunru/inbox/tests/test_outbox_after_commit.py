"""E-mail is written with the change and leaves only after it commits: the worker sends the outbox.
A rolled-back transaction leaves neither a notification nor an e-mail behind."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction

from zhunru.access import services as svc
from zhunru.access.models import Status as S
from zhunru.access.tests.states import build, fresh
from zhunru.inbox.models import Notification, OutboxMessage
from zhunru.inbox.services import notify, outbox_send

pytestmark = pytest.mark.django_db(transaction=True)  # real commits and rollbacks


def test_the_outbox_is_sent_after_the_change_commits(people):
    app = build(people, S.SIGNED)
    svc.application_submit(actor=people.clerk, application=app)  # notifies the office

    [message] = OutboxMessage.objects.all()
    assert message.state == OutboxMessage.State.PENDING and message.to == "office@example.cn"
    assert mail.outbox == []  # the service itself sends nothing
    assert Notification.objects.filter(user=people.office, title__contains=app.reference).count() == 1

    assert outbox_send() == {"sent": 1, "failed": 0}
    [sent] = mail.outbox
    assert sent.to == ["office@example.cn"] and app.reference in sent.subject
    assert f"{settings.PUBLIC_URL}/access/applications/{app.pk}/" in sent.body
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENT and message.sent_at is not None

    assert outbox_send() == {"sent": 0, "failed": 0}  # never twice
    assert len(mail.outbox) == 1


def test_a_rolled_back_change_leaves_no_notification_and_no_mail(people):
    app = build(people, S.SIGNED)
    before = Notification.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        svc.application_submit(actor=people.clerk, application=app)
        raise RuntimeError("something later in the same transaction fails")

    assert fresh(app).status == S.SIGNED
    assert Notification.objects.count() == before
    assert not OutboxMessage.objects.exists()
    assert outbox_send() == {"sent": 0, "failed": 0}
    assert mail.outbox == []


def test_notify_refuses_to_run_outside_a_transaction(people):
    with pytest.raises(RuntimeError):
        notify([people.office], title="孤立的通知")
    assert not Notification.objects.filter(title="孤立的通知").exists()


def test_a_subject_is_one_line(people):
    with transaction.atomic():
        notify([people.office], title="申请被退回补正：第一行\n第二行")
    outbox_send()
    assert mail.outbox[0].subject == "申请被退回补正：第一行 第二行"
