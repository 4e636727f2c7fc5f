"""Acting on a verdict: allowed work is accepted into the community's list; what is not admitted is
refused with a numbered refusal letter (拒绝告知书, PDF) addressed to the department, citing the rule and
its basis, the demand's date and words, the community and the date."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from zhunru.catalog.models import Matter
from zhunru.core.errors import InvalidTransition, ValidationFailed
from zhunru.core.models import AuditEvent
from zhunru.gateway import refusals, services
from zhunru.gateway.models import TaskNotice
from zhunru.gateway.refusals import render_refusal_pdf
from zhunru.inbox.models import Notification

pytestmark = pytest.mark.django_db

CHECKUP = "请社区通知辖区65岁以上老年人到社区卫生服务中心参加年度免费健康体检。"
ENFORCEMENT = "区城管局通知：请社区派人上街查处占道经营，拆除违法建设。"


def pdf_text(pdf: bytes, tmp_path) -> str:
    """The PDF's text without white space (pdftotext breaks Chinese lines anywhere)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "refusal.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return "".join(out.split())


def test_accept_allowed_work(catalog, community_worker, today):
    notice = services.notice_register(actor=community_worker, text=CHECKUP, department_text="区卫健委")
    assert notice.verdict == "admitted"
    accepted = services.notice_accept(actor=community_worker, notice=notice)
    assert accepted.action == TaskNotice.Action.ACCEPTED and accepted.acted_at is not None
    assert AuditEvent.objects.filter(event_type="gateway.notice.accept", object_id=str(notice.pk)).exists()
    with pytest.raises(InvalidTransition):
        services.notice_accept(actor=community_worker, notice=notice)
    with pytest.raises(ValidationFailed):
        services.notice_refuse(actor=community_worker, notice=notice)  # allowed work is not refused


def test_what_is_not_admitted_cannot_be_accepted(catalog, community_worker, today):
    notice = services.notice_register(actor=community_worker, text=ENFORCEMENT)
    assert notice.verdict == "negative"
    with pytest.raises(ValidationFailed):
        services.notice_accept(actor=community_worker, notice=notice)
    notice.refresh_from_db()
    assert notice.action == TaskNotice.Action.PENDING


def test_refuse_negative_list_demand_with_a_letter(catalog, community_worker, applicant, today, tmp_path):
    notice = services.notice_register(actor=community_worker, text=ENFORCEMENT, received_on="2026-06-10")
    refused = services.notice_refuse(actor=community_worker, notice=notice)
    assert refused.action == TaskNotice.Action.REFUSED and refused.refused_on == today
    letter = refused.refusal
    assert letter["number"] == "东湖社区拒告〔2026〕1号"
    assert letter["rule"] == refusals.NEGATIVE
    assert letter["department"] == "区城市管理局"
    event = AuditEvent.objects.get(event_type="gateway.notice.refuse")
    assert event.summary["number"] == letter["number"]
    with pytest.raises(InvalidTransition):
        services.notice_refuse(actor=community_worker, notice=notice)

    text = pdf_text(render_refusal_pdf(refused), tmp_path)
    assert "拒绝告知书" in text
    assert "东湖社区拒告〔2026〕1号" in text
    assert "区城市管理局：" in text  # addressed to the department
    assert "负面清单" in text and refused.matter.name in text and refused.matter_code in text
    assert "民发〔2015〕136号" in text  # the basis of the negative item
    assert "2026年6月10日" in text  # the demand's date
    assert "请社区派人上街查处占道经营" in text  # its words
    assert "东湖社区" in text and "2026年6月15日" in text  # the community and the date
    assert "区社区工作准入联席会议办公室" in text


def test_refuse_work_admitted_for_another_department(catalog, community_worker, district, today, tmp_path):
    from zhunru.conftest import make_user

    minzheng_clerk = make_user("mzclerk", role="dept_clerk", department=district["minzheng"])
    notice = services.notice_register(actor=community_worker, text=CHECKUP, department_text="区民政局")
    assert (notice.verdict, notice.matter_code) == ("unapproved", "SF-Z01")
    refused = services.notice_refuse(actor=community_worker, notice=notice)
    assert refused.refusal["rule"] == refusals.OTHER_DEPARTMENT
    text = pdf_text(render_refusal_pdf(refused), tmp_path)
    assert "区民政局：" in text
    assert "只准入由区卫生健康委员会提出" in text
    assert "示范区社区准入决定〔2026〕3号" in text
    # The asking department's staff hear of it.
    assert Notification.objects.filter(user=minzheng_clerk, title__contains="东湖社区拒绝").exists()


def test_refuse_work_outside_validity_and_not_admitted(catalog, community_worker, district, today, tmp_path):
    Matter.objects.create(
        code="SF-Z97",
        name="协助开展犬只免疫登记",
        list="admitted",
        kind="task",
        department=district["weijian"],
        basis="示范区社区准入决定〔2026〕97号",
        description="协助登记辖区居民饲养犬只的狂犬病免疫情况",
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2030, 12, 31),
        status=Matter.Status.PUBLISHED,
    )
    text = "请社区协助开展犬只免疫登记，登记居民饲养犬只的狂犬病免疫情况。"
    late = services.notice_register(
        actor=community_worker, text=text, department_text="区卫健委", received_on="2031-01-06"
    )
    assert (late.verdict, late.matter_code) == ("unapproved", "SF-Z97")
    late = services.notice_refuse(actor=community_worker, notice=late)
    assert late.refusal["rule"] == refusals.EXPIRED
    assert "2030年12月31日届满" in pdf_text(render_refusal_pdf(late), tmp_path)

    early = services.notice_register(
        actor=community_worker, text=text, department_text="区卫健委", received_on="2025-12-20"
    )
    early = services.notice_refuse(actor=community_worker, notice=early)
    assert early.refusal["rule"] == refusals.NOT_YET_VALID
    assert early.refusal["number"] == "东湖社区拒告〔2026〕2号"

    unknown = services.notice_register(
        actor=community_worker, text="请各社区本周五前组织居民观看航模表演。", department_text="区卫健委"
    )
    assert (unknown.verdict, unknown.matter_code) == ("unapproved", "")
    unknown = services.notice_refuse(actor=community_worker, notice=unknown)
    assert unknown.refusal["rule"] == refusals.NOT_ADMITTED
    assert "未经社区工作事项准入程序" in pdf_text(render_refusal_pdf(unknown), tmp_path)


def test_refusal_letter_page(client, catalog, community_worker, today):
    notice = services.notice_register(actor=community_worker, text=ENFORCEMENT)
    client.force_login(community_worker)
    assert client.get(f"/gateway/notices/{notice.pk}/refusal.pdf").status_code == 404  # not refused yet
    response = client.post(f"/gateway/notices/{notice.pk}/refuse/")
    assert response.status_code == 302
    response = client.get(f"/gateway/notices/{notice.pk}/refusal.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    page = client.get(f"/gateway/notices/{notice.pk}/").content.decode()
    assert "东湖社区拒告〔2026〕1号" in page and "refusal.pdf" in page
