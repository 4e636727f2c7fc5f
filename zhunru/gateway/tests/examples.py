"""A small hand-computed example for the list, its filters, its monthly counts and its export."""

from __future__ import annotations

from decimal import Decimal

from zhunru.gateway import services

CHECKUP = "请社区通知辖区65岁以上老年人到社区卫生服务中心参加年度免费健康体检。"
MEDIATION = "两户居民因漏水发生争执，请社区人民调解委员会调解。"
ENFORCEMENT = "区城管局通知：请社区派人上街查处占道经营，拆除违法建设。"
LOW_INCOME = "请社区协助对最低生活保障申请家庭开展入户调查核实。"

# (key, text, department, date, hours, expected verdict)
ROWS = [
    ("A", CHECKUP, "区卫健委", "2026-05-10", "2", "admitted"),
    ("B", CHECKUP, "区卫健委", "2026-06-03", "1.5", "admitted"),
    ("C", MEDIATION, "", "2026-06-05", "3", "duty"),
    ("D", ENFORCEMENT, "", "2026-06-07", "4", "negative"),
    ("E", CHECKUP, "区民政局", "2026-06-09", "5", "unapproved"),
    ("F", LOW_INCOME, "区民政局", "2026-05-20", "1", "assist"),
]
# By hand: June has B admitted, C duty, D negative, E unapproved (refused); allowed hours 1.5 + 3.
# May has A admitted and F assist; allowed hours 2 + 1.
JUNE = {"duty": 1, "assist": 0, "admitted": 1, "negative": 1, "unapproved": 1}
MAY = {"duty": 0, "assist": 1, "admitted": 1, "negative": 0, "unapproved": 0}
JUNE_HOURS, MAY_HOURS = Decimal("4.5"), Decimal("3.0")


def register_examples(worker):
    notices = {}
    for key, text, department, day, hours, verdict in ROWS:
        notice = services.notice_register(
            actor=worker, text=text, department_text=department, received_on=day, hours=hours
        )
        assert notice.verdict == verdict, (key, notice.verdict, notice.reason)
        notices[key] = notice
    services.notice_refuse(actor=worker, notice=notices["E"])
    return notices
