"""Which department asks: typed (by name, alias or a close variant) or read from the words of the
message (【区卫健委】…, 区民政局通知：…, or a known name in the text)."""

from __future__ import annotations

import pytest

from zhunru.gateway.tests.tiny import tiny_judge


@pytest.fixture(scope="module")
def judge():
    return tiny_judge()


@pytest.mark.parametrize("typed", ["区卫生健康委员会", "区卫健委", "卫健委", "119901010000100739"])
def test_typed_names_aliases_and_codes(judge, typed):
    assert judge.resolve_department(typed) == "WJ"


def test_an_unknown_typed_name_resolves_to_nothing(judge):
    assert judge.resolve_department("区航模协会") is None


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("【区卫健委】请社区通知老年人参加体检。", "WJ"),
        ("[卫健委] 请社区通知老年人参加体检。", "WJ"),
        ("区民政局通知：请社区协助入户核查低保家庭。", "MZ"),
        ("民政局提醒: 请社区协助入户核查。", "MZ"),
        ("接区城管局要求，请社区查处占道经营。", "CG"),
    ],
)
def test_detected_from_the_words(judge, text, key):
    assert judge.detect_department(text) == key


def test_no_department_in_the_words(judge):
    assert judge.detect_department("请社区本周内报送辖区人口数据。") is None


def test_the_verdict_names_the_resolved_department(judge):
    typed = judge.judge(text="请社区协助对最低生活保障申请家庭开展入户核查。", department="民政局")
    assert typed.department == "区民政局"
    detected = judge.judge(text="区民政局通知：请社区协助对最低生活保障申请家庭开展入户核查。")
    assert detected.department == "区民政局"
    assert detected.verdict == "assist"


def test_the_judge_learns_a_new_alias_at_once(catalog, district):
    from zhunru.areas.models import Department
    from zhunru.gateway.loading import judge_from_db

    weijian = district["weijian"]
    assert judge_from_db().resolve_department("卫计老局") != weijian.pk
    Department.objects.filter(pk=weijian.pk).update(aliases=[*weijian.aliases, "卫计老局"])  # as an import
    assert judge_from_db().resolve_department("卫计老局") == weijian.pk
