"""A reported department sees how often it was reported, per month and matter, and how many cases were
substantiated: about itself only, as counts only."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.supervision.selectors import department_stats
from zhunru.supervision.services import case_conclude, case_start_investigation, violation_report_file

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def test_counts_per_month_and_matter(
    community_worker, huayuan_worker, supervisor, applicant, make_notice, negative_matter, district, today
):
    huayuan = district["huayuan_community"]
    a = violation_report_file(actor=community_worker, notice=make_notice(matter=negative_matter))
    violation_report_file(actor=huayuan_worker, notice=make_notice(community=huayuan, matter=negative_matter))
    case_start_investigation(actor=supervisor, case=a.case)
    case_conclude(
        actor=supervisor, case=a.case, substantiated=True, measures=["circulate"], conclusion="属实。"
    )
    today(D("2026-04-08"))
    violation_report_file(actor=community_worker, notice=make_notice(matter=negative_matter))  # a new case
    violation_report_file(actor=huayuan_worker, notice=make_notice(community=huayuan))
    violation_report_file(
        actor=community_worker, notice=make_notice(department=district["minzheng"])
    )  # not ours

    rows = [
        (r.month.isoformat(), r.matter, r.reports, r.cases, r.substantiated)
        for r in department_stats(applicant)
    ]
    assert rows == [
        ("2026-04-01", "", 1, 1, 0),
        ("2026-04-01", "要求社区开具居住证明", 1, 1, 0),
        ("2026-03-01", "要求社区开具居住证明", 2, 1, 1),
    ]


def test_only_department_users_get_counts(
    community_worker, supervisor, street_officer, approval_clerk, outsider, make_notice, client, today
):
    violation_report_file(actor=community_worker, notice=make_notice())
    for user in (community_worker, supervisor, street_officer, approval_clerk, outsider):
        assert department_stats(user) == []
        client.force_login(user)
        assert client.get("/supervision/department/").status_code == 403


def test_the_page(applicant, community_worker, make_notice, client, today):
    client.force_login(applicant)
    assert "本单位没有被举报的记录" in client.get("/supervision/department/").content.decode()
    violation_report_file(actor=community_worker, notice=make_notice())
    html = client.get("/supervision/department/").content.decode()
    assert "2026-03" in html and "累计举报 1 件" in html and "举报社区和举报人依规保密" in html
