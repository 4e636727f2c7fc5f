"""Fixtures of the reliability tests: the people of the procedure, a file copy of the test database for
concurrent writers, and zhunru processes (commands, a gunicorn server) on a temporary data directory.

The test database is SQLite in memory with a shared cache: a second writer there fails at once ("database
table is locked") instead of waiting, which is not how zhunru runs. Tests with several writers therefore
copy it into a file (SQLite's backup API, as `zhunru backup` does) and point new connections — other
threads, other processes — at the copy: WAL, IMMEDIATE transactions and a busy timeout, the production set-up.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, closing, contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from zhunru.access.tests.states import FAST_HASHERS, TODAY, People, freeze
from zhunru.accounts.roles import Role
from zhunru.conftest import make_user

VENV_BIN = Path(sys.executable).parent


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def today(monkeypatch):
    freeze(monkeypatch, TODAY)
    return TODAY


@pytest.fixture
def people(district, today) -> People:
    """区卫健委 (clerk, head), the approval office, and two joint-meeting members of other units."""
    return People(
        clerk=make_user(
            "r_clerk",
            role=Role.DEPT_CLERK,
            department=district["weijian"],
            full_name="王经办",
            email="wang@weijian.example.cn",  # notifications also go to the e-mail outbox
        ),
        head=make_user("r_head", role=Role.DEPT_HEAD, department=district["weijian"]),
        office=make_user("r_office1", role=Role.APPROVAL_CLERK, department=district["office"]),
        approvers=[
            make_user("r_member1", role=Role.APPROVER, department=district["minzheng"], full_name="吴委员"),
            make_user("r_member2", role=Role.APPROVER, department=district["donghu"], full_name="孙委员"),
        ],
    )


@pytest.fixture
def office2(district):
    """A second clerk of the approval office: two people who may decide the same application."""
    return make_user("r_office2", role=Role.APPROVAL_CLERK, department=district["office"])


# ---------------------------------------------------------------- a file copy of the test database


def copy_database(path: Path) -> Path:
    """Copy the (committed) test database into an SQLite file in WAL mode."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite files, processes and PRAGMAs: this test is about SQLite")
    if connection.in_atomic_block:  # the backup would wait forever for the test's own transaction
        raise RuntimeError("copy_database() needs committed data: use transactional_db")
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as target:
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
    return path


class FileDatabase:
    """While the test database's name points at the file, new connections (other threads) open the file;
    the main thread keeps its own connection to the database in memory."""

    def __init__(self, path: Path | None) -> None:
        self.path = path  # None on PostgreSQL: every connection opens the shared test database

    def run(self, fn: Callable[[], Any]) -> Any:
        """Run fn in a new thread, on a new connection to the file, and return its result."""
        box: dict[str, Any] = {}

        def target() -> None:
            try:
                box["value"] = fn()
            except BaseException as exc:
                box["error"] = exc
            finally:
                connection.close()

        thread = threading.Thread(target=target)
        thread.start()
        thread.join(timeout=300)
        if "error" in box:
            raise box["error"]
        return box.get("value")


@contextmanager
def opening(path: Path) -> Iterator[FileDatabase]:
    """New connections open the SQLite file `path` inside the block."""
    settings_dict = connection.settings_dict
    memory_name = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    try:
        yield FileDatabase(path)
    finally:
        settings_dict["NAME"] = memory_name


@pytest.fixture
def file_database(transactional_db, tmp_path) -> Iterator[Callable[[], FileDatabase]]:
    """Call the value to copy the test database to a file and switch new connections to it."""
    with ExitStack() as stack:

        def switch() -> FileDatabase:
            if connection.vendor != "sqlite":
                return FileDatabase(None)  # PostgreSQL: threads share the test database and its row locks
            if not connection.is_in_memory_db():
                pytest.skip("the test database is already a file")
            return stack.enter_context(opening(copy_database(tmp_path / "copy.sqlite3")))

        yield switch


# ---------------------------------------------------------------- zhunru processes


def process_env(data_dir: Path, db_path: Path | None = None) -> dict[str, str]:
    """The environment of a zhunru process on `data_dir`, with this process's audit key (so the chain
    written here verifies there and back)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHUNRU_", "DATABASE_URL", "PYTEST"))}
    env.update(
        ZHUNRU_DATA_DIR=str(data_dir),
        ZHUNRU_AUDIT_KEY=settings.AUDIT_KEY.decode(),
        ZHUNRU_DEBUG="1",
        DJANGO_SETTINGS_MODULE="zhunru.settings",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if db_path is not None:
        env["DATABASE_URL"] = f"sqlite:///{db_path}"
    return env


def zhunru(
    env: dict[str, str], *args: str, timeout: float = 300, check: bool = True
) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(VENV_BIN / "zhunru"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"zhunru {' '.join(args)} exit {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done


def free_port() -> int:
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """gunicorn with a threaded worker, in its own process group. The master preloads the application
    (zhunru.tests.reliability.warm_wsgi) and never opens the database; the worker serves the requests and
    holds the database connection. `kill_worker()` SIGKILLs the worker mid-flight; the master forks a new one
    at once (a restart in milliseconds instead of seconds); `kill()` SIGKILLs everything."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log.open("ab")
        self.proc = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "zhunru.tests.reliability.warm_wsgi:application",
                "--preload",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--threads",
                "4",
                "--worker-class",
                "gthread",
                "--timeout",
                "60",
            ],
            env=env,
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,
        )

    def workers(self) -> list[int]:
        try:
            text = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()]

    def wait_ready(self, timeout: float = 120, *, not_worker: int | None = None) -> None:
        """Until a worker (other than `not_worker`) answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"gunicorn exited with {self.proc.returncode}")
            if [w for w in self.workers() if w != not_worker]:
                try:
                    with urllib.request.urlopen(self.url + "/api/v1/decisions", timeout=5) as answer:
                        if answer.status == 200:
                            return
                except (urllib.error.URLError, ConnectionError, OSError):
                    pass
            time.sleep(0.02)
        raise AssertionError("gunicorn did not answer in time")

    def kill_worker(self) -> int:
        """SIGKILL the worker (no shutdown code runs); returns its pid for `wait_ready(not_worker=…)`."""
        (worker,) = self.workers()
        os.kill(worker, signal.SIGKILL)
        return worker

    def kill(self) -> None:
        """SIGKILL the whole process group: master and worker."""
        with suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # the worker is reaped by init; wait until it is gone
            try:
                os.killpg(self.proc.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.02)
        self.log.close()


@contextmanager
def serving(env: dict[str, str], log: Path) -> Iterator[Server]:
    server = Server(env, log)
    try:
        server.wait_ready()
        yield server
    finally:
        server.kill()
