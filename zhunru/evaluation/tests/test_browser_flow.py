"""In a real browser: the office opens the 2025 round; a community worker rates a department on a phone
(360 px, no sideways scrolling); the office closes, its head publishes (each after a confirmation); the
department head reads means and 95 % intervals and writes a reply; a department rated by fewer than five
communities reads "答卷不足5份，不公布"."""

from __future__ import annotations

import os

import pytest

from zhunru.conftest import PASSWORD
from zhunru.evaluation.models import DepartmentReply, EvaluationAnswer, EvaluationRound, RoundStatus

from .conftest import SCORES, rate

pytestmark = pytest.mark.browser
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs in the test thread


@pytest.fixture
def open_as(chromium, live_server):
    contexts = []

    def login(user, *, phone: bool = False):
        size = {"width": 360, "height": 740} if phone else {"width": 1200, "height": 900}
        context = chromium.new_context(viewport=size)
        context.set_default_timeout(8_000)
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(live_server.url + "/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(live_server.url + "/")
        return page

    yield login
    for context in contexts:
        context.close()


def test_open_answer_close_publish_reply(
    open_as,
    live_server,
    transactional_db,
    today,
    approval_clerk,
    approval_head,
    workers,
    minzheng_matter,
    weijian_notices,
    minzheng_head,
    dept_head,
    district,
):
    url = live_server.url
    office = open_as(approval_clerk)
    office.goto(url + "/evaluation/")
    office.click("details.actions summary")
    office.fill("#id_year", "2025")
    office.click("[data-testid=open-round]")
    office.wait_for_url(url + "/evaluation/2025/")
    rnd = EvaluationRound.objects.get(year=2025)

    phone = open_as(workers[0], phone=True)
    phone.goto(url + "/evaluation/")
    phone.click("text=去评议")
    phone.click("li[data-department=区民政局] a")
    for criterion, score in zip(("promptness", "money", "burden", "attitude"), SCORES[0], strict=True):
        phone.click(f"fieldset[data-criterion={criterion}] label:has-text('{score}')")
    phone.fill("#id_comment", "台账太多")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.click("[data-testid=submit-answer]")
    phone.wait_for_selector("li[data-department=区民政局] [data-testid=done]")
    answer = EvaluationAnswer.objects.get(community=workers[0].community, department=district["minzheng"])
    assert (answer.promptness, answer.money, answer.burden, answer.attitude) == SCORES[0]

    for i, worker in enumerate(workers[1:], start=1):
        rate(worker, rnd, district["minzheng"], SCORES[i])
    for worker in workers[:3]:
        rate(worker, rnd, district["weijian"], (2, 2, 2, 2))

    office.reload()
    office.click("button[data-action=close]")
    office.wait_for_selector("[data-testid=status]:has-text('已截止')")
    head_of_office = open_as(approval_head)
    head_of_office.goto(url + "/evaluation/2025/")
    head_of_office.click("button[data-action=publish]")
    head_of_office.wait_for_selector("[data-testid=status]:has-text('已公布')")
    assert EvaluationRound.objects.get().status == RoundStatus.PUBLISHED

    department = open_as(minzheng_head)
    department.goto(url + "/evaluation/2025/")
    own = department.locator("[data-testid=result][data-department=区民政局]")
    assert own.locator("tr[data-criterion=promptness] td.num").inner_text() == "4.13"
    assert "3.59 – 4.66" in own.locator("tr[data-criterion=promptness]").inner_text()
    assert "东湖社区" not in department.content() and "台账太多" not in department.content()
    department.fill("#id_text", "已合并台账，明年不再重复报送。")
    department.click("[data-testid=save-reply]")
    department.wait_for_selector("[data-testid=reply]")
    assert DepartmentReply.objects.get().text == "已合并台账，明年不再重复报送。"

    weijian = open_as(dept_head)
    weijian.goto(url + "/evaluation/2025/")
    mine = weijian.locator(
        "[data-testid=result][data-department=区卫生健康委员会] [data-testid=not-published]"
    )
    assert mine.inner_text().startswith("答卷不足5份，不公布")
