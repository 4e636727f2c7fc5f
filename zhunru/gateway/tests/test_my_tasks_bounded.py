"""我的任务 for a community with years of notices: the monthly table covers the last 12 months (or the
month filtered on) and the month and department filters offer the last 24 months', so the page reads a
bounded range however old the community's records are."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhunru.gateway import selectors
from zhunru.gateway.models import TaskNotice
from zhunru.gateway.tests.examples import register_examples

pytestmark = pytest.mark.django_db


@pytest.fixture
def examples(catalog, community_worker, today):  # today: 2026-06-15
    return register_examples(community_worker)


def older_copies(notice: TaskNotice, months: int, department=None) -> None:
    """One copy of `notice` on the 10th of each of the `months` months before May 2026."""
    copies = []
    for back in range(1, months + 1):
        index = 2026 * 12 + 4 - back  # May 2026 is index 2026 * 12 + 4
        copy = TaskNotice.objects.get(pk=notice.pk)
        copy.pk = None
        copy.received_on = dt.date(index // 12, index % 12 + 1, 10)
        copy.department = department
        copies.append(copy)
    TaskNotice.objects.bulk_create(copies)


def test_months_back():
    assert selectors.months_back(dt.date(2026, 6, 15), 12) == dt.date(2025, 7, 1)
    assert selectors.months_back(dt.date(2026, 1, 31), 1) == dt.date(2026, 1, 1)
    assert selectors.months_back(dt.date(2026, 1, 31), 24) == dt.date(2024, 2, 1)


def test_the_monthly_table_and_the_choices_are_bounded(examples, community_worker, district):
    older_copies(examples["A"], 40)  # notices back to January 2023
    visible = selectors.visible_notices(community_worker)
    months = [row.month for row in selectors.monthly_summary(visible)]
    assert len(months) == 12 and (months[0], months[-1]) == ("2026-06", "2025-07")
    choices = selectors.month_choices(visible)
    assert len(choices) == 24 and (choices[0], choices[-1]) == ("2026-06", "2024-07")


def test_an_older_month_filtered_on_is_summed_and_offered(client, examples, community_worker):
    older_copies(examples["A"], 40)
    client.force_login(community_worker)
    page = client.get("/gateway/", {"month": "2023-03"}).content.decode()
    assert '<option value="2023-03" selected>' in page
    rows = selectors.monthly_summary(
        selectors.filter_notices(
            selectors.visible_notices(community_worker), selectors.Filters(month="2023-03")
        ),
        months=None,
    )
    assert [(r.month, r.total) for r in rows] == [("2023-03", 1)]
    assert page.count("<tr data-month=") == 1 and '<tr data-month="2023-03">' in page  # the table: that month
    default = client.get("/gateway/").content.decode()
    assert default.count("<tr data-month=") == 12 and '<tr data-month="2025-06">' not in default


def test_a_department_heard_from_only_long_ago_is_not_offered(examples, community_worker, district):
    old = district["minzheng"]
    TaskNotice.objects.filter(department=old).update(department=None)
    older_copies(examples["A"], 30, department=old)  # 2023-11 … 2026-04
    visible = selectors.visible_notices(community_worker)
    assert str(old.pk) in dict(selectors.department_choices(visible))  # within 24 months
    TaskNotice.objects.filter(department=old, received_on__gte=dt.date(2024, 7, 1)).delete()
    assert str(old.pk) not in dict(selectors.department_choices(visible))
    assert str(old.pk) in dict(selectors.department_choices(visible, selected=str(old.pk)))


def test_the_page_reads_the_same_number_of_queries_for_any_history(
    client, examples, community_worker, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # every view renders the list
    client.force_login(community_worker)
    client.get("/")  # the first page after signing in writes the session

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/gateway/").status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    older_copies(examples["B"], 40)
    assert queries() == few
