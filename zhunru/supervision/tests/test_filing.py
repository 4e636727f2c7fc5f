"""Filing a violation report (违规举报): only a worker of the community that received the demand, only
for a demand judged negative-list or unapproved, once per demand; the evidence is frozen; supervision
is told; the filing is audited."""

from __future__ import annotations

import pytest

from zhunru.accounts.roles import Role
from zhunru.conftest import make_user
from zhunru.core.errors import Conflict, Forbidden, ValidationFailed
from zhunru.core.models import AuditEvent
from zhunru.inbox.models import Notification
from zhunru.supervision.models import CaseStatus, SupervisionCase, ViolationReport
from zhunru.supervision.services import violation_report_file

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("verdict", ["unapproved", "negative"])
def test_a_community_worker_reports_a_negative_or_unapproved_demand(
    community_worker, supervisor, make_notice, district, today, verdict
):
    notice = make_notice(verdict=verdict)
    report = violation_report_file(actor=community_worker, notice=notice)

    assert report.reference == "JB2026-0001"
    assert report.notice == notice and report.community == district["donghu_community"]
    assert report.department == district["weijian"] and report.matter is None
    assert report.reported_by == community_worker and report.reported_on.isoformat() == "2026-03-02"
    case = report.case
    assert case.status == CaseStatus.RECEIVED and case.number == "示范区监督〔2026〕1号"
    assert case.department == district["weijian"]
    assert [(h.from_status, h.to_status) for h in case.history.all()] == [("", CaseStatus.RECEIVED)]
    [note] = Notification.objects.filter(user=supervisor)
    assert report.reference in note.title and case.number in note.title
    assert note.link == f"/supervision/cases/{case.pk}/"
    [event] = AuditEvent.objects.filter(event_type="violation_report.file")
    assert event.actor_id == community_worker.pk and event.summary["reference"] == report.reference


def test_the_evidence_is_a_snapshot_of_the_demand(community_worker, make_notice, negative_matter, today):
    notice = make_notice(
        verdict="negative",
        matter=negative_matter,
        matter_code=negative_matter.code,
        attachment="notices/2026/03/通知截图.png",
    )
    report = violation_report_file(actor=community_worker, notice=notice)
    notice.text = "事后改过的内容"
    notice.save()

    report.refresh_from_db()
    assert report.evidence == {
        "text": "请各社区于本周五前上报辖区内老年人体检台账，逐户入户核实。",
        "received_on": "2026-03-02",
        "department_text": "区卫健委",
        "verdict": "negative",
        "verdict_label": "负面清单",
        "reason": "未在社区工作事项清单中找到对应事项，也没有准入决定。",
        "matter_code": "FM-TEST-01",
        "matter_name": "要求社区开具居住证明",
        "attachment": "通知截图.png",
        "deadline": "",
    }
    assert report.matter == negative_matter


@pytest.mark.parametrize("verdict", ["duty", "assist", "admitted"])
def test_an_allowed_demand_cannot_be_reported(community_worker, make_notice, today, verdict):
    notice = make_notice(verdict=verdict)
    with pytest.raises(ValidationFailed) as exc:
        violation_report_file(actor=community_worker, notice=notice)
    assert "负面清单" in str(exc.value.message) and "未经准入" in str(exc.value.message)
    assert not ViolationReport.objects.exists() and not SupervisionCase.objects.exists()


def test_only_a_worker_of_the_receiving_community(community_worker, huayuan_worker, make_notice, today):
    notice = make_notice()  # received by 东湖社区
    with pytest.raises(Forbidden) as exc:
        violation_report_file(actor=huayuan_worker, notice=notice)
    assert "本社区" in str(exc.value.message)
    assert not ViolationReport.objects.exists()


def test_other_roles_cannot_report(
    applicant, dept_head, street_officer, supervisor, approval_clerk, outsider, make_notice, today
):
    notice = make_notice()
    for user in (applicant, dept_head, street_officer, supervisor, approval_clerk, outsider):
        with pytest.raises(Forbidden):
            violation_report_file(actor=user, notice=notice)
    with pytest.raises(Forbidden):
        violation_report_file(actor=None, notice=notice)  # a report needs a person who makes it
    assert not ViolationReport.objects.exists()


def test_a_disabled_worker_cannot_report(community_worker, make_notice, today):
    community_worker.is_active = False
    community_worker.save()
    with pytest.raises(Forbidden):
        violation_report_file(actor=community_worker, notice=make_notice())


def test_a_demand_is_reported_once(community_worker, district, make_notice, today):
    colleague = make_user("worker2", role=Role.COMMUNITY_WORKER, community=district["donghu_community"])
    notice = make_notice()
    first = violation_report_file(actor=community_worker, notice=notice)
    for user in (community_worker, colleague):
        with pytest.raises(Conflict) as exc:
            violation_report_file(actor=user, notice=notice)
        assert first.reference in str(exc.value.message)
    assert ViolationReport.objects.count() == 1
    assert AuditEvent.objects.filter(event_type="violation_report.file").count() == 1


def test_a_demand_from_an_unknown_source_can_be_reported(community_worker, make_notice, today):
    notice = make_notice(department=False, department_text="某某办公室")  # False: leave it empty
    report = violation_report_file(actor=community_worker, notice=notice)
    assert report.department is None
    assert report.case.department is None and report.case.subject == "某某办公室"
