"""Every new portal page runs at most 20 queries, and the same number on the small fixture and with
3,000 more notices and 30 more cases; the downloads run a fixed number too."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db
BUDGET = 20
PAGES = [
    "/portal/statistics/",
    "/portal/statistics/?month=2026-06&span=6",
    "/portal/departments/",
    "/portal/funding/",
    "/portal/evaluation/",
    "/portal/data/",
]
DOWNLOADS = [
    *[f"/portal/data/{d}.{f}" for d in ("catalog", "decisions", "statistics") for f in ("csv", "json")],
    "/api/v1/portal/statistics",
]


def counts(client, urls, budget, django_assert_max_num_queries) -> dict[str, int]:
    out = {}
    for url in urls:
        with django_assert_max_num_queries(budget) as ctx:
            assert client.get(url).status_code == 200, url
        out[url] = len(ctx.captured_queries)
    return out


def test_pages_within_budget_small_and_large(client, stats_world, grow, django_assert_max_num_queries):
    small = counts(client, PAGES, BUDGET, django_assert_max_num_queries)
    grow(3000)
    large = counts(client, PAGES, BUDGET, django_assert_max_num_queries)
    assert small == large


def test_downloads_run_a_fixed_number_of_queries(client, stats_world, grow, django_assert_max_num_queries):
    small = counts(client, DOWNLOADS, 40, django_assert_max_num_queries)
    grow(3000)
    large = counts(client, DOWNLOADS, 40, django_assert_max_num_queries)
    assert small == large
