"""The database triggers that keep core.ChangeStamp current (installed by core migration 0004).

Each watched table names the scope its rows belong to: a SQL expression over the row, or a constant.
SQLite gets row triggers (its writes are serialized anyway). PostgreSQL gets statement triggers with
transition tables: an import of 100,000 demands bumps each community's stamp once, not 100,000 times,
and the scopes are upserted in order so two writers cannot deadlock on them.
"""

from __future__ import annotations

from typing import Any

# What a migration passes to watch(): table → (name of its triggers, scope as SQL over a row `r`).
# Core migration 0004 watches the demands (scope notices:<community id>) and the catalog (scope catalog).
Watched = dict[str, tuple[str, str]]

UPSERT = (
    "INSERT INTO core_changestamp (scope, n) {rows} "
    "ON CONFLICT (scope) DO UPDATE SET n = core_changestamp.n + 1"
)


def _sqlite(table: str, name: str, scope: str) -> list[str]:
    statements = []
    for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
        body = " ".join(
            UPSERT.format(rows=f"SELECT {scope.replace('r.', row + '.')}, 1 WHERE true") + ";" for row in rows
        )
        statements.append(
            f"CREATE TRIGGER zhunru_stamp_{name}_{event.lower()} AFTER {event} ON {table} BEGIN {body} END"
        )
    return statements


def _postgresql(table: str, name: str, scope: str) -> list[str]:
    def upsert(source: str) -> str:
        return UPSERT.format(rows=f"SELECT DISTINCT {scope}, 1 FROM {source} r ORDER BY 1")

    function = f"""
CREATE OR REPLACE FUNCTION zhunru_stamp_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {upsert("new_rows")};
  ELSIF TG_OP = 'UPDATE' THEN
    {upsert("(SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows)")};
  ELSE
    {upsert("old_rows")};
  END IF;
  RETURN NULL;
END $$"""
    tables = {
        "INSERT": "NEW TABLE AS new_rows",
        "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "DELETE": "OLD TABLE AS old_rows",
    }
    return [function] + [
        f"CREATE TRIGGER zhunru_stamp_{name}_{event.lower()} AFTER {event} ON {table} "
        f"REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION zhunru_stamp_{name}()"
        for event, transition in tables.items()
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
