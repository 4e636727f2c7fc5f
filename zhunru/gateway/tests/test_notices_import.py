"""`zhunru import notices FILE`: every demand of a notices file (formats.md) registered and judged like a
pasted one; a bad row anywhere writes nothing and is named with its row and column; re-importing changes
nothing; a community worker imports only her own community's demands."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from zhunru.areas.tests.helpers import write
from zhunru.areas.tests.test_import_cli import reported_rows, zhunru_import
from zhunru.core.errors import Forbidden
from zhunru.core.models import AuditEvent
from zhunru.demo import loader
from zhunru.gateway import services
from zhunru.gateway.imports import notices_import
from zhunru.gateway.models import TaskNotice
from zhunru.supervision.models import RetaliationFlag

pytestmark = pytest.mark.django_db

HEADER = "id,department,date,community,text\n"


def expected() -> dict[str, str]:
    return {
        r["id"]: r["verdict"] for r in csv.DictReader(loader.data_file("expected.csv").decode().splitlines())
    }


def test_the_sample_notices_imported_and_judged(catalog, tmp_path):
    path = write(tmp_path, "notices.csv", loader.data_file("notices.csv"))
    status, out, err = zhunru_import("notices", str(path))
    assert status == 0, err
    assert "notices.csv: 91 rows, 91 created, 0 updated, 0 unchanged." in out
    got = dict(TaskNotice.objects.values_list("external_id", "verdict"))
    assert {i: got[i] for i in expected() if got[i] != expected()[i]} == {}
    assert set(TaskNotice.objects.values_list("source", flat=True)) == {"import"}
    one = TaskNotice.objects.get(external_id="DEV-001")
    assert one.community.code == "990101001001" and one.reason and one.created_by is None
    event = AuditEvent.objects.get(event_type="gateway.notice.import")
    assert event.summary["created"] == 91 and len(event.summary["sm3"]) == 64

    status, out, _ = zhunru_import("notices", str(path))
    assert status == 0 and "91 rows, 0 created, 0 updated, 91 unchanged." in out
    assert TaskNotice.objects.count() == 91
    assert AuditEvent.objects.filter(event_type="gateway.notice.import").count() == 1


def test_an_xlsx_file_with_chinese_headers(catalog, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["编号", "来源部门", "收到日期", "社区", "任务内容"])
    sheet.append(
        ["X-1", "区卫健委", "2026-06-10", "990101001001", "请社区通知65岁以上老人参加免费健康体检。"]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    status, _out, err = zhunru_import("notices", str(write(tmp_path, "notices.xlsx", buffer.getvalue())))
    assert status == 0, err
    notice = TaskNotice.objects.get()
    assert notice.verdict == "admitted" and notice.matter_code == "SF-Z01"
    assert notice.department.name == "区卫生健康委员会"


def test_bad_rows_write_nothing_and_are_named(catalog, tmp_path):
    body = (
        HEADER
        + "A1,区民政局,2026-06-01,990101001001,请社区协助做好低保入户调查。\n"
        + "A2,区民政局,2026/06/01,990101001001,请社区协助做好低保入户调查。\n"
        + "A3,区民政局,2026-06-01,999999999999,请社区协助做好低保入户调查。\n"
        + "A4,区民政局,2026-06-01,990101001001,\n"
        + "A1,区民政局,2026-06-01,990101001001,重复的编号。\n"
    )
    status, _out, err = zhunru_import("notices", str(write(tmp_path, "bad.csv", body.encode())))
    assert status == 2
    rows = {(row, col) for row, col, _zh, _en in reported_rows(err)}
    assert rows == {(3, "date"), (4, "community"), (5, "text"), (6, "id")}
    assert "未写入" in err or "不写入" in err or "nothing written" in err
    assert not TaskNotice.objects.exists()
    assert not AuditEvent.objects.filter(event_type="gateway.notice.import").exists()


def test_dry_run_writes_nothing(catalog, tmp_path):
    path = write(tmp_path, "notices.csv", loader.data_file("notices.csv"))
    status, out, _ = zhunru_import("notices", str(path), "--dry-run")
    assert status == 0 and "91" in out
    assert not TaskNotice.objects.exists()


def test_a_worker_imports_her_own_communitys_demands_only(catalog, community_worker, applicant):
    own = (HEADER + "W1,区民政局,2026-06-01,,请社区协助做好低保入户调查。\n").encode()
    report = notices_import(actor=community_worker, name="mine.csv", data=own)
    assert report.ok and report.created == 1
    assert TaskNotice.objects.get().community == community_worker.community
    other = (HEADER + "W2,区民政局,2026-06-01,990101001002,请社区协助做好低保入户调查。\n").encode()
    report = notices_import(actor=community_worker, name="other.csv", data=other)
    assert not report.ok and report.errors[0].column == "community"
    assert TaskNotice.objects.count() == 1
    with pytest.raises(Forbidden):
        notices_import(actor=applicant, name="mine.csv", data=own)


def test_an_imported_demand_from_a_reported_department_is_flagged(catalog, community_worker, today):
    notice = services.notice_register(
        actor=community_worker, text="区城管局通知：请社区派人上街查处占道经营。"
    )
    services.notice_refuse_and_report(actor=community_worker, notice=notice)
    body = (HEADER + "R1,区城管局,2026-06-20,990101001001,请社区统计辖区流动摊贩数量。\n").encode()
    assert notices_import(actor=None, name="later.csv", data=body).created == 1
    [flag] = RetaliationFlag.objects.all()
    assert flag.notice.external_id == "R1"
