"""A busy approval office: the to-do page lists the most urgent items and counts the rest, and its number of
database queries does not grow with the number of open applications (working days come from one read of
the holiday overrides)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhunru.access.models import AccessApplication
from zhunru.access.models import Status as S
from zhunru.access.tests.states import build
from zhunru.core.models import WorkdayOverride
from zhunru.inbox.tests.helpers import text
from zhunru.inbox.views import TODO_SHOWN

pytestmark = pytest.mark.django_db


def clone_submitted(app: AccessApplication, n: int, tag: str = "") -> None:
    """n more submitted applications like `app`, due one calendar day apart after it."""
    clones = []
    for i in range(n):
        twin = AccessApplication.objects.get(pk=app.pk)
        twin.pk = None
        twin.reference = f"{app.reference}-{tag}{i:03d}"
        twin.accept_due = app.accept_due + dt.timedelta(days=i + 1)
        clones.append(twin)
    AccessApplication.objects.bulk_create(clones)


def inbox_queries(client, user) -> tuple[str, int]:
    client.force_login(user)
    client.get("/")  # the first page after signing in writes the session
    with CaptureQueriesContext(connection) as ctx:
        page = text(client.get("/inbox/"))
    return page, len(ctx.captured_queries)


def test_the_todo_list_is_cut_to_the_most_urgent_and_links_to_the_rest(client, people):
    app = build(people, S.SUBMITTED)  # due 2026-03-09
    clone_submitted(app, TODO_SHOWN + 9)
    page, _ = inbox_queries(client, people.office)
    section = page[
        page.index('data-testid="todo"') : page.index("</section>", page.index('data-testid="todo"'))
    ]
    assert section.count("<li") == TODO_SHOWN
    assert f'<span class="tag">{TODO_SHOWN + 10}</span>' in section  # the count is of all of them
    assert app.reference + " " in section  # the earliest due is listed …
    assert f"{app.reference}-{TODO_SHOWN + 8:03d}" not in section  # … the latest is not
    assert 'data-testid="todo-more"' in section and "另有 10 项未列出" in section
    assert 'href="/access/applications/?status=open"' in section

    # the full list: every application not yet final
    AccessApplication.objects.filter(reference=f"{app.reference}-000").update(status=S.APPROVED)
    client.force_login(people.office)
    assert f"共 {TODO_SHOWN + 9} 条" in text(client.get("/access/applications/?status=open"))
    assert f"共 {TODO_SHOWN + 10} 条" in text(client.get("/access/applications/"))


def test_no_more_link_when_everything_fits(client, people):
    build(people, S.SUBMITTED)
    page, _ = inbox_queries(client, people.office)
    assert 'data-testid="todo-more"' not in page


def test_the_number_of_queries_does_not_grow_with_the_open_applications(client, people):
    app = build(people, S.SUBMITTED)
    WorkdayOverride.objects.create(day=dt.date(2026, 3, 4), is_workday=False)  # a day off inside the span
    clone_submitted(app, 3)
    page, few = inbox_queries(client, people.office)
    assert "还剩 4 个工作日" in page  # 2026-03-09 less the day off: read from the override
    clone_submitted(app, 80, tag="b")
    _, many = inbox_queries(client, people.office)
    assert many == few + 1  # past the limit, the rest are counted
    clone_submitted(app, 400, tag="c")
    page, more = inbox_queries(client, people.office)
    assert more == many and f'<span class="tag">{484}</span>' in page
