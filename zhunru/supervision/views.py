"""Web pages of supervision: parse, call one selector or service, render. No rules here."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from zhunru.accounts.roles import Role
from zhunru.areas.models import Department
from zhunru.core.errors import DomainError, NotFound
from zhunru.core.tabular import write_xlsx
from zhunru.supervision import selectors, services
from zhunru.supervision.forms import ConcludeForm, SettingsForm
from zhunru.supervision.models import CaseStatus
from zhunru.web.actions import flash_outcome
from zhunru.web.decorators import role_required
from zhunru.web.pagination import paginate

EXPORT_LIMIT = 10000


def _departments() -> Any:
    return Department.objects.filter(kind__in=[Department.Kind.DEPARTMENT, Department.Kind.STREET]).order_by(
        "name"
    )


@require_safe
@role_required(Role.SUPERVISOR)
def case_list(request: HttpRequest) -> HttpResponse:
    qs, filters = selectors.filtered_cases(request.user, request.GET)
    page, query = paginate(request, qs)
    return render(
        request,
        "supervision/case_list.html",
        {
            "page": page,
            "query": query,
            "f": filters,
            "statuses": CaseStatus.choices,
            "departments": _departments(),
            "export_query": request.GET.urlencode(),
        },
    )


# lazy: the headers follow the language of the request that exports
EXPORT_COLUMNS = [
    gettext_lazy("案件编号"),
    gettext_lazy("被举报单位"),
    gettext_lazy("事项"),
    gettext_lazy("状态"),
    gettext_lazy("受理日期"),
    gettext_lazy("启动调查期限"),
    gettext_lazy("办结期限"),
    gettext_lazy("举报数"),
    gettext_lazy("举报社区"),
    gettext_lazy("举报属实"),
    gettext_lazy("处理措施"),
    gettext_lazy("办结日期"),
    gettext_lazy("办理结论"),
]


@require_safe
@role_required(Role.SUPERVISOR)
def case_export(request: HttpRequest) -> HttpResponse:
    qs, _f = selectors.filtered_cases(request.user, request.GET)
    cases = list(qs[:EXPORT_LIMIT])
    communities: dict[int, list[str]] = defaultdict(list)
    for case_id, name in (
        selectors.reports_of_cases(request.user, [c.pk for c in cases])
        .order_by("community__code")
        .values_list("case_id", "community__name")
        .distinct()
    ):
        communities[case_id].append(name)
    yes_no = {True: _("是"), False: _("否"), None: ""}
    rows = [
        [
            c.number,
            c.subject,
            c.matter.name if c.matter else "",
            c.get_status_display(),
            c.received_on.isoformat(),
            c.start_due.isoformat(),
            c.conclude_due.isoformat(),
            c.report_count,
            "、".join(communities.get(c.pk, [])),
            yes_no[c.substantiated],
            "、".join(c.measure_labels),
            c.concluded_on.isoformat() if c.concluded_on else "",
            c.conclusion,
        ]
        for c in cases
    ]
    data = write_xlsx([str(h) for h in EXPORT_COLUMNS], rows, title="supervision")
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="supervision-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@require_safe
@role_required(Role.SUPERVISOR)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.access_case(request.user, pk)
    return render(
        request,
        "supervision/case_detail.html",
        {
            "case": case,
            "reports": selectors.case_reports(case),
            "actions": selectors.case_actions(request.user, case),
            "deadline": selectors.deadline(case),
            "history": case.history.select_related("actor"),
            "feedback": case.feedback.select_related("community"),
            "conclude_form": ConcludeForm(),
        },
    )


def _conclude(request: HttpRequest, case: Any) -> None:
    form = ConcludeForm(request.POST)
    if not form.is_valid():
        raise DomainError(
            "；".join(
                f"{form.fields[k].label if k in form.fields else ''}：{' '.join(v)}"
                for k, v in form.errors.items()
            )
        )
    services.case_conclude(actor=request.user, case=case, **form.cleaned_data)


CASE_ACTIONS = {
    "start_investigation": lambda request, case: services.case_start_investigation(
        actor=request.user, case=case
    ),
    "conclude": _conclude,
}
DONE_MESSAGES = {
    "start_investigation": gettext_lazy("已启动调查。"),
    "conclude": gettext_lazy("案件已办结，结果已反馈给举报社区。"),
}


@require_POST
@role_required(Role.SUPERVISOR)
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = selectors.access_case(request.user, pk)
    handler = CASE_ACTIONS.get(action)
    if handler is None:
        raise NotFound()
    flash_outcome(request, lambda: handler(request, case), DONE_MESSAGES[action])
    return redirect("supervision:case", pk=case.pk)


@require_safe
@role_required(Role.SUPERVISOR)
def flag_list(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, selectors.visible_flags(request.user))
    return render(request, "supervision/flag_list.html", {"page": page, "query": query})


@require_safe
@role_required(Role.COMMUNITY_WORKER)
def my_reports(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, selectors.community_reports(request.user))
    return render(request, "supervision/mine.html", {"page": page, "query": query})


@require_safe
@role_required(Role.DEPT_CLERK, Role.DEPT_HEAD)
def department_stats(request: HttpRequest) -> HttpResponse:
    rows = selectors.department_stats(request.user)
    totals = {
        "reports": sum(r.reports for r in rows),
        "substantiated": sum(r.substantiated for r in rows),
    }
    return render(request, "supervision/department.html", {"rows": rows, "totals": totals})


@role_required(Role.SUPERVISOR)
def settings_page(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST or None, instance=services.supervision_settings())
    if request.method == "POST" and form.is_valid():
        try:
            services.supervision_settings_update(
                actor=request.user, **{k: form.cleaned_data[k] for k in SettingsForm.Meta.fields}
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("监督设置已保存。"))
            return redirect("supervision:settings")
    return render(request, "supervision/settings.html", {"form": form})
