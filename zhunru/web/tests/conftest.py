"""Browser fixtures: one headless Debian chromium per test process, a fresh context per test.

Playwright's sync API runs an asyncio event loop in the test thread, so Django's guard against
ORM calls from async code must be lifted for the fixtures that load data while a browser is open.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from zhunru.demo import loader

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
# Set to a directory to keep screenshots of the pages the browser tests visit (layout review).
SCREENSHOT_DIR = os.environ.get("ZHUNRU_SCREENSHOT_DIR", "")


@pytest.fixture(scope="session")
def browser(chromium) -> Iterator:
    return chromium


def _page(browser, viewport: dict) -> Iterator:
    context = browser.new_context(viewport=viewport, locale="en-US")  # the browser asks for English
    context.set_default_timeout(5_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser) -> Iterator:
    """A desktop-sized page with its own cookies."""
    yield from _page(browser, DESKTOP)


@pytest.fixture
def phone_page(browser) -> Iterator:
    yield from _page(browser, PHONE)


@pytest.fixture
def demo_accounts(transactional_db, settings):
    """The demo district and one account per role (password loader.DEMO_PASSWORD).

    loader.load() without the demo catalog and applications, which cost seconds per test; every
    browser test starts from a flushed database (live_server needs transactional_db).
    """
    # A fast hasher: the browser tests are about pages, not about Argon2's cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    loader.load_district()
    return {spec.username: loader.ensure_account(spec) for spec in loader.DEMO_ACCOUNTS}


@pytest.fixture
def login(live_server):
    """Logs a page in through the login form as a demo account."""

    def do_login(page, username: str, password: str = loader.DEMO_PASSWORD) -> None:
        page.goto(live_server.url + "/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(live_server.url + "/")

    return do_login


@pytest.fixture
def screenshot():
    """screenshot(page, name): saves a full-page PNG when ZHUNRU_SCREENSHOT_DIR is set."""

    def take(page, name: str) -> None:
        if SCREENSHOT_DIR:
            page.screenshot(path=str(Path(SCREENSHOT_DIR) / f"{name}.png"), full_page=True)

    return take
