"""Web pages of the dashboard: parse, call the page builder (selectors check role and scope), render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from zhunru.core import clock
from zhunru.core.errors import NotFound
from zhunru.core.tabular import write_xlsx
from zhunru.dashboard import kept, pages, report, selectors
from zhunru.dashboard.figures import month_start
from zhunru.dashboard.selectors import PAGES
from zhunru.web.pagination import paginate

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    board = selectors.dashboard_for(request.user)
    if board is None:
        raise NotFound()
    return redirect("dashboard:page", page=board.pages[0])


@require_safe
@login_required
def page(request: HttpRequest, page: str) -> HttpResponse:
    """The figures come from the cache when recent enough (pages.kept_build); so does the page's body, per
    page number and query: a repeat view renders only the frame."""
    if page not in PAGES:
        raise NotFound()
    board, f, built = pages.kept_build(request.user, page, request.GET)
    query = request.GET.copy()
    query.pop("page", None)
    number = None
    for block in built.blocks:  # one paginated table per page at most: it takes `page`
        if block.table.per_page:
            block.page, _query = paginate(request, block.table.rows, per_page=block.table.per_page)
            number = block.page.number
    context = {
        "board": board,
        "f": f,
        "built": built,
        "tabs": [(key, PAGES[key]) for key in board.pages],
        "query": query.urlencode(),
        "report": board.district,
    }

    def render_body() -> str:
        choices = selectors.filter_choices(board)
        return render_to_string(
            "dashboard/_body.html", {**context, "choices": choices, "freshness": kept.freshness(built)}
        )

    html = kept.part(built, "body", [number, context["query"]], render_body)
    body = mark_safe(html)  # the template engine escaped it
    return render(request, "dashboard/page.html", {**context, "body": body})


@require_safe
@login_required
def export(request: HttpRequest, page: str, table: str) -> HttpResponse:
    """A table as on the page with every row, from the figures the page shows while they are fresh."""
    if page not in PAGES:
        raise NotFound()
    _board, f, built = pages.kept_build(request.user, page, request.GET, stale_ok=False)
    found = built.table(table)
    if found is None:
        raise NotFound()
    data = kept.part(
        built,
        "xlsx",
        [table],
        lambda: write_xlsx([str(h) for h in found.headers], found.all_rows, title=str(found.title)),
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{table}-{f.raw["month"]}.xlsx"'
    return response


@require_safe
@login_required
def monthly_report(request: HttpRequest) -> HttpResponse:
    if not selectors.may_download_report(request.user):
        raise NotFound()
    month = selectors.parse_month(request.GET.get("month")) or month_start(clock.today())
    response = HttpResponse(report.report_pdf(month), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="report-{month:%Y-%m}.pdf"'
    return response
