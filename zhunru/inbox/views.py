"""The inbox page: to-do (待办), done (已办) and notifications. Reads through selectors; marking
notifications read goes through the service (POST only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhunru.core import clock
from zhunru.core.errors import ValidationFailed
from zhunru.inbox import selectors, services
from zhunru.web.pagination import paginate

NOTIFICATIONS_PER_PAGE = 20
# the page lists the most urgent to-do items (earliest due first); the rest are counted, with a link to them;
# and the user's latest steps
TODO_SHOWN = 20
DONE_SHOWN = 20


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    todo, todo_total = selectors.todo_rows(request.user, today, limit=TODO_SHOWN)
    page, query = paginate(request, selectors.notifications(request.user), per_page=NOTIFICATIONS_PER_PAGE)
    for note in page:
        note.href = selectors.safe_link(note.link)  # type: ignore[attr-defined]
    return render(
        request,
        "inbox/inbox.html",
        {
            "today": today,
            "todo": todo,
            "todo_total": todo_total,
            "todo_more": max(0, todo_total - len(todo)),
            "done": selectors.done_rows(request.user, limit=DONE_SHOWN),
            "page": page,
            "query": query,
            "newest": selectors.newest_notification_id(request.user),
        },
    )


def _int(value: str | None, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationFailed(_("参数无效。"), field=field) from None


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """One notification (`id`) or all those the page showed (`up_to`: the newest id on it)."""
    one = _int(request.POST.get("id"), "id")
    if one is not None:
        services.notification_mark_read(actor=request.user, ids=[one])
    else:
        count = services.notification_mark_read(
            actor=request.user, up_to=_int(request.POST.get("up_to"), "up_to")
        )
        messages.success(request, _("已将 {n} 条通知标为已读。").format(n=count))
    url = reverse("inbox:inbox")
    page = request.POST.get("page", "")
    if page.isdigit() and page != "1":
        url += f"?page={page}"
    return redirect(url + "#notifications")
