from __future__ import annotations

import datetime as dt

import pytest

import zhunru.core.clock
from zhunru.api.tests.helpers import TODAY


@pytest.fixture
def today(monkeypatch) -> dt.date:
    """Freeze the procedure's day: 2026-03-02, three months before the usual start 2026-06-01."""
    monkeypatch.setattr(zhunru.core.clock, "today", lambda: TODAY)
    return TODAY
