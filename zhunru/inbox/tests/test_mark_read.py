"""Notifications are marked read one at a time or all at once, by POST, for oneself only; the
change is audited, and one that arrives while the page is open stays unread."""

from __future__ import annotations

import pytest

from zhunru.core.models import AuditEvent
from zhunru.inbox.models import Notification
from zhunru.inbox.tests.helpers import notify_now, text

pytestmark = pytest.mark.django_db


def unread(user) -> list[str]:
    return list(Notification.objects.filter(user=user, read_at__isnull=True).values_list("title", flat=True))


def test_mark_one_read(client, people):
    notify_now([people.office], "第一条", link="/access/applications/1/")
    notify_now([people.office], "第二条")
    first = Notification.objects.get(title="第一条")
    client.force_login(people.office)
    page = text(client.get("/inbox/"))
    assert "第一条" in page and 'href="/access/applications/1/"' in page

    response = client.post("/inbox/read/", {"id": first.pk, "page": "1"})
    assert response.status_code == 302 and response["Location"] == "/inbox/#notifications"
    assert unread(people.office) == ["第二条"]
    [event] = AuditEvent.objects.filter(event_type="notification.read")
    assert event.actor_id == people.office.pk and event.summary["count"] == 1


def test_mark_all_read_up_to_what_the_page_showed(client, people):
    notify_now([people.office], "第一条")
    notify_now([people.office], "第二条")
    newest = Notification.objects.filter(user=people.office).order_by("-pk").first()
    notify_now([people.office], "打开页面后才到的")
    client.force_login(people.office)
    client.post("/inbox/read/", {"up_to": newest.pk})
    assert unread(people.office) == ["打开页面后才到的"]


def test_nobody_marks_another_persons_notifications(client, people):
    notify_now([people.head], "给负责人的")
    note = Notification.objects.get(title="给负责人的")
    client.force_login(people.office)
    client.post("/inbox/read/", {"id": note.pk})
    client.post("/inbox/read/", {})
    assert unread(people.head) == ["给负责人的"]


def test_only_post_changes_anything(client, people):
    notify_now([people.office], "第一条")
    client.force_login(people.office)
    assert client.get("/inbox/read/").status_code == 405
    assert client.post("/inbox/read/", {"id": "x"}).status_code == 400
    assert unread(people.office) == ["第一条"]


def test_a_link_outside_the_site_is_not_rendered(client, people):
    notify_now([people.office], "可疑链接", link="javascript:alert(1)")
    notify_now([people.office], "外部链接", link="//evil.example/")
    client.force_login(people.office)
    page = text(client.get("/inbox/"))
    assert "javascript:" not in page and "evil.example" not in page
