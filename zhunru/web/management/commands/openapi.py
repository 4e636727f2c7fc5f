"""zhunru openapi [--check] [--output PATH] — write the API's OpenAPI 3 document (docs/openapi.json),
or with --check exit 1 when the committed document differs from what the code describes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

DEFAULT_PATH = Path(settings.BASE_DIR).parent / "docs" / "openapi.json"


def document() -> dict[str, Any]:
    """The document the API serves at /api/v1/openapi.json, as plain JSON data."""
    from zhunru.api.main import api

    return json.loads(json.dumps(api.get_openapi_schema(), ensure_ascii=False))


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


class Command(BaseCommand):
    help = "写出接口的 OpenAPI 文档（docs/openapi.json）；--check 检查已提交的文档是否与代码一致。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="只检查，不一致时以状态 1 退出")
        parser.add_argument("--output", type=Path, default=DEFAULT_PATH, help="文档路径")

    def handle(self, *args: Any, check: bool, output: Path, **options: Any) -> None:
        doc = document()
        if check:
            try:
                committed = json.loads(output.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                self.stderr.write(f"无法读取 {output}：{exc}。 Cannot read {output}.")
                raise SystemExit(1) from None
            if committed != doc:
                self.stderr.write(
                    f"{output} 与代码不一致，请运行 `zhunru openapi` 重新生成。"
                    f" {output} is out of date: run `zhunru openapi`."
                )
                raise SystemExit(1)
            self.stdout.write(f"{output} 与代码一致。 {output} is up to date.")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(render(doc), encoding="utf-8")
        self.stdout.write(f"已写出 {output}（{len(doc['paths'])} 个路径）。 Wrote {output}.")
