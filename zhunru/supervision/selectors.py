"""Reads of supervision, by role. Supervision sees everything, who reported included; a community sees
its own reports, their case's state and its feedback; a department sees anonymous counts about itself
and nothing else (never a single report, its community or its reporter)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, When
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from zhunru.access.selectors import Deadline
from zhunru.accounts.roles import Role
from zhunru.core import clock
from zhunru.core.errors import NotFound
from zhunru.core.todo import TODO_LIMIT, TodoItem, TodoList
from zhunru.core.workdays import working_days_between
from zhunru.supervision import workflow
from zhunru.supervision.models import (
    CaseFeedback,
    CaseStatus,
    RetaliationFlag,
    SupervisionCase,
    ViolationReport,
)

DEPARTMENT_ROLES = (Role.DEPT_CLERK, Role.DEPT_HEAD)


def _active(user: Any) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_supervision(user: Any) -> bool:
    return _active(user) and user.has_role(Role.SUPERVISOR)


# ---------------------------------------------------------------- supervision


def visible_cases(user: Any) -> QuerySet[SupervisionCase]:
    qs = SupervisionCase.objects.select_related("department", "matter").annotate(
        report_count=Count("reports", distinct=True)
    )
    return qs if is_supervision(user) else qs.none()


def filtered_cases(user: Any, params: Any) -> tuple[QuerySet[SupervisionCase], dict[str, str]]:
    """The case list with its filters (status, department id, year, overdue, q), as the page and the
    export and the API read them."""
    qs = visible_cases(user)
    f = {k: str(params.get(k, "") or "").strip() for k in ("status", "department", "year", "q", "overdue")}
    if f["status"] in CaseStatus.values:
        qs = qs.filter(status=f["status"])
    if f["department"].isdigit():
        qs = qs.filter(department_id=int(f["department"]))
    if f["year"].isdigit():
        qs = qs.filter(year=int(f["year"]))
    if f["q"]:
        q = f["q"]
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(department__name__icontains=q)
            | Q(department_text__icontains=q)
            | Q(matter__name__icontains=q)
            | Q(reports__reference__icontains=q)
        ).distinct()
    if f["overdue"] in ("1", "true", "yes"):
        today = clock.today()
        qs = qs.filter(
            Q(status=CaseStatus.RECEIVED, start_due__lt=today)
            | Q(status__in=workflow.OPEN, conclude_due__lt=today)
        )
    return qs.order_by("-year", "-seq"), f


def access_case(user: Any, pk: int) -> SupervisionCase:
    case = visible_cases(user).filter(pk=pk).first()
    if case is None:
        raise NotFound()
    return case


def case_reports(case: SupervisionCase) -> QuerySet[ViolationReport]:
    """The reports of a case with their reporters: for supervision's eyes only (call after access_case)."""
    return case.reports.select_related("community", "community__parent", "reported_by", "matter").order_by(
        "reported_on", "pk"
    )


def reports_of_cases(user: Any, case_ids: list[int]) -> QuerySet[ViolationReport]:
    """The reports of several cases (the export): supervision only."""
    if not is_supervision(user):
        return ViolationReport.objects.none()
    return ViolationReport.objects.filter(case_id__in=case_ids)


def case_actions(user: Any, case: SupervisionCase) -> list[str]:
    if not is_supervision(user):
        return []
    return [
        t.name for t in workflow.allowed(workflow.CASE_TRANSITIONS, case.status) if user.has_role(*t.roles)
    ]


def visible_flags(user: Any) -> QuerySet[RetaliationFlag]:
    qs = RetaliationFlag.objects.select_related("department", "community", "report", "report__case", "notice")
    return qs if is_supervision(user) else qs.none()


def deadline(case: SupervisionCase, today: dt.date | None = None) -> Deadline | None:
    """The time limit that runs now: starting the investigation, then concluding it."""
    today = today or clock.today()
    if case.status == CaseStatus.RECEIVED:
        due, label = case.start_due, _("启动调查期限")
    elif case.status == CaseStatus.INVESTIGATING:
        due, label = case.conclude_due, _("办结期限")
    else:
        return None
    return Deadline(str(label), due, working_days_between(today, due))


def todo(user: Any, limit: int = TODO_LIMIT) -> TodoList:
    """The open cases for the supervision office's to-do list, with the time limit that runs now: the
    `limit` most urgent, and the number of all of them."""
    found = TodoList()
    if not is_supervision(user):
        return found
    due = Case(When(status=CaseStatus.RECEIVED, then=F("start_due")), default=F("conclude_due"))
    cases = (
        SupervisionCase.objects.filter(status__in=workflow.OPEN)
        .select_related("department")
        .annotate(todo_due=due)
        .order_by(F("todo_due").asc(nulls_last=True), "pk")
    )
    items = []
    for case in cases[:limit]:
        received = case.status == CaseStatus.RECEIVED
        subject = case.subject or _("来源不明的单位")
        items.append(
            TodoItem(
                _("监督案件 {n}：{s}").format(n=case.number, s=subject),
                f"/supervision/cases/{case.pk}/",
                _("启动调查") if received else _("办结并反馈"),
                case.start_due if received else case.conclude_due,
            )
        )
    found.add(items, cases.count, limit)
    return found


# ---------------------------------------------------------------- a community


def community_reports(user: Any) -> QuerySet[ViolationReport]:
    """A community worker: the reports of her community, with their case and the feedback it got."""
    qs = ViolationReport.objects.select_related("case", "matter", "department")
    if not _active(user) or not user.has_role(Role.COMMUNITY_WORKER) or not user.community_id:
        return qs.none()
    return (
        qs.filter(community_id=user.community_id)
        .prefetch_related(
            Prefetch(
                "case__feedback",
                queryset=CaseFeedback.objects.filter(community_id=user.community_id).select_related(
                    "community"
                ),
                to_attr="community_feedback",
            )
        )
        .order_by("-reported_on", "-pk")
    )


# ---------------------------------------------------------------- a department: counts only


@dataclass
class StatRow:
    month: dt.date  # first day of the month
    matter: str  # the matter's name, or "" when the demand matched none
    reports: int
    cases: int
    substantiated: int


def department_stats(user: Any) -> list[StatRow]:
    """Per month and matter: how many reports, how many cases, how many substantiated, about the user's
    own department. Counts only: no report, community, reporter or case number is ever returned."""
    if not _active(user) or not user.has_role(*DEPARTMENT_ROLES) or not user.department_id:
        return []
    rows = (
        ViolationReport.objects.filter(department_id=user.department_id)
        .annotate(month=TruncMonth("reported_on"))
        .values("month", "matter__name")
        .annotate(
            reports=Count("pk"),
            cases=Count("case", distinct=True),
            substantiated=Count(
                "case",
                filter=Q(case__status=CaseStatus.CONCLUDED, case__substantiated=True),
                distinct=True,
            ),
        )
        .order_by()
    )
    out = [
        StatRow(
            month=r["month"],
            matter=r["matter__name"] or "",
            reports=r["reports"],
            cases=r["cases"],
            substantiated=r["substantiated"],
        )
        for r in rows
    ]
    # newest month first, then by matter ("" first): the same order on every database
    return sorted(sorted(out, key=lambda r: r.matter), key=lambda r: r.month, reverse=True)
