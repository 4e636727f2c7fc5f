"""The public statistics pages and their API: the hand-computed figures of the fixture (conftest.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

NEW_PAGES = ["statistics", "departments", "funding", "evaluation", "data"]


def test_every_new_page_is_public_and_works_without_javascript(client, stats_world):
    for name in NEW_PAGES:
        response = client.get(reverse(f"portal:{name}"))
        assert response.status_code == 200, name
        html = response.content.decode()
        assert 'class="portal-nav"' in html, name
        assert "<script" not in html.split("</head>", 1)[1], name


def test_urls_are_stable():
    assert reverse("portal:statistics") == "/portal/statistics/"
    assert reverse("portal:departments") == "/portal/departments/"
    assert reverse("portal:funding") == "/portal/funding/"
    assert reverse("portal:evaluation") == "/portal/evaluation/"
    assert reverse("portal:data") == "/portal/data/"


def cells(response, key: str) -> list[list[str]]:
    block = next(b for b in response.context["blocks"] if b.table.key == key)
    return [[str(c) for c in row] for row in block.table.all_rows]


def test_statistics_page_shows_district_and_streets_never_a_community(client, stats_world):
    response = client.get(reverse("portal:statistics"))
    assert response.context["period"].label == "2025-12 — 2026-11"
    district = dict((r[0], r[1]) for r in cells(response, "district"))
    assert district["社区数"] == "8"
    assert district["收到任务"] == "4"
    assert district["准许工作工时（每月）"] == "0.5"
    assert district["未经准入的任务"] == "1"
    assert district["负面清单的任务"] == "1"
    assert district["社区拒绝的任务"] == "2"
    assert district["被举报的任务"] == "2"
    assert district["在效准入事项（平均每社区）"] == "1.0"
    assert district["台账（平均每社区）"] == "1.0"
    assert district["拒开的负面清单证明"] == "1"
    streets = {r[0]: r for r in cells(response, "streets")}
    # street, communities, notices, hours, unapproved, negative, refused, admitted/community, boards,
    # unadmitted boards, ledgers/community, report forms/community, certificates refused
    assert streets["东湖街道"][1:7] == ["3", "3", "0.5", "1", "0", "1"]
    assert streets["西岭街道"][1:7] == ["3", "1", "0.0", "0", "1", "1"]
    assert streets["西岭街道"][-1] == "1"
    assert streets["南塘镇"][1:3] == ["2", "0"]
    assert streets["全区"][1:3] == ["8", "4"]  # the footer
    headers = next(b for b in response.context["blocks"] if b.table.key == "streets").table.headers
    assert "已举报" not in headers and "被举报的任务" not in headers  # reports: the district total only
    trend = {r[0]: r for r in cells(response, "trend")}
    assert len(trend) == 12 and "2025-11" not in trend
    assert trend["2026-03"][1:3] == ["1", "4.0"]
    assert trend["2026-11"][1:7] == ["3", "2.0", "1", "1", "2", "1"]
    html = response.content.decode()
    assert "<svg" in html and "东湖街道" in html  # a chart beside its table


def test_statistics_period_filter(client, stats_world):
    response = client.get(reverse("portal:statistics"), {"month": "2026-03", "span": "1"})
    district = dict((r[0], r[1]) for r in cells(response, "district"))
    assert response.context["period"].label == "2026-03"
    assert district["收到任务"] == "1"
    assert district["准许工作工时（每月）"] == "4.0"
    bad = client.get(reverse("portal:statistics"), {"month": "soon", "span": "7"})
    assert bad.status_code == 200 and bad.context["period"].label == "2025-12 — 2026-11"  # the defaults


def test_departments_page_counts_demands_and_violations(client, stats_world):
    response = client.get(reverse("portal:departments"))
    departments = {r[0]: r for r in cells(response, "departments")}
    # unit, sent, duty, assist, admitted, negative, unapproved, not admitted share
    assert departments["区卫生健康委员会"][1:] == ["3", "1", "0", "1", "0", "1", "33.3%"]
    assert departments["区民政局"][1:] == ["1", "0", "0", "0", "1", "0", "100.0%"]
    violations = {r[0]: r for r in cells(response, "violations")}
    # unit, reports, cases, substantiated, 责令整改, 通报, 约谈, 问责
    assert violations["区卫生健康委员会"][1:] == ["1", "1", "1", "1", "0", "1", "0"]
    assert violations["区民政局"][1:] == ["1", "1", "0", "0", "0", "0", "0"]
    assert len(violations) == 2  # departments without reports or cases are left out


def test_funding_page_per_admitted_matter(client, stats_world):
    response = client.get(reverse("portal:funding"))
    assert response.context["year"] == 2026
    rows = cells(response, "funding")
    # matter, code, department, communities, committed, paid, share, confirmed, disputed, unpaid
    assert rows[0] == [
        "老年人防诈骗宣传",
        "ZR-P1",
        "区卫生健康委员会",
        "2",
        "15000.00",
        "7000.00",
        "46.7%",
        "6000.00",
        "1000.00",
        "9000.00",
    ]
    assert rows[-1][0] == "合计" and rows[-1][4] == "15000.00"
    empty = client.get(reverse("portal:funding"), {"year": "2019"})
    assert empty.context["year"] == 2026  # a year without commitments falls back to this year
    assert client.get(reverse("portal:funding"), {"year": "2026"}).context["year"] == 2026


def test_evaluation_shows_published_results_with_five_answers_and_the_reply(client, stats_world):
    response = client.get(reverse("portal:evaluation"))
    assert response.context["years"] == [2025]  # 2026 is closed, not published
    results = response.context["results"]
    assert [r.department.name for r in results] == ["区卫生健康委员会"]  # 民政局: 2 answers only
    promptness = results[0].criteria[0]
    assert (round(promptness.mean, 2), round(promptness.low, 2), round(promptness.high, 2)) == (
        4.2,
        3.16,
        5.0,
    )
    html = response.content.decode()
    assert "4.20" in html and "3.16" in html and "我委将精简台账。" in html
    assert "区民政局" not in html and "民政局的回应不应公开" not in html


def test_unpublished_evaluation_results_are_absent(client, stats_world):
    for params in ({}, {"year": "2026"}):
        html = client.get(reverse("portal:evaluation"), params).content.decode()
        assert "未公布年度的回应" not in html
        assert "2026 年度评议" not in html
    api = client.get("/api/v1/portal/evaluation", {"year": 2026}).json()
    assert api == {"year": None, "departments": []}
    assert client.get("/api/v1/portal/evaluation").json()["year"] == 2025


def test_no_evaluation_published_yet(client, district, today):
    html = client.get(reverse("portal:evaluation")).content.decode()
    assert "尚未公布评议结果。" in html


def test_api_statistics_is_public_and_matches_the_pages(client, stats_world):
    response = client.get("/api/v1/portal/statistics")
    assert response.status_code == 200
    data = response.json()
    assert data["period"] == {"start": "2025-12-01", "end": "2026-11-30", "label": "2025-12 — 2026-11"}
    assert data["district"]["notices"] == 4 and data["district"]["reported"] == 2
    assert all("reported" not in s for s in data["streets"])
    wj = next(d for d in data["departments"] if d["name"] == "区卫生健康委员会")
    assert wj["by_verdict"] == {"duty": 1, "assist": 0, "admitted": 1, "negative": 0, "unapproved": 1}
    assert wj["measures"] == {"rectify": 1, "circulate": 0, "interview": 1, "accountability": 0}
    assert data["funding"]["matters"][0]["unpaid"] == 9000.0
    assert [d["name"] for d in data["evaluation"]["departments"]] == ["区卫生健康委员会"]
    one_month = client.get("/api/v1/portal/statistics", {"month": "2026-03", "span": 1}).json()
    assert one_month["district"]["notices"] == 1
    funding = client.get("/api/v1/portal/funding", {"year": 2026}).json()
    assert funding["matters"][0]["committed"] == 15000.0 and funding["matters"][0]["paid"] == 7000.0
    datasets = client.get("/api/v1/portal/datasets").json()
    assert [d["csv_url"] for d in datasets] == [
        "/portal/data/catalog.csv",
        "/portal/data/decisions.csv",
        "/portal/data/statistics.csv",
    ]


def test_a_bad_token_on_a_public_endpoint_is_refused(client, stats_world):
    response = client.get("/api/v1/portal/statistics", HTTP_AUTHORIZATION="Bearer nonsense")
    assert response.status_code == 401


def test_pages_in_english(client, stats_world):
    client.cookies["django_language"] = "en"
    html = client.get(reverse("portal:statistics")).content.decode()
    assert "District total" in html
    html = client.get(reverse("portal:data")).content.decode()
    assert "Open data" in html
