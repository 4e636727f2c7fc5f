"""The public catalog's results are rendered once per state of the catalog: a repeat view does not read the
matters again, and a matter renamed, added or exited shows on the next view."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhunru.catalog.models import Matter

pytestmark = pytest.mark.django_db


def view(client, **params) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/portal/catalog/", params)
    assert response.status_code == 200
    # PostgreSQL in a test's transaction: running the pending stamp triggers is not a read (core.stamps)
    return response.content.decode(), sum(
        not q["sql"].startswith("SET CONSTRAINTS") for q in ctx.captured_queries
    )


def test_a_repeat_view_reads_only_the_catalogs_stamp(client, catalog):
    first, cold = view(client)
    again, warm = view(client)

    def results(page: str) -> str:
        return page[page.index('<ul class="portal-list">') :]

    assert results(again) == results(first) and first.count('href="/portal/matters/') == 20
    assert warm == 1 < cold


def test_a_renamed_matter_shows_at_once(client, catalog):
    view(client, list="duty")
    Matter.objects.filter(code="SF-D01").update(name="召集居民会议（新名称）")
    html, _ = view(client, list="duty")
    assert "召集居民会议（新名称）" in html


def test_each_query_and_page_is_kept_apart(client, catalog):
    duty, _ = view(client, list="duty")
    everything, _ = view(client)
    second, _ = view(client, page=2)
    lists = [page[page.index('<ul class="portal-list">') :] for page in (duty, everything, second)]
    assert len(set(lists)) == 3
