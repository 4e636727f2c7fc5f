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


def _public_url() -> str:
    raw = os.environ.get("ZHUNRU_PUBLIC_URL", "http://127.0.0.1:8000").strip().rstrip("/")
    if not raw.startswith(("http://", "https://")):
        raise ConfigError(
            f"ZHUNRU_PUBLIC_URL={raw!r}: 应以 http:// 或 https:// 开头 (must start with http(s)://)"
        )
    return raw


@dataclass(frozen=True)
class Config:
    debug: bool
    data_dir: Path
    database_url: str
    secret_key: str
    audit_key: str
    allowed_hosts: list[str]
    email_host: str
    email_port: int
    email_user: str
    email_password: str
    email_use_tls: bool
    email_from: str
    district_name: str
    public_url: str


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
        allowed_hosts=env_list("ZHUNRU_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if debug else []),
        email_host=os.environ.get("ZHUNRU_EMAIL_HOST", "").strip(),
        email_port=email_port,
        email_user=os.environ.get("ZHUNRU_EMAIL_USER", ""),
        email_password=os.environ.get("ZHUNRU_EMAIL_PASSWORD", ""),
        email_use_tls=env_bool("ZHUNRU_EMAIL_USE_TLS", False),
        email_from=os.environ.get("ZHUNRU_EMAIL_FROM", "zhunru@localhost"),
        district_name=os.environ.get("ZHUNRU_DISTRICT_NAME", "示范区").strip() or "示范区",
        public_url=_public_url(),
    )
