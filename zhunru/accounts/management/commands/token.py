"""zhunru token create --user USERNAME --name NAME — an API token for scripts (printed once).
zhunru token list --user USERNAME; zhunru token revoke --user USERNAME --prefix PREFIX."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhunru.accounts import services
from zhunru.accounts.models import ApiToken, User
from zhunru.core.context import acting_from
from zhunru.core.errors import DomainError


class Command(BaseCommand):
    help = "API 令牌：create 为用户创建令牌（明文只显示一次），list 列出，revoke 撤销。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "list", "revoke"])
        parser.add_argument("--user", required=True, help="用户名 username")
        parser.add_argument("--name", default="", help="令牌名称（create）token name")
        parser.add_argument("--prefix", default="", help="令牌前缀（revoke）the token's 8-character prefix")

    def handle(self, *args: Any, action: str, user: str, name: str, prefix: str, **options: Any) -> None:
        owner = User.objects.filter(username=user).first()
        if owner is None:
            raise CommandError(f"用户不存在：{user} (no such user)")
        try:
            with acting_from("cli"):
                getattr(self, f"_{action}")(owner, name, prefix)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from None

    def _create(self, owner: User, name: str, prefix: str) -> None:
        _token, plaintext = services.api_token_create(actor=None, user=owner, name=name)
        self.stdout.write(plaintext)
        self.stderr.write("此令牌只显示这一次，请妥善保管。 The token is shown only once: keep it safe.")

    def _list(self, owner: User, name: str, prefix: str) -> None:
        for t in ApiToken.objects.filter(user=owner).order_by("created_at", "pk"):
            state = "revoked" if t.revoked_at else "active"
            used = t.last_used_at.isoformat(timespec="seconds") if t.last_used_at else "-"
            self.stdout.write(f"{t.key_prefix}\t{state}\t{used}\t{t.name}")

    def _revoke(self, owner: User, name: str, prefix: str) -> None:
        matches = list(ApiToken.objects.filter(user=owner, key_prefix=prefix, revoked_at__isnull=True))
        if not prefix or len(matches) != 1:
            raise CommandError("请用 --prefix 指定一个有效令牌的前缀。 Give --prefix of one active token.")
        services.api_token_revoke(actor=None, token=matches[0])
        self.stdout.write(f"已撤销 revoked {prefix}")
