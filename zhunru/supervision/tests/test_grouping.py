"""Reports about the same department and matter (or both without a matter) that are not concluded yet
form one case; anything else opens a case of its own, numbered 示范区监督〔year〕n号 without gaps."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.catalog.models import Matter, MatterKind, MatterList
from zhunru.supervision.models import SupervisionCase
from zhunru.supervision.services import case_conclude, case_start_investigation, violation_report_file

pytestmark = pytest.mark.django_db


def test_two_communities_reporting_the_same_department_and_matter_share_a_case(
    community_worker, huayuan_worker, make_notice, negative_matter, district, supervisor, today
):
    first = violation_report_file(
        actor=community_worker, notice=make_notice(matter=negative_matter, verdict="negative")
    )
    second = violation_report_file(
        actor=huayuan_worker,
        notice=make_notice(
            community=district["huayuan_community"], matter=negative_matter, verdict="negative"
        ),
    )
    assert first.case == second.case
    assert SupervisionCase.objects.count() == 1
    assert sorted(r.community.name for r in first.case.reports.all()) == sorted(
        [district["donghu_community"].name, district["huayuan_community"].name]
    )


def test_reports_without_a_matter_group_by_department_alone(
    community_worker, huayuan_worker, make_notice, negative_matter, district, today
):
    a = violation_report_file(actor=community_worker, notice=make_notice())
    b = violation_report_file(
        actor=huayuan_worker, notice=make_notice(community=district["huayuan_community"])
    )
    c = violation_report_file(actor=community_worker, notice=make_notice(matter=negative_matter))
    assert a.case == b.case and a.case.matter is None
    assert c.case != a.case and c.case.matter == negative_matter


def test_another_matter_or_another_department_opens_another_case(
    community_worker, make_notice, negative_matter, district, today
):
    other_matter = Matter.objects.create(
        code="FM-TEST-02", name="要求社区挂牌", list=MatterList.NEGATIVE, kind=MatterKind.SIGNBOARD
    )
    cases = [
        violation_report_file(actor=community_worker, notice=make_notice(matter=negative_matter)).case,
        violation_report_file(actor=community_worker, notice=make_notice(matter=other_matter)).case,
        violation_report_file(
            actor=community_worker,
            notice=make_notice(department=district["minzheng"], matter=negative_matter),
        ).case,
    ]
    assert len({c.pk for c in cases}) == 3
    assert [c.number for c in cases] == [f"示范区监督〔2026〕{n}号" for n in (1, 2, 3)]


def test_a_report_joins_a_case_under_investigation(community_worker, supervisor, make_notice, today):
    case = violation_report_file(actor=community_worker, notice=make_notice()).case
    case_start_investigation(actor=supervisor, case=case)
    later = violation_report_file(actor=community_worker, notice=make_notice())
    assert later.case == case and case.reports.count() == 2


def test_after_the_case_is_concluded_a_new_report_opens_a_new_case(
    community_worker, supervisor, make_notice, today
):
    case = violation_report_file(actor=community_worker, notice=make_notice()).case
    case_start_investigation(actor=supervisor, case=case)
    case_conclude(
        actor=supervisor, case=case, substantiated=False, measures=[], conclusion="经核查，系正常工作联系。"
    )
    later = violation_report_file(actor=community_worker, notice=make_notice())
    assert later.case != case
    assert later.case.number == "示范区监督〔2026〕2号"
    assert case.reports.count() == 1


def test_unknown_departments_group_by_the_words_used(
    community_worker, huayuan_worker, make_notice, district, today
):
    a = violation_report_file(
        actor=community_worker, notice=make_notice(department=False, department_text="某协会")
    )
    b = violation_report_file(
        actor=huayuan_worker,
        notice=make_notice(
            community=district["huayuan_community"], department=False, department_text="某协会"
        ),
    )
    c = violation_report_file(
        actor=community_worker, notice=make_notice(department=False, department_text="别的单位")
    )
    d = violation_report_file(
        actor=community_worker, notice=make_notice(department=False, department_text="")
    )
    e = violation_report_file(
        actor=community_worker, notice=make_notice(department=False, department_text="")
    )
    assert a.case == b.case
    assert len({a.case_id, c.case_id, d.case_id, e.case_id}) == 4  # nothing to group an unnamed source by
    known = violation_report_file(actor=community_worker, notice=make_notice())
    assert known.case_id not in {a.case_id, c.case_id, d.case_id}


def test_numbers_restart_each_year(community_worker, make_notice, negative_matter, today):
    violation_report_file(actor=community_worker, notice=make_notice())
    today(dt.date(2027, 1, 4))
    report = violation_report_file(actor=community_worker, notice=make_notice(matter=negative_matter))
    assert report.case.number == "示范区监督〔2027〕1号" and report.reference == "JB2027-0001"
