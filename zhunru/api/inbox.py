"""待办 (the steps waiting for this user) and in-app notifications."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from zhunru.api.auth import actor
from zhunru.api.pagination import PAGE_SIZE, paginate
from zhunru.api.present import PREFIX
from zhunru.api.schemas import ERRORS, CountOut, MarkReadIn, NotificationOut, TodoOut, page_of
from zhunru.core.todo import TODO_LIMIT
from zhunru.inbox.models import Notification
from zhunru.inbox.selectors import notifications as notifications_of
from zhunru.inbox.selectors import todo_rows
from zhunru.inbox.services import notification_mark_read

router = Router(tags=["待办与通知"])

NotificationPage = page_of(NotificationOut, "NotificationPage")
WEB_TO_API = (("/access/applications/", f"{PREFIX}/applications/"), ("/access/exits/", f"{PREFIX}/exits/"))


def _api_link(link: str) -> str:
    for web, api in WEB_TO_API:
        if link.startswith(web):
            return api + link[len(web) :].rstrip("/")
    return ""


@router.get(
    "/todo",
    response={200: list[TodoOut], **ERRORS},
    operation_id="inbox_todo",
    summary="待办事项",
    description="最紧急的 limit 项（期限最早的在前）；全部待办的数目在响应头 X-Total-Count 中。",
)
def todo_list(
    request: HttpRequest,
    response: HttpResponse,
    limit: int = Query(TODO_LIMIT, ge=1, le=500, description="最多返回的条数"),
) -> list[dict[str, Any]]:
    rows, total = todo_rows(actor(request), limit=limit)
    response["X-Total-Count"] = str(total)
    return [
        {
            "title": row.title,
            "action": row.action,
            "due": row.due,
            "left": row.left,
            "overdue": row.overdue,
            "link": row.link,
            "api": _api_link(row.link),
        }
        for row in rows
    ]


def _notification(n: Notification) -> dict[str, Any]:
    return {
        "id": n.pk,
        "title": n.title,
        "body": n.body,
        "link": n.link,
        "created_at": n.created_at,
        "read_at": n.read_at,
    }


@router.get(
    "/notifications",
    response={200: NotificationPage, **ERRORS},
    operation_id="inbox_notifications",
    summary="通知（最新在前；unread=true 只看未读）",
)
def notifications(
    request: HttpRequest, unread: bool = False, page: int = 1, page_size: int = PAGE_SIZE
) -> dict:
    qs = notifications_of(actor(request))
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return paginate(qs, page, page_size, _notification)


@router.post(
    "/notifications/read",
    response={200: CountOut, **ERRORS},
    operation_id="inbox_notifications_read",
    summary="标记通知为已读",
)
def mark_read(request: HttpRequest, payload: MarkReadIn) -> dict[str, int]:
    return {"count": notification_mark_read(actor=actor(request), ids=payload.ids, up_to=payload.up_to)}
