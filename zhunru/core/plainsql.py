"""Rows in plain SQL, for reads every view of a busy page makes.

The ORM's building and compiling of a query costs more than an indexed read (about 1 ms against 0.05 ms
for the application page's row). These build their SQL once per process and apply the same converters as
the ORM (SQLite returns dates as text), so an instance is what `Model.objects.only(*fields)` gives: the
other fields are deferred.

    read_by_pk(AccessApplication, pk, ("status", "department_id"))
    select(Notification, FIELDS, "user_id = %s", [user.pk], order_by="created_at DESC, id DESC", limit=20)
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from django.db import connections, models

M = TypeVar("M", bound=models.Model)


Converter = tuple[Any, list[Any]]  # a column expression and the ORM's converters of its value


def columns_of(
    model: type[models.Model], fields: list[Any], table_alias: str, alias: str = "default"
) -> tuple[list[str], list[str], list[Converter]]:
    """For these concrete fields of `model` (in its concrete fields' order): the quoted columns under
    `table_alias`, the attribute names (Model.from_db) and the converters."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    columns, names, converters = [], [], []
    for f in fields:
        columns.append(f"{table_alias}.{quote(f.column)}")
        names.append(f.attname)
        col = f.get_col(table_alias)
        converters.append((col, connection.ops.get_db_converters(col) + f.get_db_converters(connection)))
    return columns, names, converters


def convert(values: Any, converters: list[Converter], alias: str = "default") -> list[Any]:
    """A row's values as the ORM gives them (SQLite's dates as dates, and so on)."""
    connection = connections[alias]
    out = []
    for value, (col, fns) in zip(values, converters, strict=True):
        for fn in fns:
            value = fn(value, col, connection)
        out.append(value)
    return out


@cache
def _plan(
    model: type[models.Model], fields: tuple[str, ...], alias: str
) -> tuple[str, list[str], list[Converter]]:
    """SELECT <the fields and the primary key> FROM <the table>, the attribute names and the converters."""
    meta: Any = model._meta
    quote = connections[alias].ops.quote_name
    named = {meta.pk} | {meta.get_field(name) for name in fields if name != "pk"}
    chosen = [f for f in meta.concrete_fields if f in named]  # Model.from_db takes them in this order
    columns, names, converters = columns_of(model, chosen, "t", alias)
    return f"SELECT {', '.join(columns)} FROM {quote(meta.db_table)} t", names, converters


def read_by_pk(model: type[M], pk: Any, fields: tuple[str, ...], alias: str = "default") -> M | None:
    """The row's `fields` (and its primary key) as an instance of `model`, or None when there is no row."""
    column = connections[alias].ops.quote_name(model._meta.pk.column)  # type: ignore[union-attr]
    found = select(model, fields, f"{column} = %s", [pk], alias=alias)
    return found[0] if found else None


def select(
    model: type[M],
    fields: tuple[str, ...],
    where: str,
    params: list[Any],
    *,
    order_by: str = "",
    limit: int | None = None,
    offset: int = 0,
    alias: str = "default",
) -> list[M]:
    """The rows matching `where` (SQL over the table's columns, with %s for `params`), in `order_by`."""
    sql, names, converters = _plan(model, fields, alias)
    sql += f" WHERE {where}"
    if order_by:
        sql += f" ORDER BY {order_by}"
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [model.from_db(alias, names, convert(row, converters, alias)) for row in rows]


def count(model: type[models.Model], where: str, params: list[Any], alias: str = "default") -> int:
    table = connections[alias].ops.quote_name(model._meta.db_table)
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}", params)
        return int(cursor.fetchone()[0])
