"""The audit chain: every row stores HMAC-SM3(key, previous mac ‖ canonical row content).

`record()` must run inside the caller's transaction so that a state change and its audit event
commit together or not at all. The chain head row is locked while appending, which serializes
writers on PostgreSQL; SQLite's IMMEDIATE transactions already do.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from zhunru.core.context import client_ip
from zhunru.core.models import AuditEvent, AuditHead

GENESIS = "0" * 64
FIELDS = (
    "seq",
    "created_at",
    "actor_id",
    "actor_name",
    "organization",
    "ip",
    "event_type",
    "object_type",
    "object_id",
    "summary",
    "result",
)


def canonical(values: Iterable[Any]) -> bytes:
    """The bytes a mac covers: the row's fields in FIELDS order, as compact sorted JSON."""
    out = [v.astimezone(dt.UTC).isoformat() if isinstance(v, dt.datetime) else v for v in values]
    return json.dumps(out, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def compute_mac(key: bytes, prev_mac: str, content: bytes) -> str:
    return hmac.digest(key, prev_mac.encode() + content, "sm3").hex()


def _head_for_update() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditHead.objects.get_or_create(pk=1)
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


def _actor_fields(actor: Any) -> tuple[int | None, str, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, "", ""
    org = actor.organization_name() if hasattr(actor, "organization_name") else ""
    return actor.pk, actor.get_username(), org


def record(
    *,
    actor: Any,
    event_type: str,
    obj: Any = None,
    object_type: str = "",
    object_id: str | int = "",
    summary: dict[str, Any] | None = None,
    result: str = AuditEvent.Result.OK,
    actor_name: str | None = None,
) -> AuditEvent:
    """Append one event to the chain. Call inside the service's transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record() must run inside the service's transaction")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    actor_id, name, org = _actor_fields(actor)
    head = _head_for_update()
    event = AuditEvent(
        seq=head.last_seq + 1,
        created_at=timezone.now(),
        actor_id=actor_id,
        actor_name=(actor_name if actor_name is not None else name)[:150],
        organization=org[:200],
        ip=(client_ip() or "")[:64],
        event_type=event_type,
        object_type=object_type,
        object_id=str(object_id),
        summary=json.loads(json.dumps(summary or {}, ensure_ascii=False, default=str)),
        result=result,
    )
    prev = head.last_mac or GENESIS
    event.mac = compute_mac(settings.AUDIT_KEY, prev, canonical(getattr(event, f) for f in FIELDS))
    event.save(force_insert=True)
    AuditHead.objects.filter(pk=1).update(last_seq=event.seq, last_mac=event.mac)
    return event


def record_standalone(**kwargs: Any) -> AuditEvent:
    """An event that is not part of a state change (a failed login): its own transaction."""
    with transaction.atomic():
        return record(**kwargs)


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    problem: str = ""


def _rows(chunk: int = 10000) -> Iterator[tuple[Any, ...]]:
    qs = AuditEvent.objects.order_by("seq").values_list(*FIELDS, "mac")
    return qs.iterator(chunk_size=chunk)


def verify(key: bytes | None = None) -> VerifyResult:
    """Walk the whole chain; name the first event whose mac, order or position is wrong."""
    key = key if key is not None else settings.AUDIT_KEY
    prev = GENESIS
    expected_seq = 1
    checked = 0
    for row in _rows():
        *values, mac = row
        seq = values[0]
        if seq != expected_seq:
            return VerifyResult(False, checked, expected_seq, f"事件 #{expected_seq} 缺失或顺序被改动")
        if compute_mac(key, prev, canonical(values)) != mac:
            return VerifyResult(False, checked, seq, f"事件 #{seq} 的内容或校验值被改动")
        prev = mac
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq != checked or (checked and head.last_mac != prev)):
        return VerifyResult(
            False, checked, checked + 1, f"链尾不符：应有 {head.last_seq} 条，实有 {checked} 条"
        )
    return VerifyResult(True, checked)
