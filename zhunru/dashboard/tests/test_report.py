"""The monthly district report: a PDF in Chinese, from the command line and from the web."""

from __future__ import annotations

import subprocess

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_command_writes_the_report(world, tmp_path):
    out = tmp_path / "report.pdf"
    call_command("report", "monthly", "--month", "2026-11", "--out", str(out))
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert "2026年11月社区减负工作月度报告" in text
    # the district totals of November (see conftest): 6 demands, 12.0 hours, 3 not admitted, 2 refused
    assert "全区社区本月收到任务 6 件，准许工作预计工时 12.0 小时" in text
    assert "其中未准入任务 3 件（未经准入 2 件、负面清单 1 件），社区已拒绝 2 件" in text
    assert "收到申请 2 件，作出决定 3 件，举行听证 1 次" in text
    assert "东湖社区" in text and "区卫生健康委员会" in text
    assert "已举报" not in text  # who reported is not in a district report


def test_command_rejects_a_bad_month(world, tmp_path):
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("report", "monthly", "--month", "2026-13", "--out", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_web_download_for_district_roles_only(client, world, approval_clerk, street_officer, tmp_path):
    client.force_login(approval_clerk)
    response = client.get("/dashboard/report.pdf", {"month": "2026-10"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="report-2026-10.pdf"' in response["Content-Disposition"]
    assert "2026年10月社区减负工作月度报告" in pdf_text(response.content, tmp_path)
    assert 'href="/dashboard/report.pdf?month=2026-11"' in client.get("/dashboard/burden/").content.decode()
    client.force_login(street_officer)
    assert client.get("/dashboard/report.pdf").status_code == 404


def test_a_city_is_reported_by_street(world, monkeypatch):
    """Above COMMUNITY_ROWS communities the printed report sums them by street (the same totals)."""
    import datetime as dt

    from zhunru.dashboard import report

    month = dt.date(2026, 11, 1)
    by_community = report.report_html(month)
    monkeypatch.setattr(report, "COMMUNITY_ROWS", 1)
    by_street = report.report_html(month)
    assert "各社区负担" in by_community and "东湖社区" in by_community
    assert "各街道负担" in by_street and "东湖街道办事处" in by_street and "报告按街道汇总" in by_street
    assert "<td>东湖社区</td>" not in by_street
    assert "全区社区本月收到任务 6 件" in by_street  # the totals do not change


def test_a_city_report_lists_the_departments_with_something_to_report(world, monkeypatch):
    """Above DEPARTMENT_ROWS departments the printed report leaves out those with nothing in the month and
    says how many; the Excel export keeps them all."""
    import datetime as dt

    from zhunru.areas.models import Department
    from zhunru.dashboard import report

    Department.objects.create(code="QUIET01", name="区档案馆", kind="department")
    month = dt.date(2026, 11, 1)
    every = report.report_html(month)
    assert "区档案馆" in every and "区卫生健康委员会" in every and "未列出" not in every
    monkeypatch.setattr(report, "DEPARTMENT_ROWS", 1)
    city = report.report_html(month)
    assert "区卫生健康委员会" in city  # it sent demands this month
    assert "区档案馆" not in city
    quiet = every.count("<tr>") - city.count("<tr>")
    assert quiet >= 1 and f"另有 {quiet} 个单位本月没有派出任务" in city
    assert "全区社区本月收到任务 6 件" in city  # the totals do not change


def test_the_pdf_renderer_subsets_fonts_with_harfbuzz():
    """`make install` installs libharfbuzz-subset0: without it WeasyPrint subsets the CJK fonts with
    fontTools, and the city's monthly report takes 27 s instead of 6 s."""
    from weasyprint.pdf import fonts

    assert fonts.harfbuzz_subset is not None
