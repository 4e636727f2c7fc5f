"""The approval office's catalog pages: every item (drafts and exited included), export, publish."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhunru.accounts.roles import Role
from zhunru.catalog import selectors, services
from zhunru.catalog.models import CatalogVersion, Matter, MatterKind, MatterList
from zhunru.core.errors import DomainError
from zhunru.core.tabular import write_xlsx
from zhunru.web.decorators import role_required
from zhunru.web.importing import import_page
from zhunru.web.pagination import paginate

OFFICE = (Role.APPROVAL_CLERK, Role.APPROVAL_HEAD, Role.APPROVER, Role.SYSADMIN)


@role_required(*OFFICE)
def manage(request: HttpRequest) -> HttpResponse:
    qs = Matter.objects.select_related("department").order_by("list", "code")
    f = {k: request.GET.get(k, "").strip() for k in ("q", "list", "kind", "status")}
    if f["q"]:
        qs = qs.filter(
            Q(name__icontains=f["q"]) | Q(code__icontains=f["q"]) | Q(department__name__icontains=f["q"])
        )
    if f["list"] in MatterList.values:
        qs = qs.filter(list=f["list"])
    if f["kind"] in MatterKind.values:
        qs = qs.filter(kind=f["kind"])
    if f["status"] in Matter.Status.values:
        qs = qs.filter(status=f["status"])
    page, query = paginate(request, qs)
    return render(
        request,
        "catalog/manage.html",
        {
            "page": page,
            "query": query,
            "f": f,
            "lists": MatterList.choices,
            "kinds": MatterKind.choices,
            "statuses": Matter.Status.choices,
            "drafts": Matter.objects.filter(status=Matter.Status.DRAFT).count(),
            "latest": CatalogVersion.objects.order_by("-number").first(),
            "today": timezone.localdate(),
        },
    )


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The current catalog in the catalog.csv format (public: the catalog is published anyway)."""
    if fmt not in ("csv", "xlsx"):
        from zhunru.core.errors import NotFound

        raise NotFound()
    rows = selectors.export_rows()
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "xlsx":
        data = write_xlsx(list(selectors.SNAPSHOT_FIELDS), rows, title="catalog")
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(selectors.SNAPSHOT_FIELDS)
        writer.writerows(rows)
        response = HttpResponse(("\ufeff" + out.getvalue()).encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="catalog-{stamp}.{fmt}"'
    return response


@require_POST
@role_required(Role.APPROVAL_CLERK, Role.SYSADMIN)
def publish(request: HttpRequest) -> HttpResponse:
    try:
        version = services.catalog_publish(actor=request.user, note=request.POST.get("note", "").strip())
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        if version is None:
            messages.info(request, _("清单没有变化，未产生新版本。"))
        else:
            messages.success(request, _("已发布清单第 {n} 版。").format(n=version.number))
    return redirect("catalog:manage")


@role_required(Role.APPROVAL_CLERK)
def import_view(request: HttpRequest) -> HttpResponse:
    importers = {"catalog": (_("社区工作事项清单"), services.catalog_import)}
    return import_page(request, importers, cancel_url=reverse("catalog:import"))
