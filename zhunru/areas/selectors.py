from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from zhunru.areas.models import Area, Department
from zhunru.areas.names import NameIndex


def area_list(*, q: str = "", level: str = "") -> QuerySet[Area]:
    qs = Area.objects.select_related("parent").annotate(n_children=Count("children"))
    if level:
        qs = qs.filter(level=level)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__startswith=q) | Q(parent__name__icontains=q))
    return qs.order_by("code")


def department_list(*, q: str = "", kind: str = "") -> QuerySet[Department]:
    qs = Department.objects.select_related("area")
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        # Aliases are matched in Python: SQLite keeps JSON text \u-escaped, so a LIKE on the column
        # never finds Chinese aliases (and matches the escapes instead).
        needle = q.casefold()
        alias_hits = [
            pk
            for pk, aliases in Department.objects.values_list("pk", "aliases")
            if any(needle in str(a).casefold() for a in aliases or [])
        ]
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(pk__in=alias_hits))
    return qs.order_by("kind", "name")


def department_index() -> NameIndex:
    return NameIndex.build(Department.objects.values_list("pk", "name", "aliases", "code"))


def resolve_department(text: str) -> Department | None:
    """Any name, alias or code (or a close variant: 区人武部 → 区人民武装部) to one department."""
    key = department_index().resolve(text)
    return Department.objects.filter(pk=key).first() if key is not None else None
