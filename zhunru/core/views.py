from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from zhunru.accounts.roles import Role
from zhunru.core import services
from zhunru.core.errors import DomainError, ValidationFailed
from zhunru.core.models import AuditEvent, WorkdayOverride
from zhunru.core.tabular import write_xlsx
from zhunru.core.workdays import missing_years, year_is_covered
from zhunru.web.decorators import role_required
from zhunru.web.pagination import paginate

AUDIT_EXPORT_LIMIT = 100_000


def _audit_filtered(request: HttpRequest) -> tuple[QuerySet[AuditEvent], dict[str, str]]:
    f = {
        k: request.GET.get(k, "").strip()
        for k in ("q", "event_type", "actor", "date_from", "date_to", "result")
    }
    qs = AuditEvent.objects.all()
    if f["q"]:
        qs = qs.filter(
            Q(event_type__icontains=f["q"])
            | Q(object_id=f["q"])
            | Q(actor_name__icontains=f["q"])
            | Q(organization__icontains=f["q"])
            | Q(ip__startswith=f["q"])
        )
    if f["event_type"]:
        qs = qs.filter(event_type__startswith=f["event_type"])
    if f["actor"]:
        qs = qs.filter(actor_name__icontains=f["actor"])
    if f["result"] in AuditEvent.Result.values:
        qs = qs.filter(result=f["result"])
    for key, lookup in (("date_from", "created_at__date__gte"), ("date_to", "created_at__date__lte")):
        if f[key]:
            try:
                qs = qs.filter(**{lookup: dt.date.fromisoformat(f[key])})
            except ValueError:
                raise ValidationFailed(
                    _("日期格式应为 YYYY-MM-DD：{v}").format(v=f[key]), field=key
                ) from None
    return qs.order_by("-seq"), f


@require_safe  # the audit trail is read-only: no method that could change it
@role_required(Role.AUDITADMIN)
def audit_list(request: HttpRequest) -> HttpResponse:
    qs, filters = _audit_filtered(request)
    page, query = paginate(request, qs, per_page=50)
    return render(
        request, "core/audit.html", {"page": page, "query": query, "f": filters, "results": AuditEvent.Result}
    )


# lazy: the headers follow the language of the request that exports, not of the one that imported this
AUDIT_COLUMNS = [
    ("seq", gettext_lazy("序号")),
    ("created_at", gettext_lazy("时间")),
    ("actor_name", gettext_lazy("操作人")),
    ("organization", gettext_lazy("单位")),
    ("ip", gettext_lazy("IP 地址")),
    ("event_type", gettext_lazy("事件类型")),
    ("object_type", gettext_lazy("对象类型")),
    ("object_id", gettext_lazy("对象编号")),
    ("summary", gettext_lazy("摘要")),
    ("result", gettext_lazy("结果")),
]


@require_safe
@role_required(Role.AUDITADMIN)
def audit_export(request: HttpRequest) -> HttpResponse:
    qs, _f = _audit_filtered(request)
    rows = []
    for e in qs[:AUDIT_EXPORT_LIMIT].iterator():
        rows.append(
            [
                e.seq,
                timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                e.actor_name,
                e.organization,
                e.ip,
                e.event_type,
                e.object_type,
                e.object_id,
                str(e.summary) if e.summary else "",
                e.get_result_display(),
            ]
        )
    data = write_xlsx([str(label) for _k, label in AUDIT_COLUMNS], rows, title="audit")
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="audit-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@role_required(Role.SYSADMIN)
def workdays(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            day = dt.date.fromisoformat(request.POST.get("day", ""))
        except ValueError:
            messages.error(request, _("请输入正确的日期（YYYY-MM-DD）。"))
            return redirect("core:workdays")
        try:
            if request.POST.get("action") == "delete":
                services.workday_override_delete(actor=request.user, day=day)
                messages.success(request, _("已删除 {d} 的调整。").format(d=day))
            else:
                services.workday_override_set(
                    actor=request.user,
                    day=day,
                    is_workday=request.POST.get("is_workday") == "1",
                    note=request.POST.get("note", "").strip(),
                )
                messages.success(request, _("已保存 {d}。").format(d=day))
        except DomainError as exc:
            messages.error(request, str(exc.message))
        return redirect("core:workdays")
    today = timezone.localdate()
    years = [(y, year_is_covered(y)) for y in range(today.year - 1, today.year + 2)]
    page, query = paginate(request, WorkdayOverride.objects.order_by("-day"))
    return render(
        request,
        "core/workdays.html",
        {"page": page, "query": query, "years": years, "missing": missing_years(today)},
    )
