"""Settings come from the environment, validated; production refuses to start without secrets."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from zhunru import conf

ENV_KEYS = [
    "ZHUNRU_DEBUG",
    "ZHUNRU_SECRET_KEY",
    "ZHUNRU_AUDIT_KEY",
    "ZHUNRU_DATA_KEY",
    "ZHUNRU_ALLOWED_HOSTS",
    "DATABASE_URL",
    "ZHUNRU_EMAIL_PORT",
]
STRONG = "x" * 40


@pytest.fixture
def env(monkeypatch, tmp_path):
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("ZHUNRU_DATA_DIR", str(tmp_path))
    return monkeypatch


def test_demo_mode_generates_and_keeps_secrets(env, tmp_path):
    first = conf.load()
    second = conf.load()
    assert len(first.secret_key) >= 32 and first.secret_key == second.secret_key
    assert first.audit_key == second.audit_key != first.secret_key
    assert (tmp_path / ".zhunru_secret_key").stat().st_mode & 0o777 == 0o600
    assert first.database_url == f"sqlite:///{tmp_path / 'zhunru.sqlite3'}"


@pytest.mark.parametrize("missing", ["ZHUNRU_SECRET_KEY", "ZHUNRU_AUDIT_KEY"])
def test_production_requires_each_secret(env, missing):
    env.setenv("ZHUNRU_DEBUG", "0")
    for key in ("ZHUNRU_SECRET_KEY", "ZHUNRU_AUDIT_KEY"):
        if key != missing:
            env.setenv(key, STRONG)
    with pytest.raises(conf.ConfigError, match=missing):
        conf.load()


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("ZHUNRU_DEBUG", "maybe", "ZHUNRU_DEBUG"),
        ("ZHUNRU_EMAIL_PORT", "abc", "ZHUNRU_EMAIL_PORT"),
        ("ZHUNRU_EMAIL_PORT", "70000", "ZHUNRU_EMAIL_PORT"),
        ("DATABASE_URL", "mysql://root@localhost/x", "DATABASE_URL"),
        ("ZHUNRU_SECRET_KEY", "short", "ZHUNRU_SECRET_KEY"),
    ],
)
def test_malformed_values_are_named(env, key, value, fragment):
    env.setenv(key, value)
    with pytest.raises(conf.ConfigError, match=fragment):
        conf.load()


def test_allowed_hosts_are_a_comma_list(env):
    env.setenv("ZHUNRU_ALLOWED_HOSTS", "a.gov.cn, b.gov.cn,")
    assert conf.load().allowed_hosts == ["a.gov.cn", "b.gov.cn"]


def _run_check(extra: dict[str, str], tmp_path, *args: str) -> subprocess.CompletedProcess:
    # the browser tests allow async-unsafe calls in this process; a deployment never does
    env = {k: v for k, v in os.environ.items() if k not in ENV_KEYS and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({"ZHUNRU_DATA_DIR": str(tmp_path), **extra})
    return subprocess.run(
        [sys.executable, "-m", "zhunru", "check", *args], env=env, capture_output=True, text=True, timeout=60
    )


def test_start_up_stops_with_a_clear_message_and_deploy_check_is_clean(tmp_path):
    refused = _run_check({"ZHUNRU_DEBUG": "0"}, tmp_path)
    assert refused.returncode == 2
    assert "ZHUNRU_SECRET_KEY" in refused.stderr and "生产模式" in refused.stderr
    production = {
        "ZHUNRU_DEBUG": "0",
        "ZHUNRU_SECRET_KEY": "k" * 20 + "Q7$" + "z" * 30,
        "ZHUNRU_AUDIT_KEY": STRONG,
        "ZHUNRU_DATA_KEY": "0123456789abcdef" * 2,
        "ZHUNRU_ALLOWED_HOSTS": "zhunru.example.gov.cn",
    }
    deploy = _run_check(production, tmp_path, "--deploy", "--fail-level", "WARNING")
    assert deploy.returncode == 0, deploy.stderr + deploy.stdout
    assert "no issues" in deploy.stdout
