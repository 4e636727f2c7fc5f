"""Domain vocabulary for matching community-work demands to catalog items.

`SYNONYMS`: surface words people write in notices → canonical words that catalogs use. They are
appended to both the notice and the item text before matching, so "乒乓球友谊赛" meets "文化体育活动".
`CONCEPTS`: kinds of demand that the negative lists of 民发〔2015〕136号 and the 减负 rules name. Each
has triggers (regexes on the notice) and item words that find the matching negative item in *this*
district's catalog; a concept without such an item in the catalog proves nothing by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SYNONYMS: dict[str, tuple[str, ...]] = {
    # culture and sport
    "体育": (
        "文体",
        "乒乓球",
        "篮球",
        "羽毛球",
        "足球",
        "排球",
        "运动会",
        "健步走",
        "广场舞",
        "太极",
        "棋类",
        "友谊赛",
        "趣味运动",
        "健身",
    ),
    "文化": ("文体", "文艺", "演出", "晚会", "联欢", "书法", "合唱", "读书", "观影", "文化节", "非遗"),
    # people
    "老年人": ("老人", "长者", "高龄", "周岁以上", "岁以上", "老年"),
    "儿童": ("孩子", "幼儿", "适龄儿童", "学生", "青少年"),
    "残疾人": ("残疾", "持证残疾", "残联", "辅具", "康复需求"),
    # health
    "健康体检": ("体检", "健康检查"),
    "疫苗接种": ("疫苗", "接种", "补种", "预防接种"),
    "慢病随访": ("高血压", "糖尿病", "慢性病", "随访"),
    "健康教育": ("健康知识", "健康讲座", "健康宣传"),
    # assistance and social security
    "最低生活保障": ("低保", "低保户", "低保家庭"),
    "困难群众": ("特困", "低边", "困难家庭", "困难群众"),
    "高龄津贴": ("高龄补贴", "高龄老人津贴"),
    "养老服务补贴": ("养老补贴",),
    "就业": ("失业", "招聘", "岗位", "求职", "就业困难", "再就业"),
    "医保": ("医疗保险", "参保", "缴费期", "城乡居民医保"),
    "优抚": ("优抚对象", "退役军人", "军属", "烈属", "慰问"),
    # public order
    "兵役登记": ("兵役", "征兵", "应征", "入伍"),
    "社区戒毒": ("戒毒", "社区康复人员", "吸毒"),
    "社区矫正": ("矫正对象", "矫正"),
    "治安": ("巡逻", "群防群治", "治安巡查", "楼道守望", "群租房"),
    "调解": ("纠纷", "争执", "矛盾", "吵架", "邻里纠纷"),
    "流动人口": ("租户", "外来人员", "居住登记", "出租屋"),
    "电信网络诈骗": ("反诈", "诈骗", "防骗"),
    # safety and environment
    "消防安全": ("消防", "火灾", "飞线充电", "楼道堆放", "电动车进楼", "灭火"),
    "燃气安全": ("燃气", "煤气", "液化气", "胶管", "软管"),
    "防汛": ("台风", "汛期", "暴雨", "内涝", "低洼", "易涝", "转移安置"),
    "垃圾分类": ("厨余", "桶边", "分类投放", "垃圾投放"),
    "环境卫生": ("卫生死角", "背街小巷", "卫生城市", "爱国卫生", "清理卫生"),
    "电动自行车": ("电动车", "电瓶车"),
    # self-government
    "居民会议": ("居民代表会议", "居民代表", "议事会", "协商议事", "业主委员会"),
    "居务公开": ("公开栏", "财务公开", "财务收支", "公示栏"),
    "意见建议": ("意见", "建议", "征求意见", "诉求"),
    "宣传法律": ("宪法", "普法", "法治宣传", "法律宣传"),
    "便民服务": ("便民", "志愿服务", "志愿者", "护学", "爱心"),
    "住户调查": ("人口普查", "抽样调查", "劳动力调查", "普查员", "调查员", "样本户"),
    "农业普查": ("农户", "涉农"),
    "信息平台": ("综合信息平台", "信息系统", "平台上"),
    # parties that certificates are about
    "市场主体": ("经营场所", "营业执照", "个体户", "个体工商户", "商户", "企业"),
    "亲属关系": ("祖父母", "外祖父母", "父子关系", "母子关系", "亲属"),
}


@dataclass(frozen=True)
class Concept:
    name: str
    label: str  # read out in the reason
    triggers: tuple[re.Pattern[str], ...]
    item_words: tuple[str, ...]  # words that identify this concept's item in a negative list


def _c(name: str, label: str, triggers: list[str], item_words: list[str]) -> Concept:
    return Concept(name, label, tuple(re.compile(t) for t in triggers), tuple(item_words))


CONCEPTS: tuple[Concept, ...] = (
    _c(
        "certificate",
        "要求社区出具证明",
        [r"(出具|开具|开个|开一份|提供|盖章).{0,14}证明", r"证明.{0,4}(盖章|盖个章)"],
        ["证明"],
    ),
    _c(
        "sales",
        "推销保险、商品或有偿服务",
        [r"推销", r"投保", r"保险", r"代售", r"订阅", r"购买.{0,6}(产品|商品)", r"销售"],
        ["推销", "保险", "商品"],
    ),
    _c("investment", "招商引资任务", [r"招商引资", r"招商线索", r"签约项目"], ["招商"]),
    _c("tax", "协税护税、代征税费", [r"协税", r"护税", r"代征", r"催缴.{0,8}税", r"欠缴税", r"税款"], ["税"]),
    _c(
        "fees",
        "代收水电费、物业费等费用",
        [r"代收", r"代缴", r"收取.{0,6}费", r"(水费|电费|燃气费|物业费|有线电视费)"],
        ["代收", "费"],
    ),
    _c(
        "enforcement",
        "以社区为责任主体的行政执法、拆违",
        [r"拆除", r"拆违", r"违章搭建", r"违建", r"执法", r"罚款", r"查处"],
        ["执法", "拆"],
    ),
    _c(
        "inspection",
        "以社区为主体的安全生产、食品安全检查",
        [r"(食品安全|安全生产).{0,10}检查", r"对.{0,10}(企业|商户|餐饮|门店|店铺).{0,8}检查"],
        ["检查", "执法"],
    ),
    _c(
        "online",
        "强制下载政务APP、关注公众号、点赞转发投票",
        [
            r"下载",
            r"(?i:app)",
            r"公众号",
            r"小程序",
            r"点赞",
            r"投票",
            r"刷票",
            r"转发.{0,6}(朋友圈|群)",
            r"注册.{0,6}激活",
        ],
        ["APP", "点赞", "投票", "公众号"],
    ),
    _c(
        "ranking",
        "部门单独对社区考核评比排名",
        [r"考核排名", r"排名", r"评比", r"通报批评", r"纳入.{0,4}考核", r"考评", r"打分"],
        ["考核", "评比", "排名"],
    ),
    _c("trace", "打卡签到、拍照留痕", [r"打卡", r"签到", r"留痕", r"拍照上传", r"定位"], ["打卡", "留痕"]),
    _c(
        "headcount",
        "摊派凑人数、当观众",
        [
            r"凑人数",
            r"当观众",
            r"(不少于|至少)\d+名?(居民|人).{0,8}(到场|到现场|参加|参会)",
            r"到现场.{0,4}观众",
        ],
        ["凑人数", "摊派", "观众"],
    ),
)
