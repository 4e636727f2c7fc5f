"""Object-level authorization through the API, per endpoint family: persona B's token never reads or acts
on persona A's object, and "not yours" answers exactly like "does not exist" (404, same body)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from ninja import Schema

import zhunru.api
from zhunru.accounts.roles import Role
from zhunru.api.tests.helpers import APPLICATION, as_user, ok
from zhunru.conftest import make_user
from zhunru.gateway import services as gateway_services
from zhunru.inbox.models import Notification
from zhunru.supervision import services as supervision_services

pytestmark = pytest.mark.django_db
MISSING = 999_999


def assert_hidden(client, method: str, path: str, missing_path: str, secret: str = "") -> None:
    send = client.get if method == "get" else client.post
    response, missing = send(path), send(missing_path)
    assert response.status_code == 404, (path, response.status_code, response.content[:200])
    assert response.json() == missing.json()  # indistinguishable from a missing object
    if secret:
        assert secret not in response.content.decode()


@pytest.fixture
def xiling_worker(district):
    return make_user("xiling_worker", role=Role.COMMUNITY_WORKER, community=district["xiling_community"])


def test_applications_stay_with_their_department(today, applicant, outsider, district):
    other_clerk = make_user("mz_clerk", role=Role.DEPT_CLERK, department=district["minzheng"])
    draft = ok(as_user(applicant).post("/applications", APPLICATION), 201)
    pk = draft["id"]
    for user in (other_clerk, outsider):
        client = as_user(user)
        assert_hidden(client, "get", f"/applications/{pk}", f"/applications/{MISSING}", draft["reference"])
        for action in ("submit", "withdraw", "resubmit"):
            assert_hidden(client, "post", f"/applications/{pk}/{action}", f"/applications/{MISSING}/{action}")
        assert_hidden(client, "get", f"/applications/{pk}/similar", f"/applications/{MISSING}/similar")
        assert pk not in [a["id"] for a in ok(client.get("/applications"))["items"]]
        response = client.patch(f"/applications/{pk}", {"matter_name": "改名"})
        assert response.status_code in (403, 404)
    assert ok(as_user(applicant).get(f"/applications/{pk}"))["matter_name"] == APPLICATION["matter_name"]


def test_demands_stay_with_their_community(community_worker, xiling_worker):
    notice = gateway_services.notice_register(
        actor=community_worker, text="请社区于本周五前上报辖区老年人体检台账（东湖）。"
    )
    client = as_user(xiling_worker)
    assert_hidden(client, "get", f"/gateway/notices/{notice.pk}", f"/gateway/notices/{MISSING}", "东湖")
    for action in ("accept", "refuse", "report"):
        assert_hidden(
            client, "post", f"/gateway/notices/{notice.pk}/{action}", f"/gateway/notices/{MISSING}/{action}"
        )
    assert notice.pk not in [n["id"] for n in ok(client.get("/gateway/notices"))["items"]]


def test_supervision_cases_are_for_supervision_only(community_worker, xiling_worker, supervisor, today):
    notice = gateway_services.notice_register(
        actor=community_worker, text="请社区每周上报辖区餐饮店铺巡查台账，纳入社区考核排名。"
    )
    case = supervision_services.violation_report_file(actor=community_worker, notice=notice).case
    assert ok(as_user(supervisor).get(f"/supervision/cases/{case.pk}"))["id"] == case.pk
    for user in (xiling_worker, community_worker):  # even the reporting community sees no case file
        response = as_user(user).get(f"/supervision/cases/{case.pk}")
        assert response.status_code in (403, 404)
        assert case.number not in response.content.decode()
        assert as_user(user).post(f"/supervision/cases/{case.pk}/start").status_code in (403, 404)


def test_notifications_are_private(applicant, dept_head):
    theirs = Notification.objects.create(user=dept_head, title="给负责人的通知", link="/")
    body = ok(as_user(applicant).post("/inbox/notifications/read", {"ids": [theirs.pk]}))
    assert body == {"count": 0}
    theirs.refresh_from_db()
    assert theirs.read_at is None
    titles = [n["title"] for n in ok(as_user(applicant).get("/inbox/notifications"))["items"]]
    assert "给负责人的通知" not in titles


def test_api_schema_class_names_are_unique():
    """django-ninja names OpenAPI components after the class: two response classes with one name make
    one of them document the other's shape (what schemathesis reported for /inbox/todo)."""
    seen: dict[str, str] = {}
    duplicates = []
    for info in pkgutil.iter_modules(zhunru.api.__path__):
        module = importlib.import_module(f"zhunru.api.{info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Schema) and cls.__module__ == module.__name__:
                if name in seen and seen[name] != module.__name__:
                    duplicates.append(f"{name}: {seen[name]} and {module.__name__}")
                seen.setdefault(name, module.__name__)
    assert not duplicates, duplicates
