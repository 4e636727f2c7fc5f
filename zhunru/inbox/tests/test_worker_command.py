"""`zhunru worker --once`: one cycle sends the outbox and runs the deadline jobs; a failed cycle
makes --once exit non-zero; --interval is checked."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from zhunru.access.models import Status as S
from zhunru.access.tests.states import build
from zhunru.inbox import jobs
from zhunru.inbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


def worker(*args: str) -> str:
    out = StringIO()
    call_command("worker", *args, stdout=out)
    return out.getvalue()


def test_one_cycle_sends_mail_and_reminds(people, today):
    app = build(people, S.SUBMITTED)  # "新的准入申请" waits in the outbox
    today(dt.date(2026, 3, 5))

    output = worker("--once")
    assert "sent=1" in output and "reminders=1" in output
    assert [m.subject for m in mail.outbox] == [f"新的准入申请：{app.reference} {app.matter_name}"]
    assert OutboxMessage.objects.filter(state=OutboxMessage.State.PENDING).count() == 1  # the reminder

    output = worker("--once")  # the reminder written by the first cycle leaves with the second
    assert "sent=1" in output and "reminders=0" in output
    assert len(mail.outbox) == 2 and mail.outbox[1].subject.startswith("提醒：")


def test_a_failed_cycle_fails_the_once_run(people, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(jobs, "outbox_send", broken)
    with pytest.raises(CommandError):
        worker("--once")


@pytest.mark.parametrize("interval", ["0", "-5", "100000"])
def test_the_interval_is_checked(db, interval):
    with pytest.raises(CommandError):
        worker("--once", "--interval", interval)
