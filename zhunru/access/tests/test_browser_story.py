"""The whole access procedure in a real browser, each step by the demo account whose job it is.

区卫生健康委员会 drafts, signs and submits an application; the joint-meeting office returns it for
correction, accepts it after the correction, starts the review and holds a hearing; two members agree; the
office admits the matter and the numbered letter downloads as a PDF. The public portal lists the matter; a
community worker asks for its exit; the office and the members decide it leaves, and the portal says so.

The live server runs in a thread of this process, so moving `clock.today` moves the server's day too.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from playwright.sync_api import Page, expect

from zhunru.access.models import Status
from zhunru.core import audit, clock
from zhunru.core.models import AuditEvent
from zhunru.tests import browser

pytestmark = pytest.mark.browser

# the shared fixtures (zhunru/tests/browser.py)
district_and_accounts, as_user = browser.district_and_accounts, browser.as_user
done = browser.done

NAME = "社区老年人防跌倒宣传"
BASIS = "《“十四五”健康老龄化规划》"
BASIS_CORRECTED = "《“十四五”健康老龄化规划》第四部分第（三）项：开展老年人跌倒预防干预和健康教育"
RETURN_REASON = "法律政策依据未写明具体条款，请补正。"
DRAFTED_ON = dt.date(2026, 3, 2)  # a Monday
START = dt.date(2026, 6, 1)  # more than 30 working days later
HEARING_ON = dt.date(2026, 3, 16)  # 14 days after the notice
DECIDED_ON = dt.date(2026, 3, 20)  # the hearing has been held
EXIT_ON = dt.date(2026, 7, 1)  # the matter has been in force for a month

STEPS = {
    "application.sign",
    "application.submit",
    "application.return",
    "application.resubmit",
    "application.accept",
    "application.start_review",
    "opinion.give",
    "application.schedule_hearing",
    "application.record_hearing",
    "application.decide",
    "decision.issue",
    "exit_request.create",
    "exit_request.accept",
    "exit_request.decide",
}


def status_is(page: Page, status: Status) -> None:
    expect(page.get_by_test_id("status")).to_have_text(str(status.label))


def click_action(page: Page, action: str, message: str) -> None:
    page.click(f"button[data-action={action}]")
    done(page, message)


def give_opinion(page: Page, url: str, reasons: str, message: str) -> None:
    page.goto(url)
    form = page.locator("form[action$='/opinion/']")
    form.locator("input[name=stance][value=agree]").check()
    form.locator("textarea[name=reasons]").fill(reasons)
    form.get_by_role("button", name="提交审查意见").click()
    done(page, message)
    expect(page.locator("form[action$='/opinion/']")).to_have_count(0)  # one opinion per member


def test_application_admitted_then_exited(as_user, live_server, monkeypatch, tmp_path):
    today = [DRAFTED_ON]
    monkeypatch.setattr(clock, "today", lambda: today[0])
    base = live_server.url

    # 区卫生健康委员会's clerk drafts the application.
    clerk = as_user("clerk")
    clerk.goto(base + "/access/applications/")
    clerk.get_by_role("link", name="新建申请").click()
    clerk.wait_for_url(base + "/access/applications/new/")
    clerk.fill("#id_matter_name", NAME)
    clerk.select_option("#id_kind", "task")
    clerk.fill("#id_community_tasks", "每季度在社区开展一次老年人防跌倒宣传，入户发放宣传资料。")
    clerk.fill("#id_basis", BASIS)
    clerk.fill("#id_start_date", START.isoformat())
    clerk.fill("#id_workload_hours", "2")
    clerk.fill("#id_money_per_community_year", "3000")
    clerk.fill("#id_money_source", "区级财政专项资金")
    clerk.check("#id_no_assessment_declared")
    clerk.fill("#id_contact_name", "王经办")
    clerk.fill("#id_contact_phone", "010-12345678")
    clerk.get_by_role("button", name="保存草稿").click()
    clerk.wait_for_url(re.compile(r".*/access/applications/\d+/$"))
    done(clerk, "已保存为草稿")
    status_is(clerk, Status.DRAFT)
    app_url = clerk.url
    reference = clerk.locator("h1 small").inner_text()
    assert re.fullmatch(r"SQ2026-\d{4}", reference)

    # The department head signs it; the clerk submits it.
    head = as_user("head")
    head.goto(app_url)
    click_action(head, "sign", "已签发")
    status_is(head, Status.SIGNED)
    clerk.goto(app_url)
    click_action(clerk, "submit", "已提交准入审批机构")
    status_is(clerk, Status.SUBMITTED)

    # The office finds it in its list and returns it: the basis names no article.
    office = as_user("office")
    office.goto(base + "/access/applications/")
    office.get_by_role("searchbox").fill(NAME)
    office.get_by_role("button", name="搜索").click()
    office.get_by_role("link", name=reference).click()
    office.wait_for_url(app_url)
    office.locator("summary", has_text="退回补正").click()
    office.locator("form[action$='/return/'] textarea[name=reason]").fill(RETURN_REASON)
    click_action(office, "return", "已退回补正")
    status_is(office, Status.RETURNED)

    # The clerk reads the reason, corrects the basis and resubmits.
    clerk.goto(app_url)
    expect(clerk.locator(".warning")).to_contain_text(RETURN_REASON)
    clerk.get_by_role("link", name="修改申请").click()
    clerk.wait_for_url(app_url + "edit/")
    expect(clerk.locator("#id_basis")).to_have_value(BASIS)
    expect(clerk.locator("#id_start_date")).to_have_value(START.isoformat())  # an ISO date, or it is lost
    clerk.fill("#id_basis", BASIS_CORRECTED)
    clerk.get_by_role("button", name="保存草稿").click()
    clerk.wait_for_url(app_url)
    done(clerk, "已保存")
    click_action(clerk, "resubmit", "已重新提交")
    status_is(clerk, Status.RESUBMITTED)

    # The office accepts it and starts the review.
    office.goto(app_url)
    click_action(office, "accept", "已受理")
    status_is(office, Status.ACCEPTED)
    click_action(office, "start_review", "已开始审查")
    status_is(office, Status.UNDER_REVIEW)
    expect(office.get_by_test_id("deadline")).to_be_visible()

    # Two joint-meeting members (区民政局, 区司法局) agree: a quorum of the three.
    give_opinion(as_user("approver"), app_url, "依据充分，经费随事项下沉。", "审查意见已提交")
    give_opinion(as_user("approver2"), app_url, "同意准入，宣传材料由部门统一提供。", "审查意见已提交")
    office.goto(app_url)
    expect(office.get_by_test_id("tally")).to_contain_text("已提出意见 2 人")
    expect(office.get_by_test_id("tally")).to_contain_text("同意 2")

    # The office schedules a hearing after the ten-day notice period.
    office.locator("summary", has_text="安排听证").click()
    hearing = office.locator("form[action$='/schedule_hearing/']")
    hearing.locator("input[name=scheduled_on]").fill(HEARING_ON.isoformat())
    hearing.locator("input[name=place]").fill("东湖社区党群服务中心")
    hearing.locator("textarea[name=participants]").fill("东湖社区代表、居民代表、区卫生健康委员会")
    hearing.locator("textarea[name=agenda]").fill("听取社区和居民对防跌倒宣传事项的意见")
    click_action(office, "schedule_hearing", "已安排听证")
    status_is(office, Status.HEARING_SCHEDULED)

    # Time passes: the hearing has been held; the office records it and admits the matter.
    today[0] = DECIDED_ON
    office.goto(app_url)
    record = office.locator("form[action$='/record_hearing/']")
    record.locator("input[name=held_on]").fill(HEARING_ON.isoformat())
    record.locator("textarea[name=minutes]").fill("社区代表和居民代表均支持开展防跌倒宣传。")
    record.locator("textarea[name=outcome]").fill("同意准入")
    click_action(office, "record_hearing", "已记录听证")
    status_is(office, Status.HEARING_HELD)
    office.locator("form[action$='/decide/'] input[name=outcome][value=approved]").check()
    click_action(office, "decide", "决定已作出")  # after the data-confirm dialog
    status_is(office, Status.APPROVED)
    number = office.get_by_test_id("decision-number").inner_text().strip()
    assert re.fullmatch(r".+〔2026〕\d+号", number), number

    # The numbered letter downloads as a PDF naming the matter.
    with office.expect_download() as download_info:
        office.get_by_test_id("letter-pdf").click()
    pdf = tmp_path / "letter.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", text)  # lines break anywhere in Chinese text
    assert NAME in flat
    assert number in flat

    # Anyone can find the admitted matter in the public catalog.
    visitor = as_user("")
    visitor.goto(base + "/portal/catalog/?q=" + NAME)
    matter_link = visitor.locator(".portal-list").get_by_role("link", name=NAME)
    expect(matter_link).to_have_count(1)
    matter_link.click()
    visitor.wait_for_url(re.compile(r".*/portal/matters/[^/]+/$"))
    matter_url = visitor.url
    expect(visitor.locator("body")).to_contain_text(number)  # its decision is listed
    expect(visitor.get_by_test_id("request-exit")).to_have_count(0)  # not for anonymous visitors

    # A month into force, 东湖社区's worker asks for the matter to leave the catalog.
    today[0] = EXIT_ON
    worker = as_user("worker")
    worker.goto(base + "/portal/catalog/")
    worker.get_by_role("searchbox", name="搜索").fill(NAME)
    worker.get_by_role("button", name="搜索").click()
    worker.locator(".portal-list").get_by_role("link", name=NAME).click()
    worker.wait_for_url(matter_url)
    worker.get_by_test_id("request-exit").click()
    worker.wait_for_url(re.compile(r".*/access/exits/new/[^/]+/$"))
    worker.check("input[name=reasons][value=residents]")
    worker.check("input[name=reasons][value=duplicate]")
    worker.fill("#id_explanation", "居民反映入户宣传过于频繁，且与社区卫生服务站的健康教育重复。")
    worker.fill("#id_resident_signatures", "36")
    worker.get_by_role("button", name="提交退出申请").click()
    worker.wait_for_url(re.compile(r".*/access/exits/\d+/$"))
    done(worker, "已提交")
    status_is(worker, Status.SUBMITTED)
    exit_url = worker.url
    exit_reference = worker.locator("h1 small").inner_text()

    # The office accepts it; two members agree; the office decides the matter leaves.
    office.goto(base + "/access/exits/")
    office.get_by_role("link", name=exit_reference).click()
    office.wait_for_url(exit_url)
    click_action(office, "accept", "已完成")
    status_is(office, Status.UNDER_REVIEW)
    give_opinion(as_user("approver"), exit_url, "居民普遍不认可，同意退出。", "已完成")
    give_opinion(as_user("approver2"), exit_url, "与健康教育工作重复，同意退出。", "已完成")
    office.goto(exit_url)
    expect(office.get_by_test_id("tally")).to_contain_text("已提出意见 2 人")
    decide = office.locator("form[action$='/decide/']")
    decide.locator("input[name=outcome][value=exited]").check()
    decide.locator("textarea[name=reasons]").fill("居民普遍不认可，且与现有健康教育工作重复。")
    click_action(office, "decide", "已完成")
    status_is(office, Status.EXITED)
    exit_number = office.get_by_test_id("decision-number").inner_text().strip()
    assert exit_number != number

    # The portal says the matter has left; the current catalog no longer lists it.
    visitor.goto(matter_url)
    expect(visitor.locator(".warning")).to_contain_text(f"已于 {EXIT_ON.isoformat()} 退出清单")
    expect(visitor.locator("body")).to_contain_text(exit_number)
    visitor.goto(base + "/portal/catalog/?q=" + NAME)
    expect(visitor.locator(".portal-list").get_by_role("link", name=NAME)).to_have_count(0)
    expect(visitor.locator(".portal-list")).to_contain_text("没有符合条件的事项。")

    # Every step is in the audit chain, and the chain is intact.
    assert audit.verify().ok
    types = set(AuditEvent.objects.values_list("event_type", flat=True))
    assert types >= STEPS, sorted(STEPS - types)
    assert AuditEvent.objects.filter(event_type="opinion.give").count() == 4
