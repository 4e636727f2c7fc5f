"""Fixtures of the portal tests: the demo catalog and decisions made through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

import zhunru.core.clock
from zhunru.access.models import Decision
from zhunru.access.tests.factories import approved_application
from zhunru.areas.models import Area
from zhunru.catalog.models import Matter, MatterKind, MatterList
from zhunru.catalog.services import catalog_import
from zhunru.certificates.models import CertificateType, Refusal
from zhunru.conftest import make_user
from zhunru.demo.loader import data_file
from zhunru.evaluation.models import DepartmentReply, EvaluationAnswer, EvaluationRound
from zhunru.funding.models import Commitment, Disbursement, DisbursementLine
from zhunru.gateway.models import TaskNotice
from zhunru.supervision.models import SupervisionCase, ViolationReport


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def catalog(district):
    """The demo catalog (version 1)."""
    report = catalog_import(actor=None, name="catalog.csv", data=data_file("catalog.csv"))
    assert report.ok
    return report


@pytest.fixture
def decision(catalog, district) -> Decision:
    """An approved application: 老年人防诈骗宣传 in the admitted list."""
    return approved_application(district)


# ---------------------------------------------------------------- the statistics fixture
#
# Today is 2026-11-25; the default period is the 12 months December 2025 – November 2026. Two
# communities are renamed to names found nowhere else (翠柏湾社区 in 东湖街道, 金鳞湾社区 in 西岭街道):
# each reports one demand, and neither name nor report reference may appear in the portal's statistics.

TODAY = dt.date(2026, 11, 25)
REPORTERS = ("翠柏湾社区", "金鳞湾社区")
REPORT_REFS = ("JB-2026-PORTAL-901", "JB-2026-PORTAL-902")
SECRET_COMMENT = "翠柏湾社区认为该部门台账太多"


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(zhunru.core.clock, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def stats_world(district, today) -> dict[str, Any]:
    d = district
    cuibai, jinlin, huayuan = d["donghu_community"], d["xiling_community"], d["huayuan_community"]
    Area.objects.filter(pk=cuibai.pk).update(name=REPORTERS[0])
    Area.objects.filter(pk=jinlin.pk).update(name=REPORTERS[1])
    wj, mz = d["weijian"], d["minzheng"]
    worker_a = make_user("reporter_cuibai", community=cuibai)
    worker_b = make_user("reporter_jinlin", community=jinlin)

    # catalog: one admitted matter and one monthly ledger for every community → 1.0 per community each
    a1 = Matter.objects.create(
        code="ZR-P1",
        name="老年人防诈骗宣传",
        list=MatterList.ADMITTED,
        kind=MatterKind.TASK,
        status=Matter.Status.PUBLISHED,
        department=wj,
        valid_from=dt.date(2026, 1, 1),
        scope_all=True,
    )
    Matter.objects.create(
        code="LZ-P1",
        name="居民健康档案台账",
        list=MatterList.DUTY,
        kind=MatterKind.LEDGER,
        status=Matter.Status.PUBLISHED,
        frequency="每月",
        valid_from=dt.date(2026, 1, 1),
        scope_all=True,
    )

    def notice(community: Area, verdict: str, day: dt.date, dept: Any, **kw: Any) -> TaskNotice:
        return TaskNotice.objects.create(
            community=community,
            department=dept,
            received_on=day,
            text="任务",
            verdict=verdict,
            reason="测试",
            **kw,
        )

    refused = {"action": TaskNotice.Action.REFUSED}
    notice(cuibai, "duty", dt.date(2026, 11, 3), wj, hours=Decimal("2.0"))
    n1 = notice(
        cuibai,
        "unapproved",
        dt.date(2026, 11, 4),
        wj,
        hours=Decimal("3.0"),
        reported_at=timezone.make_aware(dt.datetime(2026, 11, 4, 9)),
        report_reference=REPORT_REFS[0],
        **refused,
    )
    n2 = notice(
        jinlin,
        "negative",
        dt.date(2026, 11, 6),
        mz,
        reported_at=timezone.make_aware(dt.datetime(2026, 11, 6, 9)),
        report_reference=REPORT_REFS[1],
        **refused,
    )
    notice(huayuan, "admitted", dt.date(2026, 3, 10), wj, hours=Decimal("4.0"), matter=a1)
    notice(huayuan, "duty", dt.date(2025, 11, 28), wj, hours=Decimal("8.0"))  # before the 12 months
    # 东湖街道 (翠柏湾, 花园路, 新华里): notices 3, hours (2 + 4) / 12 = 0.5, unapproved 1, refused 1
    # 西岭街道 (金鳞湾, 翠竹园, 学府路): notices 1, negative 1, refused 1, certificates refused 1
    # 南塘镇 (2 communities): nothing
    # district (8 communities): notices 4, hours 0.5, unapproved 1, negative 1, refused 2, reported 2
    # departments: 卫健委 sent 3 (duty 1, unapproved 1, admitted 1); 民政局 sent 1 (negative 1)

    ct = CertificateType.objects.create(code="FM-P1", name="无犯罪记录证明", list="negative")
    Refusal.objects.create(
        number="R-P1",
        community=jinlin,
        certificate_type=ct,
        refused_on=dt.date(2026, 11, 2),
        refused_by=worker_b,
    )

    case1 = SupervisionCase.objects.create(
        number="JC-2026-P1",
        year=2026,
        seq=901,
        department=wj,
        received_on=dt.date(2026, 11, 4),
        start_due=dt.date(2026, 11, 11),
        conclude_due=dt.date(2026, 12, 16),
        status="concluded",
        concluded_on=dt.date(2026, 11, 18),
        substantiated=True,
        measures=["rectify", "interview"],
        conclusion="属实",
    )
    case2 = SupervisionCase.objects.create(
        number="JC-2026-P2",
        year=2026,
        seq=902,
        department=mz,
        received_on=dt.date(2026, 11, 6),
        start_due=dt.date(2026, 11, 13),
        conclude_due=dt.date(2026, 12, 18),
        status="investigating",
    )
    for ref, n, community, dept, worker, case in (
        (REPORT_REFS[0], n1, cuibai, wj, worker_a, case1),
        (REPORT_REFS[1], n2, jinlin, mz, worker_b, case2),
    ):
        ViolationReport.objects.create(
            reference=ref,
            notice=n,
            community=community,
            department=dept,
            reported_by=worker,
            reported_on=n.received_on,
            case=case,
        )
    # violations: 卫健委 reports 1, cases 1, substantiated 1 (责令整改 1, 约谈 1); 民政局 reports 1, cases 1

    decision = Decision.objects.create(
        number="示范区准入决〔2026〕901号",
        year=2026,
        seq=901,
        outcome="approved",
        matter=a1,
        decided_on=dt.date(2026, 1, 10),
        content={"title": "准入决定书", "matter_name": a1.name, "department": wj.name},
        digest="a" * 64,
    )
    c1 = Commitment.objects.create(
        decision=decision,
        matter=a1,
        department=wj,
        community=cuibai,
        year=2026,
        amount=Decimal("10000"),
        due_on=dt.date(2026, 3, 31),
    )
    c2 = Commitment.objects.create(
        decision=decision,
        matter=a1,
        department=wj,
        community=huayuan,
        year=2026,
        amount=Decimal("5000"),
        due_on=dt.date(2026, 3, 31),
    )
    pay = Disbursement.objects.create(
        reference="BF-P1",
        department=wj,
        matter=a1,
        year=2026,
        paid_on=dt.date(2026, 4, 1),
        voucher_number="V-P1",
        amount_per_community=Decimal("6000"),
        total=Decimal("7500"),
    )
    DisbursementLine.objects.create(
        disbursement=pay, commitment=c1, community=cuibai, amount=Decimal("6000"), status="confirmed"
    )
    DisbursementLine.objects.create(
        disbursement=pay, commitment=c2, community=huayuan, amount=Decimal("1000"), status="disputed"
    )
    pay2 = Disbursement.objects.create(
        reference="BF-P2",
        department=wj,
        matter=a1,
        year=2026,
        paid_on=dt.date(2026, 5, 1),
        voucher_number="V-P2",
        amount_per_community=Decimal("500"),
        total=Decimal("500"),
    )
    DisbursementLine.objects.create(
        disbursement=pay2, commitment=c2, community=huayuan, amount=Decimal("500"), status="cancelled"
    )
    # 2026, ZR-P1: 2 communities, committed 15,000; paid 6,000 + 1,000 = 7,000 (cancelled 500 not counted);
    # confirmed 6,000; disputed 1,000; unpaid (10,000 − 6,000) + (5,000 − (1,000 − 1,000)) = 9,000

    communities = list(Area.objects.filter(level="community").order_by("code"))
    published = EvaluationRound.objects.create(year=2025, status="published", opened_on=dt.date(2025, 11, 1))
    for community, p in zip(communities[:5], (5, 4, 3, 5, 4), strict=True):
        EvaluationAnswer.objects.create(
            round=published,
            community=community,
            department=wj,
            promptness=p,
            money=4,
            burden=3,
            attitude=5,
            comment=SECRET_COMMENT,
        )
    # 卫健委 2025: promptness mean 4.2, s² = 2.8 / 4 = 0.7, half-width t(4) · √(0.7 / 5) = 2.776445 × 0.374166
    # = 1.0388 → [3.16, 5.00] (clipped to the scale); money 4.00 [4.00–4.00]
    for community in communities[:2]:  # 民政局: 2 answers, below five: not published
        EvaluationAnswer.objects.create(
            round=published, community=community, department=mz, promptness=1, money=1, burden=1, attitude=1
        )
    DepartmentReply.objects.create(
        round=published, department=wj, text="我委将精简台账。", written_on=dt.date(2026, 1, 5)
    )
    DepartmentReply.objects.create(
        round=published, department=mz, text="民政局的回应不应公开", written_on=dt.date(2026, 1, 5)
    )
    closed = EvaluationRound.objects.create(year=2026, status="closed", opened_on=dt.date(2026, 11, 1))
    for community in communities[:5]:
        EvaluationAnswer.objects.create(
            round=closed, community=community, department=mz, promptness=2, money=2, burden=2, attitude=2
        )
    DepartmentReply.objects.create(
        round=closed, department=mz, text="未公布年度的回应", written_on=dt.date(2026, 11, 20)
    )
    return {**d, "a1": a1, "decision": decision, "workers": [worker_a, worker_b]}


@pytest.fixture
def grow(stats_world) -> Callable[[int], None]:
    """Adds n notices over every community, department, verdict and month, and n // 100 cases."""

    def add(n: int) -> None:
        communities = list(Area.objects.filter(level="community"))
        departments = [stats_world["weijian"], stats_world["minzheng"], None]
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
        SupervisionCase.objects.bulk_create(
            [
                SupervisionCase(
                    number=f"JC-G-{i}",
                    year=2026,
                    seq=1000 + i,
                    department=departments[i % 2],
                    received_on=TODAY - dt.timedelta(days=i % 300),
                    start_due=TODAY,
                    conclude_due=TODAY,
                    status="concluded",
                    concluded_on=TODAY,
                    substantiated=True,
                    measures=["circulate"],
                )
                for i in range(n // 100)
            ]
        )

    return add
