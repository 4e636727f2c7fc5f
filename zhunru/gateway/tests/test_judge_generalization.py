"""The judge generalizes beyond the words of a district's catalog: everyday words for the same work
(domain synonyms), everyday names for the 20 certificates residents' committees must not issue, negative
demands described as an action and its object, and the safety net that keeps a plausible duty or
assistance demand from being refused."""

from __future__ import annotations

import pytest

from zhunru.gateway.judge import CERT_DEMAND, certificate_kind, concepts, normalize
from zhunru.gateway.tests.generalization import CERTIFICATE_CODES, CERTIFICATE_NAMES, DAY, HERE, general_judge


@pytest.fixture(scope="module")
def judge():
    return general_judge()


def verdict(judge, text: str, department: str) -> tuple[str, str]:
    v = judge.judge(text=text, department=department, date=DAY, community=HERE)
    return v.verdict, v.item


# ------------------------------------------------------------------ domain synonyms


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("楼上楼下因为空调外机噪音吵了好几回", "§调解"),
        ("汛期到了，低洼楼栋住户要组织转移", "§防灾转移"),
        ("流感高发，宣传防护知识", "§传染病"),
        ("6·26国际禁毒日宣传毒品危害", "§禁毒"),
        ("对辖区低保户逐户走访复核家庭收入", "§社会救助"),
    ],
)
def test_everyday_words_speak_of_the_catalog_topic(text, topic):
    assert topic in concepts(normalize(text))


@pytest.mark.parametrize(
    ("text", "department", "expected"),
    [
        (
            "望江小区楼上楼下因为空调外机噪音吵了好几回，请社区调委会出面调一下。",
            "城关街道",
            ("duty", "G-D01"),
        ),
        (
            "汛期到了，请社区把河边低洼楼栋住户名单理出来，预警一发布就组织转移。",
            "县应急局",
            ("assist", "G-A01"),
        ),
        ("冬季救助开始，请社区对辖区低保户逐户走访复核家庭收入。", "县民政局", ("assist", "G-A02")),
        ("近期流感高发，请社区通过居民群和宣传栏宣传流感防护知识。", "县卫健局", ("assist", "G-A03")),
        (
            "6·26国际禁毒日，请社区开展一次禁毒知识宣传，悬挂横幅，发放宣传资料。",
            "县公安局",
            ("assist", "G-A04"),
        ),
    ],
)
def test_paraphrased_duties_and_assistance_are_matched(judge, text, department, expected):
    assert verdict(judge, text, department) == expected


def test_a_banner_is_not_a_signboard(judge):
    """悬挂横幅 is publicity; only a demand for a sign or a plaque is limited to signboard items."""
    v = judge.judge(
        text="请社区在小区门口悬挂禁毒宣传横幅。", department="县公安局", date=DAY, community=HERE
    )
    assert (v.verdict, v.item) == ("assist", "G-A04")


def test_a_typed_department_with_the_county_name_or_a_section_resolves(judge):
    assert judge.resolve_department("样板县民政局") == "MZ"
    assert judge.resolve_department("县民政局社会救助股") == "MZ"
    assert judge.resolve_department("县航模协会") is None


# ------------------------------------------------------------------ certificates


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("学校要求社区出具祖孙关系证明", "亲属关系"),
        ("学校让社区开个证明，证明孩子和外公是祖孙关系", "亲属关系"),
        ("请社区开具居民身份信息证明", "身份信息"),
        ("请社区出具更正出生日期的证明", "户口项目变更"),
        ("请社区出具养狗证明", "养犬"),
        ("需要社区出具一份表现良好、无违法记录的证明", "无犯罪记录"),
        ("请社区出具其社区康复人员情况的证明", "戒毒康复"),
        ("请社区出具其儿子下落不明的证明", "失踪"),
        ("办理贷款需要单身证明，请社区给开一下", "婚姻状况"),
        ("请社区出具出生证明", "出生"),
        ("请社区给领取养老金的居民出具生存证明", "健在"),
        ("请社区出具其父亲已去世的证明", "死亡"),
        ("请社区出具其长期患病的证明", "疾病状况"),
        ("请社区出具其肢体残疾的证明", "残疾状况"),
        ("请社区出具独生子女证明", "婚育状况"),
        ("请社区为失业人员开具无业证明", "就业状况"),
        ("请社区出具个人档案证明", "个人档案"),
        ("请社区出具其家庭名下无房无车的证明", "财产"),
        ("请社区出具遗产继承权证明", "遗产继承"),
        ("请社区给他出个房屋用作经营场所的证明", "市场主体住所"),
        ("请社区先出一个户口簿遗失证明", "证件遗失"),
    ],
)
def test_everyday_certificate_names_are_classified(text, kind):
    plain = normalize(text)
    demand = CERT_DEMAND.search(plain)
    assert demand is not None, "not seen as a demand for a certificate"
    assert certificate_kind(plain, plain.find("证明", demand.start())) == kind


@pytest.mark.parametrize("kind", list(CERTIFICATE_NAMES))
def test_each_official_certificate_name_is_its_own_kind(kind):
    name = CERTIFICATE_NAMES[kind]
    assert certificate_kind(name, name.rfind("证明")) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("转学学生由外婆监护，学校要求社区出具祖孙关系证明，请配合办理。", "亲属关系"),
        ("居民孙某办理贷款需要单身证明，请社区给开一下。", "婚姻状况"),
        ("请社区给领取养老金的居民出具生存证明，方便办理待遇资格认证。", "健在"),
        ("有商户开小吃店，请社区给他出个房屋用作经营场所的证明。", "市场主体住所"),
        ("居民户口本丢了，请社区先出一个户口簿遗失证明，再到派出所补办。", "证件遗失"),
        ("居民申请慢病救助，请社区出具其长期患病的证明。", "疾病状况"),
        ("居民申请临时救助，请社区出具其家庭名下无房无车的证明。", "财产"),
        ("个体户申办营业执照，请社区在住所使用证明上盖章。", "市场主体住所"),
    ],
)
def test_a_certificate_asked_for_in_everyday_words_is_negative(judge, text, kind):
    v = judge.judge(text=text, department="县民政局", date=DAY, community=HERE)
    assert (v.verdict, v.item) == ("negative", CERTIFICATE_CODES[kind])
    assert "负面清单" in v.reason


def test_a_catalog_may_name_a_certificate_in_everyday_words():
    from zhunru.gateway.judge import Judge
    from zhunru.gateway.tests.generalization import DEPARTMENTS, ITEMS, _item

    items = [i for i in ITEMS if i.code != CERTIFICATE_CODES["健在"]]
    items.append(_item("X-01", "出具居民在世证明", "negative", None, kind="certificate"))
    v = Judge(items, DEPARTMENTS).judge(
        text="请社区为退休人员出具生存证明。", department="县人社局", date=DAY
    )
    assert (v.verdict, v.item) == ("negative", "X-01")


def test_a_certificate_not_on_the_list_is_unapproved_without_an_item(judge):
    v = judge.judge(text="请社区为居民出具一份居住证明。", department="县公安局", date=DAY, community=HERE)
    assert (v.verdict, v.item) == ("unapproved", "")
    assert "证明" in v.reason


# ------------------------------------------------------------------ negative demands as action + object


@pytest.mark.parametrize(
    ("text", "department", "item"),
    [
        ("请社区动员居民购买“样板惠民保”，每个社区完成200人，每周通报进度。", "县医保局", "G-N01"),
        ("请社区帮忙通知并督促辖区个体户补缴欠税。", "县税务局", "G-N02"),
        ("请每个社区组织不少于40名居民到场，提前半小时入场坐满。", "县民政局", "G-N03"),
        ("下周召开政策发布会，请各社区组织30名以上居民到会场充场。", "县民政局", "G-N03"),
        ("助残日募捐活动，每个社区完成捐款3000元。", "县民政局", "G-N04"),
        ("慈善一日捐活动开始，每个社区须完成5000元募捐任务。", "县民政局", "G-N04"),
        ("各社区养老服务工作实行月度打分，得分在全县排名通报。", "县民政局", "G-N05"),
    ],
)
def test_negative_demands_in_other_words(judge, text, department, item):
    assert verdict(judge, text, department) == ("negative", item)


@pytest.mark.parametrize(
    ("text", "department", "expected"),
    [
        (
            "请社区提醒居民按时续缴城乡居民养老保险，帮未参保的居民办理参保登记。",
            "县人社局",
            ("assist", "G-A05"),
        ),
        ("今年居委会换届，请社区召开居民会议，组织居民投票选举。", "城关街道", ("duty", "G-D03")),
        ("请社区把禁毒宣传资料转发到居民群。", "县公安局", ("assist", "G-A04")),
    ],
)
def test_ordinary_work_is_not_mistaken_for_a_negative_demand(judge, text, department, expected):
    """参保/保险, 投票选举, 转发到居民群 alone are not selling, online voting or forced forwarding."""
    assert verdict(judge, text, department) == expected


# ------------------------------------------------------------------ the safety net


def test_a_weakly_worded_duty_is_not_refused(judge):
    """The words hardly meet the item's, but the topic (宪法/法律 → 宣传法律) is that of a statutory duty."""
    v = judge.judge(
        text="宪法日快到了，请各社区搞一次宪法进小区。", department="城关街道", date=DAY, community=HERE
    )
    assert (v.verdict, v.item) == ("duty", "G-D02")


def test_the_safety_net_keeps_to_the_items_department(judge):
    """An assistance item shares the topic, but another department asks: unapproved, not assistance."""
    v = judge.judge(
        text="请社区对辖区低保户逐户复核家庭收入。", department="县卫健局", date=DAY, community=HERE
    )
    assert v.verdict == "unapproved"


def test_the_safety_net_does_not_cover_paperwork(judge):
    """A new ledger or periodic report needs an item that says so; a shared topic is not enough."""
    v = judge.judge(
        text="请社区建立辖区流感患者台账，每周报送卫健局。", department="县卫健局", date=DAY, community=HERE
    )
    assert (v.verdict, v.item) == ("unapproved", "")
