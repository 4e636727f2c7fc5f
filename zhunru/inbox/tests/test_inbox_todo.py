"""The inbox shows each person the steps that wait for them (待办), with the due date and the
working days left; an overdue one is highlighted."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.access import services as svc
from zhunru.access.models import Status as S
from zhunru.access.tests.states import build, create
from zhunru.inbox.tests.helpers import text

pytestmark = pytest.mark.django_db

URL = "/inbox/"


def todo_section(client, user) -> str:
    client.force_login(user)
    page = text(client.get(URL))
    start = page.index('data-testid="todo"')
    return page[start : page.index("</section>", start)]


def test_the_department_head_sees_drafts_to_sign(client, people):
    app = create(people)
    section = todo_section(client, people.head)
    assert app.reference in section and "签发" in section
    assert f'href="/access/applications/{app.pk}/"' in section
    assert app.reference not in todo_section(client, people.clerk)  # the author does not sign


def test_the_approval_clerk_sees_submitted_applications_with_working_days_left(client, people):
    app = build(people, S.SUBMITTED)  # due 2026-03-09, five working days from today
    section = todo_section(client, people.office)
    assert app.reference in section and "受理或退回" in section
    assert "2026-03-09" in section and "还剩 5 个工作日" in section
    assert 'data-testid="overdue"' not in section


def test_an_overdue_step_is_highlighted(client, people, today):
    app = build(people, S.SUBMITTED)
    today(dt.date(2026, 3, 11))
    section = todo_section(client, people.office)
    assert app.reference in section
    assert 'class="overdue"' in section and "已逾期 2 个工作日" in section


def test_the_approver_sees_applications_under_review_until_he_gives_his_opinion(client, people):
    app = build(people, S.UNDER_REVIEW)
    member = people.approvers[0]
    section = todo_section(client, member)
    assert app.reference in section and "提出审查意见" in section and "2026-03-23" in section

    svc.opinion_give(actor=member, application=app, stance="agree", reasons="同意")
    assert app.reference not in todo_section(client, member)


def test_nothing_to_do(client, people, outsider):
    build(people, S.SUBMITTED)
    assert "没有待办事项" in todo_section(client, outsider)


def test_the_page_needs_a_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_step_due_within_the_reminder_period_is_marked(client, people, today):
    build(people, S.SUBMITTED)  # due 2026-03-09
    today(dt.date(2026, 3, 5))
    section = todo_section(client, people.office)
    assert 'class="soon"' in section and "还剩 2 个工作日" in section
    today(dt.date(2026, 3, 9))
    assert "今天到期" in todo_section(client, people.office)
