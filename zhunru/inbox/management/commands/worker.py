"""`zhunru worker [--once] [--interval SECONDS]`: send e-mail and run the deadline jobs.

Several workers may run at once: the outbox is claimed row by row and each reminder is sent once.
"""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

from zhunru.inbox import jobs


class Command(BaseCommand):
    help = "发送待发邮件并执行期限提醒、督办和续期提醒（--once 只执行一轮）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run one cycle and exit")
        parser.add_argument(
            "--interval", type=float, default=60.0, help="seconds between cycles (default 60)"
        )

    def handle(self, *args: Any, once: bool = False, interval: float = 60.0, **options: Any) -> None:
        if not 1 <= interval <= 86400:
            raise CommandError("--interval 应在 1 到 86400 秒之间 (must be 1–86400 seconds)")
        self._stop = False
        if not once:
            signal.signal(signal.SIGTERM, self._request_stop)
            signal.signal(signal.SIGINT, self._request_stop)
        while True:
            report = jobs.run_cycle()
            self.stdout.write(self._line(report))
            if once:
                if any(values.get("error") for values in report.values()):
                    raise CommandError("本轮执行出错，详见日志 (the cycle failed; see the log)")
                return
            if self._stop:
                return
            close_old_connections()
            deadline = time.monotonic() + interval
            while not self._stop and time.monotonic() < deadline:
                time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
            if self._stop:
                return
            close_old_connections()

    def _request_stop(self, signum: int, frame: Any) -> None:
        self._stop = True  # finish the current cycle, then exit

    @staticmethod
    def _line(report: dict[str, Any]) -> str:
        parts = []
        for section, values in report.items():
            parts.append(section + " " + " ".join(f"{k}={v}" for k, v in values.items()))
        return "; ".join(parts)
