"""/api/v1/supervision: the office lists, reads, starts and concludes cases and reads the flags; a
department reads anonymous counts about itself; a community worker reads her community's reports."""

from __future__ import annotations

import pytest

from zhunru.api.tests.helpers import as_user, ok
from zhunru.supervision.models import CaseStatus
from zhunru.supervision.services import (
    case_conclude,
    case_start_investigation,
    retaliation_check,
    violation_report_file,
)

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


def test_the_office_lists_and_filters_cases(reports, supervisor, district):
    api = as_user(supervisor)
    page = ok(api.get("/supervision/cases"))
    assert page["count"] == 2
    first = next(c for c in page["items"] if c["id"] == reports[0].case_id)
    assert (
        first["reports"] == 2 and first["status"] == "received" and first["number"] == "示范区监督〔2026〕1号"
    )
    assert first["department"] == {"code": district["weijian"].code, "name": "区卫生健康委员会"}
    assert first["matter"]["code"] == "FM-TEST-01" and first["start_due"] == "2026-03-09"

    only = ok(api.get("/supervision/cases", department=district["minzheng"].code))
    assert [c["id"] for c in only["items"]] == [reports[2].case_id]
    assert ok(api.get("/supervision/cases", department="NOPE"))["count"] == 0
    assert ok(api.get("/supervision/cases", q="居住证明"))["count"] == 1
    assert ok(api.get("/supervision/cases", q=reports[2].reference))["count"] == 1
    assert ok(api.get("/supervision/cases", status="concluded"))["count"] == 0
    assert ok(api.get("/supervision/cases", year=2025))["count"] == 0
    assert ok(api.get("/supervision/cases", page_size=1))["pages"] == 2


def test_the_office_reads_a_case_with_its_reporters(reports, supervisor, community_worker, district):
    detail = ok(as_user(supervisor).get(f"/supervision/cases/{reports[0].case_id}"))
    assert [r["community"]["name"] for r in detail["report_list"]] == ["东湖社区", "花园路社区"]
    assert detail["report_list"][0]["reported_by"]["username"] == community_worker.username
    assert detail["report_list"][0]["evidence"]["verdict_label"] == "未经准入"
    assert detail["deadline"]["label"] == "启动调查期限" and detail["deadline"]["left"] == 5
    assert [a["name"] for a in detail["actions"]] == ["start_investigation"]
    assert detail["actions"][0]["path"] == f"/api/v1/supervision/cases/{reports[0].case_id}/start"


def test_start_and_conclude_through_the_api(reports, supervisor):
    api = as_user(supervisor)
    pk = reports[0].case_id
    detail = ok(api.post(f"/supervision/cases/{pk}/start"))
    assert detail["status"] == "investigating" and [a["name"] for a in detail["actions"]] == ["conclude"]
    detail = ok(
        api.post(
            f"/supervision/cases/{pk}/conclude",
            {"substantiated": True, "measures": ["rectify", "accountability"], "conclusion": "属实。"},
        )
    )
    assert detail["status"] == "concluded" and detail["measure_labels"] == ["责令整改", "问责"]
    assert {f["community"]["name"] for f in detail["feedback"]} == {"东湖社区", "花园路社区"}
    assert [h["to_status"] for h in detail["history"]] == ["received", "investigating", "concluded"]


def test_refusals_through_the_api(reports, supervisor, applicant, community_worker):
    api = as_user(supervisor)
    pk = reports[0].case_id
    conclusion = {"substantiated": True, "measures": ["rectify"], "conclusion": "属实。"}
    assert api.post(f"/supervision/cases/{pk}/conclude", conclusion).status_code == 409
    ok(api.post(f"/supervision/cases/{pk}/start"))
    assert api.post(f"/supervision/cases/{pk}/start").status_code == 409
    bad = api.post(f"/supervision/cases/{pk}/conclude", {**conclusion, "measures": []})
    assert bad.status_code == 400 and bad.json()["field"] == "measures"
    assert api.post(f"/supervision/cases/{pk}/conclude", {"conclusion": "x"}).status_code == 422
    assert api.get("/supervision/cases/999999").status_code == 404
    for user in (applicant, community_worker):  # not theirs: as if missing
        other = as_user(user)
        assert other.get(f"/supervision/cases/{pk}").status_code == 404
        assert other.post(f"/supervision/cases/{pk}/conclude", conclusion).status_code == 404
        assert other.get("/supervision/cases").status_code == 403
        assert other.get("/supervision/flags").status_code == 403
    assert as_user(supervisor).get(f"/supervision/cases/{pk}").json()["status"] == CaseStatus.INVESTIGATING


def test_flags(reports, supervisor, make_notice, applicant):
    retaliation_check(notice=make_notice())
    page = ok(as_user(supervisor).get("/supervision/flags"))
    assert page["count"] == 1
    flag = page["items"][0]
    assert (
        flag["kind"] == "demand"
        and flag["community"]["name"] == "东湖社区"
        and flag["days_after_report"] == 0
    )


def test_department_stats_are_counts_only(reports, supervisor, applicant, dept_head, community_worker):
    case = reports[0].case
    case_start_investigation(actor=supervisor, case=case)
    case_conclude(actor=supervisor, case=case, substantiated=True, measures=["rectify"], conclusion="属实。")
    for user in (applicant, dept_head):
        rows = ok(as_user(user).get("/supervision/department-stats"))
        assert rows == [
            {
                "month": "2026-03",
                "matter": "要求社区开具居住证明",
                "reports": 2,
                "cases": 1,
                "substantiated": 1,
            }
        ]
    for user in (supervisor, community_worker):
        assert as_user(user).get("/supervision/department-stats").status_code == 403


def test_my_reports(reports, supervisor, community_worker, huayuan_worker, applicant):
    page = ok(as_user(community_worker).get("/supervision/my-reports"))
    assert {r["reference"] for r in page["items"]} == {reports[0].reference, reports[2].reference}
    assert all(r["feedback"] == [] for r in page["items"])
    case = reports[0].case
    case_start_investigation(actor=supervisor, case=case)
    case_conclude(actor=supervisor, case=case, substantiated=False, measures=[], conclusion="不属实。")
    page = ok(as_user(huayuan_worker).get("/supervision/my-reports"))
    [mine] = page["items"]
    assert mine["reference"] == reports[1].reference and mine["case"]["status"] == "concluded"
    [feedback] = mine["feedback"]
    assert feedback["community"]["name"] == "花园路社区" and "不属实" in feedback["text"]
    for user in (applicant, supervisor):
        assert as_user(user).get("/supervision/my-reports").status_code == 403
