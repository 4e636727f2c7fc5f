"""Who sees and acts on an application: the applying department (drafts included), the office and the joint
meeting (from submission on); another department sees nothing and gets 404 for "not yours"."""

from __future__ import annotations

import pytest

from zhunru.access import decisions, selectors
from zhunru.access import services as svc
from zhunru.access.models import AccessApplication, StatusChange
from zhunru.access.models import Status as S
from zhunru.access.tests.states import FORM, build, fresh, ready_to_decide
from zhunru.accounts.roles import Role
from zhunru.conftest import make_user
from zhunru.core.errors import Forbidden, NotFound
from zhunru.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def other_clerk(district):
    return make_user("mz_clerk", role=Role.DEPT_CLERK, department=district["minzheng"])


@pytest.fixture
def other_head(district):
    return make_user("mz_head", role=Role.DEPT_HEAD, department=district["minzheng"])


def visible(user) -> set[int]:
    return set(selectors.visible_applications(user).values_list("pk", flat=True))


def test_another_department_cannot_see_the_application(people, other_clerk, other_head):
    apps = [build(people, status) for status in (S.DRAFT, S.SUBMITTED, S.APPROVED)]
    for user in (other_clerk, other_head):
        assert visible(user) == set()
        for app in apps:
            with pytest.raises(NotFound):
                selectors.access_application(user, app.pk)
    # the department itself sees all of its own, drafts included
    assert visible(people.clerk) == visible(people.head) == {a.pk for a in apps}


def test_another_department_cannot_act_on_the_application(people, other_clerk, other_head):
    draft = build(people, S.DRAFT)
    signed = build(people, S.SIGNED)
    returned = build(people, S.RETURNED)
    history, events = StatusChange.objects.count(), AuditEvent.objects.count()
    attempts = [
        lambda: svc.application_sign(actor=other_head, application=draft),
        lambda: svc.application_update(actor=other_clerk, application=draft, data={"matter_name": "改名"}),
        lambda: svc.attachment_add(actor=other_clerk, application=draft, name="a.png", data=PNG),
        lambda: svc.application_submit(actor=other_clerk, application=signed),
        lambda: svc.application_withdraw(actor=other_clerk, application=signed),
        lambda: svc.application_withdraw(actor=other_head, application=draft),
        lambda: svc.application_resubmit(actor=other_clerk, application=returned),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):
            attempt()
    assert (StatusChange.objects.count(), AuditEvent.objects.count()) == (history, events)
    assert [fresh(a).status for a in (draft, signed, returned)] == [S.DRAFT, S.SIGNED, S.RETURNED]
    assert fresh(draft).matter_name == FORM["matter_name"]


def test_a_missing_application_is_not_found_either(people):
    with pytest.raises(NotFound):
        selectors.access_application(people.clerk, 999_999)
    with pytest.raises(NotFound):
        svc.application_submit(actor=people.clerk, application=AccessApplication(pk=999_999))


@pytest.mark.parametrize(
    "persona", ["community_worker", "street_officer", "approval_clerk", "approver", "outsider"]
)
def test_only_a_department_clerk_creates_applications(persona, request, people):
    actor = request.getfixturevalue(persona)
    with pytest.raises(Forbidden):
        svc.application_create(actor=actor, data=FORM)
    assert not AccessApplication.objects.exists()


def test_an_outsider_sees_no_applications(people, outsider):
    for status in (S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED):
        build(people, status)
    assert visible(outsider) == set()
    with pytest.raises(NotFound):
        selectors.access_application(outsider, AccessApplication.objects.first().pk)
    assert selectors.todo(outsider).items == [] and selectors.todo(outsider).total == 0


def test_the_approval_office_does_not_see_drafts(people):
    draft = build(people, S.DRAFT)
    signed = build(people, S.SIGNED)
    withdrawn_draft = build(people, S.WITHDRAWN)
    submitted = build(people, S.SUBMITTED)
    under_review = build(people, S.UNDER_REVIEW)
    withdrawn_after_submission = build(people, S.SUBMITTED)
    svc.application_withdraw(actor=people.clerk, application=withdrawn_after_submission)

    seen = {submitted.pk, under_review.pk, withdrawn_after_submission.pk}
    for member in (people.office, *people.approvers):
        assert visible(member) == seen
        for hidden in (draft, signed, withdrawn_draft):
            with pytest.raises(NotFound):
                selectors.access_application(member, hidden.pk)
    # once signed and submitted, it appears
    svc.application_submit(actor=people.clerk, application=signed)
    assert selectors.access_application(people.office, signed.pk).status == S.SUBMITTED


def test_the_approver_cannot_decide_or_run_the_office_steps(people):
    app = ready_to_decide(people)
    member = people.approvers[0]
    with pytest.raises(Forbidden):
        decisions.application_decide(actor=member, application=app, outcome=S.APPROVED)
    with pytest.raises(Forbidden):
        svc.application_return(actor=member, application=app, reason="补正")
    submitted = build(people, S.SUBMITTED)
    with pytest.raises(Forbidden):
        svc.application_accept(actor=member, application=submitted)
    assert fresh(app).status == S.UNDER_REVIEW
    assert fresh(submitted).status == S.SUBMITTED


def test_the_department_cannot_run_the_office_steps(people):
    submitted = build(people, S.SUBMITTED)
    for actor in (people.clerk, people.head):
        with pytest.raises(Forbidden):
            svc.application_accept(actor=actor, application=submitted)
        with pytest.raises(Forbidden):
            svc.application_return(actor=actor, application=submitted, reason="补正")
    app = ready_to_decide(people)
    with pytest.raises(Forbidden):
        decisions.application_decide(actor=people.head, application=app, outcome=S.APPROVED)


def test_the_office_cannot_draft_sign_or_submit(people):
    draft = build(people, S.DRAFT)
    signed = build(people, S.SIGNED)
    with pytest.raises(Forbidden):
        svc.application_sign(actor=people.office, application=draft)
    with pytest.raises(Forbidden):
        svc.application_submit(actor=people.office, application=signed)
    with pytest.raises(Forbidden):
        svc.application_withdraw(actor=people.office, application=signed)
