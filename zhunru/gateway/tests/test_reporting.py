"""Reporting to supervision: `notice_report` hands the notice to
`zhunru.supervision.services.violation_report_file` and keeps its reference; the one button 拒绝并举报
refuses and reports, both or neither; only what is not admitted is reported, once."""

from __future__ import annotations

import importlib.util
import sys
import types
from types import SimpleNamespace

import pytest

from zhunru.core.errors import InvalidTransition, ValidationFailed
from zhunru.core.models import AuditEvent
from zhunru.gateway import selectors, services
from zhunru.gateway.models import TaskNotice

pytestmark = pytest.mark.django_db

ENFORCEMENT = "区城管局通知：请社区派人上街查处占道经营，拆除违法建设。"
CHECKUP = "【区卫健委】请社区通知辖区65岁以上老年人到社区卫生服务中心参加年度免费健康体检。"


@pytest.fixture
def fake_supervision(monkeypatch):
    """A stand-in for zhunru.supervision.services that records its calls (the contract only)."""
    calls = []

    def violation_report_file(*, actor, notice):
        if getattr(notice, "_fail", False) or notice.text.endswith("FAIL"):
            raise ValidationFailed("监督机构拒收")
        calls.append((actor, notice.pk))
        return SimpleNamespace(reference=f"JB2026-{len(calls):04d}")

    module = types.ModuleType("zhunru.supervision.services")
    module.violation_report_file = violation_report_file  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "zhunru.supervision.services", module)
    monkeypatch.setattr(selectors, "reporting_available", lambda: True)
    return calls


def test_refuse_and_report_in_one_click(catalog, community_worker, today, fake_supervision):
    notice = services.notice_register(actor=community_worker, text=ENFORCEMENT)
    done = services.notice_refuse_and_report(actor=community_worker, notice=notice)
    assert done.action == TaskNotice.Action.REFUSED and done.refusal["number"]
    assert done.reported_at is not None and done.report_reference == "JB2026-0001"
    assert fake_supervision == [(community_worker, notice.pk)]
    assert AuditEvent.objects.filter(event_type="gateway.notice.report", object_id=str(notice.pk)).exists()
    with pytest.raises(InvalidTransition):
        services.notice_report(actor=community_worker, notice=done)
    assert selectors.report_state(done) == "已举报 JB2026-0001"


def test_report_after_refusing(catalog, community_worker, today, fake_supervision):
    notice = services.notice_register(actor=community_worker, text=ENFORCEMENT)
    services.notice_refuse(actor=community_worker, notice=notice)
    notice.refresh_from_db()
    assert selectors.notice_actions(community_worker, notice) == ["report"]
    reported = services.notice_report(actor=community_worker, notice=notice)
    assert reported.report_reference == "JB2026-0001"
    assert selectors.notice_actions(community_worker, reported) == []


def test_a_failed_report_leaves_the_notice_unrefused(catalog, community_worker, today, fake_supervision):
    notice = services.notice_register(actor=community_worker, text=ENFORCEMENT + " FAIL")
    with pytest.raises(ValidationFailed):
        services.notice_refuse_and_report(actor=community_worker, notice=notice)
    notice.refresh_from_db()
    assert notice.action == TaskNotice.Action.PENDING and not notice.refusal and notice.reported_at is None
    assert not AuditEvent.objects.filter(event_type="gateway.notice.refuse").exists()


def test_allowed_work_is_not_reported(catalog, community_worker, today, fake_supervision):
    notice = services.notice_register(actor=community_worker, text=CHECKUP)
    assert notice.allowed
    with pytest.raises(ValidationFailed):
        services.notice_report(actor=community_worker, notice=notice)
    assert fake_supervision == []


def test_without_supervision_there_is_no_report_button(client, catalog, community_worker, today, monkeypatch):
    monkeypatch.setattr(selectors, "reporting_available", lambda: False)
    notice = services.notice_register(actor=community_worker, text=ENFORCEMENT)
    assert selectors.notice_actions(community_worker, notice) == ["refuse"]
    with pytest.raises(ValidationFailed):
        services.notice_report(actor=community_worker, notice=notice)
    client.force_login(community_worker)
    page = client.get(f"/gateway/notices/{notice.pk}/").content.decode()
    assert 'data-action="refuse"' in page and "refuse_report" not in page


def test_the_page_button_refuses_and_reports(client, catalog, community_worker, today, fake_supervision):
    notice = services.notice_register(actor=community_worker, text=ENFORCEMENT)
    client.force_login(community_worker)
    page = client.get(f"/gateway/notices/{notice.pk}/").content.decode()
    assert 'data-action="refuse_report"' in page and "拒绝并举报" in page
    assert client.post(f"/gateway/notices/{notice.pk}/refuse_report/").status_code == 302
    notice.refresh_from_db()
    assert notice.action == TaskNotice.Action.REFUSED and notice.report_reference == "JB2026-0001"


@pytest.mark.xfail(strict=False, reason="zhunru.supervision is built at the same time")
def test_with_the_real_supervision_app(catalog, community_worker, today):
    if importlib.util.find_spec("zhunru.supervision.services") is None:
        pytest.skip("zhunru.supervision is not installed")
    notice = services.notice_register(actor=community_worker, text=ENFORCEMENT)
    done = services.notice_refuse_and_report(actor=community_worker, notice=notice)
    assert done.action == TaskNotice.Action.REFUSED
    assert done.reported_at is not None and done.report_reference
    assert done.report_reference in selectors.report_state(done)
