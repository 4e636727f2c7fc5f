"""The dashboard's English catalogue (zhunru/dashboard/locale/en) is complete and compiled, and the pages
and the menu entry read in English with the language switch. The PDF report stays in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from zhunru.web.context import NAV

LC = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"


def test_the_menu_entry_in_english():
    with translation.override("en"):
        labels = {str(label) for name, label, _roles in NAV if name.startswith("dashboard:")}
    assert labels == {"Statistics"}


@pytest.mark.django_db
def test_a_page_in_english(client, world, approval_clerk):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(approval_clerk)
    html = client.get("/dashboard/office/", {"month": "2026-11"}).content.decode()
    assert "Median decision time (working days)" in html and "Export to Excel" in html
    assert "决定用时中位数" not in html


@pytest.mark.django_db
def test_the_report_stays_chinese(world):
    from zhunru.dashboard.report import report_html

    with translation.override("en"):
        html = report_html(__import__("datetime").date(2026, 11, 1))
    assert "2026年11月社区减负工作月度报告" in html and "Monthly report" not in html
