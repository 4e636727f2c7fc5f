"""The gateway's promise in a real browser: "未经批准的事务，居委会有权拒绝".

东湖社区's worker pastes what the city management bureau sent, sees it is on the negative list, refuses and
reports it with one button, and downloads the refusal letter; the supervisor opens the case, investigates and
concludes it; the worker sees the feedback. A department dispatching outside its matter's scope is refused.
"""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from playwright.sync_api import expect

from zhunru.accounts.roles import Role
from zhunru.areas.models import Department
from zhunru.conftest import PASSWORD, make_user
from zhunru.core import clock
from zhunru.gateway.models import TaskNotice
from zhunru.supervision.models import SupervisionCase, ViolationReport
from zhunru.tests import browser

pytestmark = pytest.mark.browser

# the shared fixtures (zhunru/tests/browser.py)
district_and_accounts, as_user = browser.district_and_accounts, browser.as_user
done = browser.done

ENFORCEMENT = "区城管局通知：请社区派人上街查处占道经营，拆除违法建设，周五前报送拆违台账。"
CONCLUSION = "经查，区城市管理局要求社区承担行政执法职责属实，已责令整改并约谈相关负责人。"
TODAY = dt.date(2026, 6, 15)


def test_paste_refuse_report_conclude_feedback(as_user, live_server, monkeypatch, tmp_path):
    monkeypatch.setattr(clock, "today", lambda: TODAY)

    # 1. The worker pastes, sees the verdict before saving, registers.
    worker = as_user("worker")
    worker.goto(live_server.url + "/gateway/")
    worker.fill("#id_text", ENFORCEMENT)
    preview = worker.locator("#verdict-preview [data-verdict]")
    expect(preview).to_have_attribute("data-verdict", "negative")
    expect(worker.locator("#verdict-preview")).to_contain_text("区城市管理局")
    worker.click("[data-testid=register]")
    expect(worker.get_by_test_id("reason")).to_contain_text("负面清单")
    notice = TaskNotice.objects.get()

    # 2. Refuse and report with one button (after the confirmation); the letter downloads.
    worker.click("button[data-action=refuse_report]")
    done(worker, "已拒绝并举报")
    expect(worker.get_by_test_id("report-state")).to_contain_text("已举报")
    notice.refresh_from_db()
    assert notice.action == TaskNotice.Action.REFUSED and notice.reported_at is not None
    pdf = worker.request.get(live_server.url + f"/gateway/notices/{notice.pk}/refusal.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    (tmp_path / "letter.pdf").write_bytes(pdf.body())
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "letter.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "拒绝告知书" in text and "区城市管理局" in text and "东湖社区" in text

    # 3. Supervision: the case is listed; investigate; conclude with measures.
    report = ViolationReport.objects.get(notice=notice)
    case = SupervisionCase.objects.get(reports=report)
    supervisor = as_user("supervisor")
    supervisor.goto(live_server.url + "/supervision/")
    supervisor.get_by_role("link", name=case.number).click()
    expect(supervisor.get_by_test_id("report")).to_contain_text(report.reference)
    supervisor.click("button[data-action=start_investigation]")
    expect(supervisor.get_by_test_id("status")).to_have_text("调查中")
    form = supervisor.locator("form[action$='/conclude/']")
    form.locator("input[name=substantiated][value='1']").check()
    form.locator("input[name=measures][value=rectify]").check()
    form.locator("textarea[name=conclusion]").fill(CONCLUSION)
    supervisor.click("button[data-action=conclude]")
    expect(supervisor.get_by_test_id("status")).to_have_text("已办结")
    expect(supervisor.get_by_test_id("feedback")).to_contain_text("东湖社区")

    # 4. The worker sees the result of her report.
    worker.goto(live_server.url + "/supervision/mine/")
    expect(worker.get_by_test_id("feedback")).to_contain_text(CONCLUSION)
    worker.goto(live_server.url + f"/gateway/notices/{notice.pk}/")
    expect(worker.get_by_test_id("report-state")).to_contain_text("已办结")


def test_a_dispatch_outside_the_matters_scope_is_refused(as_user, live_server, monkeypatch):
    """区消防救援大队's SF-Z04 is admitted for three communities of 东湖街道 only."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    fire = Department.objects.get(name="区消防救援大队")
    make_user("fireclerk", role=Role.DEPT_CLERK, department=fire, full_name="消防经办")
    page = as_user("")
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "fireclerk")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")

    page.goto(live_server.url + "/gateway/dispatch/")
    page.select_option("#id_matter", label=next(o for o in _options(page) if "SF-Z04" in o))
    page.get_by_label("西岭社区").check()
    page.fill("#id_text", "请摸底统计辖区电动自行车集中充电设施需求。")
    page.click("[data-testid=dispatch]")
    expect(page.locator("body")).to_contain_text("未准入西岭社区")
    assert not TaskNotice.objects.exists()

    page.get_by_label("西岭社区").uncheck()
    page.get_by_label("东湖社区").check()
    page.click("[data-testid=dispatch]")
    done(page, "")
    [sent] = TaskNotice.objects.all()
    assert sent.community.name == "东湖社区" and sent.matter_code == "SF-Z04" and sent.allowed


def _options(page) -> list[str]:
    return page.locator("#id_matter option").all_inner_texts()
