"""Fixtures of the evaluation tests: a frozen day in January 2026, a worker in each of the eight demo
communities, the head of the approval office, demands of 2025, a 2025 round and answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

import zhunru.core.clock
from zhunru.accounts.roles import Role
from zhunru.areas.models import Area
from zhunru.catalog.models import Matter, MatterKind, MatterList
from zhunru.conftest import make_user
from zhunru.evaluation import services
from zhunru.evaluation.models import EvaluationAnswer, EvaluationRound
from zhunru.gateway.models import TaskNotice

TODAY = dt.date(2026, 1, 12)  # a Monday: the 2025 round is answered in January


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def today(monkeypatch) -> Callable[[dt.date], dt.date]:
    def set_today(day: dt.date) -> dt.date:
        monkeypatch.setattr(zhunru.core.clock, "today", lambda: day)
        return day

    set_today(TODAY)
    return set_today


@pytest.fixture
def approval_head(district):
    return make_user("officehead1", role=Role.APPROVAL_HEAD, department=district["office"])


@pytest.fixture
def minzheng_head(district):
    return make_user("mzhead", role=Role.DEPT_HEAD, department=district["minzheng"])


@pytest.fixture
def workers(district, community_worker) -> list[Any]:
    """One worker per demo community (8), 东湖社区's first."""
    out = [community_worker]
    for area in Area.objects.filter(level=Area.Level.COMMUNITY).exclude(pk=community_worker.community_id):
        out.append(make_user(f"w{area.code[-6:]}", role=Role.COMMUNITY_WORKER, community=area))
    return out


@pytest.fixture
def make_notice(district) -> Callable[..., TaskNotice]:
    """A demand registered by a community (built directly, as the gateway stores it)."""

    def make(community: Area, department: Any, received_on: dt.date = dt.date(2025, 5, 6)) -> TaskNotice:
        return TaskNotice.objects.create(
            community=community,
            department=department,
            department_text=department.name if department else "某单位",
            received_on=received_on,
            text="请社区协助上报辖区老年人体检台账。",
            verdict="unapproved",
            reason="未找到对应事项。",
        )

    return make


@pytest.fixture
def minzheng_matter(district) -> Matter:
    """An admitted matter of 区民政局 in force for every community in 2025."""
    return Matter.objects.create(
        code="ZR-TEST-01",
        name="困难群众帮扶台账",
        list=MatterList.ADMITTED,
        kind=MatterKind.LEDGER,
        department=district["minzheng"],
        status=Matter.Status.PUBLISHED,
        valid_from=dt.date(2025, 1, 1),
    )


@pytest.fixture
def weijian_notices(workers, make_notice, district) -> list[TaskNotice]:
    """区卫健委 sent work to three communities in 2025 (fewer than five: not published)."""
    return [make_notice(w.community, district["weijian"]) for w in workers[:3]]


@pytest.fixture
def round_2025(approval_clerk, today) -> EvaluationRound:
    return services.round_open(actor=approval_clerk, year=2025, due_on=dt.date(2026, 1, 31))


SCORES = [
    (4, 4, 5, 3),
    (4, 5, 4, 4),
    (5, 3, 4, 4),
    (3, 4, 5, 4),
    (4, 4, 4, 5),
    (4, 3, 5, 4),
    (5, 4, 3, 4),
    (4, 5, 4, 3),
]


def rate(
    worker: Any, rnd: EvaluationRound, department: Any, scores: tuple[int, ...], comment: str = ""
) -> Any:
    p, m, b, a = scores
    return services.answer_submit(
        actor=worker,
        round=rnd,
        department=department,
        promptness=p,
        money=m,
        burden=b,
        attitude=a,
        comment=comment,
    )


@pytest.fixture
def answered(round_2025, workers, minzheng_matter, weijian_notices, district) -> EvaluationRound:
    """All eight communities rated 区民政局 (published), three rated 区卫健委 (not published)."""
    for i, worker in enumerate(workers):
        rate(
            worker,
            round_2025,
            district["minzheng"],
            SCORES[i],
            comment=f"{worker.community.name}的意见：台账太多",
        )
    for worker in workers[:3]:
        rate(worker, round_2025, district["weijian"], (2, 2, 2, 2), comment="体检台账重复填报")
    assert EvaluationAnswer.objects.count() == 11
    return round_2025


@pytest.fixture
def closed(answered, approval_clerk) -> EvaluationRound:
    return services.round_close(actor=approval_clerk, round=answered)


@pytest.fixture
def published(closed, approval_head) -> EvaluationRound:
    return services.round_publish(actor=approval_head, round=closed)
