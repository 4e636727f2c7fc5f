"""The pages: the office opens, closes and publishes; a worker answers one department per form (bad
scores answered in the form); a department head reads its means and replies; exports; the menu."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from zhunru.evaluation.models import EvaluationAnswer, EvaluationRound, ProviderSurvey, RoundStatus

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_office_opens_a_round(client, approval_clerk, today):
    client.force_login(approval_clerk)
    page = html(client.get("/evaluation/"))
    assert "开启年度评议" in page and "还没有年度评议" in page
    response = client.post("/evaluation/", {"year": "2025", "due_on": "2026-01-31"})
    assert response.status_code == 302 and response["Location"] == "/evaluation/2025/"
    assert EvaluationRound.objects.get().due_on.isoformat() == "2026-01-31"
    again = html(client.post("/evaluation/", {"year": "2025"}))
    assert "2025 年度评议已经开启过" in again and EvaluationRound.objects.count() == 1


def test_a_worker_cannot_open_a_round(client, community_worker, today):
    client.force_login(community_worker)
    assert client.post("/evaluation/", {"year": "2025"}).status_code == 404
    assert not EvaluationRound.objects.exists()


def test_a_worker_rates_one_department_per_form(
    client, community_worker, round_2025, minzheng_matter, district
):
    client.force_login(community_worker)
    home = html(client.get("/evaluation/"))
    assert "2025 年度评议进行中" in home and "本社区已评议 0 / 1 个部门" in home
    page = html(client.get("/evaluation/2025/"))
    assert "本社区要评议的部门" in page and "区民政局" in page
    url = f"/evaluation/2025/rate/{district['minzheng'].pk}/"
    form = html(client.get(url))
    assert form.count('type="radio"') == 20 and "经费落实到位" in form

    bad = html(client.post(url, {"promptness": "6", "money": "0", "burden": "3", "attitude": "3"}))
    assert "errorlist" in bad and not EvaluationAnswer.objects.exists()

    done = client.post(
        url, {"promptness": "5", "money": "2", "burden": "3", "attitude": "4", "comment": "经费晚到"}
    )
    assert done.status_code == 302 and done["Location"] == "/evaluation/2025/"
    answer = EvaluationAnswer.objects.get()
    assert (answer.promptness, answer.money, answer.burden, answer.attitude) == (5, 2, 3, 4)
    again = html(client.get(url))
    assert "再次提交将替换原答卷" in again and re.search(r'name="money" value="2"[^>]*checked', again)


def test_a_department_outside_the_list_is_not_found(
    client, community_worker, round_2025, minzheng_matter, district
):
    client.force_login(community_worker)
    assert client.get(f"/evaluation/2025/rate/{district['weijian'].pk}/").status_code == 404
    assert client.get("/evaluation/2024/").status_code == 404


def test_the_office_closes_and_the_head_publishes(client, answered, approval_clerk, approval_head):
    client.force_login(approval_clerk)
    page = html(client.get("/evaluation/2025/"))
    assert "答卷进度" in page and 'data-action="close"' in page and "data-confirm" in page
    assert client.post("/evaluation/2025/close/").status_code == 302
    page = html(client.get("/evaluation/2025/"))
    assert "评议结果（未公布）" in page and 'data-action="publish"' not in page  # the clerk may not publish
    refused = client.post("/evaluation/2025/publish/", follow=True)
    assert "您无权执行此操作" in refused.content.decode()
    assert EvaluationRound.objects.get().status == RoundStatus.CLOSED
    client.force_login(approval_head)
    assert client.post("/evaluation/2025/publish/").status_code == 302
    assert EvaluationRound.objects.get().status == RoundStatus.PUBLISHED
    wrong = client.post("/evaluation/2025/close/", follow=True).content.decode()
    assert "不能“截止答卷”" in wrong
    assert client.post("/evaluation/2025/nonsense/").status_code == 404


def test_the_department_sees_means_and_replies(client, closed, minzheng_head, dept_head):
    client.force_login(minzheng_head)
    page = html(client.get("/evaluation/2025/"))
    assert "区民政局" in page and "4.13" in page and "3.59 – 4.66" in page and "8 个社区答卷" in page
    assert "区卫生健康委员会" not in page  # before publication: its own results only
    response = client.post("/evaluation/2025/reply/", {"text": "已合并台账。"})
    assert response.status_code == 302
    assert "已合并台账。" in html(client.get("/evaluation/2025/"))
    client.force_login(dept_head)
    page = html(client.get("/evaluation/2025/"))
    assert "答卷不足5份，不公布" in page and "3 份" not in page


def test_everyone_reads_published_results(client, published, community_worker, street_officer):
    for user in (community_worker, street_officer):
        client.force_login(user)
        page = html(client.get("/evaluation/2025/"))
        assert "评议结果" in page and "区民政局" in page and "答卷不足5份，不公布" in page


def test_the_export_has_scores_only(client, published, approval_clerk):
    client.force_login(approval_clerk)
    response = client.get("/evaluation/2025/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("单位", "答卷数", "任务布置及时合理平均分")
    assert rows[1][:5] == ("区民政局", 8, "4.13", "3.59", "4.66")
    assert rows[2][:3] == ("区卫生健康委员会", 3, "答卷不足5份，不公布")


def test_the_office_reads_comments_without_communities(client, published, approval_clerk, district):
    client.force_login(approval_clerk)
    page = html(client.get(f"/evaluation/2025/comments/{district['weijian'].pk}/"))
    assert page.count("体检台账重复填报") == 3 and "东湖社区" not in page


def test_the_menu_has_evaluation(client, community_worker, applicant, sysadmin):
    client.force_login(community_worker)
    assert 'href="/evaluation/"' in html(client.get("/"))
    client.force_login(sysadmin)
    assert 'href="/evaluation/"' not in html(client.get("/"))
    assert client.get("/evaluation/").status_code == 403


def test_a_worker_records_a_survey(client, community_worker, street_officer, today):
    client.force_login(community_worker)
    assert "登记测评" in html(client.get("/evaluation/providers/"))
    bad = html(
        client.post(
            "/evaluation/providers/new/",
            {
                "provider_name": "东湖物业",
                "kind": "property",
                "year": "2025",
                "surveyed_on": "2025-12-20",
                "asked": "10",
                "satisfied": "8",
                "not_satisfied": "3",
            },
        )
    )
    assert "不能超过参评人数" in bad and not ProviderSurvey.objects.exists()
    response = client.post(
        "/evaluation/providers/new/",
        {
            "provider_name": "东湖物业",
            "kind": "property",
            "year": "2025",
            "surveyed_on": "2025-12-20",
            "asked": "10",
            "satisfied": "4",
            "not_satisfied": "3",
        },
        follow=True,
    )
    assert "满意率 40.0%，不足50%" in response.content.decode()
    client.force_login(street_officer)
    page = html(client.get("/evaluation/providers/", {"flagged": "1"}))
    assert "东湖物业" in page and "启动解除物业服务合同程序" in page and "data-confirm" not in page
    export = client.get("/evaluation/providers/export.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1][:4] == ("东湖社区", "东湖街道", "东湖物业", "物业服务企业") and rows[1][9] == "40.0%"


def test_delete_asks_first(client, community_worker, today):
    import datetime as dt

    from zhunru.evaluation import services

    survey = services.provider_survey_record(
        actor=community_worker,
        provider_name="东湖物业",
        kind="property",
        year=2025,
        surveyed_on=dt.date(2025, 12, 1),
        asked=10,
        satisfied=9,
        not_satisfied=1,
    )
    client.force_login(community_worker)
    assert 'data-confirm="确定删除这条测评记录吗？"' in html(client.get("/evaluation/providers/"))
    assert client.post(f"/evaluation/providers/{survey.pk}/delete/").status_code == 302
    assert not ProviderSurvey.objects.exists()
