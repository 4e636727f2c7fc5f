"""Fixtures of the portal tests: the demo catalog and decisions made through the services."""

from __future__ import annotations

import pytest

from zhunru.access.models import Decision
from zhunru.access.tests.factories import approved_application
from zhunru.catalog.services import catalog_import
from zhunru.demo.loader import data_file


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def catalog(district):
    """The demo catalog (version 1)."""
    report = catalog_import(actor=None, name="catalog.csv", data=data_file("catalog.csv"))
    assert report.ok
    return report


@pytest.fixture
def decision(catalog, district) -> Decision:
    """An approved application: 老年人防诈骗宣传 in the admitted list."""
    return approved_application(district)
