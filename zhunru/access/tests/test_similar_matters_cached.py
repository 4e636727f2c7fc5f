"""The application page's similar catalog items: the catalog's character pairs are computed once per state
of the catalog, so a page view only compares sets, and an edited catalog is seen at once."""

from __future__ import annotations

import pytest
from django.db import connection

from zhunru.access import selectors
from zhunru.access.tests.states import create
from zhunru.catalog.models import Matter, MatterList

pytestmark = pytest.mark.django_db


def matter(district, code: str, name: str, description: str = "") -> Matter:
    return Matter.objects.create(
        code=code,
        name=name,
        description=description,
        list=MatterList.ADMITTED,
        kind="task",
        department=district["weijian"],
        status=Matter.Status.PUBLISHED,
    )


@pytest.fixture
def counted_bigrams(monkeypatch):
    calls = []
    real = selectors._bigrams

    def counting(text: str) -> set[str]:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(selectors, "_bigrams", counting)
    return calls


def test_a_view_compares_without_recomputing_the_catalog(
    people, district, counted_bigrams, django_assert_max_num_queries
):
    app = create(people)  # 老年人防诈骗宣传
    matter(district, "SQ-001", "防诈骗宣传", "组织居民参加防诈骗宣传活动")
    Matter.objects.bulk_create(
        Matter(
            code=f"SQ-{n:03d}",
            name=f"第{n}号登记台账",
            list=MatterList.ADMITTED,
            kind="ledger",
            department=district["weijian"],
            status=Matter.Status.PUBLISHED,
        )
        for n in range(100, 300)
    )
    first = selectors.similar_matters(app)
    assert [m.code for m, _score in first] == ["SQ-001"]
    assert len(counted_bigrams) > 200  # the catalog's pairs, once

    counted_bigrams.clear()
    # the fingerprint and the matches, whatever the catalog's size; on PostgreSQL inside a test's transaction
    # two more statements run the pending change-stamp triggers (core.stamps)
    with django_assert_max_num_queries(3 if connection.vendor == "sqlite" else 5):
        again = selectors.similar_matters(app)
    assert again == first
    assert len(counted_bigrams) <= 3  # only the application's own text


def test_an_edited_catalog_is_seen_at_once(people, district):
    app = create(people)
    other = matter(district, "SQ-002", "社区绿化养护")
    assert selectors.similar_matters(app) == []
    other.name = "老年人防诈骗宣传教育"
    other.save()
    assert [m.code for m, _score in selectors.similar_matters(app)] == ["SQ-002"]
    other.status = Matter.Status.EXITED
    other.save()
    assert selectors.similar_matters(app) == []
