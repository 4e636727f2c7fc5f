"""The registries' English catalogue (zhunru/registries/locale/en) is complete and compiled, and the pages
and menu read in English with the language switch."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from zhunru.web.context import NAV
from zhunru.web.tests.test_translations import CJK, PLACEHOLDER, parse_po, translations

LC = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return [e for e in parse_po(LC / "django.po") if e["msgid"]]


def test_the_catalogue_is_complete_and_english(entries):
    assert len(entries) > 100
    assert [e["msgid"] for e in entries if not all(translations(e))] == []
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    for entry in entries:
        for text in translations(entry):
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry["msgid"])), text
            assert not CJK.search(text), text


def test_the_compiled_catalogue_matches(entries):
    with (LC / "django.mo").open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    for entry in entries:
        if "msgid_plural" not in entry:
            assert mo.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]


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
