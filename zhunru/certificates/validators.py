"""Checks and masks of the personal data in the register. Error messages never repeat the value."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from zhunru.core import clock
from zhunru.core.errors import ValidationFailed

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
# GB/T 2260 province-level codes (the first two digits of an ID number)
PROVINCES = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    }
)
EARLIEST_BIRTH = dt.date(1900, 1, 1)
ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
PHONE_SHAPE = re.compile(r"^1[3-9]\d{9}$")
SEPARATORS = re.compile(r"[\s\-]")


def check_digit(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits (ISO 7064 MOD 11-2)."""
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def normalize_id_number(raw: object) -> str:
    return SEPARATORS.sub("", str(raw or "")).upper()


def id_number_birth_date(number: str) -> dt.date | None:
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def validate_id_number(raw: object, *, field: str = "id_number") -> str:
    """The normalized 18-character 公民身份号码 (GB 11643-1999), or ValidationFailed naming the problem."""
    number = normalize_id_number(raw)
    if not number:
        raise ValidationFailed(_("请填写身份证号。"), field=field)
    if not ID_SHAPE.match(number):
        raise ValidationFailed(_("身份证号应为 18 位：前 17 位是数字，最后一位是数字或 X。"), field=field)
    if number[:2] not in PROVINCES:
        raise ValidationFailed(_("身份证号的地址码无效。"), field=field)
    born = id_number_birth_date(number)
    if born is None:
        raise ValidationFailed(_("身份证号中的出生日期不是有效日期。"), field=field)
    if born < EARLIEST_BIRTH or born > clock.today():
        raise ValidationFailed(_("身份证号中的出生日期不合理。"), field=field)
    if check_digit(number[:17]) != number[17]:
        raise ValidationFailed(_("身份证号校验位不正确，请核对。"), field=field)
    return number


def validate_phone(raw: object, *, field: str = "phone") -> str:
    """An 11-digit mainland mobile number (1[3-9]…), separators removed."""
    phone = SEPARATORS.sub("", str(raw or ""))
    if phone.startswith("+86"):
        phone = phone[3:]
    if not phone:
        raise ValidationFailed(_("请填写联系电话。"), field=field)
    if not PHONE_SHAPE.match(phone):
        raise ValidationFailed(_("联系电话应为 11 位手机号码（以 13–19 开头）。"), field=field)
    return phone


def mask_id_number(number: str) -> str:
    """110101********1234: the region and the last four, never the birth date."""
    return number[:6] + "*" * 8 + number[-4:] if len(number) == 18 else "*" * len(number)


def mask_phone(phone: str) -> str:
    """138****5678."""
    return phone[:3] + "****" + phone[-4:] if len(phone) == 11 else "*" * len(phone)
