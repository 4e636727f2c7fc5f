"""Web pages of evaluation: parse, call one selector or service, render. No rules here."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from zhunru.accounts.roles import Role
from zhunru.core.errors import DomainError, NotFound
from zhunru.core.tabular import write_xlsx
from zhunru.evaluation import selectors, services, workflow
from zhunru.evaluation.forms import AnswerForm, OpenRoundForm, ReplyForm, SurveyForm
from zhunru.evaluation.models import CRITERIA, Criterion, ProviderKind
from zhunru.web.actions import flash_outcome
from zhunru.web.decorators import role_required
from zhunru.web.pagination import paginate

VIEW = selectors.VIEW_ROLES
SURVEY_ROLES = (Role.COMMUNITY_WORKER, Role.STREET_OFFICER, Role.APPROVAL_CLERK, Role.APPROVAL_HEAD)
EXPORT_LIMIT = 10000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form_error(form: Any) -> DomainError:
    return DomainError(
        "；".join(
            f"{form.fields[k].label if k in form.fields else ''}：{' '.join(v)}"
            for k, v in form.errors.items()
        )
    )


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


# ---------------------------------------------------------------- rounds


@role_required(*VIEW)
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    office = selectors.is_office(user)
    form = OpenRoundForm(request.POST or None)
    if request.method == "POST":
        if not office:
            raise NotFound()
        if form.is_valid():
            try:
                rnd = services.round_open(actor=user, **form.cleaned_data)
            except DomainError as exc:
                if exc.field in form.fields:
                    form.add_error(exc.field, str(exc.message))
                else:
                    form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("{y} 年度评议已开启，已通知各社区。").format(y=rnd.year))
                return redirect("evaluation:round", year=rnd.year)
    page, query = paginate(request, selectors.visible_rounds(user))
    current = selectors.open_round()
    todo = selectors.community_todo(user, current) if current is not None else []
    return render(
        request,
        "evaluation/index.html",
        {
            "page": page,
            "query": query,
            "office": office,
            "form": form,
            "current": current,
            "todo_total": len(todo),
            "todo_done": sum(1 for row in todo if row.done),
            "surveys": user.has_role(*SURVEY_ROLES),  # type: ignore[union-attr]
        },
    )


@require_safe
@role_required(*VIEW)
def round_detail(request: HttpRequest, year: int) -> HttpResponse:
    user = request.user
    rnd = selectors.access_round(user, year)
    office = selectors.is_office(user)
    results = selectors.results_for(user, rnd)
    own = selectors.own_result(user, rnd)
    can_reply = (
        own is not None and user.has_role(Role.DEPT_HEAD) and rnd.status in workflow.REPLYING  # type: ignore[union-attr]
    )
    reply_form = (
        ReplyForm(initial={"text": own.reply.text if own and own.reply else ""}) if can_reply else None
    )
    return render(
        request,
        "evaluation/round_detail.html",
        {
            "round": rnd,
            "office": office,
            "actions": selectors.round_actions(user, rnd),
            "history": rnd.history.select_related("actor") if office else [],
            "todo": selectors.community_todo(user, rnd),
            "results": results,
            "scope": selectors.results_visible(user, rnd),
            "own": own,
            "reply_form": reply_form,
            "progress": selectors.round_progress(user, rnd),
            "criteria": Criterion.choices,
            "min_answers": workflow.MIN_ANSWERS,
        },
    )


ROUND_ACTIONS = {
    "close": services.round_close,
    "reopen": services.round_reopen,
    "publish": services.round_publish,
}
DONE_MESSAGES = {
    "close": gettext_lazy("评议已截止，部门负责人可以查看本单位结果并回应。"),
    "reopen": gettext_lazy("评议已重新开放答卷。"),
    "publish": gettext_lazy("评议结果已公布。"),
}


@require_POST
@role_required(Role.APPROVAL_CLERK, Role.APPROVAL_HEAD)
def round_action(request: HttpRequest, year: int, action: str) -> HttpResponse:
    rnd = selectors.access_round(request.user, year)
    service = ROUND_ACTIONS.get(action)
    if service is None:
        raise NotFound()
    flash_outcome(request, lambda: service(actor=request.user, round=rnd), DONE_MESSAGES[action])
    return redirect("evaluation:round", year=rnd.year)


@role_required(Role.COMMUNITY_WORKER)
def answer(request: HttpRequest, year: int, department: int) -> HttpResponse:
    user = request.user
    rnd = selectors.access_round(user, year)
    target = selectors.access_rateable(user, rnd, department)
    existing = selectors.own_answer(user, rnd, target.pk)
    initial = {k: getattr(existing, k) for k in (*CRITERIA, "comment")} if existing else None
    form = AnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_submit(actor=user, round=rnd, department=target, **form.cleaned_data)
        except DomainError as exc:
            if exc.status == 404:
                raise
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("已提交对 {d} 的评议。").format(d=target.name))
            return redirect("evaluation:round", year=rnd.year)
    return render(
        request,
        "evaluation/answer.html",
        {"round": rnd, "department": target, "form": form, "existing": existing},
    )


@require_POST
@role_required(Role.DEPT_HEAD)
def reply(request: HttpRequest, year: int) -> HttpResponse:
    rnd = selectors.access_round(request.user, year)
    form = ReplyForm(request.POST)
    try:
        if not form.is_valid():
            raise _form_error(form)
        services.reply_write(actor=request.user, round=rnd, text=form.cleaned_data["text"])
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("回应已保存，将随评议结果公布。"))
    return redirect("evaluation:round", year=rnd.year)


@require_safe
@role_required(Role.APPROVAL_CLERK, Role.APPROVAL_HEAD)
def comments(request: HttpRequest, year: int, department: int) -> HttpResponse:
    rnd = selectors.access_round(request.user, year)
    result = next(
        (r for r in selectors.results_for(request.user, rnd) if r.department.pk == department), None
    )
    if result is None:
        raise NotFound()
    return render(
        request,
        "evaluation/comments.html",
        {
            "round": rnd,
            "result": result,
            "comments": selectors.office_comments(request.user, rnd, department),
        },
    )


def _fmt(value: float) -> str:
    """Two decimals, half up, as the page's floatformat shows them."""
    return str(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@require_safe
@role_required(*VIEW)
def results_export(request: HttpRequest, year: int) -> HttpResponse:
    """The results table as the user may see it: scores only, no community, no comment."""
    user = request.user
    rnd = selectors.access_round(user, year)
    office = selectors.is_office(user)
    headers = [_("单位"), _("答卷数")]
    for key in CRITERIA:
        label = str(Criterion(key).label)
        headers += [
            _("{c}平均分").format(c=label),
            _("{c}95%置信区间下限").format(c=label),
            _("{c}95%置信区间上限").format(c=label),
        ]
    headers += [_("部门回应")]
    rows: list[list[object]] = []
    for r in selectors.results_for(user, rnd):
        if r.published:
            row: list[object] = [r.department.name, r.answers]
            for c in r.criteria:
                row += [_fmt(c.mean), _fmt(c.low), _fmt(c.high)]
        else:
            row = [r.department.name, r.answers if office else ""]
            row += [_("答卷不足5份，不公布")] + [""] * (3 * len(CRITERIA) - 1)
        row.append(r.reply.text if r.reply else "")
        rows.append(row)
    return _xlsx(
        write_xlsx([str(h) for h in headers], rows, title=f"evaluation-{rnd.year}"), f"evaluation-{rnd.year}"
    )


# ---------------------------------------------------------------- provider surveys


@require_safe
@role_required(*SURVEY_ROLES)
def providers(request: HttpRequest) -> HttpResponse:
    qs, filters = selectors.filtered_surveys(request.user, request.GET)
    page, query = paginate(request, qs)
    return render(
        request,
        "evaluation/providers.html",
        {
            "page": page,
            "query": query,
            "f": filters,
            "kinds": ProviderKind.choices,
            "community": selectors.is_community_worker(request.user),
            "export_query": request.GET.urlencode(),
        },
    )


@role_required(Role.COMMUNITY_WORKER)
def provider_new(request: HttpRequest) -> HttpResponse:
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.provider_survey_record(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            if survey.flagged:
                messages.warning(
                    request,
                    _("{p} 满意率 {r}，不足50%，已列入街道待处理名单。").format(
                        p=survey.provider_name, r=survey.rate_percent
                    ),
                )
            else:
                messages.success(request, _("测评已登记。"))
            return redirect("evaluation:providers")
    return render(request, "evaluation/provider_form.html", {"form": form})


@require_POST
@role_required(Role.COMMUNITY_WORKER)
def provider_delete(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.access_survey(request.user, pk)
    services.provider_survey_delete(actor=request.user, survey=survey)
    messages.success(request, _("测评记录已删除。"))
    return redirect("evaluation:providers")


@require_safe
@role_required(*SURVEY_ROLES)
def providers_export(request: HttpRequest) -> HttpResponse:
    qs, _f = selectors.filtered_surveys(request.user, request.GET)
    headers = [
        _("社区"),
        _("街道"),
        _("服务单位名称"),
        _("类别"),
        _("测评年度"),
        _("测评日期"),
        _("参评人数"),
        _("满意人数"),
        _("不满意人数"),
        _("满意率"),
        _("满意率不足50%"),
        _("备注"),
    ]
    rows = [
        [
            s.community.name,
            s.community.parent.name if s.community.parent else "",
            s.provider_name,
            s.get_kind_display(),
            s.year,
            s.surveyed_on.isoformat(),
            s.asked,
            s.satisfied,
            s.not_satisfied,
            s.rate_percent,
            _("是") if s.flagged else _("否"),
            s.note,
        ]
        for s in qs[:EXPORT_LIMIT]
    ]
    return _xlsx(write_xlsx([str(h) for h in headers], rows, title="providers"), "providers")
