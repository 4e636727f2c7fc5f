"""zhunru audit verify — check the whole audit chain (exit 0 intact, 1 broken)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhunru.core import audit


class Command(BaseCommand):
    help = "审计日志：verify 校验整条哈希链（HMAC-SM3）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        started = time.perf_counter()
        result = audit.verify()
        seconds = time.perf_counter() - started
        if result.ok:
            self.stdout.write(
                f"审计链完整：已校验 {result.checked} 条事件，用时 {seconds:.1f} 秒。"
                f" Audit chain intact: {result.checked} events verified in {seconds:.1f} s."
            )
            return
        self.stderr.write(
            f"审计链被破坏：{result.problem}（首个异常事件 #{result.broken_seq}）。"
            f" Audit chain BROKEN at event #{result.broken_seq} after {result.checked} good events."
        )
        raise SystemExit(1)
