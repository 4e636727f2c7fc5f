"""Evaluation's English catalogue (zhunru/evaluation/locale/en) is complete and compiled, and the pages
read in English with the language switch."""

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


def test_the_menu_entry_in_english():
    with translation.override("en"):
        assert {str(label) for name, label, _r in NAV if name.startswith("evaluation:")} == {"Evaluation"}


@pytest.mark.django_db
def test_a_page_in_english(client, published, minzheng_head):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(minzheng_head)
    html = client.get("/evaluation/2025/").content.decode()
    assert "2025 evaluation" in html and "95% confidence interval" in html and "Money delivered" in html
    assert "Fewer than 5 answers: not published" in html and "评议结果" not in html
