from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from zhunru.accounts.roles import Role
from zhunru.accounts.selectors import access_community
from zhunru.areas import selectors, services
from zhunru.areas.models import Area, Department
from zhunru.web.decorators import role_required
from zhunru.web.pagination import paginate

IMPORTERS = {"departments": services.departments_import, "communities": services.communities_import}
MAX_UPLOAD = 20 * 1024 * 1024


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


def _pending_dir() -> Path:
    path = settings.DATA_DIR / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


@role_required(Role.SYSADMIN)
def import_view(request: HttpRequest) -> HttpResponse:
    """Upload → full check (nothing written) → the admin confirms → import."""
    context: dict = {"what": request.POST.get("what", "departments")}
    if request.method == "POST":
        what = request.POST.get("what")
        if what not in IMPORTERS:
            context["error"] = _("请选择导入内容。")
            return render(request, "areas/import.html", context, status=400)
        token = request.POST.get("token", "")
        if token:  # confirmation of a checked file
            if not token.isalnum() or not (_pending_dir() / token).exists():
                context["error"] = _("待确认的文件已过期，请重新上传。")
                return render(request, "areas/import.html", context, status=400)
            pending = _pending_dir() / token
            name = request.POST.get("name", "upload.csv")
            report = IMPORTERS[what](actor=request.user, name=name, data=pending.read_bytes())
            pending.unlink(missing_ok=True)
            context["report"] = report
            context["done"] = report.ok
            return render(request, "areas/import.html", context, status=200 if report.ok else 400)
        upload = request.FILES.get("file")
        if upload is None:
            context["error"] = _("请选择要上传的文件。")
            return render(request, "areas/import.html", context, status=400)
        if upload.size and upload.size > MAX_UPLOAD:
            context["error"] = _("文件超过 20 MB。")
            return render(request, "areas/import.html", context, status=400)
        data = upload.read()
        report = IMPORTERS[what](actor=request.user, name=upload.name, data=data, dry_run=True)
        context["report"] = report
        if report.ok:
            token = secrets.token_hex(16)
            (_pending_dir() / token).write_bytes(data)
            context.update(token=token, name=upload.name)
        return render(request, "areas/import.html", context, status=200 if report.ok else 400)
    return render(request, "areas/import.html", context)
