"""zhunru import departments|communities|catalog|notices FILE [--dry-run]"""

from __future__ import annotations

import importlib
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhunru.core.context import acting_from
from zhunru.core.tabular import FileProblem, read_path

# what -> "module:function"; each is a service (actor, name, data, dry_run) -> ImportReport
IMPORTERS = {
    "departments": "zhunru.areas.services:departments_import",
    "communities": "zhunru.areas.services:communities_import",
    "catalog": "zhunru.catalog.services:catalog_import",
    "notices": "zhunru.gateway.imports:notices_import",
}


def importer(what: str) -> Any:
    module, func = IMPORTERS[what].split(":")
    return getattr(importlib.import_module(module), func)


class Command(BaseCommand):
    help = (
        "导入单位、社区、事项清单或任务登记文件（.csv / .xlsx）。"
        "整个文件先校验；有错误时不写入任何数据，退出码 2。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=sorted(IMPORTERS))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入 / check only")

    def handle(self, *args: Any, what: str, file: str, dry_run: bool, **options: Any) -> None:
        try:
            name, data = read_path(file)
        except FileProblem as exc:
            raise CommandError(f"{exc.zh} | {exc.en}", returncode=2) from None
        with acting_from("cli"):
            report = importer(what)(actor=None, name=name, data=data, dry_run=dry_run)
        for warning in report.warnings:
            self.stderr.write(f"警告 warning: {warning}")
        if not report.ok:
            for error in report.errors:
                self.stderr.write(error.line(report.file))
            self.stderr.write(report.summary_zh())
            self.stderr.write(report.summary_en())
            raise SystemExit(2)
        self.stdout.write(report.summary_zh())
        self.stdout.write(report.summary_en())
