"""The current catalog: by list and kind, searchable, paginated; each matter's page; drafts are 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhunru.catalog.models import Matter, MatterKind, MatterList
from zhunru.catalog.selectors import search_catalog

pytestmark = pytest.mark.django_db


def names(response) -> str:
    return response.content.decode()


def test_filter_by_list(client, catalog):
    html = names(client.get(reverse("portal:catalog"), {"list": "duty"}))
    assert "召集社区居民会议或居民代表会议" in html  # SF-D01, duty
    for matter in Matter.objects.exclude(list=MatterList.DUTY)[:5]:
        assert f"/portal/matters/{matter.code}/" not in html


def test_filter_by_kind(client, catalog):
    html = names(client.get(reverse("portal:catalog"), {"kind": "certificate", "list": "negative"}))
    certificates = Matter.objects.filter(kind=MatterKind.CERTIFICATE)
    assert certificates.exists()
    assert f"/portal/matters/{certificates.first().code}/" in html
    assert "/portal/matters/SF-D01/" not in html


def test_search_text(client, catalog):
    html = names(client.get(reverse("portal:catalog"), {"q": "调解"}))
    assert "/portal/matters/SF-D03/" in html
    assert "/portal/matters/SF-D01/" not in html
    empty = names(client.get(reverse("portal:catalog"), {"q": "没有这样的事项"}))
    assert "没有符合条件的事项。" in empty


def test_invalid_filters_are_ignored(client, catalog):
    response = client.get(reverse("portal:catalog"), {"list": "bogus", "kind": "<x>"})
    assert response.status_code == 200
    assert f"共 {search_catalog().count()} 条" in response.content.decode()


def test_pagination(client, catalog):
    total = search_catalog().count()  # published and not expired
    assert total > 20
    first = names(client.get(reverse("portal:catalog")))
    assert f"共 {total} 条" in first
    assert "page=2" in first
    second = names(client.get(reverse("portal:catalog"), {"page": 2}))
    assert "page=1" in second
    filtered = names(client.get(reverse("portal:catalog"), {"list": "negative", "page": 2}))
    assert "list=negative&page=1" in filtered


def test_matter_page(client, catalog):
    html = names(client.get(reverse("portal:matter", args=["SF-D03"])))
    assert "调解民间纠纷" in html and "《人民调解法》" in html and "依法履职事项" in html


def test_admitted_matter_page_links_its_letter(client, decision):
    html = names(client.get(reverse("portal:matter", args=[decision.matter.code])))
    assert decision.content["matter_name"] in html
    assert reverse("portal:decision", args=[decision.year, decision.seq]) in html
    assert decision.number in html
    assert "没有已决定的退出申请。" in html


def test_draft_matter_is_404(client, catalog, approval_clerk):
    Matter.objects.create(code="DRAFT-1", name="草稿事项", list=MatterList.ADMITTED, kind=MatterKind.TASK)
    assert client.get(reverse("portal:matter", args=["DRAFT-1"])).status_code == 404
    assert "DRAFT-1" not in names(client.get(reverse("portal:catalog"), {"q": "草稿"}))
    client.force_login(approval_clerk)  # even the office sees drafts elsewhere, not in the public portal
    assert client.get(reverse("portal:matter", args=["DRAFT-1"])).status_code == 404


def test_unknown_matter_is_404(client, catalog):
    assert client.get(reverse("portal:matter", args=["NO-SUCH"])).status_code == 404
