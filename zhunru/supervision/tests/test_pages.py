"""The supervision office's pages: the case list (filters, pages, Excel export), a case with its reports,
reporters and evidence, the start and conclude buttons, the settings. Nobody else opens them."""

from __future__ import annotations

import io

import openpyxl
import pytest

from zhunru.catalog.models import Matter, MatterKind, MatterList
from zhunru.supervision.models import CaseStatus, SupervisionCase
from zhunru.supervision.services import supervision_settings, violation_report_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(community_worker, huayuan_worker, make_notice, negative_matter, district, today):
    a = violation_report_file(actor=community_worker, notice=make_notice(matter=negative_matter))
    b = violation_report_file(
        actor=huayuan_worker,
        notice=make_notice(community=district["huayuan_community"], matter=negative_matter),
    )
    c = violation_report_file(actor=community_worker, notice=make_notice(department=district["minzheng"]))
    return a, b, c


@pytest.fixture
def office(client, supervisor):
    client.force_login(supervisor)
    return client


def test_the_case_list_and_its_filters(reports, office, district):
    html = office.get("/supervision/").content.decode()
    assert reports[0].case.number in html and reports[2].case.number in html
    assert "区卫生健康委员会" in html and "区民政局" in html and "要求社区开具居住证明" in html
    html = office.get("/supervision/", {"department": district["minzheng"].pk}).content.decode()
    assert reports[2].case.number in html and reports[0].case.number not in html
    html = office.get("/supervision/", {"q": "居住证明"}).content.decode()
    assert reports[0].case.number in html and reports[2].case.number not in html
    html = office.get("/supervision/", {"status": "concluded"}).content.decode()
    assert "没有符合条件的案件" in html


def test_the_list_has_pages(community_worker, make_notice, office, today):
    for n in range(26):
        matter = Matter.objects.create(
            code=f"FM-P-{n:02d}", name=f"事项{n}", list=MatterList.NEGATIVE, kind=MatterKind.TASK
        )
        violation_report_file(actor=community_worker, notice=make_notice(matter=matter))
    first = office.get("/supervision/").content.decode()
    assert (
        "第 1 / 2 页" in first and "示范区监督〔2026〕26号" in first and "示范区监督〔2026〕1号<" not in first
    )
    second = office.get("/supervision/", {"page": 2}).content.decode()
    assert "示范区监督〔2026〕1号<" in second


def test_the_export(reports, office):
    response = office.get("/supervision/export.xlsx", {"q": "居住证明"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["案件编号", "被举报单位", "事项", "状态"]
    assert len(rows) == 2
    assert rows[1][0] == reports[0].case.number and rows[1][7] == 2
    assert rows[1][8] == "东湖社区、花园路社区"


def test_a_case_page_shows_the_reports_reporters_and_evidence(reports, office, community_worker):
    case = reports[0].case
    html = office.get(f"/supervision/cases/{case.pk}/").content.decode()
    assert case.number in html and "东湖社区" in html and "花园路社区" in html
    assert community_worker.username in html and "赵社工" in html
    assert "请各社区于本周五前上报辖区内老年人体检台账" in html and "未经准入" in html and "区卫健委" in html
    assert 'data-action="start_investigation"' in html and 'data-action="conclude"' not in html
    assert "启动调查期限" in html and "还剩 5 个工作日" in html


def test_start_and_conclude_from_the_page(reports, office, district):
    case = reports[0].case
    response = office.post(f"/supervision/cases/{case.pk}/start_investigation/")
    assert response.status_code == 302 and response["Location"] == f"/supervision/cases/{case.pk}/"
    assert SupervisionCase.objects.get(pk=case.pk).status == CaseStatus.INVESTIGATING
    html = office.get(f"/supervision/cases/{case.pk}/").content.decode()
    assert 'data-action="conclude"' in html and "责令整改" in html

    bad = office.post(
        f"/supervision/cases/{case.pk}/conclude/", {"substantiated": "1", "conclusion": "属实。"}, follow=True
    )
    assert "须选择至少一项处理措施" in bad.content.decode()
    assert SupervisionCase.objects.get(pk=case.pk).status == CaseStatus.INVESTIGATING

    office.post(
        f"/supervision/cases/{case.pk}/conclude/",
        {"substantiated": "1", "measures": ["rectify", "interview"], "conclusion": "责令整改并约谈。"},
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CONCLUDED and case.measures == ["rectify", "interview"]
    html = office.get(f"/supervision/cases/{case.pk}/").content.decode()
    assert "举报属实" in html and "责令整改、约谈" in html and 'data-testid="feedback"' in html
    assert office.post(f"/supervision/cases/{case.pk}/delete/").status_code == 404


def test_nobody_else_opens_the_office_pages(
    reports, client, applicant, dept_head, community_worker, street_officer, approval_clerk, outsider
):
    case = reports[0].case
    for user in (applicant, dept_head, community_worker, street_officer, approval_clerk, outsider):
        client.force_login(user)
        for url in (
            "/supervision/",
            "/supervision/export.xlsx",
            "/supervision/flags/",
            "/supervision/settings/",
        ):
            assert client.get(url).status_code == 403, (user, url)
        assert client.get(f"/supervision/cases/{case.pk}/").status_code == 403
        assert client.post(f"/supervision/cases/{case.pk}/start_investigation/").status_code == 403
    assert SupervisionCase.objects.get(pk=case.pk).status == CaseStatus.RECEIVED
    client.logout()
    assert client.get("/supervision/").status_code == 302  # to the login page


def test_the_settings_page(office):
    html = office.get("/supervision/settings/").content.decode()
    assert "启动调查期限（工作日）" in html
    response = office.post(
        "/supervision/settings/",
        {"start_days": 4, "conclude_days": 20, "remind_days_before": 1, "retaliation_days": 90},
    )
    assert response.status_code == 302
    assert supervision_settings().conclude_days == 20


def test_navigation_by_role(client, supervisor, community_worker, applicant, approval_clerk):
    expected = {
        supervisor: ("监督案件", ["我的举报", "被举报统计"]),
        community_worker: ("我的举报", ["监督案件", "被举报统计"]),
        applicant: ("被举报统计", ["监督案件", "我的举报"]),
        approval_clerk: (None, ["监督案件", "我的举报", "被举报统计"]),
    }
    for user, (shown, hidden) in expected.items():
        client.force_login(user)
        html = client.get("/").content.decode()
        if shown:
            assert f">{shown}</a>" in html
        for label in hidden:
            assert f">{label}</a>" not in html


def test_the_community_page_is_for_community_workers(
    client, supervisor, applicant, street_officer, community_worker
):
    for user in (supervisor, applicant, street_officer):
        client.force_login(user)
        assert client.get("/supervision/mine/").status_code == 403
    client.force_login(community_worker)
    assert "本社区尚未举报" in client.get("/supervision/mine/").content.decode()
