"""On a phone (360 px), in a real browser: the worker pastes a demand, sees the verdict before saving
(htmx), registers it with one click, refuses it and gets the refusal letter; nothing scrolls sideways."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from zhunru.demo import loader
from zhunru.gateway.models import TaskNotice

pytestmark = pytest.mark.browser
ENFORCEMENT = "区城管局通知：请社区派人上街查处占道经营，拆除违法建设。"


@pytest.fixture
def phone(chromium) -> Iterator:
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    context.set_default_timeout(8_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def test_paste_see_register_refuse_on_a_phone(phone, live_server, transactional_db, settings, today):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    loader.load_district()
    loader.load_catalog()
    loader.ensure_account(next(s for s in loader.DEMO_ACCOUNTS if s.username == "worker"))
    page = phone
    page.goto(live_server.url + "/")
    page.fill("#id_username", "worker")
    page.fill("#id_password", loader.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")

    page.goto(live_server.url + "/gateway/")
    page.fill("#id_text", ENFORCEMENT)
    preview = page.locator("#verdict-preview [data-verdict]")
    preview.wait_for()
    assert preview.get_attribute("data-verdict") == "negative"
    assert not TaskNotice.objects.exists()  # the preview saves nothing
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.click("[data-testid=register]")
    page.wait_for_selector("[data-testid=reason]")
    notice = TaskNotice.objects.get()
    assert page.url == f"{live_server.url}/gateway/notices/{notice.pk}/"
    assert "负面清单" in page.locator("h1").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.click("button[data-action=refuse]")
    page.wait_for_selector("[data-testid=refusal-pdf]")
    notice.refresh_from_db()
    assert notice.action == "refused"
    response = page.request.get(live_server.url + f"/gateway/notices/{notice.pk}/refusal.pdf")
    assert response.ok and response.body().startswith(b"%PDF")
