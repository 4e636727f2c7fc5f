"""The gateway's English catalogue (zhunru/gateway/locale): complete, compiled, English, placeholders
kept; the pages and the navigation speak English with the language switch."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from zhunru.web.tests.test_translations import CJK, PLACEHOLDER, parse_po, translations

LC = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES"


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return [e for e in parse_po(LC / "django.po") if e["msgid"]]


def test_complete_english_and_placeholders_kept(entries):
    assert len(entries) > 100
    for entry in entries:
        texts = translations(entry)
        assert texts and all(texts), entry["msgid"]
        for text in texts:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry["msgid"])), text
            for chinese in CJK.findall(text):
                assert chinese in entry["msgid"], (entry["msgid"], text)


def test_compiled(entries):
    with (LC / "django.mo").open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    for entry in entries:
        if "msgid_plural" not in entry:
            assert mo.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]


def test_loaded_at_run_time():
    with translation.override("en"):
        assert _("我的任务") == "My tasks" and _("派单") == "Dispatch"
        assert _("拒绝并举报") == "Refuse and report"


@pytest.mark.django_db
def test_the_list_in_english(client, community_worker):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(community_worker)
    html = client.get("/gateway/").content.decode()
    assert "My tasks" in html and "Register and judge" in html and "All verdicts" in html
    assert "登记并判定" not in html
