"""The certificates' English catalogue is complete and compiled; the pages and the menu read in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from zhunru.web.context import NAV

LC = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"


def test_the_menu_entry_in_english():
    with translation.override("en"):
        assert {str(label) for name, label, _r in NAV if name.startswith("certificates:")} == {"Certificates"}


@pytest.mark.django_db
def test_a_page_in_english(client, community_worker, seeded):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(community_worker)
    html = client.get("/certificates/c/990101001001/").content.decode()
    assert "Certificate register" in html and "Find by full ID number" in html and "出具证明登记" not in html
