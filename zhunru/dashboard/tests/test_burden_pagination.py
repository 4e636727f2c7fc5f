"""A city has thousands of communities: the burden page lists them a page at a time, by code, while the
Excel export keeps every row."""

from __future__ import annotations

import pytest

from zhunru.dashboard import tables
from zhunru.dashboard.tests.test_exports import sheet

pytestmark = pytest.mark.django_db


def shown(response) -> list[str]:
    block = next(b for b in response.context["built"].blocks if b.table.key == "burden")
    return [row[0] for row in block.page]


def test_the_page_shows_a_page_of_communities_and_the_export_all(client, world, supervisor, monkeypatch):
    client.force_login(supervisor)
    everyone = sheet(client.get("/dashboard/burden/burden.xlsx", {"month": "2026-11"}))[1:-1]
    assert len(everyone) >= 3
    monkeypatch.setattr(tables, "BURDEN_PER_PAGE", 2)

    first = client.get("/dashboard/burden/", {"month": "2026-11"})
    html = first.content.decode()
    section = html[html.index('data-testid="table-burden"') :]
    section = section[: section.index("</section>")]
    assert shown(first) == [r[0] for r in everyone[:2]]
    assert section.count("<tr>") == 1 + 2 + 1  # the header, two communities and the total
    assert 'data-testid="pager-burden"' in section and "?month=2026-11&page=2" in section
    second = client.get("/dashboard/burden/", {"month": "2026-11", "page": "2"})
    assert shown(second) == [r[0] for r in everyone[2:4]]
    # the export link and the tabs do not carry the page
    assert 'href="/dashboard/burden/burden.xlsx?month=2026-11"' in second.content.decode()

    # the export has every community, in the page's order (by code), and the total
    again = sheet(client.get("/dashboard/burden/burden.xlsx", {"month": "2026-11", "page": "2"}))
    assert again[1:-1] == everyone and again[-1][0] == "合计"


def test_rows_are_sorted_by_code(client, world, supervisor):
    client.force_login(supervisor)
    response = client.get("/dashboard/burden/", {"month": "2026-11"})
    from zhunru.areas.models import Area

    names = shown(response)
    codes = [Area.objects.get(name=n, level=Area.Level.COMMUNITY).code for n in names]
    assert codes == sorted(codes) and len(names) <= tables.BURDEN_PER_PAGE
