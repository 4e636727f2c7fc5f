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
MAX_COLUMNS = 1_000  # a header or an .xlsx row wider than this is not an interchange file
MAX_XLSX_INFLATED = 400_000_000  # bytes, all parts of an .xlsx together once decompressed
MAX_XLSX_RATIO = 200  # decompressed / compressed; real workbooks stay well under 50
MAX_WARNINGS = 20
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
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise FileProblem(
            "文件是 UTF-16（Unicode）编码，请另存为“CSV UTF-8（逗号分隔）”",
            "the file is UTF-16 (Unicode text); save it as 'CSV UTF-8 (comma delimited)'",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint_zh, hint_en = "", ""
        try:
            data.decode("gb18030")
            hint_zh, hint_en = "，看起来是 GBK/GB18030 编码", ", it looks like GBK/GB18030"
        except UnicodeDecodeError:
            pass
        raise FileProblem(
            f"文件不是 UTF-8 编码（第 {exc.start} 字节）{hint_zh}，请另存为“CSV UTF-8”",
            f"the file is not UTF-8 (byte {exc.start}){hint_en}; save it as 'CSV UTF-8'",
        ) from None
    if "\x00" in text:
        raise FileProblem("文件含有二进制内容，不是 CSV 文本", "the file contains binary data, not CSV text")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            yield [c.strip() for c in row]
    except csv.Error as exc:
        problem = "单元格内容过长（超过 131072 个字符）" if "field limit" in str(exc) else "格式不正确"
        raise FileProblem(
            f"CSV 第 {reader.line_num} 行{problem}：{exc}", f"malformed CSV at line {reader.line_num}: {exc}"
        ) from None


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    import openpyxl

    _check_archive(data)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged workbook fails in many ways (zip, XML, openpyxl's own checks)
        raise FileProblem(
            f"无法读取 Excel 文件，文件可能已损坏或不是 .xlsx 格式（{_brief(exc)}）",
            f"cannot read the Excel file: damaged or not .xlsx ({_brief(exc)})",
        ) from None
    try:
        if not wb.worksheets:
            raise FileProblem("Excel 文件中没有工作表", "the Excel file has no worksheet")
        rows = wb.worksheets[0].iter_rows(values_only=True)
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # damage inside the sheet shows only while reading it
                raise FileProblem(
                    f"Excel 工作表内容已损坏，无法读取（{_brief(exc)}）",
                    f"the worksheet is damaged ({_brief(exc)})",
                ) from None
            if len(row) > MAX_COLUMNS:
                raise FileProblem(
                    f"表格超过 {MAX_COLUMNS} 列", f"the sheet has more than {MAX_COLUMNS} columns"
                )
            yield [_cell(v) for v in row]
    finally:
        wb.close()


def _brief(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]


def _check_archive(data: bytes) -> None:
    """Refuse zip bombs before openpyxl inflates anything: the sizes an .xlsx declares for its parts
    (Python's zipfile never inflates past a declared size) must stay within MAX_XLSX_INFLATED in all
    and, past 50 MB, within MAX_XLSX_RATIO times the file's size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
            parts = len(archive.infolist())
    except Exception as exc:
        raise FileProblem(
            f"无法读取 Excel 文件，文件可能已损坏或不是 .xlsx 格式（{_brief(exc)}）",
            f"cannot read the Excel file: damaged or not .xlsx ({_brief(exc)})",
        ) from None
    suspicious = inflated > 50_000_000 and inflated > MAX_XLSX_RATIO * len(data)
    if inflated > MAX_XLSX_INFLATED or suspicious or parts > 10_000:
        raise FileProblem(
            f"Excel 文件解压后过大（{inflated // 1_000_000} MB），疑似压缩炸弹，已拒绝",
            f"the Excel file inflates to {inflated // 1_000_000} MB: refused as a possible zip bomb",
        )


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
    if len(header) > MAX_COLUMNS:
        raise FileProblem(
            f"表头有 {len(header)} 列，超过 {MAX_COLUMNS} 列，不是导入文件",
            f"the header has {len(header)} columns, more than {MAX_COLUMNS}: not an import file",
        )
    positions: dict[str, int] = {}
    unknown = 0
    for i, title in enumerate(header):
        key = by_name.get(title.strip().lower()) or by_name.get(title.strip())
        if key is None:
            if title.strip():
                unknown += 1
                if unknown <= MAX_WARNINGS:
                    shown = title[:50]
                    report.warnings.append(f"忽略未知列“{shown}” / ignored unknown column '{shown}'")
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
    if unknown > MAX_WARNINGS:
        report.warnings.append(
            f"另有 {unknown - MAX_WARNINGS} 个未知列被忽略 / "
            f"{unknown - MAX_WARNINGS} more unknown columns ignored"
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


def _text_cell(ws: object, value: object) -> object:
    """Text is written as text: openpyxl would store a string starting with "=" as a formula, so a
    matter name like "=HYPERLINK(...)" typed by a user would run in the reader's Excel."""
    if isinstance(value, str) and value.startswith("="):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=value)  # type: ignore[arg-type]
        cell.data_type = "s"
        return cell
    return value


def write_xlsx(headers: list[str], rows: list[list[object]], title: str = "Sheet1") -> bytes:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    ws.append([_text_cell(ws, h) for h in headers])
    for row in rows:
        ws.append([_text_cell(ws, v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
