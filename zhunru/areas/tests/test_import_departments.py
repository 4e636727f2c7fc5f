"""Importing departments.csv: validated as a whole, all or nothing, keyed by code, audited."""

from __future__ import annotations

import pytest

from zhunru.areas import services
from zhunru.areas.models import Department
from zhunru.areas.tests.helpers import DEPARTMENT_HEADER, counts, csv_bytes, snapshot, uscc
from zhunru.core.models import AuditEvent
from zhunru.demo import loader

pytestmark = pytest.mark.django_db

GOOD = [
    [uscc(201), "区交通运输局", "交通局;区交通局", "department"],
    [uscc(202), "区财政局", "财政局", "department"],
    [uscc(203), "北山街道办事处", "北山街道;北山街道办", "street"],
]


def run(rows, *, header=DEPARTMENT_HEADER, actor=None, dry_run=False, name="departments.csv"):
    return services.departments_import(actor=actor, name=name, data=csv_bytes(header, rows), dry_run=dry_run)


def test_demo_departments_import_cleanly_and_are_audited():
    report = services.departments_import(
        actor=None, name="departments.csv", data=loader.data_file("departments.csv")
    )
    assert report.ok, report.errors
    assert (report.rows, report.created, report.updated, report.unchanged) == (28, 28, 0, 0)
    assert Department.objects.count() == 28
    armed = Department.objects.get(name="区人民武装部")
    assert armed.kind == Department.Kind.DEPARTMENT
    assert armed.aliases == ["区武装部", "武装部", "人武部"]
    assert Department.objects.get(name="南塘镇人民政府").kind == Department.Kind.STREET
    event = AuditEvent.objects.get()
    assert event.event_type == "departments.import"
    assert event.summary == {"file": "departments.csv", "created": 28, "updated": 0, "rows": 28}


def test_reimporting_the_same_file_changes_nothing(district):
    before = snapshot()
    report = services.departments_import(
        actor=None, name="departments.csv", data=loader.data_file("departments.csv")
    )
    assert report.ok
    assert (report.created, report.updated, report.unchanged) == (0, 0, 28)
    assert snapshot() == before  # no new rows and no new audit event


def test_rows_are_matched_by_code_and_updated(district):
    weijian = district["weijian"]
    rows = [[weijian.code, "区卫生健康局", "卫健局;卫健委", "department"], *GOOD[:1]]
    audit_before = AuditEvent.objects.count()
    report = run(rows)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    weijian.refresh_from_db()
    assert (weijian.name, weijian.aliases) == ("区卫生健康局", ["卫健局", "卫健委"])
    assert Department.objects.filter(code=weijian.code).count() == 1
    assert AuditEvent.objects.count() == audit_before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.event_type == "departments.import"
    assert (event.summary["created"], event.summary["updated"]) == (1, 1)


def test_lower_case_code_matches_the_stored_upper_case_code(district):
    minzheng = district["minzheng"]
    report = run([[minzheng.code.lower(), minzheng.name, "民政局;区民政", "department"]])
    assert report.ok, report.errors
    assert (report.created, report.unchanged) == (0, 1)


def test_dry_run_reports_but_writes_nothing(district):
    before = snapshot()
    rows = [[district["minzheng"].code, "区民政局（新）", "", "department"], *GOOD]
    report = run(rows, dry_run=True)
    assert report.ok
    assert (report.created, report.updated) == (3, 1)
    assert "将新增 3 条" in report.summary_zh()
    assert "(dry run)" in report.summary_en()
    assert snapshot() == before


THREE_BAD = [
    GOOD[0],  # row 2
    [uscc(204)[:17] + ("0" if uscc(204)[17] != "0" else "1"), "区水利局", "", "department"],  # row 3
    GOOD[1],  # row 4
    [uscc(205), "区审计局", "", "部门"],  # row 5: unknown kind
    GOOD[2],  # row 6
    [uscc(206), "", "林业局", "department"],  # row 7: no name
]


def test_three_bad_rows_write_nothing_and_each_is_reported_once():
    before = counts()
    report = run(THREE_BAD)
    assert not report.ok
    assert [(e.row, e.column) for e in report.errors] == [(3, "code"), (5, "kind"), (7, "name")]
    assert "校验位错误" in report.errors[0].zh
    assert "check character should be" in report.errors[0].en
    assert "类型“部门”无效" in report.errors[1].zh
    assert "“部门名称”不能为空" in report.errors[2].zh
    assert "3 行有误" in report.summary_zh() and "未写入任何数据" in report.summary_zh()
    assert "3 bad rows" in report.summary_en()
    assert counts() == before == {"departments": 0, "areas": 0, "audit": 0}


def test_bad_rows_also_stop_updates_to_existing_departments(district):
    before = snapshot()
    rows = [[district["minzheng"].code, "区民政局（改）", "", "department"], *THREE_BAD]
    assert not run(rows).ok
    assert snapshot() == before


def test_code_twice_in_the_file_names_the_first_row():
    rows = [GOOD[0], GOOD[1], [GOOD[0][0], "区另一个局", "", "department"]]
    report = run(rows)
    assert [(e.row, e.column, e.en) for e in report.errors] == [(4, "code", "same code as row 2")]
    assert Department.objects.count() == 0


def test_name_twice_in_the_file_is_an_error():
    rows = [GOOD[0], [uscc(209), GOOD[0][1], "", "department"]]
    report = run(rows)
    assert [(e.row, e.column, e.en) for e in report.errors] == [(3, "name", "same name as row 2")]


def test_name_already_used_by_another_code_is_an_error(district):
    before = snapshot()
    report = run([[uscc(210), "区民政局", "", "department"]])
    assert [(e.row, e.column) for e in report.errors] == [(2, "name")]
    assert district["minzheng"].code in report.errors[0].zh
    assert snapshot() == before


def test_missing_code_and_kind_are_reported_per_column():
    report = run([["", "区财政局", "", ""]])
    assert [(e.row, e.column) for e in report.errors] == [(2, "code"), (2, "kind")]


def test_aliases_drop_the_name_itself_and_duplicates():
    report = run([[uscc(211), "区财政局", "财政局;区财政局;财政局；区财政", "department"]])
    assert report.ok
    assert Department.objects.get().aliases == ["财政局", "区财政"]


def test_web_actor_is_recorded_in_the_audit_event(sysadmin):
    run(GOOD, actor=sysadmin)
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.event_type == "departments.import"
    assert event.actor_id == sysadmin.pk
    assert event.actor_name == sysadmin.username
