"""Backup and restore of the database: `zhunru backup FILE`, `zhunru restore FILE --yes`.

SQLite: SQLite's online backup API (`sqlite3.Connection.backup`) copies a consistent snapshot while the
server keeps running; the copy is written next to the target under a temporary name, checked with
`PRAGMA integrity_check` and only then renamed, so a backup file is always complete. Restoring copies the
file back into the configured database with the same API, inside one write transaction: running
processes see the old database or the restored one, never a mixture. The database as it was before the
restore is kept next to it (`…before-restore-<time>`).

PostgreSQL: `pg_dump -Fc` and `pg_restore --clean --if-exists --single-transaction`, with the connection
taken from DATABASE_URL and handed to the tools through the libpq environment (no password on the command
line).

Uploaded files (MEDIA_ROOT) and the secrets (ZHUNRU_AUDIT_KEY above all) are not in the database: back them
up separately — see docs/operations.md.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
PRIVATE = 0o600  # a backup holds everything: password hashes, personal data
BACKUP_GLOB = {"sqlite": "zhunru-*.sqlite3", "postgresql": "zhunru-*.dump"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why (Chinese, then English)."""


@dataclass
class BackupResult:
    path: Path
    vendor: str
    size: int
    tables: dict[str, int] = field(default_factory=dict)
    saved_current: Path | None = None  # restore: where the replaced database was kept

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


# ---------------------------------------------------------------- helpers


def vendor() -> str:
    return str(connection.vendor)  # "sqlite" or "postgresql"


def sqlite_path() -> Path:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError(
            "数据库在内存中，没有可恢复的文件。 The database is in memory: no file to restore into."
        )
    return Path(name)


def default_name(now: dt.datetime | None = None) -> str:
    """zhunru-YYYYMMDD-HHMMSS.sqlite3 (or .dump on PostgreSQL): sorts by time."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"zhunru-{stamp}." + ("sqlite3" if vendor() == "sqlite" else "dump")


def sqlite_table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


def table_counts() -> dict[str, int]:
    """Rows in every table of the configured database (through Django's connection)."""
    with connection.cursor() as cursor:
        out = {}
        for name in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            out[name] = cursor.fetchone()[0]
    return out


def _read_only(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"  # a URI: spaces and "?" in the path are escaped


def _integrity(conn: sqlite3.Connection) -> str:
    rows = conn.execute("PRAGMA integrity_check").fetchall()
    return "; ".join(str(r[0]) for r in rows[:5])


def check_sqlite_file(path: Path) -> dict[str, int]:
    """The file is an intact SQLite database of zhunru; returns its row counts."""
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise BackupError(f"不是 SQLite 数据库文件：{path}  Not an SQLite database file.")
    with closing(sqlite3.connect(_read_only(path), uri=True)) as conn:
        result = _integrity(conn)
        if result != "ok":
            raise BackupError(f"备份文件已损坏：{result}  The backup file is damaged (integrity_check).")
        counts = sqlite_table_counts(conn)
    for needed in ("django_migrations", "core_auditevent"):
        if needed not in counts:
            raise BackupError(f"不是 zhunru 的数据库（缺少表 {needed}）。 Not a zhunru database.")
    return counts


def _target(path: Path, *, force: bool) -> Path:
    if path.is_dir():
        directory, name = path, default_name()
        path = directory / name
        n = 1
        while path.exists():  # two backups within one second
            n += 1
            stem, suffix = name.rsplit(".", 1)
            path = directory / f"{stem}-{n}.{suffix}"
    if path.exists() and not force:
        raise BackupError(f"文件已存在：{path}（覆盖请加 --force）  File exists (use --force to overwrite).")
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def backups_in(directory: Path) -> list[Path]:
    """The backups `zhunru backup DIR` made in `directory` (zhunru-*.sqlite3 / .dump), oldest first."""
    files = directory.glob(BACKUP_GLOB["sqlite" if vendor() == "sqlite" else "postgresql"])
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name))


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups in `directory`; other files are left alone."""
    files = backups_in(directory)
    old = files[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old


# ---------------------------------------------------------------- backup


def backup(path: Path, *, force: bool = False) -> BackupResult:
    """Write a backup of the configured database to `path` (a file, or a directory for a dated name)."""
    if connection.in_atomic_block:
        raise BackupError("不能在事务中备份。 A backup cannot run inside a transaction.")
    target = _target(Path(path), force=force)
    if vendor() == "sqlite":
        return _backup_sqlite(target)
    if vendor() == "postgresql":
        return _backup_postgres(target)
    raise BackupError(f"不支持的数据库：{vendor()}  Unsupported database.")


def _copy_sqlite(source: sqlite3.Connection, path: Path) -> None:
    """A self-contained copy (no -wal beside it), readable only by its owner: it holds everything."""
    path.unlink(missing_ok=True)
    path.touch(mode=PRIVATE)
    path.chmod(PRIVATE)
    with closing(sqlite3.connect(path)) as dest:
        source.backup(dest)  # one step: a consistent snapshot while writers keep going (WAL)
        dest.execute("PRAGMA journal_mode=DELETE")


def _backup_sqlite(target: Path) -> BackupResult:
    partial = target.with_name(f".{target.name}.partial")
    try:
        connection.ensure_connection()
        _copy_sqlite(connection.connection, partial)
        counts = check_sqlite_file(partial)
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise BackupError(f"备份失败 backup failed: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(path=target, vendor="sqlite", size=target.stat().st_size, tables=counts)


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    env["PGDATABASE"] = str(db["NAME"])
    return env


def _run(args: list[str]) -> None:
    tool = args[0]
    if shutil.which(tool) is None:
        raise BackupError(
            f"找不到 {tool}：请安装 PostgreSQL 客户端。 {tool} not found: install the PostgreSQL client."
        )
    done = subprocess.run(args, env=_pg_env(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{tool} 失败 failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}")


def _backup_postgres(target: Path) -> BackupResult:
    partial = target.with_name(f".{target.name}.partial")
    try:
        _run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", "-f", str(partial)])
        partial.chmod(PRIVATE)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(path=target, vendor="postgresql", size=target.stat().st_size, tables=table_counts())


# ---------------------------------------------------------------- restore


def restore(path: Path) -> BackupResult:
    """Replace the configured database with the backup at `path`. The caller asked for confirmation."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}  No such backup file.")
    if vendor() not in ("sqlite", "postgresql"):
        raise BackupError(f"不支持的数据库：{vendor()}  Unsupported database.")
    result = _restore_sqlite(path) if vendor() == "sqlite" else _restore_postgres(path)
    # the restored change stamps may repeat numbers that keyed other rows' pages in a shared cache
    from django.core.cache import cache

    cache.clear()
    return result


def _restore_sqlite(path: Path) -> BackupResult:
    counts = check_sqlite_file(path)
    target = sqlite_path()
    if target.exists() and path.resolve() == target.resolve():
        raise BackupError("备份文件就是当前数据库。 The backup file is the database itself.")
    connections.close_all()
    saved = None
    try:
        if target.exists():
            saved = target.with_name(f"{target.name}.before-restore-{dt.datetime.now():%Y%m%d-%H%M%S}")
            with closing(sqlite3.connect(target, timeout=20)) as live:
                _copy_sqlite(live, saved)
        target.parent.mkdir(parents=True, exist_ok=True)
        with (
            closing(sqlite3.connect(_read_only(path), uri=True)) as source,
            closing(sqlite3.connect(target, timeout=20)) as live,
        ):
            source.backup(live)  # one write transaction on the live database: all pages or none
            live.execute("PRAGMA journal_mode=WAL")
            restored = sqlite_table_counts(live)
            result = _integrity(live)
    except sqlite3.Error as exc:
        raise BackupError(f"恢复失败 restore failed: {exc}") from exc
    if result != "ok":
        raise BackupError(f"恢复后的数据库未通过完整性检查：{result}  integrity_check failed after restore.")
    if restored != counts:
        raise BackupError("恢复后的行数与备份不一致。 Row counts differ from the backup after restore.")
    return BackupResult(
        path=target, vendor="sqlite", size=target.stat().st_size, tables=restored, saved_current=saved
    )


def _restore_postgres(path: Path) -> BackupResult:
    with path.open("rb") as fh:
        if fh.read(5) != PG_MAGIC:
            raise BackupError(f"不是 pg_dump -Fc 备份文件：{path}  Not a pg_dump custom-format file.")
    connections.close_all()
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "-d", _pg_env()["PGDATABASE"], str(path)])  # fmt: skip
    return BackupResult(path=path, vendor="postgresql", size=path.stat().st_size, tables=table_counts())
