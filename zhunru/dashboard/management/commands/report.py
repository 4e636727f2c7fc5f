"""zhunru report monthly --month YYYY-MM --out report.pdf"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhunru.core import clock
from zhunru.dashboard import report, selectors
from zhunru.dashboard.figures import month_start


class Command(BaseCommand):
    help = "报告：monthly 生成全区社区减负工作月度报告 PDF (the monthly district report)。"
    requires_system_checks: list[str] = []  # a read: a second of checks at start is a tenth of the report

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True)
        monthly = sub.add_parser("monthly", help="月度报告 (monthly district report, PDF)")
        monthly.add_argument("--month", default="", help="月份 YYYY-MM（默认本月）")
        monthly.add_argument("--out", required=True, help="输出 PDF 文件路径")

    def handle(self, *args: Any, kind: str, **opts: Any) -> None:
        month = selectors.parse_month(opts["month"]) if opts["month"] else month_start(clock.today())
        if month is None:
            raise CommandError(f"月份格式应为 YYYY-MM：{opts['month']!r} (expected YYYY-MM)")
        out = Path(opts["out"])
        try:
            out.write_bytes(report.report_pdf(month))
        except OSError as exc:
            raise CommandError(f"无法写入 {out}：{exc.strerror} (cannot write the file)") from None
        self.stdout.write(f"已生成 {month:%Y-%m} 月度报告：{out} (written)")
