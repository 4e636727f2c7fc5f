"""Residents' satisfaction with a community's service providers: counts that fit, the 50 % line
(seed ⑤7: 群众满意率达不到50%的，依法解除物业服务合同), the street office's list of flagged providers."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.accounts.roles import Role
from zhunru.conftest import make_user
from zhunru.core.errors import Forbidden, NotFound, ValidationFailed
from zhunru.core.models import AuditEvent
from zhunru.evaluation import selectors, services
from zhunru.evaluation.models import ProviderSurvey
from zhunru.inbox.models import Notification

pytestmark = pytest.mark.django_db


def record(worker, **kw):
    values = {
        "provider_name": "东湖物业服务有限公司",
        "kind": "property",
        "year": 2025,
        "surveyed_on": dt.date(2025, 12, 20),
        "asked": 120,
        "satisfied": 50,
        "not_satisfied": 40,
    }
    values.update(kw)
    return services.provider_survey_record(actor=worker, **values)


@pytest.fixture
def xiling_worker(district):
    return make_user("xlworker", role=Role.COMMUNITY_WORKER, community=district["xiling_community"])


@pytest.fixture
def xiling_officer(district):
    return make_user("xlofficer", role=Role.STREET_OFFICER, department=district["xiling"])


def test_below_half_is_flagged_and_the_street_is_told(
    community_worker, street_officer, xiling_officer, today
):
    survey = record(community_worker)  # 50 of 120: 41.7 %
    assert survey.flagged and survey.rate_percent == "41.7%"
    assert survey.community == community_worker.community
    note = Notification.objects.get(user=street_officer)
    assert "东湖物业服务有限公司" in note.title and "41.7%" in note.title and "解除物业服务合同" in note.title
    assert not Notification.objects.filter(user=xiling_officer).exists()
    event = AuditEvent.objects.get(event_type="provider_survey.record")
    assert event.summary["flagged"] is True and event.actor_id == community_worker.pk


def test_exactly_half_is_not_flagged(community_worker, street_officer, today):
    survey = record(community_worker, asked=100, satisfied=50, not_satisfied=50)
    assert not survey.flagged and not Notification.objects.filter(user=street_officer).exists()


def test_other_providers_below_half_are_flagged_for_correction(community_worker, street_officer, today):
    survey = record(
        community_worker, provider_name="区供水公司", kind="utility", asked=10, satisfied=4, not_satisfied=0
    )
    assert survey.flagged
    assert "督促整改" in Notification.objects.get(user=street_officer).title


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"satisfied": 90, "not_satisfied": 40}, "satisfied", "之和不能超过参评人数（120）"),
        ({"asked": 0, "satisfied": 0, "not_satisfied": 0}, "asked", "参评人数应大于 0"),
        ({"asked": -5}, "asked", "参评人数"),
        ({"satisfied": "很多"}, "satisfied", "满意人数"),
        ({"provider_name": "  "}, "provider_name", "服务单位名称"),
        ({"kind": "bank"}, "kind", "类别"),
        ({"surveyed_on": dt.date(2026, 2, 1)}, "surveyed_on", "不能晚于今天"),
        ({"year": 2023}, "year", "测评年度"),
    ],
)
def test_bad_counts_are_refused(community_worker, today, values, field, message):
    with pytest.raises(ValidationFailed, match=message) as info:
        record(community_worker, **values)
    assert info.value.field == field
    assert (
        not ProviderSurvey.objects.exists()
        and not AuditEvent.objects.filter(event_type__startswith="provider").exists()
    )


def test_a_year_end_survey_in_january_counts_for_the_past_year(community_worker, today):
    assert record(community_worker, surveyed_on=dt.date(2026, 1, 5)).year == 2025


@pytest.mark.parametrize("persona", ["street_officer", "applicant", "approval_clerk", "supervisor"])
def test_only_community_workers_record(request, persona, today):
    with pytest.raises(Forbidden):
        record(request.getfixturevalue(persona))


def test_who_sees_which_surveys(
    community_worker, xiling_worker, street_officer, xiling_officer, approval_clerk, applicant, today
):
    donghu = record(community_worker)
    xiling = record(xiling_worker, provider_name="西岭物业", asked=10, satisfied=9, not_satisfied=1)
    assert list(selectors.visible_surveys(community_worker)) == [donghu]
    assert list(selectors.visible_surveys(street_officer)) == [donghu]
    assert list(selectors.visible_surveys(xiling_officer)) == [xiling]
    assert set(selectors.visible_surveys(approval_clerk)) == {donghu, xiling}
    assert not selectors.visible_surveys(applicant).exists()
    flagged, _f = selectors.filtered_surveys(approval_clerk, {"flagged": "1"})
    assert list(flagged) == [donghu]
    with pytest.raises(NotFound):
        selectors.access_survey(xiling_officer, donghu.pk)


def test_a_community_deletes_its_own_mistake_only(community_worker, xiling_worker, today):
    survey = record(community_worker)
    with pytest.raises(NotFound):
        services.provider_survey_delete(actor=xiling_worker, survey=survey)
    services.provider_survey_delete(actor=community_worker, survey=survey)
    assert not ProviderSurvey.objects.exists()
    assert AuditEvent.objects.filter(
        event_type="provider_survey.delete", actor_id=community_worker.pk
    ).exists()
