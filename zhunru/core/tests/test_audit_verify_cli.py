"""`zhunru audit verify`: exit 0 when the chain is intact; exit 1 naming the first broken event after
a row is edited, deleted or reordered directly in the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from zhunru import cli
from zhunru.core import audit
from zhunru.core.models import AuditEvent

EVENTS = 5


def run_verify(capsys) -> tuple[int, str, str]:
    try:
        cli.main(["zhunru", "audit", "verify"])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def chain(db):
    """Five events #1…#5 with different content in every field."""
    for i in range(1, EVENTS + 1):
        with transaction.atomic():
            audit.record(
                actor=None,
                actor_name=f"user{i}",
                event_type=f"test.event{i}",
                object_type="core.workdayoverride",
                object_id=i * 10,
                summary={"i": i, "说明": f"第 {i} 条"},
                result=AuditEvent.Result.OK if i % 2 else AuditEvent.Result.DENIED,
            )
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3, 4, 5]


def assert_broken_at(capsys, seq: int) -> None:
    code, out, err = run_verify(capsys)
    assert code == 1
    assert f"#{seq}" in err
    assert f"Audit chain BROKEN at event #{seq} " in err
    assert "intact" not in out


def test_intact_chain_exits_0(chain, capsys):
    code, out, err = run_verify(capsys)
    assert code == 0
    assert "审计链完整" in out
    assert f"{EVENTS} events verified" in out
    assert err == ""


def test_empty_chain_is_intact(db, capsys):
    code, out, _err = run_verify(capsys)
    assert code == 0
    assert "0 events verified" in out


EDITS = {
    "created_at": dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    "actor_id": 999,
    "actor_name": "mallory",
    "organization": "某单位",
    "ip": "203.0.113.9",
    "event_type": "test.other",
    "object_type": "accounts.user",
    "object_id": "31",
    "summary": {"i": 3, "说明": "改过"},
    "result": AuditEvent.Result.FAILED,
    "mac": "0" * 64,
}


# every field the mac covers (a new field without an edit here fails with KeyError), and the mac itself
@pytest.mark.parametrize("field", [f for f in audit.FIELDS if f != "seq"] + ["mac"])
def test_editing_any_field_of_a_row_is_detected(chain, capsys, field):
    assert AuditEvent.objects.filter(seq=3).update(**{field: EDITS[field]}) == 1
    assert_broken_at(capsys, 3)


def test_the_first_of_several_edited_rows_is_named(chain, capsys):
    AuditEvent.objects.filter(seq=4).update(actor_name="mallory")
    AuditEvent.objects.filter(seq=2).update(summary={})
    assert_broken_at(capsys, 2)


def test_renumbering_a_row_is_detected(chain, capsys):
    AuditEvent.objects.filter(seq=3).update(seq=30)
    assert_broken_at(capsys, 3)


def test_renumbering_the_last_row_is_detected(chain, capsys):
    AuditEvent.objects.filter(seq=EVENTS).update(seq=EVENTS + 1)
    assert_broken_at(capsys, EVENTS)


@pytest.mark.parametrize("seq", [1, 3])
def test_deleting_a_row_is_detected(chain, capsys, seq):
    AuditEvent.objects.filter(seq=seq).delete()
    assert_broken_at(capsys, seq)


def test_deleting_the_last_row_is_detected(chain, capsys):
    AuditEvent.objects.filter(seq=EVENTS).delete()
    assert_broken_at(capsys, EVENTS)


def test_swapping_the_content_of_two_rows_is_detected(chain, capsys):
    columns = [f for f in audit.FIELDS if f != "seq"] + ["mac"]
    two = AuditEvent.objects.filter(seq=2).values(*columns).get()
    three = AuditEvent.objects.filter(seq=3).values(*columns).get()
    AuditEvent.objects.filter(seq=2).update(**three)
    AuditEvent.objects.filter(seq=3).update(**two)
    assert_broken_at(capsys, 2)


def test_swapping_the_sequence_numbers_of_two_rows_is_detected(chain, capsys):
    AuditEvent.objects.filter(seq=2).update(seq=-2)
    AuditEvent.objects.filter(seq=3).update(seq=2)
    AuditEvent.objects.filter(seq=-2).update(seq=3)
    assert_broken_at(capsys, 2)


def test_a_different_audit_key_fails_verification(chain, capsys, settings):
    settings.AUDIT_KEY = b"not-the-key-the-chain-was-written-with!!"
    assert_broken_at(capsys, 1)
