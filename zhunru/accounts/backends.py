"""Django's ModelBackend, reading the signed-in user with their department, community and roles in one
plain-SQL query: every page needs the user and their roles and shows the organization's name in its top
bar. The ORM's compiling of that read by primary key cost more than the read itself (0.43 ms against
0.06 ms per page), and on PostgreSQL each query is a round trip to the database server."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connections

from zhunru.accounts.models import RoleGrant, User
from zhunru.core import plainsql

RELATED = ("department", "community")  # foreign keys of User read with it (select_related)


Plan = list[tuple[Any, list[str], list[plainsql.Converter]]]  # per model: the model, names, converters


@cache
def _plan(alias: str) -> tuple[str, Plan]:
    """The SQL and, per model (the user, then each related row), its attribute names and converters."""
    quote = connections[alias].ops.quote_name
    user_meta: Any = User._meta
    models_read: list[tuple[Any, str]] = [(User, "u")]
    joins = []
    for i, name in enumerate(RELATED):
        field: Any = user_meta.get_field(name)
        related: Any = field.related_model
        table_alias = f"r{i}"
        models_read.append((related, table_alias))
        joins.append(
            f"LEFT JOIN {quote(related._meta.db_table)} {table_alias} "
            f"ON {table_alias}.{quote(related._meta.pk.column)} = u.{quote(field.column)}"
        )
    columns: list[str] = []
    plan: Plan = []
    for model, table_alias in models_read:
        cols, names, converters = plainsql.columns_of(
            model, list(model._meta.concrete_fields), table_alias, alias
        )
        columns += cols
        plan.append((model, names, converters))
    grants: Any = RoleGrant._meta
    grant_user = quote(grants.get_field("user").column)
    joins.append(  # one row per role (one row with NULL when none)
        f"LEFT JOIN {quote(grants.db_table)} g ON g.{grant_user} = u.{quote(user_meta.pk.column)}"
    )
    columns.append(f"g.{quote(grants.get_field('role').column)}")
    sql = (
        f"SELECT {', '.join(columns)} FROM {quote(user_meta.db_table)} u {' '.join(joins)} "
        f"WHERE u.{quote(user_meta.pk.column)} = %s"
    )
    return sql, plan


def read_user(user_id: Any, alias: str = "default") -> User | None:
    """The user with their department, community and roles (None when there is no such user)."""
    sql, plan = _plan(alias)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [user_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    row = rows[0]
    objects: list[Any] = []
    at = 0
    for model, names, converters in plan:
        values = plainsql.convert(row[at : at + len(names)], converters, alias)
        at += len(names)
        objects.append(None if values[0] is None else model.from_db(alias, names, values))
    user = objects[0]
    for name, related in zip(RELATED, objects[1:], strict=True):
        User._meta.get_field(name).set_cached_value(user, related)  # type: ignore[union-attr]
    user._role_cache = frozenset(r[-1] for r in rows if r[-1] is not None)  # what User.role_set reads
    return user  # type: ignore[no-any-return]


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        try:
            user = read_user(int(user_id))
        except (TypeError, ValueError):
            return None
        return user if user is not None and self.user_can_authenticate(user) else None
