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
def _catalog_follows_the_clock(monkeypatch):
    """`loading.judge_from_db` reads the catalog in force on the real date (`current_catalog()` without a
    day); here it follows `core.clock.today()` like everything else, so the tests do not depend on
    the day they run (the demo catalog's admitted items expire in 2026). The cache starts empty."""
    from zhunru.catalog import selectors as catalog_selectors
    from zhunru.gateway import loading

    original = catalog_selectors.current_catalog
    monkeypatch.setattr(
        catalog_selectors, "current_catalog", lambda day=None: original(day or zhunru.core.clock.today())
    )
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
