"""The database triggers that keep core.ChangeStamp current (installed by core migration 0004).

Each watched table names the scope its rows belong to: a SQL expression over the row, or a constant.
SQLite gets row triggers (its writes are serialized anyway). PostgreSQL gets statement triggers with
transition tables: an import of 100,000 demands bumps each community's stamp once, not 100,000 times,
and the scopes are upserted in order so two writers cannot deadlock on them.
"""

from __future__ import annotations

from typing import Any

# table → (name of the triggers, scope as SQL over a row `r`)
WATCHED: dict[str, tuple[str, str]] = {
    "gateway_tasknotice": ("notices", "'notices:' || r.community_id"),
    "catalog_matter": ("catalog", "'catalog'"),
}

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


def create(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    build = {"sqlite": _sqlite, "postgresql": _postgresql}[vendor]
    for table, (name, scope) in WATCHED.items():
        for sql in build(table, name, scope):
            schema_editor.execute(sql)


def drop(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for table, (name, _scope) in WATCHED.items():
        for event in ("insert", "update", "delete"):
            suffix = f" ON {table}" if vendor == "postgresql" else ""
            schema_editor.execute(f"DROP TRIGGER IF EXISTS zhunru_stamp_{name}_{event}{suffix}")
        if vendor == "postgresql":
            schema_editor.execute(f"DROP FUNCTION IF EXISTS zhunru_stamp_{name}()")
