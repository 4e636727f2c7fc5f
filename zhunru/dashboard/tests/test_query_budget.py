"""Every dashboard page runs a bounded number of queries whatever the amount of data: the same budget on
the small fixture and with 3,000 more notices, when computed (not taken from the cache)."""

from __future__ import annotations

import pytest

from zhunru.gateway.models import TaskNotice

pytestmark = pytest.mark.django_db
BUDGET = 20
PAGES = {
    "supervisor": ["burden", "departments", "office", "reductions"],
    "approval_clerk": ["burden", "departments", "office", "reductions"],
    "street_officer": ["burden", "reductions"],
    "community_worker": ["burden", "reductions"],
    "applicant": ["departments"],
}


@pytest.fixture(autouse=True)
def _computed_on_every_view(settings):
    """The budget of computing the figures: none kept in the cache (test_dashboard_cache keeps them)."""
    settings.DASHBOARD_CACHE_SECONDS = 0


def count_queries(client, user, django_assert_max_num_queries) -> dict[str, int]:
    client.force_login(user)
    client.get("/dashboard/")  # the session settles
    client.get("/")  # and the top bar's calendar check, kept for a minute (core.workdays.missing_years_kept)
    counts = {}
    for path in [f"/dashboard/{p}/" for p in PAGES[user.username_key]]:
        for params in ({"month": "2026-11"}, {"month": "2026-11", "span": "12", "kind": "task"}):
            with django_assert_max_num_queries(BUDGET) as ctx:
                assert client.get(path, params).status_code == 200
            counts[path + str(params)] = len(ctx.captured_queries)
    return counts


@pytest.mark.parametrize("persona", list(PAGES))
def test_pages_stay_within_budget_small_and_large(
    client, world, many_notices, request, persona, django_assert_max_num_queries
):
    user = request.getfixturevalue(persona)
    user.username_key = persona
    small = count_queries(client, user, django_assert_max_num_queries)
    many_notices(3000)
    large = count_queries(client, user, django_assert_max_num_queries)
    assert small == large  # the number of queries does not grow with the data


def test_large_fixture_figures_are_summed_in_the_database(client, world, many_notices, supervisor):
    many_notices(3000)
    client.force_login(supervisor)
    response = client.get("/dashboard/burden/", {"month": "2026-11", "span": "12"})
    total = response.context["built"].table("burden").footer
    headers = response.context["built"].table("burden").headers
    # the fixture's 7 notices and the 3,000 but the few dated 2025-11-30 (before the 12 months)

    expected = TaskNotice.objects.filter(received_on__gte="2025-12-01", received_on__lte="2026-11-30").count()
    assert total[headers.index("收到任务")] == expected > 3000 - 10
