"""Reading the files (formats.md): .csv with or without BOM, .xlsx, English or Chinese headers in any
order, unknown columns ignored with a warning, row numbers as the user sees them."""

from __future__ import annotations

import pytest

from zhunru.areas import services
from zhunru.areas.models import Department
from zhunru.areas.tests.helpers import DEPARTMENT_HEADER, counts, csv_bytes, uscc, xlsx_bytes

pytestmark = pytest.mark.django_db

ROWS = [
    [uscc(101), "区测试一局", "测试一局;一局", "department"],
    [uscc(102), "区测试二局", "测试二局；二局", "approval"],
    [uscc(103), "北山街道办事处", "北山街道", "street"],
]


def imported() -> dict[str, tuple]:
    return {d.code: (d.name, d.aliases, d.kind) for d in Department.objects.all()}


EXPECTED = {
    uscc(101): ("区测试一局", ["测试一局", "一局"], "department"),
    uscc(102): ("区测试二局", ["测试二局", "二局"], "approval"),
    uscc(103): ("北山街道办事处", ["北山街道"], "street"),
}


def run(name: str, data: bytes, **kw):
    return services.departments_import(actor=None, name=name, data=data, **kw)


@pytest.mark.parametrize("bom", [False, True], ids=["utf8", "utf8-bom"])
def test_csv_with_and_without_bom(bom):
    report = run("departments.csv", csv_bytes(DEPARTMENT_HEADER, ROWS, bom=bom))
    assert report.ok, report.errors
    assert report.warnings == []
    assert imported() == EXPECTED


def test_xlsx_with_english_headers():
    report = run("departments.xlsx", xlsx_bytes(DEPARTMENT_HEADER, ROWS))
    assert report.ok, report.errors
    assert imported() == EXPECTED


def test_chinese_headers_in_another_order_and_unknown_columns_ignored_with_a_warning():
    header = ["类型", "备注", "部门名称", "简称", "部门编码", "联系电话"]
    rows = [[kind, "随便写", name, aliases, code, "12345"] for code, name, aliases, kind in ROWS]
    report = run("单位.csv", csv_bytes(header, rows))
    assert report.ok, report.errors
    assert imported() == EXPECTED
    assert len(report.warnings) == 2
    assert "备注" in report.warnings[0] and "ignored unknown column" in report.warnings[0]
    assert "联系电话" in report.warnings[1]


def test_xlsx_with_chinese_headers_and_a_mixed_case_english_one():
    header = ["部门名称", "Code", "类型", "Aliases"]
    rows = [[name, code, kind, aliases] for code, name, aliases, kind in ROWS]
    report = run("单位.xlsx", xlsx_bytes(header, rows))
    assert report.ok, report.errors
    assert imported() == EXPECTED


def test_chinese_kind_labels_are_accepted():
    rows = [
        [code, name, aliases, label]
        for (code, name, aliases, _), label in zip(
            ROWS, ["职能部门", "准入审批机构", "街道办事处"], strict=True
        )
    ]
    report = run("departments.csv", csv_bytes(DEPARTMENT_HEADER, rows))
    assert report.ok, report.errors
    assert imported() == EXPECTED


def test_missing_required_column_writes_nothing():
    before = counts()
    report = run("departments.csv", csv_bytes(["code", "name", "aliases"], [r[:3] for r in ROWS]))
    assert not report.ok
    assert [(e.row, e.column) for e in report.errors] == [(1, "kind")]
    assert "缺少必需的列“类型”" in report.errors[0].zh
    assert "missing required column 'kind'" in report.errors[0].en
    assert counts() == before


def test_same_column_twice_is_an_error():
    report = run("departments.csv", csv_bytes(["code", "name", "部门名称", "kind"], [["x", "a", "b", "c"]]))
    assert not report.ok
    assert report.errors[0].row == 1
    assert "appears twice" in report.errors[0].en
    assert Department.objects.count() == 0


def test_file_that_is_not_utf8_is_refused_with_advice():
    data = f"code,name,aliases,kind\n{uscc(101)},区测试一局,,department\n".encode("gbk")
    report = run("departments.csv", data)
    assert not report.ok
    assert "UTF-8" in report.errors[0].zh and "CSV UTF-8" in report.errors[0].en
    assert Department.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "en"),
    [
        ("departments.xls", b"\xd0\xcf\x11\xe0 old excel", "only .csv and .xlsx"),
        ("departments.xlsx", b"not really a zip", "cannot read the Excel file"),
        ("departments.csv", b"", "empty"),
        ("departments.csv", b"\n\n,,\n", "empty"),
    ],
)
def test_unreadable_files_are_refused(name, data, en):
    report = run(name, data)
    assert not report.ok
    assert en in report.errors[0].en
    assert Department.objects.count() == 0


def test_blank_lines_are_skipped_and_rows_numbered_as_in_the_file():
    text = f"code,name,aliases,kind\n{uscc(101)},区测试一局,,department\n\n{uscc(102)},区测试二局,,nonsense\n"
    report = run("departments.csv", text.encode())
    assert [(e.row, e.column) for e in report.errors] == [(4, "kind")]


def test_xlsx_rows_are_numbered_as_excel_shows_them_when_the_header_is_not_on_row_1():
    """A sheet with a title block above the table: the bad row is Excel's row 5, not row 3."""
    rows = [ROWS[0], [uscc(102), "区测试二局", "", "nonsense"]]
    data = xlsx_bytes(DEPARTMENT_HEADER, rows, skip_rows=2)  # header on row 3
    report = run("departments.xlsx", data)
    assert [(e.row, e.column) for e in report.errors] == [(5, "kind")]


def test_numbers_typed_into_excel_cells_are_read_as_text():
    rows = [[uscc(101), "区测试一局", 12345, "department"]]
    report = run("departments.xlsx", xlsx_bytes(DEPARTMENT_HEADER, rows))
    assert report.ok, report.errors
    assert Department.objects.get().aliases == ["12345"]
