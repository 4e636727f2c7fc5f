"""A small district whose figures were worked out by hand (the arithmetic is in the comments), a frozen
day, and a large variant with thousands of notices for the query budget.

Today is 2026-11-25; the period under test is November 2026 (no public holiday: every Monday–Friday is
a working day). Communities: 东湖, 花园路 and 新华里 (东湖 street), 西岭 (西岭 street) and four more."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone, translation

import zhunru.core.clock
from zhunru.access.models import AccessApplication, Decision, Hearing
from zhunru.areas.models import Area
from zhunru.catalog.models import CatalogVersion, Matter, MatterKind, MatterList
from zhunru.certificates.models import CertificateType, Refusal
from zhunru.conftest import make_user
from zhunru.evaluation.models import EvaluationAnswer, EvaluationRound
from zhunru.funding.models import Commitment, Disbursement, DisbursementLine
from zhunru.gateway.models import TaskNotice
from zhunru.registries.models import Signboard
from zhunru.supervision.models import SupervisionCase, ViolationReport

TODAY = dt.date(2026, 11, 25)
NOV = dt.date(2026, 11, 1)
P = Matter.Status.PUBLISHED


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


def matter(code: str, lst: str, kind: str, *, scope: list[Area] | None = None, **kw: Any) -> Matter:
    values: dict[str, Any] = {
        "code": code,
        "name": f"事项{code}",
        "list": lst,
        "kind": kind,
        "status": P,
        "valid_from": dt.date(2026, 1, 1),
        "scope_all": scope is None,
    }
    values.update(kw)
    m = Matter.objects.create(**values)
    if scope:
        m.scope_areas.set(scope)
    return m


def notice(community: Area, verdict: str, day: dt.date, department: Any = None, **kw: Any) -> TaskNotice:
    return TaskNotice.objects.create(
        community=community,
        department=department,
        received_on=day,
        text="请社区上报台账",
        verdict=verdict,
        reason="测试",
        **kw,
    )


@pytest.fixture
def world(district, today) -> dict[str, Any]:
    d = district
    donghu, huayuan, xiling = d["donghu_community"], d["huayuan_community"], d["xiling_community"]
    east_street = donghu.parent
    worker = make_user("fixture_worker", community=donghu)
    clerk = make_user("fixture_clerk", department=d["weijian"])

    # ---- catalog (in force on 2026-11-25, the as-of day of November)
    a1 = matter("ZR-1", MatterList.ADMITTED, MatterKind.TASK, department=d["weijian"])  # all communities
    matter(
        "ZR-2", MatterList.ADMITTED, MatterKind.TASK, scope=[xiling], department=d["minzheng"]
    )  # 西岭 only
    matter(
        "ZR-3", MatterList.ADMITTED, MatterKind.TASK, scope=[east_street]
    )  # 东湖 street: 东湖, 花园路, 新华里
    # exited on 2026-09-15: not in force in November, in force in August
    matter(
        "ZR-4",
        MatterList.ADMITTED,
        MatterKind.TASK,
        status=Matter.Status.EXITED,
        exited_on=dt.date(2026, 9, 15),
    )
    # starts in December: not yet in force
    matter("ZR-5", MatterList.ADMITTED, MatterKind.TASK, valid_from=dt.date(2026, 12, 1))
    # admitted in force → 东湖 = ZR-1 + ZR-3 = 2; 花园路 = ZR-1 + ZR-3 = 2; 西岭 = ZR-1 + ZR-2 = 2;
    # the other five communities: ZR-1 only = 1
    matter("LZ-1", MatterList.DUTY, MatterKind.LEDGER, frequency="每月")  # 12 a year, everywhere
    matter("BB-1", MatterList.ASSIST, MatterKind.REPORT, frequency="每季度", scope=[east_street])  # 4 a year
    matter("FM-1", MatterList.NEGATIVE, MatterKind.CERTIFICATE)  # negative list: no ledger, not counted
    matter("ZM-1", MatterList.DUTY, MatterKind.CERTIFICATE)
    # ledgers: every community 1 (LZ-1); report forms: 东湖, 花园路 1 (BB-1);
    # submissions a year: 东湖, 花园路 (and 新华里) 12 + 4 = 16; others 12

    # ---- demands received in November 2026
    wj, mz = d["weijian"], d["minzheng"]
    notice(donghu, "duty", dt.date(2026, 11, 3), wj, hours=Decimal("2.0"))
    notice(donghu, "admitted", dt.date(2026, 11, 4), wj, hours=Decimal("4.0"), matter=a1)
    notice(
        donghu,
        "unapproved",
        dt.date(2026, 11, 5),
        wj,
        hours=Decimal("3.0"),  # not allowed work: not in the hours
        action=TaskNotice.Action.REFUSED,
        refused_on=dt.date(2026, 11, 5),
        reported_at=timezone.make_aware(dt.datetime(2026, 11, 5, 10)),
    )
    notice(
        donghu, "negative", dt.date(2026, 11, 6), None, hours=Decimal("5.0"), action=TaskNotice.Action.REFUSED
    )
    notice(huayuan, "unapproved", dt.date(2026, 11, 10), mz)
    notice(xiling, "assist", dt.date(2026, 11, 12), mz, hours=Decimal("6.0"))
    # September: one unapproved at 东湖 (outside November; in the 12-month trend)
    notice(donghu, "unapproved", dt.date(2026, 9, 8), wj)
    # 东湖 November: notices 4, hours 2 + 4 = 6.0, unapproved 1, negative 1, refused 2, reported 1
    # 花园路: notices 1, unapproved 1; 西岭: notices 1, hours 6.0
    # district: notices 6, hours 12.0, unapproved 2, negative 1, refused 2, reported 1
    # departments (November): 卫健委 sent 3 (duty 1, admitted 1, unapproved 1) → not admitted 1/3 = 33.3%;
    #                         民政局 sent 2 (unapproved 1, assist 1) → 1/2 = 50.0%

    # ---- signboards on 2026-11-25 (as of)
    def board(
        community: Area, name: str, day: dt.date, m: Matter | None, removed: dt.date | None = None
    ) -> None:
        Signboard.objects.create(
            community=community,
            name=name,
            department=wj,
            placement="outside",
            photo="signboards/x.jpg",
            matter=m,
            registered_on=day,
            status="removed" if removed else "present",
            removed_on=removed,
        )

    sb = matter("GP-1", MatterList.ADMITTED, MatterKind.SIGNBOARD, department=wj)  # admits a board
    # GP-1 is an admitted matter for all communities too: admitted in force becomes 东湖 3, 花园路 3, 西岭 3,
    # others 2
    board(donghu, "卫生健康服务站", dt.date(2026, 1, 5), sb)
    board(donghu, "健康小屋", dt.date(2026, 1, 5), None)  # unadmitted
    board(donghu, "老年协会", dt.date(2025, 6, 1), None, removed=dt.date(2026, 10, 10))  # gone by November
    board(xiling, "文明实践站", dt.date(2026, 11, 20), sb)
    # on 2026-11-25: 东湖 2 (1 unadmitted), 西岭 1; on 2026-01-01: 东湖 1 (老年协会) only

    # ---- certificates refused
    ct = CertificateType.objects.create(code="FM-Z1", name="居住证明", list="negative")
    for i, (community, day) in enumerate(
        [(donghu, dt.date(2026, 11, 2)), (donghu, dt.date(2026, 11, 20)), (xiling, dt.date(2026, 10, 30))]
    ):
        Refusal.objects.create(
            number=f"R-{i}", community=community, certificate_type=ct, refused_on=day, refused_by=worker
        )
    # November: 东湖 2, 西岭 0 (its refusal was in October); district 2

    # ---- the approval office: working days in November 2026 are Mon–Fri
    def application(
        ref: str, submitted: dt.date, accepted: dt.date | None, due: dt.date | None
    ) -> AccessApplication:
        return AccessApplication.objects.create(
            reference=ref,
            department=wj,
            created_by=clerk,
            status="accepted" if accepted else "submitted",
            matter_name=f"申请{ref}",
            start_date=dt.date(2027, 1, 1),
            contact_name="王",
            contact_phone="1",
            submitted_on=submitted,
            accepted_on=accepted,
            decision_due=due,
        )

    def decide(app: AccessApplication, outcome: str, day: dt.date, seq: int) -> Decision:
        return Decision.objects.create(
            number=f"D-{seq}",
            year=2026,
            seq=seq,
            outcome=outcome,
            application=app,
            decided_on=day,
            content={},
            digest=f"{seq:064d}",
        )

    app1 = application("A-1", dt.date(2026, 10, 26), dt.date(2026, 11, 2), dt.date(2026, 11, 20))
    app2 = application("A-2", dt.date(2026, 10, 27), dt.date(2026, 11, 2), dt.date(2026, 11, 23))
    app3 = application("A-3", dt.date(2026, 11, 3), dt.date(2026, 11, 9), dt.date(2026, 11, 30))
    application("A-4", dt.date(2026, 11, 5), None, None)
    dec1 = decide(app1, "approved", dt.date(2026, 11, 16), 1)
    # 11-02 → 11-16: Nov 3,4,5,6 (4) + 9–13 (5) + 16 (1) = 10 working days; by the due date 11-20: on time
    decide(app2, "rejected", dt.date(2026, 11, 24), 2)
    # 11-02 → 11-24: 4 + 5 + 5 (16–20) + 2 (23, 24) = 16 working days; due 11-23: late
    decide(app3, "approved_with_conditions", dt.date(2026, 11, 12), 3)
    # 11-09 → 11-12: 10, 11, 12 = 3 working days; due 11-30: on time
    # received in November: A-3, A-4 = 2; decided 3: approved 2, rejected 1
    # days sorted [3, 10, 16]: median 10; 90th percentile at rank (3 − 1) × 0.9 = 1.8 → 10 + 0.8 × 6 = 14.8
    # on time 2 of 3 = 66.7 %; limit 15 working days (the default)
    Hearing.objects.create(
        application=app2,
        scheduled_on=dt.date(2026, 11, 10),
        place="会议室",
        notice_days=10,
        participants="-",
        agenda="-",
        held_on=dt.date(2026, 11, 10),
    )
    Hearing.objects.create(
        application=app1,
        scheduled_on=dt.date(2026, 10, 5),
        place="会议室",
        notice_days=10,
        participants="-",
        agenda="-",
        held_on=dt.date(2026, 10, 5),
    )
    # hearings held in November: 1

    # ---- supervision: the refused and reported demand of 东湖
    case = SupervisionCase.objects.create(
        number="JC-1",
        year=2026,
        seq=1,
        department=wj,
        received_on=dt.date(2026, 11, 5),
        start_due=dt.date(2026, 11, 12),
        conclude_due=dt.date(2026, 12, 17),
        status="concluded",
        concluded_on=dt.date(2026, 11, 18),
        substantiated=True,
    )
    reported = TaskNotice.objects.get(reported_at__isnull=False)
    ViolationReport.objects.create(
        reference="JB-1",
        notice=reported,
        community=donghu,
        department=wj,
        reported_by=worker,
        reported_on=dt.date(2026, 11, 5),
        case=case,
    )
    # 卫健委: reports 1, substantiated 1; 民政局: 0, 0

    # ---- funding of 2026: 卫健委 committed 10,000 + 10,000 = 20,000; paid 6,000 + 3,000 (cancelled 1,000
    # not counted) = 9,000; unpaid 11,000
    c1 = Commitment.objects.create(
        decision=dec1,
        matter=a1,
        department=wj,
        community=donghu,
        year=2026,
        amount=Decimal("10000"),
        due_on=dt.date(2026, 12, 31),
    )
    c2 = Commitment.objects.create(
        decision=dec1,
        matter=a1,
        department=wj,
        community=xiling,
        year=2026,
        amount=Decimal("10000"),
        due_on=dt.date(2026, 12, 31),
    )
    pay = Disbursement.objects.create(
        reference="BF-1",
        department=wj,
        matter=a1,
        year=2026,
        paid_on=dt.date(2026, 6, 1),
        voucher_number="V1",
        amount_per_community=Decimal("6000"),
        total=Decimal("10000"),
    )
    DisbursementLine.objects.create(
        disbursement=pay, commitment=c1, community=donghu, amount=Decimal("6000"), status="confirmed"
    )
    DisbursementLine.objects.create(
        disbursement=pay, commitment=c2, community=xiling, amount=Decimal("3000"), status="pending"
    )
    pay2 = Disbursement.objects.create(
        reference="BF-2",
        department=wj,
        matter=a1,
        year=2026,
        paid_on=dt.date(2026, 7, 1),
        voucher_number="V2",
        amount_per_community=Decimal("1000"),
        total=Decimal("1000"),
    )
    DisbursementLine.objects.create(
        disbursement=pay2, commitment=c2, community=xiling, amount=Decimal("1000"), status="cancelled"
    )

    # ---- evaluation: 2025 published; 卫健委 rated by 5 communities, 民政局 by 2 (too few for a mean)
    rnd = EvaluationRound.objects.create(year=2025, status="published", opened_on=dt.date(2025, 11, 1))
    communities = list(Area.objects.filter(level="community").order_by("code")[:5])
    scores = [(5, 4, 3, 4), (4, 4, 4, 4), (3, 3, 3, 3), (5, 5, 5, 5), (4, 4, 5, 4)]
    for community, (p, m, b, a) in zip(communities, scores, strict=True):
        EvaluationAnswer.objects.create(
            round=rnd, community=community, department=wj, promptness=p, money=m, burden=b, attitude=a
        )
    # means: promptness 21/5 = 4.2, money 20/5 = 4.0, burden 20/5 = 4.0, attitude 20/5 = 4.0
    # → mean of the four (4.2 + 4.0 + 4.0 + 4.0) / 4 = 4.05
    for community in communities[:2]:
        EvaluationAnswer.objects.create(
            round=rnd, community=community, department=mz, promptness=1, money=1, burden=1, attitude=1
        )

    # ---- catalog version at the baseline (2026-01-01): 6 items, of them 1 negative (not counted)
    CatalogVersion.objects.create(
        number=1,
        published_at=timezone.make_aware(dt.datetime(2025, 12, 30, 9)),
        items=[
            {"code": "X1", "list": "duty", "kind": "task", "valid_from": "", "valid_to": "", "scope": ""},
            {"code": "X2", "list": "duty", "kind": "ledger", "valid_from": "", "valid_to": "", "scope": ""},
            {"code": "X3", "list": "assist", "kind": "ledger", "valid_from": "", "valid_to": "", "scope": ""},
            {"code": "X4", "list": "assist", "kind": "report", "valid_from": "", "valid_to": "", "scope": ""},
            {
                "code": "X5",
                "list": "duty",
                "kind": "certificate",
                "valid_from": "",
                "valid_to": "",
                "scope": "990101002001",
            },
            {
                "code": "X6",
                "list": "negative",
                "kind": "certificate",
                "valid_from": "",
                "valid_to": "",
                "scope": "",
            },
        ],
    )
    # baseline (district): catalog 5, ledgers 2, report forms 1, certificates 1 (X5, 西岭 only), boards 1
    # now (live, 2026-11-25): in force and not negative: ZR-1, ZR-2, ZR-3, LZ-1, BB-1, ZM-1, GP-1 = 7
    # (ZR-4 exited, ZR-5 not yet valid, FM-1 negative); ledgers 1, report forms 1, certificates 1,
    # boards 3 (东湖 2, 西岭 1)
    # for 东湖 alone: baseline catalog 4 (X5 is 西岭's), certificates 0; now catalog 6 (not ZR-2),
    # certificates 1 (ZM-1), boards 1 → 2
    return {**d, "east_street": east_street, "worker": worker, "clerk": clerk}


@pytest.fixture
def many_notices(world) -> Callable[[int], None]:
    """Adds n notices spread over every community, department, verdict and the last 12 months."""

    def add(n: int) -> None:
        communities = list(Area.objects.filter(level="community"))
        departments = [world["weijian"], world["minzheng"], None]
        verdicts = ["duty", "assist", "admitted", "negative", "unapproved"]
        TaskNotice.objects.bulk_create(
            [
                TaskNotice(
                    community=communities[i % len(communities)],
                    department=departments[i % 3],
                    received_on=TODAY - dt.timedelta(days=i % 360),
                    text="批量",
                    verdict=verdicts[i % 5],
                    reason="批量",
                    hours=Decimal("1.5"),
                )
                for i in range(n)
            ],
            batch_size=500,
        )

    return add
