from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from zhunru.accounts.permissions import require_role
from zhunru.accounts.roles import Role
from zhunru.areas import importing
from zhunru.areas.models import Area, Department
from zhunru.core import audit
from zhunru.core.tabular import FileProblem, ImportReport, read_table


def _file_report(name: str, data: bytes, columns: list, dry_run: bool) -> tuple[ImportReport, list]:
    report = ImportReport(file=name, dry_run=dry_run)
    try:
        rows = read_table(name, data, columns, report)
    except FileProblem as exc:
        report.error(0, "-", exc.zh, exc.en)
        rows = []
    return report, rows


def departments_import(*, actor: Any, name: str, data: bytes, dry_run: bool = False) -> ImportReport:
    """Validate the whole file; write nothing unless every row is valid. Keyed by code."""
    require_role(actor, Role.SYSADMIN)
    report, rows = _file_report(name, data, importing.DEPARTMENT_COLUMNS, dry_run)
    if report.errors:
        return report
    with transaction.atomic():
        good = importing.validate_departments(rows, report)
        if report.errors:
            return report
        existing = {
            d.code: d for d in Department.objects.select_for_update().filter(code__in=[g.code for g in good])
        }
        for row in good:
            current = existing.get(row.code)
            if current is None:
                report.created += 1
                if not dry_run:
                    Department.objects.create(
                        code=row.code, name=row.name, aliases=row.aliases, kind=row.kind
                    )
            elif (current.name, current.aliases, current.kind) == (row.name, row.aliases, row.kind):
                report.unchanged += 1
            else:
                report.updated += 1
                if not dry_run:
                    current.name, current.aliases, current.kind = row.name, row.aliases, row.kind
                    current.save(update_fields=["name", "aliases", "kind"])
        if not dry_run and (report.created or report.updated):
            audit.record(
                actor=actor,
                event_type="departments.import",
                object_type="areas.department",
                summary={
                    "file": name,
                    "created": report.created,
                    "updated": report.updated,
                    "rows": report.rows,
                },
            )
    return report


def _street_area_name(office: Department) -> str:
    for suffix in ("办事处", "人民政府", "政府"):
        if office.name.endswith(suffix) and len(office.name) > len(suffix) + 1:
            return office.name[: -len(suffix)]
    return office.name


def communities_import(
    *, actor: Any, name: str, data: bytes, dry_run: bool = False, county_name: str | None = None
) -> ImportReport:
    """Communities with their streets (and county) created as needed. All or nothing."""
    require_role(actor, Role.SYSADMIN)
    report, rows = _file_report(name, data, importing.COMMUNITY_COLUMNS, dry_run)
    if report.errors:
        return report
    with transaction.atomic():
        good = importing.validate_communities(rows, report)
        if report.errors:
            return report
        existing = {
            a.code: a for a in Area.objects.select_for_update().filter(code__in=[g.code for g in good])
        }
        parents: dict[str, Area] = {}
        for row in good:
            current = existing.get(row.code)
            fields = {"name": row.name, "households": row.households, "population": row.population}
            if current is None:
                report.created += 1
            elif all(getattr(current, k) == v for k, v in fields.items()):
                report.unchanged += 1
                continue
            else:
                report.updated += 1
            if dry_run:
                continue
            street_area = parents.get(row.code[:9]) or _ensure_street(row.street, row.code, county_name)
            parents[row.code[:9]] = street_area
            if current is None:
                Area.objects.create(code=row.code, level=Area.Level.COMMUNITY, parent=street_area, **fields)
            else:
                Area.objects.filter(pk=current.pk).update(**fields)
        if not dry_run and (report.created or report.updated):
            audit.record(
                actor=actor,
                event_type="communities.import",
                object_type="areas.area",
                summary={
                    "file": name,
                    "created": report.created,
                    "updated": report.updated,
                    "rows": report.rows,
                },
            )
    return report


def _ensure_street(office: Department, community_code: str, county_name: str | None) -> Area:
    county_code = community_code[:6] + "000000"
    county, _ = Area.objects.get_or_create(
        code=county_code,
        defaults={"name": county_name or settings.DISTRICT_NAME, "level": Area.Level.COUNTY},
    )
    if office.area_id:
        return office.area  # type: ignore[return-value]
    street, _ = Area.objects.get_or_create(
        code=community_code[:9] + "000",
        defaults={"name": _street_area_name(office), "level": Area.Level.STREET, "parent": county},
    )
    Department.objects.filter(pk=office.pk).update(area=street)
    office.area = street
    return street
