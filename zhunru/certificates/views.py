"""Web pages of certificates: parse, call one selector or service, render. No rules here.

Pages outside the reveal page show ID numbers and phones masked only; the reveal page answers a POST with a
reason, once, and is never cached."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from zhunru.accounts.roles import Role
from zhunru.certificates import selectors, services
from zhunru.certificates.forms import IdSearchForm, IssuanceForm, RefusalForm, RevealForm
from zhunru.certificates.models import CertificateList, CertificateType
from zhunru.certificates.notes import render_note_pdf
from zhunru.core import clock
from zhunru.core.errors import DomainError, NotFound
from zhunru.core.tabular import write_xlsx
from zhunru.web.decorators import role_required
from zhunru.web.pagination import paginate

EXPORT_LIMIT = 10000
WORKER = Role.COMMUNITY_WORKER


def _field_error(form: Any, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


@require_safe
@role_required()
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "certificates/index.html",
        {
            "may_issue": selectors.visible_types(user, CertificateList.MAY_ISSUE),
            "must_not": selectors.visible_types(user, CertificateList.MUST_NOT),
            "register": selectors.register_communities(user).first(),
            "has_stats": selectors.stats_communities(user).exists(),
        },
    )


@require_safe
@role_required()
def type_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "certificates/type_detail.html", {"t": selectors.access_type(request.user, pk)})


@require_safe
@role_required(WORKER)
def my_register(request: HttpRequest) -> HttpResponse:
    area = selectors.register_communities(request.user).first()
    if area is None:
        raise NotFound()
    return redirect("certificates:register", code=area.code)


@never_cache
@role_required(WORKER)
def register(request: HttpRequest, code: str) -> HttpResponse:
    """The register, filtered by GET; a POST searches by a full ID number (kept out of URLs and logs)."""
    community = selectors.access_register(request.user, code)
    search = IdSearchForm(request.POST or None)
    found = None
    if request.method == "POST" and search.is_valid():
        try:
            found = list(
                selectors.find_by_id_number(request.user, community, search.cleaned_data["id_number"])
            )
        except DomainError as exc:
            _field_error(search, exc)
    qs, filters = selectors.filtered_issuances(request.user, community, request.GET)
    page, query = paginate(request, qs)
    return render(
        request,
        "certificates/register.html",
        {
            "community": community,
            "page": page,
            "query": query,
            "f": filters,
            "types": CertificateType.objects.filter(list=CertificateList.MAY_ISSUE),
            "search": search,
            "found": found,
            "export_query": request.GET.urlencode(),
        },
    )


# lazy: the headers follow the language of the request that exports
EXPORT_COLUMNS = [
    gettext_lazy("登记编号"),
    gettext_lazy("出具日期"),
    gettext_lazy("证明事项"),
    gettext_lazy("申请人姓名"),
    gettext_lazy("身份证号"),
    gettext_lazy("联系电话"),
    gettext_lazy("经办人"),
]


@require_safe
@role_required(WORKER)
def register_export(request: HttpRequest, code: str) -> HttpResponse:
    """The register as .xlsx, with masked ID numbers and phones only."""
    community = selectors.access_register(request.user, code)
    qs, _f = selectors.filtered_issuances(request.user, community, request.GET)
    rows = [
        [
            i.number,
            i.issued_on.isoformat(),
            i.certificate_type.name,
            i.applicant_name,
            i.id_number_masked,
            i.phone_masked,
            i.issued_by.full_name or i.issued_by.username,
        ]
        for i in qs[:EXPORT_LIMIT]
    ]
    data = write_xlsx([str(h) for h in EXPORT_COLUMNS], rows, title="certificates")
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="certificates-{community.code}-{clock.today():%Y%m%d}.xlsx"'
    )
    return response


@role_required(WORKER)
def issuance_new(request: HttpRequest, code: str) -> HttpResponse:
    community = selectors.access_register(request.user, code)
    form = IssuanceForm(request.POST or None, initial={"issued_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            row = services.issuance_create(actor=request.user, community=community, **form.cleaned_data)
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            _field_error(form, exc)
        else:
            messages.success(request, _("已登记 {n}。").format(n=row.number))
            return redirect("certificates:issuance", pk=row.pk)
    return render(request, "certificates/issue.html", {"community": community, "form": form})


@require_safe
@role_required(WORKER)
def issuance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.access_issuance(request.user, pk)
    return render(request, "certificates/issuance.html", {"i": row, "form": RevealForm()})


@never_cache
@role_required(WORKER)
def issuance_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: asks for the reason. POST: shows the plaintext once (audited), never cached."""
    row = selectors.access_issuance(request.user, pk)
    form = RevealForm(request.POST or None)
    revealed = None
    if request.method == "POST" and form.is_valid():
        try:
            revealed = services.issuance_reveal(
                actor=request.user, issuance=row, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            _field_error(form, exc)
    return render(request, "certificates/reveal.html", {"i": row, "form": form, "revealed": revealed})


@role_required(WORKER)
def refusals(request: HttpRequest, code: str) -> HttpResponse:
    community = selectors.access_register(request.user, code)
    form = RefusalForm(request.POST or None, initial={"certificate_type": request.GET.get("type")})
    if request.method == "POST" and form.is_valid():
        try:
            row = services.refusal_create(actor=request.user, community=community, **form.cleaned_data)
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            _field_error(form, exc)
        else:
            messages.success(request, _("已登记不予出具，请打印告知单交给居民。"))
            return redirect("certificates:refusal", pk=row.pk)
    page, query = paginate(request, selectors.visible_refusals(request.user).filter(community=community))
    return render(
        request,
        "certificates/refusals.html",
        {"community": community, "form": form, "page": page, "query": query},
    )


@require_safe
@role_required(WORKER)
def refusal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "certificates/refusal.html", {"r": selectors.access_refusal(request.user, pk)})


@require_safe
@role_required(WORKER)
def refusal_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.access_refusal(request.user, pk)
    response = HttpResponse(render_note_pdf(row), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="referral-{row.pk}.pdf"'
    return response


@require_safe
@role_required(WORKER, Role.STREET_OFFICER)
def stats(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("year", "").strip()
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None
    rows = selectors.counts(request.user, year)
    totals = {"issued": sum(r.issued for r in rows), "refused": sum(r.refused for r in rows)}
    return render(request, "certificates/stats.html", {"rows": rows, "totals": totals, "year": year or ""})
