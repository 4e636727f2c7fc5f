"""The audit log page /audit/: the audit administrator alone reads it, searches it, pages through it
and exports it to Excel; nobody can change or delete an event through it."""

from __future__ import annotations

import datetime as dt
import io
import re
from unittest import mock
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.conf import settings

from zhunru.core import audit
from zhunru.core.context import acting_from
from zhunru.core.models import AuditEvent

SH = ZoneInfo("Asia/Shanghai")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS_ZH = ["序号", "时间", "操作人", "单位", "IP 地址", "事件类型", "对象类型", "对象编号", "摘要", "结果"]


def event(
    at: dt.datetime, event_type: str, actor_name: str, result: str = "ok", ip: str = "", **kw
) -> AuditEvent:
    with mock.patch("django.utils.timezone.now", return_value=at), acting_from(ip):
        return audit.record_standalone(
            actor=None, actor_name=actor_name, event_type=event_type, result=result, **kw
        )


def seqs(response) -> list[int]:
    return [e.seq for e in response.context["page"].object_list]


@pytest.fixture
def auditor(client, auditadmin):
    client.force_login(auditadmin)
    return client


@pytest.fixture
def march(db):
    """Four events around midnight Beijing time, 1–3 March 2026."""
    return {
        "submit": event(dt.datetime(2026, 3, 1, 23, 30, tzinfo=SH), "matter.submit", "王经办"),
        # 00:30 in Beijing is still 1 March in UTC: the date search goes by Beijing time
        "approve": event(dt.datetime(2026, 3, 2, 0, 30, tzinfo=SH), "matter.approve", "吴委员"),
        "failed": event(
            dt.datetime(2026, 3, 2, 10, 0, tzinfo=SH), "login.failed", "王经办", "failed", ip="198.51.100.4"
        ),
        "denied": event(
            dt.datetime(2026, 3, 3, 9, 0, 5, tzinfo=SH),
            "matter.submit",
            "李主任",
            "denied",
            object_type="matters.matter",
            object_id=17,
            summary={"原因": "不在准入清单"},
        ),
    }


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "community_worker", "approver", "supervisor"])
@pytest.mark.parametrize("url", ["/audit/", "/audit/export.xlsx"])
def test_other_roles_are_refused(client, request, persona, url):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url)
    assert response.status_code == 403
    assert "事件类型" not in response.content.decode()


@pytest.mark.parametrize("url", ["/audit/", "/audit/export.xlsx"])
def test_anonymous_is_sent_to_the_login_page(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_the_audit_admin_sees_the_newest_events_first(auditor, march):
    response = auditor.get("/audit/")
    assert response.status_code == 200
    assert seqs(response) == sorted(AuditEvent.objects.values_list("seq", flat=True), reverse=True)[:50]
    html = response.content.decode()
    assert "2026-03-03 09:00:05" in html  # Beijing time
    assert "不在准入清单" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"event_type": "matter."}, ["denied", "approve", "submit"]),
        ({"event_type": "matter.submit"}, ["denied", "submit"]),
        ({"actor": "王经办"}, ["failed", "submit"]),
        ({"actor": "王", "event_type": "matter"}, ["submit"]),
        ({"date_from": "2026-03-02", "date_to": "2026-03-02"}, ["failed", "approve"]),
        ({"date_from": "2026-03-01", "date_to": "2026-03-01"}, ["submit"]),
        ({"date_from": "2026-03-03", "event_type": "matter"}, ["denied"]),
        ({"result": "denied"}, ["denied"]),
        ({"result": "failed", "date_to": "2026-03-31"}, ["failed"]),
        ({"q": "吴委员"}, ["approve"]),
        ({"q": "198.51.100"}, ["failed"]),
        ({"q": "17"}, ["denied"]),
    ],
)
def test_search(auditor, march, query, expected):
    response = auditor.get("/audit/", query)
    assert response.status_code == 200
    assert seqs(response) == [march[name].seq for name in expected]


def test_search_shows_only_the_matching_rows(auditor, march):
    html = auditor.get("/audit/", {"actor": "吴委员"}).content.decode()
    assert "matter.approve" in html
    assert "王经办" not in html
    html = auditor.get("/audit/", {"actor": "nobody-by-this-name"}).content.decode()
    assert "没有符合条件的事件" in html


def test_a_malformed_date_is_explained(auditor, march):
    response = auditor.get("/audit/", {"date_from": "2026/03/02"})
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.content.decode()


def test_fifty_events_per_page_and_the_filter_is_kept_across_pages(auditor, db):
    made = [
        audit.record_standalone(actor=None, event_type="test.paging", summary={"i": i}).seq
        for i in range(120)
    ]
    newest_first = made[::-1]
    first = auditor.get("/audit/", {"event_type": "test.paging"})
    assert seqs(first) == newest_first[:50]
    html = first.content.decode()
    assert "第 1 / 3 页，共 120 条" in html
    assert 'href="?event_type=test.paging&page=2"' in html
    assert seqs(auditor.get("/audit/", {"event_type": "test.paging", "page": 2})) == newest_first[50:100]
    last = auditor.get("/audit/", {"event_type": "test.paging", "page": 3})
    assert seqs(last) == newest_first[100:]
    assert 'href="?event_type=test.paging&page=2"' in last.content.decode()
    assert seqs(auditor.get("/audit/", {"event_type": "test.paging", "page": 99})) == newest_first[100:]


def read_xlsx(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert re.fullmatch(r'attachment; filename="audit-\d{8}\.xlsx"', response["Content-Disposition"])
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_export_has_chinese_headers_and_the_filtered_rows(auditor, march):
    rows = read_xlsx(auditor.get("/audit/export.xlsx", {"event_type": "matter."}))
    assert rows[0] == HEADERS_ZH
    assert [r[0] for r in rows[1:]] == [march[n].seq for n in ("denied", "approve", "submit")]
    seq, time, actor, org, ip, event_type, object_type, object_id, summary, result = rows[1]
    assert (seq, time, actor, org, ip) == (march["denied"].seq, "2026-03-03 09:00:05", "李主任", None, None)
    assert (event_type, object_type, object_id) == ("matter.submit", "matters.matter", "17")
    assert "原因" in summary and "不在准入清单" in summary
    assert result == "拒绝"
    assert rows[3][1] == "2026-03-01 23:30:00"


def test_export_without_filter_has_every_event(auditor, march):
    rows = read_xlsx(auditor.get("/audit/export.xlsx"))
    assert len(rows) == 1 + AuditEvent.objects.count()
    assert [r[0] for r in rows[1:]] == sorted(AuditEvent.objects.values_list("seq", flat=True), reverse=True)


def test_export_follows_the_chosen_language(auditor, march):
    auditor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    rows = read_xlsx(auditor.get("/audit/export.xlsx", {"result": "denied"}))
    assert rows[0][:3] == ["Sequence no.", "Time", "Actor"]
    assert rows[1][-1] == "Denied"
    auditor.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert read_xlsx(auditor.get("/audit/export.xlsx", {"result": "denied"}))[0] == HEADERS_ZH


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/audit/", "/audit/export.xlsx"])
def test_audit_events_cannot_be_changed_through_the_web(auditor, march, method, url):
    before = list(AuditEvent.objects.order_by("seq").values_list("seq", "mac"))
    response = getattr(auditor, method)(url, {"seq": march["denied"].seq, "action": "delete"})
    assert response.status_code == 405
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", "mac")) == before
    assert audit.verify().ok


def test_the_audit_page_offers_no_form_that_changes_anything(auditor, march):
    html = auditor.get("/audit/").content.decode()
    post_forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>", html, flags=re.IGNORECASE)
    actions = sorted(re.search(r'action="([^"]*)"', f).group(1) for f in post_forms)
    assert actions == ["/accounts/logout/", "/i18n/setlang/"]  # language switch and logout only
    assert "删除" not in html
