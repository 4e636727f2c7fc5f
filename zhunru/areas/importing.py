"""Validation of departments and communities files (formats.md). Pure checks, no writes: the
services in areas.services call these and write only when the report is clean."""

from __future__ import annotations

from dataclasses import dataclass

from zhunru.areas.models import Area, Department
from zhunru.areas.names import NameIndex
from zhunru.areas.validators import street_kind, validate_area_code, validate_uscc
from zhunru.core.tabular import Column, ImportReport, split_values

DEPARTMENT_COLUMNS = [
    Column("code", "部门编码", required=True),
    Column("name", "部门名称", required=True),
    Column("aliases", "简称"),
    Column("kind", "类型", required=True),
]
COMMUNITY_COLUMNS = [
    Column("code", "区划代码", required=True),
    Column("name", "社区名称", required=True),
    Column("street", "所属街道", required=True),
    Column("households", "户数"),
    Column("population", "人口"),
]
KIND_ALIASES = {
    "department": "department",
    "职能部门": "department",
    "street": "street",
    "街道办事处": "street",
    "街道": "street",
    "乡镇": "street",
    "approval": "approval",
    "准入审批机构": "approval",
    "supervision": "supervision",
    "纪检监察": "supervision",
}


@dataclass
class DepartmentRow:
    code: str
    name: str
    aliases: list[str]
    kind: str


@dataclass
class CommunityRow:
    code: str
    name: str
    street: Department
    households: int
    population: int


def _required(report: ImportReport, number: int, row: dict, key: str, zh: str) -> str:
    value = row.get(key, "").strip()
    if not value:
        report.error(number, key, f"“{zh}”不能为空", f"'{key}' is empty")
    return value


def validate_departments(rows: list[tuple[int, dict]], report: ImportReport) -> list[DepartmentRow]:
    good: list[DepartmentRow] = []
    seen_codes: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    existing_names = dict(Department.objects.values_list("name", "code"))
    for number, row in rows:
        before = len(report.errors)
        code = _required(report, number, row, "code", "部门编码").upper()
        name = _required(report, number, row, "name", "部门名称")
        kind_raw = _required(report, number, row, "kind", "类型")
        if code:
            for zh, en in validate_uscc(code):
                report.error(number, "code", zh, en)
            if code in seen_codes:
                report.error(
                    number,
                    "code",
                    f"编码与第 {seen_codes[code]} 行重复",
                    f"same code as row {seen_codes[code]}",
                )
            seen_codes.setdefault(code, number)
        if name:
            if len(name) > 100:
                report.error(number, "name", "名称超过 100 个字符", "name longer than 100 characters")
            if name in seen_names:
                report.error(
                    number,
                    "name",
                    f"名称与第 {seen_names[name]} 行重复",
                    f"same name as row {seen_names[name]}",
                )
            seen_names.setdefault(name, number)
            other = existing_names.get(name)
            if other and code and other != code:
                report.error(
                    number,
                    "name",
                    f"名称已被编码 {other} 的单位使用",
                    f"name already used by department {other}",
                )
        kind = KIND_ALIASES.get(kind_raw.strip().lower()) or KIND_ALIASES.get(kind_raw.strip())
        if kind_raw and kind is None:
            report.error(
                number,
                "kind",
                f"类型“{kind_raw}”无效，应为 department、street、approval 或 supervision",
                f"kind '{kind_raw}' must be department, street, approval or supervision",
            )
        if len(report.errors) == before:
            aliases = [a for a in split_values(row.get("aliases", "")) if a != name]
            good.append(DepartmentRow(code, name, list(dict.fromkeys(aliases)), kind or ""))
    return good


def _int(report: ImportReport, number: int, row: dict, key: str, zh: str) -> int:
    raw = row.get(key, "").strip().replace(",", "")
    if not raw:
        return 0
    try:
        value = int(raw)
    except ValueError:
        report.error(number, key, f"“{zh}”应为整数，实为“{raw}”", f"'{key}' must be an integer, got '{raw}'")
        return 0
    if value < 0:
        report.error(number, key, f"“{zh}”不能为负数", f"'{key}' cannot be negative")
    return value


def validate_communities(rows: list[tuple[int, dict]], report: ImportReport) -> list[CommunityRow]:
    streets = list(Department.objects.filter(kind=Department.Kind.STREET).select_related("area"))
    index = NameIndex.build((d.pk, d.name, d.aliases, d.code) for d in streets)
    by_pk = {d.pk: d for d in streets}
    other_levels = dict(Area.objects.exclude(level=Area.Level.COMMUNITY).values_list("code", "level"))
    # One street office ↔ one 9-digit prefix: known from the office's area, else set by the first
    # row of the file that names the office (office pk → (prefix, that row or None)).
    office_prefix: dict[int, tuple[str, int | None]] = {
        d.pk: (d.area.code[:9], None) for d in streets if d.area
    }
    prefix_office: dict[str, Department] = {d.area.code[:9]: d for d in streets if d.area}
    good: list[CommunityRow] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        before = len(report.errors)
        code = _required(report, number, row, "code", "区划代码")
        name = _required(report, number, row, "name", "社区名称")
        street_text = _required(report, number, row, "street", "所属街道")
        households = _int(report, number, row, "households", "户数")
        population = _int(report, number, row, "population", "人口")
        street: Department | None = None
        if code:
            for zh, en in validate_area_code(code, level="community"):
                report.error(number, "code", zh, en)
            if code in seen:
                report.error(
                    number, "code", f"区划代码与第 {seen[code]} 行重复", f"same code as row {seen[code]}"
                )
            seen.setdefault(code, number)
            if code in other_levels:
                report.error(
                    number, "code", "该代码已被街道或区县使用", "code already used by a street or county"
                )
        if len(name) > 100:
            report.error(number, "name", "名称超过 100 个字符", "name longer than 100 characters")
        if street_text:
            key = index.resolve(street_text)
            street = by_pk.get(key) if key is not None else None
            if street is None:
                report.error(
                    number,
                    "street",
                    f"找不到街道办事处“{street_text}”，请先导入单位",
                    f"no street office named '{street_text}'; import departments first",
                )
            elif code and len(code) == 12 and code.isdigit():
                prefix = code[:9]
                expected, first_row = office_prefix.get(street.pk, (None, None))
                owner = prefix_office.get(prefix)
                if expected is not None and expected != prefix and first_row is None:
                    street_code = street.area.code if street.area else ""
                    report.error(
                        number,
                        "code",
                        f"代码前 9 位应与所属街道 {street.name}（{street_code}）一致",
                        f"the first 9 digits must match the street {street_code}",
                    )
                elif expected is not None and expected != prefix:
                    report.error(
                        number,
                        "code",
                        f"代码前 9 位应与第 {first_row} 行（同属{street.name}）一致：{expected}",
                        f"the first 9 digits must be {expected}, as in row {first_row} (same street)",
                    )
                elif owner is not None and owner.pk != street.pk:
                    report.error(
                        number,
                        "code",
                        f"代码前 9 位 {prefix} 属于{owner.name}，不属于{street.name}",
                        f"the first 9 digits {prefix} belong to another street office ({owner.code})",
                    )
                else:
                    office_prefix.setdefault(street.pk, (prefix, number))
                    prefix_office.setdefault(prefix, street)
                kind = street_kind(code)
                if kind and kind in "镇乡" and kind not in street.name:
                    report.warnings.append(
                        f"第 {number} 行：代码表示{kind}，但所属单位“{street.name}”名称中没有“{kind}”"
                    )
        if len(report.errors) == before and street is not None:
            good.append(CommunityRow(code, name, street, households, population))
    return good
