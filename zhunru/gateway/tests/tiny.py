"""A tiny catalog for the judge's rules, built in the tests (no database, no files)."""

from __future__ import annotations

import datetime as dt

from zhunru.gateway.judge import Item, Judge

DEPARTMENTS = [
    ("WJ", "区卫生健康委员会", ["区卫健委", "卫健委"], "119901010000100739"),
    ("MZ", "区民政局", ["民政局"], "11990101000010006B"),
    ("TJ", "区统计局", ["统计局"], "11990101000010284Q"),
    ("CG", "区城市管理局", ["区城管局", "城管局"], "1199010100001084X4"),
]
COMMUNITIES = {"990101001001": "东湖社区", "990101002001": "西岭社区"}


def item(code: str, name: str, list_: str, department: str | None, **kw: object) -> Item:
    names = {key: name for key, name, _a, _c in DEPARTMENTS}
    return Item(
        code=code,
        name=name,
        list=list_,
        kind=str(kw.pop("kind", "task")),
        department=department,
        department_name=names.get(department, "") if department else "",
        basis=str(kw.pop("basis", "")),
        description=str(kw.pop("description", "")),
        valid_from=kw.pop("valid_from", None),  # type: ignore[arg-type]
        valid_to=kw.pop("valid_to", None),  # type: ignore[arg-type]
        scope=kw.pop("scope", None),  # type: ignore[arg-type]
    )


ITEMS = [
    item("T-D01", "调解民间纠纷", "duty", None, description="通过人民调解委员会调解邻里、家庭等民间纠纷"),
    item(
        "T-A01",
        "协助开展低保对象入户核查",
        "assist",
        "MZ",
        basis="《社会救助暂行办法》",
        description="协助民政部门对最低生活保障申请家庭入户调查核实",
    ),
    item(
        "T-Z01",
        "协助组织65岁以上老年人免费健康体检",
        "admitted",
        "WJ",
        basis="示范区社区准入决定〔2026〕3号",
        description="通知辖区65岁以上老年人到社区卫生服务中心参加年度免费体检",
        valid_from=dt.date(2026, 3, 1),
        valid_to=dt.date(2026, 12, 31),
    ),
    item(
        "T-Z02",
        "协助开展农业普查入户登记",
        "admitted",
        "TJ",
        basis="示范区社区准入决定〔2026〕7号",
        description="协助普查员对涉农社区农户入户登记",
        scope=frozenset({"990101002001"}),
    ),
    item(
        "T-N01",
        "以社区为责任主体的行政执法和拆违",
        "negative",
        None,
        basis="《关于进一步开展社区减负工作的通知》",
        description="要求社区承担占道经营查处、违法建设拆除等行政执法工作",
    ),
]


def tiny_judge() -> Judge:
    return Judge(ITEMS, DEPARTMENTS, COMMUNITIES)
