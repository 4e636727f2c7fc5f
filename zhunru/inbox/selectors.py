"""Reads for the inbox page: to-do items with their working-day deadlines, steps taken, notifications."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy

from zhunru.access import selectors as access_selectors
from zhunru.access.models import Status, StatusChange
from zhunru.access.services import procedure_settings
from zhunru.access.workflow import APPLICATION_TRANSITIONS, EXIT_TRANSITIONS
from zhunru.core import clock, plainsql
from zhunru.core.todo import TODO_LIMIT, TodoList, merge
from zhunru.core.workdays import working_days_counter
from zhunru.inbox.models import Notification


def unread_count(user: Any) -> int:
    """One indexed COUNT for the navigation badge."""
    if user is None or not user.is_authenticated:
        return 0
    # on every page: plain SQL, as the ORM's compiling costs more than the indexed count
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {Notification._meta.db_table} WHERE user_id = %s AND read_at IS NULL",
            [user.pk],
        )
        return int(cursor.fetchone()[0])


def notifications(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


class NotificationPages:
    """notifications(user) for the inbox's pager (count() and slices), in plain SQL: the inbox is among
    the most viewed pages, and the ORM's compiling of its two reads cost a fifth of it."""

    FIELDS = ("title", "body", "link", "created_at", "read_at")

    def __init__(self, user: Any) -> None:
        self.user_id = user.pk

    def count(self) -> int:
        return plainsql.count(Notification, "user_id = %s", [self.user_id])

    def __getitem__(self, part: slice) -> list[Notification]:
        start, stop = part.start or 0, part.stop
        return plainsql.select(
            Notification,
            self.FIELDS,
            "user_id = %s",
            [self.user_id],
            order_by="created_at DESC, id DESC",
            limit=None if stop is None else stop - start,
            offset=start,
        )


def newest_notification_id(user: Any) -> int:
    """The id up to which "mark all read" applies: what the page showed, not what arrives later."""
    return Notification.objects.filter(user=user).order_by("-pk").values_list("pk", flat=True).first() or 0


def safe_link(link: str) -> str:
    """Only links inside the site are rendered as links."""
    if link and link.startswith("/") and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return link
    return ""


@dataclass
class TodoRow:
    title: str
    link: str
    action: str
    due: dt.date | None
    left: int | None  # working days; negative when overdue
    soon_days: int = 2  # highlighted from this many working days before the due date

    @property
    def overdue(self) -> bool:
        return self.left is not None and self.left < 0

    @property
    def soon(self) -> bool:
        return self.left is not None and 0 <= self.left <= self.soon_days

    @property
    def overdue_by(self) -> int:
        return -self.left if self.left is not None and self.left < 0 else 0


# Each app that gives people work lists it with a `todo(user, limit)` selector returning a core.todo.TodoList:
# its `limit` most urgent items and their number; the to-do page shows them together, earliest due first.
# The procedure's sources read rows that move the `procedure` change stamp (inbox migration 0002), so the
# to-do page may keep what they found (views.inbox); the others are cheap and read on every view.
PROCEDURE_SOURCES = ("zhunru.access.selectors.todo", "zhunru.supervision.selectors.todo")
OTHER_SOURCES = (
    "zhunru.funding.selectors.todo",
    "zhunru.evaluation.selectors.todo",
    "zhunru.registries.selectors.todo",
)
TODO_SOURCES = PROCEDURE_SOURCES + OTHER_SOURCES
PROCEDURE_STAMPS = ("procedure", "catalog")  # the rows of the procedure's sources and the matters' names


def todo_items(user: Any, limit: int = TODO_LIMIT, sources: tuple[str, ...] = TODO_SOURCES) -> TodoList:
    """The `limit` most urgent to-do items of these apps together, and the number of all of them."""
    return merge((import_string(source)(user, limit) for source in sources), limit)


def todo_rows(
    user: Any, today: dt.date | None = None, limit: int = TODO_LIMIT, read: TodoList | None = None
) -> tuple[list[TodoRow], int]:
    """The user's `limit` most urgent to-do items with the working days left until each due date (negative
    when overdue), and the number of all of them. `read`: the other apps' items when the caller has read
    them already. The working days of all rows come from one read of the holiday overrides."""
    today = today or clock.today()
    soon = procedure_settings().remind_days_before  # the same point the worker reminds at
    if read is None:
        found = todo_items(user, limit)
    else:
        found = merge([todo_items(user, limit, PROCEDURE_SOURCES), read], limit)
    items = found.items
    dues = [item.due for item in items if item.due]
    left = working_days_counter(min([today, *dues]), max([today, *dues]))
    rows = [
        TodoRow(
            item.title,
            item.link,
            str(item.action),
            item.due,
            left(today, item.due) if item.due else None,
            soon,
        )
        for item in items
    ]
    return rows, found.total


@dataclass
class DoneRow:
    at: dt.datetime
    title: str
    link: str
    action: str
    status: str
    note: str


OTHER_STEPS = {"create": gettext_lazy("创建"), "edit": gettext_lazy("修改")}


def _step_label(change: StatusChange) -> str:
    table = APPLICATION_TRANSITIONS if change.application_id else EXIT_TRANSITIONS
    if change.transition in table:
        return str(table[change.transition].label)
    if change.transition in OTHER_STEPS:
        return str(OTHER_STEPS[change.transition])
    return change.transition


def _status_label(value: str) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return value


def done_rows(user: Any, limit: int = 50) -> list[DoneRow]:
    """access.selectors.done(user), ready to show."""
    rows = []
    for change in access_selectors.done(user, limit=limit):
        if change.application_id:
            app = change.application
            title, link = f"{app.reference} {app.matter_name}", f"/access/applications/{app.pk}/"
        elif change.exit_request_id:
            req = change.exit_request
            title, link = f"{req.reference} {req.matter.name}", f"/access/exits/{req.pk}/"
        else:
            continue
        rows.append(
            DoneRow(change.at, title, link, _step_label(change), _status_label(change.to_status), change.note)
        )
    return rows
