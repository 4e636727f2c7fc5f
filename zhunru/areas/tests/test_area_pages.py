"""The /areas/ and /departments/ lists: login required, search, filters and pagination (25 a page)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from zhunru.areas.models import Area, Department
from zhunru.areas.tests.helpers import uscc

AREA_CODE = re.compile(r'<td class="mono">(?:<a href="[^"]*">)?(\d{12})')
DEPT_CODE = re.compile(r'<td class="mono">([0-9A-Z]{18})</td>')


def area_codes(response) -> list[str]:
    assert response.status_code == 200
    return AREA_CODE.findall(response.content.decode())


def dept_codes(response) -> list[str]:
    assert response.status_code == 200
    return DEPT_CODE.findall(response.content.decode())


@pytest.fixture
def user_client(client, outsider):
    client.force_login(outsider)
    return client


@pytest.fixture
def many_communities(district):
    """30 more communities under 东湖街道: 42 areas in all, 34 of them about 东湖."""
    street = Area.objects.get(code="990101001000")
    Area.objects.bulk_create(
        Area(code=f"990101001{n:03d}", name=f"湖区{n}号社区", level=Area.Level.COMMUNITY, parent=street)
        for n in range(100, 130)
    )
    return street


@pytest.mark.parametrize("url", ["/areas/", "/departments/"])
def test_lists_need_a_login(client, district, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_area_list_shows_every_level_in_code_order(user_client):
    codes = area_codes(user_client.get("/areas/"))
    assert codes[0] == "990101000000"
    assert codes == sorted(codes)
    assert len(codes) == 12  # 1 county, 3 streets, 8 communities
    assert "共 12 条" in user_client.get("/areas/").content.decode()


def test_area_search_by_name_includes_the_street_and_its_communities(user_client):
    codes = area_codes(user_client.get("/areas/", {"q": "东湖"}))
    assert codes == ["990101001000", "990101001001", "990101001002", "990101001003"]


def test_area_search_by_code_prefix(user_client):
    codes = area_codes(user_client.get("/areas/", {"q": "990101002"}))
    assert codes == ["990101002000", "990101002001", "990101002002", "990101002003"]


def test_area_search_without_match_says_so(user_client):
    response = user_client.get("/areas/", {"q": "不存在的社区"})
    assert area_codes(response) == []
    assert "没有符合条件的区划" in response.content.decode()


def test_area_level_filter(user_client):
    codes = area_codes(user_client.get("/areas/", {"level": "street"}))
    assert codes == ["990101001000", "990101002000", "990101101000"]
    # an unknown level is ignored rather than emptying the list
    assert len(area_codes(user_client.get("/areas/", {"level": "planet"}))) == 12


def test_area_pagination(user_client, many_communities):
    first = area_codes(user_client.get("/areas/"))
    second = area_codes(user_client.get("/areas/", {"page": 2}))
    assert len(first) == 25
    assert len(second) == 42 - 25
    assert not set(first) & set(second)
    assert first + second == sorted(first + second)
    assert second[-1] == "990101101002"
    body = user_client.get("/areas/").content.decode()
    assert "第 1 / 2 页，共 42 条" in body
    assert 'href="?page=2"' in body


def test_area_search_is_paginated_and_keeps_the_query(user_client, many_communities):
    response = user_client.get("/areas/", {"q": "东湖"})
    body = response.content.decode()
    assert len(area_codes(response)) == 25
    assert "第 1 / 2 页，共 34 条" in body
    assert 'href="?q=%E4%B8%9C%E6%B9%96&page=2"' in body
    second = area_codes(user_client.get("/areas/", {"q": "东湖", "page": 2}))
    assert len(second) == 9
    assert all(code.startswith("990101001") for code in second)


def test_page_out_of_range_shows_the_last_page(user_client, many_communities):
    assert area_codes(user_client.get("/areas/", {"page": 99})) == area_codes(
        user_client.get("/areas/", {"page": 2})
    )
    assert area_codes(user_client.get("/areas/", {"page": "x"})) == area_codes(user_client.get("/areas/"))


# ---------------------------------------------------------------- departments


def test_department_search_by_name(user_client, district):
    codes = dept_codes(user_client.get("/departments/", {"q": "民政"}))
    assert district["minzheng"].code in codes
    assert district["weijian"].code not in codes


def test_department_search_by_alias(user_client, district):
    """The page promises 名称、简称或代码; before the fix a Chinese alias never matched on SQLite."""
    assert dept_codes(user_client.get("/departments/", {"q": "卫健委"})) == [district["weijian"].code]
    assert dept_codes(user_client.get("/departments/", {"q": "准入办"})) == [district["office"].code]


def test_department_search_does_not_match_json_escapes(user_client, district):
    # 卫 is stored as \u536b in SQLite's JSON text; searching the escape must not find it.
    assert dept_codes(user_client.get("/departments/", {"q": "u536b"})) == []


def test_department_search_by_code(user_client, district):
    code = district["donghu"].code
    assert dept_codes(user_client.get("/departments/", {"q": code[-6:]})) == [code]


def test_department_kind_filter(user_client, district):
    codes = dept_codes(user_client.get("/departments/", {"kind": "street"}))
    names = set(Department.objects.filter(code__in=codes).values_list("name", flat=True))
    assert names == {"东湖街道办事处", "西岭街道办事处", "南塘镇人民政府"}


def test_department_pagination(user_client, district):
    Department.objects.bulk_create(
        Department(code=uscc(600 + n), name=f"区测试{n:02d}局", kind=Department.Kind.DEPARTMENT)
        for n in range(10)
    )
    first = dept_codes(user_client.get("/departments/"))
    second = dept_codes(user_client.get("/departments/", {"page": 2}))
    assert (len(first), len(second)) == (25, 38 - 25)
    assert not set(first) & set(second)
    assert "第 2 / 2 页，共 38 条" in user_client.get("/departments/", {"page": 2}).content.decode()
    # search narrows and paginates together
    response = user_client.get("/departments/", {"q": "测试"})
    assert len(dept_codes(response)) == 10
    assert "共 10 条" in response.content.decode()
