"""A case moves received → investigating → concluded, by supervision only: one status-history row and
one audit event per change, the dates and the findings stored with it."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.core.models import AuditEvent
from zhunru.supervision import workflow
from zhunru.supervision.models import CaseStatus as S
from zhunru.supervision.selectors import case_actions
from zhunru.supervision.services import case_conclude, case_start_investigation, violation_report_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(community_worker, make_notice, today):
    return violation_report_file(actor=community_worker, notice=make_notice()).case


def test_the_table(supervisor):
    assert workflow.CASE_TRANSITIONS["start_investigation"].sources == {S.RECEIVED}
    assert workflow.CASE_TRANSITIONS["start_investigation"].targets == {S.INVESTIGATING}
    assert workflow.CASE_TRANSITIONS["conclude"].sources == {S.INVESTIGATING}
    assert workflow.CASE_TRANSITIONS["conclude"].targets == {S.CONCLUDED}


def test_start_investigation(case, supervisor, today):
    assert case_actions(supervisor, case) == ["start_investigation"]
    today(dt.date(2026, 3, 4))
    case = case_start_investigation(actor=supervisor, case=case)
    assert case.status == S.INVESTIGATING and case.started_on == dt.date(2026, 3, 4) and case.version == 2
    last = case.history.last()
    assert (last.transition, last.from_status, last.to_status, last.actor) == (
        "start_investigation",
        S.RECEIVED,
        S.INVESTIGATING,
        supervisor,
    )
    [event] = AuditEvent.objects.filter(event_type="supervision_case.start_investigation")
    assert event.actor_id == supervisor.pk and event.summary["to"] == S.INVESTIGATING
    assert case_actions(supervisor, case) == ["conclude"]


def test_conclude_substantiated_with_measures(case, supervisor, today):
    case_start_investigation(actor=supervisor, case=case)
    today(dt.date(2026, 3, 20))
    case = case_conclude(
        actor=supervisor,
        case=case,
        substantiated=True,
        measures=["rectify", "interview", "rectify"],
        conclusion="区卫生健康委员会未经准入向社区派发台账任务，责令整改并约谈分管负责人。",
    )
    assert case.status == S.CONCLUDED and case.substantiated is True
    assert case.measures == ["rectify", "interview"]  # each once, in the order given
    assert case.measure_labels == ["责令整改", "约谈"]
    assert case.concluded_on == dt.date(2026, 3, 20) and case.concluded_by == supervisor
    assert [h.to_status for h in case.history.all()] == [S.RECEIVED, S.INVESTIGATING, S.CONCLUDED]
    assert AuditEvent.objects.filter(event_type="supervision_case.conclude").count() == 1
    assert case_actions(supervisor, case) == []


def test_conclude_not_substantiated(case, supervisor, today):
    case_start_investigation(actor=supervisor, case=case)
    case = case_conclude(
        actor=supervisor, case=case, substantiated=False, measures=[], conclusion="经核查不属实。"
    )
    assert case.substantiated is False and case.measures == [] and case.history.last().note == "不属实"


def test_all_four_measures(case, supervisor, today):
    case_start_investigation(actor=supervisor, case=case)
    case = case_conclude(
        actor=supervisor,
        case=case,
        substantiated=True,
        measures=["rectify", "circulate", "interview", "accountability"],
        conclusion="属实。",
    )
    assert case.measure_labels == ["责令整改", "通报", "约谈", "问责"]
