"""zhunru restore FILE --yes — replace the database with a backup, then verify the audit chain."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from zhunru.core import audit, backup


class Command(BaseCommand):
    help = (
        "从备份恢复数据库（替换当前全部数据！须加 --yes 或在终端确认）。SQLite 恢复前把当前数据库另存一份；"
        "PostgreSQL 用 pg_restore --clean。恢复后校验审计链。"
        " Restore the database from a backup (replaces all data; needs --yes), then verify the audit chain."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="备份文件 backup file (zhunru backup)")
        parser.add_argument(
            "--yes", action="store_true", help="不再询问，直接恢复 do not ask for confirmation"
        )

    def handle(self, *args: Any, file: str, yes: bool, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到备份文件：{path}  No such backup file.")
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError(
                    "恢复会替换当前数据库的全部数据，请先停止服务和 worker，再加 --yes 确认。"
                    " Restoring replaces ALL current data: stop the server and workers, then add --yes."
                )
            answer = input(f"用 {path} 替换当前数据库的全部数据？输入 yes 确认 / type yes to confirm: ")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消 cancelled")
        try:
            result = backup.restore(path)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        connections.close_all()
        if result.saved_current is not None:
            self.stdout.write(f"原数据库已另存为 the previous database was kept as {result.saved_current}")
        self.stdout.write(
            f"已恢复：{len(result.tables)} 张表，{result.rows} 行。"
            f" Restored: {len(result.tables)} tables, {result.rows} rows."
        )
        check = audit.verify()
        if not check.ok:
            self.stderr.write(
                f"审计链校验失败：{check.problem}（首个异常事件 #{check.broken_seq}）。"
                "ZHUNRU_AUDIT_KEY 是否与备份时相同？"
                f" Audit chain BROKEN at event #{check.broken_seq}: is ZHUNRU_AUDIT_KEY the one used"
                " when the backup was made?"
            )
            raise SystemExit(1)
        self.stdout.write(
            f"审计链完整：已校验 {check.checked} 条事件。"
            f" Audit chain intact: {check.checked} events verified."
        )
        self.stdout.write(
            "如代码版本比备份新，请运行 zhunru migrate。 Run `zhunru migrate` if the code is newer."
        )
