"""Version stamps of data, and page parts cached under them.

A busy page (a community's demand list, the public catalog) renders its main part once per state of the
rows it shows and keeps the HTML in the cache. The key holds the rows' stamp (core.ChangeStamp, bumped by
database triggers on every write, see core.stamp_triggers), so a change is visible on the next request
in every app process, whichever code made it; whatever else the part shows (names of departments, the
translation) is at most PAGE_CACHE_SECONDS old. ZHUNRU_PAGE_CACHE_SECONDS=0 turns the cache off.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from zhunru.core.models import ChangeStamp


def stamps(scopes: Iterable[str]) -> dict[str, int]:
    """The current stamp of each scope (0 for a scope never written): one indexed read."""
    scopes = list(scopes)
    if not scopes:
        return {}
    # read on every view of a cached page: plain SQL, as the ORM's compiling costs more than the read
    table = ChangeStamp._meta.db_table
    marks = ", ".join(["%s"] * len(scopes))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            # PostgreSQL bumps stamps at commit (core.stamp_triggers). Inside a transaction that has written
            # (a test, or a view writing before it renders) run this transaction's pending bumps now, so the
            # page is keyed by what it will show; then defer again. In autocommit nothing is pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(f"SELECT scope, n FROM {table} WHERE scope IN ({marks})", scopes)
        found = dict(cursor.fetchall())
    return {scope: found.get(scope, 0) for scope in scopes}


def stamp(scope: str) -> int:
    return stamps([scope])[scope]


def cached_part(
    name: str,
    scopes: Iterable[str] | None,
    vary: Iterable[Any],
    render: Callable[[], str],
    *,
    current: dict[str, int] | None = None,
) -> SafeString:
    """The HTML `render()` makes, kept under the scopes' stamps, the language and `vary` (whatever else
    the part depends on: the user's view of the data, the filters, the page number, today). No scopes
    (None): rendered every time; none to watch (()): kept per language and `vary`. `current`: the
    scopes' stamps when the caller has read them for several parts of one page. Keep no CSRF token in a
    part: the page writes it outside (a form's fields may be a part, its {% csrf_token %} is not)."""
    seconds = settings.PAGE_CACHE_SECONDS
    if seconds <= 0 or scopes is None:
        return mark_safe(render())  # rendered by the template engine, escaped there
    if current is None:
        current = stamps(scopes)
    raw = repr((sorted(current.items()), get_language(), [str(v) for v in vary]))
    key = f"part:{name}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, seconds)
    return mark_safe(html)
