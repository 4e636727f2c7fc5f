"""`zhunru serve [--workers N] [--threads T] [--bind 127.0.0.1:8000] [--timeout S] [--max-requests N]`.

The production server.

Runs gunicorn with zhunru.wsgi (static files are served by WhiteNoise, so no collectstatic step is needed).
It does not migrate: with several app servers, `zhunru migrate` is one deployment step, run once before they
start; `serve` refuses to start on a database with unapplied migrations. With ZHUNRU_CACHE_URL=db:// it
creates the cache table when missing. The gunicorn master replaces this process, so a service manager's
SIGTERM reaches it directly (graceful shutdown; SIGHUP reloads the workers).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

DEFAULT_BIND = "127.0.0.1:8000"
# A request that takes longer than this is killed and logged (PDF letters and Excel exports take seconds).
DEFAULT_TIMEOUT = 60
# Each worker is recycled after about this many requests (± a tenth, so they do not all restart together);
# restarting costs a few hundred ms of warm-up (catalog judge, caches), so not too often. 0 = never.
DEFAULT_MAX_REQUESTS = 10_000


def gunicorn_argv(
    *,
    workers: int,
    threads: int,
    bind: str,
    timeout: int = DEFAULT_TIMEOUT,
    max_requests: int = DEFAULT_MAX_REQUESTS,
    access_log: bool = True,
) -> list[str]:
    """The gunicorn command line for these options (without the interpreter)."""
    argv = [
        "-m",
        "gunicorn",
        "zhunru.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        str(timeout),
        "--graceful-timeout",
        "30",
        "--keep-alive",
        "5",
        "--worker-tmp-dir",
        "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp",
        "--error-logfile",
        "-",
    ]
    if max_requests > 0:
        # recycle workers now and then (memory held by large exports), staggered so they do not all restart
        argv += [
            "--max-requests",
            str(max_requests),
            "--max-requests-jitter",
            str(max(1, max_requests // 10)),
        ]
    if access_log:
        argv += ["--access-logfile", "-"]
    if _has_setting("control_socket_disable"):
        # recent gunicorn opens a control socket at one fixed path per user: two app servers on one machine
        # would fight over it, and nothing here uses it
        argv.append("--no-control-socket")
    return argv


def _has_setting(name: str) -> bool:
    from gunicorn.config import KNOWN_SETTINGS

    return any(setting.name == name for setting in KNOWN_SETTINGS)


def _bind_ok(bind: str) -> bool:
    if bind.startswith("unix:"):
        return len(bind) > len("unix:")
    host, sep, port = bind.rpartition(":")
    return bool(sep and host and port.isdigit() and 0 < int(port) < 65536)


class Command(BaseCommand):
    help = "用 gunicorn 启动生产服务器（多进程）。Run the production server (gunicorn, several processes)."
    requires_system_checks: list[str] = []  # run below, after the cheaper migration check

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
        parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
        parser.add_argument(
            "--bind", default=DEFAULT_BIND, help=f"host:port or unix:/path (default {DEFAULT_BIND})"
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=DEFAULT_TIMEOUT,
            help=f"seconds before a stuck request's worker is restarted (default {DEFAULT_TIMEOUT})",
        )
        parser.add_argument(
            "--max-requests",
            type=int,
            default=DEFAULT_MAX_REQUESTS,
            help=f"recycle workers after ~N requests ± N/10 (default {DEFAULT_MAX_REQUESTS}, 0 = never)",
        )
        parser.add_argument("--no-access-log", action="store_true", help="do not log each request")
        parser.add_argument("--skip-checks", action="store_true", help="skip the system checks")
        parser.add_argument(
            "--print", action="store_true", help="print the gunicorn command line instead of running it"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        workers, threads, timeout, bind = (
            options["workers"],
            options["threads"],
            options["timeout"],
            options["bind"],
        )
        if not 1 <= workers <= 64:
            raise CommandError("--workers 应在 1 到 64 之间 (must be 1–64)")
        if not 1 <= threads <= 64:
            raise CommandError("--threads 应在 1 到 64 之间 (must be 1–64)")
        if not 5 <= timeout <= 3600:
            raise CommandError("--timeout 应在 5 到 3600 秒之间 (must be 5–3600 seconds)")
        max_requests = options["max_requests"]
        if not 0 <= max_requests <= 10_000_000:
            raise CommandError(
                "--max-requests 应在 0 到 10000000 之间，0 表示不重启 (must be 0–10000000; 0 = never)"
            )
        if not _bind_ok(bind):
            raise CommandError(
                f"--bind {bind!r}: 应为 主机:端口 或 unix:/路径 (expected host:port or unix:/path)"
            )
        argv = gunicorn_argv(
            workers=workers,
            threads=threads,
            bind=bind,
            timeout=timeout,
            max_requests=max_requests,
            access_log=not options["no_access_log"],
        )
        if options["print"]:
            self.stdout.write(" ".join([sys.executable, *argv]))
            return
        self._check_migrations()
        if not options["skip_checks"]:
            self.check(display_num_errors=False)  # system checks, as runserver does; errors stop here
        self._ensure_cache_table()
        self.stdout.write(f"zhunru: gunicorn {bind}，{workers} 个进程 × {threads} 个线程")
        self.stdout.flush()
        sys.stderr.flush()
        connection.close()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "zhunru.settings"),
        }
        os.execve(sys.executable, [sys.executable, *argv], env)

    @staticmethod
    def _check_migrations() -> None:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            raise CommandError(
                f"数据库有 {len(pending)} 个迁移未执行，请先运行 zhunru migrate "
                f"({len(pending)} unapplied migrations: run `zhunru migrate` first)"
            )

    @staticmethod
    def _ensure_cache_table() -> None:
        backend = settings.CACHES["default"]["BACKEND"]
        if not backend.endswith("DatabaseCache"):
            return
        for attempt in range(3):
            try:
                call_command("createcachetable", verbosity=0)
                return
            except (DatabaseError, CommandError):
                # another app server created it at the same moment ("already exists"; createcachetable
                # reports that as a CommandError) or held the lock: look again — then it is there
                connection.close()
                if attempt == 2:
                    raise
                time.sleep(1 + attempt)
