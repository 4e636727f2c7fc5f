"""The ID number check (GB 11643: shape, region, birth date, MOD 11-2 check character incl. X), the
mobile phone check and the masks. Error messages never repeat the value."""

from __future__ import annotations

import pytest

from zhunru.certificates.tests.conftest import ID_A, ID_X
from zhunru.certificates.validators import (
    check_digit,
    mask_id_number,
    mask_phone,
    validate_id_number,
    validate_phone,
)
from zhunru.core.errors import ValidationFailed


@pytest.mark.parametrize(
    "number",
    ["11010519491231002X", "440524198001010013", "110101199003078013", ID_A, ID_X, "11010119900307803x"],
)
def test_valid_numbers(number):
    assert validate_id_number(f" {number} ") == number.upper()


def test_the_check_character_is_mod_11_2():
    assert check_digit("11010519491231002") == "X"
    assert check_digit("44052418800101001") == "4"


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("", "请填写"),
        ("11010519491231002", "18 位"),
        ("1101051949123100XX", "18 位"),
        ("110105194912310021", "校验位"),  # should end in X
        ("110101199003078038", "校验位"),
        ("110101199003078X39", "18 位"),
        ("000101199003078039", "地址码"),
        ("110101199002300030", "出生日期不是有效日期"),
        ("110101189912310030", "不合理"),  # born before 1900
        ("110101202703010030", "不合理"),  # born after today
    ],
)
def test_invalid_numbers_name_the_problem_not_the_value(number, fragment):
    with pytest.raises(ValidationFailed) as caught:
        validate_id_number(number)
    assert fragment in str(caught.value.message) and caught.value.field == "id_number"
    if number:
        assert number not in str(caught.value.message)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("13812345678", "13812345678"), ("138-1234-5678", "13812345678"), ("+86 199 1234 5678", "19912345678")],
)
def test_valid_phones(raw, clean):
    assert validate_phone(raw) == clean


@pytest.mark.parametrize("raw", ["", "1381234567", "138123456789", "12812345678", "010-12345678", "abc"])
def test_invalid_phones(raw):
    with pytest.raises(ValidationFailed) as caught:
        validate_phone(raw)
    assert caught.value.field == "phone" and (not raw or raw not in str(caught.value.message))


def test_masks():
    assert mask_id_number("110101199003078039") == "110101********8039"
    assert mask_phone("13812345678") == "138****5678"
