"""Reads of evaluation, by role.

- Which departments a community rates in a year (`rateable_departments`): those that sent it work that
  year — a registered demand (gateway TaskNotice) or an admitted matter of theirs in force for it.
- Results per department: means and 95 % intervals per criterion, only from five answers up, with the
  department's reply. Built from the scores alone: no result carries a community, an answer or a comment.
- Comments go to the approval office only, never with the community's name.
- Provider surveys: a community sees its own, a street office those of its communities, the approval
  office all of them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from zhunru.accounts.roles import Role
from zhunru.areas.models import Area, Department
from zhunru.catalog.models import Matter, MatterList
from zhunru.core.errors import NotFound
from zhunru.core.todo import TODO_LIMIT, TodoItem, TodoList
from zhunru.evaluation import workflow
from zhunru.evaluation.models import (
    CRITERIA,
    Criterion,
    DepartmentReply,
    EvaluationAnswer,
    EvaluationRound,
    ProviderKind,
    ProviderSurvey,
    RoundStatus,
)
from zhunru.evaluation.stats import mean_ci
from zhunru.gateway.models import TaskNotice

RATED_KINDS = (Department.Kind.DEPARTMENT, Department.Kind.STREET)
DEPARTMENT_ROLES = (Role.DEPT_CLERK, Role.DEPT_HEAD)
VIEW_ROLES = (
    Role.COMMUNITY_WORKER,
    Role.STREET_OFFICER,
    Role.DEPT_CLERK,
    Role.DEPT_HEAD,
    Role.APPROVAL_CLERK,
    Role.APPROVAL_HEAD,
    Role.APPROVER,
    Role.SUPERVISOR,
)


def _active(user: Any) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_office(user: Any) -> bool:
    return _active(user) and user.has_role(*workflow.OFFICE)


def is_community_worker(user: Any) -> bool:
    return _active(user) and user.has_role(Role.COMMUNITY_WORKER) and bool(user.community_id)


def is_department(user: Any) -> bool:
    return _active(user) and user.has_role(*DEPARTMENT_ROLES) and bool(user.department_id)


# ---------------------------------------------------------------- who sent a community work


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _admitted_in_year(year: int) -> QuerySet[Matter]:
    """Admitted matters with a department that were in force at some time of the year."""
    start, end = _year_bounds(year)
    return (
        Matter.objects.filter(list=MatterList.ADMITTED, department__kind__in=RATED_KINDS)
        .filter(Q(status=Matter.Status.PUBLISHED) | Q(status=Matter.Status.EXITED, exited_on__gte=start))
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .prefetch_related("scope_areas")
    )


def _covers(matter: Matter, community: Area) -> bool:
    if matter.scope_all:
        return True
    codes = {a.code for a in matter.scope_areas.all()}
    return community.code in codes or (community.parent is not None and community.parent.code in codes)


def rateable_map(year: int, communities: list[Area] | None = None) -> dict[int, set[int]]:
    """For each community (all of them when None): the ids of the departments it rates that year."""
    if communities is None:
        communities = list(Area.objects.filter(level=Area.Level.COMMUNITY).select_related("parent"))
    start, end = _year_bounds(year)
    out: dict[int, set[int]] = {c.pk: set() for c in communities}
    notices = TaskNotice.objects.filter(
        community_id__in=list(out),
        department__kind__in=RATED_KINDS,
        received_on__gte=start,
        received_on__lte=end,
    ).values_list("community_id", "department_id")
    for community_id, department_id in notices.distinct():
        out[community_id].add(department_id)
    for matter in _admitted_in_year(year):
        for community in communities:
            if _covers(matter, community):
                out[community.pk].add(matter.department_id)  # type: ignore[arg-type]
    return out


def rateable_departments(community: Area, year: int) -> QuerySet[Department]:
    """The departments that sent the community work in the year: a registered demand, or an admitted
    matter of theirs in force for the community during the year."""
    ids = rateable_map(year, [community])[community.pk]
    return Department.objects.filter(pk__in=ids).order_by("kind", "name")


# ---------------------------------------------------------------- rounds


def visible_rounds(user: Any) -> QuerySet[EvaluationRound]:
    qs = EvaluationRound.objects.all()
    return qs if _active(user) and user.has_role(*VIEW_ROLES) else qs.none()


def access_round(user: Any, year: int) -> EvaluationRound:
    found = visible_rounds(user).filter(year=year).first()
    if found is None:
        raise NotFound()
    return found


def open_round() -> EvaluationRound | None:
    return EvaluationRound.objects.filter(status=RoundStatus.OPEN).order_by("-year").first()


def round_actions(user: Any, rnd: EvaluationRound) -> list[str]:
    if not _active(user):
        return []
    return [
        t.name for t in workflow.allowed(workflow.ROUND_TRANSITIONS, rnd.status) if user.has_role(*t.roles)
    ]


# ---------------------------------------------------------------- a community's answers


@dataclass
class TodoRow:
    department: Department
    answer: EvaluationAnswer | None

    @property
    def done(self) -> bool:
        return self.answer is not None


def community_todo(user: Any, rnd: EvaluationRound) -> list[TodoRow]:
    """A community worker: the departments her community rates in the round, with its answers."""
    if not is_community_worker(user):
        return []
    answers = {
        a.department_id: a for a in EvaluationAnswer.objects.filter(round=rnd, community_id=user.community_id)
    }
    return [TodoRow(d, answers.get(d.pk)) for d in rateable_departments(user.community, rnd.year)]


def access_rateable(user: Any, rnd: EvaluationRound, department_id: int) -> Department:
    """A department the user's community may rate in the round (404 otherwise)."""
    if not is_community_worker(user):
        raise NotFound()
    found = rateable_departments(user.community, rnd.year).filter(pk=department_id).first()
    if found is None:
        raise NotFound()
    return found


def own_answer(user: Any, rnd: EvaluationRound, department_id: int) -> EvaluationAnswer | None:
    if not is_community_worker(user):
        return None
    return EvaluationAnswer.objects.filter(
        round=rnd, community_id=user.community_id, department_id=department_id
    ).first()


# ---------------------------------------------------------------- results


@dataclass
class CriterionResult:
    key: str
    label: str
    mean: float
    low: float
    high: float


@dataclass
class DepartmentResult:
    department: Department
    answers: int
    criteria: list[CriterionResult] = field(default_factory=list)  # empty below MIN_ANSWERS
    reply: DepartmentReply | None = None

    @property
    def published(self) -> bool:
        """Enough answers for the means to be shown (at least five)."""
        return self.answers >= workflow.MIN_ANSWERS


def department_results(
    rnd: EvaluationRound, department_ids: list[int] | None = None
) -> list[DepartmentResult]:
    """Per department with answers: the count, and from five answers the mean and 95 % interval of each
    criterion. Reads the scores only (no community, no comment)."""
    qs = EvaluationAnswer.objects.filter(round=rnd)
    if department_ids is not None:
        qs = qs.filter(department_id__in=department_ids)
    scores: dict[int, list[tuple[int, ...]]] = defaultdict(list)
    for row in qs.values_list("department_id", *CRITERIA).order_by():
        scores[row[0]].append(tuple(row[1:]))
    departments = Department.objects.in_bulk(list(scores))
    replies = {
        r.department_id: r for r in DepartmentReply.objects.filter(round=rnd, department_id__in=scores)
    }
    out = []
    for department_id, rows in scores.items():
        result = DepartmentResult(departments[department_id], len(rows), reply=replies.get(department_id))
        if result.published:
            for i, key in enumerate(CRITERIA):
                ci = mean_ci([r[i] for r in rows])
                result.criteria.append(
                    CriterionResult(key, str(Criterion(key).label), ci.mean, ci.low, ci.high)
                )
        out.append(result)
    return sorted(out, key=lambda r: (r.department.kind, r.department.code))


def results_visible(user: Any, rnd: EvaluationRound) -> str:
    """What of the round's results the user may see: "all" (the office, once closed; everybody, once
    published), "own" (a department, once closed: its own results, to reply before publication) or ""."""
    if not _active(user) or not user.has_role(*VIEW_ROLES):
        return ""
    if rnd.status == RoundStatus.PUBLISHED:
        return "all"
    if rnd.status == RoundStatus.CLOSED:
        if is_office(user):
            return "all"
        if is_department(user):
            return "own"
    return ""


def results_for(user: Any, rnd: EvaluationRound) -> list[DepartmentResult]:
    scope = results_visible(user, rnd)
    if scope == "all":
        return department_results(rnd)
    if scope == "own":
        return department_results(rnd, [user.department_id])
    return []


def own_result(user: Any, rnd: EvaluationRound) -> DepartmentResult | None:
    """A department's own results (when it may see them)."""
    if not is_department(user) or not results_visible(user, rnd):
        return None
    found = department_results(rnd, [user.department_id])
    return found[0] if found else None


def published_results(year: int) -> list[DepartmentResult]:
    """The public results of a published round (for the portal or a dashboard): every department that
    was rated, with means and intervals only where at least five communities answered, and its reply.
    Empty when the round is missing or not published."""
    rnd = EvaluationRound.objects.filter(year=year, status=RoundStatus.PUBLISHED).first()
    return department_results(rnd) if rnd is not None else []


def office_comments(user: Any, rnd: EvaluationRound, department_id: int) -> list[str]:
    """The comments on one department, for the approval office only: texts without communities, in
    text order (not in the order they came in)."""
    if not is_office(user):
        return []
    texts = (
        EvaluationAnswer.objects.filter(round=rnd, department_id=department_id)
        .exclude(comment="")
        .values_list("comment", flat=True)
    )
    return sorted(texts)


@dataclass
class ProgressRow:
    community: Area
    to_rate: int
    answered: int


def round_progress(user: Any, rnd: EvaluationRound) -> list[ProgressRow]:
    """The approval office: per community, how many departments it rates and how many it has rated
    (to remind the late ones; no scores)."""
    if not is_office(user):
        return []
    communities = list(Area.objects.filter(level=Area.Level.COMMUNITY).select_related("parent"))
    rateable = rateable_map(rnd.year, communities)
    answered: dict[int, int] = defaultdict(int)
    for community_id in EvaluationAnswer.objects.filter(round=rnd).values_list("community_id", flat=True):
        answered[community_id] += 1
    return [
        ProgressRow(c, len(rateable[c.pk]), answered[c.pk])
        for c in sorted(communities, key=lambda c: c.code)
        if rateable[c.pk] or answered[c.pk]
    ]


# ---------------------------------------------------------------- provider surveys


def visible_surveys(user: Any) -> QuerySet[ProviderSurvey]:
    qs = ProviderSurvey.objects.select_related("community", "community__parent")
    if not _active(user):
        return qs.none()
    if is_office(user):
        return qs
    if user.has_role(Role.STREET_OFFICER) and user.department_id and user.department.area_id:
        return qs.filter(community__parent_id=user.department.area_id)
    if is_community_worker(user):
        return qs.filter(community_id=user.community_id)
    return qs.none()


def filtered_surveys(user: Any, params: Any) -> tuple[QuerySet[ProviderSurvey], dict[str, str]]:
    """The survey list with its filters (q, year, kind, flagged), as the page, the export and the API
    read them."""
    qs = visible_surveys(user)
    f = {k: str(params.get(k, "") or "").strip() for k in ("q", "year", "kind", "flagged")}
    if f["q"]:
        qs = qs.filter(Q(provider_name__icontains=f["q"]) | Q(community__name__icontains=f["q"]))
    if f["year"].isdigit():
        qs = qs.filter(year=int(f["year"]))
    if f["kind"] in ProviderKind.values:
        qs = qs.filter(kind=f["kind"])
    if f["flagged"] in ("1", "true", "yes"):
        qs = qs.filter(flagged=True)
    return qs.order_by("-surveyed_on", "-pk"), f


def access_survey(user: Any, pk: int) -> ProviderSurvey:
    found = visible_surveys(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def todo(user: Any, limit: int = TODO_LIMIT) -> TodoList:
    """To-do (inbox): the departments the worker's community has not yet rated in the open round."""
    from django.utils.translation import gettext as _

    if not is_community_worker(user):  # first: the other roles' inbox reads no round
        return TodoList()
    rnd = open_round()
    if rnd is None:
        return TodoList()
    left = sum(1 for row in community_todo(user, rnd) if not row.done)
    if not left:
        return TodoList()
    title = _("{y} 年度评议：还有 {n} 个部门待评").format(y=rnd.year, n=left)
    return TodoList([TodoItem(title, f"/evaluation/{rnd.year}/", _("评议"), rnd.due_on)], 1)
