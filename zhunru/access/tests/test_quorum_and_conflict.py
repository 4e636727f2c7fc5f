"""The joint meeting: a quorum of a majority of its members (or the configured number), members from the
applying department stand aside (回避), one opinion per member, and the votes go into the decision."""

from __future__ import annotations

import pytest

from zhunru.access import decisions
from zhunru.access import services as svc
from zhunru.access.models import Opinion, ProcedureSettings
from zhunru.access.models import Status as S
from zhunru.access.tests.states import build, fresh
from zhunru.accounts.roles import Role
from zhunru.conftest import make_user
from zhunru.core.errors import Conflict, Forbidden, InvalidTransition, ValidationFailed
from zhunru.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def approver3(district):
    return make_user("approver3", role=Role.APPROVER, department=district["xiling"], full_name="褚委员")


@pytest.fixture
def conflicted(district):
    """A joint-meeting member from the applying department (区卫生健康委员会)."""
    return make_user("approver_wj", role=Role.APPROVER, department=district["weijian"])


def agree(member, app, stance="agree"):
    return svc.opinion_give(actor=member, application=app, stance=stance, reasons="符合准入条件")


def decide(people, app, outcome=S.APPROVED):
    return decisions.application_decide(actor=people.office, application=app, outcome=outcome)


def test_the_default_quorum_is_a_majority_of_the_members(people, approver3):
    app = build(people, S.UNDER_REVIEW)
    t = decisions.tally(app)
    assert (t.members, t.eligible, t.required) == (3, 3, 2)

    agree(people.approvers[0], app)
    with pytest.raises(InvalidTransition) as caught:
        decide(people, app)
    assert "需 2 人，现有 1 人（有表决权成员 3 人）" in str(caught.value.message)
    assert fresh(app).status == S.UNDER_REVIEW

    agree(approver3, app)
    decision = decide(people, app)
    assert decision.content["votes"]["quorum"] == 2
    assert decision.content["votes"]["members"] == 3


def test_inactive_members_do_not_count(people, approver3):
    approver3.is_active = False
    approver3.save(update_fields=["is_active"])
    app = build(people, S.UNDER_REVIEW)
    assert decisions.tally(app).members == 2


def test_the_quorum_is_configurable(people, approver3):
    app = build(people, S.UNDER_REVIEW)
    svc.procedure_settings_update(actor=people.office, quorum=1)
    assert ProcedureSettings.objects.get().quorum == 1
    assert AuditEvent.objects.filter(event_type="procedure.settings").count() == 1
    agree(people.approvers[0], app)
    assert decide(people, app).content["votes"]["quorum"] == 1

    other = build(people, S.UNDER_REVIEW)
    svc.procedure_settings_update(actor=people.office, quorum=3)
    agree(people.approvers[0], other)
    agree(people.approvers[1], other)
    with pytest.raises(InvalidTransition):
        decide(people, other)
    agree(approver3, other)
    assert decide(people, other).content["votes"]["quorum"] == 3

    svc.procedure_settings_update(actor=people.office, quorum=0)  # back to a majority of the members
    assert decisions.tally(build(people, S.UNDER_REVIEW)).required == 2


def test_only_the_office_sets_the_quorum_within_limits(people):
    with pytest.raises(Forbidden):
        svc.procedure_settings_update(actor=people.approvers[0], quorum=1)
    with pytest.raises(ValidationFailed):
        svc.procedure_settings_update(actor=people.office, quorum=-1)
    with pytest.raises(ValidationFailed):
        svc.procedure_settings_update(actor=people.office, quorum=100)
    assert svc.procedure_settings().quorum == 0


def test_a_member_of_the_applying_department_cannot_give_an_opinion(people, conflicted):
    app = build(people, S.UNDER_REVIEW)
    with pytest.raises(Forbidden) as caught:
        agree(conflicted, app)
    assert "回避" in str(caught.value.message)
    assert not Opinion.objects.filter(reviewer=conflicted).exists()
    assert not AuditEvent.objects.filter(event_type="opinion.give").exists()

    t = decisions.tally(app)
    assert (t.members, t.eligible, t.required) == (3, 2, 2)  # a member still, but without a vote


def test_an_opinion_of_a_conflicted_member_is_not_counted(people, conflicted):
    """Even if one were on record (say, given before the member moved to the department)."""
    app = build(people, S.UNDER_REVIEW)
    Opinion.objects.create(application=app, reviewer=conflicted, stance="disagree", reasons="不同意")
    agree(people.approvers[0], app)
    t = decisions.tally(app)
    assert (t.cast, t.disagree) == (1, 0)
    with pytest.raises(InvalidTransition):  # one eligible vote of a quorum of two
        decide(people, app)
    agree(people.approvers[1], app)
    votes = decide(people, app).content["votes"]
    assert (votes["agree"], votes["disagree"]) == (2, 0)
    assert conflicted.username not in [v["member"] for v in votes["detail"]]


def test_each_member_gives_one_opinion_only(people):
    app = build(people, S.UNDER_REVIEW)
    first = agree(people.approvers[0], app)
    with pytest.raises(Conflict) as caught:
        agree(people.approvers[0], app, stance="disagree")
    assert type(caught.value) is Conflict
    assert caught.value.status == 409
    assert list(Opinion.objects.filter(application=app).values_list("pk", "stance")) == [(first.pk, "agree")]
    assert AuditEvent.objects.filter(event_type="opinion.give").count() == 1


def test_only_members_give_opinions(people):
    app = build(people, S.UNDER_REVIEW)
    for actor in (people.office, people.clerk, people.head):
        with pytest.raises(Forbidden):
            agree(actor, app)
    assert not Opinion.objects.exists()


@pytest.mark.parametrize("status", [S.ACCEPTED, S.SUBMITTED, S.APPROVED])
def test_opinions_only_during_review(people, status):
    app = build(people, status)
    before = Opinion.objects.count()
    with pytest.raises(InvalidTransition):
        agree(people.approvers[0], app)
    assert Opinion.objects.count() == before


def test_opinions_during_a_hearing_are_allowed(people):
    app = build(people, S.HEARING_SCHEDULED)
    agree(people.approvers[0], app)
    app = build(people, S.HEARING_HELD)
    agree(people.approvers[0], app)


def test_opinions_need_a_stance_reasons_and_conditions_when_conditional(people):
    app = build(people, S.UNDER_REVIEW)
    member = people.approvers[0]
    for kwargs, field in [
        ({"stance": "maybe", "reasons": "x"}, "stance"),
        ({"stance": "agree", "reasons": "  "}, "reasons"),
        ({"stance": "agree_with_conditions", "reasons": "x", "conditions": ""}, "conditions"),
    ]:
        with pytest.raises(ValidationFailed) as caught:
            svc.opinion_give(actor=member, application=app, **kwargs)
        assert caught.value.field == field
    assert not Opinion.objects.exists()


def test_the_votes_are_recorded_in_the_decision(people, approver3, conflicted):
    app = build(people, S.UNDER_REVIEW)
    a1, a2 = people.approvers
    agree(a1, app, "agree")
    svc.opinion_give(
        actor=a2, application=app, stance="agree_with_conditions", reasons="可以", conditions="按季度报告"
    )
    svc.opinion_give(actor=approver3, application=app, stance="disagree", reasons="工作量偏大")
    decision = decisions.application_decide(
        actor=people.office, application=app, outcome=S.APPROVED_WITH_CONDITIONS, conditions="按季度报告"
    )
    votes = decision.content["votes"]
    assert {k: v for k, v in votes.items() if k != "detail"} == {
        "members": 4,
        "eligible": 3,
        "quorum": 3,
        "agree": 1,
        "agree_with_conditions": 1,
        "disagree": 1,
    }
    assert votes["detail"] == [
        {"member": "approver1", "organization": "区民政局", "stance": "agree", "stance_label": "同意"},
        {
            "member": "孙委员",
            "organization": "东湖街道办事处",
            "stance": "agree_with_conditions",
            "stance_label": "附条件同意",
        },
        {
            "member": "褚委员",
            "organization": "西岭街道办事处",
            "stance": "disagree",
            "stance_label": "不同意",
        },
    ]
