"""The guards of the procedure: who may sign, what a complete application is, the 30-working-day lead,
returns, hearings, and what a decision needs (quorum, majority, reasons, conditions, money)."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.access import decisions
from zhunru.access import services as svc
from zhunru.access.models import Decision, Hearing, Opinion, StatusChange
from zhunru.access.models import Status as S
from zhunru.access.tests.states import FORM, TODAY, build, create, fresh, ready_to_decide
from zhunru.accounts.roles import Role
from zhunru.accounts.services import role_grant
from zhunru.catalog.models import Matter
from zhunru.conftest import make_user
from zhunru.core.errors import Forbidden, InvalidTransition, ValidationFailed
from zhunru.core.models import AuditEvent
from zhunru.core.workdays import add_working_days

pytestmark = pytest.mark.django_db


def unchanged(app, status: str) -> None:
    app = fresh(app)
    assert app.status == status
    assert app.history.count() == app.version  # no transition beyond those already made


# ------------------------------------------------------------------ signing


def test_nobody_signs_their_own_draft(people, district):
    both = make_user("clerkhead", role=Role.DEPT_HEAD, department=district["weijian"])
    role_grant(actor=None, user=both, role=Role.DEPT_CLERK)  # drafts as a clerk, signs as a head
    app = svc.application_create(actor=both, data=FORM)
    with pytest.raises(Forbidden) as caught:
        svc.application_sign(actor=both, application=app)
    assert "自己起草" in str(caught.value.message)
    unchanged(app, S.DRAFT)
    svc.application_sign(actor=people.head, application=app)  # another head may
    assert fresh(app).status == S.SIGNED


@pytest.mark.parametrize("who", ["clerk", "office", "approver"])
def test_only_a_department_head_signs(people, who):
    app = create(people)
    actor = {"clerk": people.clerk, "office": people.office, "approver": people.approvers[0]}[who]
    with pytest.raises(Forbidden):
        svc.application_sign(actor=actor, application=app)
    unchanged(app, S.DRAFT)


def test_the_no_assessment_declaration_is_required(people):
    app = create(people, no_assessment_declared=False)
    with pytest.raises(ValidationFailed) as caught:
        svc.application_sign(actor=people.head, application=app)
    assert caught.value.field == "no_assessment_declared"
    assert "考核" in str(caught.value.message)
    unchanged(app, S.DRAFT)


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("community_tasks", "社区需承担的工作"),
        ("basis", "法律政策依据"),
        ("contact_name", "联系人"),
        ("contact_phone", "联系电话"),
    ],
)
def test_an_incomplete_application_cannot_be_signed(people, field, label):
    app = create(people, **{field: ""})
    with pytest.raises(ValidationFailed) as caught:
        svc.application_sign(actor=people.head, application=app)
    assert caught.value.field == field
    assert label in str(caught.value.message)
    unchanged(app, S.DRAFT)


@pytest.mark.parametrize("field", ["matter_name", "start_date"])
def test_a_draft_needs_at_least_a_name_and_a_start_date(people, field):
    with pytest.raises(ValidationFailed) as caught:
        create(people, **{field: ""})
    assert caught.value.field == field
    assert not StatusChange.objects.exists()


def test_the_end_date_cannot_precede_the_start(people):
    app = create(people, end_date="2026-05-01")
    with pytest.raises(ValidationFailed) as caught:
        svc.application_sign(actor=people.head, application=app)
    assert caught.value.field == "end_date"


@pytest.mark.parametrize("kind", ["report", "ledger"])
def test_reports_and_ledgers_must_list_their_data_fields(people, kind):
    app = create(people, kind=kind)
    with pytest.raises(ValidationFailed) as caught:
        svc.application_sign(actor=people.head, application=app)
    assert caught.value.field == "data_fields"
    unchanged(app, S.DRAFT)

    listed = create(people, kind=kind, data_fields="姓名；身份证号，联系电话")
    assert listed.data_fields == ["姓名", "身份证号", "联系电话"]
    svc.application_sign(actor=people.head, application=listed)
    assert fresh(listed).status == S.SIGNED


@pytest.mark.parametrize(
    ("scope_kind", "areas", "message"),
    [
        ("streets", ["990101001001"], "层级不符"),  # a community where streets are asked for
        ("communities", ["990101001000"], "层级不符"),  # a street where communities are asked for
        ("streets", [], "请选择"),
        ("all", ["990101001000"], "不应选择"),
    ],
)
def test_the_scope_areas_must_match_the_scope_level(people, scope_kind, areas, message):
    app = create(people, scope_kind=scope_kind, scope_areas=areas)
    with pytest.raises(ValidationFailed) as caught:
        svc.application_sign(actor=people.head, application=app)
    assert caught.value.field == "scope_areas"
    assert message in str(caught.value.message)
    unchanged(app, S.DRAFT)


@pytest.mark.parametrize(
    ("scope_kind", "areas"),
    [("streets", ["990101001000"]), ("communities", ["990101001001", "990101002001"])],
)
def test_matching_scope_areas_are_accepted(people, scope_kind, areas):
    app = create(people, scope_kind=scope_kind, scope_areas=areas)
    svc.application_sign(actor=people.head, application=app)
    assert sorted(fresh(app).scope_areas.values_list("code", flat=True)) == sorted(areas)


def test_an_unknown_area_code_is_refused(people):
    with pytest.raises(ValidationFailed) as caught:
        create(people, scope_kind="communities", scope_areas=["990199999999"])
    assert "990199999999" in str(caught.value.message)


# ------------------------------------------------------------------ submission


def test_a_start_date_closer_than_30_working_days_is_refused(people):
    earliest = add_working_days(TODAY, 30)
    app = create(people, start_date=(earliest - dt.timedelta(days=1)).isoformat())
    svc.application_sign(actor=people.head, application=app)
    with pytest.raises(ValidationFailed) as caught:
        svc.application_submit(actor=people.clerk, application=app)
    assert caught.value.field == "start_date"
    assert earliest.isoformat() in str(caught.value.message)
    assert "30" in str(caught.value.message)
    unchanged(app, S.SIGNED)

    on_time = create(people, start_date=earliest.isoformat())
    svc.application_sign(actor=people.head, application=on_time)
    svc.application_submit(actor=people.clerk, application=on_time)
    assert fresh(on_time).status == S.SUBMITTED


def test_the_lead_time_follows_the_procedure_settings(people):
    svc.procedure_settings_update(actor=people.office, submit_lead_days=10)
    soon = add_working_days(TODAY, 10)
    app = create(people, start_date=soon.isoformat())
    svc.application_sign(actor=people.head, application=app)
    svc.application_submit(actor=people.clerk, application=app)
    assert fresh(app).status == S.SUBMITTED


# ------------------------------------------------------------------ the office


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_return_needs_a_reason(people, reason):
    app = build(people, S.SUBMITTED)
    with pytest.raises(ValidationFailed) as caught:
        svc.application_return(actor=people.office, application=app, reason=reason)
    assert caught.value.field == "reason"
    unchanged(app, S.SUBMITTED)


def test_a_hearing_within_the_notice_period_is_refused(people):
    app = build(people, S.UNDER_REVIEW)
    earliest = TODAY + dt.timedelta(days=10)
    args = {"place": "会议室", "participants": "社区代表", "agenda": "议程"}
    with pytest.raises(ValidationFailed) as caught:
        svc.application_schedule_hearing(
            actor=people.office, application=app, scheduled_on=earliest - dt.timedelta(days=1), **args
        )
    assert caught.value.field == "scheduled_on"
    assert earliest.isoformat() in str(caught.value.message)
    with pytest.raises(ValidationFailed) as caught:  # nor may the notice period be shortened
        svc.application_schedule_hearing(
            actor=people.office, application=app, scheduled_on=earliest, notice_days=5, **args
        )
    assert caught.value.field == "notice_days"
    assert not Hearing.objects.exists()
    unchanged(app, S.UNDER_REVIEW)

    hearing = svc.application_schedule_hearing(
        actor=people.office, application=app, scheduled_on=earliest, **args
    )
    assert hearing.notice_days == 10
    assert fresh(app).status == S.HEARING_SCHEDULED


def test_a_hearing_is_recorded_only_once_held(people):
    app = build(people, S.HEARING_SCHEDULED)
    hearing = fresh(app).hearings.get()
    with pytest.raises(ValidationFailed):  # still today, before the hearing date
        svc.application_record_hearing(
            actor=people.office, application=app, held_on=TODAY, minutes="记录", outcome="结论"
        )
    unchanged(app, S.HEARING_SCHEDULED)
    assert fresh(app).hearings.get().held_on is None
    assert hearing.scheduled_on > TODAY


# ------------------------------------------------------------------ the decision


def _no_decision(app, status=S.UNDER_REVIEW):
    unchanged(app, status)
    assert not Decision.objects.exists()
    assert not Matter.objects.exists()
    assert not AuditEvent.objects.filter(event_type="decision.issue").exists()


def test_no_decision_without_quorum(people):
    app = build(people, S.UNDER_REVIEW)
    svc.opinion_give(actor=people.approvers[0], application=app, stance="agree", reasons="同意")
    with pytest.raises(InvalidTransition) as caught:
        decisions.application_decide(actor=people.office, application=app, outcome=S.APPROVED)
    assert "法定人数" in str(caught.value.message)
    assert "需 2 人，现有 1 人" in str(caught.value.message)
    _no_decision(app)


@pytest.mark.parametrize(
    ("stances", "outcome"),
    [
        (["agree", "agree"], S.REJECTED),
        (["agree_with_conditions", "agree"], S.REJECTED),
        (["disagree", "disagree"], S.APPROVED),
        (["disagree", "disagree"], S.APPROVED_WITH_CONDITIONS),
        (["agree", "disagree"], S.APPROVED),  # a tie is no majority for
    ],
)
def test_the_decision_must_follow_the_majority(people, stances, outcome):
    app = build(people, S.UNDER_REVIEW)
    for member, stance in zip(people.approvers, stances, strict=True):
        svc.opinion_give(actor=member, application=app, stance=stance, reasons="理由", conditions="条件")
    with pytest.raises(InvalidTransition) as caught:
        decisions.application_decide(
            actor=people.office, application=app, outcome=outcome, reasons="理由", conditions="条件"
        )
    assert "多数意见" in str(caught.value.message)
    _no_decision(app)


@pytest.mark.parametrize("reasons", ["", "  "])
def test_a_rejection_needs_reasons(people, reasons):
    app = ready_to_decide(people, Opinion.Stance.DISAGREE)
    with pytest.raises(ValidationFailed) as caught:
        decisions.application_decide(
            actor=people.office, application=app, outcome=S.REJECTED, reasons=reasons
        )
    assert caught.value.field == "reasons"
    _no_decision(app)


def test_an_approval_with_conditions_needs_the_conditions(people):
    app = ready_to_decide(people, Opinion.Stance.AGREE_WITH_CONDITIONS)
    with pytest.raises(ValidationFailed) as caught:
        decisions.application_decide(
            actor=people.office, application=app, outcome=S.APPROVED_WITH_CONDITIONS, conditions=" "
        )
    assert caught.value.field == "conditions"
    _no_decision(app)

    decision = decisions.application_decide(
        actor=people.office,
        application=app,
        outcome=S.APPROVED_WITH_CONDITIONS,
        conditions="每半年报告一次实施情况\n不得增加社区报表",
    )
    assert decision.content["conditions"][-2:] == ["每半年报告一次实施情况", "不得增加社区报表"]


def test_approving_unfunded_work_needs_a_written_justification(people):
    app = ready_to_decide(people, workload_hours="4", money_per_community_year="0", money_source="")
    assert app.unfunded
    with pytest.raises(ValidationFailed) as caught:
        decisions.application_decide(actor=people.office, application=app, outcome=S.APPROVED)
    assert caught.value.field == "unfunded_justification"
    assert "费随事转" in str(caught.value.message)
    _no_decision(app)
    assert fresh(app).unfunded_justification == ""

    why = "本年度预算已编制完毕，下一年度起安排经费。"
    decision = decisions.application_decide(
        actor=people.office, application=app, outcome=S.APPROVED, unfunded_justification=f"  {why} "
    )
    assert decision.content["unfunded_justification"] == why
    assert fresh(app).unfunded_justification == why
    assert fresh(app).status == S.APPROVED


def test_rejecting_unfunded_work_or_approving_funded_work_needs_no_justification(people):
    unfunded = ready_to_decide(people, Opinion.Stance.DISAGREE, money_per_community_year="0")
    rejected = decisions.application_decide(
        actor=people.office, application=unfunded, outcome=S.REJECTED, reasons="未安排经费"
    )
    assert rejected.content["unfunded_justification"] == ""

    funded = ready_to_decide(people)
    approved = decisions.application_decide(actor=people.office, application=funded, outcome=S.APPROVED)
    assert approved.content["unfunded_justification"] == ""

    no_work = ready_to_decide(people, workload_hours="0", money_per_community_year="0")
    assert not no_work.unfunded
    decisions.application_decide(actor=people.office, application=no_work, outcome=S.APPROVED)


def test_nothing_is_decided_before_the_review(people):
    app = build(people, S.ACCEPTED)
    with pytest.raises(InvalidTransition):
        svc.opinion_give(actor=people.approvers[0], application=app, stance="agree", reasons="同意")
    with pytest.raises(InvalidTransition):
        decisions.application_decide(actor=people.office, application=app, outcome=S.APPROVED)
    _no_decision(app, S.ACCEPTED)


def test_an_application_returned_during_review_cannot_be_withdrawn(people):
    """Withdrawal is possible only until acceptance; a return during review does not reopen it."""
    app = build(people, S.UNDER_REVIEW)
    svc.application_return(actor=people.office, application=app, reason="请补充经费来源")
    with pytest.raises(InvalidTransition) as caught:
        svc.application_withdraw(actor=people.clerk, application=fresh(app))
    assert "不能撤回" in str(caught.value.message)
    assert fresh(app).status == S.RETURNED
    svc.application_resubmit(actor=people.clerk, application=fresh(app))
    assert fresh(app).status == S.UNDER_REVIEW
