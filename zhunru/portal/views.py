"""The public portal (居务公开): no login, read only, readable without JavaScript."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from zhunru.access.exits import REQUESTERS
from zhunru.access.letters import render_decision_html, render_decision_pdf
from zhunru.access.selectors import find_decision, public_decisions
from zhunru.catalog.models import Matter, MatterKind, MatterList
from zhunru.catalog.selectors import current_catalog, search_catalog
from zhunru.core import clock
from zhunru.core.errors import NotFound
from zhunru.core.stamps import cached_part
from zhunru.evaluation.models import Criterion
from zhunru.portal import opendata, pages, selectors
from zhunru.web.pagination import paginate

PAGE_SIZE = 20


def index(request: HttpRequest) -> HttpResponse:
    catalog = current_catalog()
    lists = [
        {"value": value, "label": label, "count": catalog.filter(list=value).count()}
        for value, label in MatterList.choices
    ]
    return render(
        request,
        "portal/index.html",
        {
            "lists": lists,
            "decisions": public_decisions()[:5],
            "version": selectors.catalog_versions().first(),
        },
    )


def catalog(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    list_ = request.GET.get("list", "")
    kind = request.GET.get("kind", "")
    list_ = list_ if list_ in MatterList.values else ""
    kind = kind if kind in MatterKind.values else ""

    def render_results() -> str:
        """One page of matters: rendered once per state of the catalog (core.stamps) and of the query."""
        found = search_catalog(q=q, list_=list_, kind=kind).select_related("department")
        page, query = paginate(request, found, PAGE_SIZE)
        return render_to_string("portal/_catalog_results.html", {"page": page, "query": query})

    vary = [q, list_, kind, request.GET.get("page", ""), clock.today()]
    return render(
        request,
        "portal/catalog.html",
        {
            "results": cached_part("portal-catalog", ["catalog"], vary, render_results),
            "q": q,
            "list": list_,
            "kind": kind,
            "lists": MatterList.choices,
            "kinds": MatterKind.choices,
        },
    )


def matter(request: HttpRequest, code: str) -> HttpResponse:
    item = selectors.public_matter(code)
    exits = selectors.decided_exit_requests().filter(matter=item)
    user = request.user
    can_request_exit = (
        item.list == MatterList.ADMITTED
        and item.status == Matter.Status.PUBLISHED
        and user.is_authenticated
        and user.has_role(*REQUESTERS)  # type: ignore[union-attr]
    )
    return render(
        request,
        "portal/matter.html",
        {
            "matter": item,
            "decisions": selectors.matter_decisions(item),
            "exits": exits,
            "can_request_exit": can_request_exit,
        },
    )


def decisions(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, public_decisions(), PAGE_SIZE)
    return render(request, "portal/decisions.html", {"page": page, "query": query})


def decision(request: HttpRequest, year: int, seq: int) -> HttpResponse:
    item = selectors.decision_by_number(year, seq)
    return render(
        request,
        "portal/decision.html",
        {"decision": item, "letter": render_decision_html(item, embed=True)},
    )


def decision_pdf(request: HttpRequest, year: int, seq: int) -> HttpResponse:
    item = selectors.decision_by_number(year, seq)
    response = HttpResponse(render_decision_pdf(item), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="decision-{item.year}-{item.seq}.pdf"'
    return response


def versions(request: HttpRequest) -> HttpResponse:
    all_versions = list(selectors.catalog_versions())
    a = selectors.catalog_version(request.GET.get("a"))
    b = selectors.catalog_version(request.GET.get("b"))
    error = ""
    diff = None
    if "a" in request.GET or "b" in request.GET:
        if a is None or b is None:
            error = _("请选择两个清单版本。")
        elif a.number == b.number:
            error = _("请选择两个不同的清单版本。")
        else:
            diff = selectors.catalog_diff(a, b)
    if a is None and b is None and len(all_versions) >= 2:  # preselect: the latest against the one before
        b, a = all_versions[0], all_versions[1]
    return render(
        request,
        "portal/versions.html",
        {"versions": all_versions, "a": a, "b": b, "diff": diff, "error": error},
    )


def exits(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, selectors.decided_exit_requests(), PAGE_SIZE)
    return render(
        request,
        "portal/exits.html",
        {"page": page, "query": query, "matters": selectors.exited_matters()},
    )


def verify(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    found = find_decision(q) if q else None
    return render(request, "portal/verify.html", {"q": q, "found": found})


# ---------------------------------------------------------------- statistics (公开统计)

DOWNLOAD_MAX_AGE = 600  # seconds a download may be cached (by browsers and proxies)
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    period = selectors.statistics_period(request.GET)
    stats = selectors.public_statistics(period)
    return render(
        request,
        "portal/statistics.html",
        {
            "period": period,
            "blocks": pages.statistics_blocks(stats),
            "choices": pages.period_choices(period),
            "query": request.GET.urlencode(),
        },
    )


@require_safe
def departments(request: HttpRequest) -> HttpResponse:
    period = selectors.statistics_period(request.GET)
    return render(
        request,
        "portal/departments.html",
        {
            "period": period,
            "blocks": pages.department_blocks(selectors.department_statistics(period)),
            "choices": pages.period_choices(period),
        },
    )


@require_safe
def funding(request: HttpRequest) -> HttpResponse:
    years = selectors.funding_years()
    asked = request.GET.get("year", "").strip()
    year = int(asked) if asked.isdigit() and int(asked) in years else clock.today().year
    if year not in years:
        years = sorted([*years, year], reverse=True)
    rows = selectors.funding_by_matter(year)
    return render(
        request,
        "portal/funding.html",
        {"year": year, "years": years, "blocks": pages.funding_blocks(rows)},
    )


@require_safe
def evaluation(request: HttpRequest) -> HttpResponse:
    years = selectors.evaluation_years()
    year = selectors.parse_year(request.GET.get("year"), years)
    return render(
        request,
        "portal/evaluation.html",
        {
            "year": year,
            "years": years,
            "results": selectors.evaluation_results(year) if year else [],
            "criteria": Criterion.choices,
        },
    )


# ---------------------------------------------------------------- open data (开放数据)


@require_safe
def data_index(request: HttpRequest) -> HttpResponse:
    updated = {
        "catalog": opendata.catalog_updated(),
        "decisions": opendata.decisions_updated(),
        "statistics": clock.today(),
    }
    datasets = [
        {"dataset": d, "updated": updated[d.key], "formats": opendata.FORMATS}
        for d in opendata.DATASETS.values()
    ]
    return render(
        request,
        "portal/data.html",
        {
            "datasets": datasets,
            "licence": opendata.LICENCE,
            "licence_url": opendata.LICENCE_URL,
            "measures": opendata.measure_groups(),
        },
    )


@require_safe
def data_file(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    """/portal/data/<dataset>.<csv|json>: stable addresses; CSV in UTF-8 with a BOM (Excel), attachments."""
    if dataset not in opendata.DATASETS or fmt not in opendata.FORMATS:
        raise NotFound()
    found, records, document = opendata.build(dataset, request.GET)
    if fmt == "csv":
        body = opendata.to_csv([name for name, _d in found.fields], records)
    else:
        body = opendata.to_json(document)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{dataset}.{fmt}"'
    patch_cache_control(response, public=True, max_age=DOWNLOAD_MAX_AGE)
    return response
