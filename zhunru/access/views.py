"""Web pages of the access procedure: parse, call one service, render. No rules here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhunru.access import decisions, exits, selectors, services, workflow
from zhunru.access.forms import (
    ApplicationForm,
    AttachmentForm,
    DecideForm,
    ExitDecideForm,
    ExitRequestForm,
    HearingForm,
    HearingRecordForm,
    OpinionForm,
    ReasonForm,
)
from zhunru.access.models import Attachment, ProcedureSettings, Status
from zhunru.accounts.roles import Role
from zhunru.catalog.selectors import access_matter
from zhunru.core import clock
from zhunru.core.errors import DomainError, NotFound
from zhunru.core.stamps import cached_part
from zhunru.web.actions import flash_outcome
from zhunru.web.decorators import role_required
from zhunru.web.pagination import paginate

OPEN = "open"


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.visible_applications(request.user).order_by("-created_at")
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if q:
        qs = qs.filter(
            Q(reference__icontains=q) | Q(matter_name__icontains=q) | Q(department__name__icontains=q)
        )
    if status in Status.values:
        qs = qs.filter(status=status)
    elif status == OPEN:  # every application not yet final (the inbox links here when its list is cut)
        qs = qs.exclude(status__in=workflow.FINAL)
    page, query = paginate(request, qs)
    return render(
        request,
        "access/application_list.html",
        {"page": page, "query": query, "q": q, "status": status, "statuses": Status.choices},
    )


@role_required(Role.DEPT_CLERK)
def application_new(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            app = services.application_create(actor=request.user, data=form.service_data())
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("申请 {r} 已保存为草稿。").format(r=app.reference))
            return redirect("access:application", pk=app.pk)
    return render(request, "access/application_form.html", {"form": form})


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.access_application(request.user, pk)
    form = ApplicationForm(request.POST or None, instance=app)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(actor=request.user, application=app, data=form.service_data())
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("已保存。"))
            return redirect("access:application", pk=app.pk)
    return render(request, "access/application_form.html", {"form": form, "app": app})


class _BlankForm:
    """An unbound form of the page (no data, no initial values) as {{ form.as_div }} shows it, rendered
    once per process and language: its HTML is always the same."""

    _html: dict[tuple[type[forms.Form], str], str] = {}

    def __init__(self, form_class: type[forms.Form]) -> None:
        self.form_class = form_class

    def as_div(self) -> str:
        key = (self.form_class, get_language())
        html = self._html.get(key)
        if html is None:
            html = self._html[key] = self.form_class().as_div()
        return html


# The slots of the cached application page where each request puts what depends on the viewer or the day.
DEADLINE_SLOT = "<!--zhunru:deadline-->"
ACTIONS_SLOT = "<!--zhunru:actions-->"
OPINION_SLOT = "<!--zhunru:opinion-form-->"
ATTACHMENT_SLOT = "<!--zhunru:attachment-form-->"


def _application_page(pk: int, *, reviewing: bool) -> str:
    """What an application's page shows of its rows (the head, the review aids, the opinions and the
    tally, the content, hearings and history), kept under the change stamps of the application's rows
    (and of the catalog for the review aids, of the procedure settings for the quorum). The joint
    meeting's members (who may vote) are read for each view and key the part."""
    members = selectors.joint_meeting_members()
    scopes = [f"application:{pk}", "access-settings", *(["catalog"] if reviewing else [])]
    vary = [reviewing, members, clock.today() if reviewing else None]

    def render_page() -> str:
        app = selectors.application_rows(pk)
        shows_tally = app.status in workflow.OPINION_STATES or reviewing
        return render_to_string(
            "access/_application_page.html",
            {
                "app": app,
                "decision": getattr(app, "decision", None),
                "tally": decisions.tally(app) if shows_tally else None,
                "similar": selectors.similar_matters(app) if reviewing else [],
                "overlaps": selectors.data_field_overlaps(app) if reviewing else {},
                "opinions": app.opinions.select_related(
                    "reviewer", "reviewer__department", "reviewer__community"
                ),
                "scope_areas": app.scope_areas.order_by("code").only("name"),
                "attachments": app.attachments.only("pk", "name", "size", "sm3"),
                "hearings": app.hearings.all(),
                "history": app.history.select_related("actor"),
            },
        )

    return str(cached_part("access-application", scopes, vary, render_page))


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_page(request.user, pk)
    user = request.user
    actions = selectors.application_actions(user, app)
    reviewing = user.has_role(Role.APPROVAL_CLERK, Role.APPROVER, Role.APPROVAL_HEAD)  # type: ignore[union-attr]
    can_edit = "update" in actions
    content = _application_page(app.pk, reviewing=reviewing)

    def live(template: str, **context: Any) -> str:  # a slot's HTML, with the request's CSRF token
        return render_to_string(template, {"app": app, "csrf_token": get_token(request), **context})

    deadline = selectors.deadline(app)
    slots = {
        DEADLINE_SLOT: live("access/_deadline.html", deadline=deadline),
        ACTIONS_SLOT: "",
        OPINION_SLOT: "",
        ATTACHMENT_SLOT: "",
    }
    if actions or can_edit:
        slots[ACTIONS_SLOT] = live(
            "access/_application_actions.html",
            actions=actions,
            can_edit=can_edit,
            reason_form=_BlankForm(ReasonForm),
            hearing_form=_BlankForm(HearingForm),
            record_form=_BlankForm(HearingRecordForm),
            decide_form=_BlankForm(DecideForm),
        )
    if "opinion" in actions:
        opinion_action = reverse("access:application_action", args=[app.pk, "opinion"])
        slots[OPINION_SLOT] = live(
            "access/_opinion_form.html", opinion_form=_BlankForm(OpinionForm), opinion_action=opinion_action
        )
    if can_edit:
        slots[ATTACHMENT_SLOT] = live("access/_attachment_form.html", attachment_form=AttachmentForm())
    for slot, html in slots.items():
        content = content.replace(slot, html, 1)
    # the templates' output (escaped there) and the cached part's, whose slots nobody's text can fake
    # (a "<" in the rows is escaped)
    return render(request, "access/application_detail.html", {"app": app, "content": mark_safe(content)})


def _simple(service: Callable[..., Any]) -> Callable[[HttpRequest, Any], Any]:
    return lambda request, app: service(actor=request.user, application=app)


def _with_form(form_class: type[forms.Form], call: Callable[[HttpRequest, Any, dict], Any]):  # type: ignore[no-untyped-def]
    def run(request: HttpRequest, app: Any) -> Any:
        form = form_class(request.POST, request.FILES)
        if not form.is_valid():
            errors = "；".join(
                f"{form.fields[k].label if k in form.fields else ''}：{' '.join(v)}"
                for k, v in form.errors.items()
            )
            raise DomainError(errors)
        return call(request, app, form.cleaned_data)

    return run


APPLICATION_ACTIONS: dict[str, Callable[[HttpRequest, Any], Any]] = {
    "sign": _simple(services.application_sign),
    "submit": _simple(services.application_submit),
    "withdraw": _simple(services.application_withdraw),
    "resubmit": _simple(services.application_resubmit),
    "accept": _simple(services.application_accept),
    "start_review": _simple(services.application_start_review),
    "return": _with_form(
        ReasonForm,
        lambda r, a, d: services.application_return(actor=r.user, application=a, reason=d["reason"]),
    ),
    "schedule_hearing": _with_form(
        HearingForm, lambda r, a, d: services.application_schedule_hearing(actor=r.user, application=a, **d)
    ),
    "record_hearing": _with_form(
        HearingRecordForm,
        lambda r, a, d: services.application_record_hearing(actor=r.user, application=a, **d),
    ),
    "opinion": _with_form(
        OpinionForm, lambda r, a, d: services.opinion_give(actor=r.user, application=a, **d)
    ),
    "decide": _with_form(
        DecideForm, lambda r, a, d: decisions.application_decide(actor=r.user, application=a, **d)
    ),
    "attach": _with_form(
        AttachmentForm,
        lambda r, a, d: services.attachment_add(
            actor=r.user, application=a, name=d["file"].name, data=d["file"].read()
        ),
    ),
}
DONE_MESSAGES = {
    "sign": _("已签发。"),
    "submit": _("已提交准入审批机构。"),
    "withdraw": _("已撤回。"),
    "resubmit": _("已重新提交。"),
    "accept": _("已受理。"),
    "start_review": _("已开始审查，已通知联席会议成员。"),
    "return": _("已退回补正。"),
    "schedule_hearing": _("已安排听证。"),
    "record_hearing": _("已记录听证。"),
    "opinion": _("审查意见已提交。"),
    "decide": _("决定已作出，决定书已生成。"),
    "attach": _("附件已上传。"),
}


@require_POST
@login_required
def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    app = selectors.access_application(request.user, pk)
    handler = APPLICATION_ACTIONS.get(action)
    if handler is None:
        raise NotFound()
    flash_outcome(request, lambda: handler(request, app), DONE_MESSAGES[action])
    return redirect("access:application", pk=app.pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = Attachment.objects.filter(pk=pk).select_related("application").first()
    if attachment is None:
        raise NotFound()
    selectors.access_application(request.user, attachment.application_id)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
    response["Content-Type"] = attachment.content_type
    return response


# ---------------------------------------------------------------- exit requests


@login_required
def exit_list(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, selectors.visible_exit_requests(request.user).order_by("-created_at"))
    return render(request, "access/exit_list.html", {"page": page, "query": query})


@role_required(*exits.REQUESTERS)
def exit_new(request: HttpRequest, code: str) -> HttpResponse:
    matter = access_matter(request.user, code)
    form = ExitRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            req = exits.exit_request_create(
                actor=request.user,
                matter=matter,
                reasons=form.cleaned_data["reasons"],
                explanation=form.cleaned_data["explanation"],
                resident_signatures=form.cleaned_data.get("resident_signatures") or 0,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("退出申请 {r} 已提交。").format(r=req.reference))
            return redirect("access:exit", pk=req.pk)
    return render(request, "access/exit_form.html", {"form": form, "matter": matter})


@login_required
def exit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = selectors.access_exit_request(request.user, pk)
    user = request.user
    actions = selectors.exit_actions(user, req)
    return render(
        request,
        "access/exit_detail.html",
        {
            "req": req,
            "actions": actions,
            "deadline": selectors.deadline(req),
            "history": req.history.select_related("actor"),
            "opinions": req.opinions.select_related("reviewer"),
            "tally": decisions.tally(req),
            "decision": getattr(req, "decision", None),
            "can_opine": "opinion" in actions,
            "opinion_form": OpinionForm(),
            "decide_form": ExitDecideForm(),
            "reasons": [str(dict(req.Reason.choices).get(r, r)) for r in req.reasons],
        },
    )


EXIT_ACTIONS: dict[str, Callable[[HttpRequest, Any], Any]] = {
    "accept": lambda r, x: exits.exit_request_accept(actor=r.user, exit_request=x),
    "withdraw": lambda r, x: exits.exit_request_withdraw(actor=r.user, exit_request=x),
    "opinion": _with_form(
        OpinionForm, lambda r, x, d: services.opinion_give(actor=r.user, exit_request=x, **d)
    ),
    "decide": _with_form(
        ExitDecideForm, lambda r, x, d: decisions.exit_decide(actor=r.user, exit_request=x, **d)
    ),
}


@require_POST
@login_required
def exit_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    req = selectors.access_exit_request(request.user, pk)
    handler = EXIT_ACTIONS.get(action)
    if handler is None:
        raise NotFound()
    flash_outcome(request, lambda: handler(request, req), _("已完成。"))
    return redirect("access:exit", pk=req.pk)


# ---------------------------------------------------------------- settings


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ProcedureSettings
        fields = [
            "submit_lead_days",
            "accept_days",
            "decide_days",
            "hearing_notice_days",
            "quorum",
            "remind_days_before",
            "expiry_remind_days",
        ]


@role_required(Role.APPROVAL_CLERK, Role.APPROVAL_HEAD)
def procedure_settings(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST or None, instance=services.procedure_settings())
    if request.method == "POST" and form.is_valid():
        try:
            services.procedure_settings_update(
                actor=request.user, **{k: form.cleaned_data[k] for k in SettingsForm.Meta.fields}
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("程序设置已保存。"))
            return redirect("access:settings")
    return render(request, "access/settings.html", {"form": form})
