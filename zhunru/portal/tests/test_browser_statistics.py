"""In a real browser, an anonymous visitor goes from the portal to the statistics, sees the charts (SVG
drawn by the server) beside their tables, moves between the statistics pages, and downloads open data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from zhunru.core import clock
from zhunru.tests import browser

pytestmark = pytest.mark.browser
district_and_accounts, as_user = browser.district_and_accounts, browser.as_user


@pytest.fixture
def some_demands(district_and_accounts):
    from zhunru.areas.models import Area, Department
    from zhunru.gateway.models import TaskNotice

    weijian = Department.objects.get(name="区卫生健康委员会")
    for code, verdict in (("990101001001", "duty"), ("990101002001", "unapproved")):
        TaskNotice.objects.create(
            community=Area.objects.get(code=code),
            department=weijian,
            received_on=clock.today(),
            text="请上报",
            verdict=verdict,
            reason="-",
        )


def test_anonymous_visitor_reads_statistics_and_downloads_data(as_user, live_server, some_demands):
    page = as_user("")
    page.goto(live_server.url + "/portal/")
    page.locator(".portal-nav").get_by_role("link", name="公开统计").click()
    expect(page.locator("h1")).to_have_text("社区负担统计")
    streets = page.get_by_test_id("table-streets")
    expect(streets.locator("svg.chart")).to_be_visible()
    expect(streets.locator("tbody tr")).to_have_count(3)  # 东湖街道, 西岭街道, 南塘镇
    expect(streets.locator("tfoot")).to_contain_text("全区")
    if os.environ.get("PORTAL_SCREENSHOT"):
        page.screenshot(path=os.environ["PORTAL_SCREENSHOT"], full_page=True)
    page.locator(".portal-tabs").get_by_role("link", name="部门与违规举报").click()
    expect(page.get_by_test_id("table-departments")).to_contain_text("区卫生健康委员会")
    page.locator(".portal-tabs").get_by_role("link", name="开放数据").click()
    expect(page.get_by_test_id("licence")).to_contain_text("CC BY 4.0")
    with page.expect_download() as info:
        page.get_by_test_id("dataset-statistics").get_by_role("link", name="CSV").click()
    download = info.value
    assert download.suggested_filename == "statistics.csv"
    assert Path(download.path()).read_bytes().startswith(b"\xef\xbb\xbf")
