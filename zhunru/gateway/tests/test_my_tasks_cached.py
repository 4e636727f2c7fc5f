"""我的任务 is rendered once per state of the community's demands: a repeat view reads the stamp instead
of the demands, and any change (a new demand, a refusal, a demand written by other code) shows at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhunru.gateway.models import TaskNotice
from zhunru.gateway.tests.examples import register_examples

pytestmark = pytest.mark.django_db


def view(client, path="/gateway/") -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    # PostgreSQL in a test's transaction: running the pending stamp triggers is not a read (core.stamps)
    return response.content.decode(), sum(
        not q["sql"].startswith("SET CONSTRAINTS") for q in ctx.captured_queries
    )


def test_a_repeat_view_does_not_read_the_demands_again(client, catalog, community_worker, today):
    register_examples(community_worker)
    client.force_login(community_worker)
    client.get("/")
    first, cold = view(client)
    again, warm = view(client)

    def body(page: str) -> str:
        return page[page.index('data-testid="filters"') : page.index("</main>")]

    assert body(again) == body(first) and first.count("data-notice=") == 6
    assert warm < cold
    assert warm <= 6, "session, user, roles, unread badge, stamp, the community's name"


def test_a_change_by_any_code_shows_on_the_next_view(client, catalog, community_worker, today):
    notices = register_examples(community_worker)
    client.force_login(community_worker)
    first = notices["A"]

    def line(page: str) -> str:
        start = page.index(f'data-notice="{first.pk}"')
        return page[start : page.index("</li>", start)]

    assert "已拒绝" not in line(view(client)[0])
    TaskNotice.objects.filter(pk=first.pk).update(action=TaskNotice.Action.REFUSED)  # not through a service
    assert "已拒绝" in line(view(client)[0])


def test_the_filters_and_pages_are_kept_apart(client, catalog, community_worker, today):
    register_examples(community_worker)
    client.force_login(community_worker)
    everything, _ = view(client)
    duty, _ = view(client, "/gateway/?verdict=duty")
    assert duty != everything
    assert duty.count('class="v-duty"') == duty.count("data-notice=") > 0
    assert view(client, "/gateway/")[0].count("data-notice=") == everything.count("data-notice=")


def test_english_is_kept_apart_from_chinese(client, catalog, community_worker, today):
    register_examples(community_worker)
    client.force_login(community_worker)
    chinese, _ = view(client)
    client.cookies["django_language"] = "en"
    english, _ = view(client)
    assert "按月统计" in chinese and "按月统计" not in english
