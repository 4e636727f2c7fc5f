"""Build an access application in a given state, through the services (the real procedure).

    app = build(people, Status.UNDER_REVIEW)            # created, signed, submitted, accepted, reviewed
    app = build(people, Status.APPROVED, workload_hours="2", money_per_community_year="0",
                unfunded_justification="…")

Only the two exit outcomes (exited, exit_rejected) cannot be reached by an application; tests that need
an application in those states set the status directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from zhunru.access import decisions
from zhunru.access import services as svc
from zhunru.access.models import AccessApplication, Opinion, Status
from zhunru.accounts.models import User
from zhunru.core import clock

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # passwords are not the point here
TODAY = dt.date(2026, 3, 2)  # a Monday
START = dt.date(2026, 6, 1)  # well beyond 30 working days from TODAY

FORM: dict[str, Any] = {
    "matter_name": "老年人防诈骗宣传",
    "kind": "task",
    "community_tasks": "每季度组织一次防诈骗宣传活动",
    "basis": "《中华人民共和国反电信网络诈骗法》",
    "start_date": START.isoformat(),
    "workload_hours": "2",
    "money_per_community_year": "3000",
    "money_source": "区级财政",
    "no_assessment_declared": True,
    "contact_name": "王经办",
    "contact_phone": "010-12345678",
}

STANCE = {
    Status.APPROVED: Opinion.Stance.AGREE,
    Status.APPROVED_WITH_CONDITIONS: Opinion.Stance.AGREE_WITH_CONDITIONS,
    Status.REJECTED: Opinion.Stance.DISAGREE,
}
DECIDE_ARGS = {
    Status.APPROVED: {},
    Status.APPROVED_WITH_CONDITIONS: {"conditions": "每半年报告一次实施情况"},
    Status.REJECTED: {"reasons": "属于部门自身职责，不应由社区承担。"},
}
UNREACHABLE = frozenset({Status.EXITED, Status.EXIT_REJECTED})


@dataclass
class People:
    clerk: User  # 区卫生健康委员会 经办人 (drafts, submits)
    head: User  # 区卫生健康委员会 负责人 (signs)
    office: User  # 准入办经办人
    approvers: list[User] = field(default_factory=list)  # joint-meeting members of other units


def freeze(monkeypatch: Any, day: dt.date) -> None:
    monkeypatch.setattr(clock, "today", lambda: day)


@contextmanager
def on_day(day: dt.date) -> Iterator[None]:
    """clock.today() is `day` inside the block (for steps that need a later day, like holding a hearing)."""
    saved = clock.today
    clock.today = lambda: day
    try:
        yield
    finally:
        clock.today = saved


def fresh(app: AccessApplication) -> AccessApplication:
    return AccessApplication.objects.get(pk=app.pk)


def create(people: People, **data: Any) -> AccessApplication:
    return svc.application_create(actor=people.clerk, data={**FORM, **data})


def give_opinions(people: People, app: AccessApplication, stance: str, conditions: str = "") -> None:
    for member in people.approvers:
        svc.opinion_give(
            actor=member,
            application=app,
            stance=stance,
            reasons="经审查，意见如上。",
            conditions=conditions or ("按期报告" if stance == Opinion.Stance.AGREE_WITH_CONDITIONS else ""),
        )


def schedule_hearing(people: People, app: AccessApplication) -> Any:
    notice = svc.procedure_settings().hearing_notice_days
    return svc.application_schedule_hearing(
        actor=people.office,
        application=app,
        scheduled_on=clock.today() + dt.timedelta(days=notice),
        place="区政务中心三楼会议室",
        participants="申请单位、社区代表、居民代表",
        agenda="听取申请单位说明，听取社区和居民意见",
    )


def hold_hearing(people: People, app: AccessApplication) -> Any:
    hearing = fresh(app).hearings.order_by("-scheduled_on").first()
    with on_day(hearing.scheduled_on):
        return svc.application_record_hearing(
            actor=people.office,
            application=app,
            held_on=hearing.scheduled_on,
            minutes="社区代表认为工作量可以承受。",
            outcome="同意准入",
        )


def build(people: People, status: str, *, unfunded_justification: str = "", **data: Any) -> AccessApplication:
    """An application of 区卫生健康委员会 in `status`, taken there step by step through the services."""
    status = Status(status)
    if status in UNREACHABLE:
        raise ValueError(f"an application never reaches {status}")
    app = create(people, **data)
    if status == Status.DRAFT:
        return app
    if status == Status.WITHDRAWN:
        return svc.application_withdraw(actor=people.clerk, application=app, reason="不再需要")
    svc.application_sign(actor=people.head, application=app)
    if status == Status.SIGNED:
        return fresh(app)
    svc.application_submit(actor=people.clerk, application=app)
    if status == Status.SUBMITTED:
        return fresh(app)
    if status in (Status.RETURNED, Status.RESUBMITTED):
        svc.application_return(actor=people.office, application=app, reason="请补充法律依据的条款。")
        if status == Status.RESUBMITTED:
            svc.application_resubmit(actor=people.clerk, application=app, note="已补充")
        return fresh(app)
    svc.application_accept(actor=people.office, application=app)
    if status == Status.ACCEPTED:
        return fresh(app)
    svc.application_start_review(actor=people.office, application=app)
    if status == Status.UNDER_REVIEW:
        return fresh(app)
    if status in (Status.HEARING_SCHEDULED, Status.HEARING_HELD):
        schedule_hearing(people, app)
        if status == Status.HEARING_HELD:
            hold_hearing(people, app)
        return fresh(app)
    give_opinions(people, app, STANCE[status])
    decisions.application_decide(
        actor=people.office,
        application=app,
        outcome=status,
        unfunded_justification=unfunded_justification,
        **DECIDE_ARGS[status],
    )
    return fresh(app)


def ready_to_decide(people: People, stance: str = Opinion.Stance.AGREE, **data: Any) -> AccessApplication:
    """Under review with every member's opinion given."""
    app = build(people, Status.UNDER_REVIEW, **data)
    give_opinions(people, app, stance)
    return fresh(app)
