from __future__ import annotations

import datetime as dt

import pytest

import zhunru.core.clock
from zhunru.api.tests.helpers import TODAY
from zhunru.tests.properties import profiles

profiles.load()


@pytest.fixture
def today(monkeypatch) -> dt.date:
    """The procedure's day frozen at 2026-03-02 (a Monday), as in the API tests."""
    monkeypatch.setattr(zhunru.core.clock, "today", lambda: TODAY)
    return TODAY
