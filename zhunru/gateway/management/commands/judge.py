"""zhunru judge --catalog C --departments D [--communities M] --notices N [--out verdicts.csv]

Needs no database: the same judge as the web page, over the given files (.csv or .xlsx)."""

from __future__ import annotations

import csv
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhunru.gateway.loading import VERDICT_HEADERS, InputError, judge_from_files, read_notices


class Command(BaseCommand):
    help = "按事项清单逐条判定社区收到的任务（不需要数据库），输出 verdicts.csv。"
    requires_system_checks: list = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--catalog", required=True)
        parser.add_argument("--departments", required=True)
        parser.add_argument("--communities")
        parser.add_argument("--notices", required=True)
        parser.add_argument("--out", help="输出文件；省略时写到标准输出 / default: standard output")

    def handle(self, *args: Any, **opts: Any) -> None:
        started = time.perf_counter()
        try:
            judge = judge_from_files(opts["catalog"], opts["departments"], opts["communities"])
            notices = read_notices(opts["notices"])
        except InputError as exc:
            for error in exc.report.errors:
                self.stderr.write(error.line(exc.report.file))
            self.stderr.write(exc.report.summary_zh())
            self.stderr.write(exc.report.summary_en())
            raise SystemExit(2) from None
        problems = _check(notices)
        if problems:
            for line in problems:
                self.stderr.write(line)
            raise SystemExit(2)
        rows = []
        for n in notices:
            day = dt.date.fromisoformat(n["date"]) if n.get("date", "").strip() else None
            v = judge.judge(
                text=n["text"],
                department=n.get("department", ""),
                date=day,
                community=n.get("community", "").strip(),
            )
            rows.append([n["id"], v.verdict, v.item, f"{v.score:.2f}", v.reason])
        out = open(opts["out"], "w", newline="", encoding="utf-8") if opts.get("out") else sys.stdout  # noqa: SIM115
        try:
            writer = csv.writer(out)
            writer.writerow(VERDICT_HEADERS)
            writer.writerows(rows)
        finally:
            if out is not sys.stdout:
                out.close()
        seconds = time.perf_counter() - started
        if opts.get("out"):
            self.stderr.write(
                f"已判定 {len(rows)} 条，用时 {seconds:.2f} 秒 → {Path(opts['out'])}"
                f" | judged {len(rows)} notices"
            )


def _check(notices: list[dict]) -> list[str]:
    """Every bad notice row, named; nothing is judged when any row is bad."""
    problems = []
    seen: dict[str, int] = {}
    for n in notices:
        row, nid = n["_row"], n.get("id", "").strip()
        if not nid:
            problems.append(f"第 {row} 行 [id]：编号不能为空 | row {row} [id]: empty id")
        elif nid in seen:
            problems.append(
                f"第 {row} 行 [id]：编号与第 {seen[nid]} 行重复 | row {row} [id]: same id as row {seen[nid]}"
            )
        seen.setdefault(nid, row)
        if not n.get("text", "").strip():
            problems.append(f"第 {row} 行 [text]：任务内容不能为空 | row {row} [text]: empty text")
        date = n.get("date", "").strip()
        if date:
            try:
                dt.date.fromisoformat(date)
            except ValueError:
                problems.append(
                    f"第 {row} 行 [date]：日期应为 YYYY-MM-DD，实为“{date}”"
                    f" | row {row} [date]: not YYYY-MM-DD"
                )
    return problems
