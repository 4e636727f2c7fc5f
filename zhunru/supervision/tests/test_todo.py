"""Open cases wait in the supervisors' to-do list with the time limit that runs now (start within 5
working days, then conclude within 30); a concluded case leaves it; nobody else sees them there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhunru.supervision.services import case_conclude, case_start_investigation, violation_report_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(community_worker, make_notice, today):
    return violation_report_file(actor=community_worker, notice=make_notice()).case


def test_open_case_in_the_supervisors_todo(client, case, supervisor, today):
    client.force_login(supervisor)
    page = client.get("/inbox/").content.decode()
    assert case.number in page and "启动调查" in page
    assert f"/supervision/cases/{case.pk}/" in page and case.start_due.isoformat() in page

    case_start_investigation(actor=supervisor, case=case)
    page = client.get("/inbox/").content.decode()
    assert case.number in page and "办结并反馈" in page and case.conclude_due.isoformat() in page

    case_conclude(actor=supervisor, case=case, substantiated=False, measures=[], conclusion="经查不属实。")
    assert case.number not in client.get("/inbox/").content.decode()


def test_not_in_anyone_elses_todo(client, case, community_worker, applicant, street_officer):
    for user in (community_worker, applicant, street_officer):
        client.force_login(user)
        assert case.number not in client.get("/inbox/").content.decode()


def test_the_todo_reads_all_open_cases_in_one_query(
    supervisor, make_notice, community_worker, district, today
):
    from zhunru.supervision.selectors import todo

    violation_report_file(actor=community_worker, notice=make_notice())
    todo(supervisor)  # the user's roles are read once and kept
    with CaptureQueriesContext(connection) as one:
        todo(supervisor)
    violation_report_file(actor=community_worker, notice=make_notice(department=district["minzheng"]))
    with CaptureQueriesContext(connection) as two:
        assert len(todo(supervisor).items) == 2  # two departments: two cases
    assert len(two) == len(one) == 1, [q["sql"][:90] for q in two.captured_queries]


def test_many_open_cases_list_the_most_urgent_and_count_the_rest(
    supervisor, make_notice, community_worker, district, today
):
    from zhunru.supervision.models import SupervisionCase
    from zhunru.supervision.selectors import todo

    violation_report_file(actor=community_worker, notice=make_notice())
    violation_report_file(actor=community_worker, notice=make_notice(department=district["minzheng"]))
    late, early = SupervisionCase.objects.order_by("pk")
    SupervisionCase.objects.filter(pk=early.pk).update(start_due=late.start_due - dt.timedelta(days=3))
    found = todo(supervisor, limit=1)
    assert found.total == 2
    assert [item.link for item in found.items] == [f"/supervision/cases/{early.pk}/"]
