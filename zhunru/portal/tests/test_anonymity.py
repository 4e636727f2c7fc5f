"""No portal statistics page, download or API answer names a reporting community, a report, a case or a
person: the fixture's two reporting communities have names found nowhere else."""

from __future__ import annotations

import json

import pytest

from zhunru.portal.tests.conftest import REPORT_REFS, REPORTERS, SECRET_COMMENT

pytestmark = pytest.mark.django_db

URLS = [
    "/portal/statistics/",
    "/portal/statistics/?span=1&month=2026-11",
    "/portal/departments/",
    "/portal/funding/",
    "/portal/evaluation/",
    "/portal/data/",
    *[f"/portal/data/{d}.{f}" for d in ("catalog", "decisions", "statistics") for f in ("csv", "json")],
    "/portal/data/statistics.json?span=1&month=2026-11",
    "/api/v1/portal/statistics",
    "/api/v1/portal/statistics?span=1&month=2026-11",
    "/api/v1/portal/funding",
    "/api/v1/portal/evaluation",
    "/api/v1/portal/datasets",
]


def text_of(response) -> str:
    body = response.content.decode("utf-8-sig")
    if response["Content-Type"].startswith("application/json"):
        body = json.dumps(json.loads(body), ensure_ascii=False)  # \u escapes as characters
    return body


def test_no_reporter_identity_anywhere(client, stats_world):
    usernames = [u.username for u in stats_world["workers"]]
    secrets = [*REPORTERS, *REPORT_REFS, SECRET_COMMENT, "JC-2026-P1", "JC-2026-P2", *usernames]
    for url in URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        body = text_of(response)
        for secret in secrets:
            assert secret not in body, (url, secret)
    # the fixture does hold them: the check above could fail
    from zhunru.areas.models import Area
    from zhunru.supervision.models import ViolationReport

    assert set(Area.objects.filter(name__in=REPORTERS).values_list("name", flat=True)) == set(REPORTERS)
    assert ViolationReport.objects.filter(reference__in=REPORT_REFS).count() == 2
    statistics = text_of(client.get("/portal/statistics/"))
    assert "东湖街道" in statistics and "西岭街道" in statistics  # streets are shown, communities are not
