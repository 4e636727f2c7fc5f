"""Notifications are paged (newest first); marking one read brings the reader back to the same page."""

from __future__ import annotations

import pytest

from zhunru.inbox.models import Notification
from zhunru.inbox.tests.helpers import notify_now, text
from zhunru.inbox.views import NOTIFICATIONS_PER_PAGE

pytestmark = pytest.mark.django_db


def test_notifications_are_paged(client, people):
    total = NOTIFICATIONS_PER_PAGE + 5
    for n in range(total):
        notify_now([people.office], f"通知第{n:02d}条")
    client.force_login(people.office)

    first = text(client.get("/inbox/"))
    assert "通知第24条" in first and "通知第05条" in first and "通知第04条" not in first
    assert "?page=2" in first

    second = text(client.get("/inbox/?page=2"))
    assert "通知第04条" in second and "通知第00条" in second and "通知第05条" not in second

    oldest = Notification.objects.get(title="通知第00条")
    response = client.post("/inbox/read/", {"id": oldest.pk, "page": "2"})
    assert response["Location"] == "/inbox/?page=2#notifications"


def test_the_pages_read_in_plain_sql_are_the_orms_pages(people):
    from django.utils import timezone

    from zhunru.inbox import selectors

    for n in range(7):
        notify_now([people.office], f"同一时刻{n}")
    Notification.objects.filter(user=people.office).update(created_at=timezone.now())  # ties: newest id first
    notify_now([people.approvers[0]], "别人的通知")
    pages = selectors.NotificationPages(people.office)
    orm = list(selectors.notifications(people.office))
    assert pages.count() == len(orm) == 7
    for start, stop in ((0, 3), (3, 6), (6, 9), (0, None)):
        got = pages[start:stop]
        assert [x.pk for x in got] == [x.pk for x in orm[start:stop]]
        assert [(x.title, x.created_at, x.read_at) for x in got] == [
            (x.title, x.created_at, x.read_at) for x in orm[start:stop]
        ]
