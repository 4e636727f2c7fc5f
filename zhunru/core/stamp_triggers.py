"""The database triggers that keep core.ChangeStamp current (installed by core migration 0004).

Each watched table names the scope its rows belong to: a SQL expression over the row, or a constant.
SQLite gets row triggers (its writes are serialized anyway). PostgreSQL gets row triggers deferred to the
commit: a stamp row is locked only at the end of the writing transaction, after the audit chain's head,
which every service locks. Stamps taken in the middle of the transaction made two services deadlock
(one holding a stamp and waiting for the audit head, the other the other way round), which the
two-app-server test found. Two transactions that each write several scopes in opposite order (two imports
spanning the same communities at once) can still deadlock at commit; PostgreSQL then aborts one of them.
"""

from __future__ import annotations

import re
from typing import Any

# What a migration passes to watch(): table → (name of its triggers, scope as SQL over a row `r`).
# Core migration 0004 watches the demands (scope notices:<community id>) and the catalog (scope catalog).
Watched = dict[str, tuple[str, str]]

UPSERT = (
    "INSERT INTO core_changestamp (scope, n) {rows} "
    "ON CONFLICT (scope) DO UPDATE SET n = core_changestamp.n + 1"
)


def _over(scope: str, row: str) -> str:
    """The scope's expression over the row NEW or OLD: its `r.` references only, not an `r.` that ends a
    longer name (`other.x`, `user.id`)."""
    return re.sub(r"(?<![\w.])r\.", f"{row}.", scope)


def _sqlite(table: str, name: str, scope: str) -> list[str]:
    statements = []
    for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
        body = " ".join(UPSERT.format(rows=f"SELECT {_over(scope, row)}, 1 WHERE true") + ";" for row in rows)
        statements.append(
            f"CREATE TRIGGER zhunru_stamp_{name}_{event.lower()} AFTER {event} ON {table} BEGIN {body} END"
        )
    return statements


def _postgresql(table: str, name: str, scope: str) -> list[str]:
    def upsert(row: str) -> str:
        return UPSERT.format(rows=f"SELECT {_over(scope, row)}, 1")

    function = f"""
CREATE OR REPLACE FUNCTION zhunru_stamp_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    {upsert("OLD")};
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    {upsert("NEW")};
  END IF;
  RETURN NULL;
END $$"""
    return [function] + [
        f"CREATE CONSTRAINT TRIGGER zhunru_stamp_{name}_{event.lower()} AFTER {event} ON {table} "
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION zhunru_stamp_{name}()"
        for event in ("INSERT", "UPDATE", "DELETE")
    ]


def watch(tables: Watched) -> Any:
    """A migration operation installing (and on reversal dropping) the triggers of `tables`. An app that
    caches a page under a new scope watches its tables in its own migration."""
    from django.db import migrations

    def create(apps: Any, schema_editor: Any) -> None:
        build = {"sqlite": _sqlite, "postgresql": _postgresql}[schema_editor.connection.vendor]
        for table, (name, scope) in tables.items():
            for sql in build(table, name, scope):
                schema_editor.execute(sql)

    def drop(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        for table, (name, _scope) in tables.items():
            for event in ("insert", "update", "delete"):
                suffix = f" ON {table}" if vendor == "postgresql" else ""
                schema_editor.execute(f"DROP TRIGGER IF EXISTS zhunru_stamp_{name}_{event}{suffix}")
            if vendor == "postgresql":
                schema_editor.execute(f"DROP FUNCTION IF EXISTS zhunru_stamp_{name}()")

    return migrations.RunPython(create, drop)
