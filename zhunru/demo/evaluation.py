"""Demo evaluation (评议): the 2025 round published — 区民政局, 区委宣传部 and 区卫生健康委员会 rated by
six or more communities (means and intervals shown, with 卫健委's reply by the demo account `head`),
区退役军人事务局 by three (not published); the 2026 round open, the demo `worker` having rated one
department; and residents' satisfaction surveys of a few providers, 东湖社区's property company below
50 % (flagged for the street office, demo account `street`). Through the services, idempotent."""

from __future__ import annotations

import datetime as dt

from zhunru.accounts.models import User
from zhunru.areas.models import Area, Department
from zhunru.core import clock
from zhunru.evaluation import selectors, services
from zhunru.evaluation.models import EvaluationAnswer, EvaluationRound, ProviderSurvey, RoundStatus
from zhunru.gateway import services as gateway_services
from zhunru.gateway.models import TaskNotice

# 2025 demands of 区卫健委 (the demo `head` has results to reply to): one per community but the last two
WEIJIAN_2025 = (
    "区卫健委通知：请社区协助通知辖区65岁以上老年人到社区卫生服务中心参加免费体检，并报送参检名单。"
)
# (promptness, money, burden, attitude) per community, in community-code order
SCORES = {
    "区民政局": [
        (4, 4, 3, 5),
        (5, 4, 4, 4),
        (4, 3, 3, 4),
        (3, 4, 4, 5),
        (4, 5, 3, 4),
        (5, 4, 4, 5),
        (4, 4, 3, 4),
        (4, 3, 4, 4),
    ],
    "区委宣传部": [
        (3, 2, 3, 4),
        (4, 3, 3, 4),
        (3, 2, 2, 3),
        (4, 3, 4, 4),
        (3, 3, 3, 4),
        (2, 2, 3, 3),
        (4, 2, 3, 4),
    ],
    "区卫生健康委员会": [(3, 3, 2, 4), (2, 3, 2, 3), (3, 2, 2, 4), (4, 3, 3, 4), (3, 3, 2, 3), (2, 2, 1, 3)],
    "区退役军人事务局": [(5, 4, 4, 5), (4, 4, 5, 5), (4, 3, 4, 4)],
}
COMMENTS = {
    "区卫生健康委员会": "体检名单要求入户逐一核实，与卫生服务中心的名单重复，建议直接共享数据。",
    "区委宣传部": "文明实践站挂牌后活动经费没有下拨。",
}
WEIJIAN_REPLY = (
    "感谢各社区的意见。2026 年起老年人体检名单由社区卫生服务中心直接调取，不再要求社区入户核实和重复报送。"
)
SURVEYS = [
    # community code, provider, kind, asked, satisfied, not satisfied
    ("990101001001", "东湖物业服务有限公司", "property", 120, 48, 52),
    ("990101001002", "花园物业管理有限公司", "property", 90, 70, 8),
    ("990101002001", "区自来水公司西岭营业所", "utility", 60, 51, 4),
    ("990101001003", "新华里居家养老服务中心", "social", 45, 30, 6),
]


def _workers() -> dict[str, User]:
    from zhunru.demo.gateway import community_worker

    return {
        a.code: community_worker(a) for a in Area.objects.filter(level=Area.Level.COMMUNITY).order_by("code")
    }


def _weijian_demands(workers: dict[str, User]) -> None:
    codes = list(workers)[:6]
    for i, code in enumerate(codes):
        external_id = f"EVAL-2025-{i + 1:02d}"
        if not TaskNotice.objects.filter(external_id=external_id).exists():
            gateway_services.notice_register(
                actor=workers[code],
                text=WEIJIAN_2025,
                department_text="区卫健委",
                received_on=dt.date(2025, 9, 1 + i),
                source=TaskNotice.Source.IMPORT,
                external_id=external_id,
            )


def _answer(
    rnd: EvaluationRound, worker: User, department: Department, scores: tuple[int, ...], comment: str
) -> None:
    if EvaluationAnswer.objects.filter(
        round=rnd, community_id=worker.community_id, department=department
    ).exists():
        return
    if not selectors.rateable_departments(worker.community, rnd.year).filter(pk=department.pk).exists():
        return
    p, m, b, a = scores
    services.answer_submit(
        actor=worker,
        round=rnd,
        department=department,
        promptness=p,
        money=m,
        burden=b,
        attitude=a,
        comment=comment,
    )


def _round_2025(workers: dict[str, User]) -> None:
    rnd = EvaluationRound.objects.filter(year=2025).first()
    if rnd is None:
        rnd = services.round_open(actor=None, year=2025, note="示范区 2025 年度社区评议部门。")
    if rnd.status == RoundStatus.OPEN:
        people = list(workers.values())
        for name, rows in SCORES.items():
            department = Department.objects.get(name=name)
            for worker, scores in zip(people, rows, strict=False):
                _answer(rnd, worker, department, scores, COMMENTS.get(name, ""))
        rnd = services.round_close(actor=None, round=rnd)
    head = User.objects.filter(username="head").first()
    if head is not None and not rnd.replies.exists():
        services.reply_write(actor=head, round=rnd, text=WEIJIAN_REPLY)
    if rnd.status == RoundStatus.CLOSED:
        services.round_publish(actor=None, round=rnd)


def _round_2026(workers: dict[str, User]) -> None:
    today = clock.today()
    if today.year < 2026 or EvaluationRound.objects.filter(year=2026).exists():
        return
    rnd = services.round_open(actor=None, year=2026, due_on=today + dt.timedelta(days=60))
    worker = workers.get("990101001001")
    if worker is None:
        return
    first = selectors.rateable_departments(worker.community, 2026).first()
    if first is not None:
        _answer(rnd, worker, first, (4, 3, 3, 4), "")


def _surveys(workers: dict[str, User]) -> None:
    today = clock.today()
    surveyed_on = min(dt.date(2025, 12, 20), today)
    for code, name, kind, asked, yes, no in SURVEYS:
        worker = workers.get(code)
        if worker is None or ProviderSurvey.objects.filter(community__code=code, provider_name=name).exists():
            continue
        services.provider_survey_record(
            actor=worker,
            provider_name=name,
            kind=kind,
            year=surveyed_on.year,
            surveyed_on=surveyed_on,
            asked=asked,
            satisfied=yes,
            not_satisfied=no,
            note="年末居民代表评议",
        )


def load_evaluation() -> None:
    workers = _workers()
    _weijian_demands(workers)
    _round_2025(workers)
    _round_2026(workers)
    _surveys(workers)
