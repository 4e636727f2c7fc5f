"""费随事转 in a real browser: the department records a payment to two communities, 东湖社区 disputes
it, the department sees the dispute on its matter, and the approval office reads the arrears."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhunru.access import decisions
from zhunru.access import services as svc
from zhunru.access.tests.factories import APPLICATION
from zhunru.core import clock
from zhunru.core.workdays import add_working_days
from zhunru.web.tests.conftest import browser, demo_accounts, login, page  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def decision(demo_accounts, today):  # noqa: F811
    """A matter of 区卫生健康委员会 for 东湖社区 and 花园路社区, 3000 yuan each a year, admitted by the
    demo accounts."""
    u = demo_accounts
    start = add_working_days(clock.today(), svc.procedure_settings().submit_lead_days + 5)
    data = {
        **APPLICATION,
        "start_date": start.isoformat(),
        "scope_kind": "communities",
        "scope_areas": ["990101001001", "990101001002"],
        "money_per_community_year": "3000",
    }
    app = svc.application_create(actor=u["clerk"], data=data)
    svc.application_sign(actor=u["head"], application=app)
    svc.application_submit(actor=u["clerk"], application=app)
    svc.application_accept(actor=u["office"], application=app)
    svc.application_start_review(actor=u["office"], application=app)
    for name in ("approver", "approver2", "approver3"):
        svc.opinion_give(actor=u[name], application=app, stance="agree", reasons="同意")
    return decisions.application_decide(actor=u["office"], application=app, outcome="approved")


def test_record_dispute_and_read_the_arrears(page, login, live_server, decision):  # noqa: F811
    login(page, "clerk")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="经费", exact=True).click()
    page.click(f"a[href^='/funding/matters/{decision.matter_id}/']")
    form = page.locator("[data-testid=disburse-form]")
    form.locator("#id_year").fill("2026")
    form.locator("#id_paid_on").fill("2026-03-01")
    form.locator("#id_voucher_number").fill("卫健拨〔2026〕7号")
    form.locator("#id_amount").fill("-10")
    form.locator("input[value='990101001001']").check()
    page.once("dialog", lambda d: d.accept())
    form.locator("button.primary").click()
    expect(page.locator("form .errorlist, .error").first).to_contain_text("必须大于 0")
    form = page.locator("[data-testid=disburse-form]")
    form.locator("#id_amount").fill("1500")
    form.locator("input[value='990101001002']").check()
    page.once("dialog", lambda d: d.accept())
    form.locator("button.primary").click()
    expect(page.locator(".flash")).to_contain_text("2 个社区，合计 3000.00 元")
    expect(page.locator("[data-testid=line-status]")).to_have_text(["待确认", "待确认"])
    page.click("[data-testid=logout]")

    login(page, "worker")
    page.goto(live_server.url + "/funding/disbursements/")
    rows = page.locator("[data-testid=lines] tbody tr")
    expect(rows).to_have_count(1)  # 东湖社区's line only
    rows.locator("summary", has_text="提出异议").click()
    rows.locator("textarea").fill("社区专户只到账 1000 元")
    rows.locator("button[data-action=dispute]").click()
    expect(page.locator(".flash")).to_contain_text("已提出异议")
    expect(page.locator("[data-testid=line-status]")).to_have_text(["有异议"])
    page.click("[data-testid=logout]")

    login(page, "clerk")
    page.goto(live_server.url + f"/funding/matters/{decision.matter_id}/?year=2026")
    expect(page.locator("[data-testid=disbursement]")).to_contain_text("社区专户只到账 1000 元")
    page.click("[data-testid=logout]")

    login(page, "office")
    page.goto(live_server.url + "/funding/?year=2026&by=community")
    donghu = page.locator("tr[data-code='990101001001']")
    expect(donghu.locator("[data-col=committed]")).to_have_text("3000.00")
    expect(donghu.locator("[data-col=disputed]")).to_have_text("1500.00")
    expect(donghu.locator("[data-col=unpaid]")).to_have_text("3000.00")
    expect(donghu.locator("[data-col=reference]")).to_contain_text("164400.00")
