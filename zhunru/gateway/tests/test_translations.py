"""The gateway's English catalogue (zhunru/gateway/locale): complete, compiled, English, placeholders
kept; the pages and the navigation speak English with the language switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

LC = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES"


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
