"""Hostile import files, through every way in: core.tabular.read_table, the three import services, the
shared web import page, the API upload and the `zhunru import` command. Whatever the bytes: no uncaught
exception, nothing written (row counts and the audit chain unchanged), and a Chinese message."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from zhunru.api.tests.helpers import as_user
from zhunru.areas import services as area_services
from zhunru.areas.importing import COMMUNITY_COLUMNS, DEPARTMENT_COLUMNS
from zhunru.areas.models import Area, Department
from zhunru.catalog import services as catalog_services
from zhunru.catalog.importing import CATALOG_COLUMNS
from zhunru.catalog.models import CatalogVersion, Matter
from zhunru.conftest import PASSWORD
from zhunru.core.models import AuditEvent
from zhunru.core.tabular import FileProblem, ImportReport, read_table, write_xlsx
from zhunru.gateway.loading import NOTICE_COLUMNS
from zhunru.tests.security import nasty_files

HAN = re.compile(r"[\u4e00-\u9fff]")
ALL_COLUMNS = [DEPARTMENT_COLUMNS, COMMUNITY_COLUMNS, CATALOG_COLUMNS, NOTICE_COLUMNS]
CORPUS = nasty_files.corpus()


def counts() -> tuple[int, ...]:
    return (
        Department.objects.count(),
        Area.objects.count(),
        Matter.objects.count(),
        CatalogVersion.objects.count(),
        AuditEvent.objects.count(),
    )


def read(name: str, data: bytes, columns: list) -> tuple[ImportReport, list | None, FileProblem | None]:
    """read_table may return rows or raise FileProblem — and nothing else."""
    report = ImportReport(file=name)
    try:
        return report, read_table(name, data, columns, report), None
    except FileProblem as exc:
        assert HAN.search(exc.zh), exc.zh
        return report, None, exc


# ---------------------------------------------------------------- the reader, with random bytes


@given(
    data=st.binary(max_size=4000), ext=st.sampled_from([".csv", ".xlsx", ".txt", ""]), which=st.integers(0, 3)
)
def test_random_bytes_never_crash_the_reader(data, ext, which):
    read("upload" + ext, data, ALL_COLUMNS[which])


@given(
    cells=st.lists(st.lists(st.text(max_size=30), max_size=8), max_size=12),
    delimiter=st.sampled_from([",", ";", "\t", '"']),
    which=st.integers(0, 3),
)
def test_random_csv_text_never_crashes_the_reader(cells, delimiter, which):
    text = "\n".join(delimiter.join(row) for row in [["code", "name", "id", "text"], *cells])
    report, rows, _problem = read("upload.csv", text.encode("utf-8", "surrogatepass"), ALL_COLUMNS[which])
    for error in report.errors:
        assert HAN.search(error.zh)
    if rows is not None:
        assert all(isinstance(v, str) for _n, row in rows for v in row.values())


VALID_XLSX = nasty_files.valid_xlsx()


@given(
    flips=st.lists(
        st.tuples(st.integers(0, len(VALID_XLSX) - 1), st.integers(1, 255)), min_size=1, max_size=20
    )
)
def test_damaged_workbooks_never_crash_the_reader(flips):
    data = bytearray(VALID_XLSX)
    for position, mask in flips:
        data[position] ^= mask
    read("departments.xlsx", bytes(data), DEPARTMENT_COLUMNS)


@pytest.mark.parametrize("label", sorted(CORPUS))
def test_the_nasty_corpus_is_refused_with_a_chinese_message(label):
    name, data = CORPUS[label]
    report, _rows, problem = read(name, data, DEPARTMENT_COLUMNS)
    if label in (
        "formula injection",
        "bad rows among good ones",
        "unterminated quote",
        "a million commas in a row",
    ):
        return  # readable as a table: the validator refuses the rows (see the service tests)
    assert problem is not None or report.errors, label


def test_encoding_messages_say_what_to_do():
    _r, _rows, gbk = read(*CORPUS["gbk"], DEPARTMENT_COLUMNS)
    assert gbk and "GBK" in gbk.zh and "UTF-8" in gbk.zh
    _r, _rows, utf16 = read(*CORPUS["utf-16 with bom"], DEPARTMENT_COLUMNS)
    assert utf16 and "UTF-16" in utf16.zh
    _r, _rows, bomb = read(*CORPUS["zip bomb"], DEPARTMENT_COLUMNS)
    assert bomb and "压缩炸弹" in bomb.zh


def test_a_bom_is_fine():
    report, rows, problem = read(
        "d.csv", b"\xef\xbb\xbf" + nasty_files.DEPARTMENTS_CSV.encode(), DEPARTMENT_COLUMNS
    )
    assert problem is None and not report.errors and len(rows) == 2


def test_unknown_columns_give_a_bounded_number_of_warnings():
    header = ",".join(["code", "name", "kind"] + [f"x{i}" for i in range(900)])
    report, _rows, problem = read("d.csv", (header + "\n").encode(), DEPARTMENT_COLUMNS)
    assert problem is None and len(report.warnings) <= 21
    assert "另有 880 个未知列被忽略" in report.warnings[-1]


def test_exported_text_that_looks_like_a_formula_stays_text():
    data = write_xlsx(["name"], [['=HYPERLINK("http://evil.example","x")'], ["=1+1"]])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in cells] == [
        ('=HYPERLINK("http://evil.example","x")', "s"),
        ("=1+1", "s"),
    ]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read(next(n for n in archive.namelist() if "worksheets/" in n))


# ---------------------------------------------------------------- the services: nothing written


@pytest.fixture
def importers(district, sysadmin, approval_clerk) -> dict[str, Any]:
    return {
        "departments": lambda name, data: area_services.departments_import(
            actor=sysadmin, name=name, data=data
        ),
        "communities": lambda name, data: area_services.communities_import(
            actor=sysadmin, name=name, data=data
        ),
        "catalog": lambda name, data: catalog_services.catalog_import(
            actor=approval_clerk, name=name, data=data
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("what", ["departments", "communities", "catalog"])
def test_every_importer_refuses_the_corpus_and_writes_nothing(importers, what):
    before = counts()
    for label, (name, data) in CORPUS.items():
        name = name.replace("departments", what)
        report = importers[what](name, data)
        assert not report.ok, f"{what}: {label} was accepted"
        assert HAN.search(report.summary_zh()) and "未写入任何数据" in report.summary_zh()
        assert all(HAN.search(e.zh) for e in report.errors), label
        assert counts() == before, f"{what}: {label} wrote something"


@pytest.mark.django_db
def test_bad_rows_are_named_and_the_good_rows_are_not_written(importers):
    before = counts()
    report = importers["departments"](*CORPUS["bad rows among good ones"])
    assert {e.row for e in report.errors} == {4, 5}
    assert "第 4 行" in report.errors[0].line(report.file)
    assert counts() == before


@pytest.mark.django_db
@given(data=st.binary(max_size=3000), ext=st.sampled_from([".csv", ".xlsx"]))
def test_random_bytes_through_an_import_service_write_nothing(importers, data, ext):
    before = counts()
    report = importers["communities"]("communities" + ext, data)
    assert not report.ok and HAN.search(report.summary_zh())
    assert counts() == before


# ---------------------------------------------------------------- the ways in: CLI, web page, API


@pytest.mark.django_db
def test_the_import_command_exits_2_with_a_chinese_message(district, tmp_path, capsys):
    before = counts()
    for label in ("empty", "gbk", "binary garbage", "zip bomb", "truncated xlsx", "a million columns"):
        name, data = CORPUS[label]
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(SystemExit) as exc:
            call_command("import", "departments", str(path))
        assert exc.value.code == 2, label
        err = capsys.readouterr().err
        assert "未写入任何数据" in err and "Traceback" not in err, label
    with pytest.raises(CommandError) as missing:
        call_command("import", "departments", str(tmp_path / "missing.csv"))
    assert "无法打开文件" in str(missing.value)
    assert counts() == before


@pytest.mark.django_db
def test_a_50_mb_file_through_the_command(district, tmp_path, capsys):
    path = tmp_path / "departments.csv"
    path.write_bytes(nasty_files.huge_csv(50))
    before = counts()
    with pytest.raises(SystemExit) as exc:
        call_command("import", "departments", str(path))
    assert exc.value.code == 2
    assert "过长" in capsys.readouterr().err
    assert counts() == before


@pytest.mark.django_db
def test_the_web_import_page_answers_400_with_the_reason(client, sysadmin):
    client.login(username=sysadmin.username, password=PASSWORD)
    before = counts()
    for label in ("gbk", "zip bomb", "binary garbage as xlsx", "workbook with broken xml", "billion laughs"):
        name, data = CORPUS[label]
        upload = io.BytesIO(data)
        upload.name = name
        response = client.post("/manage/import/", {"what": "departments", "file": upload})
        assert response.status_code == 400, label
        page = response.content.decode()
        assert "未写入任何数据" in page and "Traceback" not in page, label
    assert counts() == before


@pytest.mark.django_db
def test_the_api_import_answers_400_json(approval_clerk):
    api = as_user(approval_clerk)
    before = counts()
    for label in ("utf-16 with bom", "zip bomb", "truncated xlsx", "empty"):
        name, data = CORPUS[label]
        upload = io.BytesIO(data)
        upload.name = name.replace("departments", "catalog")
        response = api.upload("/catalog/import", {"file": upload}, {"dry_run": "false"})
        assert response.status_code == 400, (label, response.content[:300])
        body = response.json()
        assert body["error"] == "validation_failed" and HAN.search(body["report"]["errors"][0]["message"])
    assert counts() == before


@pytest.mark.django_db
def test_the_judge_command_refuses_bad_files_cleanly(tmp_path, capsys):
    bad = tmp_path / "catalog.xlsx"
    bad.write_bytes(CORPUS["zip bomb"][1])
    departments = tmp_path / "departments.csv"
    departments.write_bytes(CORPUS["gbk"][1])
    notices = tmp_path / "notices.csv"
    notices.write_bytes(b"id,text\n1,x\n")
    with pytest.raises((SystemExit, CommandError)) as exc:
        call_command("judge", catalog=str(bad), departments=str(departments), notices=str(notices))
    code = exc.value.code if isinstance(exc.value, SystemExit) else exc.value.returncode
    assert code not in (0, None)
    assert HAN.search(capsys.readouterr().err + str(exc.value))
