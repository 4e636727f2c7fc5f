"""The to-do and done lists are rendered once per state of the procedure's rows: a repeat view does not read
the applications again, and a step taken, a working-day change or another app's new item shows at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhunru.access import services as svc
from zhunru.access.models import AccessApplication
from zhunru.access.models import Status as S
from zhunru.access.tests.states import build
from zhunru.core.models import WorkdayOverride
from zhunru.inbox.tests.helpers import text

pytestmark = pytest.mark.django_db


def view(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        page = text(client.get("/inbox/"))
    return page, len(ctx.captured_queries)


def section(page: str, testid: str) -> str:
    start = page.index(f'data-testid="{testid}"')
    return page[start : page.index("</section>", start)]


def test_a_repeat_view_does_not_read_the_applications_again(client, people):
    app = build(people, S.SUBMITTED)
    client.force_login(people.office)
    client.get("/")
    first, cold = view(client)
    again, warm = view(client)
    assert app.reference in section(again, "todo") and section(again, "todo") == section(first, "todo")
    assert warm < cold
    with CaptureQueriesContext(connection) as ctx:
        client.get("/inbox/")
    assert not any("access_accessapplication" in q["sql"] for q in ctx.captured_queries)


def test_a_step_taken_leaves_the_todo_and_enters_the_done_list_at_once(client, people):
    app = build(people, S.SUBMITTED)
    client.force_login(people.office)
    page, _ = view(client)
    assert "受理或退回" in section(page, "todo") and app.reference not in section(page, "done")
    svc.application_accept(actor=people.office, application=app)
    page, _ = view(client)
    assert "开始审查" in section(page, "todo") and "受理或退回" not in section(page, "todo")
    assert app.reference in section(page, "done")


def test_a_change_outside_the_services_shows_at_once(client, people):
    app = build(people, S.SUBMITTED)
    client.force_login(people.office)
    assert app.reference in section(view(client)[0], "todo")
    AccessApplication.objects.filter(pk=app.pk).update(status=S.WITHDRAWN)
    assert app.reference not in section(view(client)[0], "todo")


def test_a_day_off_entered_changes_the_working_days_left(client, people):
    build(people, S.SUBMITTED)  # due 2026-03-09, five working days from today
    client.force_login(people.office)
    assert "还剩 5 个工作日" in section(view(client)[0], "todo")
    WorkdayOverride.objects.create(day=dt.date(2026, 3, 4), is_workday=False)
    assert "还剩 4 个工作日" in section(view(client)[0], "todo")


def test_each_user_sees_their_own_list(client, people):
    app = build(people, S.SUBMITTED)
    client.force_login(people.office)
    assert app.reference in section(view(client)[0], "todo")
    client.force_login(people.head)
    assert app.reference not in section(view(client)[0], "todo")
