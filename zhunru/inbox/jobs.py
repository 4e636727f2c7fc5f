"""One cycle of `zhunru worker`: send the outbox, then run the deadline jobs.

Each part runs on its own: a failing mail server does not stop the reminders, and the reminders
written in this cycle leave with the next one (they are committed before they are sent).
"""

from __future__ import annotations

import logging
from typing import Any

from zhunru.inbox.services import outbox_send

log = logging.getLogger(__name__)


def send_outbox(batch: int = 50, max_batches: int = 20) -> dict[str, int]:
    """Send what is pending, a batch at a time, until the outbox is empty or `max_batches` is reached."""
    total = {"sent": 0, "failed": 0}
    for _ in range(max_batches):
        result = outbox_send(batch)
        total["sent"] += result["sent"]
        total["failed"] += result["failed"]
        if result["sent"] + result["failed"] < batch:
            break
    return total


def run_cycle() -> dict[str, Any]:
    from zhunru.access.jobs import run_deadline_jobs  # access depends on inbox, not the reverse
    from zhunru.funding.jobs import run_funding_jobs
    from zhunru.supervision.jobs import run_supervision_jobs

    report: dict[str, Any] = {}
    try:
        report["outbox"] = send_outbox()
    except Exception:
        log.exception("outbox sending failed")
        report["outbox"] = {"error": True}
    try:
        report["deadlines"] = run_deadline_jobs()
    except Exception:
        log.exception("deadline jobs failed")
        report["deadlines"] = {"error": True}
    report["supervision"] = run_supervision_jobs()  # catches and logs its own failures
    report["funding"] = run_funding_jobs()  # catches and logs its own failures
    return report
