"""/api/v1/registries: the same services and scope as the pages."""

from __future__ import annotations

import pytest

from zhunru.api.tests.helpers import as_user, ok
from zhunru.core.models import AuditEvent
from zhunru.registries.tests.conftest import PDF, upload

pytestmark = pytest.mark.django_db


def test_register_open_remove_close(
    client, community_worker, approval_clerk, street_officer, district, today
):
    worker = as_user(community_worker)
    response = worker.upload(
        "/registries/signboards",
        {"photo": upload(PDF)},
        {"name": "老年协会", "department": district["minzheng"].code, "placement": "inside"},
    )
    assert response.status_code == 400 and response.json()["field"] == "photo"
    response = worker.upload(
        "/registries/signboards",
        {"photo": upload()},
        {"name": "老年协会", "department": "nope", "placement": "inside"},
    )
    assert response.status_code == 400 and response.json()["field"] == "department"
    board = ok(
        worker.upload(
            "/registries/signboards",
            {"photo": upload()},
            {"name": "老年协会", "department": district["minzheng"].code, "placement": "inside"},
        ),
        201,
    )
    assert board["admitted"] is False and board["community"]["code"] == "990101001001"

    office = as_user(approval_clerk)
    assert office.post("/registries/campaigns", {"name": "清理", "deadline": "2026-03-01"}).status_code == 400
    assert worker.post("/registries/campaigns", {"name": "清理", "deadline": "2026-03-31"}).status_code == 403
    campaign = ok(office.post("/registries/campaigns", {"name": "清理", "deadline": "2026-03-31"}), 201)
    assert [i["id"] for i in campaign["items"]] == [board["id"]]
    assert campaign["total"]["before_unadmitted"] == 1 and campaign["actions"][0]["name"] == "close"

    path = f"/registries/signboards/{board['id']}/remove"
    missing = worker.upload(path, {}, {"note": "x"})
    assert missing.status_code == 400 and missing.json()["field"] == "photo"
    assert as_user(street_officer).upload(path, {"photo": upload()}).status_code == 403
    removed = ok(worker.upload(path, {"photo": upload()}))
    assert removed["status"] == "removed" and removed["removal_photo_url"]

    closed = ok(office.post(f"/registries/campaigns/{campaign['id']}/close", {"note": ""}))
    assert closed["status"] == "closed" and closed["after_is_final"]
    assert closed["total"]["after_total"] == 0 and closed["total"]["removed"] == 1
    assert office.post(f"/registries/campaigns/{campaign['id']}/close", {}).status_code == 409
    assert AuditEvent.objects.filter(event_type__in=["campaign.open", "campaign.close"]).count() == 2
    assert ok(as_user(street_officer).get("/registries/signboards"))["count"] == 1


def test_ledgers_and_fields(community_worker, outsider, district, today):
    from zhunru.catalog.models import Matter

    for code, dept, fields in (("TZ-1", "weijian", ["姓名", "血压"]), ("TZ-2", "minzheng", ["姓名"])):
        Matter.objects.create(
            code=code,
            name=code,
            list="admitted",
            kind="ledger",
            department=district[dept],
            status="published",
            frequency="每月",
            data_fields=fields,
        )
    api = as_user(community_worker)
    page = ok(api.get("/registries/ledgers", year=2026))
    assert page["count"] == 1 and page["items"][0]["per_year"] == 24
    assert page["items"][0]["rows"][0]["frequency_code"] == "monthly"
    shared = ok(api.get("/registries/fields", shared="true"))
    assert [(e["key"], e["departments"]) for e in shared] == [("姓名", ["区卫生健康委员会", "区民政局"])]
    assert len(ok(api.get("/registries/fields"))) == 2
    assert api.get("/registries/ledgers", community="990101002001").status_code == 404
    assert as_user(outsider).get("/registries/ledgers").status_code == 403
