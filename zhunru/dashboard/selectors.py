"""Who sees which dashboard, and with which scope. The figures themselves are in `figures` (no user there).

- a community worker: her own community (burden, reductions), reports of her own community included;
- a street officer: his street's communities (burden, reductions), never who reported;
- the approval office (clerks, head) and joint-meeting members: the whole district (burden, departments,
  the office's performance, reductions), never who reported;
- supervision: the whole district, with the reports per community;
- a department (clerk, head): its own department's figures only, counts without any community.

Nobody's figures name or rank a community worker: the unit is the community.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.translation import gettext_lazy as _

from zhunru.accounts.roles import Role
from zhunru.areas.models import Area, Department
from zhunru.catalog.models import MatterKind
from zhunru.core import clock
from zhunru.core.errors import NotFound
from zhunru.dashboard import figures
from zhunru.dashboard.figures import Period, Scope

OFFICE_ROLES = (Role.APPROVAL_CLERK, Role.APPROVAL_HEAD, Role.APPROVER)
DEPARTMENT_ROLES = (Role.DEPT_CLERK, Role.DEPT_HEAD)
DASHBOARD_ROLES = (
    Role.SUPERVISOR,
    *OFFICE_ROLES,
    Role.STREET_OFFICER,
    Role.COMMUNITY_WORKER,
    *DEPARTMENT_ROLES,
)
SPANS = (1, 3, 6, 12)

# the pages of the dashboard, in menu order
PAGES: dict[str, Any] = {
    "burden": _("社区负担"),
    "departments": _("部门情况"),
    "office": _("准入审批"),
    "reductions": _("减负成效"),
}


@dataclass(frozen=True)
class Dashboard:
    """What one user's dashboard shows."""

    level: str  # community, street, district, supervision, department
    scope: Scope  # the widest scope the user may see
    pages: tuple[str, ...]
    reports: bool = False  # the count of reported demands per community (supervision; a community its own)
    street_filter: bool = False
    department: int | None = None  # a department's own

    @property
    def district(self) -> bool:
        return self.level in ("district", "supervision")


def _active(user: Any) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def dashboard_for(user: Any) -> Dashboard | None:
    """The user's dashboard, the widest role first; None for who has none (admins, no role)."""
    if not _active(user):
        return None
    all_pages = ("burden", "departments", "office", "reductions")
    if user.has_role(Role.SUPERVISOR):
        return Dashboard("supervision", Scope(), all_pages, reports=True, street_filter=True)
    if user.has_role(*OFFICE_ROLES):
        return Dashboard("district", Scope(), all_pages, street_filter=True)
    if user.has_role(Role.STREET_OFFICER) and user.department_id and user.department.area_id:
        return Dashboard("street", Scope(street=user.department.area_id), ("burden", "reductions"))
    if user.has_role(Role.COMMUNITY_WORKER) and user.community_id:
        return Dashboard(
            "community", Scope(community=user.community_id), ("burden", "reductions"), reports=True
        )
    if user.has_role(*DEPARTMENT_ROLES) and user.department_id:
        return Dashboard("department", Scope(), ("departments",), department=user.department_id)
    return None


def require_dashboard(user: Any, page: str) -> Dashboard:
    """The user's dashboard when it has this page; NotFound otherwise (as for any object not theirs)."""
    board = dashboard_for(user)
    if board is None or page not in board.pages:
        raise NotFound()
    return board


# ---------------------------------------------------------------- filters


YEARS = range(2000, 2101)


def parse_month(value: Any) -> dt.date | None:
    """A YYYY-MM month (its first day) between 2000 and 2100, or None."""
    try:
        year, month = str(value or "").strip().split("-")
        day = dt.date(int(year), int(month), 1)
    except ValueError:
        return None
    return day if day.year in YEARS else None


@dataclass
class Filters:
    month: dt.date  # the period's last month (first day)
    span: int  # months in the period
    street: int | None = None
    department: int | None = None
    kind: str = ""
    baseline: dt.date | None = None
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def period(self) -> Period:
        return Period.months(self.month, self.span)

    @classmethod
    def from_query(cls, params: Any, board: Dashboard) -> Filters:
        raw = {
            k: str(params.get(k, "") or "").strip()
            for k in ("month", "span", "street", "department", "kind", "baseline")
        }
        month = parse_month(raw["month"]) or figures.month_start(clock.today())
        span = int(raw["span"]) if raw["span"].isdigit() and int(raw["span"]) in SPANS else 1
        street = int(raw["street"]) if board.street_filter and raw["street"].isdigit() else None
        department = int(raw["department"]) if raw["department"].isdigit() else None
        if board.level == "department":
            department = board.department
        kind = raw["kind"] if raw["kind"] in MatterKind.values else ""
        try:
            baseline = dt.date.fromisoformat(raw["baseline"]) if raw["baseline"] else None
        except ValueError:
            baseline = None
        if baseline is not None and baseline.year not in YEARS:
            baseline = None
        raw.update(month=month.strftime("%Y-%m"), span=str(span))
        return cls(month, span, street, department, kind, baseline, raw)

    def scope(self, board: Dashboard) -> Scope:
        """The board's scope narrowed by the filters (never widened)."""
        scope = replace(board.scope, department=self.department, kind=self.kind)
        if self.street is not None and board.street_filter:
            scope = replace(scope, street=self.street)
        return scope


def filter_choices(board: Dashboard) -> dict[str, Any]:
    """The choices of the filter form (two queries at most)."""
    streets = (
        list(Area.objects.filter(level=Area.Level.STREET).order_by("code").values_list("pk", "name"))
        if board.street_filter
        else []
    )
    departments = (
        list(
            Department.objects.filter(kind__in=[Department.Kind.DEPARTMENT, Department.Kind.STREET])
            .order_by("kind", "code")
            .values_list("pk", "name")
        )
        if board.level != "department"
        else []
    )
    return {"streets": streets, "departments": departments, "kinds": MatterKind.choices, "spans": SPANS}


# ---------------------------------------------------------------- the pages' figures


@dataclass
class BurdenFigures:
    rows: list[figures.CommunityBurden]
    total: figures.CommunityBurden
    trend: list[figures.MonthBurden]


def burden(user: Any, f: Filters) -> BurdenFigures:
    board = require_dashboard(user, "burden")
    scope = f.scope(board)
    rows = figures.community_burden(scope, f.period)
    return BurdenFigures(rows, figures.burden_total(rows), figures.burden_trend(scope, f.month))


@dataclass
class DepartmentPage:
    rows: list[figures.DepartmentFigures]
    trend: list[figures.DepartmentMonth]


def departments(user: Any, f: Filters) -> DepartmentPage:
    board = require_dashboard(user, "departments")
    scope = f.scope(board)
    rows = figures.department_figures(f.period, department=f.department, scope=scope)
    return DepartmentPage(rows, figures.department_trend(f.department, f.month, scope=scope))


@dataclass
class OfficePage:
    performance: figures.OfficePerformance
    trend: list[figures.OfficeMonth]


def office(user: Any, f: Filters) -> OfficePage:
    require_dashboard(user, "office")
    return OfficePage(
        figures.office_performance(f.period, kind=f.kind), figures.office_trend(f.month, kind=f.kind)
    )


@dataclass
class ReductionPage:
    rows: list[figures.Reduction]
    baseline: dt.date
    now: dt.date


def default_baseline() -> dt.date:
    today = clock.today()
    return figures.first_catalog_day() or dt.date(today.year, 1, 1)


def reductions(user: Any, f: Filters) -> ReductionPage:
    board = require_dashboard(user, "reductions")
    baseline = f.baseline or default_baseline()
    now = clock.today()
    return ReductionPage(figures.reductions(f.scope(board), baseline, now), baseline, now)


def monthly_report(month: dt.date) -> dict[str, Any]:
    """The district's figures of one month, for the monthly report (CLI and the office's download)."""
    period = Period.months(month, 1)
    scope = Scope()
    rows = figures.community_burden(scope, period)
    return {
        "period": period,
        "rows": rows,
        "total": figures.burden_total(rows),
        "trend": figures.burden_trend(scope, month),
        "departments": figures.department_figures(period),
        "office": figures.office_performance(period),
        "reductions": figures.reductions(scope, default_baseline(), period.as_of),
        "baseline": default_baseline(),
    }


def may_download_report(user: Any) -> bool:
    board = dashboard_for(user)
    return board is not None and board.district
