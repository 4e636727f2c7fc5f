"""`zhunru seed-scale`: a synthetic city of the given size in the configured database (bench data).

    zhunru seed-scale --communities 5000 --departments 300 --matters 1000 --notices 2000000 \\
        --applications 20000 [--seed N] [--batch 5000] [--no-migrate]

Migrates, refuses a database that already holds areas or notices, writes everything in batches with
bulk_create (see zhunru.demo.scale: what is synthetic and which invariants are kept), prints progress, the
logins (one per role, demo password), the elapsed time and the peak memory.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhunru.accounts.roles import Role
from zhunru.core.context import acting_from
from zhunru.demo import scale


class Command(BaseCommand):
    help = "生成大规模合成数据（城市规模，仅供性能测试）。Generate a synthetic city for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--communities", type=int, default=5000)
        parser.add_argument("--departments", type=int, default=300, help="functional departments")
        parser.add_argument("--matters", type=int, default=1000)
        parser.add_argument("--notices", type=int, default=2_000_000)
        parser.add_argument("--applications", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=scale.Scale.seed)
        parser.add_argument("--batch", type=int, default=scale.BATCH, help="rows per bulk insert")
        parser.add_argument("--days", type=int, default=365, help="notices spread over the last N days")
        parser.add_argument("--no-migrate", action="store_true", help="the database is already migrated")

    def handle(self, *args: Any, **options: Any) -> None:
        sizes = {k: options[k] for k in ("communities", "departments", "matters", "notices", "applications")}
        for name, value in sizes.items():
            if value < 0 or (value == 0 and name in ("communities", "departments", "matters")):
                raise CommandError(f"--{name} 应为正整数 (must be a positive number)")
        if not 100 <= options["batch"] <= 100_000:
            raise CommandError("--batch 应在 100 到 100000 之间 (must be 100–100000)")
        started = time.perf_counter()
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        spec = scale.Scale(**sizes, seed=options["seed"], batch=options["batch"], days=options["days"])
        try:
            with acting_from("cli"):
                city = scale.seed(spec, out=self.stdout.write)
        except ValueError as exc:
            raise CommandError(
                f"数据库不为空或规模不合理：{exc}。请使用新的数据库 (use a fresh, empty database)"
            ) from exc
        self.stdout.write(f"登录账户 Logins (密码 password: {scale.PASSWORD})")
        for login in city.logins:
            self.stdout.write(f"  {login.username:<11} {Role(login.role).label}（{login.organization}）")
        self.stdout.write(
            f"elapsed {time.perf_counter() - started:.1f} s, peak RSS {scale.rss_mb():.0f} MB "
            "(合成数据，仅供性能测试 synthetic bench data)"
        )
