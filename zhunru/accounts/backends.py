"""Django's ModelBackend, reading the signed-in user with their department, community and roles in one
plain-SQL query: every page needs the user and their roles and shows the organization's name in its top
bar. The ORM's compiling of that read by primary key cost more than the read itself (0.43 ms against
0.06 ms per page), and on PostgreSQL each query is a round trip to the database server."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connections, models

from zhunru.accounts.models import RoleGrant, User

RELATED = ("department", "community")  # foreign keys of User read with it (select_related)


@cache
def _plan(alias: str) -> tuple[str, list[tuple[type[models.Model], list[str], list[tuple[Any, list[Any]]]]]]:
    """The SQL and, per model (the user, then each related row), its attribute names and each column's
    converters (SQLite returns dates as text; the ORM applies the same converters)."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    models_read: list[tuple[type[models.Model], str]] = [(User, "u")]
    joins = []
    for i, name in enumerate(RELATED):
        field = User._meta.get_field(name)
        related = field.related_model
        alias_i = f"r{i}"
        models_read.append((related, alias_i))
        joins.append(
            f"LEFT JOIN {quote(related._meta.db_table)} {alias_i} "
            f"ON {alias_i}.{quote(related._meta.pk.column)} = u.{quote(field.column)}"
        )
    columns, plan = [], []
    for model, table_alias in models_read:
        fields = list(model._meta.concrete_fields)
        columns += [f"{table_alias}.{quote(f.column)}" for f in fields]
        converters = []
        for f in fields:
            col = f.get_col(table_alias)
            converters.append((col, connection.ops.get_db_converters(col) + f.get_db_converters(connection)))
        plan.append((model, [f.attname for f in fields], converters))
    grants = RoleGrant._meta
    grant_user = quote(grants.get_field("user").column)
    joins.append(  # one row per role (one row with NULL when none)
        f"LEFT JOIN {quote(grants.db_table)} g ON g.{grant_user} = u.{quote(User._meta.pk.column)}"
    )
    columns.append(f"g.{quote(grants.get_field('role').column)}")
    sql = (
        f"SELECT {', '.join(columns)} FROM {quote(User._meta.db_table)} u {' '.join(joins)} "
        f"WHERE u.{quote(User._meta.pk.column)} = %s"
    )
    return sql, plan


def read_user(user_id: Any, alias: str = "default") -> User | None:
    """The user with their department, community and roles (None when there is no such user)."""
    sql, plan = _plan(alias)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    row = rows[0]
    objects: list[models.Model | None] = []
    at = 0
    for model, names, converters in plan:
        values = []
        for i, (col, convert) in enumerate(converters):
            value = row[at + i]
            for fn in convert:
                value = fn(value, col, connection)
            values.append(value)
        at += len(names)
        objects.append(None if values[0] is None else model.from_db(alias, names, values))
    user = objects[0]
    assert isinstance(user, User)
    for name, related in zip(RELATED, objects[1:], strict=True):
        User._meta.get_field(name).set_cached_value(user, related)
    user._role_cache = frozenset(r[-1] for r in rows if r[-1] is not None)  # what User.role_set reads
    return user


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        try:
            user = read_user(int(user_id))
        except (TypeError, ValueError):
            return None
        return user if user is not None and self.user_can_authenticate(user) else None
