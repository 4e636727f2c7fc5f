"""`zhunru backup FILE` and `zhunru restore FILE --yes`: a round trip gives back every table with the same
rows and an audit chain that verifies; restoring asks for confirmation and refuses what is not a backup.
SQLite is tested on a demo data directory (`zhunru demo --no-serve`) through the real commands; the
PostgreSQL path (pg_dump -Fc / pg_restore --clean) only when the tests run on PostgreSQL."""

from __future__ import annotations

import io
import os
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from zhunru.core import audit, backup
from zhunru.core.models import AuditEvent
from zhunru.tests.reliability.conftest import process_env, zhunru


def sqlite_counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as conn:
        return backup.sqlite_table_counts(conn)


def sqlite_dump(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.iterdump())


def test_sqlite_round_trip_restores_every_row_and_the_audit_chain(tmp_path):
    """On an SQLite data directory of its own (also when the suite runs on PostgreSQL)."""
    data_dir = tmp_path / "data"
    env = process_env(data_dir)
    db = data_dir / "zhunru.sqlite3"
    zhunru(env, "demo", "--no-serve")
    assert "--keep" in zhunru(env, "backup", "--help").stdout
    original = sqlite_counts(db)
    assert original["core_auditevent"] > 100 and original["catalog_matter"] > 50

    copy = tmp_path / "backups" / "zhunru-before.sqlite3"
    done = zhunru(env, "backup", str(copy), "--skip-checks")
    assert f"已备份到 {copy}" in done.stdout and f"{sum(original.values())} 行" in done.stdout
    assert sqlite_counts(copy) == original
    assert copy.stat().st_mode & 0o777 == 0o600  # it holds everything: only its owner reads it

    # after the backup: rows added, deleted and changed, and a hole in the audit chain
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("DELETE FROM inbox_notification")
        conn.execute("DELETE FROM core_auditevent WHERE seq = 7")
        conn.execute("UPDATE catalog_matter SET name = name || '（改）'")
        conn.execute("INSERT INTO core_counter (key, value) VALUES ('after-backup', 1)")
    mutated = sqlite_dump(db)
    assert sqlite_counts(db) != original

    restored = zhunru(env, "restore", str(copy), "--yes", "--skip-checks")
    assert "审计链完整" in restored.stdout
    assert sqlite_counts(db) == original  # every table, the same number of rows
    assert sqlite_dump(db) == sqlite_dump(copy)  # and the same rows
    kept = list(data_dir.glob("zhunru.sqlite3.before-restore-*"))
    assert len(kept) == 1 and sqlite_dump(kept[0]) == mutated  # the replaced database is kept
    verified = zhunru(env, "audit", "verify", "--skip-checks")
    assert f"已校验 {original['core_auditevent']} 条事件" in verified.stdout
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="restores an SQLite backup of the test database",
)
def test_restore_with_another_audit_key_reports_the_broken_chain(tmp_path, transactional_db):
    """The audit key is not in the backup: restoring under another key says so."""
    record_events(3)
    copy = backup.backup(tmp_path / "b.sqlite3").path
    data_dir = tmp_path / "data"
    env = {**process_env(data_dir), "ZHUNRU_AUDIT_KEY": "another-key-" + "x" * 40}
    done = zhunru(env, "restore", str(copy), "--yes", "--skip-checks", check=False)
    assert done.returncode == 1
    assert "已恢复" in done.stdout and "审计链校验失败" in done.stderr and "ZHUNRU_AUDIT_KEY" in done.stderr


def record_events(n: int) -> None:
    for i in range(n):
        with transaction.atomic():
            audit.record(actor=None, event_type="test.backup", summary={"i": i})


def test_backup_into_a_directory_keeps_the_newest(tmp_path, transactional_db, capsys):
    folder = tmp_path / "daily"
    folder.mkdir()
    old = []
    suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
    for day in (1, 2, 3):
        path = folder / f"zhunru-2026010{day}-020000.{suffix}"
        path.write_bytes(b"old")
        os.utime(path, (time.time() - 86400 * (10 - day),) * 2)
        old.append(path)
    other = folder / "README.txt"
    other.write_text("不是备份")

    call_command("backup", str(folder), "--keep", "2")
    call_command("backup", str(folder), "--keep", "2")  # twice within a second: a second name
    kept = backup.backups_in(folder)
    assert len(kept) == 2 and not set(kept) & set(old)
    if connection.vendor == "sqlite":
        assert all(backup.check_sqlite_file(p)["core_auditevent"] == AuditEvent.objects.count() for p in kept)
    assert other.exists()
    assert "已删除旧备份" in capsys.readouterr().out


def test_backup_and_restore_refuse_what_they_should(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))  # not a terminal, as under cron
    existing = tmp_path / "one.sqlite3"
    existing.write_bytes(b"yesterday's backup")
    with pytest.raises(CommandError, match="文件已存在"):  # never overwritten silently
        call_command("backup", str(existing))
    assert existing.read_bytes() == b"yesterday's backup"
    with pytest.raises(CommandError, match="--keep"):
        call_command("backup", str(tmp_path / "two.sqlite3"), "--keep", "3")
    with pytest.raises(CommandError, match="找不到备份文件"):
        call_command("restore", str(tmp_path / "missing.sqlite3"), "--yes")
    with pytest.raises(CommandError, match="--yes"):  # no terminal to confirm on: --yes is required
        call_command("restore", str(existing))
    sqlite = connection.vendor == "sqlite"  # on PostgreSQL a restore expects a pg_dump file
    with pytest.raises(CommandError, match="不是 SQLite 数据库文件" if sqlite else "不是 pg_dump"):
        call_command("restore", str(existing), "--yes")
    damaged = tmp_path / "damaged.sqlite3"
    with closing(sqlite3.connect(damaged)) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(CommandError, match="不是 zhunru 的数据库" if sqlite else "不是 pg_dump"):
        call_command("restore", str(damaged), "--yes")


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL backup (pg_dump -Fc / pg_restore --clean) runs only when DATABASE_URL is postgres://",
)
def test_postgres_round_trip(tmp_path, transactional_db, district):
    assert connection.vendor == "postgresql"
    record_events(3)
    original = backup.table_counts()
    made = backup.backup(tmp_path / "pg.dump")
    assert made.path.read_bytes()[:5] == b"PGDMP"
    record_events(2)
    assert backup.table_counts() != original
    backup.restore(made.path)
    assert backup.table_counts() == original
    assert audit.verify().ok
