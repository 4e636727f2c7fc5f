"""Importing demands from a file (notices.csv / .xlsx of formats.md: id, department, date, community, text):
a district moving its paper ledgers of demands into the system, or a community registering a month of
work-group messages at once. Every row is judged like a pasted demand.

All or nothing: every row is checked first; a file with any error writes nothing. Re-importing the same file
changes nothing (a row is known by its community and id). `zhunru import notices FILE [--dry-run]`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from django.db import transaction

from zhunru.accounts.permissions import require_role
from zhunru.accounts.roles import Role
from zhunru.areas.models import Area
from zhunru.catalog.models import Matter
from zhunru.core import audit, clock
from zhunru.core.tabular import FileProblem, ImportReport, read_table
from zhunru.gateway.loading import NOTICE_COLUMNS, judge_from_db
from zhunru.gateway.models import TaskNotice
from zhunru.supervision.services import retaliation_check, supervision_settings

IMPORTERS = (Role.APPROVAL_CLERK, Role.COMMUNITY_WORKER)
BATCH = 2000
MAX_TEXT = 5000


def _check(rows: list[tuple[int, dict]], report: ImportReport, actor: Any) -> list[dict[str, Any]]:
    """The rows as (id, community, date, department, text), each problem reported on its row."""
    communities = dict(Area.objects.filter(level=Area.Level.COMMUNITY).values_list("code", "pk"))
    own = (
        getattr(actor, "community", None)
        if actor is not None and not actor.has_role(Role.APPROVAL_CLERK)
        else None
    )
    today = clock.today()
    seen: dict[tuple[str, str], int] = {}
    good = []
    for number, row in rows:
        nid, code = row.get("id", "").strip(), row.get("community", "").strip()
        text = row.get("text", "").strip()
        if own is not None and not code:
            code = own.code
        problems = []
        if not nid:
            problems.append(("id", "编号不能为空", "id is empty"))
        elif len(nid) > 40:
            problems.append(("id", "编号不能超过 40 个字符", "id longer than 40 characters"))
        if code not in communities:
            problems.append(
                ("community", f"没有代码为“{code[:20]}”的社区", f"no community with code {code[:20]!r}")
            )
        elif own is not None and code != own.code:
            problems.append(("community", "只能导入本社区的任务", "only your own community's demands"))
        if not text:
            problems.append(("text", "任务内容不能为空", "text is empty"))
        elif len(text) > MAX_TEXT:
            problems.append(("text", f"任务内容不能超过 {MAX_TEXT} 字", f"text longer than {MAX_TEXT}"))
        raw_date = row.get("date", "").strip()
        try:
            day = dt.date.fromisoformat(raw_date) if raw_date else today
        except ValueError:
            problems.append(
                ("date", f"日期应为 YYYY-MM-DD，实为“{raw_date[:20]}”", "date must be YYYY-MM-DD")
            )
            day = today
        department = " ".join(row.get("department", "").split())
        if len(department) > 100:
            problems.append(
                ("department", "来源部门不能超过 100 字", "department longer than 100 characters")
            )
        key = (code, nid)
        if nid and key in seen:
            problems.append(("id", f"编号与第 {seen[key]} 行重复", f"id repeats row {seen[key]}"))
        seen.setdefault(key, number)
        for column, zh, en in problems:
            report.error(number, column, zh, en)
        if not problems:
            good.append(
                {
                    "id": nid,
                    "community": communities[code],
                    "date": day,
                    "department": department,
                    "text": text,
                }
            )
    return good


def notices_import(*, actor: Any, name: str, data: bytes, dry_run: bool = False) -> ImportReport:
    """Register every demand of the file, judged; all or nothing; rows imported before are left alone."""
    if actor is not None:
        require_role(actor, *IMPORTERS)
    report = ImportReport(file=name, dry_run=dry_run)
    try:
        rows = read_table(name, data, NOTICE_COLUMNS, report)
    except FileProblem as exc:
        report.error(0, "-", exc.zh, exc.en)
        return report
    if report.errors:
        return report
    good = _check(rows, report, actor)
    if report.errors:
        return report
    known = set(
        TaskNotice.objects.filter(community_id__in={g["community"] for g in good})
        .exclude(external_id="")
        .values_list("community_id", "external_id")
    )
    fresh = [g for g in good if (g["community"], g["id"]) not in known]
    report.unchanged = len(good) - len(fresh)
    report.created = len(fresh)
    if dry_run or not fresh:
        return report
    judge = judge_from_db()
    codes = dict(Area.objects.filter(level=Area.Level.COMMUNITY).values_list("pk", "code"))
    matters = dict(Matter.objects.values_list("code", "pk"))
    reported = _reported_pairs()
    window = dt.timedelta(days=supervision_settings().retaliation_days)
    with transaction.atomic():
        for start in range(0, len(fresh), BATCH):
            batch = []
            for g in fresh[start : start + BATCH]:
                text, department_text = g["text"], g["department"]
                asker = (
                    judge.resolve_department(department_text)
                    if department_text
                    else judge.detect_department(text)
                )
                v = judge.judge(
                    text=text, department=department_text, date=g["date"], community=codes[g["community"]]
                )
                batch.append(
                    TaskNotice(
                        community_id=g["community"],
                        department_id=asker,
                        department_text=department_text,
                        received_on=g["date"],
                        text=text,
                        verdict=v.verdict,
                        matter_id=matters.get(v.item) if v.item else None,
                        matter_code=v.item,
                        score=Decimal(str(round(min(max(v.score, 0.0), 1.0), 2))),
                        reason=v.reason,
                        matched_words=list(v.matched),
                        source=TaskNotice.Source.IMPORT,
                        external_id=g["id"],
                        created_by=actor,
                    )
                )
            for notice in TaskNotice.objects.bulk_create(batch):
                dates = reported.get((notice.community_id, notice.department_id))
                if _within_window(dates, notice.received_on, window):
                    retaliation_check(notice=notice)  # a demand from a department this community reported
        audit.record(
            actor=actor,
            event_type="gateway.notice.import",
            object_type="gateway.tasknotice",
            summary={
                "file": name,
                "sm3": hashlib.new("sm3", data).hexdigest(),
                "rows": report.rows,
                "created": report.created,
                "unchanged": report.unchanged,
            },
        )
    return report


def _reported_pairs() -> dict[tuple[int, int], list[dt.date]]:
    """The report dates of each (community, department): only a demand of such a pair received within the
    monitoring period after one of them can be retaliation, so a 100,000-row import checks a handful of rows
    (one query here), not every one."""
    from zhunru.supervision.models import ViolationReport

    pairs: dict[tuple[int, int], list[dt.date]] = {}
    for community, department, day in ViolationReport.objects.values_list(
        "community_id", "department_id", "reported_on"
    ):
        pairs.setdefault((community, department), []).append(day)
    return pairs


def _within_window(reported: list[dt.date] | None, received: dt.date, window: dt.timedelta) -> bool:
    if not reported:
        return False
    return any(day <= received <= day + window for day in reported)
