"""Web pages of the gateway: parse, call one service or selector, render. No rules here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhunru.accounts.roles import Role
from zhunru.core import clock
from zhunru.core.errors import DomainError, NotFound
from zhunru.core.stamps import cached_part
from zhunru.core.tabular import write_xlsx
from zhunru.gateway import selectors, services
from zhunru.gateway.forms import DispatchForm, RegisterForm
from zhunru.gateway.models import TaskNotice, Verdict
from zhunru.gateway.refusals import render_refusal_pdf
from zhunru.web.actions import flash_outcome
from zhunru.web.decorators import role_required
from zhunru.web.pagination import paginate

READERS = (Role.COMMUNITY_WORKER, Role.STREET_OFFICER)
WORKER = (Role.COMMUNITY_WORKER,)
DISPATCHERS = (Role.DEPT_CLERK, Role.DEPT_HEAD)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _is_worker(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.has_role(Role.COMMUNITY_WORKER) and user.community_id)


def _error_text(form: Any) -> str:
    return "；".join(
        f"{form.fields[k].label if k in form.fields else ''}：{' '.join(v)}" for k, v in form.errors.items()
    )


# ---------------------------------------------------------------- 我的任务


def _list_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    visible = selectors.visible_notices(user)
    filters = selectors.Filters.from_query(request.GET)
    qs = selectors.filter_notices(visible, filters)
    page, query = paginate(request, qs)
    return {
        "page": page,
        "query": query,
        "filters": filters,
        "months": selectors.monthly_summary(
            selectors.filter_notices(visible, filters, verdict=False),
            months=None if filters.month else selectors.SUMMARY_MONTHS,
        ),
        "verdicts": Verdict.choices,
        "department_choices": selectors.department_choices(visible, filters.department),
        "month_choices": selectors.month_choices(visible, filters.month),
        "community_choices": selectors.visible_communities_of_notices(user)
        if user.has_role(Role.STREET_OFFICER)  # type: ignore[union-attr]
        else [],
        "show_reports": selectors.sees_reports(user),
    }


def _list_body(request: HttpRequest) -> SafeString:
    """Filters, monthly counts and the demands: rendered once per state of the communities' demands
    (core.stamps), for this user's view of them, these filters, this page and today."""
    user: Any = request.user

    def render_body() -> str:
        return render_to_string("gateway/_notice_list_body.html", _list_context(request))

    vary = [user.pk, sorted(user.role_set), request.GET.urlencode(), clock.today()]
    return cached_part("gateway-list", selectors.notice_scopes(user), vary, render_body)


def _paste_fields(request: HttpRequest, form: RegisterForm | None) -> SafeString:
    """The paste form's fields (workers only; the page writes the <form> and its CSRF token around them):
    the empty form (form None) is the same for everyone and kept per language; one with what was typed
    and its errors is rendered for that request."""
    if not _is_worker(request):
        return SafeString("")
    if form is not None:
        return mark_safe(render_to_string("gateway/_paste_fields.html", {"form": form}))

    def render_empty() -> str:
        return render_to_string(
            "gateway/_paste_fields.html", {"form": RegisterForm(initial={"received_on": None})}
        )

    return cached_part("gateway-paste-form", (), [], render_empty)


def _list_page(request: HttpRequest, form: RegisterForm | None, status: int = 200) -> HttpResponse:
    context = {
        "body": _list_body(request),
        "paste_fields": _paste_fields(request, form),
        "is_worker": _is_worker(request),
    }
    return render(request, "gateway/notice_list.html", context, status=status)


@role_required(*READERS)
def notice_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, None)


@role_required(*WORKER)
def register(request: HttpRequest) -> HttpResponse:
    """One paste, one click: a single message is registered and judged at once; several are shown
    one per row, judged, to check and correct before saving them all."""
    if request.method != "POST":
        return redirect("gateway:notices")
    form = RegisterForm(request.POST, request.FILES)
    if not form.is_valid():
        return _list_page(request, form, status=400)
    data = form.cleaned_data
    parts = services.parse_messages(data["text"])
    if len(parts) > 1:
        judged = selectors.judge_paste(
            text=data["text"],
            community=request.user.community,  # type: ignore[union-attr]
            department_text=data["department_text"],
            date=data["received_on"],
        )
        deadline = data["deadline"].isoformat() if data["deadline"] else ""
        hours = "" if data["hours"] is None else str(data["hours"])
        rows = [{"j": j, "deadline": deadline, "hours": hours} for j in judged]
        return render(request, "gateway/bulk_preview.html", {"rows": rows})
    message = parts[0] if parts else services.Message(data["text"])
    try:
        notice = services.notice_register(
            actor=request.user,
            text=message.text,
            department_text=selectors.message_department(message, data["department_text"]),
            received_on=data["received_on"] or message.date,
            deadline=data["deadline"],
            hours=data["hours"],
            attachment=data.get("attachment"),
        )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        return _list_page(request, form, status=400)
    messages.success(request, _("已登记，判定为：{v}。").format(v=notice.get_verdict_display()))
    return redirect("gateway:notice", pk=notice.pk)


def _bulk_items(request: HttpRequest) -> list[dict[str, Any]]:
    post = request.POST
    texts = post.getlist("text")
    departments = post.getlist("department_text")
    dates = post.getlist("received_on")
    deadlines = post.getlist("deadline")
    hours = post.getlist("hours")
    keep = set(post.getlist("keep"))

    def at(values: list[str], i: int) -> str:
        return values[i].strip() if i < len(values) else ""

    return [
        {
            "text": text,
            "department_text": at(departments, i),
            "received_on": at(dates, i),
            "deadline": at(deadlines, i),
            "hours": at(hours, i),
        }
        for i, text in enumerate(texts)
        if str(i) in keep and text.strip()
    ]


@require_POST
@role_required(*WORKER)
def bulk(request: HttpRequest) -> HttpResponse:
    """The preview step of a multi-message paste: judge again after corrections, or save all."""
    items = _bulk_items(request)
    if "save" in request.POST:
        try:
            notices = services.notices_register_bulk(actor=request.user, items=items)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("已登记 {n} 条任务。").format(n=len(notices)))
            return redirect("gateway:notices")
    community = request.user.community  # type: ignore[union-attr]
    rows = [
        {
            "j": selectors.judge_text(
                text=item["text"],
                community=community,
                department_text=item["department_text"],
                date=selectors.parse_day(item["received_on"]),
            ),
            "deadline": item["deadline"],
            "hours": item["hours"],
        }
        for item in items
    ]
    return render(
        request, "gateway/bulk_preview.html", {"rows": rows}, status=400 if "save" in request.POST else 200
    )


@require_POST
@role_required(*WORKER)
def judge_preview(request: HttpRequest) -> HttpResponse:
    """The verdict of the pasted text, without saving (the htmx fragment under the paste box)."""
    text = request.POST.get("text", "")
    day = selectors.parse_day(request.POST.get("received_on", ""))
    rows = (
        selectors.judge_paste(
            text=text,
            community=request.user.community,  # type: ignore[union-attr]
            department_text=request.POST.get("department_text", "")[:100],
            date=day,
        )
        if text.strip()
        else []
    )
    return render(request, "gateway/_verdicts.html", {"rows": rows})


# ---------------------------------------------------------------- one notice


@role_required(*READERS, Role.SUPERVISOR)
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.access_notice(request.user, pk)
    return render(
        request,
        "gateway/notice_detail.html",
        {
            "notice": notice,
            "actions": selectors.notice_actions(request.user, notice),
            "report_state": selectors.report_state(notice)
            if selectors.sees_report(request.user, notice)
            else "",
        },
    )


ACTIONS: dict[str, Callable[..., TaskNotice]] = {
    "accept": services.notice_accept,
    "refuse": services.notice_refuse,
    "report": services.notice_report,
    "refuse_report": services.notice_refuse_and_report,
}
DONE = {
    "accept": _("已接受，列入本社区的工作。"),
    "refuse": _("已拒绝，拒绝告知书已生成。"),
    "report": _("已举报。"),
    "refuse_report": _("已拒绝并举报，拒绝告知书已生成。"),
}


@require_POST
@role_required(*READERS, Role.SUPERVISOR)
def notice_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    notice = selectors.access_notice(request.user, pk)
    service = ACTIONS.get(action)
    if service is None:
        raise NotFound()
    flash_outcome(
        request, lambda: service(actor=request.user, notice=notice), DONE[action], reraise=(403, 404)
    )
    return redirect("gateway:notice", pk=notice.pk)


@role_required(*READERS, Role.SUPERVISOR)
def refusal_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.access_notice(request.user, pk)
    if notice.action != TaskNotice.Action.REFUSED or not notice.refusal:
        raise NotFound()
    response = HttpResponse(render_refusal_pdf(notice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="refusal-{notice.pk}.pdf"'
    return response


@role_required(*READERS, Role.SUPERVISOR)
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    notice = selectors.access_notice(request.user, pk)
    if not notice.attachment:
        raise NotFound()
    name = notice.attachment.name.rsplit("/", 1)[-1]
    return FileResponse(notice.attachment.open("rb"), as_attachment=True, filename=name)


@role_required(*READERS)
def export(request: HttpRequest) -> HttpResponse:
    """The list as on screen (same filters, same columns), as an Excel file."""
    filters = selectors.Filters.from_query(request.GET)
    qs = selectors.filter_notices(selectors.visible_notices(request.user), filters)
    reports = selectors.sees_reports(request.user)
    data = write_xlsx(
        selectors.export_headers(reports), selectors.export_rows(qs, reports), title=_("任务登记")
    )
    response = HttpResponse(data, content_type=XLSX)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="notices-{stamp}.xlsx"'
    return response


# ---------------------------------------------------------------- the front door


@role_required(*DISPATCHERS)
def dispatch(request: HttpRequest) -> HttpResponse:
    matters = selectors.dispatchable_matters(request.user)
    form = DispatchForm(request.POST or None, matters=matters)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notices = services.notice_dispatch(
                actor=request.user,
                matter=data["matter"],
                communities=list(data["communities"]),
                text=data["text"],
                deadline=data["deadline"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("已派往 {n} 个社区。").format(n=len(notices)))
            return redirect("gateway:dispatch")
    page, query = paginate(request, selectors.dispatched_notices(request.user))
    return render(
        request,
        "gateway/dispatch.html",
        {"form": form, "matters": matters, "page": page, "query": query},
        status=400 if form.errors else 200,
    )
