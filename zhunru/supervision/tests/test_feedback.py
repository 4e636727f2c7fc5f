"""When a case is concluded, each community that reported gets the result: a CaseFeedback row and a
notification to its workers, naming its own reports only. Other communities hear nothing."""

from __future__ import annotations

import pytest

from zhunru.accounts.roles import Role
from zhunru.conftest import make_user
from zhunru.inbox.models import Notification, OutboxMessage
from zhunru.supervision.models import CaseFeedback
from zhunru.supervision.services import case_conclude, case_start_investigation, violation_report_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(community_worker, huayuan_worker, make_notice, negative_matter, district, today):
    """东湖社区 reports twice, 花园路社区 once, about the same department and matter."""
    donghu = [
        violation_report_file(actor=community_worker, notice=make_notice(matter=negative_matter))
        for _ in range(2)
    ]
    huayuan = violation_report_file(
        actor=huayuan_worker,
        notice=make_notice(community=district["huayuan_community"], matter=negative_matter),
    )
    return donghu, huayuan


def test_each_reporting_community_gets_its_feedback(
    reported, supervisor, community_worker, huayuan_worker, district
):
    donghu, huayuan = reported
    colleague = make_user(
        "worker2", role=Role.COMMUNITY_WORKER, community=district["donghu_community"], email="w2@example.cn"
    )
    xiling = make_user("xiling_worker", role=Role.COMMUNITY_WORKER, community=district["xiling_community"])
    case = donghu[0].case
    case_start_investigation(actor=supervisor, case=case)
    case_conclude(
        actor=supervisor,
        case=case,
        substantiated=True,
        measures=["rectify", "circulate"],
        conclusion="责令整改。",
    )

    rows = {fb.community_id: fb for fb in CaseFeedback.objects.filter(case=case)}
    assert set(rows) == {district["donghu_community"].pk, district["huayuan_community"].pk}
    donghu_text = rows[district["donghu_community"].pk].text
    assert donghu[0].reference in donghu_text and donghu[1].reference in donghu_text
    assert huayuan.reference not in donghu_text  # a community hears of its own reports only
    assert "举报属实" in donghu_text and "责令整改、通报" in donghu_text and "责令整改。" in donghu_text
    assert rows[district["donghu_community"].pk].recipients == 2  # both workers of 东湖社区
    assert rows[district["huayuan_community"].pk].recipients == 1

    for user in (community_worker, colleague, huayuan_worker):
        [note] = Notification.objects.filter(user=user, title__startswith="举报办理结果")
        assert case.number in note.title and note.link == "/supervision/mine/"
    assert (
        huayuan.reference
        in Notification.objects.get(user=huayuan_worker, title__startswith="举报办理结果").body
    )
    assert not Notification.objects.filter(user=xiling, title__startswith="举报办理结果").exists()
    assert OutboxMessage.objects.filter(to="w2@example.cn", subject__startswith="举报办理结果").count() == 1


def test_feedback_when_not_substantiated(reported, supervisor):
    case = reported[1].case
    case_start_investigation(actor=supervisor, case=case)
    case_conclude(
        actor=supervisor, case=case, substantiated=False, measures=[], conclusion="系依法协助事项。"
    )
    for fb in CaseFeedback.objects.filter(case=case):
        assert "举报不属实" in fb.text and "处理措施" not in fb.text and "系依法协助事项。" in fb.text


def test_the_community_page_shows_its_feedback_only(
    reported, supervisor, community_worker, huayuan_worker, client, district
):
    donghu, huayuan = reported
    case = huayuan.case
    case_start_investigation(actor=supervisor, case=case)
    case_conclude(
        actor=supervisor, case=case, substantiated=True, measures=["interview"], conclusion="约谈。"
    )

    client.force_login(community_worker)
    html = client.get("/supervision/mine/").content.decode()
    assert donghu[0].reference in html and donghu[1].reference in html and case.number in html
    assert "已办结" in html and "约谈" in html
    assert huayuan.reference not in html and district["huayuan_community"].name not in html

    client.force_login(huayuan_worker)
    html = client.get("/supervision/mine/").content.decode()
    assert huayuan.reference in html and donghu[0].reference not in html
    assert html.count('data-testid="feedback"') == 1
