"""Notifications: written with the state change (same transaction); e-mail leaves after commit."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from zhunru.core import audit
from zhunru.inbox.models import Notification, OutboxMessage

MAX_ATTEMPTS = 5
CLAIM_TIMEOUT = dt.timedelta(minutes=10)


def _absolute(link: str) -> str:
    """E-mail readers are outside the site: a path becomes a full address."""
    if link.startswith("/") and not link.startswith("//"):
        return settings.PUBLIC_URL + link
    return link


def notify(users: Iterable[Any], *, title: str, body: str = "", link: str = "") -> int:
    """In-app for every user, plus an outbox e-mail for those with an address. Call inside the
    service's transaction: nothing is sent unless the change commits."""
    if not connection.in_atomic_block:
        raise RuntimeError("notify() must run inside the service's transaction")
    title = " ".join(str(title).split())[:200]  # one line: a newline in an e-mail subject is refused
    targets = {u.pk: u for u in users if u is not None and u.is_active}
    Notification.objects.bulk_create(
        [Notification(user_id=pk, title=title, body=body, link=link) for pk in targets]
    )
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(to=u.email, subject=title, body=f"{body}\n\n{_absolute(link)}".strip())
            for u in targets.values()
            if u.email
        ]
    )
    return len(targets)


def notification_mark_read(*, actor: Any, ids: list[int] | None = None, up_to: int | None = None) -> int:
    """Mark the actor's own notifications read: the given ones, or all (up to the newest one the
    page showed, so one that arrived meanwhile stays unread). Returns how many changed."""
    if actor is None or not actor.is_authenticated:
        return 0
    qs = Notification.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    if up_to is not None:
        qs = qs.filter(pk__lte=up_to)
    with transaction.atomic():
        count = qs.update(read_at=timezone.now())
        if count:
            audit.record(
                actor=actor,
                event_type="notification.read",
                object_type="inbox.notification",
                summary={"count": count, **({"ids": sorted(ids)[:50]} if ids is not None else {})},
            )
    return count


def _due() -> Q:
    """Pending messages, and those whose claim went stale (a worker that died while sending)."""
    stale = timezone.now() - CLAIM_TIMEOUT
    return Q(state=OutboxMessage.State.PENDING) | Q(state=OutboxMessage.State.SENDING, claimed_at__lt=stale)


def outbox_claim(batch: int = 50) -> tuple[str, list[OutboxMessage]]:
    """Claim pending (or stale) messages: safe with several workers.

    On PostgreSQL the batch is picked with SELECT ... FOR UPDATE SKIP LOCKED, so concurrent workers take
    disjoint batches instead of queueing on the same rows; elsewhere (SQLite, which serializes writers)
    each candidate is taken with a conditional update. Either way the update re-checks the state, so a
    message is claimed by one worker only."""
    token = uuid.uuid4().hex
    now = timezone.now()
    claimed: list[int] = []
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            candidates = list(
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(_due())
                .order_by("pk")
                .values_list("pk", flat=True)[:batch]
            )
            if candidates:
                OutboxMessage.objects.filter(Q(pk__in=candidates) & _due()).update(
                    state=OutboxMessage.State.SENDING, claimed_by=token, claimed_at=now
                )
                claimed = candidates
    else:
        candidates = list(
            OutboxMessage.objects.filter(_due()).order_by("pk").values_list("pk", flat=True)[:batch]
        )
        for pk in candidates:
            with transaction.atomic():
                won = OutboxMessage.objects.filter(Q(pk=pk) & _due()).update(
                    state=OutboxMessage.State.SENDING, claimed_by=token, claimed_at=now
                )
            if won:
                claimed.append(pk)
    return token, list(OutboxMessage.objects.filter(pk__in=claimed, claimed_by=token).order_by("pk"))


def _renew(message: OutboxMessage, token: str) -> bool:
    """Right before sending: refresh our claim, or learn that it went stale and another worker took the
    message over. A batch may take a while to send; the claim only has to outlive one send."""
    return bool(
        OutboxMessage.objects.filter(
            pk=message.pk, claimed_by=token, state=OutboxMessage.State.SENDING
        ).update(claimed_at=timezone.now())
    )


def outbox_send(batch: int = 50) -> dict[str, int]:
    """Send claimed messages; a failure is retried up to MAX_ATTEMPTS, never sent twice once sent."""
    token, messages = outbox_claim(batch)
    sent = failed = 0
    for message in messages:
        if not _renew(message, token):
            continue  # taken over by another worker: it sends it, not us
        try:
            mail.send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to])
        except Exception as exc:
            attempts = message.attempts + 1
            OutboxMessage.objects.filter(pk=message.pk, claimed_by=token).update(
                state=OutboxMessage.State.FAILED if attempts >= MAX_ATTEMPTS else OutboxMessage.State.PENDING,
                attempts=attempts,
                last_error=str(exc)[:300],
            )
            failed += 1
        else:
            OutboxMessage.objects.filter(pk=message.pk, claimed_by=token).update(
                state=OutboxMessage.State.SENT, attempts=message.attempts + 1, sent_at=timezone.now()
            )
            sent += 1
    return {"sent": sent, "failed": failed}
