"""zhunru backup FILE|DIR [--keep N] [--force] — a consistent backup while the server runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhunru.core import backup


class Command(BaseCommand):
    help = (
        "备份数据库：SQLite 用在线备份接口（服务不必停止），PostgreSQL 用 pg_dump -Fc。"
        "FILE 为目录时按时间命名（zhunru-YYYYMMDD-HHMMSS），--keep N 只保留最新的 N 份。"
        " Back up the database (SQLite online backup API / pg_dump -Fc)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="备份文件，或存放备份的目录 backup file, or a directory")
        parser.add_argument(
            "--force", action="store_true", help="覆盖已存在的文件 overwrite an existing file"
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="FILE 为目录时，只保留最新的 N 份备份（0 = 全部保留） keep the newest N backups in DIR",
        )

    def handle(self, *args: Any, file: str, force: bool, keep: int, **options: Any) -> None:
        if keep < 0:
            raise CommandError("--keep 不能为负数 (must be 0 or more)")
        target = Path(file)
        if keep and not target.is_dir():
            raise CommandError("--keep 只能与目录一起使用 (--keep needs a directory)")
        try:
            result = backup.backup(target, force=force)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"已备份到 {result.path}：{len(result.tables)} 张表，{result.rows} 行，{result.size} 字节。"
            f" Backed up to {result.path}: {len(result.tables)} tables, {result.rows} rows."
        )
        if keep:
            for old in backup.prune(target, keep):
                self.stdout.write(f"已删除旧备份 removed old backup {old}")
