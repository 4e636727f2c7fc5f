"""Validation of catalog files (formats.md, catalog.csv). Pure checks; catalog.services writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from zhunru.areas.models import Area, Department
from zhunru.areas.names import NameIndex
from zhunru.catalog.models import MatterKind, MatterList
from zhunru.core.tabular import Column, ImportReport, split_values

CATALOG_COLUMNS = [
    Column("code", "事项编码", required=True),
    Column("name", "事项名称", required=True),
    Column("list", "清单类别", required=True),
    Column("kind", "事项类型", required=True),
    Column("department", "责任部门"),
    Column("field", "服务领域"),
    Column("basis", "依据"),
    Column("description", "事项描述"),
    Column("valid_from", "生效日期"),
    Column("valid_to", "失效日期"),
    Column("scope", "适用范围"),
]
ALL_SCOPE = {"", "全部", "all", "ALL", "全部社区"}


def _choices(enum: type) -> dict[str, str]:
    table: dict[str, str] = {}
    for value, label in enum.choices:  # type: ignore[attr-defined]
        table[value] = value
        table[str(label)] = value
    return table


LISTS = _choices(MatterList) | {
    "依法履职": "duty",
    "依法协助": "assist",
    "准入": "admitted",
    "负面清单": "negative",
}
KINDS = _choices(MatterKind) | {
    "考核评比/创建达标": "assessment",
    "出具证明": "certificate",
    "信息系统": "system",
}


@dataclass
class MatterRow:
    code: str
    name: str
    list: str
    kind: str
    department: Department | None
    field: str
    basis: str
    description: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    scope: list[Area] = field(default_factory=list)  # empty = all communities


def _date(report: ImportReport, number: int, row: dict, key: str, zh: str) -> dt.date | None:
    raw = row.get(key, "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        report.error(
            number,
            key,
            f"“{zh}”应为 YYYY-MM-DD 格式，实为“{raw}”",
            f"'{key}' must be YYYY-MM-DD, got '{raw}'",
        )
        return None


def validate_catalog(rows: list[tuple[int, dict]], report: ImportReport) -> list[MatterRow]:
    departments = {d.pk: d for d in Department.objects.all()}
    index = NameIndex.build((d.pk, d.name, d.aliases, d.code) for d in departments.values())
    areas = {a.code: a for a in Area.objects.filter(level__in=[Area.Level.COMMUNITY, Area.Level.STREET])}
    good: list[MatterRow] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        before = len(report.errors)
        code = row.get("code", "").strip()
        name = row.get("name", "").strip()
        if not code:
            report.error(number, "code", "“事项编码”不能为空", "'code' is empty")
        elif len(code) > 40:
            report.error(number, "code", "事项编码超过 40 个字符", "code longer than 40 characters")
        elif code in seen:
            report.error(
                number, "code", f"事项编码与第 {seen[code]} 行重复", f"same code as row {seen[code]}"
            )
        seen.setdefault(code, number)
        if not name:
            report.error(number, "name", "“事项名称”不能为空", "'name' is empty")
        elif len(name) > 200:
            report.error(number, "name", "事项名称超过 200 个字符", "name longer than 200 characters")
        list_raw, kind_raw = row.get("list", "").strip(), row.get("kind", "").strip()
        list_value, kind_value = (
            LISTS.get(list_raw.lower(), LISTS.get(list_raw)),
            KINDS.get(kind_raw.lower(), KINDS.get(kind_raw)),
        )
        if list_value is None:
            report.error(
                number,
                "list",
                f"清单类别“{list_raw}”无效，应为 duty、assist、admitted 或 negative",
                f"list '{list_raw}' must be duty, assist, admitted or negative",
            )
        if kind_value is None:
            report.error(
                number,
                "kind",
                f"事项类型“{kind_raw}”无效，应为 {'、'.join(MatterKind.values)} 之一",
                f"kind '{kind_raw}' must be one of {', '.join(MatterKind.values)}",
            )
        department = None
        dept_raw = row.get("department", "").strip()
        if dept_raw:
            key = index.resolve(dept_raw)
            department = departments.get(key) if key is not None else None
            if department is None:
                report.error(
                    number, "department", f"找不到责任部门“{dept_raw}”", f"unknown department '{dept_raw}'"
                )
        elif list_value == MatterList.ADMITTED:
            report.warnings.append(
                f"第 {number} 行：准入事项 {code} 没有填写责任部门 / admitted item without department"
            )
        valid_from = _date(report, number, row, "valid_from", "生效日期")
        valid_to = _date(report, number, row, "valid_to", "失效日期")
        if valid_from and valid_to and valid_to < valid_from:
            report.error(number, "valid_to", "失效日期早于生效日期", "valid_to is before valid_from")
        scope: list[Area] = []
        scope_raw = row.get("scope", "").strip()
        if scope_raw not in ALL_SCOPE:
            for part in split_values(scope_raw):
                area = areas.get(part)
                if area is None:
                    report.error(
                        number,
                        "scope",
                        f"适用范围中的区划代码 {part} 不存在",
                        f"unknown community code {part}",
                    )
                else:
                    scope.append(area)
        if len(report.errors) == before and list_value and kind_value:
            good.append(
                MatterRow(
                    code=code,
                    name=name,
                    list=list_value,
                    kind=kind_value,
                    department=department,
                    field=row.get("field", "").strip()[:40],
                    basis=row.get("basis", "").strip(),
                    description=row.get("description", "").strip(),
                    valid_from=valid_from,
                    valid_to=valid_to,
                    scope=scope,
                )
            )
    return good
