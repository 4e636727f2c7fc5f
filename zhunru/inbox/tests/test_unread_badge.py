"""The navigation links to the inbox on every page, with the number of unread notifications."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhunru.inbox.tests.helpers import notify_now, text

pytestmark = pytest.mark.django_db


def badge(page: str) -> str | None:
    match = re.search(r'<a href="/inbox/"[^>]* data-badge="(\d+)"', page)
    return match.group(1) if match else None


def test_the_badge_counts_unread_notifications(client, people):
    client.force_login(people.office)
    page = text(client.get("/"))
    assert 'href="/inbox/"' in page and badge(page) is None

    for n in range(3):
        notify_now([people.office], f"通知 {n}")
    assert badge(text(client.get("/"))) == "3"
    client.post("/inbox/read/", {})
    assert badge(text(client.get("/inbox/"))) is None


def test_the_count_is_one_query(client, people):
    notify_now([people.office], "通知")
    client.force_login(people.office)
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    counts = [q["sql"] for q in queries if "inbox_notification" in q["sql"]]
    assert len(counts) == 1 and "COUNT" in counts[0].upper()
