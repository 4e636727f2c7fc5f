"""A failing mail server leaves the message pending with one more attempt; the next run sends it,
exactly once. After MAX_ATTEMPTS failures it is kept as failed, with the error, never dropped."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail

from zhunru.inbox import services
from zhunru.inbox.models import OutboxMessage
from zhunru.inbox.services import MAX_ATTEMPTS, outbox_send
from zhunru.inbox.tests.helpers import notify_now

pytestmark = pytest.mark.django_db


def broken_smtp(*args, **kwargs):
    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_failed_send_is_retried_on_the_next_run_exactly_once(people, monkeypatch):
    notify_now([people.office], "新的准入申请")
    with monkeypatch.context() as m:
        m.setattr("django.core.mail.send_mail", broken_smtp)
        assert outbox_send() == {"sent": 0, "failed": 1}

    [message] = OutboxMessage.objects.all()
    assert message.state == OutboxMessage.State.PENDING
    assert message.attempts == 1 and "unexpectedly closed" in message.last_error
    assert mail.outbox == []

    assert outbox_send() == {"sent": 1, "failed": 0}  # the server is back
    assert outbox_send() == {"sent": 0, "failed": 0}
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENT and message.attempts == 2
    assert [m.subject for m in mail.outbox] == ["新的准入申请"]


def test_after_the_last_attempt_the_message_is_kept_as_failed(people, monkeypatch):
    notify_now([people.office], "新的准入申请")
    monkeypatch.setattr(services.mail, "send_mail", broken_smtp)
    for _ in range(MAX_ATTEMPTS):
        outbox_send()
    message = OutboxMessage.objects.get()
    assert message.state == OutboxMessage.State.FAILED and message.attempts == MAX_ATTEMPTS
    assert outbox_send() == {"sent": 0, "failed": 0}  # no longer tried, but still there to see
    assert message.last_error


def test_one_failure_does_not_hold_back_the_others(people, approver, monkeypatch):
    approver.email = "member@example.cn"
    approver.save(update_fields=["email"])
    notify_now([people.office, approver], "听证通知")
    real = mail.send_mail

    def flaky(subject, body, sender, to, **kw):
        if to == ["office@example.cn"]:
            broken_smtp()
        return real(subject, body, sender, to, **kw)

    monkeypatch.setattr("django.core.mail.send_mail", flaky)
    assert outbox_send() == {"sent": 1, "failed": 1}
    assert [m.to for m in mail.outbox] == [["member@example.cn"]]
