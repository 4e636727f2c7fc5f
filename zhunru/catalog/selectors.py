"""Reads of the catalog: the current catalog, snapshots, version differences, export rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from zhunru.catalog.models import CatalogVersion, Matter
from zhunru.core import clock

SNAPSHOT_FIELDS = (
    "code",
    "name",
    "list",
    "kind",
    "department",
    "field",
    "basis",
    "description",
    "valid_from",
    "valid_to",
    "scope",
)
EXPORT_HEADERS_ZH = [
    "事项编码",
    "事项名称",
    "清单类别",
    "事项类型",
    "责任部门",
    "服务领域",
    "依据",
    "事项描述",
    "生效日期",
    "失效日期",
    "适用范围",
]


def current_catalog(day: dt.date | None = None) -> QuerySet[Matter]:
    """Published items that have not expired (items with a later valid_from are included)."""
    day = day or clock.today()
    return (
        Matter.objects.filter(status=Matter.Status.PUBLISHED)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("department")
        .prefetch_related("scope_areas")
    )


def search_catalog(
    *, q: str = "", list_: str = "", kind: str = "", day: dt.date | None = None
) -> QuerySet[Matter]:
    qs = current_catalog(day)
    if list_:
        qs = qs.filter(list=list_)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(code__icontains=q)
            | Q(description__icontains=q)
            | Q(basis__icontains=q)
            | Q(department__name__icontains=q)
        )
    return qs.order_by("list", "code")


def matter_row(m: Matter) -> dict[str, Any]:
    scope = sorted(a.code for a in m.scope_areas.all())
    return {
        "code": m.code,
        "name": m.name,
        "list": m.list,
        "kind": m.kind,
        "department": m.department.name if m.department else "",
        "field": m.field,
        "basis": m.basis,
        "description": m.description,
        "valid_from": m.valid_from.isoformat() if m.valid_from else "",
        "valid_to": m.valid_to.isoformat() if m.valid_to else "",
        "scope": "" if m.scope_all else ";".join(scope),
    }


def snapshot(day: dt.date | None = None) -> list[dict[str, Any]]:
    return [matter_row(m) for m in current_catalog(day).order_by("code")]


def diff_items(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Added, removed and changed items between two snapshots (by code)."""
    before = {i["code"]: i for i in old}
    after = {i["code"]: i for i in new}
    changed = []
    for code in sorted(before.keys() & after.keys()):
        fields = [f for f in SNAPSHOT_FIELDS if before[code].get(f) != after[code].get(f)]
        if fields:
            changed.append({"code": code, "old": before[code], "new": after[code], "fields": fields})
    return {
        "added": [after[c] for c in sorted(after.keys() - before.keys())],
        "removed": [before[c] for c in sorted(before.keys() - after.keys())],
        "changed": changed,
    }


def version_diff(a: CatalogVersion, b: CatalogVersion) -> dict[str, list[Any]]:
    old, new = (a, b) if a.number <= b.number else (b, a)
    return diff_items(old.items, new.items)


def export_rows(day: dt.date | None = None) -> list[list[str]]:
    return [[row[f] for f in SNAPSHOT_FIELDS] for row in snapshot(day)]


def access_matter(user: Any, code: str) -> Matter:
    """Catalog items are public once published; drafts only for the approval office."""
    from zhunru.accounts.roles import Role
    from zhunru.core.errors import NotFound

    matter = Matter.objects.select_related("department").filter(code=code).first()
    if matter is None:
        raise NotFound()
    if matter.status == Matter.Status.DRAFT and not (
        user is not None and user.is_authenticated and user.has_role(Role.APPROVAL_CLERK, Role.APPROVER)
    ):
        raise NotFound()
    return matter
