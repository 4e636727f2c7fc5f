"""Numbered pages for list endpoints: ?page=1&page_size=25 (at most 100). A page past the end is empty."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


def paginate(
    items: QuerySet[Any] | Sequence[Any], page: int, page_size: int, present: Callable[[Any], Any]
) -> dict[str, Any]:
    page = max(1, page)
    page_size = min(max(1, page_size), MAX_PAGE_SIZE)
    count = items.count() if isinstance(items, QuerySet) else len(items)
    start = (page - 1) * page_size
    chunk = items[start : start + page_size] if start < count else []  # no SQL OFFSET past 2**63
    return {
        "count": count,
        "page": page,
        "pages": max(1, math.ceil(count / page_size)),
        "page_size": page_size,
        "items": [present(x) for x in chunk],
    }
