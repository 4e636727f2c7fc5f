"""Reads of funding, by data scope: a department its own matters' commitments; a community worker her
community's; a street officer his street's communities; the approval office and supervision the whole
district (accounts.selectors.visible_communities gives the community scopes).

The arrears figures, per commitment and summed per matter, department or community:

    committed  承诺   the commitment's amount
    paid       已拨付 what the department recorded, cancelled lines excluded (disputed ones included)
    confirmed  已确认 what the community confirmed it received
    disputed   有异议 what the community says did not arrive as recorded
    pending    待确认 paid − confirmed − disputed
    unpaid     欠拨   committed − (paid − disputed)
    overdue    逾期   the unpaid part of commitments more than N working days past their payment date
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from zhunru.accounts.roles import Role
from zhunru.accounts.selectors import visible_communities
from zhunru.catalog.models import Matter
from zhunru.core import clock
from zhunru.core.errors import NotFound
from zhunru.core.todo import TODO_LIMIT, TodoItem, TodoList
from zhunru.funding import workflow
from zhunru.funding.models import Commitment, DisbursementLine, UnfundedMatter
from zhunru.funding.models import LineStatus as L
from zhunru.funding.services import funding_settings, overdue_limit_cache, reference_amounts

ZERO = Decimal("0.00")
GROUPS = ("matter", "department", "community")


def _active(user: Any) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_district(user: Any) -> bool:
    return _active(user) and user.has_role(*workflow.DISTRICT)


def visible_commitments(user: Any) -> QuerySet[Commitment]:
    qs = Commitment.objects.select_related(
        "matter", "department", "community", "community__parent", "decision"
    )
    if not _active(user):
        return qs.none()
    if is_district(user):
        return qs
    scope = Q(pk__in=[])
    if user.has_role(*workflow.DEPARTMENT) and user.department_id:
        scope |= Q(department_id=user.department_id)
    if user.has_role(Role.STREET_OFFICER, Role.COMMUNITY_WORKER):
        scope |= Q(community__in=visible_communities(user))
    return qs.filter(scope)


def filtered_commitments(user: Any, params: Any) -> tuple[QuerySet[Commitment], dict[str, str]]:
    """Filters: year ("" = every year; default the current year), q (matter, community, department)."""
    f = {k: str(params.get(k, "") or "").strip() for k in ("year", "q", "by")}
    if "year" not in params:
        f["year"] = str(clock.today().year)
    if f["by"] not in GROUPS:
        f["by"] = "matter"
    qs = visible_commitments(user)
    if f["year"].isdigit():
        qs = qs.filter(year=int(f["year"]))
    else:
        f["year"] = ""
    if f["q"]:
        q = f["q"]
        qs = qs.filter(
            Q(matter__name__icontains=q)
            | Q(matter__code__icontains=q)
            | Q(community__name__icontains=q)
            | Q(community__code__startswith=q)
            | Q(department__name__icontains=q)
        )
    return qs, f


def access_matter(user: Any, pk: int) -> Matter:
    """A matter with at least one commitment the user may see."""
    if not visible_commitments(user).filter(matter_id=pk).exists():
        raise NotFound()
    return Matter.objects.select_related("department").get(pk=pk)


def visible_lines(user: Any) -> QuerySet[DisbursementLine]:
    return DisbursementLine.objects.filter(
        commitment__in=visible_commitments(user).values("pk")
    ).select_related(
        "disbursement", "disbursement__matter", "disbursement__department", "community", "answered_by"
    )


def filtered_lines(user: Any, params: Any) -> tuple[QuerySet[DisbursementLine], dict[str, str]]:
    f = {k: str(params.get(k, "") or "").strip() for k in ("status", "q", "year")}
    qs = visible_lines(user)
    if f["status"] in L.values:
        qs = qs.filter(status=f["status"])
    else:
        f["status"] = ""
    if f["year"].isdigit():
        qs = qs.filter(disbursement__year=int(f["year"]))
    if f["q"]:
        q = f["q"]
        qs = qs.filter(
            Q(disbursement__reference__icontains=q)
            | Q(disbursement__voucher_number__icontains=q)
            | Q(disbursement__matter__name__icontains=q)
            | Q(community__name__icontains=q)
        )
    return qs.order_by("-disbursement__paid_on", "-disbursement_id", "community__code"), f


def access_line(user: Any, pk: int) -> DisbursementLine:
    line = visible_lines(user).filter(pk=pk).first()
    if line is None:
        raise NotFound()
    return line


def line_actions(user: Any, line: DisbursementLine) -> list[str]:
    """What the user may do with the line now (the buttons)."""
    if not _active(user):
        return []
    out = []
    for t in workflow.allowed(workflow.LINE_TRANSITIONS, line.status):
        if not user.has_role(*t.roles):
            continue
        if t.roles == workflow.COMMUNITY and user.community_id != line.community_id:
            continue
        if t.roles == workflow.DEPARTMENT and user.department_id != line.disbursement.department_id:
            continue
        out.append(t.name)
    return out


def can_record(user: Any, matter: Matter) -> bool:
    return (
        _active(user)
        and user.has_role(*workflow.DEPARTMENT)
        and bool(user.department_id)
        and user.department_id == matter.department_id
    )


def visible_unfunded(user: Any) -> QuerySet[UnfundedMatter]:
    qs = UnfundedMatter.objects.select_related("matter", "department", "exit_request")
    return qs.filter(matter_id__in=visible_commitments(user).values("matter_id"))


# ---------------------------------------------------------------- arrears


@dataclass
class Figures:
    committed: Decimal = ZERO
    paid: Decimal = ZERO
    confirmed: Decimal = ZERO
    disputed: Decimal = ZERO
    unpaid: Decimal = ZERO
    overdue: Decimal = ZERO

    @property
    def pending(self) -> Decimal:
        return self.paid - self.confirmed - self.disputed

    def add(self, other: Figures) -> None:
        for name in ("committed", "paid", "confirmed", "disputed", "unpaid", "overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class ArrearsRow(Figures):
    key: int = 0
    code: str = ""
    label: str = ""
    context: str = ""  # the matter's department, or the community's street
    commitments: int = 0
    households: int | None = None
    reference_welfare: Decimal | None = None
    reference_work: Decimal | None = None
    unfunded: Any = None
    matter_ids: set[int] = field(default_factory=set)

    @property
    def reference_total(self) -> Decimal | None:
        if self.reference_welfare is None or self.reference_work is None:
            return None
        return self.reference_welfare + self.reference_work


def commitment_figures(commitments: list[Commitment], today: dt.date | None = None) -> dict[int, Figures]:
    """The figures of each commitment (see the module's docstring)."""
    today = today or clock.today()
    limit = overdue_limit_cache()
    sums: dict[tuple[int, str], Decimal] = {
        (row["commitment_id"], row["status"]): row["s"]
        for row in DisbursementLine.objects.filter(
            commitment__in=[c.pk for c in commitments], status__in=workflow.COUNTED
        )
        .values("commitment_id", "status")
        .annotate(s=Sum("amount"))
        .order_by()
    }
    out = {}
    for c in commitments:
        confirmed = sums.get((c.pk, L.CONFIRMED), ZERO)
        disputed = sums.get((c.pk, L.DISPUTED), ZERO)
        paid = confirmed + disputed + sums.get((c.pk, L.PENDING), ZERO)
        unpaid = max(c.amount - (paid - disputed), ZERO)
        overdue = unpaid if unpaid > 0 and today > limit(c.due_on) else ZERO
        out[c.pk] = Figures(c.amount, paid, confirmed, disputed, unpaid, overdue)
    return out


def arrears(
    user: Any, params: Any, today: dt.date | None = None
) -> tuple[list[ArrearsRow], Figures, dict[str, str]]:
    """Rows per matter, department or community (params `by`), with the total, over the commitments of
    the year the user may see. Community rows carry the reference amounts beside what was received."""
    qs, f = filtered_commitments(user, params)
    commitments = list(qs.order_by())
    figures = commitment_figures(commitments, today)
    rows: dict[int, ArrearsRow] = {}
    total = Figures()
    by = f["by"]
    for c in commitments:
        if by == "matter":
            key, code, label = c.matter_id, c.matter.code, c.matter.name
            context = c.department.name
        elif by == "department":
            key, code, label, context = c.department_id, c.department.code, c.department.name, ""
        else:
            key, code, label = c.community_id, c.community.code, c.community.name
            context = c.community.parent.name if c.community.parent else ""
        row = rows.get(key)
        if row is None:
            row = rows[key] = ArrearsRow(key=key, code=code, label=label, context=context)
            if by == "community":
                row.households = c.community.households
        row.add(figures[c.pk])
        row.commitments += 1
        row.matter_ids.add(c.matter_id)
        total.add(figures[c.pk])
    out = sorted(rows.values(), key=lambda r: r.code)
    if by == "community":
        s = funding_settings()
        for row in out:
            row.reference_welfare, row.reference_work = reference_amounts(row.households or 0, s)
    if by == "matter":
        flags = {u.matter_id: u for u in visible_unfunded(user).filter(matter_id__in=list(rows))}
        for row in out:
            row.unfunded = flags.get(row.key)
    return out, total, f


def matter_commitments(user: Any, matter: Matter, year: int | None) -> list[tuple[Commitment, Figures]]:
    qs = visible_commitments(user).filter(matter=matter)
    if year:
        qs = qs.filter(year=year)
    items = list(qs.order_by("-year", "community__code"))
    figures = commitment_figures(items)
    return [(c, figures[c.pk]) for c in items]


def matter_years(user: Any, matter: Matter) -> list[int]:
    return sorted(
        set(visible_commitments(user).filter(matter=matter).values_list("year", flat=True)), reverse=True
    )


def todo(user: Any, limit: int = TODO_LIMIT) -> TodoList:
    """To-do (inbox): payments to the worker's community that wait for her confirmation."""
    from django.utils.translation import gettext as _

    if user is None or not user.has_role(Role.COMMUNITY_WORKER) or not user.community_id:
        return TodoList()
    waiting = DisbursementLine.objects.filter(community_id=user.community_id, status=L.PENDING).count()
    if not waiting:
        return TodoList()
    title = _("经费到账确认：{n} 笔拨付待确认").format(n=waiting)
    return TodoList([TodoItem(title, "/funding/disbursements/", _("确认或提出异议"), None)], 1)
