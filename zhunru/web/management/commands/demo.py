"""zhunru demo [--no-serve] [--port 8000]: migrate, load the demo district, print logins, serve."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from zhunru.accounts.roles import Role
from zhunru.core.context import acting_from
from zhunru.demo import loader


class Command(BaseCommand):
    help = "准备演示数据（示范区）并启动服务器。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务器")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, no_serve: bool, port: int, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        with acting_from("cli"):
            users = loader.load()
        self.stdout.write(f"演示账户 Demo accounts (密码 password: {loader.DEMO_PASSWORD})")
        for spec, user in zip(loader.DEMO_ACCOUNTS, users, strict=True):
            self.stdout.write(f"  {spec.username:<11} {Role(spec.role).label}（{user.organization_name()}）")
        if no_serve:
            return
        self.stdout.write(f"http://127.0.0.1:{port}/")
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
