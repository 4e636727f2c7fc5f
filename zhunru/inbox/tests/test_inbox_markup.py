"""The inbox page works without inline scripts or styles (a strict CSP) and without JavaScript:
marking read is a plain form POST with the CSRF token."""

from __future__ import annotations

import re

import pytest

from zhunru.inbox.tests.helpers import notify_now, text

pytestmark = pytest.mark.django_db


def test_no_inline_scripts_or_styles_and_plain_forms(client, people):
    notify_now([people.office], "新的准入申请")
    client.force_login(people.office)
    page = text(client.get("/inbox/"))
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert not re.search(r"\son\w+=", page) and " style=" not in page
    forms = re.findall(r'<form method="post" action="/inbox/read/"[^>]*>.*?</form>', page, re.S)
    assert len(forms) == 2 and all("csrfmiddlewaretoken" in form for form in forms)  # one + all
    assert 'name="viewport" content="width=device-width' in page
