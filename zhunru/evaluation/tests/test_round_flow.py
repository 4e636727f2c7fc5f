"""The year's round through the services: open → communities answer → close → the department sees its
means and intervals and replies → publish. Fewer than five answers: nothing published. Audit rows and
notifications at each step."""

from __future__ import annotations

import pytest

from zhunru.core.models import AuditEvent
from zhunru.evaluation import selectors, services
from zhunru.evaluation.models import EvaluationAnswer, RoundStatus, RoundStatusChange
from zhunru.inbox.models import Notification

from .conftest import rate

pytestmark = pytest.mark.django_db


def test_opening_tells_every_community_and_is_audited(workers, round_2025, approval_clerk):
    assert round_2025.status == RoundStatus.OPEN and str(round_2025.opened_on) == "2026-01-12"
    event = AuditEvent.objects.get(event_type="evaluation_round.open")
    assert event.actor_id == approval_clerk.pk and event.summary["year"] == 2025
    told = Notification.objects.filter(
        title__contains="2025 年度评议开始", title__endswith="2026-01-31 前完成"
    )
    assert set(told.values_list("user_id", flat=True)) == {w.pk for w in workers}


def test_the_whole_round(
    answered, approval_clerk, approval_head, dept_head, minzheng_head, district, community_worker
):
    # while open: no results for anyone, the community sees what it did
    assert selectors.results_for(approval_clerk, answered) == []
    assert selectors.results_for(minzheng_head, answered) == []
    todo = selectors.community_todo(community_worker, answered)
    assert {row.department.name: row.done for row in todo} == {"区民政局": True, "区卫生健康委员会": True}

    closed = services.round_close(actor=approval_clerk, round=answered)
    assert closed.status == RoundStatus.CLOSED and closed.closed_on is not None
    assert Notification.objects.filter(user=minzheng_head, title__contains="已截止").exists()

    # closed: a department sees its own results (to reply), the office sees all, others nothing yet
    own = selectors.own_result(minzheng_head, closed)
    assert own is not None and own.published and own.answers == 8
    means = {c.key: round(c.mean, 3) for c in own.criteria}
    assert means == {"promptness": 4.125, "money": 4.0, "burden": 4.25, "attitude": 3.875}
    promptness = own.criteria[0]  # 4,4,5,3,4,4,5,4 → 4.125 ± 0.535781 (see test_stats)
    assert (round(promptness.low, 4), round(promptness.high, 4)) == (3.5892, 4.6608)
    assert [r.department.name for r in selectors.results_for(minzheng_head, closed)] == ["区民政局"]
    assert len(selectors.results_for(approval_clerk, closed)) == 2
    assert selectors.results_for(community_worker, closed) == []

    weijian = selectors.own_result(dept_head, closed)
    assert weijian is not None and not weijian.published and weijian.criteria == []

    reply = services.reply_write(actor=minzheng_head, round=closed, text="已合并三本台账，明年不再重复报送。")
    assert AuditEvent.objects.filter(event_type="evaluation_reply.write", actor_id=minzheng_head.pk).exists()

    published = services.round_publish(actor=approval_head, round=closed)
    assert published.status == RoundStatus.PUBLISHED and published.published_on is not None
    everyone = selectors.results_for(community_worker, published)
    assert [(r.department.name, r.published) for r in everyone] == [
        ("区民政局", True),
        ("区卫生健康委员会", False),
    ]
    assert everyone[0].reply.pk == reply.pk
    assert Notification.objects.filter(user=dept_head, title__contains="已公布").exists()

    # after publication the head may still reply (the reply is replaced, and audited as such)
    services.reply_write(actor=minzheng_head, round=published, text="补充：经费已于一月拨付。")
    assert selectors.published_results(2025)[0].reply.text == "补充：经费已于一月拨付。"
    assert AuditEvent.objects.filter(event_type="evaluation_reply.update").count() == 1

    history = list(RoundStatusChange.objects.filter(round=published).values_list("transition", flat=True))
    assert history == ["open", "close", "publish"]
    assert [
        e.event_type
        for e in AuditEvent.objects.filter(event_type__startswith="evaluation_round.").order_by("seq")
    ] == [
        "evaluation_round.open",
        "evaluation_round.close",
        "evaluation_round.publish",
    ]


def test_fewer_than_five_answers_are_never_shown_as_numbers(published, dept_head):
    weijian = next(r for r in selectors.published_results(2025) if r.department.name == "区卫生健康委员会")
    assert weijian.answers == 3 and not weijian.published and weijian.criteria == []


def test_exactly_five_answers_are_published(
    round_2025, workers, minzheng_matter, district, approval_clerk, approval_head
):
    for worker in workers[:5]:
        rate(worker, round_2025, district["minzheng"], (3, 3, 3, 3))
    services.round_close(actor=approval_clerk, round=round_2025)
    services.round_publish(actor=approval_head, round=round_2025)
    (result,) = selectors.published_results(2025)
    assert result.published and result.answers == 5 and [c.mean for c in result.criteria] == [3.0] * 4


def test_published_results_is_empty_until_publication(closed):
    assert selectors.published_results(2025) == [] and selectors.published_results(2024) == []


def test_a_reopened_round_takes_late_answers(closed, approval_clerk, workers, district):
    services.round_reopen(actor=approval_clerk, round=closed)
    closed.refresh_from_db()
    assert closed.status == RoundStatus.OPEN and closed.closed_on is None
    rate(workers[0], closed, district["minzheng"], (1, 1, 1, 1))
    assert (
        EvaluationAnswer.objects.get(community=workers[0].community, department=district["minzheng"]).money
        == 1
    )
    assert AuditEvent.objects.filter(event_type="evaluation_round.reopen").count() == 1


def test_progress_counts_per_community_without_scores(answered, approval_clerk, community_worker):
    rows = {
        p.community.name: (p.to_rate, p.answered) for p in selectors.round_progress(approval_clerk, answered)
    }
    assert rows["东湖社区"] == (2, 2) and rows["西岭社区"] == (1, 1) and len(rows) == 8
    assert selectors.round_progress(community_worker, answered) == []
