"""Every transition from a state that does not allow it, every role that may not act, and bad answers:
refused with a Chinese message, nothing written."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.core.errors import Conflict, Forbidden, InvalidTransition, ValidationFailed
from zhunru.core.models import AuditEvent
from zhunru.evaluation import services
from zhunru.evaluation.models import DepartmentReply, EvaluationAnswer, EvaluationRound, RoundStatus

from .conftest import rate

pytestmark = pytest.mark.django_db


def test_one_round_a_year(round_2025, approval_clerk):
    with pytest.raises(Conflict, match="2025 年度评议已经开启过"):
        services.round_open(actor=approval_clerk, year=2025)
    assert EvaluationRound.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"year": 2027}, "year"),
        ({"year": 1999}, "year"),
        ({"year": "二〇二五"}, "year"),
        ({"year": 2025, "due_on": dt.date(2026, 1, 11)}, "due_on"),
        ({"year": 2025, "note": "x" * 2001}, "note"),
    ],
)
def test_bad_round_input(approval_clerk, today, values, field):
    with pytest.raises(ValidationFailed) as info:
        services.round_open(actor=approval_clerk, **values)
    assert info.value.field == field
    assert (
        not EvaluationRound.objects.exists()
        and not AuditEvent.objects.filter(event_type__startswith="evaluation").exists()
    )


@pytest.mark.parametrize(
    "persona",
    ["community_worker", "applicant", "dept_head", "street_officer", "supervisor", "sysadmin", "outsider"],
)
def test_only_the_office_opens(request, persona, today):
    with pytest.raises(Forbidden):
        services.round_open(actor=request.getfixturevalue(persona), year=2025)
    assert not EvaluationRound.objects.exists()


def test_transitions_from_the_wrong_state(round_2025, approval_clerk, approval_head):
    with pytest.raises(InvalidTransition, match="答卷中"):
        services.round_publish(actor=approval_head, round=round_2025)
    with pytest.raises(InvalidTransition):
        services.round_reopen(actor=approval_clerk, round=round_2025)
    services.round_close(actor=approval_clerk, round=round_2025)
    with pytest.raises(InvalidTransition):
        services.round_close(actor=approval_clerk, round=round_2025)
    services.round_publish(actor=approval_head, round=round_2025)
    for service in (services.round_close, services.round_reopen):
        with pytest.raises(InvalidTransition, match="已公布"):
            service(actor=approval_clerk, round=round_2025)
    with pytest.raises(InvalidTransition):
        services.round_publish(actor=approval_head, round=round_2025)
    round_2025.refresh_from_db()
    assert round_2025.status == RoundStatus.PUBLISHED and round_2025.history.count() == 3


def test_only_the_head_of_the_office_publishes(round_2025, approval_clerk, dept_head, supervisor):
    services.round_close(actor=approval_clerk, round=round_2025)
    for actor in (approval_clerk, dept_head, supervisor):
        with pytest.raises(Forbidden):
            services.round_publish(actor=actor, round=round_2025)
    round_2025.refresh_from_db()
    assert round_2025.status == RoundStatus.CLOSED


@pytest.mark.parametrize("persona", ["community_worker", "dept_head", "street_officer", "supervisor"])
def test_only_the_office_closes(request, round_2025, persona):
    with pytest.raises(Forbidden):
        services.round_close(actor=request.getfixturevalue(persona), round=round_2025)


def test_a_stale_copy_loses_the_race(round_2025, approval_clerk):
    stale = EvaluationRound.objects.get(pk=round_2025.pk)
    services.round_close(actor=approval_clerk, round=round_2025)
    services.round_reopen(actor=approval_clerk, round=round_2025)
    # the stale copy still says "open" with version 1, the row is open with version 3: refused as a conflict
    from django.db import transaction

    from zhunru.evaluation.services import _move

    with pytest.raises(Conflict), transaction.atomic():
        _move(stale, actor=approval_clerk, transition="close", to=RoundStatus.CLOSED)


# ---------------------------------------------------------------- answers


@pytest.mark.parametrize(
    ("scores", "field"),
    [
        ({"promptness": 0}, "promptness"),
        ({"money": 6}, "money"),
        ({"burden": -1}, "burden"),
        ({"attitude": "五"}, "attitude"),
        ({"attitude": 4.5}, "attitude"),
        ({"promptness": None}, "promptness"),
        ({"money": True}, "money"),
    ],
)
def test_scores_outside_one_to_five_are_refused(
    round_2025, community_worker, minzheng_matter, district, scores, field
):
    values = {"promptness": 4, "money": 4, "burden": 4, "attitude": 4, **scores}
    with pytest.raises(ValidationFailed, match="1–5") as info:
        services.answer_submit(
            actor=community_worker, round=round_2025, department=district["minzheng"], **values
        )
    assert info.value.field == field
    assert not EvaluationAnswer.objects.exists()


def test_a_missing_score_names_its_criterion(round_2025, community_worker, minzheng_matter, district):
    with pytest.raises(ValidationFailed, match="经费落实到位") as info:
        services.answer_submit(
            actor=community_worker,
            round=round_2025,
            department=district["minzheng"],
            promptness=3,
            burden=3,
            attitude=3,
        )
    assert info.value.field == "money"


def test_rating_a_department_twice_replaces_the_answer(
    round_2025, community_worker, minzheng_matter, district
):
    first = rate(community_worker, round_2025, district["minzheng"], (2, 2, 2, 2), comment="经费没到")
    second = rate(community_worker, round_2025, district["minzheng"], (4, 5, 4, 4), comment="经费已到")
    assert first.pk == second.pk and EvaluationAnswer.objects.count() == 1
    answer = EvaluationAnswer.objects.get()
    assert (answer.promptness, answer.money, answer.comment) == (4, 5, "经费已到")
    assert list(
        AuditEvent.objects.filter(event_type__startswith="evaluation_answer.")
        .order_by("seq")
        .values_list("event_type", flat=True)
    ) == ["evaluation_answer.submit", "evaluation_answer.update"]


def test_no_answer_once_closed(round_2025, community_worker, minzheng_matter, district, approval_clerk):
    rate(community_worker, round_2025, district["minzheng"], (3, 3, 3, 3))
    services.round_close(actor=approval_clerk, round=round_2025)
    with pytest.raises(InvalidTransition, match="已截止"):
        rate(community_worker, round_2025, district["minzheng"], (5, 5, 5, 5))
    assert EvaluationAnswer.objects.get().promptness == 3


def test_only_departments_that_sent_work_are_rated(round_2025, community_worker, district):
    with pytest.raises(ValidationFailed, match="区卫生健康委员会 在 2025 年没有向本社区派过工作"):
        rate(community_worker, round_2025, district["weijian"], (1, 1, 1, 1))
    assert not EvaluationAnswer.objects.exists()


@pytest.mark.parametrize(
    "persona", ["applicant", "dept_head", "street_officer", "approval_clerk", "supervisor"]
)
def test_only_community_workers_answer(request, round_2025, minzheng_matter, district, persona):
    with pytest.raises(Forbidden):
        rate(request.getfixturevalue(persona), round_2025, district["minzheng"], (3, 3, 3, 3))


def test_a_comment_has_a_limit(round_2025, community_worker, minzheng_matter, district):
    with pytest.raises(ValidationFailed) as info:
        rate(community_worker, round_2025, district["minzheng"], (3, 3, 3, 3), comment="长" * 2001)
    assert info.value.field == "comment"


# ---------------------------------------------------------------- replies


def test_no_reply_while_open(answered, minzheng_head):
    with pytest.raises(InvalidTransition, match="评议截止后才能回应"):
        services.reply_write(actor=minzheng_head, round=answered, text="回应")
    assert not DepartmentReply.objects.exists()


def test_reply_rules(closed, minzheng_head, applicant, approval_clerk, district):
    with pytest.raises(Forbidden):  # the clerk of the department is not its head
        services.reply_write(actor=applicant, round=closed, text="回应")
    with pytest.raises(Forbidden):
        services.reply_write(actor=approval_clerk, round=closed, text="回应")
    with pytest.raises(ValidationFailed) as info:
        services.reply_write(actor=minzheng_head, round=closed, text="   ")
    assert info.value.field == "text"
    with pytest.raises(ValidationFailed):
        services.reply_write(actor=minzheng_head, round=closed, text="长" * 3001)
    assert not DepartmentReply.objects.exists()


def test_a_department_without_answers_has_nothing_to_reply_to(closed, district):
    from zhunru.accounts.roles import Role
    from zhunru.conftest import make_user

    head = make_user("rshead", role=Role.DEPT_HEAD, department=district["xiling"])
    with pytest.raises(ValidationFailed, match="没有答卷"):
        services.reply_write(actor=head, round=closed, text="回应")
