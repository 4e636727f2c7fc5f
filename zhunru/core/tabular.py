"""Reading the interchange files of ../shared/formats.md: .csv (UTF-8, with or without BOM) or .xlsx
(first sheet), English or Chinese headers in any order, unknown columns ignored with a warning.

Nothing here writes to the database: importers validate every row into an ImportReport first and
only write when the report has no errors.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

MAX_ROWS = 200_000
SPLIT = re.compile(r"[;；]")


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    required: bool = False


@dataclass
class RowError:
    row: int  # 1-based row in the file (Excel's row number; the header is row 1 unless rows precede it)
    column: str
    zh: str
    en: str

    def line(self, file: str) -> str:
        return (
            f"{file} 第 {self.row} 行 [{self.column}]：{self.zh} | row {self.row} [{self.column}]: {self.en}"
        )


@dataclass
class ImportReport:
    file: str
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row: int, column: str, zh: str, en: str) -> None:
        self.errors.append(RowError(row, column, zh, en))

    def summary_zh(self) -> str:
        if self.errors:
            bad_rows = len({e.row for e in self.errors})
            return f"{self.file}：{bad_rows} 行有误，共 {len(self.errors)} 处问题，未写入任何数据。"
        verb = "将新增" if self.dry_run else "新增"
        return (
            f"{self.file}：共 {self.rows} 行，{verb} {self.created} 条，"
            f"{'将更新' if self.dry_run else '更新'} {self.updated} 条，{self.unchanged} 条无变化。"
        )

    def summary_en(self) -> str:
        if self.errors:
            bad_rows = len({e.row for e in self.errors})
            return f"{self.file}: {bad_rows} bad rows, {len(self.errors)} problems, nothing written."
        mode = " (dry run)" if self.dry_run else ""
        return (
            f"{self.file}: {self.rows} rows, {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged{mode}."
        )


class FileProblem(Exception):
    """The file as a whole cannot be read (wrong type, encoding, no header)."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh, self.en = zh, en
        super().__init__(f"{zh} | {en}")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            f"文件不是 UTF-8 编码（第 {exc.start} 字节），请另存为“CSV UTF-8”",
            f"the file is not UTF-8 (byte {exc.start}); save it as 'CSV UTF-8'",
        ) from None
    if "\x00" in text:
        raise FileProblem("文件含有二进制内容，不是 CSV 文本", "the file contains binary data, not CSV text")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            yield [c.strip() for c in row]
    except csv.Error as exc:
        raise FileProblem(f"CSV 格式错误：{exc}", f"malformed CSV: {exc}") from None


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FileProblem(f"无法读取 Excel 文件：{exc}", f"cannot read the Excel file: {exc}") from None
    try:
        ws = wb.worksheets[0]
        for row in ws.iter_rows(values_only=True):
            yield [_cell(v) for v in row]
    finally:
        wb.close()


def read_table(name: str, data: bytes, columns: list[Column], report: ImportReport) -> list[tuple[int, dict]]:
    """Rows as (row number, {key: text}); header problems go into the report as errors on the
    header's row (row 1 unless blank rows precede it)."""
    lower = name.lower()
    if lower.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        raw = _xlsx_rows(data)
    elif lower.endswith((".csv", ".txt")) or not lower.rsplit(".", 1)[-1:]:
        raw = _csv_rows(data)
    else:
        raise FileProblem("只接受 .csv 或 .xlsx 文件", "only .csv and .xlsx files are accepted")
    numbered = enumerate(raw, start=1)  # row numbers as the user sees them in Excel or an editor
    header: list[str] | None = None
    header_number = 1
    for number, header_row in numbered:
        if any(header_row):
            header, header_number = header_row, number
            break
    if header is None:
        raise FileProblem("文件是空的，没有表头", "the file is empty: no header row")
    by_name = {}
    for col in columns:
        by_name[col.key.lower()] = col.key
        by_name[col.zh] = col.key
    positions: dict[str, int] = {}
    for i, title in enumerate(header):
        key = by_name.get(title.strip().lower()) or by_name.get(title.strip())
        if key is None:
            if title.strip():
                report.warnings.append(f"忽略未知列“{title}” / ignored unknown column '{title}'")
            continue
        if key in positions:
            report.error(header_number, title, f"列“{title}”重复", f"column '{title}' appears twice")
        positions[key] = i
    for col in columns:
        if col.required and col.key not in positions:
            report.error(
                header_number,
                col.key,
                f"缺少必需的列“{col.zh}”（{col.key}）",
                f"missing required column '{col.key}'",
            )
    if report.errors:
        return []
    rows: list[tuple[int, dict]] = []
    for number, values in numbered:
        if not any(values):
            continue
        if len(rows) >= MAX_ROWS:
            raise FileProblem(f"文件超过 {MAX_ROWS} 行", f"the file has more than {MAX_ROWS} rows")
        rows.append((number, {k: (values[i] if i < len(values) else "") for k, i in positions.items()}))
    report.rows = len(rows)
    return rows


def split_values(text: str) -> list[str]:
    return [part.strip() for part in SPLIT.split(text or "") if part.strip()]


def read_path(path: str | Path) -> tuple[str, bytes]:
    p = Path(path)
    try:
        return p.name, p.read_bytes()
    except OSError as exc:
        raise FileProblem(f"无法打开文件 {p}：{exc.strerror}", f"cannot open {p}: {exc.strerror}") from None


def write_xlsx(headers: list[str], rows: list[list[object]], title: str = "Sheet1") -> bytes:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
