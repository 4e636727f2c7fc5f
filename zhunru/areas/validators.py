"""Code validators: 统计用区划代码 (12 digits), 统一社会信用代码 (GB 32100), 组织机构代码 (GB 11714).

Each returns a list of problems as (中文, English) pairs; empty means valid.
"""

from __future__ import annotations

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, Z, S, V
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

Problem = tuple[str, str]


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    total = sum(ORG_CHARS.index(c) * w for c, w in zip(first8, ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def validate_org_code(code: str) -> list[Problem]:
    """GB 11714 组织机构代码: 8 body characters (digits or capital letters) and a check character."""
    if len(code) != 9:
        return [("组织机构代码应为 9 位", "organization code must have 9 characters")]
    body, check = code[:8], code[8]
    if any(c not in ORG_CHARS for c in body):
        return [("组织机构代码本体只能含数字和大写字母", "organization code body: digits and capitals only")]
    expected = org_code_check_char(body)
    if check != expected:
        return [
            (
                f"组织机构代码校验位错误：应为 {expected}，实为 {check}",
                f"organization code check character should be {expected}, not {check}",
            )
        ]
    return []


def validate_uscc(code: str) -> list[Problem]:
    """GB 32100 统一社会信用代码: 18 characters, its own check character and the inner GB 11714 code."""
    if len(code) != 18:
        return [
            (f"统一社会信用代码应为 18 位，实为 {len(code)} 位", f"must have 18 characters, has {len(code)}")
        ]
    bad = sorted({c for c in code if c not in USCC_CHARS})
    if bad:
        chars = "".join(bad)
        return [
            (
                f"含有不允许的字符：{chars}（不使用 I、O、Z、S、V 及小写字母）",
                f"characters not allowed: {chars} (I, O, Z, S, V and lower case are never used)",
            )
        ]
    if not code[2:8].isdigit():
        return [("第 3–8 位应为行政区划码（数字）", "characters 3–8 must be the 6-digit area code")]
    problems: list[Problem] = []
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        problems.append(
            (
                f"统一社会信用代码校验位错误：应为 {expected}，实为 {code[17]}",
                f"check character should be {expected}, not {code[17]}",
            )
        )
    problems.extend(validate_org_code(code[8:17]))
    return problems


def area_level(code: str) -> str:
    """county, street or community, from where the code's zeros start."""
    if code[6:] == "000000":
        return "county"
    if code[9:] == "000":
        return "street"
    return "community"


def street_kind(code: str) -> str | None:
    """The street part (digits 7–9): 001–099 街道, 100–199 镇, 200–399 乡."""
    part = int(code[6:9])
    if 1 <= part <= 99:
        return "街道"
    if 100 <= part <= 199:
        return "镇"
    if 200 <= part <= 399:
        return "乡"
    return None


def validate_area_code(
    code: str, *, level: str | None = None, parent_code: str | None = None
) -> list[Problem]:
    """12-digit 统计用区划代码; the parent's code must be its prefix (county 6, street 9 digits)."""
    if len(code) != 12 or not (code.isascii() and code.isdigit()):  # not full-width ０-９
        return [("区划代码应为 12 位数字", "area code must be 12 digits")]
    actual = area_level(code)
    problems: list[Problem] = []
    if code[:2] == "00" or code[2:6] == "0000":
        problems.append(("区划代码的省、市、县部分不能为 0", "province/city/county part cannot be zero"))
    if level and actual != level:
        names = {"county": "区县", "street": "街道/乡镇", "community": "社区/村"}
        problems.append(
            (f"该代码是{names[actual]}级，不是{names[level]}级", f"code is a {actual}, not a {level}")
        )
    if actual in ("street", "community") and street_kind(code) is None:
        problems.append(
            (
                f"街道部分 {code[6:9]} 不在 001–399 之内（001–099 街道，100–199 镇，200–399 乡）",
                f"street part {code[6:9]} outside 001–399 (001–099 street, 100–199 town, 200–399 township)",
            )
        )
    if parent_code is not None:
        prefix = {"street": 6, "community": 9}.get(actual, 0)
        if prefix and code[:prefix] != parent_code[:prefix]:
            problems.append(
                (
                    f"代码前 {prefix} 位应与上级 {parent_code} 一致",
                    f"the first {prefix} digits must match the parent {parent_code}",
                )
            )
    return problems
