"""Gateway fixtures: the demo catalog, a frozen day, a worker of another community, the weijian clerk."""

from __future__ import annotations

import datetime as dt

import pytest

import zhunru.core.clock
from zhunru.accounts.roles import Role
from zhunru.conftest import make_user
from zhunru.demo import loader

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _fresh_judge():
    """The judge is cached per process; each test starts with an empty cache."""
    from zhunru.gateway import loading

    loading._cache.clear()
    yield
    loading._cache.clear()


@pytest.fixture
def today(monkeypatch) -> dt.date:
    monkeypatch.setattr(zhunru.core.clock, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def catalog(district):
    """The demo catalog (66 published items) over the demo district."""
    loader.load_catalog()
    return district


@pytest.fixture
def other_worker(district):
    return make_user("worker2", role=Role.COMMUNITY_WORKER, community=district["huayuan_community"])
