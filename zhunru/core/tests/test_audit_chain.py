"""The audit chain: each event's mac is HMAC-SM3(key, previous mac ‖ canonical content), and an event
is written in the same transaction as the change it records."""

from __future__ import annotations

import datetime as dt
import hmac
import json
from unittest import mock

import pytest
from django.db import transaction

from zhunru.core import audit, services, workdays
from zhunru.core.context import acting_from
from zhunru.core.models import AuditEvent, AuditHead, WorkdayOverride

KEY_FOR_TESTS = b"another-audit-key-of-at-least-32-characters"


def expected_mac(key: bytes, prev: str, content: list) -> str:
    """Written out independently of zhunru.core.audit: the chain format existing data relies on."""
    body = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, prev.encode() + body, "sm3").hexdigest()


def head() -> tuple[int, str]:
    row = AuditHead.objects.filter(pk=1).first()
    return (row.last_seq, row.last_mac) if row else (0, "")


def test_each_mac_covers_the_previous_mac_and_the_row_content(sysadmin, settings):
    first_at = dt.datetime(2026, 3, 2, 1, 2, 3, 456789, tzinfo=dt.UTC)
    second_at = dt.datetime(2026, 3, 2, 9, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    start = AuditEvent.objects.count()
    prev_mac = AuditEvent.objects.order_by("-seq").values_list("mac", flat=True).first() or "0" * 64
    now = mock.patch("django.utils.timezone.now", return_value=first_at)
    with acting_from("192.0.2.7"), now, transaction.atomic():
        audit.record(
            actor=sysadmin,
            event_type="matter.submit",
            object_type="matters.matter",
            object_id=42,
            summary={"标题": "入户走访", "b": [1, 2], "a": {"z": None, "y": 1.5}},
        )
    with mock.patch("django.utils.timezone.now", return_value=second_at):
        audit.record_standalone(actor=None, event_type="login.failed", actor_name="nobody", result="failed")

    one, two = AuditEvent.objects.order_by("seq")[start:]
    assert (one.seq, two.seq) == (start + 1, start + 2)
    assert one.mac == expected_mac(
        settings.AUDIT_KEY,
        prev_mac,
        [
            start + 1,
            "2026-03-02T01:02:03.456789+00:00",
            sysadmin.pk,
            "sysadmin1",
            sysadmin.organization_name(),
            "192.0.2.7",
            "matter.submit",
            "matters.matter",
            "42",
            {"a": {"y": 1.5, "z": None}, "b": [1, 2], "标题": "入户走访"},
            "ok",
        ],
    )
    assert two.mac == expected_mac(
        settings.AUDIT_KEY,
        one.mac,
        # 09:00 in Beijing is 01:00 UTC; no microseconds
        [
            start + 2,
            "2026-03-02T01:00:00+00:00",
            None,
            "nobody",
            "",
            "",
            "login.failed",
            "",
            "",
            {},
            "failed",
        ],
    )
    assert head() == (two.seq, two.mac)
    assert audit.verify().ok


def test_events_written_by_the_services_verify(sysadmin):
    services.workday_override_set(actor=sysadmin, day=dt.date(2027, 1, 1), is_workday=False, note="元旦")
    services.workday_override_set(actor=sysadmin, day=dt.date(2027, 1, 1), is_workday=False, note="元旦 假期")
    services.workday_override_delete(actor=sysadmin, day=dt.date(2027, 1, 1))
    with acting_from("2001:db8::1"):
        audit.record_standalone(actor=None, event_type="login.failed", summary={"用户名": "王五"})

    result = audit.verify()
    assert result.ok, result.problem
    assert result.checked == AuditEvent.objects.count() == head()[0]
    types = list(AuditEvent.objects.order_by("-seq").values_list("event_type", flat=True)[:4])
    assert types == ["login.failed", "workday.delete", "workday.set", "workday.set"]


def test_verify_with_another_key_fails_at_the_first_event(db):
    for i in range(3):
        audit.record_standalone(actor=None, event_type="test.event", summary={"i": i})
    assert audit.verify().ok
    result = audit.verify(key=KEY_FOR_TESTS)
    assert not result.ok
    assert result.broken_seq == 1
    assert result.checked == 0


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError, match="transaction"):
        audit.record(actor=None, event_type="test.event")
    assert AuditEvent.objects.count() == 0
    assert head() == (0, "")


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_rolls_back_its_audit_event(sysadmin):
    before = AuditEvent.objects.count()
    before_head = head()

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        services.workday_override_set(actor=sysadmin, day=dt.date(2026, 3, 2), is_workday=False)
        assert AuditEvent.objects.count() == before + 1  # written, inside the transaction
        raise Boom

    assert not WorkdayOverride.objects.exists()
    assert workdays.is_workday(dt.date(2026, 3, 2))
    assert AuditEvent.objects.count() == before
    assert head() == before_head
    # the chain continues without a gap where the rolled-back event was
    services.workday_override_set(actor=sysadmin, day=dt.date(2026, 3, 2), is_workday=False)
    newest = AuditEvent.objects.order_by("-seq").first()
    assert newest.seq == before_head[0] + 1
    assert newest.event_type == "workday.set"
    assert audit.verify().ok
