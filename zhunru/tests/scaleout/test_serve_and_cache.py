"""`zhunru serve` (gunicorn) and ZHUNRU_CACHE_URL: what several app processes need."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from zhunru import conf

CLEAN = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "ZHUNRU_CACHE_URL", "DJANGO_SETTINGS_MODULE"}


def _zhunru(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in CLEAN}
    env.update({"ZHUNRU_DATA_DIR": str(tmp_path), **extra})
    return subprocess.run(
        [sys.executable, "-m", "zhunru", *args], env=env, capture_output=True, text=True, timeout=60
    )


# ---------------------------------------------------------------- zhunru serve


def test_serve_runs_gunicorn_with_the_wsgi_app_and_timeouts(capsys):
    call_command("serve", "--workers", "3", "--threads", "2", "--bind", "0.0.0.0:9000", "--print")
    argv = capsys.readouterr().out.split()
    assert argv[1:4] == ["-m", "gunicorn", "zhunru.wsgi:application"]

    def option(name: str) -> str:
        return argv[argv.index(name) + 1]

    assert option("--bind") == "0.0.0.0:9000"
    assert (option("--workers"), option("--threads")) == ("3", "2")
    assert option("--timeout") == "60" and option("--graceful-timeout") == "30"
    # workers are recycled rarely (each restart costs a warm-up), staggered by a tenth
    assert (option("--max-requests"), option("--max-requests-jitter")) == ("10000", "1000")


def test_serve_max_requests_is_configurable_and_zero_means_never(capsys):
    call_command("serve", "--max-requests", "500", "--print")
    argv = capsys.readouterr().out.split()
    assert argv[argv.index("--max-requests") + 1] == "500"
    assert argv[argv.index("--max-requests-jitter") + 1] == "50"
    call_command("serve", "--max-requests", "0", "--print")
    argv = capsys.readouterr().out.split()
    assert "--max-requests" not in argv and "--max-requests-jitter" not in argv


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--workers", "0"], "--workers"),
        (["--threads", "100"], "--threads"),
        (["--timeout", "1"], "--timeout"),
        (["--max-requests", "-1"], "--max-requests"),
        (["--bind", "8000"], "--bind"),
        (["--bind", "localhost:http"], "--bind"),
    ],
)
def test_serve_refuses_bad_options(args, fragment):
    with pytest.raises(CommandError, match=fragment):
        call_command("serve", *args, "--print")


def test_whitenoise_serves_static_files(settings):
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE
    # early: after SecurityMiddleware, before anything that needs a session or the database
    order = settings.MIDDLEWARE.index
    whitenoise = order("whitenoise.middleware.WhiteNoiseMiddleware")
    assert order("django.middleware.security.SecurityMiddleware") < whitenoise
    assert whitenoise < order("django.contrib.sessions.middleware.SessionMiddleware")


def test_serve_refuses_an_unmigrated_database(tmp_path):
    done = _zhunru(tmp_path, "serve", "--bind", "127.0.0.1:1")
    assert done.returncode != 0
    assert "zhunru migrate" in done.stderr


# ---------------------------------------------------------------- ZHUNRU_CACHE_URL


@pytest.fixture
def env(monkeypatch, tmp_path):
    for key in ("ZHUNRU_CACHE_URL", "ZHUNRU_DEBUG", "DATABASE_URL"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("ZHUNRU_DATA_DIR", str(tmp_path))
    return monkeypatch


@pytest.mark.parametrize(
    ("value", "backend"),
    [
        (None, "locmem.LocMemCache"),
        ("locmem://", "locmem.LocMemCache"),
        ("db://", "db.DatabaseCache"),
        ("redis://127.0.0.1:6379/1", "redis.RedisCache"),
        ("rediss://cache.example.cn:6380/0", "redis.RedisCache"),
    ],
)
def test_cache_url_selects_the_backend(env, value, backend):
    if value is not None:
        env.setenv("ZHUNRU_CACHE_URL", value)
    config = conf.load()
    cache = conf.cache_backend(config.cache_url)
    assert cache["BACKEND"] == f"django.core.cache.backends.{backend}"
    if value and value.startswith("redis"):
        assert cache["LOCATION"] == value
    assert conf.cache_is_shared(config.cache_url) == (backend != "locmem.LocMemCache")


@pytest.mark.parametrize(
    "value", ["memcached://127.0.0.1:11211", "redis://", "db://mytable", "file:///tmp/x"]
)
def test_a_malformed_cache_url_is_named(env, value):
    env.setenv("ZHUNRU_CACHE_URL", value)
    with pytest.raises(conf.ConfigError, match="ZHUNRU_CACHE_URL"):
        conf.load()


def test_sessions_are_kept_in_the_database(settings):
    """Sessions must survive from one app process to another: never a per-process cache."""
    assert settings.SESSION_ENGINE in (
        "zhunru.accounts.sessions",  # Django's database sessions, read in plain SQL
        "django.contrib.sessions.backends.cached_db",
    )
    from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

    from zhunru.accounts.sessions import SessionStore

    assert issubclass(SessionStore, DatabaseStore)


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis server on 127.0.0.1:6379")
def test_redis_cache_is_shared_between_processes(tmp_path):
    """With redis://, one process writes and another reads, and sessions go through the cache (cached_db)."""
    url = "redis://127.0.0.1:6379/15"
    key = f"zhunru-test-{os.getpid()}"
    write = _zhunru(
        tmp_path,
        "shell",
        "-c",
        "from django.conf import settings; from django.core.cache import cache; "
        f"cache.set('{key}', 'shared', 30); print(settings.SESSION_ENGINE)",
        ZHUNRU_CACHE_URL=url,
    )
    assert write.returncode == 0, write.stderr
    assert write.stdout.split()[-1] == "django.contrib.sessions.backends.cached_db"
    read = _zhunru(
        tmp_path,
        "shell",
        "-c",
        f"from django.core.cache import cache; print(cache.get('{key}')); cache.delete('{key}')",
        ZHUNRU_CACHE_URL=url,
    )
    assert read.returncode == 0, read.stderr
    assert read.stdout.split()[-1] == "shared"
