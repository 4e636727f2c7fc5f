"""8 processes × 250 writes on one record (the gapless counter behind decision numbers) on an SQLite file:
no lost update, no "database is locked" — every number 1…2000 handed out exactly once."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import closing

import pytest

from zhunru.tests.reliability.conftest import copy_database, process_env

pytestmark = pytest.mark.django_db(transaction=True)

PROCESSES = 8
WRITES = 250
KEY = "reliability:writes"


def test_eight_processes_share_one_counter_without_losing_a_write(tmp_path):
    db_path = copy_database(tmp_path / "writes.sqlite3")  # migrated schema, production SQLite settings
    env = process_env(tmp_path, db_path)
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "zhunru.tests.reliability.writer", KEY, str(WRITES)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    try:
        for proc in writers:  # every process is set up and connected before any writes
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        for proc in writers:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        outputs = [proc.communicate(timeout=600) for proc in writers]
    finally:
        for proc in writers:
            if proc.poll() is None:
                proc.kill()
    results = [json.loads(out.strip().splitlines()[-1]) for out, _err in outputs]

    errors = [e for r in results for e in r["errors"]]
    assert errors == []  # no "database is locked", nothing else either
    assert all(len(r["numbers"]) == WRITES for r in results)
    numbers = sorted(n for r in results for n in r["numbers"])
    assert numbers == list(range(1, PROCESSES * WRITES + 1))  # none lost, none twice
    assert all(r["numbers"] == sorted(r["numbers"]) for r in results)
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT value FROM core_counter WHERE key = ?", (KEY,)).fetchone() == (2000,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
