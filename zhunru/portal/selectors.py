"""Public reads for the portal (no login). Only what is public: published or exited catalog items,
decisions (their letters are public), decided exit requests with the requesting organization only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from zhunru.access.models import Decision, ExitRequest
from zhunru.access.models import Status as S
from zhunru.access.selectors import public_decisions
from zhunru.catalog.models import CatalogVersion, Matter, MatterKind, MatterList
from zhunru.catalog.selectors import SNAPSHOT_FIELDS, access_matter, version_diff
from zhunru.core import clock
from zhunru.core.errors import NotFound
from zhunru.dashboard import figures
from zhunru.dashboard.figures import Period, Scope
from zhunru.dashboard.selectors import SPANS, parse_month
from zhunru.evaluation.models import EvaluationRound, RoundStatus
from zhunru.evaluation.selectors import DepartmentResult, published_results
from zhunru.funding.models import Commitment, DisbursementLine, LineStatus
from zhunru.funding.workflow import COUNTED
from zhunru.supervision.models import CaseStatus, Measure, SupervisionCase

DECIDED_EXITS = (S.EXITED, S.EXIT_REJECTED)
ZERO = Decimal("0.00")


def public_matter(code: str) -> Matter:
    """A catalog item by code, as anyone may see it: drafts are 404 even for the approval office."""
    return access_matter(None, code)


def decision_by_number(year: int, seq: int) -> Decision:
    decision = public_decisions().filter(year=year, seq=seq).first()
    if decision is None:
        raise NotFound()
    return decision


def matter_decisions(matter: Matter) -> QuerySet[Decision]:
    """The matter's letters: its admission and any exit decisions, newest first."""
    return public_decisions().filter(matter=matter)


def decided_exit_requests() -> QuerySet[ExitRequest]:
    """Exit requests with a decision; the requester is shown by organization only."""
    return (
        ExitRequest.objects.filter(status__in=DECIDED_EXITS)
        .select_related("matter", "decision")
        .order_by("-decision__year", "-decision__seq")
    )


def exited_matters() -> QuerySet[Matter]:
    return (
        Matter.objects.filter(status=Matter.Status.EXITED)
        .select_related("department")
        .order_by("-exited_on", "code")
    )


def catalog_versions() -> QuerySet[CatalogVersion]:
    return CatalogVersion.objects.order_by("-number").defer("items")


def catalog_version(number: Any) -> CatalogVersion | None:
    try:
        return CatalogVersion.objects.filter(number=int(number)).first()
    except (TypeError, ValueError):
        return None


def field_label(name: str) -> str:
    model_field = "scope_areas" if name == "scope" else name
    return str(Matter._meta.get_field(model_field).verbose_name)


def value_label(name: str, value: Any) -> str:
    """A snapshot value as people read it (list and kind by their Chinese names)."""
    choices = {"list": MatterList, "kind": MatterKind}.get(name)
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    if name == "scope" and value == "":
        return _("全部社区")
    return str(value or "—")


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class VersionDiff:
    old: CatalogVersion
    new: CatalogVersion
    added: list[dict[str, Any]]
    changed: list[tuple[dict[str, Any], list[FieldChange]]]
    removed: list[dict[str, Any]]

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


def _labelled(item: dict[str, Any]) -> dict[str, Any]:
    return {
        **item,
        "list_label": value_label("list", item.get("list")),
        "kind_label": value_label("kind", item.get("kind")),
    }


def catalog_diff(a: CatalogVersion, b: CatalogVersion) -> VersionDiff:
    """catalog.selectors.version_diff (older → newer), with field names and values labelled."""
    old, new = (a, b) if a.number <= b.number else (b, a)
    raw = version_diff(a, b)
    changed = [
        (
            _labelled(change["new"]),
            [
                FieldChange(
                    field_label(f), value_label(f, change["old"].get(f)), value_label(f, change["new"].get(f))
                )
                for f in change["fields"]
                if f in SNAPSHOT_FIELDS
            ],
        )
        for change in raw["changed"]
    ]
    return VersionDiff(
        old=old,
        new=new,
        added=[_labelled(i) for i in raw["added"]],
        changed=changed,
        removed=[_labelled(i) for i in raw["removed"]],
    )


# ---------------------------------------------------------------- public statistics
#
# The dashboard's figures (dashboard.figures) with the district scope, arranged for the public: the
# district and its streets, never a community; reports only as district totals and per department;
# nothing that names a reporter (no community, no report reference, no person).


AreaFigures = figures.AreaBurden  # the district or a street


@dataclass
class PublicStatistics:
    period: Period
    district: AreaFigures
    streets: list[AreaFigures]
    trend: list[figures.MonthBurden]


def statistics_period(params: Any) -> Period:
    """`month` (YYYY-MM, default this month) and `span` (1, 3, 6 or 12 months, default 12)."""
    month = parse_month(params.get("month")) or figures.month_start(clock.today())
    span = str(params.get("span", "") or "").strip()
    n = int(span) if span.isdigit() and int(span) in SPANS else 12
    return Period.months(month, n)


def public_statistics(period: Period) -> PublicStatistics:
    """The district and each street (ten to twelve queries, whatever the amount of data)."""
    rows = figures.community_burden(Scope(), period)
    return PublicStatistics(
        period=period,
        district=AreaFigures("", _("全区"), len(rows), figures.burden_total(rows)),
        streets=figures.street_burden(rows),
        trend=figures.burden_trend(Scope(), period.end),
    )


@dataclass
class DepartmentStatistics:
    """Per department: demands by verdict, and the violations about it (counts only, anonymous)."""

    code: str
    name: str
    sent: int
    by_verdict: dict[str, int]
    not_admitted: int
    reports: int  # reports about it received in the period
    cases: int  # supervision cases about it opened in the period
    substantiated: int  # cases concluded in the period as substantiated
    measures: dict[str, int] = field(default_factory=dict)  # Measure value → substantiated cases with it

    @property
    def not_admitted_share(self) -> float | None:
        return self.not_admitted / self.sent if self.sent else None


def department_statistics(period: Period) -> list[DepartmentStatistics]:
    """dashboard.figures.department_figures (district scope) with the cases opened and the measures
    taken in the period (one more query). Counts only: no community, report or case is ever named."""
    rows = figures.department_figures(period)
    opened: dict[int, int] = defaultdict(int)
    measures: dict[int, dict[str, int]] = defaultdict(lambda: {m: 0 for m in Measure.values})
    cases = (
        SupervisionCase.objects.filter(department_id__isnull=False)
        .filter(
            Q(received_on__gte=period.start, received_on__lte=period.end)
            | Q(concluded_on__gte=period.start, concluded_on__lte=period.end)
        )
        .order_by()
        .values_list("department_id", "received_on", "concluded_on", "status", "substantiated", "measures")
    )
    for dept, received, concluded, status, substantiated, taken in cases:
        if period.start <= received <= period.end:
            opened[dept] += 1
        if (
            status == CaseStatus.CONCLUDED
            and substantiated
            and concluded is not None
            and period.start <= concluded <= period.end
        ):
            for m in taken or []:
                if m in Measure.values:
                    measures[dept][m] += 1
    return [
        DepartmentStatistics(
            code=r.code,
            name=r.name,
            sent=r.sent,
            by_verdict=dict(r.by_verdict),
            not_admitted=r.not_admitted,
            reports=r.reports,
            cases=opened[r.pk],
            substantiated=r.substantiated,
            measures=dict(measures[r.pk]),
        )
        for r in rows
    ]


# ---------------------------------------------------------------- money per admitted matter


@dataclass
class MatterMoney:
    """Money committed and paid for one admitted matter in one year, by funding's definitions
    (funding.selectors): paid = recorded lines not cancelled; unpaid = committed − (paid − disputed),
    per commitment, never below zero."""

    code: str
    name: str
    department: str
    communities: int = 0
    committed: Decimal = ZERO
    paid: Decimal = ZERO
    confirmed: Decimal = ZERO
    disputed: Decimal = ZERO
    unpaid: Decimal = ZERO

    @property
    def paid_share(self) -> float | None:
        return float(self.paid / self.committed) if self.committed else None


def funding_years() -> list[int]:
    return sorted(set(Commitment.objects.order_by().values_list("year", flat=True).distinct()), reverse=True)


def funding_by_matter(year: int) -> list[MatterMoney]:
    """One row per matter with commitments in the year, by code, and the total (two queries)."""
    commitments = list(
        Commitment.objects.filter(year=year)
        .order_by()
        .values_list(
            "pk", "matter_id", "matter__code", "matter__name", "department__name", "community_id", "amount"
        )
    )
    sums: dict[tuple[int, str], Decimal] = {
        (c, s): v
        for c, s, v in DisbursementLine.objects.filter(commitment__year=year, status__in=list(COUNTED))
        .order_by()
        .values("commitment_id", "status")
        .annotate(v=Sum("amount"))
        .values_list("commitment_id", "status", "v")
    }
    rows: dict[int, MatterMoney] = {}
    communities: dict[int, set[int]] = defaultdict(set)
    for pk, matter_id, code, name, department, community_id, amount in commitments:
        row = rows.setdefault(matter_id, MatterMoney(code, name, department or ""))
        confirmed = sums.get((pk, LineStatus.CONFIRMED), ZERO)
        disputed = sums.get((pk, LineStatus.DISPUTED), ZERO)
        paid = confirmed + disputed + sums.get((pk, LineStatus.PENDING), ZERO)
        row.committed += amount
        row.paid += paid
        row.confirmed += confirmed
        row.disputed += disputed
        row.unpaid += max(amount - (paid - disputed), ZERO)
        communities[matter_id].add(community_id)
    for matter_id, row in rows.items():
        row.communities = len(communities[matter_id])
    return sorted(rows.values(), key=lambda r: r.code)


def money_total(rows: list[MatterMoney]) -> MatterMoney:
    total = MatterMoney("", _("合计"), "")
    for r in rows:
        for name in ("committed", "paid", "confirmed", "disputed", "unpaid"):
            setattr(total, name, getattr(total, name) + getattr(r, name))
    return total


# ---------------------------------------------------------------- evaluation


def evaluation_years() -> list[int]:
    """The years whose evaluation round is published, newest first."""
    return list(
        EvaluationRound.objects.filter(status=RoundStatus.PUBLISHED)
        .order_by("-year")
        .values_list("year", flat=True)
    )


def evaluation_results(year: int) -> list[DepartmentResult]:
    """evaluation.selectors.published_results: departments with at least five answers only, with their
    reply. Empty when the round is not published."""
    return [r for r in published_results(year) if r.published]


def parse_year(value: Any, years: list[int]) -> int | None:
    """The year asked for when it is one of `years`, else the newest of them (None when there is none)."""
    text = str(value or "").strip()
    if text.isdigit() and int(text) in years:
        return int(text)
    return years[0] if years else None
