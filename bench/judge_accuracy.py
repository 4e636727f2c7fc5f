"""Judge accuracy on a district's files against its expected verdicts.

    .venv/bin/python bench/judge_accuracy.py [DATA_DIR]   (default ../shared/data/dev)

Prints verdict accuracy, matched-item accuracy and false refusals (an allowed demand — duty, assist or
admitted — judged negative or unapproved), and lists every miss.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhunru.settings")
os.environ.setdefault("ZHUNRU_DATA_DIR", tempfile.mkdtemp())
import django

django.setup()

from zhunru.gateway.loading import judge_from_files, read_notices


def main() -> None:
    root = Path(
        sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1].parent / "shared/data/dev"
    )
    judge = judge_from_files(root / "catalog.csv", root / "departments.csv", root / "communities.csv")
    expected = {r["id"]: r for r in csv.DictReader(open(root / "expected.csv", encoding="utf-8-sig"))}
    notices = read_notices(root / "notices.csv")
    right_verdict = right_item = allowed = false_refusals = 0
    misses = []
    for n in notices:
        v = judge.judge(
            text=n["text"],
            department=n["department"],
            date=dt.date.fromisoformat(n["date"]),
            community=n["community"],
        )
        exp = expected[n["id"]]
        ok_v = v.verdict == exp["verdict"]
        ok_i = v.item == (exp.get("item") or "")
        right_verdict += ok_v
        right_item += ok_i
        if exp["verdict"] in ("duty", "assist", "admitted"):
            allowed += 1
            false_refusals += v.verdict in ("negative", "unapproved")
        if not (ok_v and ok_i):
            misses.append(
                f"{n['id']}: expected {exp['verdict']} {exp.get('item')}, got {v.verdict} {v.item} ({v.score}) — {n['text'][:40]}"
            )
    total = len(notices)
    print(f"notices: {total}")
    print(f"verdict accuracy: {right_verdict / total:.1%}")
    print(f"matched-item accuracy: {right_item / total:.1%}")
    print(f"false refusals: {false_refusals}/{allowed} = {false_refusals / max(1, allowed):.1%}")
    for m in misses:
        print("  miss", m)


if __name__ == "__main__":
    main()
