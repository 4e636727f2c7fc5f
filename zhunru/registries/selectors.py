"""Reads of the registries, scoped by role: signboards and campaigns (a community worker: her community;
a street officer: his street's communities; the approval office: the district), the ledger and report
registry (submissions a year per community and department) and the one 一表通 field index, which the
access review page reads too (access.selectors.data_field_overlaps), so the two can never disagree."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from zhunru.accounts.roles import Role
from zhunru.accounts.selectors import visible_communities
from zhunru.areas.models import Area, Department
from zhunru.catalog.models import Matter, MatterKind, MatterList
from zhunru.catalog.selectors import current_catalog
from zhunru.core import clock
from zhunru.core.errors import NotFound
from zhunru.core.todo import TODO_LIMIT, TodoItem, TodoList
from zhunru.core.workdays import working_days_between
from zhunru.registries import workflow
from zhunru.registries.models import BoardStatus, Campaign, CampaignItem, CampaignStatus, Signboard

OFFICE_ROLES = (Role.APPROVAL_CLERK, Role.APPROVAL_HEAD)
BOARD_ROLES = (Role.COMMUNITY_WORKER, Role.STREET_OFFICER, *OFFICE_ROLES)
# the ledger registry is derived from the public catalog: departments and the joint meeting read it too
LEDGER_ROLES = (*BOARD_ROLES, Role.APPROVER, Role.DEPT_CLERK, Role.DEPT_HEAD)
LEDGER_DISTRICT_ROLES = (*OFFICE_ROLES, Role.APPROVER, Role.DEPT_CLERK, Role.DEPT_HEAD)


def _active(user: Any) -> bool:
    return user is not None and user.is_authenticated and user.is_active


# ---------------------------------------------------------------- scope


def board_communities(user: Any) -> QuerySet[Area]:
    """The communities whose boards the user sees: the office all; a street officer his street's; a
    community worker hers."""
    qs = Area.objects.filter(level=Area.Level.COMMUNITY).select_related("parent")
    if not _active(user) or not user.has_role(*BOARD_ROLES):
        return qs.none()
    if user.has_role(*OFFICE_ROLES):
        return qs
    return visible_communities(user)


def ledger_communities(user: Any) -> QuerySet[Area]:
    qs = Area.objects.filter(level=Area.Level.COMMUNITY).select_related("parent")
    if not _active(user) or not user.has_role(*LEDGER_ROLES):
        return qs.none()
    if user.has_role(*LEDGER_DISTRICT_ROLES):
        return qs
    return visible_communities(user)


def is_office(user: Any) -> bool:
    return _active(user) and user.has_role(*OFFICE_ROLES)


# ---------------------------------------------------------------- signboards


def unadmitted_q(day: dt.date | None = None, prefix: str = "") -> Q:
    """Boards without an admitted matter: none recorded, or the matter has left the current catalog
    (exited, or its validity ended)."""
    day = day or clock.today()
    p = prefix
    return (
        Q(**{f"{p}matter__isnull": True})
        | ~Q(**{f"{p}matter__status": Matter.Status.PUBLISHED})
        | Q(**{f"{p}matter__valid_to__lt": day})
    )


def admitted(board: Signboard, day: dt.date | None = None) -> bool:
    day = day or clock.today()
    m = board.matter
    return m is not None and m.status == Matter.Status.PUBLISHED and (m.valid_to is None or day <= m.valid_to)


def visible_signboards(user: Any) -> QuerySet[Signboard]:
    return Signboard.objects.select_related("community", "community__parent", "department", "matter").filter(
        community__in=board_communities(user)
    )


def filtered_signboards(user: Any, params: Any) -> tuple[QuerySet[Signboard], dict[str, str]]:
    """The board list with its filters (q, community code, status, admitted yes/no), as the page, the
    export and the API read them."""
    qs = visible_signboards(user)
    f = {k: str(params.get(k, "") or "").strip() for k in ("q", "community", "status", "admitted")}
    if f["community"]:
        qs = qs.filter(community__code=f["community"])
    if f["status"] in BoardStatus.values:
        qs = qs.filter(status=f["status"])
    if f["admitted"] == "no":
        qs = qs.filter(unadmitted_q())
    elif f["admitted"] == "yes":
        qs = qs.exclude(unadmitted_q())
    if f["q"]:
        q = f["q"]
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(department__name__icontains=q)
            | Q(community__name__icontains=q)
            | Q(matter__name__icontains=q)
            | Q(matter__code__icontains=q)
        )
    return qs.order_by("community__code", "pk"), f


def access_signboard(user: Any, pk: int) -> Signboard:
    board = visible_signboards(user).filter(pk=pk).first()
    if board is None:
        raise NotFound()
    return board


def may_register(user: Any) -> bool:
    return _active(user) and user.has_role(Role.COMMUNITY_WORKER) and bool(user.community_id)


def may_remove(user: Any, board: Signboard) -> bool:
    return (
        may_register(user) and user.community_id == board.community_id and board.status == BoardStatus.PRESENT
    )


def matter_covers(matter: Matter, community: Area) -> bool:
    """Whether a catalog matter applies to the community (its scope: all, the community or its street)."""
    if matter.scope_all:
        return True
    codes = {a.code for a in matter.scope_areas.all()}
    return community.code in codes or (community.parent is not None and community.parent.code in codes)


def signboard_matters(community: Area | None = None, day: dt.date | None = None) -> list[Matter]:
    """Matters a board may rest on: signboard items of the current catalog (not the negative list)
    that apply to the community."""
    qs = (
        current_catalog(day or clock.today())
        .filter(kind=MatterKind.SIGNBOARD)
        .exclude(list=MatterList.NEGATIVE)
        .order_by("code")
    )
    return [m for m in qs if community is None or matter_covers(m, community)]


# ---------------------------------------------------------------- campaigns


def visible_campaigns(user: Any) -> QuerySet[Campaign]:
    qs = Campaign.objects.select_related("opened_by", "closed_by")
    return qs if _active(user) and user.has_role(*BOARD_ROLES) else qs.none()


def access_campaign(user: Any, pk: int) -> Campaign:
    campaign = visible_campaigns(user).filter(pk=pk).first()
    if campaign is None:
        raise NotFound()
    return campaign


def open_campaign() -> Campaign | None:
    return Campaign.objects.filter(status=CampaignStatus.OPEN).order_by("-pk").first()


def campaign_actions(user: Any, campaign: Campaign) -> list[str]:
    if not is_office(user):
        return []
    return [
        t.name
        for t in workflow.allowed(workflow.CAMPAIGN_TRANSITIONS, campaign.status)
        if user.has_role(*t.roles)
    ]


def campaign_items(user: Any, campaign: Campaign) -> QuerySet[CampaignItem]:
    """The boards the campaign lists, within the user's communities."""
    return (
        campaign.items.select_related(
            "signboard", "signboard__community", "signboard__department", "signboard__matter"
        )
        .filter(signboard__community__in=board_communities(user))
        .order_by("signboard__community__code", "signboard_id")
    )


def board_counts(day: dt.date | None = None) -> dict[str, dict[str, int]]:
    """Now, per community code: boards present, and of those without an admitted matter."""
    day = day or clock.today()
    present = Signboard.objects.filter(status=BoardStatus.PRESENT)
    out: dict[str, dict[str, int]] = {}
    for code in present.values_list("community__code", flat=True):
        out.setdefault(code, {"total": 0, "unadmitted": 0})["total"] += 1
    for code in present.filter(unadmitted_q(day)).values_list("community__code", flat=True):
        out[code]["unadmitted"] += 1
    return out


@dataclass
class CountRow:
    code: str
    name: str
    street: str
    before_total: int = 0
    before_unadmitted: int = 0
    after_total: int = 0
    after_unadmitted: int = 0
    listed: int = 0
    removed: int = 0
    overdue: int = 0  # listed, still present after the deadline

    def add(self, other: CountRow) -> None:
        for name in (
            "before_total",
            "before_unadmitted",
            "after_total",
            "after_unadmitted",
            "listed",
            "removed",
            "overdue",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class CampaignReport:
    rows: list[CountRow]
    total: CountRow
    after_is_final: bool  # True once closed: "after" is the count kept at the close


def campaign_report(user: Any, campaign: Campaign) -> CampaignReport:
    """Counts before (kept at the start) and after (now, or kept at the close), per community the user
    sees and in total (the district for the office, the street for a street officer)."""
    today = clock.today()
    after = campaign.final if campaign.status == CampaignStatus.CLOSED else board_counts(today)
    communities = list(board_communities(user).order_by("code"))
    rows = {
        a.code: CountRow(a.code, a.name, a.parent.name if a.parent else "")  # type: ignore[union-attr]
        for a in communities
    }
    for code, row in rows.items():
        before = campaign.baseline.get(code, {})
        now = after.get(code, {})
        row.before_total = int(before.get("total", 0))
        row.before_unadmitted = int(before.get("unadmitted", 0))
        row.after_total = int(now.get("total", 0))
        row.after_unadmitted = int(now.get("unadmitted", 0))
    end = campaign.closed_on or today  # a removal after the close is not the campaign's
    items = campaign.items.filter(signboard__community__code__in=rows).values_list(
        "signboard__community__code", "signboard__removed_on"
    )
    for code, removed_on in items:
        row = rows[code]
        row.listed += 1
        if removed_on is not None and removed_on <= end:
            row.removed += 1
        elif campaign.deadline < end:
            row.overdue += 1
    shown = [r for r in rows.values() if r.before_total or r.after_total or r.listed]
    total = CountRow("", _("合计"), "")
    for r in rows.values():
        total.add(r)
    return CampaignReport(shown, total, campaign.status == CampaignStatus.CLOSED)


# ---------------------------------------------------------------- ledgers and report forms: frequency

# How a catalog matter's frequency (free text, Matter.frequency) maps to a code. The access procedure
# stores an admitted matter's frequency as the label of access.models.Frequency (the Chinese label, or
# the English one when the deciding user worked in English); imports and the data-fields service may
# store the code itself or a usual Chinese wording. Matching ignores case, spaces and punctuation.
FREQUENCY_WORDS: dict[str, tuple[str, ...]] = {
    "daily": ("daily", "每日", "每天", "日报", "按日", "逐日", "day"),
    "weekly": ("weekly", "每周", "周报", "按周", "每星期", "week"),
    "monthly": ("monthly", "每月", "月报", "按月", "月度", "month"),
    "quarterly": ("quarterly", "每季度", "每季", "季报", "按季", "按季度", "季度", "quarter"),
    "half_yearly": ("half_yearly", "halfyearly", "每半年", "半年报", "半年", "halfyear"),
    "yearly": ("yearly", "每年", "年报", "按年", "年度", "annually", "annual", "year"),
    "once": ("once", "一次性", "一次", "oneoff", "单次"),
    "as_needed": ("as_needed", "asneeded", "不定期", "按需", "随时", "irregular"),
}
# Submissions a year for each code. daily: the working days of the year (zhunru.core.workdays, so
# official holidays and 调休 make-up days count); once: 1; as_needed: unknown (None), shown but not
# added to the totals.
FIXED_PER_YEAR: dict[str, int | None] = {
    "weekly": 52,
    "monthly": 12,
    "quarterly": 4,
    "half_yearly": 2,
    "yearly": 1,
    "once": 1,
    "as_needed": None,
}


def _squash(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return re.sub(r"[\s\W_]+", "", text)


_FREQUENCY_LOOKUP = {_squash(word): code for code, words in FREQUENCY_WORDS.items() for word in words}


def frequency_code(text: str) -> str | None:
    """The code of a stored frequency ("每季度", "Quarterly", "quarterly" → "quarterly"); None when the
    text says nothing we recognise (blank included)."""
    return _FREQUENCY_LOOKUP.get(_squash(text))


def working_days_in_year(year: int) -> int:
    return working_days_between(dt.date(year - 1, 12, 31), dt.date(year, 12, 31))


def submissions_per_year(code: str | None, year: int) -> int | None:
    if code is None:
        return None
    if code == "daily":
        return working_days_in_year(year)
    return FIXED_PER_YEAR[code]


# ---------------------------------------------------------------- the ledger/report registry


def ledger_matters(day: dt.date | None = None) -> QuerySet[Matter]:
    """Ledgers and report forms of the current catalog, the negative list excepted."""
    return (
        current_catalog(day or clock.today())
        .filter(kind__in=[MatterKind.LEDGER, MatterKind.REPORT])
        .exclude(list=MatterList.NEGATIVE)
        .order_by("list", "code")
    )


@dataclass
class LedgerRow:
    matter: Matter
    frequency_code: str | None
    per_year: int | None

    @property
    def department(self) -> Department | None:
        return self.matter.department


@dataclass
class DepartmentLoad:
    department: str
    matters: int = 0
    per_year: int = 0
    unknown: int = 0  # matters whose frequency gives no number (as needed, or unrecognised)


@dataclass
class CommunityLoad:
    community: Area
    rows: list[LedgerRow]
    by_department: list[DepartmentLoad]

    @property
    def per_year(self) -> int:
        return sum(r.per_year or 0 for r in self.rows)

    @property
    def unknown(self) -> int:
        return sum(1 for r in self.rows if r.per_year is None)

    @property
    def departments(self) -> int:
        return len(self.by_department)


def ledger_rows(year: int, day: dt.date | None = None) -> list[LedgerRow]:
    out = []
    for m in ledger_matters(day):
        code = frequency_code(m.frequency)
        out.append(LedgerRow(m, code, submissions_per_year(code, year)))
    return out


def community_load(community: Area, rows: Iterable[LedgerRow]) -> CommunityLoad:
    mine = [r for r in rows if matter_covers(r.matter, community)]
    by_dept: dict[str, DepartmentLoad] = {}
    for r in mine:
        name = r.matter.department.name if r.matter.department else _("（未指定部门）")
        load = by_dept.setdefault(name, DepartmentLoad(name))
        load.matters += 1
        if r.per_year is None:
            load.unknown += 1
        else:
            load.per_year += r.per_year
    loads = sorted(by_dept.values(), key=lambda d: (-d.per_year, d.department))
    return CommunityLoad(community, mine, loads)


def ledger_registry(user: Any, year: int) -> list[CommunityLoad]:
    """Per community the user sees: the ledgers and report forms demanded, how many submissions a year
    and by which department."""
    rows = ledger_rows(year)
    return [community_load(c, rows) for c in ledger_communities(user).order_by("code")]


def access_ledger_community(user: Any, code: str) -> Area:
    area = ledger_communities(user).filter(code=code).first()
    if area is None:
        raise NotFound()
    return area


# ---------------------------------------------------------------- the one field index (一表通)

# Different spellings of one field. Keys and values are compared after field_key's normalisation.
FIELD_SYNONYMS: dict[str, str] = {
    "身份证号码": "身份证号",
    "公民身份号码": "身份证号",
    "身份证": "身份证号",
    "手机号": "联系电话",
    "手机号码": "联系电话",
    "电话": "联系电话",
    "电话号码": "联系电话",
    "联系方式": "联系电话",
    "名字": "姓名",
    "住址": "地址",
    "家庭住址": "地址",
    "居住地址": "地址",
}


_SYNONYMS = {_squash(k): _squash(v) for k, v in FIELD_SYNONYMS.items()}


def field_key(name: str) -> str:
    """The normal form of a data field's name: full-width folded (NFKC), lower case, without spaces or
    punctuation, known synonyms joined (身份证号码 → 身份证号)."""
    key = _squash(name)
    return _SYNONYMS.get(key, key)


@dataclass
class FieldEntry:
    key: str
    name: str  # as first written by a matter (catalog order)
    matters: list[Matter] = field(default_factory=list)

    @property
    def departments(self) -> list[str]:
        names = {m.department.name for m in self.matters if m.department is not None}
        return sorted(names)

    @property
    def shared(self) -> bool:
        """Demanded by more than one department: a candidate for "collect once, use many"."""
        return len(self.departments) > 1


def field_index(day: dt.date | None = None) -> dict[str, FieldEntry]:
    """Normalised field name → the ledgers and report forms of the current catalog that collect it, in
    catalog order. The registry page and the access review page both read this."""
    index: dict[str, FieldEntry] = {}
    for matter in ledger_matters(day).exclude(data_fields=[]):
        for name in matter.data_fields:
            key = field_key(str(name))
            if not key:
                continue
            entry = index.setdefault(key, FieldEntry(key, str(name).strip()))
            if matter not in entry.matters:
                entry.matters.append(matter)
    return index


def shared_fields(day: dt.date | None = None) -> list[FieldEntry]:
    entries = [e for e in field_index(day).values() if e.shared]
    return sorted(entries, key=lambda e: (-len(e.departments), -len(e.matters), e.key))


def field_overlaps(
    fields: Iterable[str], day: dt.date | None = None, *, index: dict[str, FieldEntry] | None = None
) -> dict[str, list[Matter]]:
    """For each of `fields` (as written) that the index knows: the ledgers and forms collecting it.
    `index`: field_index's result when the caller keeps one."""
    if index is None:
        index = field_index(day)
    hits: dict[str, list[Matter]] = {}
    for name in fields:
        entry = index.get(field_key(str(name)))
        if entry is not None and str(name).strip() not in hits:
            hits[str(name).strip()] = entry.matters
    return hits


def todo(user: Any, limit: int = TODO_LIMIT) -> TodoList:
    """To-do (inbox): boards of the worker's community listed in the open clean-up campaign, not yet
    removed, due by the campaign's removal deadline."""

    if user is None or not user.has_role(Role.COMMUNITY_WORKER) or not user.community_id:
        return TodoList()
    campaign = Campaign.objects.filter(status=CampaignStatus.OPEN).first()
    if campaign is None:
        return TodoList()
    left = CampaignItem.objects.filter(
        campaign=campaign, signboard__community_id=user.community_id, signboard__status=BoardStatus.PRESENT
    ).count()
    if not left:
        return TodoList()
    title = _("{c}：本社区还有 {n} 块牌子待摘除").format(c=campaign.name, n=left)
    return TodoList(
        [TodoItem(title, f"/registries/campaigns/{campaign.pk}/", _("摘除并拍照"), campaign.deadline)], 1
    )
