"""On a phone (360 px), in a real browser: the worker opens 证明 from the menu, registers an issued
certificate (shown masked), reveals it with a reason, and refuses a negative-list certificate and gets
the referral note; nothing scrolls sideways."""

from __future__ import annotations

import os

import pytest

from zhunru.certificates.models import Issuance, Refusal
from zhunru.certificates.tests.conftest import ID_X
from zhunru.core.models import AuditEvent
from zhunru.demo import certificates, loader

pytestmark = pytest.mark.browser
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs in the test thread


def test_issue_reveal_refuse_on_a_phone(chromium, live_server, transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    loader.load_district()
    loader.ensure_account(next(s for s in loader.DEMO_ACCOUNTS if s.username == "worker"))
    certificates.load_types()
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    context.set_default_timeout(8_000)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.fill("#id_username", "worker")
        page.fill("#id_password", loader.DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(live_server.url + "/")
        page.goto(live_server.url + "/certificates/")
        assert page.locator("[data-testid=must-not] tbody tr").count() == 20
        page.click("[data-testid=register-link]")
        page.click("[data-testid=issue]")
        page.select_option("#id_certificate_type", label="人民调解协议书")
        page.fill("#id_applicant_name", "王建国")
        page.fill("#id_id_number", ID_X.lower())
        page.fill("#id_phone", "159 8765 4321")
        page.click("[data-testid=save]")
        page.wait_for_selector("[data-testid=id-masked]")
        assert page.locator("[data-testid=id-masked]").inner_text() == "110101********803X"
        assert page.locator("[data-testid=phone-masked]").inner_text() == "159****4321"
        assert ID_X not in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

        page.click("[data-testid=reveal-open]")
        page.fill("#id_reason", "居民来电核对证明信息")
        page.click("[data-testid=reveal]")
        page.wait_for_selector("[data-testid=revealed]")
        assert page.locator("[data-testid=id-plain]").inner_text() == ID_X
        assert page.locator("[data-testid=phone-plain]").inner_text() == "15987654321"
        assert AuditEvent.objects.filter(event_type="certificate_issuance.reveal").count() == 1

        page.goto(live_server.url + "/certificates/")
        page.click("[data-testid=refusals-link]")
        page.select_option("#id_certificate_type", label="健在证明")
        page.fill("#id_requested_by", "区社保中心")
        page.click("[data-testid=refuse]")
        page.wait_for_selector("[data-testid=note-pdf]")
        assert "人脸识别" in page.locator("[data-testid=handled-by]").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        href = page.get_attribute("[data-testid=note-pdf]", "href")
        response = page.request.get(live_server.url + href)
        assert response.status == 200 and response.body()[:4] == b"%PDF"
        assert Issuance.objects.count() == 1 and Refusal.objects.count() == 1
    finally:
        context.close()
