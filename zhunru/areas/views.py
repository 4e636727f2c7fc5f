from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhunru.accounts.roles import Role
from zhunru.accounts.selectors import access_community
from zhunru.areas import selectors, services
from zhunru.areas.models import Area, Department
from zhunru.web.decorators import role_required
from zhunru.web.importing import import_page
from zhunru.web.pagination import paginate


@login_required
def areas(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    level = request.GET.get("level", "")
    if level not in Area.Level.values:
        level = ""
    page, query = paginate(request, selectors.area_list(q=q, level=level))
    return render(
        request,
        "areas/areas.html",
        {"page": page, "query": query, "q": q, "level": level, "levels": Area.Level},
    )


@login_required
def community(request: HttpRequest, code: str) -> HttpResponse:
    area = access_community(request.user, code)  # type: ignore[arg-type]
    return render(request, "areas/community.html", {"area": area})


@login_required
def departments(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if kind not in Department.Kind.values:
        kind = ""
    page, query = paginate(request, selectors.department_list(q=q, kind=kind))
    return render(
        request,
        "areas/departments.html",
        {"page": page, "query": query, "q": q, "kind": kind, "kinds": Department.Kind},
    )


@role_required(Role.SYSADMIN)
def import_view(request: HttpRequest) -> HttpResponse:
    """Upload → full check (nothing written) → the admin confirms → import."""
    importers = {
        "departments": (pgettext("list", "单位"), services.departments_import),
        "communities": (_("社区"), services.communities_import),
    }
    return import_page(request, importers, cancel_url=reverse("areas:import"))
