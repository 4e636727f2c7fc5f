"""统一社会信用代码 (GB 32100 with the inner GB 11714 组织机构代码) and 12-digit 统计用区划代码."""

from __future__ import annotations

import csv
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhunru.areas.tests.helpers import USCC_ALPHABET, ref_org_check, ref_uscc_check
from zhunru.areas.validators import (
    area_level,
    street_kind,
    uscc_check_char,
    validate_area_code,
    validate_org_code,
    validate_uscc,
)


def demo_department_codes() -> list[str]:
    text = resources.files("zhunru.demo").joinpath("data", "departments.csv").read_text("utf-8-sig")
    return [row["code"] for row in csv.DictReader(text.splitlines())]


def english(problems: list[tuple[str, str]]) -> str:
    return " / ".join(en for _zh, en in problems)


# ---------------------------------------------------------------- 统一社会信用代码: good codes


@pytest.mark.parametrize("code", demo_department_codes())
def test_every_demo_department_code_is_valid(code):
    assert validate_uscc(code) == []


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # the worked example of GB 32100
        "91110108551385082Q",
        "91440300708461136T",
    ],
)
def test_published_credit_codes_are_valid(code):
    assert validate_uscc(code) == []


def test_demo_codes_satisfy_the_standard_formula():
    """Cross-check of the fixture data itself: Σ value × weight + check ≡ 0 (mod 31)."""
    codes = demo_department_codes()
    assert len(codes) >= 20
    for code in codes:
        assert ref_uscc_check(code[:17]) == code[17]
        assert ref_org_check(code[8:16]) == code[16]


# ---------------------------------------------------------------- 统一社会信用代码: bad codes


def test_wrong_check_character_is_rejected_and_the_right_one_named():
    good = "91350100M000100Y43"
    bad = good[:17] + "4"
    problems = validate_uscc(bad)
    assert len(problems) == 1
    zh, en = problems[0]
    assert "校验位" in zh and "应为 3" in zh
    assert "should be 3, not 4" in en


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_letters_the_standard_leaves_out_are_rejected(letter):
    code = "91350100M000100Y4" + letter
    problems = validate_uscc(code)
    assert problems, f"{code} must not validate"
    assert letter in problems[0][0]
    assert "not allowed" in problems[0][1]


def test_forbidden_letter_inside_the_body_is_rejected():
    # M → O in the organization code part
    assert validate_uscc("91350100O000100Y43")


def test_lower_case_is_rejected():
    assert validate_uscc("91350100m000100y43")


@pytest.mark.parametrize("code", ["", "91350100M000100Y4", "91350100M000100Y433", "9135 0100M000100Y43"])
def test_wrong_length_is_rejected_with_the_actual_length(code):
    problems = validate_uscc(code)
    assert len(problems) == 1
    assert f"has {len(code)}" in problems[0][1]
    assert f"实为 {len(code)} 位" in problems[0][0]


def test_non_digit_area_part_is_rejected():
    body = "91A50100M000100Y4"
    code = body + ref_uscc_check(body)  # its own check character is right
    problems = validate_uscc(code)
    assert problems
    assert "area code" in english(problems)


def test_bad_inner_organization_code_check_is_rejected_even_with_a_right_outer_check():
    # Organization code M000100Y4 → M000100Y5, outer check character recomputed so only the inner
    # GB 11714 check is wrong.
    body = "91350100M000100Y5"
    code = body + ref_uscc_check(body)
    problems = validate_uscc(code)
    assert len(problems) == 1
    assert "organization code check character should be 4, not 5" in problems[0][1]
    assert "组织机构代码校验位错误" in problems[0][0]


def test_wrong_outer_and_inner_check_are_both_reported():
    problems = validate_uscc("91350100M000100Y53")
    text = english(problems)
    assert "organization code check character" in text
    assert "check character should be" in text
    assert len(problems) == 2


# ---------------------------------------------------------------- 组织机构代码 (GB 11714)


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("D2143569X", True),  # the worked example of GB 11714 (check value 10 → X)
        ("M000100Y4", True),
        ("000000000", True),  # Σ = 0 → 11 → 0
        ("000000190", True),  # Σ = 22 → 11 → 0
        ("000000060", False),  # should be X
        ("D21435691", False),
        ("D2143569", False),  # 8 characters
        ("d2143569X", False),  # lower case
        ("D2143-69X", False),
    ],
)
def test_organization_code(code, ok):
    assert (validate_org_code(code) == []) is ok


# ---------------------------------------------------------------- properties

area6 = st.text(alphabet="0123456789", min_size=6, max_size=6)
prefix2 = st.text(alphabet=USCC_ALPHABET, min_size=2, max_size=2)
org8 = st.text(alphabet=USCC_ALPHABET, min_size=8, max_size=8)


@st.composite
def credit_code_bodies(draw) -> str:
    """17 characters whose organization-code part is itself valid (GB 32100 requires it)."""
    org = draw(org8)
    return draw(prefix2) + draw(area6) + org + ref_org_check(org)


@given(body=credit_code_bodies())
def test_any_body_with_the_computed_check_character_validates(body):
    assert validate_uscc(body + ref_uscc_check(body)) == []


@given(body=credit_code_bodies(), data=st.data())
def test_any_other_check_character_fails(body, data):
    right = ref_uscc_check(body)
    wrong = data.draw(st.sampled_from([c for c in USCC_ALPHABET if c != right]))
    problems = validate_uscc(body + wrong)
    assert problems
    assert f"should be {right}, not {wrong}" in english(problems)


@given(first17=st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17))
def test_check_character_makes_the_weighted_sum_divisible_by_31(first17):
    """The defining property of GB 32100: Σ value(cᵢ) × wᵢ + value(c₁₈) ≡ 0 (mod 31)."""
    code = first17 + uscc_check_char(first17)
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28, 1)
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(code, weights, strict=True))
    assert total % 31 == 0


@given(org=st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=8, max_size=8))
def test_organization_code_with_computed_check_validates_and_others_fail(org):
    right = ref_org_check(org)
    assert validate_org_code(org + right) == []
    for wrong in "0123456789X":
        if wrong != right:
            assert validate_org_code(org + wrong), f"{org}{wrong} must fail"


# ---------------------------------------------------------------- 12-digit area codes


@pytest.mark.parametrize(
    ("code", "level"),
    [("990101000000", "county"), ("990101001000", "street"), ("990101001001", "community")],
)
def test_level_is_read_from_the_code(code, level):
    assert area_level(code) == level
    assert validate_area_code(code, level=level) == []


@pytest.mark.parametrize(
    "code",
    ["99010100100", "9901010010011", "99010100100A", "990101 01001", "", "９９０１０１００１００１"],
)
def test_area_code_must_be_twelve_ascii_digits(code):
    problems = validate_area_code(code)
    assert problems == [("区划代码应为 12 位数字", "area code must be 12 digits")]


def test_wrong_level_is_named():
    problems = validate_area_code("990101001000", level="community")
    assert problems == [("该代码是街道/乡镇级，不是社区/村级", "code is a street, not a community")]


def test_province_or_city_and_county_part_cannot_be_zero():
    assert validate_area_code("000000001001")
    assert validate_area_code("990000001001")


@pytest.mark.parametrize(
    ("part", "kind"),
    [
        ("001", "街道"),
        ("099", "街道"),
        ("100", "镇"),
        ("199", "镇"),
        ("200", "乡"),
        ("399", "乡"),
        ("400", None),
        ("999", None),
    ],
)
def test_street_part_ranges(part, kind):
    code = f"990101{part}001"
    assert street_kind(code) == kind
    problems = validate_area_code(code, level="community")
    assert (problems == []) is (kind is not None)
    if kind is None:
        assert f"street part {part} outside 001–399" in english(problems)


def test_street_part_000_is_not_a_community():
    assert validate_area_code("990101000001", level="community")


def test_street_code_must_start_with_its_county_first_six_digits():
    assert validate_area_code("990101001000", parent_code="990101000000") == []
    problems = validate_area_code("990101001000", parent_code="990102000000")
    assert english(problems) == "the first 6 digits must match the parent 990102000000"


def test_community_code_must_start_with_its_street_first_nine_digits():
    assert validate_area_code("990101001007", parent_code="990101001000") == []
    problems = validate_area_code("990101001007", parent_code="990101002000")
    assert english(problems) == "the first 9 digits must match the parent 990101002000"
