"""Settings read from the environment, each validated. Documented in docs/configuration.md."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path


class ConfigError(Exception):
    """A setting is missing or malformed; start-up stops with this message."""


TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ConfigError(f"{name}={raw!r}: 应为 0 或 1 (expected 0/1, true/false)")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int = 1 << 31) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r}: 应为整数 (expected an integer)") from exc
    if not minimum <= value <= maximum:
        raise ConfigError(f"{name}={value}: 应在 {minimum}–{maximum} 之间 (out of range)")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def _secret(name: str, data_dir: Path, *, debug: bool, min_len: int) -> str:
    """A secret from the environment; in debug/demo mode one is generated and kept in the data dir."""
    raw = os.environ.get(name, "").strip()
    if raw:
        if len(raw) < min_len:
            raise ConfigError(
                f"{name} 太短：至少 {min_len} 个字符 (too short: at least {min_len} characters)"
            )
        return raw
    if not debug:
        raise ConfigError(
            f"生产模式下必须设置 {name}（至少 {min_len} 个字符）。"
            f" {name} must be set in production mode (ZHUNRU_DEBUG=0), at least {min_len} characters."
        )
    path = data_dir / f".{name.lower()}"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    path.write_text(value)
    path.chmod(0o600)
    return value


def _hex_key(name: str, data_dir: Path, *, debug: bool, nbytes: int = 16) -> str:
    """Exactly `nbytes` bytes written as hex; in debug/demo mode generated and kept in the data dir."""
    want = nbytes * 2
    raw = os.environ.get(name, "").strip()
    if raw:
        if len(raw) != want or any(ch not in "0123456789abcdefABCDEF" for ch in raw):
            raise ConfigError(
                f"{name} 应为 {want} 位十六进制字符（{nbytes} 字节）(must be {want} hex characters)"
            )
        return raw.lower()
    if not debug:
        raise ConfigError(
            f"生产模式下必须设置 {name}（{want} 位十六进制字符）。"
            f" {name} must be set in production mode (ZHUNRU_DEBUG=0), {want} hex characters."
        )
    path = data_dir / f".{name.lower()}"
    if path.exists():
        kept = path.read_text().strip()
        if len(kept) != want or any(ch not in "0123456789abcdefABCDEF" for ch in kept):
            raise ConfigError(f"{path}: {name} 应为 {want} 位十六进制字符 (must be {want} hex characters)")
        return kept.lower()
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(nbytes)
    path.write_text(value)
    path.chmod(0o600)
    return value


def _public_url() -> str:
    raw = os.environ.get("ZHUNRU_PUBLIC_URL", "http://127.0.0.1:8000").strip().rstrip("/")
    if not raw.startswith(("http://", "https://")):
        raise ConfigError(
            f"ZHUNRU_PUBLIC_URL={raw!r}: 应以 http:// 或 https:// 开头 (must start with http(s)://)"
        )
    return raw


CACHE_TABLE = "zhunru_cache"


def _cache_url() -> str:
    """ZHUNRU_CACHE_URL: empty or locmem:// (one process), db:// (a table in the database) or
    redis://host:port/db (rediss:// with TLS). Several app processes need db:// or redis://."""
    raw = os.environ.get("ZHUNRU_CACHE_URL", "").strip()
    if raw in ("", "locmem://"):
        return "locmem://"
    if raw == "db://":
        return raw
    if raw.startswith(("redis://", "rediss://")) and len(raw.split("://", 1)[1]) > 0:
        try:
            import redis  # noqa: F401  (Django's RedisCache needs it)
        except ImportError as exc:
            raise ConfigError(
                "ZHUNRU_CACHE_URL 使用 Redis 需要安装 redis 包 (the redis package is not installed)"
            ) from exc
        return raw
    raise ConfigError(
        f"ZHUNRU_CACHE_URL={raw!r}: 只支持 locmem://、db:// 或 redis://主机:端口/库号 "
        "(only locmem://, db:// or redis://host:port/db)"
    )


def cache_backend(url: str) -> dict[str, object]:
    """The CACHES["default"] entry for a validated ZHUNRU_CACHE_URL."""
    if url == "db://":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}
    if url.startswith(("redis://", "rediss://")):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "zhunru",
        }
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "zhunru"}


def cache_is_shared(url: str) -> bool:
    """True when every app process sees the same cache (db:// or redis://), False for locmem."""
    return url != "locmem://"


@dataclass(frozen=True)
class Config:
    debug: bool
    data_dir: Path
    database_url: str
    secret_key: str
    audit_key: str
    data_key: str
    allowed_hosts: list[str]
    email_host: str
    email_port: int
    email_user: str
    email_password: str
    email_use_tls: bool
    email_from: str
    district_name: str
    public_url: str
    cache_url: str = "locmem://"
    page_cache_seconds: int = 600
    dashboard_cache_seconds: int = 300


def load() -> Config:
    debug = env_bool("ZHUNRU_DEBUG", True)
    data_dir = Path(os.environ.get("ZHUNRU_DATA_DIR") or Path.cwd() / "var").resolve()
    database_url = os.environ.get("DATABASE_URL", "").strip()
    if database_url and not database_url.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ConfigError(
            f"DATABASE_URL={database_url!r}: 只支持 sqlite:// 或 postgres:// (only sqlite or postgres)"
        )
    if not database_url:
        database_url = f"sqlite:///{data_dir / 'zhunru.sqlite3'}"
    email_port = env_int("ZHUNRU_EMAIL_PORT", 25, minimum=1, maximum=65535)
    return Config(
        debug=debug,
        data_dir=data_dir,
        database_url=database_url,
        secret_key=_secret("ZHUNRU_SECRET_KEY", data_dir, debug=debug, min_len=32),
        audit_key=_secret("ZHUNRU_AUDIT_KEY", data_dir, debug=debug, min_len=32),
        data_key=_hex_key("ZHUNRU_DATA_KEY", data_dir, debug=debug),
        allowed_hosts=env_list("ZHUNRU_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if debug else []),
        email_host=os.environ.get("ZHUNRU_EMAIL_HOST", "").strip(),
        email_port=email_port,
        email_user=os.environ.get("ZHUNRU_EMAIL_USER", ""),
        email_password=os.environ.get("ZHUNRU_EMAIL_PASSWORD", ""),
        email_use_tls=env_bool("ZHUNRU_EMAIL_USE_TLS", False),
        email_from=os.environ.get("ZHUNRU_EMAIL_FROM", "zhunru@localhost"),
        district_name=os.environ.get("ZHUNRU_DISTRICT_NAME", "示范区").strip() or "示范区",
        public_url=_public_url(),
        cache_url=_cache_url(),
        page_cache_seconds=env_int("ZHUNRU_PAGE_CACHE_SECONDS", 600, maximum=86_400),
        dashboard_cache_seconds=env_int("ZHUNRU_DASHBOARD_CACHE_SECONDS", 300, maximum=86_400),
    )
