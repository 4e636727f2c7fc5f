"""The front door: a department dispatches a task to communities only by citing one of its own published
admitted or assistance matters, in force, and only to communities in the matter's scope; the task lands
in each community's list already judged."""

from __future__ import annotations

import datetime as dt

import pytest

import zhunru.core.clock
from zhunru.catalog.models import Matter
from zhunru.core.errors import Forbidden, ValidationFailed
from zhunru.core.models import AuditEvent
from zhunru.gateway import selectors, services
from zhunru.gateway.models import TaskNotice
from zhunru.inbox.models import Notification

pytestmark = pytest.mark.django_db

TEXT = "请各社区于6月底前通知辖区65岁以上老年人参加免费健康体检。"


def matter(code: str) -> Matter:
    return Matter.objects.get(code=code)


def test_dispatch_lands_judged_in_each_community(catalog, applicant, community_worker, today, district):
    notices = services.notice_dispatch(
        actor=applicant,
        matter=matter("SF-Z01"),
        communities=[district["donghu_community"], "990101002001"],
        text=TEXT,
        deadline="2026-06-30",
    )
    assert [n.community.code for n in notices] == ["990101001001", "990101002001"]
    for n in notices:
        n.refresh_from_db()
        assert n.verdict == "admitted"
        assert n.matter.code == n.matter_code == "SF-Z01"
        assert n.source == TaskNotice.Source.DISPATCH
        assert n.department == district["weijian"]
        assert n.received_on == today and n.deadline == dt.date(2026, 6, 30)
        assert "SF-Z01" in n.reason and "示范区社区准入决定〔2026〕3号" in n.reason
        assert n.action == TaskNotice.Action.PENDING
    mine = selectors.visible_notices(community_worker)
    assert list(mine) == [notices[0]]
    assert Notification.objects.filter(
        user=community_worker, link=f"/gateway/notices/{notices[0].pk}/"
    ).exists()
    event = AuditEvent.objects.get(event_type="gateway.notice.dispatch")
    assert event.summary["matter"] == "SF-Z01"
    assert event.summary["communities"] == ["990101001001", "990101002001"]


def test_dispatch_by_an_assistance_matter(catalog, dept_head, today, district):
    (notice,) = services.notice_dispatch(
        actor=dept_head,
        matter=matter("SF-A08"),
        communities=["990101001001"],
        text="请协助开展健康教育宣传。",
    )
    assert notice.verdict == "assist"
    assert "依法协助事项" in notice.reason


def refused(actor, code, communities=("990101001001",), **kw) -> str:
    with pytest.raises(ValidationFailed) as exc:
        services.notice_dispatch(
            actor=actor, matter=matter(code), communities=list(communities), text=TEXT, **kw
        )
    assert not TaskNotice.objects.exists()
    return str(exc.value.message)


def test_another_departments_matter_is_refused(catalog, applicant, today):
    message = refused(applicant, "SF-A01")
    assert "区民政局" in message and "SF-A01" in message


def test_duty_and_negative_matters_are_refused(catalog, applicant, today):
    assert "只能依据本单位的事项派单" in refused(applicant, "SF-D01")  # a duty has no department
    weijian = matter("SF-Z01").department
    negative = Matter.objects.filter(list="negative").first()
    Matter.objects.filter(pk=negative.pk).update(department=weijian)
    assert "只能依据准入事项或依法协助事项派单" in refused(applicant, negative.code)


def test_outside_the_matters_scope_is_refused(catalog, applicant, today, district):
    scoped = Matter.objects.create(
        code="SF-Z99",
        name="东湖社区试点：家庭医生签约宣传",
        list="admitted",
        kind="task",
        department=district["weijian"],
        basis="示范区社区准入决定〔2026〕99号",
        scope_all=False,
        status=Matter.Status.PUBLISHED,
    )
    scoped.scope_areas.set([district["donghu_community"]])
    message = refused(applicant, "SF-Z99", communities=["990101001001", "990101002001"])
    assert "未准入西岭社区" in message
    (ok,) = services.notice_dispatch(actor=applicant, matter=scoped, communities=["990101001001"], text=TEXT)
    assert ok.verdict == "admitted"


def test_a_street_in_the_scope_covers_its_communities(catalog, applicant, today, district):
    scoped = Matter.objects.create(
        code="SF-Z98",
        name="东湖街道试点：家庭医生签约宣传",
        list="admitted",
        kind="task",
        department=district["weijian"],
        scope_all=False,
        status=Matter.Status.PUBLISHED,
    )
    scoped.scope_areas.set([district["donghu_community"].parent])
    notices = services.notice_dispatch(
        actor=applicant, matter=scoped, communities=["990101001001", "990101001002"], text=TEXT
    )
    assert len(notices) == 2


def test_before_valid_from_is_refused(catalog, applicant, monkeypatch):
    monkeypatch.setattr(zhunru.core.clock, "today", lambda: dt.date(2026, 2, 28))
    assert "自2026-03-01起才生效" in refused(applicant, "SF-Z01")


def test_after_valid_to_is_refused(catalog, applicant, monkeypatch):
    monkeypatch.setattr(zhunru.core.clock, "today", lambda: dt.date(2027, 1, 1))
    assert "已于2026-12-31到期" in refused(applicant, "SF-Z01")


def test_a_deadline_after_valid_to_is_refused(catalog, applicant, today):
    assert "完成期限不能晚于事项的有效期" in refused(applicant, "SF-Z01", deadline="2027-01-15")


def test_unknown_communities_and_empty_text_are_refused(catalog, applicant, today):
    assert "不是本区的社区" in refused(applicant, "SF-Z01", communities=["990101009999"])
    assert "请选择派往的社区" in refused(applicant, "SF-Z01", communities=[])
    with pytest.raises(ValidationFailed):
        services.notice_dispatch(
            actor=applicant, matter=matter("SF-Z01"), communities=["990101001001"], text=" "
        )


def test_only_department_staff_dispatch(catalog, community_worker, approval_clerk, street_officer, today):
    for actor in (community_worker, approval_clerk, street_officer):
        with pytest.raises(Forbidden):
            services.notice_dispatch(
                actor=actor, matter=matter("SF-Z01"), communities=["990101001001"], text=TEXT
            )
