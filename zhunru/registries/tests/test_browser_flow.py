"""On a phone (360 px), in a real browser: the worker registers a board without an admitted matter (with a
photo), the office opens a clean-up campaign in its own browser, the worker finds the board on the
campaign's list and records its removal with a photo; the counts show before and after."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from playwright.sync_api import expect

from zhunru.demo import loader
from zhunru.registries.models import Signboard
from zhunru.registries.tests.conftest import PNG

pytestmark = pytest.mark.browser
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs in the test thread


def login(chromium, live_server, username: str):
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    context.set_default_timeout(8_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # the data-confirm questions
    page.goto(live_server.url + "/")
    page.fill("#id_username", username)
    page.fill("#id_password", loader.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    return context, page


def photo(name: str) -> dict:
    return {"name": name, "mimeType": "image/png", "buffer": PNG}


def test_register_campaign_remove_counts(chromium, live_server, transactional_db, settings, today):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    loader.load_district()
    loader.load_catalog()
    for name in ("worker", "office"):
        loader.ensure_account(next(s for s in loader.DEMO_ACCOUNTS if s.username == name))
    worker_ctx, page = login(chromium, live_server, "worker")
    try:
        page.click("details.menu summary")  # the menu is folded on a phone
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="挂牌", exact=True).click()
        page.click("[data-testid=register]")
        page.fill("#id_name", "消防安全宣传站")
        page.select_option("#id_department", label="区消防救援大队")
        page.check("input[name=placement][value=outside]")
        page.set_input_files("#id_photo", photo("board.png"))
        page.click("[data-testid=save]")
        page.wait_for_selector("[data-testid=photo]")
        board = Signboard.objects.get()
        assert "无准入依据" in page.locator("[data-testid=admitted]").inner_text()
        photo_element = page.locator("[data-testid=photo]")
        expect(photo_element).to_have_js_property("naturalWidth", 2)  # it shows (no eval under the CSP)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

        office_ctx, office = login(chromium, live_server, "office")
        try:
            office.goto(live_server.url + "/registries/campaigns/")
            office.fill("#id_name", "2026年挂牌清理整治")
            office.fill("#id_deadline", "2026-02-27")  # in the past
            office.click("button[data-action=open]")
            assert "已经过去" in office.locator("[data-testid=campaign-form]").inner_text()
            office.fill("#id_deadline", "2026-03-31")
            office.click("button[data-action=open]")
            office.wait_for_selector("[data-testid=counts]")
            assert office.locator("[data-testid=item]").count() == 1

            page.goto(live_server.url + "/registries/signboards/")
            page.click("[data-testid=open-campaign] a")
            page.click("[data-testid=item] a")
            page.click("button[data-action=remove]")  # without a photo
            assert "请上传照片" in page.locator("[data-testid=remove-form]").inner_text()
            page.set_input_files("#id_photo", photo("after.png"))
            page.click("button[data-action=remove]")
            page.wait_for_selector("[data-testid=removal-photo]")
            assert page.locator("[data-testid=status]").inner_text() == "已摘除"
            board.refresh_from_db()
            assert board.status == "removed" and board.removed_on == dt.date(2026, 3, 2)

            office.reload()
            total = office.locator("tr[data-community=total] td").all_inner_texts()
            assert total[2:8] == ["1", "1", "0", "0", "1", "1"]  # before 1/1, after 0/0, listed 1, removed 1
            assert office.evaluate("document.documentElement.scrollWidth") <= 360
        finally:
            office_ctx.close()
    finally:
        worker_ctx.close()
