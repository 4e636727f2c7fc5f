"""Public reads for the portal (no login). Only what is public: published or exited catalog items,
decisions (their letters are public), decided exit requests with the requesting organization only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zhunru.access.models import Decision, ExitRequest
from zhunru.access.models import Status as S
from zhunru.access.selectors import public_decisions
from zhunru.catalog.models import CatalogVersion, Matter, MatterKind, MatterList
from zhunru.catalog.selectors import SNAPSHOT_FIELDS, access_matter, version_diff
from zhunru.core.errors import NotFound

DECIDED_EXITS = (S.EXITED, S.EXIT_REJECTED)


def public_matter(code: str) -> Matter:
    """A catalog item by code, as anyone may see it: drafts are 404 even for the approval office."""
    return access_matter(None, code)


def decision_by_number(year: int, seq: int) -> Decision:
    decision = public_decisions().filter(year=year, seq=seq).first()
    if decision is None:
        raise NotFound()
    return decision


def matter_decisions(matter: Matter) -> QuerySet[Decision]:
    """The matter's letters: its admission and any exit decisions, newest first."""
    return public_decisions().filter(matter=matter)


def decided_exit_requests() -> QuerySet[ExitRequest]:
    """Exit requests with a decision; the requester is shown by organization only."""
    return (
        ExitRequest.objects.filter(status__in=DECIDED_EXITS)
        .select_related("matter", "decision")
        .order_by("-decision__year", "-decision__seq")
    )


def exited_matters() -> QuerySet[Matter]:
    return (
        Matter.objects.filter(status=Matter.Status.EXITED)
        .select_related("department")
        .order_by("-exited_on", "code")
    )


def catalog_versions() -> QuerySet[CatalogVersion]:
    return CatalogVersion.objects.order_by("-number").defer("items")


def catalog_version(number: Any) -> CatalogVersion | None:
    try:
        return CatalogVersion.objects.filter(number=int(number)).first()
    except (TypeError, ValueError):
        return None


def field_label(name: str) -> str:
    model_field = "scope_areas" if name == "scope" else name
    return str(Matter._meta.get_field(model_field).verbose_name)


def value_label(name: str, value: Any) -> str:
    """A snapshot value as people read it (list and kind by their Chinese names)."""
    choices = {"list": MatterList, "kind": MatterKind}.get(name)
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    if name == "scope" and value == "":
        return _("全部社区")
    return str(value or "—")


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class VersionDiff:
    old: CatalogVersion
    new: CatalogVersion
    added: list[dict[str, Any]]
    changed: list[tuple[dict[str, Any], list[FieldChange]]]
    removed: list[dict[str, Any]]

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


def _labelled(item: dict[str, Any]) -> dict[str, Any]:
    return {
        **item,
        "list_label": value_label("list", item.get("list")),
        "kind_label": value_label("kind", item.get("kind")),
    }


def catalog_diff(a: CatalogVersion, b: CatalogVersion) -> VersionDiff:
    """catalog.selectors.version_diff (older → newer), with field names and values labelled."""
    old, new = (a, b) if a.number <= b.number else (b, a)
    raw = version_diff(a, b)
    changed = [
        (
            _labelled(change["new"]),
            [
                FieldChange(
                    field_label(f), value_label(f, change["old"].get(f)), value_label(f, change["new"].get(f))
                )
                for f in change["fields"]
                if f in SNAPSHOT_FIELDS
            ],
        )
        for change in raw["changed"]
    ]
    return VersionDiff(
        old=old,
        new=new,
        added=[_labelled(i) for i in raw["added"]],
        changed=changed,
        removed=[_labelled(i) for i in raw["removed"]],
    )
