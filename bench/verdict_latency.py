"""How long a community worker waits for a verdict on the web page (target: under 200 ms).

    .venv/bin/python bench/verdict_latency.py [--requests 200]

Loads the demo district into a fresh data directory (`zhunru demo --no-serve`), logs in as the demo worker
and posts each sample notice to the page's verdict preview (/gateway/judge/, the htmx call under the paste
box) through Django's test client — the whole request: middleware, session, judge, template. The first
request builds the judge (once per process and catalog change) and is reported on its own.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="zhunru-bench-")
    os.environ["ZHUNRU_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhunru.settings")
    zhunru = str(Path(sys.executable).with_name("zhunru"))
    subprocess.run([zhunru, "demo", "--no-serve"], check=True, capture_output=True)

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from zhunru.demo import loader

    settings.ALLOWED_HOSTS = ["*"]
    rows = csv.DictReader(loader.data_file("notices.csv").decode("utf-8-sig").splitlines())
    texts = [row["text"] for row in rows]
    client = Client()
    assert client.login(username="worker", password=loader.DEMO_PASSWORD)

    def post(text: str) -> float:
        start = time.perf_counter()
        response = client.post("/gateway/judge/", {"text": text})
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200 and b"data-verdict" in response.content, response.status_code
        return elapsed

    start = time.perf_counter()
    client.get("/gateway/")
    warm = (time.perf_counter() - start) * 1000
    first = post(texts[0])
    times = [post(texts[i % len(texts)]) for i in range(args.requests)]
    times.sort()
    print(f"verdict on the web page, {args.requests} requests, demo district ({len(texts)} sample notices)")
    print(f"  first page after start (imports, URLs, templates): {warm:.0f} ms")
    print(f"  first verdict (builds the judge): {first:.0f} ms")
    print(
        f"  p50 {statistics.median(times):.1f} ms · p95 {times[int(len(times) * 0.95) - 1]:.1f} ms · "
        f"max {times[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
