"""Reads of certificates, by role.

The two lists are open to every signed-in user. A community's register and refusals are for the
workers of that community only: another community, a street office, a department, supervision and the
administrators get 404. A street officer reads counts per community and certificate for the communities of
his street (no person, no number); a community worker reads her own community's counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from zhunru.accounts.roles import Role
from zhunru.areas.models import Area
from zhunru.certificates.models import ID_INDEX_PURPOSE, CertificateList, CertificateType, Issuance, Refusal
from zhunru.certificates.validators import normalize_id_number, validate_id_number
from zhunru.core.crypto import blind_index
from zhunru.core.errors import NotFound

SEARCH_LIMIT = 50


def _active(user: Any) -> bool:
    return user is not None and user.is_authenticated and user.is_active


# ---------------------------------------------------------------- the two lists


def visible_types(user: Any, certificate_list: str = "") -> QuerySet[CertificateType]:
    qs = CertificateType.objects.filter(active=True).select_related("matter")
    if not _active(user):
        return qs.none()
    if certificate_list in CertificateList.values:
        qs = qs.filter(list=certificate_list)
    return qs.order_by("list", "position", "code")


def access_type(user: Any, pk: int) -> CertificateType:
    found = visible_types(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


# ---------------------------------------------------------------- a community's register


def register_communities(user: Any) -> QuerySet[Area]:
    """The communities whose register (personal data) the user may read: a worker's own community."""
    qs = Area.objects.filter(level=Area.Level.COMMUNITY)
    if not _active(user) or not user.has_role(Role.COMMUNITY_WORKER) or not user.community_id:
        return qs.none()
    return qs.filter(pk=user.community_id)


def access_register(user: Any, code: str) -> Area:
    area = register_communities(user).filter(code=code).first()
    if area is None:
        raise NotFound()
    return area


def visible_issuances(user: Any) -> QuerySet[Issuance]:
    return Issuance.objects.filter(community__in=register_communities(user)).select_related(
        "community", "certificate_type", "issued_by"
    )


def access_issuance(user: Any, pk: int) -> Issuance:
    found = visible_issuances(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def filtered_issuances(user: Any, community: Area, params: Any) -> tuple[QuerySet[Issuance], dict[str, str]]:
    """The register of one community with its filters: q (name or register number), type (id), from, to.
    Searching by ID number is `find_by_id_number` (a POST: the number never goes into a URL)."""
    qs = visible_issuances(user).filter(community=community)
    f = {k: str(params.get(k, "") or "").strip() for k in ("q", "type", "from", "to")}
    if f["q"]:
        qs = qs.filter(Q(applicant_name__icontains=f["q"]) | Q(number__icontains=f["q"]))
    if f["type"].isdigit():
        qs = qs.filter(certificate_type_id=int(f["type"]))
    start, end = _date(f["from"]), _date(f["to"])
    if start:
        qs = qs.filter(issued_on__gte=start)
    if end:
        qs = qs.filter(issued_on__lte=end)
    return qs.order_by("-issued_on", "-pk"), f


def find_by_id_number(user: Any, community: Area, raw: object) -> QuerySet[Issuance]:
    """The community's issuances to the person with this full ID number, found by the blind index."""
    number = validate_id_number(normalize_id_number(raw), field="id_number")
    index = blind_index(number, purpose=ID_INDEX_PURPOSE)
    return visible_issuances(user).filter(community=community, id_number_index=index)[:SEARCH_LIMIT]


def visible_refusals(user: Any) -> QuerySet[Refusal]:
    return Refusal.objects.filter(community__in=register_communities(user)).select_related(
        "community", "certificate_type", "refused_by"
    )


def access_refusal(user: Any, pk: int) -> Refusal:
    found = visible_refusals(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


# ---------------------------------------------------------------- counts, no personal data


def stats_communities(user: Any) -> QuerySet[Area]:
    """A worker: her community; a street officer: his street's communities. Nobody else."""
    qs = Area.objects.filter(level=Area.Level.COMMUNITY).select_related("parent")
    if not _active(user):
        return qs.none()
    scope = Q(pk__in=[])
    if user.has_role(Role.STREET_OFFICER) and user.department_id and user.department.area_id:
        scope |= Q(parent_id=user.department.area_id)
    if user.has_role(Role.COMMUNITY_WORKER) and user.community_id:
        scope |= Q(pk=user.community_id)
    return qs.filter(scope).order_by("code")


@dataclass
class CountRow:
    community_code: str
    community: str
    type_code: str
    certificate: str
    certificate_list: str
    issued: int
    refused: int


def counts(user: Any, year: int | None = None) -> list[CountRow]:
    """Per community and certificate: how many issued, how many refused (the year's, or all)."""
    communities = {a.pk: a for a in stats_communities(user)}
    if not communities:
        return []
    issued = Issuance.objects.filter(community_id__in=communities)
    refused = Refusal.objects.filter(community_id__in=communities)
    if year:
        issued = issued.filter(issued_on__year=year)
        refused = refused.filter(refused_on__year=year)
    table: dict[tuple[int, int], list[int]] = {}
    for row in issued.values("community_id", "certificate_type_id").annotate(n=Count("pk")).order_by():
        table.setdefault((row["community_id"], row["certificate_type_id"]), [0, 0])[0] = row["n"]
    for row in refused.values("community_id", "certificate_type_id").annotate(n=Count("pk")).order_by():
        table.setdefault((row["community_id"], row["certificate_type_id"]), [0, 0])[1] = row["n"]
    types = CertificateType.objects.in_bulk({t for _c, t in table})
    out = [
        CountRow(
            community_code=communities[c].code,
            community=communities[c].name,
            type_code=types[t].code,
            certificate=types[t].name,
            certificate_list=types[t].list,
            issued=n[0],
            refused=n[1],
        )
        for (c, t), n in table.items()
    ]
    return sorted(out, key=lambda r: (r.community_code, r.certificate_list, r.type_code))
