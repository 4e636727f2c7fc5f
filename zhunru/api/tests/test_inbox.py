"""待办 and notifications through the API: the same items the inbox page shows, for this user only."""

from __future__ import annotations

from zhunru.api.tests.helpers import APPLICATION, as_user, ok


def test_todo_follows_the_procedure(today, applicant, dept_head, approval_clerk):
    app = ok(as_user(applicant).post("/applications", APPLICATION), 201)
    [item] = ok(as_user(dept_head).get("/inbox/todo"))
    assert item["action"] == "签发" and item["due"] == "2026-06-01"
    assert item["left"] > 30 and item["overdue"] is False
    assert item["link"] == f"/access/applications/{app['id']}/"
    assert item["api"] == f"/api/v1/applications/{app['id']}"
    assert ok(as_user(approval_clerk).get("/inbox/todo")) == []
    ok(as_user(dept_head).post(f"/applications/{app['id']}/sign"))
    ok(as_user(applicant).post(f"/applications/{app['id']}/submit"))
    [item] = ok(as_user(approval_clerk).get("/inbox/todo"))
    assert item["action"] == "受理或退回" and item["due"]


def test_notifications_are_ones_own_and_can_be_marked_read(today, applicant, dept_head, approval_clerk):
    app = ok(as_user(applicant).post("/applications", APPLICATION), 201)
    ok(as_user(dept_head).post(f"/applications/{app['id']}/sign"))
    ok(as_user(applicant).post(f"/applications/{app['id']}/submit"))
    office = as_user(approval_clerk)
    page = ok(office.get("/inbox/notifications", unread="true"))
    assert page["count"] == 1 and page["items"][0]["title"].startswith("新的准入申请")
    assert ok(as_user(dept_head).get("/inbox/notifications"))["count"] == 0
    newest = page["items"][0]["id"]
    assert ok(office.post("/inbox/notifications/read", {"up_to": newest - 1}))["count"] == 0
    assert ok(office.post("/inbox/notifications/read", {"up_to": newest}))["count"] == 1
    assert ok(office.get("/inbox/notifications", unread="true"))["count"] == 0
    assert ok(office.get("/inbox/notifications"))["items"][0]["read_at"] is not None


def test_marking_read_with_impossible_ids_is_a_clear_422(applicant):
    api = as_user(applicant)
    assert api.post("/inbox/notifications/read", {"ids": [2**70]}).status_code == 422
    assert api.post("/inbox/notifications/read", {"ids": [0]}).status_code == 422
    assert api.post("/inbox/notifications/read", {"up_to": -1}).status_code == 422
    assert api.post("/inbox/notifications/read", {"ids": [1]}).status_code == 200


def test_todo_is_bounded_by_limit_and_counts_everything(today, applicant, dept_head):
    made = [ok(as_user(applicant).post("/applications", APPLICATION), 201) for _ in range(3)]
    response = as_user(dept_head).get("/inbox/todo", limit=2)
    assert response.status_code == 200 and response["X-Total-Count"] == "3"
    assert [item["link"] for item in response.json()] == [
        f"/access/applications/{made[0]['id']}/",
        f"/access/applications/{made[1]['id']}/",
    ]
    assert as_user(dept_head).get("/inbox/todo")["X-Total-Count"] == "3"
    assert as_user(dept_head).get("/inbox/todo", limit=0).status_code == 422
    assert as_user(dept_head).get("/inbox/todo", limit=501).status_code == 422
