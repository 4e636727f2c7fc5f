# ruff: noqa: E501  (Chinese text of the demo lists)
"""Demo certificates: the two lists (the 20 certificates of the national first batch that residents'
committees must not issue, linked to the demo catalog's negative-list matters SF-N01…SF-N20, and a few
certificates a committee may issue, in the form Hubei publishes them: basis, purpose, procedure, sample),
a few registered issuances with synthetic but checksum-valid ID numbers, and a few refusals. Through the
services, idempotent."""

from __future__ import annotations

import datetime as dt

from zhunru.areas.models import Area
from zhunru.catalog.models import Matter
from zhunru.certificates import services
from zhunru.certificates.models import CertificateList, CertificateType, Issuance, Refusal
from zhunru.certificates.validators import check_digit
from zhunru.core import clock

NATIONAL_SOURCE = "民政部等六部门《关于改进和规范基层群众性自治组织出具证明工作的指导意见》附件（第一批）"
DEMO_SOURCE = "示范区村（社区）可以出具的证明事项清单（演示，格式参照湖北省公布的清单）"

# (catalog matter code, name, where the resident goes instead)
MUST_NOT = [
    (
        "SF-N01",
        "亲属关系证明",
        "由需要核实的部门通过户籍、婚姻登记、收养登记等信息共享核查；\n无法核查的，由申请人书面告知承诺。",
    ),
    (
        "SF-N02",
        "居民身份信息证明",
        "凭居民身份证、户口簿办理；\n需要户籍信息证明的，到户籍所在地公安派出所或通过公安政务服务平台申请。",
    ),
    (
        "SF-N03",
        "户口登记项目内容变更（更正）申请证明",
        "向户籍所在地公安派出所提出申请，由公安机关调查核实。",
    ),
    ("SF-N04", "居民养犬证明", "到所在地养犬登记管理部门（公安机关或区政府指定的部门）办理养犬登记。"),
    ("SF-N05", "无犯罪记录证明", "到户籍地或居住地公安派出所申请，或通过公安政务服务平台在线申请。"),
    (
        "SF-N06",
        "社区戒毒社区康复人员情况证明",
        "由街道办事处（乡镇人民政府）社区戒毒社区康复工作机构或公安机关出具。",
    ),
    ("SF-N07", "人员失踪证明", "向公安机关报案并取得报案回执；\n需要宣告失踪的，向人民法院申请。"),
    (
        "SF-N08",
        "婚姻状况证明",
        "由需要核实的部门向民政部门婚姻登记机关核查；\n无法核查的，由申请人书面告知承诺。",
    ),
    ("SF-N09", "出生证明", "到分娩的医疗卫生机构申领《出生医学证明》（卫生健康部门）。"),
    (
        "SF-N10",
        "健在证明",
        "养老金等待遇的领取资格由发放部门通过数据比对、人脸识别等方式认证，无需开具证明。",
    ),
    ("SF-N11", "死亡证明", "由医疗卫生机构出具《居民死亡医学证明（推断）书》；\n非正常死亡由公安机关出具。"),
    ("SF-N12", "疾病状况证明", "到诊治的医疗卫生机构开具诊断证明。"),
    ("SF-N13", "残疾状况证明", "凭《中华人民共和国残疾人证》，到区残疾人联合会办理或查询。"),
    (
        "SF-N14",
        "婚育状况证明",
        "由需要核实的部门向卫生健康部门核查生育登记信息；\n无法核查的，由申请人书面告知承诺。",
    ),
    (
        "SF-N15",
        "居民就业状况证明",
        "到人力资源社会保障部门（公共就业服务机构）查询、打印就业登记或失业登记信息。",
    ),
    ("SF-N16", "居民个人档案证明", "到档案保管单位（人事代理机构、人才服务中心、档案馆等）办理。"),
    (
        "SF-N17",
        "居民财产证明",
        "不动产到不动产登记机构查询，车辆到公安车辆管理所查询，存款到开户银行开具；\n社会救助的家庭经济状况由民政部门核对。",
    ),
    (
        "SF-N18",
        "遗产继承权证明",
        "到公证机构办理继承公证，或由不动产登记等机构依法查验；\n有争议的，向人民法院起诉。",
    ),
    (
        "SF-N19",
        "市场主体住所（经营场所）证明",
        "到市场监督管理部门办理登记，提交房屋使用证明或住所（经营场所）申报承诺。",
    ),
    (
        "SF-N20",
        "证件遗失证明",
        "向原发证机关申请补领，由申请人书面声明遗失；\n居民身份证到户籍所在地公安派出所补领。",
    ),
]

MAY_ISSUE = [
    {
        "code": "ZM-P01",
        "name": "指定监护人证明（指定监护书）",
        "basis": "《中华人民共和国民法典》第三十一条第一款：对监护人的确定有争议的，由被监护人住所地的居民委员会、"
        "村民委员会或者民政部门指定监护人。",
        "purpose": "对监护人的确定有争议时，指定无民事行为能力人或者限制民事行为能力人的监护人。",
        "procedure": "1. 有关当事人向被监护人住所地居民委员会提出申请；\n2. 居民委员会调查了解情况，尊重被监护人的真实意愿；\n"
        "3. 居民委员会集体研究，按照最有利于被监护人的原则指定；\n4. 出具指定监护书，一式三份，存档一份。",
        "sample": "指定监护书\n\n        ：\n    经调查了解，        （被监护人，住本社区      ）的监护人确定存在争议。"
        "根据《中华人民共和国民法典》第三十一条的规定，本居民委员会指定          为其监护人。\n"
        "    对本指定不服的，可以自接到通知之日起向人民法院申请指定监护人。\n\n"
        "                              ××社区居民委员会（盖章）\n                                    年  月  日",
    },
    {
        "code": "ZM-P02",
        "name": "受灾人员冬春生活困难情况民主评议意见",
        "basis": "《自然灾害救助条例》第二十一条：受灾人员冬春生活救助，由受灾人员本人申请或者村民小组、居民小组提名，"
        "经村民委员会、居民委员会民主评议，符合救助条件的，在自然村、社区范围内公示。",
        "purpose": "申请自然灾害冬春生活救助时，作为街道办事处审核的材料。",
        "procedure": "1. 受灾人员本人申请或者居民小组提名；\n2. 居民委员会组织民主评议；\n3. 在社区范围内公示；\n"
        "4. 出具评议意见，连同申请材料报街道办事处审核。",
        "sample": "受灾人员冬春生活困难情况民主评议意见\n\n    申请人：        ，住本社区        。\n"
        "    经  年  月  日民主评议（参加    人，同意    人），认为申请人             。"
        "已于  年  月  日至  年  月  日在社区公示，无异议。\n\n"
        "                              ××社区居民委员会（盖章）\n                                    年  月  日",
    },
    {
        "code": "ZM-P03",
        "name": "人民调解协议书",
        "basis": "《中华人民共和国人民调解法》第二十八条、第二十九条：经人民调解委员会调解达成调解协议的，可以制作调解协议书；"
        "调解协议书由各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。",
        "purpose": "记载民间纠纷经社区人民调解委员会调解达成的协议，当事人可以申请司法确认。",
        "procedure": "1. 当事人申请或者人民调解委员会主动调解；\n2. 调解达成协议；\n"
        "3. 制作调解协议书，当事人签名，人民调解员签名并盖章；\n4. 当事人各执一份，人民调解委员会留存一份。",
        "sample": "人民调解协议书\n\n编号：\n当事人（姓名、住所）：\n纠纷主要事实、争议事项：\n"
        "经调解，自愿达成如下协议：\n履行方式、时限：\n\n"
        "当事人（签名）                  人民调解员（签名）\n                              ××社区人民调解委员会（盖章）\n"
        "                                    年  月  日",
    },
]

# Synthetic people: an ID number is region + birth date + sequence + its computed check character.
PEOPLE = [
    ("刘晓梅", "420102", "19780314", "012", "13912340001"),
    ("王建国", "420102", "19550801", "035", "13512340002"),
    ("张丽", "420106", "19900227", "048", "18612340003"),
    ("陈志强", "420111", "19850930", "051", "15812340004"),
]


def synthetic_id(region: str, birth: str, seq: str) -> str:
    first17 = region + birth + seq
    return first17 + check_digit(first17)


def load_types() -> None:
    matters = {m.code: m for m in Matter.objects.filter(code__in=[c for c, _n, _h in MUST_NOT])}
    existing = set(CertificateType.objects.values_list("code", flat=True))
    for position, spec in enumerate(MAY_ISSUE, start=1):
        if spec["code"] not in existing:
            services.certificate_type_create(
                actor=None,
                certificate_list=CertificateList.MAY_ISSUE,
                source=DEMO_SOURCE,
                position=position,
                **spec,
            )
    for position, (matter_code, name, handled_by) in enumerate(MUST_NOT, start=1):
        code = f"ZM-N{position:02d}"
        if code in existing:
            continue
        matter = matters.get(matter_code)
        services.certificate_type_create(
            actor=None,
            code=code,
            name=name,
            certificate_list=CertificateList.MUST_NOT,
            matter=matter if matter is not None and matter.kind == "certificate" else None,
            basis=NATIONAL_SOURCE,
            handled_by=handled_by,
            source=NATIONAL_SOURCE,
            position=position,
        )


def load_register() -> None:
    """A few issuances and refusals in 东湖社区 and 花园路社区, by each community's worker."""
    if Issuance.objects.exists() or Refusal.objects.exists():
        return
    from zhunru.demo.gateway import community_worker

    types = {t.code: t for t in CertificateType.objects.all()}
    today = clock.today()
    donghu = Area.objects.filter(code="990101001001").first()
    huayuan = Area.objects.filter(code="990101001002").first()
    if donghu is None or huayuan is None:
        return
    plan = [
        (donghu, "ZM-P01", 0, 20),
        (donghu, "ZM-P03", 1, 9),
        (donghu, "ZM-P02", 2, 3),
        (huayuan, "ZM-P03", 3, 5),
    ]
    for community, code, person, days_ago in plan:
        name, region, birth, seq, phone = PEOPLE[person]
        services.issuance_create(
            actor=community_worker(community),
            community=community,
            certificate_type=types[code],
            applicant_name=name,
            id_number=synthetic_id(region, birth, seq),
            phone=phone,
            issued_on=today - dt.timedelta(days=days_ago),
        )
    refusals = [
        (donghu, "ZM-N05", "", "某出国留学中介"),
        (donghu, "ZM-N10", "", "区社保中心"),
        (donghu, "ZM-N01", "李某", "某小学"),
        (huayuan, "ZM-N19", "", ""),
    ]
    for community, code, resident, asker in refusals:
        services.refusal_create(
            actor=community_worker(community),
            community=community,
            certificate_type=types[code],
            resident_name=resident,
            requested_by=asker,
        )


def load() -> None:
    load_types()
    load_register()
