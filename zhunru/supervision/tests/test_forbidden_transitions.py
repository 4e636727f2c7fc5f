"""What a case refuses: a transition from the wrong state (409), anyone but supervision (403), a
conclusion that does not hold together (400). A refused change leaves no trace."""

from __future__ import annotations

import pytest
from django.db import transaction

from zhunru.core.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from zhunru.core.models import AuditEvent
from zhunru.supervision import services
from zhunru.supervision.models import CaseFeedback, CaseStatusChange, SupervisionCase
from zhunru.supervision.models import CaseStatus as S
from zhunru.supervision.services import case_conclude, case_start_investigation, violation_report_file

pytestmark = pytest.mark.django_db

CONCLUDE = {"substantiated": True, "measures": ["rectify"], "conclusion": "属实，责令整改。"}


@pytest.fixture
def case(community_worker, make_notice, today):
    return violation_report_file(actor=community_worker, notice=make_notice()).case


def _trace() -> tuple[int, int, int]:
    return (
        CaseStatusChange.objects.count(),
        AuditEvent.objects.filter(event_type__startswith="supervision_case.").count(),
        CaseFeedback.objects.count(),
    )


def test_cannot_conclude_before_the_investigation_starts(case, supervisor):
    before = _trace()
    with pytest.raises(InvalidTransition) as exc:
        case_conclude(actor=supervisor, case=case, **CONCLUDE)
    assert "已受理" in str(exc.value.message) and "办结" in str(exc.value.message)
    assert SupervisionCase.objects.get(pk=case.pk).status == S.RECEIVED and _trace() == before


def test_cannot_start_twice(case, supervisor):
    case_start_investigation(actor=supervisor, case=case)
    with pytest.raises(InvalidTransition):
        case_start_investigation(actor=supervisor, case=case)


def test_nothing_after_conclusion(case, supervisor):
    case_start_investigation(actor=supervisor, case=case)
    case_conclude(actor=supervisor, case=case, **CONCLUDE)
    before = _trace()
    with pytest.raises(InvalidTransition):
        case_start_investigation(actor=supervisor, case=case)
    with pytest.raises(InvalidTransition):
        case_conclude(actor=supervisor, case=case, **CONCLUDE)
    assert _trace() == before


def test_only_supervision_moves_a_case(
    case,
    community_worker,
    applicant,
    dept_head,
    street_officer,
    approval_clerk,
    sysadmin,
    outsider,
    supervisor,
):
    people = (community_worker, applicant, dept_head, street_officer, approval_clerk, sysadmin, outsider)
    for user in people:
        with pytest.raises(Forbidden):
            case_start_investigation(actor=user, case=case)
    case_start_investigation(actor=supervisor, case=case)
    for user in people:
        with pytest.raises(Forbidden):
            case_conclude(actor=user, case=case, **CONCLUDE)
    assert SupervisionCase.objects.get(pk=case.pk).status == S.INVESTIGATING


def test_a_disabled_supervisor_cannot(case, supervisor):
    supervisor.is_active = False
    supervisor.save()
    with pytest.raises(Forbidden):
        case_start_investigation(actor=supervisor, case=case)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"substantiated": True, "measures": [], "conclusion": "属实。"}, "measures"),
        ({"substantiated": False, "measures": ["rectify"], "conclusion": "不属实。"}, "measures"),
        ({"substantiated": True, "measures": ["fine"], "conclusion": "属实。"}, "measures"),
        ({"substantiated": True, "measures": ["rectify"], "conclusion": "   "}, "conclusion"),
        ({"substantiated": True, "measures": ["rectify"], "conclusion": "长" * 5001}, "conclusion"),
        ({"substantiated": None, "measures": [], "conclusion": "？"}, "substantiated"),
        ({"substantiated": "yes", "measures": [], "conclusion": "？"}, "substantiated"),
    ],
)
def test_a_conclusion_must_hold_together(case, supervisor, values, field):
    case_start_investigation(actor=supervisor, case=case)
    before = _trace()
    with pytest.raises(ValidationFailed) as exc:
        case_conclude(actor=supervisor, case=case, **values)
    assert exc.value.field == field
    assert SupervisionCase.objects.get(pk=case.pk).status == S.INVESTIGATING and _trace() == before


def test_a_deleted_case_is_not_found(supervisor):
    ghost = SupervisionCase(pk=999999)
    with pytest.raises(NotFound):
        case_start_investigation(actor=supervisor, case=ghost)


def test_a_lost_race_is_a_conflict(case, supervisor):
    """The transition ends with an update conditional on status and version: a writer holding an old
    copy (another request changed the case meanwhile) gets a Conflict, not a second history row."""
    stale = SupervisionCase.objects.get(pk=case.pk)
    case_start_investigation(actor=supervisor, case=case)
    before = _trace()
    with pytest.raises(Conflict), transaction.atomic():
        services._move(stale, actor=supervisor, transition="start_investigation", to=S.INVESTIGATING)
    assert _trace() == before and SupervisionCase.objects.get(pk=case.pk).version == 2
