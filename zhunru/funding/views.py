"""Web pages of funding: parse, call one selector or service, render. No rules here."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from zhunru.core import clock
from zhunru.core.errors import DomainError, NotFound
from zhunru.core.tabular import write_xlsx
from zhunru.funding import selectors, services, workflow
from zhunru.funding.forms import DisbursementForm, NoteForm, SettingsForm
from zhunru.funding.models import Disbursement, LineStatus
from zhunru.web.actions import flash_outcome
from zhunru.web.decorators import role_required
from zhunru.web.pagination import paginate

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year_choices() -> list[int]:
    this = clock.today().year
    return list(range(this + 1, this - 6, -1))


@require_safe
@role_required(*workflow.FUNDING_ROLES)
def arrears(request: HttpRequest) -> HttpResponse:
    rows, total, f = selectors.arrears(request.user, request.GET)
    page, query = paginate(request, rows)
    return render(
        request,
        "funding/arrears.html",
        {
            "page": page,
            "query": query,
            "total": total,
            "f": f,
            "years": _year_choices(),
            "groups": [
                ("matter", _("按事项")),
                ("department", _("按部门")),
                ("community", _("按社区")),
            ],
            "unfunded": selectors.visible_unfunded(request.user)[:50],
            "settings": services.funding_settings(),
            "is_office": request.user.has_role(*workflow.OFFICE),  # type: ignore[union-attr]
            "export_query": request.GET.urlencode(),
        },
    )


FIGURE_COLUMNS = [
    gettext_lazy("承诺（元）"),
    gettext_lazy("已拨付（元）"),
    gettext_lazy("已确认（元）"),
    gettext_lazy("有异议（元）"),
    gettext_lazy("待确认（元）"),
    gettext_lazy("欠拨（元）"),
    gettext_lazy("逾期欠拨（元）"),
]


@require_safe
@role_required(*workflow.FUNDING_ROLES)
def arrears_export(request: HttpRequest) -> HttpResponse:
    rows, total, f = selectors.arrears(request.user, request.GET)
    by = f["by"]
    if by == "matter":
        head = [gettext_lazy("事项编码"), gettext_lazy("事项"), gettext_lazy("责任部门")]
    elif by == "department":
        head = [gettext_lazy("统一社会信用代码"), gettext_lazy("部门"), gettext_lazy("说明")]
    else:
        head = [gettext_lazy("区划代码"), gettext_lazy("社区"), gettext_lazy("街道")]
    tail = (
        [gettext_lazy("户数"), gettext_lazy("公益事业经费参考（元）"), gettext_lazy("工作经费参考（元）")]
        if by == "community"
        else [gettext_lazy("经费未到位")]
    )
    data_rows: list[list[object]] = []
    for r in rows:
        figures = [r.committed, r.paid, r.confirmed, r.disputed, r.pending, r.unpaid, r.overdue]
        extra: list[object] = (
            [r.households, r.reference_welfare, r.reference_work]
            if by == "community"
            else [_("是") if r.unfunded else ""]
        )
        data_rows.append([r.code, r.label, r.context, *[float(x) for x in figures], *extra])
    totals = [total.committed, total.paid, total.confirmed, total.disputed, total.pending, total.unpaid]
    data_rows.append(["", str(_("合计")), "", *[float(x) for x in [*totals, total.overdue]]])
    data = write_xlsx(
        [str(h) for h in [*head, *FIGURE_COLUMNS, *tail]],
        [[float(x) if hasattr(x, "quantize") else x for x in row] for row in data_rows],
        title="funding",
    )
    response = HttpResponse(data, content_type=XLSX)
    year = f["year"] or "all"
    response["Content-Disposition"] = (
        f'attachment; filename="funding-{by}-{year}-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    return response


def _matter_page(request: HttpRequest, matter: Any, form: DisbursementForm | None = None) -> HttpResponse:
    years = selectors.matter_years(request.user, matter)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() else (clock.today().year if clock.today().year in years else None)
    items = selectors.matter_commitments(request.user, matter, year)
    can_record = selectors.can_record(request.user, matter)
    if can_record and form is None:
        names = {c.community.code: c.community.name for c, _f in items}
        form = DisbursementForm(
            initial={"year": year or "", "paid_on": clock.today().isoformat()},
            community_choices=sorted(names.items()),
        )
    lines = list(
        selectors.visible_lines(request.user)
        .filter(disbursement__matter=matter, **({"disbursement__year": year} if year else {}))
        .order_by("-disbursement__paid_on", "-disbursement_id", "community__code")
    )
    disbursements: dict[int, dict[str, Any]] = {}
    for line in lines:
        entry = disbursements.setdefault(line.disbursement_id, {"d": line.disbursement, "lines": []})
        entry["lines"].append({"line": line, "actions": selectors.line_actions(request.user, line)})
    total = selectors.Figures()
    for _c, fig in items:
        total.add(fig)
    return render(
        request,
        "funding/matter.html",
        {
            "matter": matter,
            "year": year,
            "years": years,
            "items": items,
            "total": total,
            "disbursements": list(disbursements.values()),
            "form": form if can_record else None,
            "note_form": NoteForm(),
            "unfunded": selectors.visible_unfunded(request.user).filter(matter=matter).first(),
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@require_safe
@role_required(*workflow.FUNDING_ROLES)
def matter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _matter_page(request, selectors.access_matter(request.user, pk))


@require_POST
@role_required(*workflow.DEPARTMENT)
def disbursement_create(request: HttpRequest, pk: int) -> HttpResponse:
    matter = selectors.access_matter(request.user, pk)
    names = {
        c.community.code: c.community.name
        for c, _f in selectors.matter_commitments(request.user, matter, None)
    }
    form = DisbursementForm(request.POST, community_choices=sorted(names.items()))
    if not form.is_valid():
        return _matter_page(request, matter, form)
    try:
        d: Disbursement = services.disbursement_record(actor=request.user, matter=matter, **form.cleaned_data)
    except DomainError as exc:
        if exc.status == 404:
            raise
        form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        return _matter_page(request, matter, form)
    messages.success(
        request,
        _("已登记拨付 {r}：{n} 个社区，合计 {t} 元，等待社区确认。").format(
            r=d.reference, n=d.lines.count(), t=d.total
        ),
    )
    return redirect(f"{services.matter_link(matter.pk, d.year)}")


@require_safe
@role_required(*workflow.FUNDING_ROLES)
def line_list(request: HttpRequest) -> HttpResponse:
    qs, f = selectors.filtered_lines(request.user, request.GET)
    page, query = paginate(request, qs)
    items = [{"line": line, "actions": selectors.line_actions(request.user, line)} for line in page]
    return render(
        request,
        "funding/lines.html",
        {
            "page": page,
            "items": items,
            "query": query,
            "f": f,
            "statuses": LineStatus.choices,
            "note_form": NoteForm(),
            "export_query": request.GET.urlencode(),
        },
    )


LINE_EXPORT_COLUMNS = [
    gettext_lazy("拨付编号"),
    gettext_lazy("凭证号"),
    gettext_lazy("拨付日期"),
    gettext_lazy("拨付单位"),
    gettext_lazy("事项"),
    gettext_lazy("承诺年度"),
    gettext_lazy("社区"),
    gettext_lazy("金额（元）"),
    gettext_lazy("状态"),
    gettext_lazy("说明"),
]


@require_safe
@role_required(*workflow.FUNDING_ROLES)
def line_export(request: HttpRequest) -> HttpResponse:
    qs, _f = selectors.filtered_lines(request.user, request.GET)
    rows: list[list[object]] = [
        [
            x.disbursement.reference,
            x.disbursement.voucher_number,
            x.disbursement.paid_on.isoformat(),
            x.disbursement.department.name,
            x.disbursement.matter.name,
            x.disbursement.year,
            x.community.name,
            float(x.amount),
            x.get_status_display(),
            x.note,
        ]
        for x in qs[:10000]
    ]
    response = HttpResponse(
        write_xlsx([str(h) for h in LINE_EXPORT_COLUMNS], rows, title="disbursements"), content_type=XLSX
    )
    response["Content-Disposition"] = (
        f'attachment; filename="disbursements-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    return response


LINE_ACTIONS = {
    "confirm": lambda request, line: services.disbursement_line_confirm(actor=request.user, line=line),
    "dispute": lambda request, line: services.disbursement_line_dispute(
        actor=request.user, line=line, note=request.POST.get("note", "")
    ),
    "cancel": lambda request, line: services.disbursement_line_cancel(
        actor=request.user, line=line, note=request.POST.get("note", "")
    ),
}
DONE_MESSAGES = {
    "confirm": gettext_lazy("已确认到账。"),
    "dispute": gettext_lazy("已提出异议，拨付单位会收到通知。"),
    "cancel": gettext_lazy("已撤销该笔拨付记录，社区会收到通知。"),
}


@require_POST
@role_required(*workflow.FUNDING_ROLES)
def line_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    line = selectors.access_line(request.user, pk)
    handler = LINE_ACTIONS.get(action)
    if handler is None:
        raise NotFound()
    flash_outcome(request, lambda: handler(request, line), DONE_MESSAGES[action])
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ) or not target.startswith("/"):
        target = "/funding/disbursements/"
    return redirect(target)


@role_required(*workflow.OFFICE)
def settings_page(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST or None, instance=services.funding_settings())
    if request.method == "POST" and form.is_valid():
        try:
            services.funding_settings_update(
                actor=request.user, **{k: form.cleaned_data[k] for k in SettingsForm.Meta.fields}
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("经费设置已保存。"))
            return redirect("funding:settings")
    return render(request, "funding/settings.html", {"form": form})
