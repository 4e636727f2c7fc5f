"""Benchmark: how long does `zhunru audit verify` take on a large audit chain?

    .venv/bin/python bench/audit_verify.py [--events 1000000] [--batch 10000] [--keep]

Sets up Django on a fresh temporary data directory (a new SQLite database, migrated), fills it
with N audit events whose chain is computed with zhunru.core.audit's own canonical()/compute_mac(),
then runs zhunru.core.audit.verify() in a separate process so that its time and peak memory are
measured on their own. Target: 1,000,000 events verified in under 30 s.

With DATABASE_URL pointing at PostgreSQL, the events go into a throwaway database created for
the run (Django's test database, "test_<name>", so the role needs CREATEDB) and dropped at the end;
the configured database itself is never written to.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

EVENT_TYPES = [
    ("login.success", "accounts.user", "ok"),
    ("login.failed", "accounts.user", "failed"),
    ("matter.submit", "matters.matter", "ok"),
    ("matter.approve", "matters.matter", "ok"),
    ("matter.reject", "matters.matter", "ok"),
    ("role.grant", "accounts.user", "ok"),
    ("workday.set", "core.workdayoverride", "ok"),
    ("area.import", "areas.area", "denied"),
]
ACTORS = [
    (11, "wangjingban", "区卫生健康委员会"),
    (12, "approver1", "区民政局"),
    (13, "worker1", "东湖社区居民委员会"),
    (14, "officeclerk", "区社区工作事项准入办公室"),
    (None, "", ""),
]


def _setup_django(data_dir: Path) -> None:
    os.environ["ZHUNRU_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhunru.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # DEBUG keeps every SQL statement in memory (connection.queries)


def _is_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def _peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    # ru_maxrss is in KiB on Linux, bytes on macOS
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _fill(n: int, batch: int) -> tuple[int, str]:
    """Insert n chained events in batches of `batch`; return (last seq, last mac)."""
    from django.conf import settings
    from django.db import transaction

    from zhunru.core.audit import FIELDS, GENESIS, canonical, compute_mac
    from zhunru.core.models import AuditEvent, AuditHead

    if AuditEvent.objects.exists():
        raise SystemExit("the benchmark database already holds audit events; refusing to mix chains")
    key = settings.AUDIT_KEY
    rng = random.Random(20260101)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    prev = GENESIS
    # PostgreSQL (psycopg server-side binding) allows at most 65535 parameters per statement
    per_statement = min(batch, 65535 // (len(FIELDS) + 1)) if _is_postgres() else batch
    for first in range(1, n + 1, batch):
        rows = []
        for seq in range(first, min(first + batch, n + 1)):
            event_type, object_type, result = rng.choice(EVENT_TYPES)
            actor_id, actor_name, org = rng.choice(ACTORS)
            event = AuditEvent(
                seq=seq,
                created_at=start + dt.timedelta(seconds=seq * 3, microseconds=rng.randrange(1_000_000)),
                actor_id=actor_id,
                actor_name=actor_name,
                organization=org,
                ip=f"10.{seq % 256}.{(seq >> 8) % 256}.{rng.randrange(1, 255)}",
                event_type=event_type,
                object_type=object_type,
                object_id=str(rng.randrange(1, 50_000)),
                summary={"备注": "准入事项审核", "n": seq % 97, "role": "approver"} if seq % 3 else {},
                result=result,
            )
            event.mac = prev = compute_mac(key, prev, canonical(getattr(event, f) for f in FIELDS))
            rows.append(event)
        with transaction.atomic():
            AuditEvent.objects.bulk_create(rows, batch_size=per_statement)
    with transaction.atomic():
        AuditHead.objects.update_or_create(pk=1, defaults={"last_seq": n, "last_mac": prev if n else ""})
    return n, prev


def _fill_child(n: int, batch: int) -> None:
    """Runs in the child process, so that the fill's memory does not count against verify's."""
    started = time.perf_counter()
    _fill(n, batch)
    print(json.dumps({"seconds": time.perf_counter() - started}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="number of audit events (1000000)")
    parser.add_argument("--batch", type=int, default=10_000, help="events per bulk_create batch (10000)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    parser.add_argument("--fill-child", metavar="DATA_DIR", help=argparse.SUPPRESS)
    parser.add_argument("--db-name", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.events < 0 or args.batch < 1:
        parser.error("--events must be >= 0 and --batch >= 1")

    if args.fill_child:
        _setup_django(Path(args.fill_child))
        if args.db_name:
            from django.conf import settings

            settings.DATABASES["default"]["NAME"] = args.db_name
        _fill_child(args.events, args.batch)
        return 0

    data_dir = Path(tempfile.mkdtemp(prefix="zhunru-bench-"))
    _setup_django(data_dir)
    from django.core.management import call_command
    from django.db import connection

    from zhunru.core import audit

    postgres = _is_postgres()
    configured_db = connection.settings_dict["NAME"]
    test_db: str | None = None
    try:
        if postgres:
            # a throwaway database: never write a million events into the configured one
            test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        else:
            call_command("migrate", verbosity=0, interactive=False)
        connection.close()

        # fill in a child process: verify's peak memory below is then verify's own
        child = [sys.executable, __file__, "--fill-child", str(data_dir)]
        child += ["--events", str(args.events), "--batch", str(args.batch)]
        if test_db:
            child += ["--db-name", test_db]
        proc = subprocess.run(child, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr)
            return proc.returncode
        fill_seconds = json.loads(proc.stdout.strip().splitlines()[-1])["seconds"]
        fill_rss = _peak_rss_mib(resource.RUSAGE_CHILDREN)

        started, cpu_started = time.perf_counter(), time.process_time()
        result = audit.verify()
        verify_seconds = time.perf_counter() - started
        verify_cpu = time.process_time() - cpu_started
        verify_rss = _peak_rss_mib()
    finally:
        if test_db:
            connection.creation.destroy_test_db(configured_db, verbosity=0)
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)

    n = args.events
    rate = n / verify_seconds if verify_seconds > 0 else float("inf")
    where = "PostgreSQL (throwaway database)" if postgres else "SQLite"
    if args.keep and not postgres:
        where += f" ({data_dir})"
    print(f"database:      {where}")
    print(f"events:        {n:,}")
    print(f"fill time:     {fill_seconds:.1f} s ({n / fill_seconds if fill_seconds else 0:,.0f} events/s)")
    print(f"verify time:   {verify_seconds:.1f} s (CPU {verify_cpu:.1f} s; more wall time = a busy machine)")
    print(f"verify rate:   {rate:,.0f} events/s")
    print(f"peak RSS:      verify process {verify_rss:.0f} MiB, fill process {fill_rss:.0f} MiB")
    print(f"chain intact:  {'yes' if result.ok else 'NO — ' + result.problem}")
    return 0 if result.ok and result.checked == n else 1


if __name__ == "__main__":
    raise SystemExit(main())
