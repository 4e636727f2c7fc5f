"""The judge's rules on a tiny catalog: the negative list wins whoever asks; a duty or assistance item of
another department, an admitted item before or after its validity or outside its scope is unapproved,
with the reason; a demand the catalog does not know is unapproved without an item."""

from __future__ import annotations

import datetime as dt

import pytest

from zhunru.gateway.tests.tiny import tiny_judge

DONGHU, XILING = "990101001001", "990101002001"
IN_FORCE = dt.date(2026, 6, 1)
CHECKUP = "请社区通知辖区65岁以上老年人到社区卫生服务中心参加年度免费健康体检。"
CENSUS = "请社区协助普查员对农户开展农业普查入户登记。"
LOW_INCOME = "请社区协助对最低生活保障申请家庭开展入户核查。"


@pytest.fixture(scope="module")
def judge():
    return tiny_judge()


@pytest.mark.parametrize("department", ["区城管局", "区卫健委", "区民政局", ""])
def test_the_negative_list_wins_whoever_asks(judge, department):
    v = judge.judge(
        text="请社区派人上街查处占道经营，拆除违法建设。",
        department=department,
        date=IN_FORCE,
        community=DONGHU,
    )
    assert v.verdict == "negative"
    assert v.item == "T-N01"
    assert "负面清单" in v.reason and "《关于进一步开展社区减负工作的通知》" in v.reason


def test_a_duty_of_the_community_whoever_asks(judge):
    v = judge.judge(
        text="两户居民因漏水发生争执，请社区人民调解委员会调解民间纠纷。",
        department="区卫健委",
        date=IN_FORCE,
        community=DONGHU,
    )
    assert (v.verdict, v.item) == ("duty", "T-D01")


def test_assistance_asked_by_its_department(judge):
    v = judge.judge(text=LOW_INCOME, department="区民政局", date=IN_FORCE, community=DONGHU)
    assert (v.verdict, v.item) == ("assist", "T-A01")
    assert "《社会救助暂行办法》" in v.reason


def test_assistance_asked_by_another_department_names_the_right_one(judge):
    v = judge.judge(text=LOW_INCOME, department="区卫健委", date=IN_FORCE, community=DONGHU)
    assert v.verdict == "unapproved"
    assert v.item == "T-A01"
    assert "区民政局" in v.reason and "区卫生健康委员会" in v.reason


def test_admitted_work_in_force_for_its_department(judge):
    v = judge.judge(text=CHECKUP, department="区卫健委", date=IN_FORCE, community=DONGHU)
    assert (v.verdict, v.item) == ("admitted", "T-Z01")
    assert "有效期至2026-12-31" in v.reason


def test_admitted_work_asked_by_another_department(judge):
    v = judge.judge(text=CHECKUP, department="区民政局", date=IN_FORCE, community=DONGHU)
    assert (v.verdict, v.item) == ("unapproved", "T-Z01")
    assert "只准入由区卫生健康委员会提出" in v.reason


def test_admitted_work_before_it_is_valid(judge):
    v = judge.judge(text=CHECKUP, department="区卫健委", date=dt.date(2026, 2, 28), community=DONGHU)
    assert (v.verdict, v.item) == ("unapproved", "T-Z01")
    assert "自2026-03-01起才生效" in v.reason


def test_admitted_work_after_it_expired(judge):
    v = judge.judge(text=CHECKUP, department="区卫健委", date=dt.date(2027, 1, 1), community=DONGHU)
    assert (v.verdict, v.item) == ("unapproved", "T-Z01")
    assert "已于2026-12-31到期" in v.reason


def test_admitted_work_on_the_last_and_first_valid_day(judge):
    for day in (dt.date(2026, 3, 1), dt.date(2026, 12, 31)):
        assert (
            judge.judge(text=CHECKUP, department="区卫健委", date=day, community=DONGHU).verdict == "admitted"
        )


def test_admitted_work_outside_its_scope(judge):
    inside = judge.judge(text=CENSUS, department="区统计局", date=IN_FORCE, community=XILING)
    assert (inside.verdict, inside.item) == ("admitted", "T-Z02")
    outside = judge.judge(text=CENSUS, department="区统计局", date=IN_FORCE, community=DONGHU)
    assert (outside.verdict, outside.item) == ("unapproved", "T-Z02")
    assert "未准入东湖社区" in outside.reason


def test_unknown_work_is_unapproved_without_an_item(judge):
    v = judge.judge(
        text="请各社区本周五前组织居民观看航模表演并拍照上传。",
        department="区卫健委",
        date=IN_FORCE,
        community=DONGHU,
    )
    assert v.verdict == "unapproved"
    assert v.item == ""
    assert "不在本区社区工作事项清单中" in v.reason
