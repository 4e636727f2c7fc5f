"""Importing a large notices .xlsx (target: 100,000 rows in ≤ 60 s and ≤ 500 MB peak memory).

    .venv/bin/python bench/import_notices.py [--rows 100000] [--database-url URL]

Prepares the demo district in a fresh data directory (`zhunru demo --no-serve`; or migrates the database of
--database-url and loads the district and catalog), writes an .xlsx of N demands made from the sample
notices spread over the district's communities, departments and dates, then times
`zhunru import notices FILE` in its own process and reads that process's peak memory (ru_maxrss).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "zhunru/demo/data"


def write_notices(path: Path, rows: int) -> None:
    rng = random.Random(20261130)
    notices = list(csv.DictReader((SAMPLE / "notices.csv").read_text(encoding="utf-8-sig").splitlines()))
    communities = [
        r["code"]
        for r in csv.DictReader((SAMPLE / "communities.csv").read_text(encoding="utf-8-sig").splitlines())
    ]
    start = dt.date(2026, 1, 1)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("notices")
    sheet.append(["id", "department", "date", "community", "text"])
    for n in range(rows):
        sample = rng.choice(notices)
        day = start + dt.timedelta(days=rng.randrange(300))
        sheet.append(
            [f"B-{n:07d}", sample["department"], day.isoformat(), rng.choice(communities), sample["text"]]
        )
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    env = dict(os.environ, ZHUNRU_DATA_DIR=tempfile.mkdtemp(prefix="zhunru-bench-"))
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    zhunru = str(Path(sys.executable).with_name("zhunru"))
    if args.database_url:
        subprocess.run([zhunru, "migrate", "-v", "0"], check=True, env=env)
        code = "from zhunru.demo import loader; loader.load_district(); loader.load_catalog()"
        subprocess.run([zhunru, "shell", "-c", code], check=True, env=env, capture_output=True)
    else:
        subprocess.run([zhunru, "demo", "--no-serve"], check=True, env=env, capture_output=True)
    path = Path(env["ZHUNRU_DATA_DIR"]) / "notices.xlsx"
    t0 = time.perf_counter()
    write_notices(path, args.rows)
    print(
        f"wrote {args.rows:,} rows to {path.name} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    done = subprocess.run([zhunru, "import", "notices", str(path)], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode != 0:
        print(done.stderr[-2000:])
        raise SystemExit(done.returncode)
    print(done.stdout.strip().splitlines()[-1])
    print(f"database: {'PostgreSQL' if args.database_url else 'SQLite'}")
    print(
        f"import: {elapsed:.1f} s = {args.rows / elapsed:,.0f} rows/s; peak memory {max(peak, before) / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
