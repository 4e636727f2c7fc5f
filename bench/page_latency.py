"""Page latency under 20 concurrent users against gunicorn on 127.0.0.1 (targets: p95 ≤ 150 ms; the demand list
≥ 200 requests/s; 0 errors; 0 "database is locked").

    .venv/bin/python bench/page_latency.py --data-dir DIR [--database-url URL] [--seed-notices N]
        [--users 20] [--seconds 20] [--workers 2] [--threads 4] [--port 8765] [--json out.json]
        [--pages bare,gateway,...] [--extra NAME=USER:PATH] [--env ZHUNRU_PAGE_CACHE_SECONDS=0]

DIR holds the data directory of a database prepared by `zhunru seed-scale` (its generated secrets; the SQLite
file when no --database-url). With --seed-notices N the script prepares it first: `zhunru seed-scale
--notices N` (city defaults otherwise) into DIR, which must be new (for PostgreSQL, an empty database).

The server is `zhunru serve` (gunicorn, production mode: ZHUNRU_DEBUG=0, no access log) with the secrets of
DIR. Each simulated user is a thread with its own keep-alive connection and its own session, logged in by
posting the login form with its CSRF token. Pages:

    bare          /healthz (no database, no session: the ceiling of this server configuration)
    demand list   /gateway/ as the community worker of the busiest community ("worker")
    to-do         /inbox/ as the approval office ("office")
    application   /access/applications/<pk>/ as "office", over 50 applications in review or decided
    dashboard     /dashboard/ as "officehead" (when the URL exists)
    catalog       /portal/catalog/ (anonymous)

For each page: a short warm-up, then every user requests it in a loop for --seconds; p50/p95/p99, requests/s,
errors (status ≠ 200 or a failed connection), its throughput as a fraction of the bare view, the load average
(1 min) when it ran, and "database is locked" lines counted in the server's log.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Zhunru@2026"
HOST = "127.0.0.1"


@dataclass
class Result:
    page: str
    path: str
    users: int
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    rps: float
    of_bare: float
    load1: float
    bytes: int
    note: str = ""


class Session:
    """One user: a keep-alive connection and a cookie jar."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None):
        head = {"Host": f"{HOST}:{self.port}", **(headers or {})}
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=head)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
                if attempt:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response.status, response.headers, data

    def login(self, username: str) -> None:
        status, _h, page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise RuntimeError(f"login page: {status}")
        form = urlencode(
            {"csrfmiddlewaretoken": token[1].decode(), "username": username, "password": PASSWORD}
        )
        status, _headers, _b = self.request(
            "POST", "/accounts/login/", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {username} failed: {status}")


def run_page(
    port: int, sessions: list[Session], paths: list[str], seconds: float
) -> tuple[list[float], int, int, float]:
    latencies: list[list[float]] = [[] for _ in sessions]
    errors = [0] * len(sessions)
    sizes = [0] * len(sessions)
    seen: list[str] = []
    start_gate = threading.Barrier(len(sessions) + 1)
    stop_at = [0.0]

    def user(i: int) -> None:
        s = sessions[i]
        n = i
        start_gate.wait()
        while time.perf_counter() < stop_at[0]:
            path = paths[n % len(paths)]
            n += len(sessions)
            t0 = time.perf_counter()
            try:
                status, _h, body = s.request("GET", path)
                ok = status == 200
                sizes[i] = len(body)
                if not ok and len(seen) < 3:
                    seen.append(f"{path} → {status}")
            except Exception as exc:
                ok = False
                if len(seen) < 3:
                    seen.append(f"{path} → {exc!r}")
            latencies[i].append(time.perf_counter() - t0)
            if not ok:
                errors[i] += 1

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(len(sessions))]
    for t in threads:
        t.start()
    stop_at[0] = time.perf_counter() + seconds
    t0 = time.perf_counter()
    start_gate.wait()
    for t in threads:
        t.join(seconds + 120)
    wall = time.perf_counter() - t0
    flat = [x for xs in latencies for x in xs]
    if seen:
        print("  first errors:", "; ".join(seen), flush=True)
    return flat, sum(errors), max(sizes), wall


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def zhunru(*args: str, env: dict[str, str], capture: bool = True) -> str:
    exe = str(Path(sys.executable).with_name("zhunru"))
    done = subprocess.run([exe, *args], env=env, capture_output=capture, text=True)
    if done.returncode != 0:
        raise SystemExit(f"zhunru {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return done.stdout


def secret_env(data_dir: Path) -> dict[str, str]:
    """Production mode needs the secrets: those the seeding run generated in DIR (debug mode), else new."""
    env = {}
    for name, size in (("ZHUNRU_SECRET_KEY", 0), ("ZHUNRU_AUDIT_KEY", 0), ("ZHUNRU_DATA_KEY", 32)):
        path = data_dir / f".{name.lower()}"
        if path.exists():
            env[name] = path.read_text().strip()
        else:
            env[name] = secrets.token_hex(size or 32)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) == 0


def start_server(env: dict[str, str], port: int, workers: int, threads: int, log: Path) -> subprocess.Popen:
    exe = str(Path(sys.executable).with_name("zhunru"))
    serve = ROOT / "zhunru/web/management/commands/serve.py"
    if serve.exists():
        argv = [exe, "serve", "--workers", str(workers), "--threads", str(threads)]
        argv += ["--bind", f"{HOST}:{port}", "--no-access-log"]
    else:
        argv = [str(Path(sys.executable).with_name("gunicorn")), "zhunru.wsgi", "-w", str(workers)]
        argv += ["--threads", str(threads), "-b", f"{HOST}:{port}"]
    handle = log.open("w")
    proc = subprocess.Popen(argv, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.time() + 90
    while time.time() < deadline:
        time.sleep(0.5)
        if proc.poll() is not None or "Connection in use" in log.read_text(errors="replace"):
            stop_server(proc)  # e.g. `zhunru serve` refuses a database with unapplied migrations
            raise SystemExit(f"server exited:\n{log.read_text()[-3000:]}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            pass
    raise SystemExit("server did not answer within 90 s")


def stop_server(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def sample_ids(env: dict[str, str]) -> list[int]:
    code = (
        "from zhunru.access.models import AccessApplication as A;"
        "ids=list(A.objects.exclude(status__in=['draft','signed','withdrawn']).order_by('pk')"
        ".values_list('pk', flat=True)[:5000:100]);print(','.join(map(str, ids)))"
    )
    out = zhunru("shell", "-c", code, env=env).strip().splitlines()[-1]
    return [int(x) for x in out.split(",") if x]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--database-url", default="")
    parser.add_argument(
        "--seed-notices", type=int, default=0, help="run seed-scale first with this many notices"
    )
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--pages", default="bare,gateway,inbox,application,catalog,dashboard")
    parser.add_argument(
        "--extra",
        action="append",
        default=[],
        metavar="NAME=USER:PATH",
        help="another page to measure, e.g. shell=worker:/accounts/password/ (USER empty: anonymous)",
    )
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting for the server, e.g. ZHUNRU_PAGE_CACHE_SECONDS=0 to measure without cached page parts",
    )
    parser.add_argument("--json", default="", help="write the results here too")
    args = parser.parse_args()

    data_dir = Path(args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHUNRU_")}
    env["ZHUNRU_DATA_DIR"] = str(data_dir)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    if args.seed_notices:
        print(f"seeding {args.seed_notices:,} notices into {args.database_url or data_dir} …", flush=True)
        t0 = time.perf_counter()
        print(zhunru("seed-scale", "--notices", str(args.seed_notices), env=env).strip().splitlines()[-1])
        print(f"seeded in {time.perf_counter() - t0:.0f} s")
    ids = sample_ids(env)
    prod = dict(
        env, ZHUNRU_DEBUG="0", ZHUNRU_SSL_REDIRECT="0", ZHUNRU_ALLOWED_HOSTS=HOST, **secret_env(data_dir)
    )
    prod.update(item.split("=", 1) for item in args.env)
    if not args.port:
        args.port = free_port()
    elif port_in_use(args.port):
        raise SystemExit(f"port {args.port} is in use (another server): choose another or leave --port out")
    log = Path(tempfile.mkstemp(prefix="zhunru-bench-", suffix=".log")[1])
    # a SIGTERM (e.g. from `timeout`) must still stop the server: turn it into SystemExit, so `finally` runs
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    server = start_server(prod, args.port, args.workers, args.threads, log)
    backend = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"
    print(
        f"server: {args.workers} workers × {args.threads} threads on {backend}; {args.users} users, "
        f"{args.seconds:.0f} s per page; nproc {os.cpu_count()}; {' '.join(args.env)}; log {log}",
        flush=True,
    )
    pages = {
        "bare": ("", ["/healthz"]),
        "gateway": ("worker", ["/gateway/"]),
        "inbox": ("office", ["/inbox/"]),
        "application": ("office", [f"/access/applications/{pk}/" for pk in ids]),
        "dashboard": ("officehead", ["/dashboard/"]),
        "catalog": ("", ["/portal/catalog/"]),
    }
    for extra in args.extra:
        name, _, rest = extra.partition("=")
        user, _, path = rest.partition(":")
        pages[name] = (user, [path])
    results: list[Result] = []
    bare_rps = 0.0
    try:
        for name in args.pages.split(","):
            user, paths = pages[name]
            sessions = [Session(args.port) for _ in range(args.users)]
            if user:
                for s in sessions:
                    s.login(user)
            if name == "dashboard":
                status, headers, _b = sessions[0].request("GET", "/dashboard/")
                if status in (301, 302):
                    paths = [headers["Location"]]
                elif status != 200:
                    print(f"{name:<12} not available (GET /dashboard/ → {status})", flush=True)
                    results.append(
                        Result(
                            name,
                            "/dashboard/",
                            0,
                            0,
                            0,
                            *[float("nan")] * 4,
                            0,
                            os.getloadavg()[0],
                            0,
                            "not available",
                        )
                    )
                    continue
            run_page(args.port, sessions[: min(4, len(sessions))], paths, 2)  # warm-up
            load = os.getloadavg()[0]
            lat, errors, size, wall = run_page(args.port, sessions, paths, args.seconds)
            rps = len(lat) / wall
            if name == "bare":
                bare_rps = rps
            r = Result(
                page=name,
                path=paths[0] if len(paths) == 1 else f"{paths[0]} … ({len(paths)} pages)",
                users=args.users,
                requests=len(lat),
                errors=errors,
                p50_ms=round(percentile(lat, 50) * 1000, 1),
                p95_ms=round(percentile(lat, 95) * 1000, 1),
                p99_ms=round(percentile(lat, 99) * 1000, 1),
                rps=round(rps, 1),
                of_bare=round(rps / bare_rps, 3) if bare_rps else float("nan"),
                load1=round((load + os.getloadavg()[0]) / 2, 2),
                bytes=size,
            )
            results.append(r)
            print(
                f"{r.page:<12} p50 {r.p50_ms:7.1f} ms  p95 {r.p95_ms:7.1f} ms  p99 {r.p99_ms:7.1f} ms  "
                f"{r.rps:7.1f} req/s  ({r.of_bare:.0%} of bare)  errors {r.errors}  n {r.requests}  "
                f"load {r.load1}  {r.bytes // 1024} KiB",
                flush=True,
            )
            for s in sessions:
                s.conn.close()
    finally:
        stop_server(server)
    locked = log.read_text(errors="replace").count("database is locked")
    print(f'"database is locked" in the server log: {locked}')
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "backend": backend,
                    "workers": args.workers,
                    "threads": args.threads,
                    "users": args.users,
                    "seconds": args.seconds,
                    "locked": locked,
                    "env": args.env,
                    "results": [asdict(r) for r in results],
                },
                ensure_ascii=False,
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
