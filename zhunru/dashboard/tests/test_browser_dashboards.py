"""In a real browser, each demo account with a dashboard opens 统计 from the menu and sees its own pages:
charts drawn by the server (SVG, no script) with their tables, the filters, an Excel link; the district
roles also get the monthly report."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhunru.core import clock
from zhunru.gateway.models import TaskNotice
from zhunru.tests import browser

pytestmark = pytest.mark.browser
district_and_accounts, as_user = browser.district_and_accounts, browser.as_user

# demo account → the pages of its dashboard (tabs), in order
EXPECTED = {
    "worker": ["社区负担", "减负成效"],
    "street": ["社区负担", "减负成效"],
    "office": ["社区负担", "部门情况", "准入审批", "减负成效"],
    "supervisor": ["社区负担", "部门情况", "准入审批", "减负成效"],
    "clerk": ["部门情况"],
}


@pytest.fixture
def some_demands(district_and_accounts):
    from zhunru.areas.models import Area, Department

    donghu = Area.objects.get(code="990101001001")
    weijian = Department.objects.get(name="区卫生健康委员会")
    for verdict in ("duty", "unapproved", "negative"):
        TaskNotice.objects.create(
            community=donghu,
            department=weijian,
            received_on=clock.today(),
            text="请上报",
            verdict=verdict,
            reason="-",
        )


def test_each_role_opens_its_dashboard(as_user, live_server, some_demands):
    for username, tabs in EXPECTED.items():
        page = as_user(username)
        page.locator("nav[aria-label=主导航]").get_by_role("link", name="统计", exact=True).click()
        expect(page.locator("h1")).to_have_text("统计")
        expect(page.locator(".dash-tabs a:not([data-testid])")).to_have_count(len(tabs))
        for label in tabs:
            expect(page.locator(".dash-tabs").get_by_role("link", name=label, exact=True)).to_be_visible()
        expect(page.locator("svg.chart").first).to_be_visible()
        expect(page.locator("[data-testid^=export-]").first).to_be_visible()
        report = page.locator("[data-testid=monthly-report]")
        expect(report).to_have_count(1 if username in ("office", "supervisor") else 0)

    worker = as_user("worker")
    expect(worker.locator("[data-testid=table-burden] tbody tr")).to_have_count(1)
    expect(worker.locator("[data-testid=table-burden] tbody")).to_contain_text("东湖社区")
    office = as_user("office")
    expect(office.locator("[data-testid=table-burden] thead")).not_to_contain_text("已举报")
    # the trend chart of the district plots this month's 3 demands, 2 of them not admitted
    month = clock.today().strftime("%y-%m")
    expect(office.locator("svg.chart").first.locator("title", has_text=f"{month} 收到任务: 3")).to_have_count(
        1
    )
    expect(office.locator("svg.chart").first.locator("title", has_text=f"{month} 未准入: 2")).to_have_count(1)
    office.get_by_role("link", name="准入审批", exact=True).click()
    expect(office.locator("[data-testid=table-office]")).to_contain_text("法定期限（工作日）")
    clerk = as_user("clerk")
    expect(clerk.locator("[data-testid=table-departments] tbody tr")).to_have_count(1)
    expect(clerk.locator("[data-testid=table-departments] tbody")).to_contain_text("区卫生健康委员会")


def test_admins_have_no_dashboard(as_user, live_server):
    page = as_user("sysadmin")
    expect(page.locator("nav[aria-label=主导航]").get_by_role("link", name="统计", exact=True)).to_have_count(
        0
    )
    page.goto(live_server.url + "/dashboard/")
    expect(page.locator("h1")).not_to_have_text("统计")
