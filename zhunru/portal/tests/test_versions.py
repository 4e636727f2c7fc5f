"""Catalog versions and the difference between any two: added, changed (with the fields), removed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhunru.access.tests.factories import approved_application, exited_matter
from zhunru.catalog.models import CatalogVersion
from zhunru.catalog.services import catalog_import
from zhunru.demo.loader import data_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(district, catalog):
    """v1 the demo catalog; v2 +A; v3 SF-D01 renamed; v4 −A (exit); v5 +B."""
    a = approved_application(district, matter_name="事项甲").matter
    renamed = data_file("catalog.csv").replace(
        "SF-D01,召集社区居民会议或居民代表会议".encode(), "SF-D01,召集居民会议".encode()
    )
    assert catalog_import(actor=None, name="catalog-2.csv", data=renamed).ok
    exited_matter(district, a)
    b = approved_application(district, matter_name="事项乙").matter
    return {"a": a, "b": b, "versions": list(CatalogVersion.objects.order_by("number"))}


def test_versions_are_listed(client, history):
    html = client.get(reverse("portal:versions")).content.decode()
    for version in history["versions"]:
        assert f"第 {version.number} 版" in html
    assert "导入 catalog-2.csv" in html  # the version's note


def test_diff_shows_added_changed_and_removed(client, history):
    v2, v5 = history["versions"][1], history["versions"][4]
    response = client.get(reverse("portal:versions"), {"a": v2.number, "b": v5.number})
    html = response.content.decode()
    added = html.split('class="portal-list diff-added"', 1)[1].split("</ul>", 1)[0]
    changed = html.split('class="portal-list diff-changed"', 1)[1].split("</ul>", 1)[0]
    removed = html.split('class="portal-list diff-removed"', 1)[1].split("</ul>", 1)[0]
    assert history["b"].code in added and "事项乙" in added
    assert "SF-D01" in changed and "事项名称" in changed
    assert "召集社区居民会议或居民代表会议" in changed and "召集居民会议" in changed
    assert history["a"].code in removed and "事项甲" in removed
    assert "新增 1 项" in html and "变更 1 项" in html and "移出 1 项" in html


def test_diff_order_does_not_matter(client, history):
    v2, v5 = history["versions"][1], history["versions"][4]
    html = client.get(reverse("portal:versions"), {"a": v5.number, "b": v2.number}).content.decode()
    assert f"第 {v2.number} 版与第 {v5.number} 版的差异" in html


def test_identical_versions(client, history):
    v1 = history["versions"][0]
    html = client.get(reverse("portal:versions"), {"a": v1.number, "b": v1.number}).content.decode()
    assert "请选择两个不同的清单版本。" in html


def test_bad_version_numbers(client, history):
    for params in ({"a": "x", "b": "1"}, {"a": "1", "b": "999"}, {"a": "1"}):
        response = client.get(reverse("portal:versions"), params)
        assert response.status_code == 200
        assert "请选择两个清单版本。" in response.content.decode()


def test_form_preselects_the_last_two_versions(client, history):
    html = client.get(reverse("portal:versions")).content.decode()
    last, before = history["versions"][-1], history["versions"][-2]
    assert f'<option value="{before.number}" selected>' in html.split('name="a"', 1)[1].split("</select>")[0]
    assert f'<option value="{last.number}" selected>' in html.split('name="b"', 1)[1].split("</select>")[0]
