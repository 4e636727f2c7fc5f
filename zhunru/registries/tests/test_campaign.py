"""A clean-up campaign (清理整治): register boards → the campaign lists those without an admitted matter →
workers record removals with a photo → counts before (kept at the start) and after, per community and
in the district. Open → closed by the approval office only; every step leaves an audit row."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.core.errors import Conflict, Forbidden, InvalidTransition, ValidationFailed
from zhunru.core.models import AuditEvent
from zhunru.inbox.models import Notification
from zhunru.registries import selectors, services
from zhunru.registries.models import Campaign, CampaignItem, CampaignStatusChange, Signboard
from zhunru.registries.tests.conftest import PDF, PNG

pytestmark = pytest.mark.django_db
DEADLINE = dt.date(2026, 3, 31)


@pytest.fixture
def boards(register, community_worker, huayuan_worker, xiling_worker, board_matter, district):
    """东湖: 2 boards, 1 without matter; 花园路: 1 without matter; 西岭: 1 with matter."""
    return {
        "donghu_ok": register(community_worker, name="健康服务站", matter=board_matter),
        "donghu_bad": register(community_worker, name="老年协会"),
        "huayuan_bad": register(huayuan_worker, name="禁毒工作站", department=district["weijian"]),
        "xiling_ok": register(xiling_worker, name="健康服务站", matter=board_matter),
    }


def open_campaign(actor, **kw):
    values = {"name": "2026年挂牌清理整治", "deadline": DEADLINE, "note": ""}
    values.update(kw)
    return services.campaign_open(actor=actor, **values)


def row(report, code):
    return next(r for r in report.rows if r.code == code)


def test_the_whole_flow(boards, approval_clerk, community_worker, huayuan_worker, register, today, district):
    campaign = open_campaign(approval_clerk)
    assert campaign.status == "open" and campaign.opened_on == dt.date(2026, 3, 2)
    listed = {i.signboard_id for i in campaign.items.all()}
    assert listed == {boards["donghu_bad"].pk, boards["huayuan_bad"].pk}
    assert campaign.baseline == {
        "990101001001": {"total": 2, "unadmitted": 1},
        "990101001002": {"total": 1, "unadmitted": 1},
        "990101002001": {"total": 1, "unadmitted": 0},
    }
    # the communities concerned are told, the others are not
    assert Notification.objects.filter(user=community_worker, link=f"/registries/campaigns/{campaign.pk}/")
    assert Notification.objects.filter(user=huayuan_worker).count() == 1
    assert not Notification.objects.filter(user__username="xiling_worker")

    # a board registered without a matter while the campaign runs joins its list; "before" stays fixed
    late = register(community_worker, name="某协会")
    assert CampaignItem.objects.filter(campaign=campaign, signboard=late).exists()

    today(dt.date(2026, 3, 10))
    removed = services.signboard_remove(
        actor=community_worker, signboard=boards["donghu_bad"], photo=("after.png", PNG), note="已拆除"
    )
    assert removed.status == "removed" and removed.removed_on == dt.date(2026, 3, 10)
    assert removed.removal_photo.read() == PNG and removed.removed_by == community_worker

    report = selectors.campaign_report(approval_clerk, Campaign.objects.get())
    donghu = row(report, "990101001001")
    assert (donghu.before_total, donghu.before_unadmitted) == (2, 1)
    assert (donghu.after_total, donghu.after_unadmitted) == (2, 1)  # one removed, one registered since
    assert (donghu.listed, donghu.removed, donghu.overdue) == (2, 1, 0)
    assert (report.total.before_total, report.total.before_unadmitted) == (4, 2)
    assert (report.total.after_total, report.total.after_unadmitted) == (4, 2)
    assert not report.after_is_final

    services.signboard_remove(actor=community_worker, signboard=late, photo=("a.png", PNG))
    today(dt.date(2026, 4, 1))  # past the deadline: 花园路's board is overdue
    report = selectors.campaign_report(approval_clerk, Campaign.objects.get())
    assert row(report, "990101001002").overdue == 1 and report.total.overdue == 1

    closed = services.campaign_close(actor=approval_clerk, campaign=campaign, note="基本完成")
    assert closed.status == "closed" and closed.closed_on == dt.date(2026, 4, 1)
    assert closed.final["990101001001"] == {"total": 1, "unadmitted": 0}
    # after the close, "after" is what it was at the close: a removal later changes nothing
    services.signboard_remove(actor=huayuan_worker, signboard=boards["huayuan_bad"], photo=("a.png", PNG))
    report = selectors.campaign_report(approval_clerk, Campaign.objects.get())
    assert report.after_is_final
    assert (report.total.before_total, report.total.after_total, report.total.after_unadmitted) == (4, 3, 1)
    assert [(h.transition, h.to_status) for h in CampaignStatusChange.objects.all()] == [
        ("open", "open"),
        ("close", "closed"),
    ]
    types = list(
        AuditEvent.objects.filter(event_type__startswith="campaign")
        .order_by("seq")
        .values_list("event_type", flat=True)
    )
    assert types == ["campaign.open", "campaign.close"]
    opened = AuditEvent.objects.get(event_type="campaign.open")
    assert opened.summary["listed"] == 2 and opened.summary["before_unadmitted"] == 2
    assert AuditEvent.objects.filter(event_type="signboard.remove").count() == 3


def test_removal_needs_an_image(boards, community_worker):
    board = boards["donghu_bad"]
    for photo, message in ((None, "请上传照片"), (("x.png", PDF), "不是 JPG 或 PNG 图片")):
        with pytest.raises(ValidationFailed, match=message) as exc:
            services.signboard_remove(actor=community_worker, signboard=board, photo=photo)
        assert exc.value.field == "photo"
    board.refresh_from_db()
    assert board.status == "present" and not board.removal_photo
    assert not AuditEvent.objects.filter(event_type="signboard.remove").exists()


def test_a_board_is_removed_once(boards, community_worker):
    services.signboard_remove(actor=community_worker, signboard=boards["donghu_bad"], photo=("a.png", PNG))
    with pytest.raises(InvalidTransition, match="已于 2026-03-02 摘除"):
        services.signboard_remove(
            actor=community_worker, signboard=boards["donghu_bad"], photo=("a.png", PNG)
        )


def test_only_the_boards_community_records_its_removal(
    boards, huayuan_worker, street_officer, approval_clerk
):
    with pytest.raises(Forbidden, match="只能记录本社区"):
        services.signboard_remove(actor=huayuan_worker, signboard=boards["donghu_bad"], photo=("a.png", PNG))
    for actor in (street_officer, approval_clerk):
        with pytest.raises(Forbidden):
            services.signboard_remove(actor=actor, signboard=boards["donghu_bad"], photo=("a.png", PNG))
    assert Signboard.objects.get(pk=boards["donghu_bad"].pk).status == "present"


@pytest.mark.parametrize(
    ("deadline", "message"),
    [
        (dt.date(2026, 3, 1), "已经过去"),
        ("2026-02-28", "已经过去"),
        ("next week", "YYYY-MM-DD"),
        (None, "请填写摘除期限"),
    ],
)
def test_the_deadline_must_not_be_past(boards, approval_clerk, deadline, message):
    with pytest.raises(ValidationFailed, match=message) as exc:
        open_campaign(approval_clerk, deadline=deadline)
    assert exc.value.field == "deadline"
    assert not Campaign.objects.exists() and not CampaignItem.objects.exists()


def test_the_deadline_may_be_today_and_the_name_is_needed(boards, approval_clerk):
    with pytest.raises(ValidationFailed) as exc:
        open_campaign(approval_clerk, name=" ")
    assert exc.value.field == "name"
    assert open_campaign(approval_clerk, deadline="2026-03-02").deadline == dt.date(2026, 3, 2)


def test_only_the_office_opens_and_closes(
    boards, approval_clerk, approval_head, community_worker, street_officer, approver, supervisor
):
    for actor in (community_worker, street_officer, approver, supervisor):
        with pytest.raises(Forbidden):
            open_campaign(actor)
    assert not Campaign.objects.exists()
    campaign = open_campaign(approval_head)
    for actor in (community_worker, street_officer, approver):
        with pytest.raises(Forbidden):
            services.campaign_close(actor=actor, campaign=campaign)
    assert Campaign.objects.get().status == "open"
    assert selectors.campaign_actions(approval_clerk, campaign) == ["close"]
    assert selectors.campaign_actions(community_worker, campaign) == []


def test_one_open_campaign_at_a_time_and_no_second_close(boards, approval_clerk):
    campaign = open_campaign(approval_clerk)
    with pytest.raises(Conflict, match="已有进行中"):
        open_campaign(approval_clerk, name="另一次")
    services.campaign_close(actor=approval_clerk, campaign=campaign)
    with pytest.raises(InvalidTransition, match="已结束"):
        services.campaign_close(actor=approval_clerk, campaign=campaign)
    assert AuditEvent.objects.filter(event_type="campaign.close").count() == 1
    second = open_campaign(approval_clerk, name="第二次")
    assert second.items.count() == 2  # the same two boards, still up


def test_the_street_officer_sees_his_street_only(boards, approval_clerk, street_officer, community_worker):
    campaign = open_campaign(approval_clerk)
    street = selectors.campaign_report(street_officer, campaign)
    assert {r.code for r in street.rows} == {"990101001001", "990101001002"}
    assert street.total.before_total == 3  # 东湖街道 only; the district has 4
    assert selectors.campaign_report(approval_clerk, campaign).total.before_total == 4
    mine = selectors.campaign_report(community_worker, campaign)
    assert [r.code for r in mine.rows] == ["990101001001"] and mine.total.listed == 1
    assert [i.signboard.name for i in selectors.campaign_items(community_worker, campaign)] == ["老年协会"]
