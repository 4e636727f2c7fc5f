"""`python -m zhunru.tests.scaleout.report`: what the scale-out database holds after the run, as JSON."""

from __future__ import annotations

import json
from collections import Counter

import django


def main() -> dict:
    django.setup()
    from zhunru.access.models import Decision, Reminder, StatusChange
    from zhunru.catalog.models import Matter
    from zhunru.core import audit
    from zhunru.core.models import AuditEvent
    from zhunru.inbox.models import Notification, OutboxMessage

    decisions = list(
        Decision.objects.filter(application__isnull=False).values("application_id", "year", "seq", "number")
    )
    verified = audit.verify()
    return {
        "decisions": decisions,
        "decide_changes": dict(
            Counter(StatusChange.objects.filter(transition="decide").values_list("application_id", flat=True))
        ),
        "accept_changes": dict(
            Counter(StatusChange.objects.filter(transition="accept").values_list("application_id", flat=True))
        ),
        "admitted_codes": list(Matter.objects.filter(list="admitted").values_list("code", flat=True)),
        "outbox": list(OutboxMessage.objects.values("to", "subject", "state", "attempts")),
        "notifications": list(Notification.objects.values_list("user__username", "title")),
        "reminders": list(Reminder.objects.values_list("key", flat=True)),
        "audit_types": dict(Counter(AuditEvent.objects.values_list("event_type", flat=True))),
        "audit_ok": verified.ok,
        "audit_checked": verified.checked,
    }


if __name__ == "__main__":
    print(json.dumps(main(), ensure_ascii=False, default=str))
