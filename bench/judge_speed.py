"""Judge throughput on one core against a generated catalog of 1,000 items.

    .venv/bin/python bench/judge_speed.py [--items 1000] [--notices 20000]

Builds a synthetic catalog (the dev district's items recombined with other fields and places) and
notices (the dev notices with varied dates, communities and departments), then prints notices per
second for the judge alone and for the whole `zhunru judge` command, and the peak memory.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhunru.settings")
os.environ.setdefault("ZHUNRU_DATA_DIR", tempfile.mkdtemp())
import django

django.setup()

from zhunru.gateway.loading import judge_from_files, read_notices

DEV = Path(__file__).resolve().parents[1].parent / "shared/data/dev"
PLACES = [
    "老旧小区",
    "农贸市场",
    "学校周边",
    "商业街区",
    "城中村",
    "安置小区",
    "新建小区",
    "背街小巷",
    "河道沿线",
    "工业园区",
]
TOPICS = [
    "安全",
    "卫生",
    "宣传",
    "排查",
    "登记",
    "服务",
    "调查",
    "培训",
    "走访",
    "核实",
    "统计",
    "整治",
    "巡查",
    "帮扶",
]


def generate(workdir: Path, n_items: int, n_notices: int) -> tuple[Path, Path, Path, Path]:
    rng = random.Random(20261128)
    base = list(csv.DictReader(open(DEV / "catalog.csv", encoding="utf-8")))
    catalog = workdir / "catalog.csv"
    with open(catalog, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(base[0].keys()))
        writer.writeheader()
        for row in base:
            writer.writerow(row)
        for i in range(n_items - len(base)):
            src = dict(rng.choice(base))
            place, topic = rng.choice(PLACES), rng.choice(TOPICS)
            src["code"] = f"GEN-{i:05d}"
            src["name"] = f"{place}{src['name']}{topic}"
            src["description"] = f"{src['description']}，重点在{place}开展{topic}"
            writer.writerow(src)
    notices = workdir / "notices.csv"
    source = list(csv.DictReader(open(DEV / "notices.csv", encoding="utf-8")))
    with open(notices, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(source[0].keys()))
        writer.writeheader()
        for i in range(n_notices):
            row = dict(rng.choice(source))
            row["id"] = f"N{i:06d}"
            row["text"] = f"{rng.choice(PLACES)}{row['text']}"
            writer.writerow(row)
    return catalog, DEV / "departments.csv", DEV / "communities.csv", notices


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--notices", type=int, default=20000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp())
    catalog, departments, communities, notices = generate(workdir, args.items, args.notices)

    started = time.perf_counter()
    judge = judge_from_files(catalog, departments, communities)
    build = time.perf_counter() - started
    rows = read_notices(notices)
    import datetime as dt

    parsed = [(n["text"], n["department"], dt.date.fromisoformat(n["date"]), n["community"]) for n in rows]
    started = time.perf_counter()
    for text, department, date, community in parsed:
        judge.judge(text=text, department=department, date=date, community=community)
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"catalog items: {len(judge.items)}, notices: {len(parsed)}")
    print(f"index build: {build:.2f} s")
    print(
        f"judge alone: {len(parsed) / seconds:,.0f} notices/s on one core ({seconds * 1000 / len(parsed):.3f} ms each)"
    )
    print(f"peak memory (this process): {rss:.0f} MB")

    out = workdir / "verdicts.csv"
    cmd = [
        sys.executable,
        "-m",
        "zhunru",
        "judge",
        "--catalog",
        str(catalog),
        "--departments",
        str(departments),
        "--communities",
        str(communities),
        "--notices",
        str(notices),
        "--out",
        str(out),
    ]
    started = time.perf_counter()
    subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], check=True, capture_output=True, text=True)
    whole = time.perf_counter() - started
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], check=True, capture_output=True, text=True)
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    print(
        f"zhunru judge command, start to finish: {len(parsed) / whole:,.0f} notices/s ({whole:.2f} s), peak memory {peak_kb / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
