"""`zhunru import departments|communities FILE [--dry-run]`: every bad row printed in both languages,
exit status 2 and nothing written; a clean file imported once, re-imports change nothing."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhunru.areas.models import Area, Department
from zhunru.areas.tests.helpers import (
    COMMUNITY_HEADER,
    DEPARTMENT_HEADER,
    counts,
    csv_bytes,
    snapshot,
    uscc,
    write,
    xlsx_bytes,
)
from zhunru.core.models import AuditEvent
from zhunru.demo import loader

pytestmark = pytest.mark.django_db

LINE = re.compile(
    r"^(?P<file>\S+) 第 (?P<row>\d+) 行 \[(?P<col>\w+)\]：(?P<zh>.+)"
    r" \| row (?P=row) \[(?P=col)\]: (?P<en>.+)$"
)


def zhunru_import(*args: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of `zhunru import …` run in-process."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def reported_rows(stderr: str) -> list[tuple[int, str, str, str]]:
    rows = []
    for line in stderr.splitlines():
        match = LINE.match(line)
        if match:
            rows.append((int(match["row"]), match["col"], match["zh"], match["en"]))
    return rows


def departments_file(tmp_path: Path, name: str = "departments.csv") -> Path:
    return write(tmp_path, name, loader.data_file("departments.csv"))


def test_clean_departments_file_is_imported_and_summarised_in_both_languages(db, tmp_path):
    status, out, err = zhunru_import("departments", str(departments_file(tmp_path)))
    assert status == 0
    assert err == ""
    assert "departments.csv：共 28 行，新增 28 条" in out
    assert "departments.csv: 28 rows, 28 created, 0 updated, 0 unchanged." in out
    assert Department.objects.count() == 28
    event = AuditEvent.objects.get()
    assert event.event_type == "departments.import"
    assert event.ip == "cli"


def test_reimport_changes_nothing_and_is_not_audited(district, tmp_path):
    before = snapshot()
    status, out, _ = zhunru_import("departments", str(departments_file(tmp_path)))
    assert status == 0
    assert "0 created, 0 updated, 28 unchanged" in out
    status, out, _ = zhunru_import(
        "communities", str(write(tmp_path, "communities.csv", loader.data_file("communities.csv")))
    )
    assert status == 0
    assert "0 created, 0 updated, 8 unchanged" in out
    assert snapshot() == before


def test_three_bad_departments_rows_exit_2_write_nothing_and_are_all_printed(db, tmp_path):
    good = [[uscc(401 + i), f"区测试{i}局", "", "department"] for i in range(5)]
    code = uscc(410)
    wrong_check = code[:-1] + ("1" if code[-1] != "1" else "2")
    forbidden_letter = code[:10] + "I" + code[11:]
    rows = [
        good[0],  # row 2
        [wrong_check, "区坏码局", "", "department"],  # row 3
        good[1],  # row 4
        good[2],  # row 5
        [uscc(411), "区坏类局", "", "bureau"],  # row 6
        good[3],  # row 7
        [forbidden_letter, "区坏字局", "", "department"],  # row 8
        good[4],  # row 9
    ]
    path = write(tmp_path, "bad.csv", csv_bytes(DEPARTMENT_HEADER, rows))
    before = counts()

    status, out, err = zhunru_import("departments", str(path))

    assert status == 2
    assert out == ""
    assert counts() == before
    reported = reported_rows(err)
    assert [(row, col) for row, col, _zh, _en in reported] == [(3, "code"), (6, "kind"), (8, "code")]
    assert "校验位错误" in reported[0][2] and "check character should be" in reported[0][3]
    assert "类型“bureau”无效" in reported[1][2] and "kind 'bureau' must be" in reported[1][3]
    assert "不允许的字符：I" in reported[2][2] and "characters not allowed: I" in reported[2][3]
    assert all(line.startswith("bad.csv 第 ") for line in err.splitlines() if "行 [" in line)
    assert "bad.csv：3 行有误，共 3 处问题，未写入任何数据。" in err
    assert "bad.csv: 3 bad rows, 3 problems, nothing written." in err


def test_three_bad_communities_rows_exit_2_and_write_nothing(district, tmp_path):
    rows = [
        ["990101001004", "湖滨社区", "东湖街道", "100", "300"],  # 2
        ["990101001005", "湖心社区", "东湖街道", "一百", "300"],  # 3
        ["990101002004", "岭南社区", "西岭街道", "100", "300"],  # 4
        ["990101002005", "岭北社区", "东湖街道", "100", "300"],  # 5: prefix of 西岭
        ["990101001006", "湖东社区", "东湖街道", "100", "-300"],  # 6
    ]
    path = write(tmp_path, "communities.xlsx", xlsx_bytes(COMMUNITY_HEADER, rows))
    before = snapshot()
    status, _out, err = zhunru_import("communities", str(path))
    assert status == 2
    assert [(row, col) for row, col, _zh, _en in reported_rows(err)] == [
        (3, "households"),
        (5, "code"),
        (6, "population"),
    ]
    assert snapshot() == before


def test_dry_run_writes_nothing(district, tmp_path):
    rows = [["990101001004", "湖滨社区", "东湖街道", "100", "300"]]
    path = write(tmp_path, "communities.csv", csv_bytes(COMMUNITY_HEADER, rows, bom=True))
    before = snapshot()
    status, out, _ = zhunru_import("communities", str(path), "--dry-run")
    assert status == 0
    assert "将新增 1 条" in out
    assert "1 rows, 1 created, 0 updated, 0 unchanged (dry run)." in out
    assert snapshot() == before
    # the same file for real
    status, out, _ = zhunru_import("communities", str(path))
    assert status == 0
    assert Area.objects.filter(code="990101001004").exists()


def test_xlsx_with_chinese_headers_and_unknown_column_warns_on_stderr(db, tmp_path):
    header = ["类型", "部门名称", "部门编码", "负责人"]
    rows = [["department", "区测试局", uscc(420), "张三"]]
    path = write(tmp_path, "单位.xlsx", xlsx_bytes(header, rows))
    status, _out, err = zhunru_import("departments", str(path))
    assert status == 0
    assert "警告 warning: 忽略未知列“负责人” / ignored unknown column '负责人'" in err
    assert Department.objects.get().name == "区测试局"


def test_missing_file_is_an_error_with_status_2(db, tmp_path):
    with pytest.raises(CommandError) as exc_info:
        call_command("import", "departments", str(tmp_path / "nope.csv"))
    assert exc_info.value.returncode == 2
    assert "无法打开文件" in str(exc_info.value) and "cannot open" in str(exc_info.value)


def test_console_script_exits_with_status_2(tmp_path):
    """The real `zhunru` command in a fresh process (no database needed: the header is checked first)."""
    path = write(tmp_path, "departments.csv", csv_bytes(["code", "name"], [[uscc(430), "区测试局"]]))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(ZHUNRU_DATA_DIR=str(tmp_path / "data"), ZHUNRU_DEBUG="1")
    script = Path(sys.executable).with_name("zhunru")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "zhunru"]
    result = subprocess.run(
        [*command, "import", "departments", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "departments.csv 第 1 行 [kind]：缺少必需的列“类型”（kind）" in result.stderr
    assert "| row 1 [kind]: missing required column 'kind'" in result.stderr


def test_departments_dry_run_writes_nothing(district, tmp_path):
    rows = [
        [district["minzheng"].code, "区民政局", "民政局", "department"],
        [uscc(440), "区新局", "", "department"],
    ]
    path = write(tmp_path, "departments.csv", csv_bytes(DEPARTMENT_HEADER, rows))
    before = snapshot()
    status, out, _ = zhunru_import("departments", "--dry-run", str(path))
    assert status == 0
    assert "2 rows, 1 created, 1 updated, 0 unchanged (dry run)." in out
    assert "将新增 1 条，将更新 1 条" in out
    assert snapshot() == before
