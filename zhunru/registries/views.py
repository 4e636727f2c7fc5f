"""Web pages of the registries: parse, call one selector or service, render. No rules here."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from zhunru.core import clock
from zhunru.core.errors import DomainError, NotFound
from zhunru.registries import exports, selectors, services
from zhunru.registries.forms import CampaignForm, CloseForm, RemovalForm, SignboardForm
from zhunru.registries.models import BoardStatus
from zhunru.web.decorators import role_required
from zhunru.web.pagination import paginate

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_LIMIT = 10000
PHOTO_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


def _xlsx(data: bytes, stem: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{stem}-{clock.today():%Y%m%d}.xlsx"'
    return response


def _form_error(form: Any, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


# ---------------------------------------------------------------- signboards


@require_safe
@role_required(*selectors.BOARD_ROLES)
def signboard_list(request: HttpRequest) -> HttpResponse:
    qs, filters = selectors.filtered_signboards(request.user, request.GET)
    page, query = paginate(request, qs)
    return render(
        request,
        "registries/signboard_list.html",
        {
            "page": page,
            "query": query,
            "f": filters,
            "statuses": BoardStatus.choices,
            "communities": selectors.board_communities(request.user).order_by("code"),
            "export_query": request.GET.urlencode(),
            "may_register": selectors.may_register(request.user),
            "campaign": selectors.open_campaign(),
        },
    )


@require_safe
@role_required(*selectors.BOARD_ROLES)
def signboard_export(request: HttpRequest) -> HttpResponse:
    qs, _f = selectors.filtered_signboards(request.user, request.GET)
    return _xlsx(exports.signboards_xlsx(qs[:EXPORT_LIMIT]), "signboards")


@role_required(*selectors.BOARD_ROLES)
def signboard_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not selectors.may_register(user):
        raise NotFound()
    matters = selectors.signboard_matters(user.community)
    form = SignboardForm(request.POST or None, request.FILES or None, matters=matters)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            board = services.signboard_register(
                actor=user,
                name=data["name"],
                department=data["department"],
                placement=data["placement"],
                matter=data["matter"],
                photo=data["photo"],
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("挂牌已登记。"))
            return redirect("registries:signboard", pk=board.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "registries/signboard_form.html", {"form": form}, status=status)


@require_safe
@role_required(*selectors.BOARD_ROLES)
def signboard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    board = selectors.access_signboard(request.user, pk)
    return render(
        request,
        "registries/signboard_detail.html",
        {
            "board": board,
            "admitted": selectors.admitted(board),
            "may_remove": selectors.may_remove(request.user, board),
            "removal_form": RemovalForm(),
            "campaigns": board.campaign_items.select_related("campaign").order_by("-campaign__opened_on"),
        },
    )


@require_POST
@role_required(*selectors.BOARD_ROLES)
def signboard_remove(request: HttpRequest, pk: int) -> HttpResponse:
    board = selectors.access_signboard(request.user, pk)
    form = RemovalForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.signboard_remove(
                actor=request.user,
                signboard=board,
                photo=form.cleaned_data.get("photo"),
                note=form.cleaned_data.get("note", ""),
            )
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            _form_error(form, exc)
        else:
            messages.success(request, _("已记录摘除。"))
            return redirect("registries:signboard", pk=board.pk)
    return render(
        request,
        "registries/signboard_detail.html",
        {
            "board": board,
            "admitted": selectors.admitted(board),
            "may_remove": selectors.may_remove(request.user, board),
            "removal_form": form,
            "campaigns": board.campaign_items.select_related("campaign").order_by("-campaign__opened_on"),
        },
        status=400,
    )


@require_safe
@role_required(*selectors.BOARD_ROLES)
def signboard_photo(request: HttpRequest, pk: int, which: str) -> FileResponse:
    board = selectors.access_signboard(request.user, pk)
    photo = {"board": board.photo, "removal": board.removal_photo}.get(which)
    if not photo:
        raise NotFound()
    name = photo.name.rsplit("/", 1)[-1]
    kind = name.rsplit(".", 1)[-1]
    return FileResponse(photo.open("rb"), filename=name, content_type=PHOTO_TYPES.get(kind, "image/jpeg"))


# ---------------------------------------------------------------- campaigns


@role_required(*selectors.BOARD_ROLES)
def campaign_list(request: HttpRequest) -> HttpResponse:
    office = selectors.is_office(request.user)
    form = CampaignForm(request.POST or None) if office else None
    if request.method == "POST":
        if form is None:
            raise NotFound()
        if form.is_valid():
            try:
                campaign = services.campaign_open(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("清理整治行动已开始。"))
                return redirect("registries:campaign", pk=campaign.pk)
    page, query = paginate(request, selectors.visible_campaigns(request.user))
    return render(
        request,
        "registries/campaign_list.html",
        {"page": page, "query": query, "form": form, "open_campaign": selectors.open_campaign()},
        status=400 if request.method == "POST" else 200,
    )


@require_safe
@role_required(*selectors.BOARD_ROLES)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.access_campaign(request.user, pk)
    page, query = paginate(request, selectors.campaign_items(request.user, campaign))
    return render(
        request,
        "registries/campaign_detail.html",
        {
            "campaign": campaign,
            "report": selectors.campaign_report(request.user, campaign),
            "page": page,
            "query": query,
            "actions": selectors.campaign_actions(request.user, campaign),
            "close_form": CloseForm(),
            "history": campaign.history.select_related("actor"),
            "today": clock.today(),
        },
    )


@require_POST
@role_required(*selectors.BOARD_ROLES)
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.access_campaign(request.user, pk)
    form = CloseForm(request.POST)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    try:
        services.campaign_close(actor=request.user, campaign=campaign, note=note)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("清理整治行动已结束，结束时的数量已保存。"))
    return redirect("registries:campaign", pk=campaign.pk)


@require_safe
@role_required(*selectors.BOARD_ROLES)
def campaign_export(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.access_campaign(request.user, pk)
    return _xlsx(exports.campaign_xlsx(request.user, campaign), f"campaign-{campaign.pk}")


# ---------------------------------------------------------------- ledgers and report forms


def _year(request: HttpRequest) -> int:
    raw = str(request.GET.get("year", "") or "").strip()
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else clock.today().year


@require_safe
@role_required(*selectors.LEDGER_ROLES)
def ledger_registry(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    year = _year(request)
    rows = selectors.ledger_rows(year)
    communities = selectors.ledger_communities(user).order_by("code")
    code = str(request.GET.get("community", "") or "").strip()
    if code:
        chosen = selectors.access_ledger_community(user, code)
    else:
        chosen = (communities.filter(pk=user.community_id).first() if user.community_id else None) or (
            communities.first()
        )
    page, query = paginate(request, communities)
    return render(
        request,
        "registries/ledgers.html",
        {
            "year": year,
            "rows": rows,
            "loads": [selectors.community_load(c, rows) for c in page],
            "page": page,
            "query": query,
            "communities": communities,
            "chosen": selectors.community_load(chosen, rows) if chosen else None,
            "shared": selectors.shared_fields(),
            "working_days": selectors.working_days_in_year(year),
            "fixed": selectors.FIXED_PER_YEAR,
        },
    )


@require_safe
@role_required(*selectors.LEDGER_ROLES)
def ledger_export(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    return _xlsx(exports.ledger_xlsx(request.user, year), f"ledgers-{year}")
