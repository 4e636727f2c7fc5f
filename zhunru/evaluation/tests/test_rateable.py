"""Which departments a community rates in a year: those with a demand registered by it that year, and
those with an admitted matter in force for it during the year (scope: all, the community, its street)."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.areas.models import Area, Department
from zhunru.catalog.models import Matter, MatterKind, MatterList
from zhunru.evaluation.selectors import rateable_departments, rateable_map

pytestmark = pytest.mark.django_db


def names(community: Area, year: int) -> list[str]:
    return sorted(d.name for d in rateable_departments(community, year))


def matter(code: str, department: Department, **kw) -> Matter:
    values = {"list": MatterList.ADMITTED, "status": Matter.Status.PUBLISHED, "kind": MatterKind.TASK}
    values.update(kw)
    return Matter.objects.create(code=code, name=code, department=department, **values)


def test_demands_of_the_year_count(district, make_notice):
    donghu = district["donghu_community"]
    make_notice(donghu, district["weijian"], dt.date(2025, 12, 31))
    make_notice(donghu, district["minzheng"], dt.date(2024, 12, 31))  # another year
    make_notice(district["huayuan_community"], district["xiling"], dt.date(2025, 3, 1))  # another community
    make_notice(donghu, district["donghu"], dt.date(2025, 1, 1))  # a street office sends work too
    make_notice(donghu, district["supervision"], dt.date(2025, 6, 1))  # not a department that sends work
    make_notice(donghu, None, dt.date(2025, 6, 1))  # source unknown
    assert names(donghu, 2025) == ["东湖街道办事处", "区卫生健康委员会"]
    assert names(donghu, 2024) == ["区民政局"]


def test_admitted_matters_in_force_during_the_year(district):
    donghu, xiling = district["donghu_community"], district["xiling_community"]
    matter("A1", district["minzheng"], valid_from=dt.date(2025, 6, 1))  # all communities, from mid-2025
    matter("A2", district["weijian"], valid_to=dt.date(2024, 12, 31))  # expired before 2025
    matter("A3", Department.objects.get(name="区统计局"), valid_from=dt.date(2026, 1, 1))  # starts later
    street_only = matter("A4", Department.objects.get(name="区公安分局"), scope_all=False)
    street_only.scope_areas.add(donghu.parent)  # 东湖街道: its communities
    one = matter("A5", Department.objects.get(name="区司法局"), scope_all=False)
    one.scope_areas.add(xiling)
    matter("A6", Department.objects.get(name="区教育局"), status=Matter.Status.DRAFT)
    matter(
        "A7",
        Department.objects.get(name="区税务局"),
        status=Matter.Status.EXITED,
        exited_on=dt.date(2025, 3, 1),
    )
    matter(
        "A8",
        Department.objects.get(name="区城市管理局"),
        status=Matter.Status.EXITED,
        exited_on=dt.date(2024, 3, 1),
    )
    matter("N1", Department.objects.get(name="区应急管理局"), list=MatterList.NEGATIVE)
    assert names(donghu, 2025) == ["区公安分局", "区民政局", "区税务局"]
    assert names(xiling, 2025) == ["区司法局", "区民政局", "区税务局"]
    assert names(donghu, 2024) == ["区公安分局", "区卫生健康委员会", "区城市管理局", "区税务局"]


def test_the_map_of_all_communities_agrees(district, make_notice):
    matter("A1", district["minzheng"])
    make_notice(district["donghu_community"], district["weijian"])
    full = rateable_map(2025)
    assert len(full) == Area.objects.filter(level=Area.Level.COMMUNITY).count() == 8
    assert full[district["donghu_community"].pk] == {district["minzheng"].pk, district["weijian"].pk}
    assert full[district["xiling_community"].pk] == {district["minzheng"].pk}
