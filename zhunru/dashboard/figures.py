"""The dashboard's figures: plain dataclasses computed by SQL aggregation, scoped by an explicit `Scope`.

Nothing here knows a request or a user: `selectors` decides which scope a role may see and calls these
functions with it (and so may the public portal, with the district scope). Each function runs a fixed
number of queries, whatever the amount of data: counting and summing happen in the database (annotate,
aggregate, Count with a filter); Python only arranges the grouped rows. Month by month figures are
grouped by day in the database (at most 366 rows a year) and summed into months here: on SQLite a month
function is Python called once per row, which at millions of demands costs seconds.

Definitions (the same on every page, export and report):

- a month's demands are the task notices *received* in it; their refusals and reports are those of the
  notices received in it (as in 我的任务);
- allowed hours are the estimated hours of notices judged duty, assist or admitted, divided by the number
  of months of the period (hours per month);
- admitted matters in force, signboards, ledgers and report forms are counted on the last day of the
  period (or today when the period has not ended yet);
- a decision's time is the working days from acceptance to the decision (zhunru.core.workdays); it is on
  time when decided by the application's decision due date (the legal limit, extended by the lawful
  pauses and hearing notice periods).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
from typing import Any, NamedTuple

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from zhunru.access.models import AccessApplication, Decision, Hearing, ProcedureSettings
from zhunru.areas.models import Area, Department
from zhunru.catalog.models import CatalogVersion, Matter, MatterKind, MatterList
from zhunru.core import clock, workdays
from zhunru.gateway.models import ALLOWED, TaskNotice, Verdict
from zhunru.registries import selectors as registries
from zhunru.registries.models import Signboard
from zhunru.supervision.models import CaseStatus, SupervisionCase, ViolationReport

ZERO = Decimal("0")
NOT_ADMITTED = (Verdict.NEGATIVE, Verdict.UNAPPROVED)
APPROVED = (Decision.Outcome.APPROVED, Decision.Outcome.APPROVED_WITH_CONDITIONS)


# ---------------------------------------------------------------- scope and period


@dataclass(frozen=True)
class Scope:
    """What a figure counts. All None/empty: the whole district."""

    street: int | None = None  # an Area id (level street): its communities only
    community: int | None = None  # an Area id (level community): that community only
    department: int | None = None  # only the demands, matters and boards of this department
    kind: str = ""  # only matters (and demands matched to matters) of this MatterKind

    def communities(self, prefix: str = "community") -> Q:
        q = Q()
        if self.community is not None:
            q &= Q(**{f"{prefix}_id": self.community})
        if self.street is not None:
            q &= Q(**{f"{prefix}__parent_id": self.street})
        return q

    def areas(self) -> QuerySet[Area]:
        qs = Area.objects.filter(level=Area.Level.COMMUNITY)
        if self.community is not None:
            qs = qs.filter(pk=self.community)
        if self.street is not None:
            qs = qs.filter(parent_id=self.street)
        return qs


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, n: int) -> dt.date:
    """The first day of the month n months after day's month (n may be negative)."""
    index = day.year * 12 + day.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class Period:
    """Whole months: from the first day of `start`'s month to the last day of `end`'s month."""

    start: dt.date
    end: dt.date

    @classmethod
    def months(cls, last: dt.date, n: int = 1) -> Period:
        """The n months ending with last's month."""
        return cls(add_months(last, -(n - 1)), month_end(last))

    @property
    def month_list(self) -> list[dt.date]:
        out, m = [], month_start(self.start)
        while m <= self.end:
            out.append(m)
            m = add_months(m, 1)
        return out

    @property
    def n_months(self) -> int:
        return len(self.month_list)

    @property
    def as_of(self) -> dt.date:
        """The day stock figures are counted on: the period's last day, or today if that is later."""
        return min(self.end, clock.today())

    @property
    def label(self) -> str:
        a, b = self.start.strftime("%Y-%m"), self.end.strftime("%Y-%m")
        return a if a == b else f"{a} — {b}"


def _in_period(period: Period, name: str) -> Q:
    return Q(**{f"{name}__gte": period.start, f"{name}__lte": period.end})


def _notices(scope: Scope) -> QuerySet[TaskNotice]:
    qs = TaskNotice.objects.filter(scope.communities())
    if scope.department is not None:
        qs = qs.filter(department_id=scope.department)
    if scope.kind:
        qs = qs.filter(matter__kind=scope.kind)
    return qs.order_by()


def in_force_q(day: dt.date, prefix: str = "") -> Q:
    """A catalog matter in force on `day`: published then (still published, or exited later), within its
    validity (a matter without valid_from counts from the day it was created)."""
    p = prefix
    published = Q(**{f"{p}status": Matter.Status.PUBLISHED}) | Q(
        **{f"{p}status": Matter.Status.EXITED, f"{p}exited_on__gt": day}
    )
    started = Q(**{f"{p}valid_from__lte": day}) | Q(
        **{f"{p}valid_from__isnull": True, f"{p}created_at__date__lte": day}
    )
    not_ended = Q(**{f"{p}valid_to__isnull": True}) | Q(**{f"{p}valid_to__gte": day})
    return published & started & not_ended


def _matters(scope: Scope, day: dt.date) -> QuerySet[Matter]:
    qs = Matter.objects.filter(in_force_q(day))
    if scope.department is not None:
        qs = qs.filter(department_id=scope.department)
    if scope.kind:
        qs = qs.filter(kind=scope.kind)
    return qs.order_by()


# ---------------------------------------------------------------- burden per community


@dataclass
class CommunityBurden:
    code: str
    name: str
    street: str
    admitted: int = 0  # admitted matters in force applying to the community
    notices: int = 0
    allowed_hours: Decimal = ZERO  # estimated hours of allowed work per month
    unapproved: int = 0
    negative: int = 0
    refused: int = 0
    reported: int = 0
    signboards: int = 0
    signboards_unadmitted: int = 0
    ledgers: int = 0
    reports_forms: int = 0
    submissions: int = 0  # ledger and report-form submissions a year
    certificates_refused: int = 0

    NUMBERS = (
        "admitted",
        "notices",
        "allowed_hours",
        "unapproved",
        "negative",
        "refused",
        "reported",
        "signboards",
        "signboards_unadmitted",
        "ledgers",
        "reports_forms",
        "submissions",
        "certificates_refused",
    )

    def add(self, other: CommunityBurden) -> None:
        for name in self.NUMBERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


class _Community(NamedTuple):
    """The columns of a community the burden table needs (read as values, not as model instances)."""

    pk: int
    code: str
    name: str
    parent_id: int | None
    street: str | None


def _coverage(rows: Any) -> tuple[set[int], dict[int, set[int]]]:
    """From (matter id, scope_all, scope area id) rows: the matters for every community, and per area id
    (a community or a street) the other matters that name it."""
    everywhere: set[int] = set()
    named: dict[int, set[int]] = {}
    for pk, scope_all, area_id in rows:
        if scope_all:
            everywhere.add(pk)
        elif area_id is not None:
            named.setdefault(area_id, set()).add(pk)
    return everywhere, named


def _covering(named: dict[int, set[int]], area: _Community) -> set[int]:
    """The matters naming the community or its street (each once)."""
    own, street = named.get(area.pk), named.get(area.parent_id) if area.parent_id is not None else None
    if own and street:
        return own | street
    return own or street or set()


def _admitted(scope: Scope, day: dt.date, areas: list[_Community]) -> dict[int, int]:
    """Per community id: the admitted matters in force applying to it (to every community, to it or to
    its street), each counted once. One query: the matters with their scope areas."""
    everywhere, named = _coverage(
        _matters(scope, day).filter(list=MatterList.ADMITTED).values_list("pk", "scope_all", "scope_areas")
    )
    return {a.pk: len(everywhere) + len(_covering(named, a)) for a in areas}


def _ledger_load(scope: Scope, day: dt.date, areas: list[_Community]) -> dict[int, tuple[int, int, int]]:
    """Per community id: (ledgers, report forms, submissions a year) of the catalog in force on `day`.
    One query (the matters with their scope areas); the frequency of each matter is read once."""
    if scope.kind and scope.kind not in (MatterKind.LEDGER, MatterKind.REPORT):
        return {}
    rows = list(
        _matters(scope, day)
        .filter(kind__in=[MatterKind.LEDGER, MatterKind.REPORT])
        .exclude(list=MatterList.NEGATIVE)
        .values_list("pk", "kind", "frequency", "scope_all", "scope_areas")
    )
    per_code: dict[str | None, int] = {}
    load: dict[int, tuple[int, int, int]] = {}  # per matter: (ledger, report form, submissions a year)
    for pk, kind, frequency, _all, _area in rows:
        code = registries.frequency_code(frequency)
        if code not in per_code:
            per_code[code] = registries.submissions_per_year(code, day.year) or 0
        load[pk] = (1, 0, per_code[code]) if kind == MatterKind.LEDGER else (0, 1, per_code[code])
    everywhere, named = _coverage((pk, scope_all, area) for pk, _k, _f, scope_all, area in rows)
    base = [sum(load[pk][i] for pk in everywhere) for i in range(3)]
    out: dict[int, tuple[int, int, int]] = {}
    for area in areas:
        ledgers, forms, per_year = base
        for pk in _covering(named, area):
            ledgers, forms, per_year = ledgers + load[pk][0], forms + load[pk][1], per_year + load[pk][2]
        out[area.pk] = (ledgers, forms, per_year)
    return out


def community_burden(scope: Scope, period: Period) -> list[CommunityBurden]:
    """One row per community of the scope, by code. Six queries at most."""
    day = period.as_of
    areas = [
        _Community(*values)
        for values in scope.areas()
        .order_by("code")
        .values_list("pk", "code", "name", "parent_id", "parent__name")
    ]
    admitted = _admitted(scope, day, areas)
    rows = {a.pk: CommunityBurden(a.code, a.name, a.street or "", admitted=admitted[a.pk]) for a in areas}
    months = Decimal(period.n_months)
    for r in (
        _notices(scope)
        .filter(_in_period(period, "received_on"))
        .values("community_id")
        .annotate(
            n=Count("pk"),
            hours=Sum("hours", filter=Q(verdict__in=ALLOWED)),
            unapproved=Count("pk", filter=Q(verdict=Verdict.UNAPPROVED)),
            negative=Count("pk", filter=Q(verdict=Verdict.NEGATIVE)),
            refused=Count("pk", filter=Q(action=TaskNotice.Action.REFUSED)),
            reported=Count("pk", filter=Q(reported_at__isnull=False)),
        )
    ):
        row = rows.get(r["community_id"])
        if row is None:
            continue
        row.notices, row.unapproved, row.negative = r["n"], r["unapproved"], r["negative"]
        row.refused, row.reported = r["refused"], r["reported"]
        row.allowed_hours = ((r["hours"] or ZERO) / months).quantize(Decimal("0.1"))
    if not scope.kind or scope.kind == MatterKind.SIGNBOARD:
        for r in (
            _boards(scope, day)
            .values("community_id")
            .annotate(n=Count("pk"), unadmitted=Count("pk", filter=registries.unadmitted_q(day)))
        ):
            if r["community_id"] in rows:
                rows[r["community_id"]].signboards = r["n"]
                rows[r["community_id"]].signboards_unadmitted = r["unadmitted"]
    for pk, (ledgers, forms, per_year) in _ledger_load(scope, day, areas).items():
        rows[pk].ledgers, rows[pk].reports_forms, rows[pk].submissions = ledgers, forms, per_year
    for pk, n in _certificate_refusals(scope, period).items():
        if pk in rows:
            rows[pk].certificates_refused = n
    return list(rows.values())


def burden_total(rows: list[CommunityBurden], label: str = "") -> CommunityBurden:
    total = CommunityBurden("", label, "")
    for name in CommunityBurden.NUMBERS:  # column by column: a city's 5,000 rows in a few ms
        setattr(total, name, sum(map(attrgetter(name), rows), getattr(total, name)))
    return total


@dataclass
class AreaBurden:
    """The sums of the per-community burden over the communities of a street (or of the district)."""

    code: str
    name: str
    communities: int
    total: CommunityBurden

    def per_community(self, name: str) -> Decimal:
        """A stock figure (admitted matters, ledgers…) as an average per community, to one place."""
        if not self.communities:
            return Decimal("0.0")
        return (Decimal(getattr(self.total, name)) / self.communities).quantize(Decimal("0.1"))


def street_burden(rows: list[CommunityBurden]) -> list[AreaBurden]:
    """One row per street that has communities among `rows`, in code order (a street's 12-digit code is the
    first nine digits of its communities' codes followed by 000)."""
    grouped: dict[str, list[CommunityBurden]] = {}
    for r in rows:
        grouped.setdefault(r.code[:9], []).append(r)
    return [
        AreaBurden(
            prefix.ljust(12, "0"),
            members[0].street,
            len(members),
            burden_total(members, label=members[0].street),
        )
        for prefix, members in sorted(grouped.items())
    ]


def _boards(scope: Scope, day: dt.date) -> QuerySet[Signboard]:
    qs = Signboard.objects.filter(scope.communities(), registered_on__lte=day).filter(
        Q(removed_on__isnull=True) | Q(removed_on__gt=day)
    )
    if scope.department is not None:
        qs = qs.filter(department_id=scope.department)
    return qs.order_by()


def _certificate_refusals(scope: Scope, period: Period) -> dict[int, int]:
    """Per community id, the certificates of the negative list it refused in the period (one query).
    A department filter leaves them out (a refusal names no department in the catalog's sense)."""
    if scope.department is not None or (scope.kind and scope.kind != MatterKind.CERTIFICATE):
        return {}
    from zhunru.certificates.models import Refusal

    return dict(
        Refusal.objects.filter(scope.communities(), _in_period(period, "refused_on"))
        .order_by()
        .values("community_id")
        .annotate(n=Count("pk"))
        .values_list("community_id", "n")
    )


@dataclass
class MonthBurden:
    month: dt.date
    notices: int = 0
    allowed_hours: Decimal = ZERO
    unapproved: int = 0
    negative: int = 0
    refused: int = 0
    reported: int = 0
    certificates_refused: int = 0

    @property
    def not_admitted(self) -> int:
        return self.unapproved + self.negative


def burden_trend(scope: Scope, last: dt.date, months: int = 12) -> list[MonthBurden]:
    """Month by month over the `months` months ending with last's month, oldest first (two queries)."""
    period = Period.months(last, months)
    out = {m: MonthBurden(m) for m in period.month_list}
    for r in (
        _notices(scope)
        .filter(_in_period(period, "received_on"))
        .values("received_on")
        .annotate(
            n=Count("pk"),
            hours=Sum("hours", filter=Q(verdict__in=ALLOWED)),
            unapproved=Count("pk", filter=Q(verdict=Verdict.UNAPPROVED)),
            negative=Count("pk", filter=Q(verdict=Verdict.NEGATIVE)),
            refused=Count("pk", filter=Q(action=TaskNotice.Action.REFUSED)),
            reported=Count("pk", filter=Q(reported_at__isnull=False)),
        )
    ):
        row = out[_month_of(r["received_on"])]
        row.notices += r["n"]
        row.unapproved += r["unapproved"]
        row.negative += r["negative"]
        row.refused += r["refused"]
        row.reported += r["reported"]
        row.allowed_hours += r["hours"] or ZERO
    if scope.department is None and (not scope.kind or scope.kind == MatterKind.CERTIFICATE):
        from zhunru.certificates.models import Refusal

        for day, n in (
            Refusal.objects.filter(scope.communities(), _in_period(period, "refused_on"))
            .order_by()
            .values("refused_on")
            .annotate(n=Count("pk"))
            .values_list("refused_on", "n")
        ):
            out[_month_of(day)].certificates_refused += n
    return list(out.values())


def _month_of(value: Any) -> dt.date:
    """The first day of the month of a date (or of a datetime's date)."""
    day = value.date() if isinstance(value, dt.datetime) else value
    return day.replace(day=1)


# ---------------------------------------------------------------- per department


@dataclass
class Evaluation:
    year: int
    answers: int
    mean: float | None  # the mean of the four criteria's means; None below five answers


@dataclass
class DepartmentFigures:
    pk: int
    code: str
    name: str
    sent: int = 0
    by_verdict: dict[str, int] = field(default_factory=lambda: {v: 0 for v in Verdict.values})
    reports: int = 0  # reports about the department received in the period (a count, never who)
    substantiated: int = 0  # cases about it concluded in the period as substantiated
    committed: Decimal = ZERO  # money committed for the period's year
    paid: Decimal = ZERO  # paid as recorded (cancelled lines excluded)
    evaluation: Evaluation | None = None

    @property
    def not_admitted(self) -> int:
        return self.by_verdict[Verdict.NEGATIVE] + self.by_verdict[Verdict.UNAPPROVED]

    @property
    def not_admitted_share(self) -> float | None:
        return self.not_admitted / self.sent if self.sent else None

    @property
    def unpaid(self) -> Decimal:
        return max(self.committed - self.paid, ZERO)


def department_figures(
    period: Period, *, department: int | None = None, scope: Scope | None = None
) -> list[DepartmentFigures]:
    """Per department (functional departments and street offices; one when `department` is given):
    what it sent by verdict, reports about it and substantiated cases, money committed vs paid in the
    period's year, and its latest published evaluation. Counts only: no community is ever named.
    `scope` narrows the demands to some communities (a street) and matters to one kind. Eight to eleven
    queries."""
    scope = scope or Scope()
    depts = Department.objects.filter(kind__in=[Department.Kind.DEPARTMENT, Department.Kind.STREET])
    if department is not None:
        depts = depts.filter(pk=department)
    rows = {d.pk: DepartmentFigures(d.pk, d.code, d.name) for d in depts.order_by("kind", "code")}
    notices = _notices(Scope(street=scope.street, community=scope.community, kind=scope.kind)).filter(
        _in_period(period, "received_on"), department_id__in=list(rows)
    )
    for r in notices.values("department_id", "verdict").annotate(n=Count("pk")):
        row = rows[r["department_id"]]
        row.by_verdict[r["verdict"]] = r["n"]
        row.sent += r["n"]
    # reports are counted district-wide whatever the street filter, so a count never points to a community
    reports = ViolationReport.objects.filter(_in_period(period, "reported_on"), department_id__in=list(rows))
    if scope.kind:
        reports = reports.filter(matter__kind=scope.kind)
    for pk, n in (
        reports.order_by().values("department_id").annotate(n=Count("pk")).values_list("department_id", "n")
    ):
        rows[pk].reports = n
    if scope.street is None and scope.community is None:  # a case is not a community's
        cases = SupervisionCase.objects.filter(
            _in_period(period, "concluded_on"),
            status=CaseStatus.CONCLUDED,
            substantiated=True,
            department_id__in=list(rows),
        )
        if scope.kind:
            cases = cases.filter(matter__kind=scope.kind)
        for pk, n in (
            cases.order_by().values("department_id").annotate(n=Count("pk")).values_list("department_id", "n")
        ):
            rows[pk].substantiated = n
    for pk, committed, paid in _money(period.end.year, list(rows), scope):
        rows[pk].committed, rows[pk].paid = committed, paid
    for pk, ev in _evaluations(period.end.year, list(rows)).items():
        rows[pk].evaluation = ev
    return list(rows.values())


def _money(year: int, departments: list[int], scope: Scope) -> list[tuple[int, Decimal, Decimal]]:
    """(department id, committed, paid) for the year: two queries."""
    from zhunru.funding.models import Commitment, DisbursementLine
    from zhunru.funding.workflow import COUNTED

    money = DecimalField(max_digits=14, decimal_places=2)
    commitments = Commitment.objects.filter(scope.communities(), year=year, department_id__in=departments)
    lines = DisbursementLine.objects.filter(
        scope.communities(),
        commitment__year=year,
        commitment__department_id__in=departments,
        status__in=list(COUNTED),
    )
    if scope.kind:
        commitments = commitments.filter(matter__kind=scope.kind)
        lines = lines.filter(commitment__matter__kind=scope.kind)
    committed = dict(
        commitments.order_by()
        .values("department_id")
        .annotate(s=Coalesce(Sum("amount"), Value(ZERO), output_field=money))
        .values_list("department_id", "s")
    )
    paid = dict(
        lines.order_by()
        .values("commitment__department_id")
        .annotate(s=Coalesce(Sum("amount"), Value(ZERO), output_field=money))
        .values_list("commitment__department_id", "s")
    )
    return [(pk, committed.get(pk, ZERO), paid.get(pk, ZERO)) for pk in set(committed) | set(paid)]


def _evaluations(year: int, departments: list[int]) -> dict[int, Evaluation]:
    """Each department's result in the latest published evaluation round up to `year`, in one query: the
    number of answers and, from five answers (evaluation.workflow.MIN_ANSWERS, as
    evaluation.selectors.published_results), the mean of the four criteria's means."""
    from zhunru.evaluation.models import CRITERIA, EvaluationAnswer, EvaluationRound, RoundStatus
    from zhunru.evaluation.workflow import MIN_ANSWERS

    latest = (
        EvaluationRound.objects.filter(status=RoundStatus.PUBLISHED, year__lte=year)
        .order_by("-year")
        .values("year")[:1]
    )
    rows = (
        EvaluationAnswer.objects.filter(
            round__status=RoundStatus.PUBLISHED, round__year=Subquery(latest), department_id__in=departments
        )
        .order_by()
        .values("department_id", "round__year")
        .annotate(n=Count("pk"), **{f"avg_{c}": Avg(c) for c in CRITERIA})
    )
    out = {}
    for r in rows:
        mean = None
        if r["n"] >= MIN_ANSWERS:
            mean = round(sum(float(r[f"avg_{c}"]) for c in CRITERIA) / len(CRITERIA), 2)
        out[r["department_id"]] = Evaluation(r["round__year"], r["n"], mean)
    return out


@dataclass
class DepartmentMonth:
    month: dt.date
    sent: int = 0
    not_admitted: int = 0


def department_trend(
    department: int | None, last: dt.date, months: int = 12, scope: Scope | None = None
) -> list[DepartmentMonth]:
    """Demands sent per month (by one department, or by every department) and how many were not
    admitted, oldest first (one query)."""
    scope = scope or Scope()
    period = Period.months(last, months)
    out = {m: DepartmentMonth(m) for m in period.month_list}
    qs = _notices(Scope(street=scope.street, community=scope.community, kind=scope.kind)).filter(
        _in_period(period, "received_on"), department__isnull=False
    )
    if department is not None:
        qs = qs.filter(department_id=department)
    for r in qs.values("received_on").annotate(
        n=Count("pk"), bad=Count("pk", filter=Q(verdict__in=NOT_ADMITTED))
    ):
        row = out[_month_of(r["received_on"])]
        row.sent += r["n"]
        row.not_admitted += r["bad"]
    return list(out.values())


# ---------------------------------------------------------------- the approval office


@dataclass
class OfficePerformance:
    received: int = 0
    approved: int = 0  # approved, with or without conditions
    rejected: int = 0
    decided: int = 0
    median_days: float | None = None
    p90_days: float | None = None
    limit_days: int = 0
    on_time: int = 0
    hearings_held: int = 0

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.decided if self.decided else None


def percentile(values: list[int], q: float) -> float | None:
    """The q-th percentile (0–100) by linear interpolation between closest ranks (as numpy's default)."""
    if not values:
        return None
    s = sorted(values)
    pos = (len(s) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return float(s[lo] + (s[hi] - s[lo]) * (pos - lo))


WorkdayCounter = workdays.WorkdayCounter  # one query for many pairs of dates (public in core.workdays)


def office_performance(period: Period, *, kind: str = "") -> OfficePerformance:
    """Applications received (submitted in the period), decided in the period (approved or rejected),
    their decision time in working days (median, 90th percentile) against the limit, the share decided
    by the due date, and the hearings held in the period. Five or six queries."""
    out = OfficePerformance()
    apps = AccessApplication.objects.filter(_in_period(period, "submitted_on"))
    decisions = Decision.objects.filter(_in_period(period, "decided_on"), application__isnull=False)
    hearings = Hearing.objects.filter(_in_period(period, "held_on"))
    if kind:
        apps = apps.filter(kind=kind)
        decisions = decisions.filter(application__kind=kind)
        hearings = hearings.filter(application__kind=kind)
    out.received = apps.count()
    out.hearings_held = hearings.count()
    settings_row = ProcedureSettings.objects.order_by("pk").first()
    out.limit_days = settings_row.decide_days if settings_row else ProcedureSettings().decide_days
    rows = list(
        decisions.order_by().values_list(
            "outcome", "decided_on", "application__accepted_on", "application__decision_due"
        )
    )
    out.decided = len(rows)
    out.approved = sum(1 for r in rows if r[0] in APPROVED)
    out.rejected = sum(1 for r in rows if r[0] == Decision.Outcome.REJECTED)
    timed = [r for r in rows if r[2] is not None and r[1] >= r[2]]
    if timed:
        counter = WorkdayCounter(min(r[2] for r in timed), max(r[1] for r in timed))
        days = [counter.between(r[2], r[1]) for r in timed]
        out.median_days = percentile(days, 50)
        out.p90_days = percentile(days, 90)
    out.on_time = sum(1 for r in rows if r[3] is not None and r[1] <= r[3])
    return out


@dataclass
class OfficeMonth:
    month: dt.date
    received: int = 0
    decided: int = 0


def office_trend(last: dt.date, months: int = 12, *, kind: str = "") -> list[OfficeMonth]:
    """Applications received and decided per month, oldest first (two queries)."""
    period = Period.months(last, months)
    out = {m: OfficeMonth(m) for m in period.month_list}
    apps = AccessApplication.objects.filter(_in_period(period, "submitted_on"))
    decisions = Decision.objects.filter(_in_period(period, "decided_on"), application__isnull=False)
    if kind:
        apps = apps.filter(kind=kind)
        decisions = decisions.filter(application__kind=kind)
    for day, n in (
        apps.order_by().values("submitted_on").annotate(n=Count("pk")).values_list("submitted_on", "n")
    ):
        out[_month_of(day)].received += n
    for day, n in (
        decisions.order_by().values("decided_on").annotate(n=Count("pk")).values_list("decided_on", "n")
    ):
        out[_month_of(day)].decided += n
    return list(out.values())


# ---------------------------------------------------------------- reductions


@dataclass
class Reduction:
    key: str  # catalog, signboards, ledgers, reports, certificates
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before

    @property
    def change_share(self) -> float | None:
        return self.change / self.before if self.before else None


REDUCTION_KEYS = ("catalog", "signboards", "ledgers", "reports", "certificates")
KIND_KEYS = {
    MatterKind.LEDGER: "ledgers",
    MatterKind.REPORT: "reports",
    MatterKind.CERTIFICATE: "certificates",
}


def _catalog_items(day: dt.date, codes: set[str] | None) -> list[dict[str, str]] | None:
    """The catalog as it stood on `day` from the last version published by then (one query), or None."""
    end = timezone.make_aware(dt.datetime.combine(day, dt.time.max))
    version = CatalogVersion.objects.filter(published_at__lte=end).order_by("-number").only("items").first()
    if version is None:
        return None
    items = [i for i in version.items if _item_in_force(i, day)]
    if codes is not None:
        items = [i for i in items if not i.get("scope") or codes & set(str(i["scope"]).split(";"))]
    return items


def _item_in_force(item: dict[str, str], day: dt.date) -> bool:
    start, end = item.get("valid_from") or "", item.get("valid_to") or ""
    iso = day.isoformat()
    return (not start or start <= iso) and (not end or iso <= end)


def _catalog_counts(day: dt.date, scope: Scope, codes: set[str] | None, live: bool) -> dict[str, int]:
    """The catalog (negative list excepted) on `day`: items, and of them ledgers, report forms and
    certificates. Live from the matters for today; else from the catalog version of that day, falling
    back to the matters' validity, publication and exit dates when no version was published by then."""
    counts = {"catalog": 0, "ledgers": 0, "reports": 0, "certificates": 0}
    items = None if live else _catalog_items(day, codes)
    if items is not None:
        for i in items:
            if i.get("list") == MatterList.NEGATIVE:
                continue
            if scope.kind and i.get("kind") != scope.kind:
                continue
            counts["catalog"] += 1
            if i.get("kind") in KIND_KEYS:
                counts[KIND_KEYS[i["kind"]]] += 1
        return counts
    qs = _matters(Scope(kind=scope.kind), day).exclude(list=MatterList.NEGATIVE)
    if codes is not None:
        qs = qs.filter(Q(scope_all=True) | Q(scope_areas__code__in=codes)).distinct()
    agg = qs.aggregate(
        catalog=Count("pk", distinct=True),
        ledgers=Count("pk", filter=Q(kind=MatterKind.LEDGER), distinct=True),
        reports=Count("pk", filter=Q(kind=MatterKind.REPORT), distinct=True),
        certificates=Count("pk", filter=Q(kind=MatterKind.CERTIFICATE), distinct=True),
    )
    return {k: agg[k] or 0 for k in counts}


def reductions(scope: Scope, baseline: dt.date, now: dt.date | None = None) -> list[Reduction]:
    """Counts at the baseline date and now, the way districts report them ("120 items → 58"): catalog
    items (negative list excepted; those applying to the scope's communities), and of them ledgers,
    report forms and certificates, and the signboards hung. Four to six queries."""
    now = now or clock.today()
    codes: set[str] | None = None
    if scope.community is not None or scope.street is not None:
        codes = set()
        for code, parent in scope.areas().values_list("code", "parent__code"):
            codes |= {code, parent or ""}
        codes.discard("")
    before = _catalog_counts(baseline, scope, codes, live=False)
    after = _catalog_counts(now, scope, codes, live=now >= clock.today())
    board_scope = Scope(street=scope.street, community=scope.community, department=scope.department)
    boards = {"before": 0, "after": 0}
    if not scope.kind or scope.kind == MatterKind.SIGNBOARD:
        agg = Signboard.objects.filter(board_scope.communities()).order_by()
        if scope.department is not None:
            agg = agg.filter(department_id=scope.department)
        boards = agg.aggregate(
            before=Count(
                "pk",
                filter=Q(registered_on__lte=baseline)
                & (Q(removed_on__isnull=True) | Q(removed_on__gt=baseline)),
            ),
            after=Count(
                "pk", filter=Q(registered_on__lte=now) & (Q(removed_on__isnull=True) | Q(removed_on__gt=now))
            ),
        )
    out = []
    for key in REDUCTION_KEYS:
        if key == "signboards":
            out.append(Reduction(key, boards["before"] or 0, boards["after"] or 0))
        else:
            out.append(Reduction(key, before[key], after[key]))
    return out


def first_catalog_day() -> dt.date | None:
    """The day the first catalog version was published: the usual baseline."""
    first = CatalogVersion.objects.order_by("number").values_list("published_at", flat=True).first()
    return timezone.localtime(first).date() if first else None
