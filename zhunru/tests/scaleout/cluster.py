"""A small cluster for the scale-out test: its own database, app servers (`zhunru serve`, i.e. gunicorn)
and workers (`zhunru worker`) as separate processes, a plain HTTP client and raw SQL for polling.

PostgreSQL: a database `zhunru_scaleout_<pid>` next to the one DATABASE_URL names, created here and
dropped at the end (never pytest's test database). SQLite: one file in the temporary directory.
"""

from __future__ import annotations

import email
import email.policy
import http.client
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

# variables of the parent (pytest) process that must not leak into the cluster's processes
DROPPED = {"DJANGO_ALLOW_ASYNC_UNSAFE", "ZHUNRU_EMAIL_HOST", "ZHUNRU_CACHE_URL", "DATABASE_URL"}


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@contextmanager
def postgres_database(base_url: str) -> Iterator[str]:
    """A fresh database on the server of `base_url`; dropped on exit."""
    import psycopg

    parts = urlsplit(base_url)
    name = f"zhunru_scaleout_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    cookies: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode()


def request(
    port: int,
    method: str,
    path: str,
    *,
    token: str = "",
    data: dict[str, Any] | None = None,
    form: dict[str, str] | None = None,
    cookies: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """One HTTP request, redirects not followed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    hdrs = dict(headers or {})
    body: bytes | None = None
    if token:
        hdrs["Authorization"] = f"Bearer {token}"
    if data is not None:
        body = json.dumps(data).encode()
        hdrs["Content-Type"] = "application/json"
    if form is not None:
        body = urlencode(form).encode()
        hdrs["Content-Type"] = "application/x-www-form-urlencoded"
    if cookies:
        hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    try:
        conn.request(method, path, body=body, headers=hdrs)
        resp = conn.getresponse()
        set_cookies = {}
        for name, value in resp.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                set_cookies[key.strip()] = rest.split(";", 1)[0]
        return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read(), set_cookies)
    finally:
        conn.close()


class Cluster:
    def __init__(self, root: Path, database_url: str) -> None:
        self.root = root
        self.database_url = database_url
        self.mail_dir = root / "mail"
        self.mail_dir.mkdir()
        (root / "data").mkdir()
        self.env = {k: v for k, v in os.environ.items() if k not in DROPPED}
        self.env.update(
            DATABASE_URL=database_url,
            ZHUNRU_DATA_DIR=str(root / "data"),
            ZHUNRU_DEBUG="1",
            ZHUNRU_CACHE_URL="db://",
            DJANGO_SETTINGS_MODULE="zhunru.tests.scaleout.settings",
            ZHUNRU_SCALEOUT_MAIL_DIR=str(self.mail_dir),
            PYTHONUNBUFFERED="1",
        )
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.servers: list[int] = []

    # ------------------------------------------------------------ processes

    def run(self, *args: str) -> str:
        """A one-off Python module or zhunru command in the cluster's environment; its stdout."""
        done = subprocess.run(
            [sys.executable, *args], env=self.env, capture_output=True, text=True, timeout=120, cwd=self.root
        )
        if done.returncode:
            raise AssertionError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def _spawn(self, name: str, *args: str) -> subprocess.Popen:
        log = open(self.root / f"{name}.log", "wb")  # noqa: SIM115  (closed with the process)
        proc = subprocess.Popen(
            [sys.executable, "-m", "zhunru", *args],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.root,
        )
        log.close()
        self.processes.append((name, proc))
        return proc

    def start_servers(self, count: int, *, workers: int = 1, threads: int = 4) -> list[int]:
        """Start `count` app servers (`zhunru serve`); `wait_for_servers` waits until they answer."""
        self._server_options = (workers, threads)
        self.servers = [self._serve(i, free_port()) for i in range(count)]
        return self.servers

    def _serve(self, i: int, port: int) -> int:
        workers, threads = self._server_options
        self._spawn(
            f"server{i}",
            "serve",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--bind",
            f"127.0.0.1:{port}",
            "--no-access-log",
            "--skip-checks",  # the suite runs them; this saves each server a second URLconf import
        )
        return port

    def wait_for_servers(self) -> None:
        for i in range(len(self.servers)):
            if not self._wait_ready(f"server{i}", self.servers[i]):
                # the free port was taken by another program meanwhile: once more on another one
                self.processes = [(n, p) for n, p in self.processes if n != f"server{i}"]
                self.servers[i] = self._serve(i, free_port())
                if not self._wait_ready(f"server{i}", self.servers[i]):
                    raise AssertionError(f"server{i}: no free port:\n{self.log(f'server{i}')}")

    def _wait_ready(self, name: str, port: int, timeout: float = 60) -> bool:
        proc = dict(self.processes)[name]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                if "in use" in self.log(name):
                    return False
                raise AssertionError(f"{name} exited:\n{self.log(name)}")
            try:
                if request(port, "GET", "/accounts/login/").status == 200:
                    return True
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"{name} did not answer within {timeout} s:\n{self.log(name)}")

    def start_workers(self, count: int) -> None:
        for i in range(count):
            self._spawn(f"worker{i}", "worker", "--interval", "1")

    def stop(self, prefix: str = "") -> None:
        """SIGTERM (graceful: a worker finishes its cycle, gunicorn its requests), then wait."""
        chosen = [(n, p) for n, p in self.processes if n.startswith(prefix)]
        for _name, proc in chosen:
            if proc.poll() is None:
                proc.terminate()
        for _name, proc in chosen:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.processes = [(n, p) for n, p in self.processes if (n, p) not in chosen]

    def log(self, name: str) -> str:
        return (self.root / f"{name}.log").read_text(errors="replace")[-4000:]

    # ------------------------------------------------------------ the database, read directly

    def scalar(self, sql: str) -> Any:
        if self.database_url.startswith("sqlite"):
            conn = sqlite3.connect(self.database_url.removeprefix("sqlite:///"), timeout=20)
            try:
                return conn.execute(sql).fetchone()[0]
            finally:
                conn.close()
        import psycopg

        with psycopg.connect(self.database_url) as conn:
            row = conn.execute(sql).fetchone()
            return row[0] if row else None

    def wait_for(self, what: str, condition: Any, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.2)
        logs = "\n".join(self.log(n) for n, _p in self.processes if n.startswith("worker"))
        raise AssertionError(f"timed out waiting for {what}\n{logs}")

    # ------------------------------------------------------------ e-mail written by the workers

    def mails(self) -> list[tuple[str, str]]:
        """(to, subject) of every message in the file backend's files, all processes together."""
        found = []
        for path in sorted(self.mail_dir.rglob("*.log")):
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if not chunk.strip():
                    continue
                message = email.message_from_bytes(chunk, policy=email.policy.default)
                found.append((str(message["To"]), " ".join(str(message["Subject"]).split())))
        return found


def parse_json(output: str) -> Any:
    """The last line of a script's output (migrate or Django may print before it)."""
    return json.loads(output.strip().splitlines()[-1])
