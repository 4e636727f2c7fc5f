"""Bench: PostgreSQL declarative partitioning of the demand table (gateway.TaskNotice) for a province.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/partitioning.py [--rows 1000000] [--months 24] [--counties 12] \\
        [--streets 8] [--communities 10] [--area county|hash] [--hash-partitions 8] [--keep]

A scratch database `zhunru_partbench_<pid>` is created on the server DATABASE_URL names (the role needs
CREATEDB), migrated with zhunru's own migrations, and dropped at the end (unless --keep). Nothing else on the
server is touched. This is a bench, not a migration: the application's table stays as it is.

1. Areas (counties → streets → communities) and a few departments are created with the ORM; N synthetic
   demands go into the real `gateway_tasknotice` table with one INSERT ... SELECT over generate_series.
2. `notice_part` is a copy of that table (CREATE TABLE ... (LIKE gateway_tasknotice)), partitioned
     by RANGE (received_on), one partition per month, and each month
       --area county: by LIST (county_code), one sub-partition per county plus a DEFAULT one — county_code
                      (the first 6 digits of the community's 12-digit 区划代码) is added to the copy;
       --area hash:   by HASH (community_id), --hash-partitions sub-partitions (no extra column).
   with the model's indexes created on the parent (so on every partition).
3. It prints, for the plain and the partitioned table: a community's month (the community worker's list),
   a county's month by verdict (a dashboard), EXPLAIN with the partitions actually scanned, timings, sizes,
   and retention (deleting the oldest month vs detaching its partition).

Findings it shows (and docs/deploy.md records): a unique constraint on a partitioned table must contain the
partition key, so `UNIQUE (id)` is refused — supervision's ViolationReport and RetaliationFlag reference a
TaskNotice by id and would need (id, received_on[, county_code]) or an unenforced reference.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VERDICTS_WEIGHTED = ["admitted"] * 3 + ["duty"] * 3 + ["assist"] * 2 + ["negative"] + ["unknown"]


def _scratch(base_url: str) -> tuple[str, str, str]:
    parts = urlsplit(base_url)
    name = f"zhunru_partbench_{os.getpid()}"
    return name, urlunsplit(parts._replace(path="/postgres")), urlunsplit(parts._replace(path=f"/{name}"))


def _admin(admin_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql)


def _setup_django(url: str, data_dir: Path) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["ZHUNRU_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhunru.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False


def _sql_literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, dict | list):
        return "'" + json.dumps(value).replace("'", "''") + "'::jsonb"
    return "'" + str(value).replace("'", "''") + "'"


def _areas(counties: int, streets: int, communities: int) -> list[tuple[int, str]]:
    """(id, code) of every community; codes 99 01 CC SSS KKK (a made-up province 99, city 01)."""
    from zhunru.areas.models import Area

    county_rows = Area.objects.bulk_create(
        [Area(code=f"9901{c:02d}000000", name=f"第{c}区", level="county") for c in range(1, counties + 1)]
    )
    street_rows = Area.objects.bulk_create(
        [
            Area(
                code=f"{county.code[:6]}{s:03d}000",
                name=f"{county.name}第{s}街道",
                level="street",
                parent=county,
            )
            for county in county_rows
            for s in range(1, streets + 1)
        ]
    )
    community_rows = Area.objects.bulk_create(
        [
            Area(
                code=f"{street.code[:9]}{k:03d}",
                name=f"{street.name}第{k}社区",
                level="community",
                parent=street,
            )
            for street in street_rows
            for k in range(1, communities + 1)
        ]
    )
    return [(a.pk, a.code) for a in community_rows]


def _departments(n: int = 12) -> list[int]:
    from zhunru.areas.models import Department

    rows = Department.objects.bulk_create(
        [
            Department(code=f"11990100MB{i:07d}X"[:18], name=f"区第{i}局", kind="department")
            for i in range(1, n + 1)
        ]
    )
    return [d.pk for d in rows]


def _load_notices(
    rows: int, months: int, first: dt.date, communities: list[int], departments: list[int]
) -> float:
    """N demands in the real table, spread evenly over the months and communities."""
    from django.db import connection

    from zhunru.gateway.models import TaskNotice

    generated = {
        "id": None,  # identity
        "community_id": f"(ARRAY{communities})[1 + mod(g * 7919, {len(communities)})::int]",
        "department_id": f"(ARRAY{departments})[1 + mod(g * 104729, {len(departments)})::int]",
        "received_on": f"DATE '{first.isoformat()}' + mod(g * 31, {months} * 30)::int",
        "text": "'请社区于本周内上报辖区独居老人名单及联系方式（第' || g || '号）'",
        "verdict": f"(ARRAY{VERDICTS_WEIGHTED})[1 + mod(g * 13, {len(VERDICTS_WEIGHTED)})::int]",
        "reason": "'按准入清单判定'",
        "score": "0.80",
        "action": "(ARRAY['pending','accepted','refused'])[1 + mod(g, 3)::int]",
        "created_at": "now()",
    }
    columns, values = [], []
    for field in TaskNotice._meta.concrete_fields:
        column = field.column
        if column in generated:
            if generated[column] is not None:
                columns.append(column)
                values.append(generated[column])
            continue
        if field.null:
            continue
        if field.has_default():
            columns.append(column)
            values.append(_sql_literal(field.get_default()))
            continue
        if field.get_internal_type() in ("CharField", "TextField", "FileField"):
            columns.append(column)
            values.append("''")
            continue
        raise SystemExit(
            f"bench: no synthetic value for the new NOT NULL column {column!r}; add one to `generated`"
        )
    sql = (
        f"INSERT INTO gateway_tasknotice ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM generate_series(1::bigint, %s) AS g"
    )
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(sql, [rows])
        cur.execute("ANALYZE gateway_tasknotice")
    return time.perf_counter() - started


def _month_starts(first: dt.date, months: int) -> list[dt.date]:
    out, day = [], first.replace(day=1)
    for _ in range(months + 2):  # a little beyond the data, as a scheduled job would keep ahead
        out.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def _partition(
    area: str, hash_partitions: int, first: dt.date, months: int, counties: list[str]
) -> dict[str, float]:
    """The partitioned copy; returns timings."""
    from django.db import connection

    timings = {}
    started = time.perf_counter()
    with connection.cursor() as cur:
        extra = ", county_code varchar(6) NOT NULL" if area == "county" else ""
        cur.execute(
            f"CREATE TABLE notice_part (LIKE gateway_tasknotice INCLUDING DEFAULTS INCLUDING CONSTRAINTS{extra}) "
            "PARTITION BY RANGE (received_on)"
        )
        starts = _month_starts(first, months)
        count = 0
        for begin, end in itertools.pairwise(starts):
            month = f"notice_part_{begin:%Y%m}"
            sub = "LIST (county_code)" if area == "county" else "HASH (community_id)"
            cur.execute(
                f"CREATE TABLE {month} PARTITION OF notice_part "
                f"FOR VALUES FROM ('{begin.isoformat()}') TO ('{end.isoformat()}') PARTITION BY {sub}"
            )
            if area == "county":
                for code in counties:
                    cur.execute(f"CREATE TABLE {month}_{code} PARTITION OF {month} FOR VALUES IN ('{code}')")
                cur.execute(f"CREATE TABLE {month}_other PARTITION OF {month} DEFAULT")
                count += len(counties) + 1
            else:
                for r in range(hash_partitions):
                    cur.execute(
                        f"CREATE TABLE {month}_h{r} PARTITION OF {month} "
                        f"FOR VALUES WITH (MODULUS {hash_partitions}, REMAINDER {r})"
                    )
                count += hash_partitions
        key = "id, received_on, county_code" if area == "county" else "id, received_on, community_id"
        cur.execute(f"ALTER TABLE notice_part ADD PRIMARY KEY ({key})")
        timings["partitions"] = count
        timings["create_s"] = time.perf_counter() - started

        started = time.perf_counter()
        if area == "county":
            cur.execute(
                "INSERT INTO notice_part SELECT n.*, left(a.code, 6) "
                "FROM gateway_tasknotice n JOIN areas_area a ON a.id = n.community_id"
            )
        else:
            cur.execute("INSERT INTO notice_part SELECT * FROM gateway_tasknotice")
        timings["copy_s"] = time.perf_counter() - started

        started = time.perf_counter()
        # the model's indexes (zhunru/gateway/models.py), created once on the parent: every partition gets them
        for name, cols in [
            ("np_comm_recv", "community_id, received_on"),
            ("np_dept_recv", "department_id, received_on"),
            ("np_comm_verdict", "community_id, verdict"),
        ]:
            cur.execute(f"CREATE INDEX {name} ON notice_part ({cols})")
        cur.execute("ANALYZE notice_part")
        timings["index_s"] = time.perf_counter() - started
    return timings


def _unique_id_refused() -> str:
    """A reference by id alone (supervision's OneToOneField to TaskNotice) needs UNIQUE (id)."""
    from django.db import DatabaseError, connection, transaction

    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("ALTER TABLE notice_part ADD CONSTRAINT np_id_unique UNIQUE (id)")
    except DatabaseError as exc:
        return str(exc).splitlines()[0]
    return "accepted (unexpected)"


def _relations(plan: Any) -> list[str]:
    found: list[str] = []
    if isinstance(plan, dict):
        if "Relation Name" in plan:
            found.append(plan["Relation Name"])
        for value in plan.values():
            found += _relations(value)
    elif isinstance(plan, list):
        for value in plan:
            found += _relations(value)
    return found


def _explain(sql: str, params: list[Any], repeat: int = 5) -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        raw = cur.fetchone()[0]
        plan = json.loads(raw) if isinstance(raw, str) else raw
        cur.execute("EXPLAIN (COSTS OFF) " + sql, params)
        text = "\n".join(row[0] for row in cur.fetchall())
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            cur.execute(sql, params)
            cur.fetchall()
            times.append((time.perf_counter() - started) * 1000)
    relations = _relations(plan)
    return {
        "scanned": sorted({r for r in relations if r.startswith("notice_part")}),
        "ms": statistics.median(times),
        "text": text,
        "execution_ms": plan[0]["Execution Time"],
        "planning_ms": plan[0]["Planning Time"],
    }


def _size(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT COALESCE((SELECT SUM(pg_total_relation_size(relid)) FROM pg_partition_tree(%s::regclass)), "
            "pg_total_relation_size(%s::regclass))",
            [table, table],
        )
        return int(cur.fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--counties", type=int, default=12)
    parser.add_argument("--streets", type=int, default=8, help="streets per county")
    parser.add_argument("--communities", type=int, default=10, help="communities per street")
    parser.add_argument("--area", choices=["county", "hash"], default="county")
    parser.add_argument("--hash-partitions", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not base.startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench/partitioning.py needs PostgreSQL: DATABASE_URL=postgres://user@host:port/db")
    name, admin, url = _scratch(base)
    _admin(admin, f'CREATE DATABASE "{name}"')
    import tempfile

    data_dir = Path(tempfile.mkdtemp(prefix="zhunru-partbench-"))
    try:
        _run(args, url, data_dir)
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"\nkept: {url}")
        else:
            _admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(args: argparse.Namespace, url: str, data_dir: Path) -> None:
    _setup_django(url, data_dir)
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        version = cur.fetchone()[0]
    print(f"PostgreSQL {version}; scratch database {connection.settings_dict['NAME']}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - started:.1f} s")

    communities = _areas(args.counties, args.streets, args.communities)
    departments = _departments()
    first = dt.date(2025, 1, 1)
    load_s = _load_notices(args.rows, args.months, first, [pk for pk, _c in communities], departments)
    print(
        f"{args.rows:,} demands over {args.months} months, {len(communities):,} communities in "
        f"{args.counties} counties: loaded in {load_s:.1f} s ({args.rows / load_s:,.0f} rows/s)"
    )
    counties = sorted({code[:6] for _pk, code in communities})
    t = _partition(args.area, args.hash_partitions, first, args.months, counties)
    print(
        f"partitioned copy ({args.area}): {t['partitions']} leaf partitions; created in {t['create_s']:.1f} s, "
        f"copied in {t['copy_s']:.1f} s, indexed in {t['index_s']:.1f} s"
    )
    print(f"UNIQUE (id) on the partitioned table: {_unique_id_refused()}")
    print(
        f"size: plain {_size('gateway_tasknotice') / 2**20:,.0f} MiB, "
        f"partitioned {_size('notice_part') / 2**20:,.0f} MiB (tables and indexes)"
    )

    community_pk, community_code = communities[len(communities) // 2]
    month = dt.date(2025, 6, 1)
    after = dt.date(2025, 7, 1)
    county = community_code[:6]
    county_filter = "AND county_code = %s" if args.area == "county" else ""
    queries = {
        "a community's month (its list of demands)": (
            "SELECT id, received_on, verdict, action FROM {t} WHERE community_id = %s "
            "AND received_on >= %s AND received_on < %s {extra} ORDER BY received_on DESC, id DESC",
            [community_pk, month, after],
            [county] if args.area == "county" else [],
        ),
        "a county's month by verdict (dashboard)": (
            "SELECT verdict, count(*) FROM {t} WHERE {county} AND received_on >= %s AND received_on < %s "
            "GROUP BY verdict",
            [month, after],
            [],
        ),
    }
    print()
    for label, (sql, params, extra_params) in queries.items():
        in_county = "community_id IN (SELECT id FROM areas_area WHERE code LIKE %s AND level = 'community')"
        plain_sql = sql.format(t="gateway_tasknotice", extra="", county=in_county)
        plain_params = params if "{county}" not in sql else [f"{county}%", *params]
        if args.area == "county":
            part_sql = sql.format(t="notice_part", extra=county_filter, county="county_code = %s")
            part_params = [*params, *extra_params] if "{county}" not in sql else [county, *params]
        else:
            part_sql = sql.format(t="notice_part", extra="", county=in_county)
            part_params = plain_params
        plain = _explain(plain_sql, plain_params)
        part = _explain(part_sql, part_params)
        print(f"== {label}")
        print(
            f"   plain:       {plain['ms']:7.2f} ms round trip (median of 5); planning "
            f"{plain['planning_ms']:.2f} ms, executor {plain['execution_ms']:.2f} ms"
        )
        print(
            f"   partitioned: {part['ms']:7.2f} ms round trip; planning {part['planning_ms']:.2f} ms, "
            f"executor {part['execution_ms']:.2f} ms; "
            f"scans {len(part['scanned'])} of {t['partitions']} partitions: {', '.join(part['scanned'][:4])}"
            + (" …" if len(part["scanned"]) > 4 else "")
        )
        print("   plan (partitioned):")
        for line in part["text"].splitlines():
            print("     " + line)
        print()

    # retention: the oldest month goes (to an archive) — a DELETE against a DETACH
    from django.db import connection as conn

    oldest = _month_starts(first, args.months)[0]
    with conn.cursor() as cur:
        started = time.perf_counter()
        cur.execute(
            "DELETE FROM gateway_tasknotice WHERE received_on >= %s AND received_on < %s",
            [oldest, _month_starts(first, 1)[1]],
        )
        deleted = cur.rowcount
        delete_s = time.perf_counter() - started
        started = time.perf_counter()
        cur.execute(f"ALTER TABLE notice_part DETACH PARTITION notice_part_{oldest:%Y%m}")
        cur.execute(f"DROP TABLE notice_part_{oldest:%Y%m}")
        detach_s = time.perf_counter() - started
    print(
        f"retention, oldest month ({deleted:,} rows): DELETE {delete_s * 1000:,.0f} ms "
        f"(and a VACUUM to come); DETACH + DROP {detach_s * 1000:,.0f} ms"
    )


if __name__ == "__main__":
    main()
