"""Registering a demand: a community worker, for her own community, one paste; judged at once (verdict,
matter, score, reason and words stored), the department read from the words when not typed, today's
date by default, an attachment checked by its content, one audit event; bulk: all or nothing."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

import zhunru.core.clock
from zhunru.core.errors import Forbidden, ValidationFailed
from zhunru.core.models import AuditEvent
from zhunru.gateway import services
from zhunru.gateway.models import TaskNotice

pytestmark = pytest.mark.django_db

CHECKUP = "【区卫健委】请社区通知辖区65岁以上老年人到社区卫生服务中心参加年度免费健康体检。"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_register_stores_the_verdict_and_an_audit_event(catalog, community_worker, today):
    notice = services.notice_register(actor=community_worker, text=CHECKUP, hours="2.5")
    notice.refresh_from_db()
    assert notice.community == community_worker.community
    assert notice.received_on == today
    assert notice.department.name == "区卫生健康委员会"  # read from 【区卫健委】
    assert notice.department_text == ""
    assert notice.verdict == "admitted"
    assert notice.matter.code == notice.matter_code == "SF-Z01"
    assert 0 < notice.score <= 1
    assert "SF-Z01" in notice.reason
    assert notice.matched_words
    assert notice.action == TaskNotice.Action.PENDING
    assert notice.source == TaskNotice.Source.PASTE
    assert str(notice.hours) == "2.5"
    assert notice.created_by == community_worker
    event = AuditEvent.objects.get(event_type="gateway.notice.register")
    assert event.object_id == str(notice.pk)
    assert event.actor_id == community_worker.pk
    assert event.summary["verdict"] == "admitted"
    assert event.summary["matter"] == "SF-Z01"
    assert event.summary["community"] == "990101001001"


def test_a_typed_department_wins_over_the_words(catalog, community_worker, today):
    notice = services.notice_register(actor=community_worker, text=CHECKUP, department_text="区民政局")
    assert notice.department.name == "区民政局"
    assert notice.verdict == "unapproved"  # admitted for 区卫生健康委员会 only
    assert "区卫生健康委员会" in notice.reason


def test_the_date_decides_validity(catalog, community_worker, today):
    before = services.notice_register(actor=community_worker, text=CHECKUP, received_on="2026-02-20")
    assert before.received_on == dt.date(2026, 2, 20)
    assert before.verdict == "unapproved"
    assert "起才生效" in before.reason


def test_an_exited_item_allows_work_until_the_day_before_it_exited(catalog, community_worker, monkeypatch):
    from zhunru.catalog.models import Matter
    from zhunru.catalog.services import matter_exit

    monkeypatch.setattr(zhunru.core.clock, "today", lambda: dt.date(2026, 5, 1))
    before = services.notice_register(actor=community_worker, text=CHECKUP)
    assert before.allowed, before.reason
    matter = Matter.objects.get(code=before.matter_code)
    monkeypatch.setattr(zhunru.core.clock, "today", lambda: dt.date(2026, 5, 10))
    matter_exit(actor=None, matter=matter, note="测试退出")
    after = services.notice_register(actor=community_worker, text=CHECKUP)
    assert not after.allowed
    assert "2026-05-09" in after.reason
    backdated = services.notice_register(actor=community_worker, text=CHECKUP, received_on="2026-05-08")
    assert backdated.allowed


def test_only_a_community_worker_registers_for_her_own_community(
    catalog, community_worker, street_officer, approval_clerk, applicant, district
):
    for actor in (street_officer, approval_clerk, applicant):
        with pytest.raises(Forbidden):
            services.notice_register(actor=actor, text=CHECKUP)
    with pytest.raises(Forbidden):
        services.notice_register(actor=community_worker, text=CHECKUP, community=district["xiling_community"])
    assert not TaskNotice.objects.exists()


def test_attachment_checked_by_content(catalog, community_worker, today):
    notice = services.notice_register(actor=community_worker, text=CHECKUP, attachment=("截图.png", PNG))
    assert notice.attachment.name.endswith(".png")
    assert notice.attachment.read() == PNG
    with pytest.raises(ValidationFailed) as exc:
        services.notice_register(
            actor=community_worker, text=CHECKUP, attachment=("伪装.png", b"MZ\x90\x00 not an image")
        )
    assert exc.value.field == "attachment"
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert services.notice_register(
        actor=community_worker, text=CHECKUP, attachment=("通知.docx", docx.getvalue())
    ).attachment.name.endswith(".docx")


def test_attachment_over_20_mb_is_refused(catalog, community_worker, settings):
    big = PNG + b"\x00" * (20 * 1024 * 1024)
    with pytest.raises(ValidationFailed) as exc:
        services.notice_register(actor=community_worker, text=CHECKUP, attachment=("big.png", big))
    assert "20 MB" in str(exc.value.message)
    assert not TaskNotice.objects.exists()


def test_bulk_registers_all_in_one_go(catalog, community_worker, today):
    items = [
        {"text": CHECKUP, "department_text": "", "received_on": "2026-06-01"},
        {"text": "请社区派人上街查处占道经营。", "department_text": "区城管局", "received_on": ""},
        {"text": "区民政局通知：请社区协助对低保申请家庭开展入户调查核实。", "hours": "3"},
    ]
    notices = services.notices_register_bulk(actor=community_worker, items=items)
    assert [n.verdict for n in notices] == ["admitted", "negative", "assist"]
    assert [n.received_on for n in notices] == [dt.date(2026, 6, 1), today, today]
    assert all(n.source == TaskNotice.Source.BULK for n in notices)
    assert AuditEvent.objects.filter(event_type="gateway.notice.register").count() == 3


def test_bulk_saves_nothing_when_one_item_is_bad(catalog, community_worker, today):
    items = [{"text": CHECKUP}, {"text": "   "}, {"text": "请报送。", "received_on": "昨天"}]
    with pytest.raises(ValidationFailed) as exc:
        services.notices_register_bulk(actor=community_worker, items=items)
    message = str(exc.value.message)
    assert "第 2 条" in message and "第 3 条" in message and "第 1 条" not in message
    assert not TaskNotice.objects.exists()
    assert not AuditEvent.objects.filter(event_type="gateway.notice.register").exists()
