"""Open data: stable download addresses, CSV in UTF-8 with a BOM, JSON with fields and licence, the
figures of the hand-computed fixture."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from zhunru.catalog.selectors import current_catalog

pytestmark = pytest.mark.django_db

DOWNLOADS = [f"/portal/data/{d}.{f}" for d in ("catalog", "decisions", "statistics") for f in ("csv", "json")]


def read_csv(response) -> list[dict[str, str]]:
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM: Excel opens the Chinese correctly
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_stable_addresses():
    for url in DOWNLOADS:
        dataset, fmt = url.rsplit("/", 1)[1].split(".")
        assert reverse("portal:data_file", args=[dataset, fmt]) == url


def test_every_download_is_public_an_attachment_and_cacheable(client, stats_world):
    for url in DOWNLOADS:
        response = client.get(url)
        assert response.status_code == 200, url
        name = url.rsplit("/", 1)[1]
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
        assert "public" in response["Cache-Control"] and "max-age=600" in response["Cache-Control"]
        if url.endswith(".csv"):
            assert response["Content-Type"] == "text/csv; charset=utf-8"
            read_csv(response)
        else:
            assert response["Content-Type"] == "application/json; charset=utf-8"
            document = json.loads(response.content)
            assert document["licence"].startswith("本数据按知识共享署名") and document["fields"]


def test_unknown_dataset_or_format_is_404(client, district):
    assert client.get("/portal/data/reports.csv").status_code == 404
    assert client.get("/portal/data/catalog.xml").status_code == 404
    assert client.post("/portal/data/catalog.csv").status_code == 405


def test_statistics_csv_has_the_hand_computed_figures(client, stats_world):
    rows = read_csv(client.get("/portal/data/statistics.csv"))
    assert list(rows[0]) == ["section", "code", "name", "measure", "value", "period"]
    values = {(r["section"], r["name"], r["measure"]): r["value"] for r in rows}
    assert {r["period"] for r in rows} == {"2025-12 — 2026-11"}
    assert values[("district", "全区", "notices")] == "4"
    assert values[("district", "全区", "allowed_hours")] == "0.5"
    assert values[("district", "全区", "reported")] == "2"
    assert values[("district", "全区", "refused")] == "2"
    assert values[("street", "东湖街道", "notices")] == "3"
    assert values[("street", "西岭街道", "certificates_refused")] == "1"
    assert ("street", "东湖街道", "reported") not in values  # reports: the district total only
    assert values[("month", "2026-11", "notices")] == "3"
    assert values[("department", "区卫生健康委员会", "sent")] == "3"
    assert values[("department", "区卫生健康委员会", "verdict_unapproved")] == "1"
    assert values[("department", "区卫生健康委员会", "reports")] == "1"
    assert values[("department", "区卫生健康委员会", "substantiated")] == "1"
    assert values[("department", "区卫生健康委员会", "measure_interview")] == "1"
    assert values[("department", "区民政局", "cases")] == "1"
    assert values[("funding", "老年人防诈骗宣传", "committed")] == "15000.0"
    assert values[("funding", "老年人防诈骗宣传", "unpaid")] == "9000.0"
    assert values[("evaluation", "区卫生健康委员会", "mean_promptness")] == "4.2"
    assert values[("evaluation", "区卫生健康委员会", "low_promptness")] == "3.16"
    assert not [k for k in values if k[0] == "evaluation" and k[1] == "区民政局"]
    street_codes = {r["code"] for r in rows if r["section"] == "street"}
    assert street_codes == {"990101001000", "990101002000", "990101101000"}


def test_statistics_json_matches_the_api(client, stats_world):
    document = json.loads(client.get("/portal/data/statistics.json").content)
    api = client.get("/api/v1/portal/statistics").json()
    for key in ("period", "district", "streets", "months", "departments", "funding", "evaluation"):
        assert document[key] == api[key], key
    assert document["dataset"] == "statistics" and document["updated"] == "2026-11-25"
    narrowed = json.loads(
        client.get("/portal/data/statistics.json", {"month": "2026-03", "span": "1"}).content
    )
    assert narrowed["period"]["label"] == "2026-03" and narrowed["district"]["notices"] == 1


def test_catalog_download_is_the_current_catalog(client, catalog):
    rows = read_csv(client.get("/portal/data/catalog.csv"))
    assert list(rows[0]) == [
        "code",
        "name",
        "list",
        "kind",
        "department",
        "field",
        "basis",
        "description",
        "valid_from",
        "valid_to",
        "scope",
    ]
    assert len(rows) == current_catalog().count() > 10
    assert sorted(r["code"] for r in rows) == sorted(current_catalog().values_list("code", flat=True))
    document = json.loads(client.get("/portal/data/catalog.json").content)
    assert document["records"] == rows and document["updated"]
    assert document["labels"]["list"]["negative"] == "负面事项"


def test_decisions_download(client, stats_world):
    rows = read_csv(client.get("/portal/data/decisions.csv"))
    assert rows == [
        {
            "number": "示范区准入决〔2026〕901号",
            "year": "2026",
            "seq": "901",
            "outcome": "approved",
            "outcome_label": "准予准入",
            "decided_on": "2026-01-10",
            "title": "准入决定书",
            "matter_code": "ZR-P1",
            "matter_name": "老年人防诈骗宣传",
            "department": "区卫生健康委员会",
            "digest": "a" * 64,
            "url": "/portal/decisions/2026-901/",
            "pdf_url": "/portal/decisions/2026-901/letter.pdf",
        }
    ]
    document = json.loads(client.get("/portal/data/decisions.json").content)
    assert document["records"][0]["number"] == "示范区准入决〔2026〕901号"
    assert document["updated"] == "2026-01-10"


def test_data_page_lists_the_datasets_with_fields_licence_and_dates(client, stats_world):
    html = client.get(reverse("portal:data")).content.decode()
    for url in DOWNLOADS:
        assert f'href="{url}"' in html
    assert "CC BY 4.0" in html
    assert "更新日期：2026-01-10" in html  # the decisions: the latest decision
    assert "更新日期：2026-11-25" in html  # the statistics: today
    assert "submissions_per_community" in html and "适用范围" in html
