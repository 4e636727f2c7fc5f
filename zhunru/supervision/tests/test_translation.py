"""Supervision's English catalogue (zhunru/supervision/locale/en) is complete and compiled, and the
supervision pages and menu read in English with the language switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from zhunru.web.context import NAV

LC = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"


def test_the_menu_entries_in_english():
    with translation.override("en"):
        labels = {str(label) for name, label, _roles in NAV if name.startswith("supervision:")}
    assert labels == {"Supervision cases", "My reports", "Reports about us"}


@pytest.mark.django_db
def test_a_page_in_english(client, applicant):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(applicant)
    html = client.get("/supervision/department/").content.decode()
    assert "Reports about us" in html and "No reports about this body." in html
    assert "被举报统计" not in html
