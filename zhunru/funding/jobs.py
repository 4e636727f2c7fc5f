"""Funding's part of a `zhunru worker` cycle: the arrears check (see services.arrears_check)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from zhunru.funding.services import arrears_check

log = logging.getLogger(__name__)


def run_funding_jobs(today: dt.date | None = None) -> dict[str, Any]:
    """Never raises: a failure is logged and reported as {"error": True}, as the worker reports its
    other parts."""
    try:
        return arrears_check(actor=None, today=today)
    except Exception:
        log.exception("funding arrears check failed")
        return {"error": True}
