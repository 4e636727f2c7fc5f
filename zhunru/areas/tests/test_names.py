"""What people write ("区人武部", "卫健委", a credit code) resolves to exactly one department, or None."""

from __future__ import annotations

import pytest

from zhunru.areas.models import Department
from zhunru.areas.names import NameIndex, core_name, normalize
from zhunru.areas.selectors import resolve_department
from zhunru.areas.tests.helpers import uscc

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # exact names
        ("区卫生健康委员会", "区卫生健康委员会"),
        ("东湖街道办事处", "东湖街道办事处"),
        ("区纪委监委", "区纪委监委"),
        # aliases from the departments file
        ("卫健委", "区卫生健康委员会"),
        ("区卫健委", "区卫生健康委员会"),
        ("人武部", "区人民武装部"),
        ("准入办", "区社区工作准入联席会议办公室"),
        ("区文明办", "区委宣传部"),
        ("派出所", "区公安分局"),
        # close variants nobody listed
        ("区人武部", "区人民武装部"),
        ("东湖街道", "东湖街道办事处"),
        ("西岭街道", "西岭街道办事处"),
        ("南塘镇政府", "南塘镇人民政府"),
        ("区卫生健康委", "区卫生健康委员会"),
        ("区市场监督局", "区市场监督管理局"),
        ("区人社局", "区人力资源和社会保障局"),
        # spacing, brackets and full-width characters as pasted from messages
        (" 区 卫健委 ", "区卫生健康委员会"),
        ("（区卫健委）", "区卫生健康委员会"),
    ],
)
def test_names_aliases_and_variants_resolve(district, text, name):
    department = resolve_department(text)
    assert department is not None, text
    assert department.name == name


def test_credit_code_resolves_in_any_case(district):
    weijian = district["weijian"]
    assert resolve_department(weijian.code) == weijian
    assert resolve_department(weijian.code.lower()) == weijian


@pytest.mark.parametrize(
    "text",
    [
        "区财政局",  # a department the district does not have
        "区交通运输局",
        "不存在的部门",
        "区",
        "",
        "   ",
        "11990101000010006C",  # a mistyped credit code is not "close enough"
    ],
)
def test_unknown_names_return_none(district, text):
    assert resolve_department(text) is None


def test_nothing_resolves_without_departments():
    assert resolve_department("卫健委") is None


def test_ambiguous_alias_returns_none(district):
    Department.objects.create(
        code=uscc(7001), name="区卫生监督所", kind=Department.Kind.DEPARTMENT, aliases=["卫健委"]
    )
    assert resolve_department("卫健委") is None
    # the full names still resolve
    assert resolve_department("区卫生健康委员会") == district["weijian"]
    assert resolve_department("区卫生监督所").name == "区卫生监督所"


def test_exact_name_beats_a_close_variant_of_another():
    index = NameIndex.build(
        [
            ("a", "区民政局", [], uscc(1)),
            ("b", "区民政局办公室", [], uscc(2)),
        ]
    )
    assert index.resolve("区民政局") == "a"
    assert index.resolve("区民政局办公室") == "b"


def test_index_works_without_a_database():
    index = NameIndex.build(
        [
            (1, "区人民武装部", ["武装部"], uscc(10)),
            (2, "区卫生健康委员会", ["卫健委"], uscc(11)),
            (3, "东湖街道办事处", ["东湖街道办"], uscc(12)),
        ]
    )
    assert index.resolve("区人武部") == 1
    assert index.resolve("卫健委") == 2
    assert index.resolve("东湖街道") == 3
    assert index.resolve(uscc(11)) == 2
    assert index.resolve("区消防救援大队") is None
    assert index.resolve(None) is None  # type: ignore[arg-type]


def test_normalize_and_core_name():
    assert normalize(" ＡＢＣ（区）卫健委 ") == "ABC区卫健委"
    assert core_name("东湖街道办事处") == "东湖街道"
    assert core_name("南塘镇人民政府") == "南塘镇"
    assert core_name("区人民武装部") == "人民武装部"
