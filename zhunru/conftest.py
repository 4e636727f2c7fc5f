"""Shared fixtures: the demo district and named personas, one per role (plus an outsider)."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher

from zhunru.accounts import services as account_services
from zhunru.accounts.models import User
from zhunru.accounts.roles import Role
from zhunru.areas.models import Area, Department
from zhunru.demo import loader

PASSWORD = "Test@Pass2026"


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Still Argon2 (hashes start with 'argon2'), at a cost that keeps the suite fast."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1


@pytest.fixture(autouse=True)
def _media_and_data(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["zhunru.conftest.FastArgon2PasswordHasher"]
    # each test's rows are rolled back, and with them the change stamps that key cached page parts
    from django.core.cache import cache

    from zhunru.access import selectors as access_selectors

    cache.clear()
    access_selectors._catalog_cache.clear()  # the per-process catalog indexes, kept under the same stamp


@pytest.fixture
def district(db):
    """The 示范区 departments and communities, imported through the services."""
    loader.load_district()
    return {
        "weijian": Department.objects.get(name="区卫生健康委员会"),
        "minzheng": Department.objects.get(name="区民政局"),
        "donghu": Department.objects.get(name="东湖街道办事处"),
        "xiling": Department.objects.get(name="西岭街道办事处"),
        "office": Department.objects.get(kind=Department.Kind.APPROVAL),
        "supervision": Department.objects.get(kind=Department.Kind.SUPERVISION),
        "donghu_community": Area.objects.get(code="990101001001"),
        "huayuan_community": Area.objects.get(code="990101001002"),
        "xiling_community": Area.objects.get(code="990101002001"),
    }


def make_user(username: str, *, role: str | None = None, department=None, community=None, **kw) -> User:
    user, _ = account_services.user_create(
        actor=None,
        username=username,
        department=department,
        community=community,
        password=PASSWORD,
        must_change_password=kw.pop("must_change_password", False),
        **kw,
    )
    if role:
        account_services.role_grant(actor=None, user=user, role=role)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def applicant(district):
    return make_user("applicant", role=Role.DEPT_CLERK, department=district["weijian"], full_name="王经办")


@pytest.fixture
def dept_head(district):
    return make_user("depthead", role=Role.DEPT_HEAD, department=district["weijian"])


@pytest.fixture
def approval_clerk(district):
    return make_user("officeclerk", role=Role.APPROVAL_CLERK, department=district["office"])


@pytest.fixture
def approver(district):
    return make_user("approver1", role=Role.APPROVER, department=district["minzheng"])


@pytest.fixture
def community_worker(district):
    return make_user("worker1", role=Role.COMMUNITY_WORKER, community=district["donghu_community"])


@pytest.fixture
def street_officer(district):
    return make_user("streetofficer", role=Role.STREET_OFFICER, department=district["donghu"])


@pytest.fixture
def supervisor(district):
    return make_user("supervisor1", role=Role.SUPERVISOR, department=district["supervision"])


@pytest.fixture
def sysadmin(district):
    return make_user("sysadmin1", role=Role.SYSADMIN, department=district["office"])


@pytest.fixture
def secadmin(district):
    return make_user("secadmin1", role=Role.SECADMIN, department=district["office"])


@pytest.fixture
def auditadmin(district):
    return make_user("auditadmin1", role=Role.AUDITADMIN, department=district["office"])


@pytest.fixture
def outsider(district):
    """Logged in, no role, another department."""
    return make_user("outsider", department=district["minzheng"])


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium under Playwright, one for the whole session (Playwright's sync API allows one per
    thread); each test opens its own browser context."""
    import os
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (make test installs it)")
    # Playwright's sync API keeps an asyncio loop in this thread; Django's guard against ORM calls from async
    # code would refuse the fixtures' loading and flushing.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()
