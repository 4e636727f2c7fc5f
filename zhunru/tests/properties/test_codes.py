"""Properties of the code validators, checked against an independent reading of the standards.

GB 32100 统一社会信用代码: 18 characters from a 31-character alphabet (no I O Z S V); characters 3–8 are
the area code, 9–17 a GB 11714 organization code (its own check character), 18 the check character
chosen so that Σ value(cᵢ)·3^(i-1) mod 31 (+ check) ≡ 0. Because 31 is prime and every weight is a
unit mod 31, any single substitution and any swap of two different neighbours must be detected.

统计用区划代码: 12 ASCII digits, province 2 + city 2 + county 2 + street 3 + community 3.
"""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from zhunru.areas.validators import area_level, validate_area_code, validate_org_code, validate_uscc

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# the weights of GB 32100 are 3^(i-1) mod 31 — derived here, not copied from the code under test
WEIGHTS = [pow(3, i, 31) for i in range(17)]


def gb32100_check(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[-total % 31]


def gb11714_check(body: str) -> str:
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    value = 11 - sum(ORG_ALPHABET.index(c) * w for c, w in zip(body, weights, strict=True)) % 11
    return {10: "X", 11: "0"}.get(value, str(value))


@st.composite
def valid_uscc(draw: st.DrawFn) -> str:
    registry = draw(st.sampled_from("123456789ANY"))  # 登记管理部门
    category = draw(st.sampled_from("123459"))  # 机构类别
    area = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    org_body = draw(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=8, max_size=8))
    org = org_body + gb11714_check(org_body)
    assume(all(c in ALPHABET for c in org))  # the GB 11714 check character may be X: in ALPHABET
    first17 = registry + category + area + org
    return first17 + gb32100_check(first17)


@given(code=valid_uscc())
def test_every_code_with_the_computed_check_character_is_accepted(code):
    assert validate_uscc(code) == []


@given(code=valid_uscc(), data=st.data())
def test_changing_any_one_character_is_rejected(code, data):
    position = data.draw(st.integers(0, 17), label="position")
    replacement = data.draw(
        st.characters(codec="utf-8").filter(lambda c: c != code[position]), label="replacement"
    )
    mutated = code[:position] + replacement + code[position + 1 :]
    problems = validate_uscc(mutated)
    assert problems, f"{mutated} (from {code}) must be rejected"
    assert all(zh and any("\u4e00" <= ch <= "\u9fff" for ch in zh) for zh, _en in problems)


@given(code=valid_uscc(), position=st.integers(0, 16))
def test_swapping_two_different_neighbours_is_rejected(code, position):
    a, b = code[position], code[position + 1]
    assume(a != b)
    swapped = code[:position] + b + a + code[position + 2 :]
    assert validate_uscc(swapped)


@given(code=valid_uscc(), cut=st.integers(0, 17), extra=st.text(alphabet=ALPHABET, min_size=1, max_size=3))
def test_wrong_lengths_are_rejected_with_the_length_in_the_message(code, cut, extra):
    for wrong in (code[:cut], code + extra):
        problems = validate_uscc(wrong)
        assert problems and f"{len(wrong)} 位" in problems[0][0]


@given(code=valid_uscc())
def test_lower_case_is_never_accepted(code):
    assume(any(c.isalpha() for c in code))
    assert validate_uscc(code.lower())


@given(body=st.text(alphabet=ORG_ALPHABET, min_size=8, max_size=8), data=st.data())
def test_organization_codes_accept_only_their_check_character(body, data):
    right = gb11714_check(body)
    assert validate_org_code(body + right) == []
    wrong = data.draw(st.sampled_from([c for c in "0123456789X" if c != right]))
    assert validate_org_code(body + wrong)


# ---------------------------------------------------------------- 12-digit area codes

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@st.composite
def community_codes(draw: st.DrawFn) -> str:
    province = draw(st.integers(11, 99))
    city = draw(st.integers(0, 99))
    county = draw(st.integers(1, 99))
    street = draw(st.integers(1, 399))
    community = draw(st.integers(1, 999))
    return f"{province:02d}{city:02d}{county:02d}{street:03d}{community:03d}"


@given(code=community_codes())
def test_valid_community_codes_are_accepted_at_every_level_with_their_parents(code):
    street, county = code[:9] + "000", code[:6] + "000000"
    assert area_level(code) == "community"
    assert validate_area_code(code, level="community", parent_code=street) == []
    assert validate_area_code(street, level="street", parent_code=county) == []
    assert validate_area_code(county, level="county") == []


@given(code=community_codes(), position=st.integers(0, 8), data=st.data())
def test_a_changed_digit_in_the_parents_part_breaks_the_link_to_the_parent(code, position, data):
    street = code[:9] + "000"
    new = data.draw(st.sampled_from([d for d in "0123456789" if d != code[position]]))
    mutated = code[:position] + new + code[position + 1 :]
    assert validate_area_code(mutated, level="community", parent_code=street)


@given(text=st.text(max_size=20))
def test_anything_but_twelve_ascii_digits_is_rejected(text):
    assume(not (len(text) == 12 and text.isascii() and text.isdigit()))
    problems = validate_area_code(text)
    assert problems == [("区划代码应为 12 位数字", "area code must be 12 digits")]


@given(code=community_codes())
def test_full_width_digits_are_rejected(code):
    full_width = "".join(chr(ord(c) - ord("0") + ord("０")) for c in code)
    assert validate_area_code(full_width)
