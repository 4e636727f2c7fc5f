"""Who reported is known only to supervision and to the reporting community: the street office sees its
communities' demands but not which were reported (on the list, the month table, a notice's page, the
Excel export and the API); departments see no community list at all."""

from __future__ import annotations

import io

import openpyxl
import pytest

from zhunru.api.tests.helpers import as_user, ok
from zhunru.gateway import services

pytestmark = pytest.mark.django_db

ENFORCEMENT = "区城管局通知：请社区派人上街查处占道经营，拆除违法建设。"


@pytest.fixture
def reported(catalog, community_worker, today):
    notice = services.notice_register(actor=community_worker, text=ENFORCEMENT)
    done = services.notice_refuse_and_report(actor=community_worker, notice=notice)
    assert done.report_reference
    return done


def test_the_reporting_community_sees_its_report(client, reported, community_worker):
    client.force_login(community_worker)
    assert reported.report_reference in client.get(f"/gateway/notices/{reported.pk}/").content.decode()
    assert "已举报" in client.get("/gateway/").content.decode()
    assert ok(as_user(community_worker).get(f"/gateway/notices/{reported.pk}"))["reported"] is True


def test_the_street_office_sees_the_demand_but_not_the_report(client, reported, street_officer):
    client.force_login(street_officer)
    listing = client.get("/gateway/").content.decode()
    assert f'data-notice="{reported.pk}"' in listing  # the demand itself is visible
    assert "已举报" not in listing
    detail = client.get(f"/gateway/notices/{reported.pk}/").content.decode()
    assert ENFORCEMENT in detail
    assert reported.report_reference not in detail and 'data-testid="report-state"' not in detail
    book = openpyxl.load_workbook(io.BytesIO(client.get("/gateway/export.xlsx").content))
    cells = [str(c.value) for row in book.active.iter_rows() for c in row]
    assert "举报" not in cells and not any(reported.report_reference in c for c in cells)
    api = as_user(street_officer)
    one = ok(api.get(f"/gateway/notices/{reported.pk}"))
    assert one["reported"] is False and one["report_reference"] == ""
    assert all(not n["reported"] for n in ok(api.get("/gateway/notices"))["items"])


def test_departments_see_no_community_list(client, reported, applicant, dept_head):
    for user in (applicant, dept_head):
        assert ok(as_user(user).get("/gateway/notices"))["count"] == 0
        assert as_user(user).get(f"/gateway/notices/{reported.pk}").status_code == 404
        client.force_login(user)
        assert client.get(f"/gateway/notices/{reported.pk}/").status_code in (403, 404)
        assert client.get("/gateway/export.xlsx").status_code in (403, 404)
        page = client.get("/gateway/dispatch/").content.decode()
        assert reported.report_reference not in page
