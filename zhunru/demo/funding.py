"""Demo funding (费随事转), through the services: the commitments of the demo decisions; a payment to
three communities of 东湖街道 (two confirm, one still to confirm); one to 西岭社区, disputed; and a
matter admitted more than a year ago whose first year was never fully paid, marked unfunded by the
arrears check, which opens its exit review. Idempotent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from zhunru.access import decisions
from zhunru.access import services as access_services
from zhunru.access.models import Decision
from zhunru.accounts.models import User
from zhunru.areas.models import Area
from zhunru.catalog.models import Matter
from zhunru.core import clock
from zhunru.funding import services
from zhunru.funding.models import Commitment, Disbursement

DONGHU, HUAYUAN, XINHUA, XILING = "990101001001", "990101001002", "990101001003", "990101002001"
PAST_DAYS = 420  # the old matter was applied for this many days ago


@contextmanager
def _on(day: dt.date) -> Iterator[None]:
    """Runs the services as on `day` (the old matter's procedure happened then)."""
    original = clock.today
    clock.today = lambda: day  # type: ignore[assignment]
    try:
        yield
    finally:
        clock.today = original  # type: ignore[assignment]


def _line(d: Disbursement, code: str) -> Any:
    return d.lines.get(community__code=code)


def _old_matter(u: dict[str, User]) -> Decision:
    """A matter of 区卫生健康委员会 for the communities of 东湖街道, decided about 14 months ago."""
    applied = clock.today() - dt.timedelta(days=PAST_DAYS)
    street = Area.objects.get(code=DONGHU).parent
    with _on(applied):
        app = access_services.application_create(
            actor=u["clerk"],
            data={
                "matter_name": "社区家庭医生签约入户走访",
                "community_tasks": "每年协助家庭医生团队入户走访辖区重点人群，登记签约意向",
                "basis": "《关于推进家庭医生签约服务的指导意见》",
                "start_date": (applied + dt.timedelta(days=75)).isoformat(),
                "contact_name": "王经办",
                "contact_phone": "0000-12345678",
                "kind": "task",
                "field": "卫生健康",
                "frequency": "yearly",
                "community_role": "assist",
                "workload_hours": "6",
                "money_per_community_year": "4000",
                "money_source": "区财政专项",
                "no_assessment_declared": True,
                "scope_kind": "streets",
                "scope_areas": [street.code],  # type: ignore[union-attr]
            },
        )
        access_services.application_sign(actor=u["head"], application=app)
        access_services.application_submit(actor=u["clerk"], application=app)
        access_services.application_accept(actor=u["office"], application=app)
        access_services.application_start_review(actor=u["office"], application=app)
        for name in ("approver", "approver2", "approver3"):
            access_services.opinion_give(
                actor=u[name], application=app, stance="agree", reasons="依据充分，经费落实，同意准入。"
            )
        return decisions.application_decide(actor=u["office"], application=app, outcome="approved")


def load_funding(u: dict[str, User]) -> None:
    from zhunru.demo.gateway import community_worker

    if Disbursement.objects.exists():
        return
    services.commitments_backfill(actor=None)
    today = clock.today()
    workers = {code: community_worker(Area.objects.get(code=code)) for code in (DONGHU, XINHUA, XILING)}

    current = (
        Commitment.objects.filter(matter__status=Matter.Status.PUBLISHED, community__code=XILING)
        .select_related("matter")
        .order_by("-amount", "year")
        .first()
    )
    if current is not None:
        matter, year, amount = current.matter, current.year, current.amount
        d = services.disbursement_record(
            actor=u["clerk"],
            matter=matter,
            year=year,
            paid_on=today,
            voucher_number=f"卫健拨〔{year}〕12号",
            amount=amount,
            communities=[DONGHU, HUAYUAN, XINHUA],
            note="第一批",
        )
        services.disbursement_line_confirm(actor=workers[DONGHU], line=_line(d, DONGHU))
        services.disbursement_line_confirm(actor=workers[XINHUA], line=_line(d, XINHUA))
        disputed = services.disbursement_record(
            actor=u["head"],
            matter=matter,
            year=year,
            paid_on=today,
            voucher_number=f"卫健拨〔{year}〕13号",
            amount=amount,
            communities=[XILING],
        )
        services.disbursement_line_dispute(
            actor=workers[XILING],
            line=_line(disputed, XILING),
            note=f"社区专户实际到账 {amount / 2:.2f} 元，与登记金额不符，请核实。",
        )

    old = _old_matter(u)
    first_year = min(Commitment.objects.filter(decision=old).values_list("year", flat=True))
    first_due = Commitment.objects.filter(decision=old, year=first_year).first()
    paid_on = first_due.due_on if first_due and first_due.due_on <= today else today
    services.disbursement_record(
        actor=u["clerk"],
        matter=old.matter,
        year=first_year,
        paid_on=paid_on,
        voucher_number=f"卫健拨〔{first_year}〕31号",
        amount="4000",
        communities=[DONGHU, HUAYUAN],  # 新华里社区 was never paid
    )
    services.arrears_check(actor=None)
