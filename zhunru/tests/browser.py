"""Shared Playwright fixtures: the demo district with its accounts, a page per logged-in demo account
(`as_user`), and `done` for an action's flash message; chromium itself is the session fixture `chromium` of
zhunru/conftest.py. Import them into a browser test module."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from zhunru.demo import loader

# Playwright's sync API keeps an asyncio loop in this thread; Django's guard against ORM calls from async
# code would refuse the fixtures' loading and flushing (as in zhunru/web/tests/conftest.py).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture
def district_and_accounts(transactional_db, settings):
    """The demo district, its catalog and accounts; not the demo applications (seconds we don't need)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    loader.load_district()
    loader.load_catalog()
    for spec in loader.DEMO_ACCOUNTS:
        loader.ensure_account(spec)


@pytest.fixture
def as_user(chromium, live_server, district_and_accounts) -> Iterator[Callable[[str], Page]]:
    """as_user("clerk") is a page logged in through the login form as that demo account, in its own
    browser context (one per user, kept for the test); as_user("") is an anonymous visitor."""
    contexts: dict[str, Page] = {}

    def page_of(username: str) -> Page:
        if username in contexts:
            return contexts[username]
        context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())  # data-confirm buttons (app.js)
        if username:
            page.goto(live_server.url + "/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", loader.DEMO_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(live_server.url + "/")
        contexts[username] = page
        return page

    try:
        yield page_of
    finally:
        for page in contexts.values():
            page.context.close()


def done(page: Page, message: str) -> None:
    """The action succeeded: its flash message (on the page the action led to), and no error."""
    expect(page.locator(".flash.success")).to_contain_text(message)
    expect(page.locator(".flash.error")).to_have_count(0)
