"""zhunru funding check-arrears [--date YYYY-MM-DD] | backfill"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhunru.funding import services


class Command(BaseCommand):
    help = (
        "经费：check-arrears 检查逾期未拨付的准入事项，认定经费未到位并自动提请退出审查"
        "（重复执行不会重复发起）；"
        "backfill 为已有的准予准入决定补建经费承诺。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser(
            "check-arrears", help="检查逾期欠拨 (mark overdue matters unfunded, open exit review)"
        )
        check.add_argument("--date", default="", help="按该日期检查（默认今天），YYYY-MM-DD")
        sub.add_parser("backfill", help="补建经费承诺 (create missing commitments)")

    def handle(self, *args: Any, action: str, **opts: Any) -> None:
        if action == "backfill":
            n = services.commitments_backfill(actor=None)
            self.stdout.write(f"新建经费承诺 {n} 条 (commitments created: {n})")
            return
        day = None
        if opts.get("date"):
            try:
                day = dt.date.fromisoformat(opts["date"])
            except ValueError:
                raise CommandError(
                    f"日期格式应为 YYYY-MM-DD：{opts['date']!r} (expected YYYY-MM-DD)"
                ) from None
        result = services.arrears_check(actor=None, today=day)
        self.stdout.write(
            f"新建经费承诺 {result['commitments']} 条；认定经费未到位 {result['unfunded']} 项；"
            f"发起退出申请 {result['exit_requests']} 件；出错 {result['errors']} 项 "
            f"(commitments={result['commitments']} unfunded={result['unfunded']} "
            f"exit_requests={result['exit_requests']} errors={result['errors']})"
        )
        if result["errors"]:
            raise CommandError("部分事项检查出错，详见日志 (some matters failed; see the log)")
