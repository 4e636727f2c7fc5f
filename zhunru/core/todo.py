"""The shape every app's to-do source returns (待办): the most urgent items, bounded, and how many there are.

Each app that gives people work has a `todo(user, limit)` selector listed in inbox.selectors.TODO_SOURCES.
It returns at most `limit` items, earliest due first (no due date last), read with LIMIT in the database,
and the total number, so the to-do page costs the same for ten open items as for ten thousand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

TODO_LIMIT = 50


@dataclass
class TodoItem:
    title: str
    link: str
    action: str
    due: dt.date | None


def by_due(item: TodoItem) -> tuple[bool, dt.date]:
    return (item.due is None, item.due or dt.date.max)


@dataclass
class TodoList:
    items: list[TodoItem] = field(default_factory=list)
    total: int = 0

    def add(self, items: Iterable[TodoItem], count: Any, limit: int) -> None:
        """Items read with LIMIT `limit` from a query; `count()` is asked only when the limit was reached."""
        items = list(items)
        self.items.extend(items)
        self.total += len(items) if len(items) < limit else count()

    def merged(self, limit: int) -> TodoList:
        return TodoList(sorted(self.items, key=by_due)[:limit], self.total)


def merge(parts: Iterable[TodoList], limit: int) -> TodoList:
    every = TodoList()
    for part in parts:
        every.items.extend(part.items)
        every.total += part.total
    return every.merged(limit)
