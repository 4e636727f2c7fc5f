"""我的任务: the list with its filters by verdict, department and month, and for each month the count by
verdict and the estimated hours of allowed work — checked against a small example counted by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhunru.gateway import selectors
from zhunru.gateway.tests.examples import JUNE, JUNE_HOURS, MAY, MAY_HOURS, register_examples

pytestmark = pytest.mark.django_db


@pytest.fixture
def examples(catalog, community_worker, today):
    return register_examples(community_worker)


def keys(examples, qs):
    by_pk = {n.pk: k for k, n in examples.items()}
    return sorted(by_pk[n.pk] for n in qs)


def filtered(user, **query):
    return selectors.filter_notices(selectors.visible_notices(user), selectors.Filters.from_query(query))


def test_filters(examples, community_worker, district):
    weijian = str(district["weijian"].pk)
    assert keys(examples, filtered(community_worker)) == ["A", "B", "C", "D", "E", "F"]
    assert keys(examples, filtered(community_worker, verdict="admitted")) == ["A", "B"]
    assert keys(examples, filtered(community_worker, department=weijian)) == ["A", "B"]
    assert keys(examples, filtered(community_worker, department="none")) == ["C"]
    assert keys(examples, filtered(community_worker, month="2026-06")) == ["B", "C", "D", "E"]
    assert keys(examples, filtered(community_worker, month="2026-05", department=weijian)) == ["A"]
    assert keys(examples, filtered(community_worker, verdict="bogus", month="June")) == [
        "A",
        "B",
        "C",
        "D",
        "E",
        "F",
    ]


def test_monthly_counts_and_hours(examples, community_worker):
    june, may = selectors.monthly_summary(selectors.visible_notices(community_worker))
    assert (june.month, june.counts, june.total, june.allowed_hours, june.refused) == (
        "2026-06",
        JUNE,
        4,
        JUNE_HOURS,
        1,
    )
    assert (may.month, may.counts, may.total, may.allowed_hours, may.refused) == (
        "2026-05",
        MAY,
        2,
        MAY_HOURS,
        0,
    )


def test_monthly_counts_follow_the_department_filter(examples, community_worker, district):
    qs = filtered(community_worker, department=str(district["weijian"].pk))
    june, may = selectors.monthly_summary(qs)
    assert june.counts["admitted"] == 1 and june.total == 1 and june.allowed_hours == Decimal("1.5")
    assert may.total == 1 and may.allowed_hours == Decimal("2.0")


def test_the_page_shows_the_list_the_filters_and_the_months(client, examples, community_worker, district):
    client.force_login(community_worker)
    page = client.get("/gateway/", {"month": "2026-06"}).content.decode()
    assert 'data-testid="paste-form"' in page  # the paste box first
    assert page.index('data-testid="paste-form"') < page.index('data-testid="notices"')
    for key in "BCDE":
        assert f'data-notice="{examples[key].pk}"' in page
    for key in "AF":
        assert f'data-notice="{examples[key].pk}"' not in page
    assert 'data-month="2026-06"' in page and 'data-month="2026-05"' not in page
    assert "4.5" in page
    assert 'value="2026-05"' in page  # the month choices still offer every month
    only = client.get("/gateway/", {"verdict": "negative"}).content.decode()
    assert f'data-notice="{examples["D"].pk}"' in only and f'data-notice="{examples["B"].pk}"' not in only
    assert "export.xlsx?verdict=negative" in only


def test_pagination(client, catalog, community_worker, today):
    from zhunru.gateway import services

    services.notices_register_bulk(
        actor=community_worker, items=[{"text": f"请社区报送第{i}号表格。"} for i in range(30)]
    )
    client.force_login(community_worker)
    first = client.get("/gateway/").content.decode()
    assert first.count("data-notice=") == 25 and "page=2" in first
    assert client.get("/gateway/", {"page": 2}).content.decode().count("data-notice=") == 5


def test_the_month_table_counts_reports(client, examples, community_worker):
    from zhunru.gateway import services

    services.notice_refuse_and_report(actor=community_worker, notice=examples["D"])
    june, _may = selectors.monthly_summary(selectors.visible_notices(community_worker))
    assert june.reported == 1
    client.force_login(community_worker)
    page = client.get("/gateway/").content.decode()
    assert "已举报" in page
    row = page[page.index('data-month="2026-06"') :].split("</tr>")[0]
    assert row.endswith('<td class="num">1</td>')
