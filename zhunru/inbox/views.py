"""The inbox page: to-do (待办), done (已办) and notifications. Reads through selectors; marking
notifications read goes through the service (POST only)."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhunru.core import clock
from zhunru.core.errors import ValidationFailed
from zhunru.core.stamps import cached_part, stamps
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
    user: Any = request.user
    page, query = paginate(request, selectors.NotificationPages(user), per_page=NOTIFICATIONS_PER_PAGE)
    current = stamps(selectors.PROCEDURE_STAMPS)  # one read for both cached parts
    for note in page:
        note.href = selectors.safe_link(note.link)  # type: ignore[attr-defined]
    return render(
        request,
        "inbox/inbox.html",
        {
            "today": today,
            "todo_part": _todo_part(user, today, current),
            "done_part": _done_part(user, today, current),
            "page": page,
            "query": query,
            # a callable: read only when the page shows "mark all read" (unread notifications)
            "newest": functools.partial(selectors.newest_notification_id, user),
        },
    )


def _todo_part(user: Any, today: dt.date, current: dict[str, int]) -> SafeString:
    """The to-do list, rendered once per state of the procedure's rows (core.stamps) for this user and day;
    the other apps' items are read every time and are part of the key."""

    others = selectors.todo_items(user, TODO_SHOWN, selectors.OTHER_SOURCES)

    def render_todo() -> str:
        todo, total = selectors.todo_rows(user, today, limit=TODO_SHOWN, read=others)
        context = {"todo": todo, "todo_total": total, "todo_more": max(0, total - len(todo))}
        return render_to_string("inbox/_todo.html", context)

    vary = [user.pk, sorted(user.role_set), today, others.total]
    vary += [(item.title, item.link, str(item.action), item.due) for item in others.items]
    return cached_part("inbox-todo", selectors.PROCEDURE_STAMPS, vary, render_todo, current=current)


def _done_part(user: Any, today: dt.date, current: dict[str, int]) -> SafeString:
    def render_done() -> str:
        return render_to_string("inbox/_done.html", {"done": selectors.done_rows(user, limit=DONE_SHOWN)})

    return cached_part(
        "inbox-done", selectors.PROCEDURE_STAMPS, [user.pk, today], render_done, current=current
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
