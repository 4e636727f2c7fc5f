"""The registries' English catalogue (zhunru/registries/locale/en) is complete and compiled, and the pages
and menu read in English with the language switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from zhunru.web.context import NAV

LC = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"


def test_the_menu_entries_in_english():
    with translation.override("en"):
        labels = {str(label) for name, label, _roles in NAV if name.startswith("registries:")}
    assert labels == {"Signboards", "Ledgers and forms"}


@pytest.mark.django_db
def test_a_page_in_english(client, community_worker):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(community_worker)
    html = client.get("/registries/signboards/").content.decode()
    assert "Register a board" in html and "No matching boards." in html
    assert "登记挂牌" not in html
    html = client.get("/registries/ledgers/").content.decode()
    assert "Collect once: fields demanded by more than one department" in html
