"""Reads of the gateway: whose notices one may see, the judge's answer before saving, the filters and
monthly counts of "我的任务", the Excel rows and the matters a department may dispatch by."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from zhunru.accounts.roles import Role
from zhunru.areas.models import Area, Department
from zhunru.catalog.models import Matter, MatterList
from zhunru.core import clock
from zhunru.core.errors import NotFound
from zhunru.gateway.judge import Verdict as JudgeVerdict
from zhunru.gateway.loading import judge_from_db
from zhunru.gateway.messages import Message, parse_messages
from zhunru.gateway.models import ALLOWED, TaskNotice, Verdict

DISPATCH_LISTS = (MatterList.ADMITTED, MatterList.ASSIST)
NO_DEPARTMENT = "none"  # the department filter's value for "source unknown"
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
SUPERVISION = "zhunru.supervision.services"


# ---------------------------------------------------------------- scope


def visible_notices(user: Any) -> QuerySet[TaskNotice]:
    """A community worker: her community's; a street officer: his street's communities'; the supervision
    office: all (to examine reports). Departments and the approval office see no community list."""
    qs = TaskNotice.objects.select_related("community", "department", "matter")
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.has_role(Role.SUPERVISOR):
        return qs
    scope = Q(pk__in=[])
    if user.has_role(Role.COMMUNITY_WORKER) and user.community_id:
        scope |= Q(community_id=user.community_id)
    if user.has_role(Role.STREET_OFFICER) and user.department_id and user.department.area_id:
        scope |= Q(community__parent_id=user.department.area_id)
    return qs.filter(scope)


def notice_scopes(user: Any) -> list[str] | None:
    """The change stamps (core.stamps) of the communities whose demands the user's list shows; None when
    it shows every community's (the supervision office): such a list is not kept."""
    if user.has_role(Role.SUPERVISOR):
        return None
    ids = set()
    if user.has_role(Role.COMMUNITY_WORKER) and user.community_id:
        ids.add(user.community_id)
    if user.has_role(Role.STREET_OFFICER) and user.department_id and user.department.area_id:
        ids.update(Area.objects.filter(parent_id=user.department.area_id).values_list("pk", flat=True))
    return [f"notices:{pk}" for pk in sorted(ids)]


def access_notice(user: Any, pk: int) -> TaskNotice:
    notice = visible_notices(user).filter(pk=pk).first()
    if notice is None:
        raise NotFound()
    return notice


def sees_reports(user: Any) -> bool:
    """Who reported what is known only to supervision and to the reporting community itself: a street
    office (which may itself be the reported party) sees the demands of its communities, not the reports."""
    if user is None or not user.is_authenticated:
        return False
    if user.has_role(Role.SUPERVISOR):
        return True
    return bool(user.has_role(Role.COMMUNITY_WORKER) and not user.has_role(Role.STREET_OFFICER))


def sees_report(user: Any, notice: TaskNotice) -> bool:
    """Whether the user may see that this notice was reported (and its reference)."""
    if user is None or not user.is_authenticated:
        return False
    if user.has_role(Role.SUPERVISOR):
        return True
    return bool(user.has_role(Role.COMMUNITY_WORKER) and user.community_id == notice.community_id)


def can_act(user: Any, notice: TaskNotice) -> bool:
    """Only the workers of the notice's community accept, refuse or report it."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.has_role(Role.COMMUNITY_WORKER)
        and user.community_id == notice.community_id
    )


def notice_actions(user: Any, notice: TaskNotice) -> list[str]:
    """What the user may do with the notice now: accept (allowed work), refuse, refuse and report, or
    report (after refusing)."""
    if not can_act(user, notice):
        return []
    actions = []
    if notice.action == TaskNotice.Action.PENDING:
        actions.append("accept" if notice.allowed else "refuse")
    if not notice.allowed and not notice.reported:
        actions.append("refuse_report" if notice.action == TaskNotice.Action.PENDING else "report")
    return actions


def parse_day(value: Any) -> dt.date | None:
    """A YYYY-MM-DD date from a form, or None (blank or malformed)."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def visible_communities_of_notices(user: Any) -> QuerySet[Area]:
    return Area.objects.filter(pk__in=visible_notices(user).values("community")).order_by("code")


# ---------------------------------------------------------------- department side


def dispatchable_matters(user: Any, day: dt.date | None = None) -> QuerySet[Matter]:
    """The department's own published admitted or assistance matters in force (what it may dispatch by)."""
    if user is None or not user.is_authenticated or not user.department_id:
        return Matter.objects.none()
    day = day or clock.today()
    return (
        Matter.objects.filter(
            department_id=user.department_id, list__in=DISPATCH_LISTS, status=Matter.Status.PUBLISHED
        )
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .prefetch_related("scope_areas")
        .order_by("code")
    )


def dispatched_notices(user: Any) -> QuerySet[TaskNotice]:
    """What the user's department dispatched itself, and what became of it."""
    if user is None or not user.is_authenticated or not user.department_id:
        return TaskNotice.objects.none()
    return TaskNotice.objects.select_related("community", "matter").filter(
        department_id=user.department_id, source=TaskNotice.Source.DISPATCH
    )


def matter_covers(matter: Matter, community: Area) -> bool:
    if matter.scope_all:
        return True
    codes = {a.code for a in matter.scope_areas.all()}
    return community.code in codes or (community.parent is not None and community.parent.code in codes)


# ---------------------------------------------------------------- the judge


@dataclass
class Judged:
    """The judge's answer for one text, with the asking department resolved to a row when known."""

    text: str
    verdict: JudgeVerdict
    department: Department | None
    department_text: str
    received_on: dt.date
    matter: Matter | None = None
    sender: str = ""

    @property
    def allowed(self) -> bool:
        return self.verdict.verdict in ALLOWED

    @property
    def verdict_label(self) -> str:
        return str(Verdict(self.verdict.verdict).label)

    @property
    def department_name(self) -> str:
        return self.department.name if self.department else self.department_text


def judge_text(
    *, text: str, community: Area, department_text: str = "", date: dt.date | None = None
) -> Judged:
    """The verdict for a demand as it would be registered (nothing is saved)."""
    judge = judge_from_db()
    department_text = (department_text or "").strip()
    day = date or clock.today()
    key = judge.resolve_department(department_text) if department_text else judge.detect_department(text)
    verdict = judge.judge(text=text, department=department_text, date=day, community=community.code)
    department = Department.objects.filter(pk=key).first() if key is not None else None
    matter = Matter.objects.filter(code=verdict.item).first() if verdict.item else None
    return Judged(text, verdict, department, department_text, day, matter)


def message_department(message: Message, typed: str = "") -> str:
    """The department to judge a message with: the one typed, else (when the words name none) the
    sender of a chat export when the sender is a department ("区卫健委 2026/3/2 9:15")."""
    if typed or not message.sender:
        return typed
    judge = judge_from_db()
    if judge.detect_department(message.text) is not None:
        return ""
    key = judge.resolve_department(message.sender)
    if key is None:
        key = judge.detect_department(message.sender)
    return str(judge.department_names.get(key, "")) if key is not None else ""


def judge_paste(
    *, text: str, community: Area, department_text: str = "", date: dt.date | None = None
) -> list[Judged]:
    """Each message of a paste, judged: the typed department and date apply to every message; a chat
    export's own date and sender are used when none was typed."""
    rows = []
    for message in parse_messages(text):
        row = judge_text(
            text=message.text,
            community=community,
            department_text=message_department(message, department_text),
            date=date or message.date,
        )
        row.sender = message.sender
        rows.append(row)
    return rows


# ---------------------------------------------------------------- 我的任务: filters, months, export


@dataclass
class Filters:
    verdict: str = ""
    department: str = ""
    month: str = ""
    community: str = ""

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        verdict = query.get("verdict", "")
        month = query.get("month", "")
        return cls(
            verdict=verdict if verdict in Verdict.values else "",
            department=query.get("department", "").strip(),
            month=month if MONTH.match(month) else "",
            community=query.get("community", "").strip(),
        )


def filter_notices(
    qs: QuerySet[TaskNotice], filters: Filters, *, verdict: bool = True
) -> QuerySet[TaskNotice]:
    if verdict and filters.verdict:
        qs = qs.filter(verdict=filters.verdict)
    if filters.department == NO_DEPARTMENT:
        qs = qs.filter(department__isnull=True)
    elif filters.department.isdigit():
        qs = qs.filter(department_id=int(filters.department))
    if filters.month:
        match = MONTH.match(filters.month)
        assert match is not None
        qs = qs.filter(received_on__year=int(match[1]), received_on__month=int(match[2]))
    if filters.community:
        qs = qs.filter(community__code=filters.community)
    return qs


@dataclass
class MonthRow:
    month: str  # YYYY-MM
    total: int
    counts: dict[str, int] = field(default_factory=dict)  # by verdict, every verdict present
    allowed_hours: Decimal = Decimal("0")
    refused: int = 0
    reported: int = 0

    @property
    def count_list(self) -> list[int]:
        return [self.counts[v] for v in Verdict.values]


# The list's monthly table covers the last SUMMARY_MONTHS months (or the month filtered on); its month and
# department filters offer what was received in the last CHOICE_MONTHS months: each reads a bounded range of
# the (community, received_on) index, however many years of notices a community has.
SUMMARY_MONTHS = 12
CHOICE_MONTHS = 24


def months_back(today: dt.date, months: int) -> dt.date:
    """The first day of the last `months` months (today's month is the last of them)."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


def monthly_summary(qs: QuerySet[TaskNotice], *, months: int | None = SUMMARY_MONTHS) -> list[MonthRow]:
    """For each month (newest first) of the last `months` months (None: all the months of qs, for a query
    already cut to one month): the count by verdict, the estimated hours of allowed work, how many were
    refused and reported."""
    if months is not None:
        qs = qs.filter(received_on__gte=months_back(clock.today(), months))
    per_verdict = {f"n_{v}": Count("pk", filter=Q(verdict=v)) for v in Verdict.values}
    rows = (
        qs.order_by()
        .annotate(m=TruncMonth("received_on"))
        .values("m")
        .annotate(
            total=Count("pk"),
            hours=Sum("hours", filter=Q(verdict__in=ALLOWED)),
            refused=Count("pk", filter=Q(action=TaskNotice.Action.REFUSED)),
            reported=Count("pk", filter=Q(reported_at__isnull=False)),
            **per_verdict,
        )
        .order_by("-m")
    )
    return [
        MonthRow(
            month=row["m"].strftime("%Y-%m"),
            total=row["total"],
            counts={v: row[f"n_{v}"] for v in Verdict.values},
            allowed_hours=row["hours"] or Decimal("0"),
            refused=row["refused"],
            reported=row["reported"],
        )
        for row in rows
    ]


def _recent(qs: QuerySet[TaskNotice]) -> QuerySet[TaskNotice]:
    return qs.order_by().filter(received_on__gte=months_back(clock.today(), CHOICE_MONTHS))


def department_choices(qs: QuerySet[TaskNotice], selected: str = "") -> list[tuple[str, str]]:
    """The departments that sent notices in the last CHOICE_MONTHS months (and the one selected), by name;
    "source unknown" last when some notice has none. Two queries."""
    ids = set(_recent(qs).values_list("department", flat=True).distinct())
    unknown = None in ids
    ids.discard(None)
    if selected.isdigit():
        ids.add(int(selected))
    departments = Department.objects.filter(pk__in=ids).order_by("name").values_list("pk", "name")
    choices = [(str(pk), name) for pk, name in departments]
    if unknown or selected == NO_DEPARTMENT:
        choices.append((NO_DEPARTMENT, _("来源不明")))
    return choices


def month_choices(qs: QuerySet[TaskNotice], selected: str = "") -> list[str]:
    """The months of the last CHOICE_MONTHS months that have notices (and the one selected), newest first.
    One aggregate query."""
    months = _recent(qs).annotate(m=TruncMonth("received_on")).values_list("m", flat=True).distinct()
    found = {m.strftime("%Y-%m") for m in months}
    if MONTH.match(selected):
        found.add(selected)
    return sorted(found, reverse=True)


def report_state(notice: TaskNotice) -> str:
    """已举报 <reference>, and the state of supervision's case when the supervision app tells it."""
    if notice.reported_at is None:
        return ""
    parts = [_("已举报")]
    if notice.report_reference:
        parts.append(notice.report_reference)
    report = getattr(notice, "violation_report", None)  # zhunru.supervision's one-to-one, when installed
    case = getattr(report, "case", None)
    status = getattr(case, "get_status_display", None)
    text = " ".join(parts)
    return f"{text}（{status()}）" if callable(status) else text


def export_headers(reports: bool = True) -> list[str]:
    headers = [
        _("收到日期"),
        _("社区"),
        _("来源部门"),
        _("任务内容"),
        _("判定"),
        _("匹配事项"),
        _("理由"),
        _("完成期限"),
        _("预计工时"),
        _("处理"),
        _("举报"),
    ]
    return headers if reports else headers[:-1]


def export_rows(qs: QuerySet[TaskNotice], reports: bool = True) -> list[list[object]]:
    """The columns of the list on screen, one row per notice (without the report column for those who may
    not see reports)."""
    rows = [
        [
            n.received_on.isoformat(),
            n.community.name,
            n.source_name or _("来源不明"),
            n.text,
            n.get_verdict_display(),
            f"{n.matter_code} {n.matter.name}" if n.matter else n.matter_code,
            n.reason,
            n.deadline.isoformat() if n.deadline else "",
            float(n.hours) if n.hours is not None else "",
            n.get_action_display(),
            report_state(n),
        ]
        for n in qs
    ]
    return rows if reports else [row[:-1] for row in rows]
