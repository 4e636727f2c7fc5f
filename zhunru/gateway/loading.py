"""Building a Judge from interchange files (no database) or from the live catalog."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from zhunru.areas.importing import COMMUNITY_COLUMNS, DEPARTMENT_COLUMNS
from zhunru.catalog.importing import ALL_SCOPE, CATALOG_COLUMNS, KINDS, LISTS
from zhunru.core.tabular import Column, FileProblem, ImportReport, read_path, read_table, split_values
from zhunru.gateway.judge import Item, Judge

NOTICE_COLUMNS = [
    Column("id", "编号", required=True),
    Column("department", "来源部门"),
    Column("date", "收到日期"),
    Column("community", "社区"),
    Column("text", "任务内容", required=True),
]
VERDICT_HEADERS = ["id", "verdict", "item", "score", "reason"]


class InputError(Exception):
    """A file that cannot be used; carries every problem found."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        super().__init__("\n".join(e.line(report.file) for e in report.errors))


def _table(path: str | Path, columns: list[Column]) -> list[tuple[int, dict]]:
    name, data = read_path(path)
    report = ImportReport(file=name)
    try:
        rows = read_table(name, data, columns, report)
    except FileProblem as exc:
        report.error(0, "-", exc.zh, exc.en)
        rows = []
    if report.errors:
        raise InputError(report)
    return rows


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()) if text and text.strip() else None
    except ValueError:
        return None


def judge_from_files(
    catalog: str | Path, departments: str | Path, communities: str | Path | None = None
) -> Judge:
    department_rows = [
        (
            row["code"].strip().upper() or row["name"].strip(),
            row["name"].strip(),
            split_values(row.get("aliases", "")),
            row["code"].strip().upper(),
        )
        for _n, row in _table(departments, DEPARTMENT_COLUMNS)
    ]
    community_names = (
        {row["code"].strip(): row["name"].strip() for _n, row in _table(communities, COMMUNITY_COLUMNS)}
        if communities
        else {}
    )
    names = {key: name for key, name, _a, _c in department_rows}
    judge = Judge([], department_rows, community_names)
    items = []
    for _n, row in _table(catalog, CATALOG_COLUMNS):
        dept_text = row.get("department", "").strip()
        key = judge.resolve_department(dept_text) if dept_text else None
        scope_raw = row.get("scope", "").strip()
        items.append(
            Item(
                code=row["code"].strip(),
                name=row["name"].strip(),
                list=LISTS.get(
                    row["list"].strip().lower(), LISTS.get(row["list"].strip(), row["list"].strip())
                ),
                kind=KINDS.get(
                    row["kind"].strip().lower(), KINDS.get(row["kind"].strip(), row["kind"].strip())
                ),
                department=key if key is not None else (dept_text or None),
                department_name=names.get(key, dept_text) if key is not None else dept_text,
                basis=row.get("basis", "").strip(),
                description=row.get("description", "").strip(),
                valid_from=_date(row.get("valid_from", "")),
                valid_to=_date(row.get("valid_to", "")),
                scope=None if scope_raw in ALL_SCOPE else frozenset(split_values(scope_raw)),
            )
        )
    return Judge(items, department_rows, community_names)


def read_notices(path: str | Path) -> list[dict]:
    return [{**row, "_row": number} for number, row in _table(path, NOTICE_COLUMNS)]


_cache: dict[tuple, Judge] = {}


def _end(valid_to: dt.date | None, exited_on: dt.date | None) -> dt.date | None:
    """The last day an item allows work: its valid_to, or the day before it exited if that is earlier."""
    if exited_on is None:
        return valid_to
    last = exited_on - dt.timedelta(days=1)
    return last if valid_to is None or last < valid_to else valid_to


def _departments_fingerprint() -> str:
    """Changes when a department is added, removed, renamed or given other aliases or code."""
    from zhunru.areas.models import Department

    rows = Department.objects.order_by("pk").values_list("pk", "name", "aliases", "code")
    return hashlib.new("sm3", repr(list(rows)).encode()).hexdigest()


def judge_from_db() -> Judge:
    """The judge over every published or exited item, rebuilt when the catalog or the departments change.

    Expired and exited items stay in, so a demand dated after an item's end is told "expired on ...", and a
    backdated demand is judged against the catalog as it stood on its date.
    """
    from django.db.models import Count, Max, Q

    from zhunru.areas.models import Area, Department
    from zhunru.catalog.models import CatalogVersion, Matter
    from zhunru.core import clock

    key = (
        CatalogVersion.objects.aggregate(n=Max("number"))["n"],
        tuple(
            Matter.objects.aggregate(
                t=Max("updated_at"), n=Count("pk"), x=Count("pk", filter=Q(status=Matter.Status.EXITED))
            ).values()
        ),
        _departments_fingerprint(),
        clock.today(),
    )
    cached = _cache.get(key)
    if cached is not None:
        return cached
    departments = list(Department.objects.values_list("pk", "name", "aliases", "code"))
    names = {pk: name for pk, name, _a, _c in departments}
    items = [
        Item(
            code=m.code,
            name=m.name,
            list=m.list,
            kind=m.kind,
            department=m.department_id,
            department_name=names.get(m.department_id, ""),
            basis=m.basis,
            description=m.description,
            valid_from=m.valid_from,
            valid_to=_end(m.valid_to, m.exited_on),
            scope=None if m.scope_all else frozenset(a.code for a in m.scope_areas.all()),
        )
        for m in Matter.objects.filter(status__in=[Matter.Status.PUBLISHED, Matter.Status.EXITED])
        .select_related("department")
        .prefetch_related("scope_areas")
    ]
    communities = dict(Area.objects.filter(level=Area.Level.COMMUNITY).values_list("code", "name"))
    judge = Judge(items, departments, communities)
    _cache.clear()
    _cache[key] = judge
    return judge
