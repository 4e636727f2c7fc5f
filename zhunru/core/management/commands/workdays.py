"""zhunru workdays add DATE N | between A B | check DATE"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhunru.core import workdays


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{text!r} (expected YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = "工作日计算：add DATE N（N 个工作日之后的日期）；between A B（A 之后至 B 的工作日数）。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="DATE 之后第 N 个工作日")
        add.add_argument("day")
        add.add_argument("n", type=int)
        between = sub.add_parser("between", help="A 之后（不含）至 B（含）的工作日数")
        between.add_argument("a")
        between.add_argument("b")
        check = sub.add_parser("check", help="某日是否工作日")
        check.add_argument("day")

    def _warn(self, *days: dt.date) -> None:
        for year in sorted({d.year for d in days}):
            if not workdays.year_is_covered(year):
                self.stderr.write(
                    f"警告：{year} 年的官方节假日安排缺失，暂按周一至周五计算。"
                    f" Warning: no official schedule for {year}; Monday–Friday assumed."
                )

    def handle(self, *args: Any, action: str, **opts: Any) -> None:
        if action == "add":
            day = _date(opts["day"])
            if opts["n"] < 0:
                raise CommandError("N 不能为负数 (N must be >= 0)")
            result = workdays.add_working_days(day, opts["n"])
            self._warn(day, result)
            self.stdout.write(result.isoformat())
        elif action == "between":
            a, b = _date(opts["a"]), _date(opts["b"])
            self._warn(a, b)
            self.stdout.write(str(workdays.working_days_between(a, b)))
        else:
            day = _date(opts["day"])
            self._warn(day)
            self.stdout.write("workday" if workdays.is_workday(day) else "holiday")
