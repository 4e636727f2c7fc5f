"""A small catalog worded unlike the sample district, for the judge's general capabilities (synonyms,
certificate names, negative action+object patterns, the safety net). No database, no files."""

from __future__ import annotations

import datetime as dt

from zhunru.gateway.judge import Item, Judge

DEPARTMENTS = [
    ("MZ", "县民政局", ["民政局"], "MZ-CODE"),
    ("YJ", "县应急管理局", ["县应急局", "应急局"], "YJ-CODE"),
    ("WJ", "县卫生健康局", ["县卫健局", "卫健局"], "WJ-CODE"),
    ("GA", "县公安局", ["公安局", "派出所"], "GA-CODE"),
    ("SW", "县税务局", ["税务局"], "SW-CODE"),
    ("RS", "县人社局", ["人社局"], "RS-CODE"),
]
HERE = "990909001001"
DAY = dt.date(2026, 6, 15)

CERTIFICATE_NAMES = {
    "亲属关系": "亲属关系证明",
    "身份信息": "居民身份信息证明",
    "户口项目变更": "户口登记项目内容变更申请证明",
    "养犬": "居民养犬证明",
    "无犯罪记录": "无犯罪记录证明",
    "戒毒康复": "社区戒毒社区康复人员情况证明",
    "失踪": "人员失踪证明",
    "婚姻状况": "婚姻状况证明",
    "出生": "出生证明",
    "健在": "健在证明",
    "死亡": "死亡证明",
    "疾病状况": "疾病状况证明",
    "残疾状况": "残疾状况证明",
    "婚育状况": "婚育状况证明",
    "就业状况": "就业状况证明",
    "个人档案": "个人档案证明",
    "财产": "财产证明",
    "遗产继承": "遗产继承权证明",
    "市场主体住所": "市场主体住所证明",
    "证件遗失": "证件遗失证明",
}


def _item(code: str, name: str, list_: str, department: str | None, description: str = "", **kw) -> Item:
    names = {key: name for key, name, _a, _c in DEPARTMENTS}
    return Item(
        code=code,
        name=name,
        list=list_,
        kind=str(kw.pop("kind", "task")),
        department=department,
        department_name=names.get(department, "") if department else "",
        basis=str(kw.pop("basis", "《城市居民委员会组织法》")),
        description=description,
        valid_from=kw.pop("valid_from", None),
        valid_to=kw.pop("valid_to", None),
        scope=kw.pop("scope", None),
    )


ITEMS = [
    _item("G-D01", "人民调解", "duty", None, "调处邻里、家庭等民间纠纷"),
    _item("G-D02", "宣传法律法规", "duty", None, "向居民宣传宪法、法律法规和国家政策"),
    _item("G-D03", "居民会议", "duty", None, "召集居民会议、居民代表会议"),
    _item(
        "G-A01",
        "协助做好灾害预警信息传递和危险区域群众转移",
        "assist",
        "YJ",
        "将预警信息传达到户，协助转移避险",
    ),
    _item("G-A02", "协助开展低保家庭经济状况核查和动态复核", "assist", "MZ", "协助入户调查和定期复核"),
    _item("G-A03", "协助开展传染病防控宣传和健康教育", "assist", "WJ", "宣传传染病防控和健康知识"),
    _item("G-A04", "协助开展禁毒宣传", "assist", "GA", "开展禁毒知识宣传教育"),
    _item("G-A05", "协助做好城乡居民养老保险参保登记", "assist", "RS", "宣传政策，协助参保登记、提醒续缴"),
    *[
        _item(f"G-C{n:02d}", name, "negative", None, "社区不再出具", kind="certificate")
        for n, name in enumerate(CERTIFICATE_NAMES.values(), 1)
    ],
    _item("G-N01", "推销商品、保险和有偿服务", "negative", None, "不得要求社区推销商品、商业保险"),
    _item("G-N02", "协税护税和催缴税费", "negative", None, "不得要求社区代征税款、催缴欠税"),
    _item("G-N03", "组织居民凑人数充当观众", "negative", None, "不得要求社区组织居民凑人数"),
    _item("G-N04", "摊派捐款和报刊订阅", "negative", None, "不得向社区摊派捐款、募捐指标"),
    _item("G-N05", "对社区考核评比和排名通报", "negative", None, "不得对社区考核、评比、排名"),
]
CERTIFICATE_CODES = {kind: f"G-C{n:02d}" for n, kind in enumerate(CERTIFICATE_NAMES, 1)}


def general_judge() -> Judge:
    return Judge(ITEMS, DEPARTMENTS, {HERE: "试验社区"})
