"""Evaluation's English catalogue (zhunru/evaluation/locale/en) is complete and compiled, and the pages
read in English with the language switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from zhunru.web.context import NAV

LC = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"


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
