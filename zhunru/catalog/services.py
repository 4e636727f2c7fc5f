"""Every change to the catalog. One transaction and one audit event each; publishing creates a version."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhunru.accounts.permissions import require_role
from zhunru.accounts.roles import Role
from zhunru.areas.models import Area, Department
from zhunru.catalog import importing, selectors
from zhunru.catalog.models import CatalogVersion, Matter, MatterList
from zhunru.core import audit, clock
from zhunru.core.errors import InvalidTransition, ValidationFailed
from zhunru.core.numbering import next_number
from zhunru.core.tabular import FileProblem, ImportReport, read_table

CATALOG_ROLES = (Role.APPROVAL_CLERK, Role.SYSADMIN)


def _actor_name(actor: Any) -> str:
    return actor.get_username() if actor is not None else "system"


def catalog_version_create(*, actor: Any, note: str) -> CatalogVersion | None:
    """Snapshot the current catalog as a new numbered version, unless nothing changed since the last."""
    require_role(actor, *CATALOG_ROLES)
    if not transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return catalog_version_create(actor=actor, note=note)
    items = selectors.snapshot()
    last = CatalogVersion.objects.order_by("-number").first()
    if last is not None and last.items == items:
        return None
    version = CatalogVersion.objects.create(
        number=next_number("catalog_version"),
        published_at=timezone.now(),
        published_by=_actor_name(actor),
        note=note[:300],
        items=items,
    )
    audit.record(
        actor=actor,
        event_type="catalog.version",
        obj=version,
        summary={"number": version.number, "note": note},
    )
    return version


def catalog_import(*, actor: Any, name: str, data: bytes, dry_run: bool = False) -> ImportReport:
    """Upsert the file's items as published, keyed by code; all or nothing; a new version if anything
    changed."""
    require_role(actor, *CATALOG_ROLES)
    report = ImportReport(file=name, dry_run=dry_run)
    try:
        rows = read_table(name, data, importing.CATALOG_COLUMNS, report)
    except FileProblem as exc:
        report.error(0, "-", exc.zh, exc.en)
        return report
    if report.errors:
        return report
    with transaction.atomic():
        good = importing.validate_catalog(rows, report)
        if report.errors:
            return report
        existing = {
            m.code: m
            for m in Matter.objects.select_for_update()
            .filter(code__in=[g.code for g in good])
            .prefetch_related("scope_areas")
        }
        for row in good:
            fields = {
                "name": row.name,
                "list": row.list,
                "kind": row.kind,
                "department": row.department,
                "field": row.field,
                "basis": row.basis,
                "description": row.description,
                "valid_from": row.valid_from,
                "valid_to": row.valid_to,
                "scope_all": not row.scope,
                "status": Matter.Status.PUBLISHED,
            }
            scope_codes = sorted(a.code for a in row.scope)
            current = existing.get(row.code)
            if current is None:
                report.created += 1
                if not dry_run:
                    matter = Matter.objects.create(code=row.code, **fields)
                    matter.scope_areas.set(row.scope)
                continue
            same = all(getattr(current, k) == v for k, v in fields.items()) and scope_codes == sorted(
                a.code for a in current.scope_areas.all()
            )
            if same:
                report.unchanged += 1
                continue
            report.updated += 1
            if not dry_run:
                for k, v in fields.items():
                    setattr(current, k, v)
                current.save()
                current.scope_areas.set(row.scope)
        if not dry_run and (report.created or report.updated):
            audit.record(
                actor=actor,
                event_type="catalog.import",
                object_type="catalog.matter",
                summary={
                    "file": name,
                    "created": report.created,
                    "updated": report.updated,
                    "rows": report.rows,
                },
            )
            catalog_version_create(actor=actor, note=_("导入 {file}").format(file=name))
    return report


def catalog_publish(*, actor: Any, note: str = "") -> CatalogVersion | None:
    """Publish every draft item and snapshot the catalog."""
    require_role(actor, *CATALOG_ROLES)
    with transaction.atomic():
        drafts = list(
            Matter.objects.select_for_update()
            .filter(status=Matter.Status.DRAFT)
            .values_list("code", flat=True)
        )
        Matter.objects.filter(code__in=drafts).update(status=Matter.Status.PUBLISHED)
        if drafts:
            audit.record(
                actor=actor,
                event_type="catalog.publish",
                object_type="catalog.matter",
                summary={"codes": drafts},
            )
        return catalog_version_create(actor=actor, note=note or _("发布清单"))


def new_matter_code(year: int) -> str:
    """A new code for an admitted matter: ZR-2026-0001."""
    return f"ZR-{year}-{next_number(f'matter_code:{year}'):04d}"


def matter_admit(
    *,
    actor: Any,
    name: str,
    kind: str,
    department: Department,
    field: str,
    basis: str,
    description: str,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    scope: list[Area],
    data_fields: list[str],
    frequency: str,
    note: str,
) -> Matter:
    """An approval puts the admitted matter into the catalog (called by the decision service)."""
    require_role(actor, Role.APPROVAL_CLERK)
    with transaction.atomic():
        matter = Matter.objects.create(
            code=new_matter_code(clock.today().year),
            name=name,
            list=MatterList.ADMITTED,
            kind=kind,
            department=department,
            field=field,
            basis=basis,
            description=description,
            valid_from=valid_from,
            valid_to=valid_to,
            scope_all=not scope,
            status=Matter.Status.PUBLISHED,
            data_fields=data_fields,
            frequency=frequency,
        )
        matter.scope_areas.set(scope)
        audit.record(
            actor=actor, event_type="matter.admit", obj=matter, summary={"code": matter.code, "name": name}
        )
        catalog_version_create(actor=actor, note=note)
    return matter


def matter_exit(*, actor: Any, matter: Matter, note: str) -> Matter:
    """An exit decision takes the matter out of the current catalog; it stays in history."""
    require_role(actor, Role.APPROVAL_CLERK)
    with transaction.atomic():
        updated = Matter.objects.filter(pk=matter.pk, status=Matter.Status.PUBLISHED).update(
            status=Matter.Status.EXITED, exited_on=clock.today()
        )
        if not updated:
            raise InvalidTransition(_("该事项不在现行清单中，不能退出。"))
        matter.refresh_from_db()
        audit.record(
            actor=actor, event_type="matter.exit", obj=matter, summary={"code": matter.code, "note": note}
        )
        catalog_version_create(actor=actor, note=note)
    return matter


def validate_data_fields(raw: str) -> list[str]:
    fields = [
        f.strip() for f in raw.replace("；", ";").replace(",", ";").replace("，", ";").split(";") if f.strip()
    ]
    if any(len(f) > 40 for f in fields):
        raise ValidationFailed(_("每个采集字段不超过 40 个字符。"), field="data_fields")
    return list(dict.fromkeys(fields))


def matter_set_data_fields(
    *, actor: Any, matter: Matter, data_fields: list[str], frequency: str = ""
) -> Matter:
    """Record the data fields a report or ledger collects (the 一表通 field index)."""
    require_role(actor, *CATALOG_ROLES)
    fields = validate_data_fields(";".join(data_fields))
    with transaction.atomic():
        updated = Matter.objects.filter(pk=matter.pk).update(data_fields=fields, frequency=frequency[:40])
        if not updated:
            raise InvalidTransition(_("事项不存在。"))
        audit.record(actor=actor, event_type="matter.data_fields", obj=matter, summary={"fields": fields})
        matter.refresh_from_db()
    return matter
