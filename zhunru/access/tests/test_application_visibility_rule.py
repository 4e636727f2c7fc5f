"""The application page reads its row in plain SQL and checks it with sees_application; every list reads
through visible_applications. For every persona, state, submission and department the two agree, and
the page answers 404 exactly where the list leaves the application out."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from zhunru.access import selectors
from zhunru.access.models import AccessApplication
from zhunru.access.models import Status as S
from zhunru.access.tests.states import build
from zhunru.accounts.models import User
from zhunru.accounts.roles import Role
from zhunru.conftest import make_user
from zhunru.core.errors import NotFound

pytestmark = pytest.mark.django_db


def test_the_page_rule_and_the_list_rule_agree_everywhere(
    people, district, community_worker, supervisor, outsider
):
    other = make_user("mz_clerk", role=Role.DEPT_CLERK, department=district["minzheng"])
    both = make_user("both", role=Role.DEPT_HEAD, department=district["minzheng"])
    both.role_grants.create(role=Role.APPROVER)  # a department's head and a member of the joint meeting
    gone = make_user("gone", role=Role.APPROVAL_CLERK, department=district["office"])
    User.objects.filter(pk=gone.pk).update(is_active=False)
    viewers = [people.clerk, people.head, people.office, *people.approvers, community_worker, supervisor]
    viewers += [outsider, other, both, gone, AnonymousUser()]
    app = build(people, S.DRAFT)
    rows = AccessApplication.objects.filter(pk=app.pk)
    seen = 0
    for department in (district["weijian"], district["office"]):
        for status in S:
            for submitted in (None, dt.date(2026, 3, 2)):
                rows.update(department=department, status=status, submitted_on=submitted)
                for viewer in viewers:
                    user = User.objects.get(pk=viewer.pk) if viewer.pk else viewer  # roles read afresh
                    listed = selectors.visible_applications(user).filter(pk=app.pk).exists()
                    try:
                        page = selectors.application_page(user, app.pk)
                    except NotFound:
                        page = None
                    case = (department.name, status, submitted, getattr(user, "username", "anonymous"))
                    assert listed == (page is not None), case
                    if page is not None:
                        seen += 1
                        assert (page.pk, page.status, page.department_id) == (app.pk, status, department.pk)
    assert seen > 50  # the office and the department saw many of them


def test_a_missing_application_is_404(people):
    with pytest.raises(NotFound):
        selectors.application_page(people.office, 10**9)


def test_the_page_row_reads_dates_and_amounts_as_the_orm_does(people):
    app = build(people, S.SUBMITTED)
    page = selectors.application_page(people.office, app.pk)
    orm = AccessApplication.objects.get(pk=app.pk)
    for name in (*selectors.PAGE_COLUMNS, "submitted_on"):
        assert getattr(page, name) == getattr(orm, name if name != "pk" else "pk"), name
    assert isinstance(page.submitted_on, dt.date) and page.accept_due == orm.accept_due
    assert page.matter_name == orm.matter_name  # a deferred field, read when asked for
