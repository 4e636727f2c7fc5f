"""The certificates' English catalogue is complete and compiled; the pages and the menu read in English."""

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
        ctx = entry.get("msgctxt")
        got = mo.pgettext(ctx, entry["msgid"]) if ctx else mo.gettext(entry["msgid"])
        assert got == entry["msgstr"], entry["msgid"]


def test_the_menu_entry_in_english():
    with translation.override("en"):
        assert {str(label) for name, label, _r in NAV if name.startswith("certificates:")} == {"Certificates"}


@pytest.mark.django_db
def test_a_page_in_english(client, community_worker, seeded):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(community_worker)
    html = client.get("/certificates/c/990101001001/").content.decode()
    assert "Certificate register" in html and "Find by full ID number" in html and "出具证明登记" not in html
