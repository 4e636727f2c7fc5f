"""A new demand from a department that the receiving community reported within the last 90 days is
flagged to supervision (疑似打击报复); one a day later, from another department or to another community
is not. Each demand is flagged once."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.core.models import AuditEvent
from zhunru.inbox.models import Notification
from zhunru.supervision.models import RetaliationFlag
from zhunru.supervision.services import retaliation_check, retaliation_check_event, violation_report_file

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


@pytest.fixture
def report(community_worker, make_notice, today):
    return violation_report_file(actor=community_worker, notice=make_notice())  # 2026-03-02, 区卫健委


def test_a_new_demand_within_90_days_is_flagged(report, make_notice, supervisor, district, today):
    today(D("2026-05-31"))  # 90 days after the report
    notice = make_notice(received_on=D("2026-05-31"), verdict="duty", text="请协助开展健康讲座。")
    flag = retaliation_check(notice=notice)
    assert flag is not None
    assert (flag.kind, flag.department, flag.community, flag.report, flag.notice) == (
        RetaliationFlag.Kind.DEMAND,
        district["weijian"],
        district["donghu_community"],
        report,
        notice,
    )
    assert flag.days_after_report == 90 and flag.occurred_on == D("2026-05-31")
    assert flag.description == "请协助开展健康讲座。"
    [note] = Notification.objects.filter(user=supervisor, title__startswith="疑似打击报复")
    assert "区卫生健康委员会" in note.title and "东湖社区" in note.title and "90 天" in note.title
    assert note.link == "/supervision/flags/"
    assert AuditEvent.objects.filter(event_type="retaliation.flag").count() == 1


def test_not_after_90_days(report, make_notice, today):
    notice = make_notice(received_on=D("2026-06-01"))  # 91 days
    assert retaliation_check(notice=notice) is None
    assert not RetaliationFlag.objects.exists()


def test_not_another_department_or_community_or_an_earlier_demand(report, make_notice, district, today):
    assert retaliation_check(notice=make_notice(department=district["minzheng"])) is None
    assert retaliation_check(notice=make_notice(community=district["huayuan_community"])) is None
    assert retaliation_check(notice=make_notice(received_on=D("2026-03-01"))) is None  # before the report
    assert retaliation_check(notice=make_notice(department=False)) is None
    assert retaliation_check(notice=report.notice) is None  # the reported demand itself
    assert not RetaliationFlag.objects.exists()


def test_the_latest_report_counts(report, community_worker, make_notice, today):
    today(D("2026-05-01"))
    later = violation_report_file(actor=community_worker, notice=make_notice())
    flag = retaliation_check(notice=make_notice(received_on=D("2026-07-15")))  # 75 days after the later one
    assert flag.report == later and flag.days_after_report == 75


def test_flagged_once_per_demand(report, make_notice, supervisor, today):
    notice = make_notice(received_on=D("2026-03-10"))
    first = retaliation_check(notice=notice)
    assert retaliation_check(notice=notice) == first
    assert RetaliationFlag.objects.count() == 1
    assert Notification.objects.filter(user=supervisor, title__startswith="疑似打击报复").count() == 1


def test_an_evaluation_or_assessment_can_be_checked_too(report, district, supervisor, today):
    flag = retaliation_check_event(
        kind=RetaliationFlag.Kind.ASSESSMENT,
        department_id=district["weijian"].pk,
        community_id=district["donghu_community"].pk,
        occurred_on=D("2026-04-01"),
        description="年度考核给东湖社区评为不合格。",
    )
    assert flag.kind == "assessment" and flag.days_after_report == 30 and flag.notice is None
    with pytest.raises(ValueError):
        retaliation_check_event(
            kind="gift",
            department_id=district["weijian"].pk,
            community_id=district["donghu_community"].pk,
            occurred_on=D("2026-04-01"),
            description="",
        )


def test_the_flags_page_is_supervision_s(
    report, make_notice, supervisor, applicant, dept_head, community_worker, client
):
    retaliation_check(notice=make_notice(received_on=D("2026-03-20"), text="请本周内补报全部台账。"))
    client.force_login(supervisor)
    html = client.get("/supervision/flags/").content.decode()
    assert "东湖社区" in html and "区卫生健康委员会" in html and report.reference in html
    assert "请本周内补报全部台账。" in html
    for user in (applicant, dept_head, community_worker):
        client.force_login(user)
        assert client.get("/supervision/flags/").status_code == 403
