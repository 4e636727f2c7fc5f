"""Reporting to supervision: `notice_report` hands the notice to
`zhunru.supervision.services.violation_report_file` and keeps its reference; the one button 拒绝并举报
refuses and reports, both or neither; only what is not admitted is reported, once."""

from __future__ import annotations

import pytest

from zhunru.core.errors import InvalidTransition, ValidationFailed
from zhunru.core.models import AuditEvent
from zhunru.gateway import selectors, services
from zhunru.gateway.models import TaskNotice
from zhunru.supervision.models import RetaliationFlag, ViolationReport

pytestmark = pytest.mark.django_db

ENFORCEMENT = "区城管局通知：请社区派人上街查处占道经营，拆除违法建设。"
CHECKUP = "【区卫健委】请社区通知辖区65岁以上老年人到社区卫生服务中心参加年度免费健康体检。"


@pytest.fixture
def filed(monkeypatch):
    """The calls reaching the supervision app's `violation_report_file` (the real one runs); a notice whose
    text ends with FAIL makes it refuse, to show that refuse + report is both or neither."""
    from zhunru.supervision import services as supervision

    calls = []
    real = supervision.violation_report_file

    def spy(*, actor, notice):
        if notice.text.endswith("FAIL"):
            raise ValidationFailed("监督机构拒收")
        calls.append((actor, notice.pk))
        return real(actor=actor, notice=notice)

    monkeypatch.setattr(supervision, "violation_report_file", spy)
    return calls


def reference_of(notice: TaskNotice) -> str:
    return ViolationReport.objects.get(notice=notice).reference


def test_refuse_and_report_in_one_click(catalog, community_worker, today, filed):
    notice = services.notice_register(actor=community_worker, text=ENFORCEMENT)
    done = services.notice_refuse_and_report(actor=community_worker, notice=notice)
    assert done.action == TaskNotice.Action.REFUSED and done.refusal["number"]
    assert done.reported_at is not None and done.report_reference == reference_of(notice)
    assert filed == [(community_worker, notice.pk)]
    assert AuditEvent.objects.filter(event_type="gateway.notice.report", object_id=str(notice.pk)).exists()
    with pytest.raises(InvalidTransition):
        services.notice_report(actor=community_worker, notice=done)
    assert selectors.report_state(done).startswith("已举报 " + reference_of(notice))


def test_report_after_refusing(catalog, community_worker, today, filed):
    notice = services.notice_register(actor=community_worker, text=ENFORCEMENT)
    services.notice_refuse(actor=community_worker, notice=notice)
    notice.refresh_from_db()
    assert selectors.notice_actions(community_worker, notice) == ["report"]
    reported = services.notice_report(actor=community_worker, notice=notice)
    assert reported.report_reference == reference_of(notice)
    assert selectors.notice_actions(community_worker, reported) == []


def test_a_failed_report_leaves_the_notice_unrefused(catalog, community_worker, today, filed):
    notice = services.notice_register(actor=community_worker, text=ENFORCEMENT + " FAIL")
    with pytest.raises(ValidationFailed):
        services.notice_refuse_and_report(actor=community_worker, notice=notice)
    notice.refresh_from_db()
    assert notice.action == TaskNotice.Action.PENDING and not notice.refusal and notice.reported_at is None
    assert not AuditEvent.objects.filter(event_type="gateway.notice.refuse").exists()


def test_allowed_work_is_not_reported(catalog, community_worker, today, filed):
    notice = services.notice_register(actor=community_worker, text=CHECKUP)
    assert notice.allowed
    with pytest.raises(ValidationFailed):
        services.notice_report(actor=community_worker, notice=notice)
    assert filed == []


def test_the_page_button_refuses_and_reports(client, catalog, community_worker, today, filed):
    notice = services.notice_register(actor=community_worker, text=ENFORCEMENT)
    client.force_login(community_worker)
    page = client.get(f"/gateway/notices/{notice.pk}/").content.decode()
    assert 'data-action="refuse_report"' in page and "拒绝并举报" in page
    assert client.post(f"/gateway/notices/{notice.pk}/refuse_report/").status_code == 302
    notice.refresh_from_db()
    assert notice.action == TaskNotice.Action.REFUSED and notice.report_reference == reference_of(notice)


def test_with_the_real_supervision_app(catalog, community_worker, today):
    notice = services.notice_register(actor=community_worker, text=ENFORCEMENT)
    done = services.notice_refuse_and_report(actor=community_worker, notice=notice)
    assert done.action == TaskNotice.Action.REFUSED
    assert done.reported_at is not None and done.report_reference
    assert done.report_reference in selectors.report_state(done)


def test_a_new_demand_from_the_reported_department_is_flagged(catalog, community_worker, today):
    notice = services.notice_register(actor=community_worker, text=ENFORCEMENT)
    services.notice_refuse_and_report(actor=community_worker, notice=notice)
    assert not RetaliationFlag.objects.exists()  # the reported demand itself is no retaliation
    again = services.notice_register(
        actor=community_worker, text="区城管局通知：请社区统计辖区流动摊贩数量。"
    )
    [flag] = RetaliationFlag.objects.all()
    assert flag.notice == again and flag.department == notice.department
