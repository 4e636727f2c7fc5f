"""Importing communities.csv: 12-digit codes under the right street, counts ≥ 0, all or nothing."""

from __future__ import annotations

import pytest

from zhunru.areas import services
from zhunru.areas.models import Area, Department
from zhunru.areas.tests.helpers import COMMUNITY_HEADER, counts, csv_bytes, snapshot, uscc, xlsx_bytes
from zhunru.core.models import AuditEvent
from zhunru.demo import loader

pytestmark = pytest.mark.django_db


def run(rows, *, header=COMMUNITY_HEADER, dry_run=False, name="communities.csv", actor=None):
    return services.communities_import(actor=actor, name=name, data=csv_bytes(header, rows), dry_run=dry_run)


def problems(report) -> list[tuple[int, str]]:
    return [(e.row, e.column) for e in report.errors]


@pytest.fixture
def offices(db):
    """Departments only: the street offices exist but no area does yet."""
    services.departments_import(actor=None, name="departments.csv", data=loader.data_file("departments.csv"))
    return {d.name: d for d in Department.objects.filter(kind=Department.Kind.STREET)}


def test_demo_communities_create_county_streets_and_communities(offices):
    report = services.communities_import(
        actor=None, name="communities.csv", data=loader.data_file("communities.csv")
    )
    assert report.ok, report.errors
    assert (report.rows, report.created) == (8, 8)
    county = Area.objects.get(level=Area.Level.COUNTY)
    assert county.code == "990101000000"
    streets = {a.code: a for a in Area.objects.filter(level=Area.Level.STREET)}
    assert set(streets) == {"990101001000", "990101002000", "990101101000"}
    assert all(s.parent == county for s in streets.values())
    assert streets["990101001000"].name == "东湖街道"
    assert streets["990101101000"].name == "南塘镇"
    huayuan = Area.objects.get(code="990101001002")
    assert (huayuan.name, huayuan.level, huayuan.parent.code) == ("花园路社区", "community", "990101001000")
    assert (huayuan.households, huayuan.population) == (1930, 5110)
    # each street office now knows its area
    assert Department.objects.get(pk=offices["东湖街道办事处"].pk).area.code == "990101001000"
    event = AuditEvent.objects.filter(event_type="communities.import").get()
    assert event.summary["created"] == 8


def test_reimporting_the_same_file_changes_nothing(district):
    before = snapshot()
    report = services.communities_import(
        actor=None, name="communities.csv", data=loader.data_file("communities.csv")
    )
    assert report.ok
    assert (report.created, report.updated, report.unchanged) == (0, 0, 8)
    assert snapshot() == before


def test_changed_counts_update_the_community_in_place(district):
    audit_before = AuditEvent.objects.count()
    report = run([["990101001001", "东湖社区", "东湖街道", "2,900", "7500"]])
    assert report.ok, report.errors
    assert (report.created, report.updated) == (0, 1)
    donghu = Area.objects.get(code="990101001001")
    assert (donghu.households, donghu.population) == (2900, 7500)
    assert donghu.pk == district["donghu_community"].pk
    assert AuditEvent.objects.count() == audit_before + 1
    assert AuditEvent.objects.order_by("-seq").first().event_type == "communities.import"


def test_street_may_be_named_by_alias_or_code(district):
    rows = [
        ["990101001004", "湖滨社区", "东湖街道办", "10", "20"],
        ["990101002004", "岭南社区", district["xiling"].code, "", ""],
    ]
    report = run(rows)
    assert report.ok, report.errors
    assert Area.objects.get(code="990101001004").parent.code == "990101001000"
    lingnan = Area.objects.get(code="990101002004")
    assert lingnan.parent.code == "990101002000"
    assert (lingnan.households, lingnan.population) == (0, 0)  # empty counts are 0


def test_xlsx_with_chinese_headers_and_numeric_cells(district):
    header = ["人口", "社区名称", "区划代码", "所属街道", "户数"]
    rows = [[1234, "湖滨社区", 990101001004, "东湖街道办事处", 456.0]]
    report = services.communities_import(actor=None, name="社区.xlsx", data=xlsx_bytes(header, rows))
    assert report.ok, report.errors
    area = Area.objects.get(code="990101001004")
    assert (area.households, area.population) == (456, 1234)


@pytest.mark.parametrize(
    ("households", "population", "column", "en"),
    [
        ("-1", "10", "households", "'households' cannot be negative"),
        ("10", "-5", "population", "'population' cannot be negative"),
        ("12.5", "10", "households", "'households' must be an integer, got '12.5'"),
        ("10", "约3000", "population", "'population' must be an integer, got '约3000'"),
    ],
)
def test_households_and_population_are_integers_not_below_zero(district, households, population, column, en):
    before = snapshot()
    report = run([["990101001004", "湖滨社区", "东湖街道", households, population]])
    assert [(e.row, e.column, e.en) for e in report.errors] == [(2, column, en)]
    assert snapshot() == before


def test_zero_households_is_fine(district):
    assert run([["990101001004", "新建社区", "东湖街道", "0", "0"]]).ok


@pytest.mark.parametrize(
    ("code", "en"),
    [
        ("99010100100", "area code must be 12 digits"),
        ("99010100100X", "area code must be 12 digits"),
        ("990101001000", "code is a street, not a community"),
        ("990101400001", "street part 400 outside 001–399"),
        ("990101002009", "the first 9 digits must match the street 990101001000"),
    ],
)
def test_bad_community_codes(district, code, en):
    before = snapshot()
    report = run([[code, "湖滨社区", "东湖街道", "1", "1"]])
    assert not report.ok
    assert en in " / ".join(e.en for e in report.errors)
    assert snapshot() == before


def test_unknown_street_and_non_street_department_are_refused(district):
    report = run(
        [
            ["990101001004", "湖滨社区", "北山街道", "1", "1"],
            ["990101001005", "卫生社区", "区卫生健康委员会", "1", "1"],  # not a street office
        ]
    )
    assert problems(report) == [(2, "street"), (3, "street")]
    assert "请先导入单位" in report.errors[0].zh
    assert Area.objects.filter(code__in=["990101001004", "990101001005"]).count() == 0


def test_code_twice_in_the_file(district):
    rows = [
        ["990101001004", "甲社区", "东湖街道", "1", "1"],
        ["990101001004", "乙社区", "东湖街道", "1", "1"],
    ]
    report = run(rows)
    assert [(e.row, e.en) for e in report.errors] == [(3, "same code as row 2")]


def test_three_bad_rows_write_nothing_and_each_is_reported(offices):
    rows = [
        ["990101001001", "东湖社区", "东湖街道", "2860", "7420"],  # 2
        ["990101001002", "花园路社区", "东湖街道", "-3", "5110"],  # 3
        ["990101002001", "西岭社区", "西岭街道", "2240", "6030"],  # 4
        ["99010100200", "翠竹园社区", "西岭街道", "1580", "4150"],  # 5
        ["990101101001", "南塘社区", "北塘镇政府呀", "1370", "3890"],  # 6
    ]
    before = counts()
    report = run(rows)
    assert problems(report) == [(3, "households"), (5, "code"), (6, "street")]
    assert counts() == before
    assert Area.objects.count() == 0
    assert Department.objects.filter(area__isnull=False).count() == 0


def test_dry_run_writes_nothing(offices):
    before = snapshot()
    report = services.communities_import(
        actor=None, name="communities.csv", data=loader.data_file("communities.csv"), dry_run=True
    )
    assert report.ok
    assert report.created == 8
    assert snapshot() == before


def test_town_code_under_an_office_without_town_in_its_name_warns(district):
    Department.objects.create(code=uscc(301), name="北山街道办事处", kind=Department.Kind.STREET)
    report = run([["990101105001", "北山社区", "北山街道办事处", "1", "1"]])
    assert report.ok
    assert len(report.warnings) == 1
    assert "代码表示镇" in report.warnings[0]


# Two street offices that do not have an area yet; each must get its own 9-digit prefix.


@pytest.fixture
def new_offices(district):
    return {
        "beishan": Department.objects.create(code=uscc(311), name="北山街道办事处", kind="street"),
        "nanshan": Department.objects.create(code=uscc(312), name="南山街道办事处", kind="street"),
    }


def test_new_streets_get_their_own_areas(new_offices):
    rows = [
        ["990101009001", "甲社区", "北山街道", "1", "1"],
        ["990101010001", "乙社区", "南山街道", "1", "1"],
        ["990101009002", "丙社区", "北山街道", "1", "1"],
    ]
    report = run(rows)
    assert report.ok, report.errors
    beishan = Department.objects.get(pk=new_offices["beishan"].pk)
    nanshan = Department.objects.get(pk=new_offices["nanshan"].pk)
    assert (beishan.area.code, beishan.area.name) == ("990101009000", "北山街道")
    assert (nanshan.area.code, nanshan.area.name) == ("990101010000", "南山街道")
    assert Area.objects.get(code="990101010001").parent == nanshan.area


def test_two_offices_cannot_share_one_street_prefix(new_offices):
    """Before the fix 乙社区 was silently filed under 北山街道 although the file says 南山街道."""
    before = snapshot()
    rows = [
        ["990101009001", "甲社区", "北山街道", "1", "1"],
        ["990101009002", "乙社区", "南山街道", "1", "1"],
    ]
    report = run(rows)
    assert problems(report) == [(3, "code")]
    assert "990101009" in report.errors[0].zh
    assert snapshot() == before


def test_one_office_cannot_take_two_street_prefixes(new_offices):
    """Before the fix 丙社区 (990101008…) was filed under street 990101009000."""
    before = snapshot()
    rows = [
        ["990101009001", "甲社区", "北山街道", "1", "1"],
        ["990101008001", "丙社区", "北山街道", "1", "1"],
    ]
    report = run(rows)
    assert problems(report) == [(3, "code")]
    assert "row 2" in report.errors[0].en
    assert snapshot() == before


def test_new_office_cannot_take_the_prefix_of_an_existing_street(new_offices):
    before = snapshot()
    report = run([["990101001009", "甲社区", "北山街道", "1", "1"]])
    assert problems(report) == [(2, "code")]
    assert "东湖街道办事处" in report.errors[0].zh
    assert snapshot() == before
