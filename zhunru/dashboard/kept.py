"""Dashboard pages kept in the cache for DASHBOARD_CACHE_SECONDS (ZHUNRU_DASHBOARD_CACHE_SECONDS, default
300; 0: computed on every view).

At city scale demands are written all the time: a stamp bumped on every write (core.stamps) would throw
the figures away on almost every view. Instead a page's figures are at most DASHBOARD_CACHE_SECONDS old,
and the page says so: 数据更新于 HH:MM（每 5 分钟更新）, the time they were computed.

- The figures of a page (pages.Page: its tables and charts) are kept under what they depend on: the page,
  the user's dashboard (level and scope: users with the same dashboard share them), the filters as parsed,
  the language, today and the rows per page. Every page number and the Excel exports use the same copy.
- A long table (a city's 5,000 communities) is kept as pickled chunks of one page of rows each
  (PackedRows): a view unpacks the 50 rows it shows, not all of them.
- The rendered body of a page is kept under the figures' key and computation time, the page number and
  the query string: a repeat view renders only the frame around it. So is each Excel export.
- When the figures are older than DASHBOARD_CACHE_SECONDS one request computes them again, holding a
  short lock key (cache.add), while the others show the previous copy; with no copy at all they wait for
  the one being computed (WAIT_SECONDS at most, then compute it themselves). A copy is kept for twice the
  period, and an older one is shown only while its successor is being computed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language, ngettext

from zhunru.core import clock

if TYPE_CHECKING:
    from zhunru.dashboard.pages import Page

LOCK_SECONDS = 120  # one request computes a page's figures; should it die, another may after this
WAIT_SECONDS = 30.0  # with no copy to show, how long a request waits for the one being computed
POLL_SECONDS = 0.1
T = TypeVar("T")


def period() -> int:
    """DASHBOARD_CACHE_SECONDS: how old the figures may be (0: not kept)."""
    return max(int(settings.DASHBOARD_CACHE_SECONDS), 0)


def now() -> dt.datetime:
    return timezone.now()


def _digest(parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def figures_key(page: str, board: Any, f: Any, per_page: int) -> str:
    """The cache key of a page's figures: the page, the dashboard (its level, scope and what it shows),
    the parsed filters, the language, today and the rows per page."""
    parts = (page, board, f.month, f.span, f.street, f.department, f.kind, f.baseline)
    return "dashboard:" + _digest((*parts, get_language(), clock.today(), per_page))


class PackedRows(Sequence[list[Any]]):
    """Table rows kept as pickled chunks of `size` rows: taking a page of them unpickles that chunk only.
    (The cache pickles whatever it keeps; this only keeps it in pieces.)"""

    def __init__(self, rows: Sequence[list[Any]], size: int) -> None:
        self.size, self.count_rows = size, len(rows)
        self.chunks = [
            pickle.dumps(list(rows[i : i + size]), pickle.HIGHEST_PROTOCOL) for i in range(0, len(rows), size)
        ]
        self._open: dict[int, list[list[Any]]] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"size": self.size, "count_rows": self.count_rows, "chunks": self.chunks}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _open={})

    def _chunk(self, n: int) -> list[list[Any]]:
        if n not in self._open:
            self._open[n] = pickle.loads(self.chunks[n])  # our own bytes, from our cache
        return self._open[n]

    def __len__(self) -> int:
        return self.count_rows

    def __iter__(self) -> Iterator[list[Any]]:
        for n in range(len(self.chunks)):
            yield from self._chunk(n)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            start, stop, step = index.indices(self.count_rows)
            if step != 1 or start >= stop:
                return list(self)[index] if step != 1 else []
            first, last = start // self.size, (stop - 1) // self.size
            rows = [row for n in range(first, last + 1) for row in self._chunk(n)]
            return rows[start - first * self.size : stop - first * self.size]
        i = range(self.count_rows)[index]  # IndexError as a list's
        return self._chunk(i // self.size)[i % self.size]


def _pack(page: Page) -> None:
    """A paginated table's rows as PackedRows, one chunk per page of the table."""
    for block in page.blocks:
        size = block.table.per_page
        if size and len(block.table.rows) > size:
            block.table.rows = PackedRows(block.table.rows, size)  # type: ignore[assignment]


def _fresh(page: Page | None, seconds: int) -> bool:
    return (
        page is not None
        and page.computed_at is not None
        and (now() - page.computed_at).total_seconds() < seconds
    )


def _compute(key: str, build: Callable[[], Page], seconds: int) -> Page:
    started = now()
    page = build()
    page.computed_at, page.kept_key = started, key
    _pack(page)
    cache.set(key, page, 2 * seconds)
    return page


def kept_page(key: str, build: Callable[[], Page], *, stale_ok: bool = True) -> Page:
    """The page `build()` makes, at most DASHBOARD_CACHE_SECONDS old (see the module's doc). `stale_ok`:
    an older copy may be shown while another request computes the new one (not for exports)."""
    seconds = period()
    if seconds <= 0:
        return build()
    page = cache.get(key)
    if _fresh(page, seconds):
        return page
    before = page.computed_at if page is not None else None
    lock = f"{key}:computing"
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        if cache.add(lock, 1, LOCK_SECONDS):
            try:
                return _compute(key, build, seconds)
            finally:
                cache.delete(lock)
        if page is not None and (stale_ok or page.computed_at != before):
            return page  # the older copy while another request computes, or the one it has just computed
        if time.monotonic() >= deadline:
            return _compute(key, build, seconds)  # the other request is late: not waiting any longer
        time.sleep(POLL_SECONDS)
        page = cache.get(key)
        if _fresh(page, seconds):
            return page


def part(page: Page, name: str, vary: Sequence[Any], make: Callable[[], T]) -> T:
    """What `make()` makes of a kept page (its rendered body, an Excel export), kept with the page's
    figures and as long, by `vary` (the page number, the query string of the links); made every time when
    the figures are not kept."""
    seconds = period()
    if seconds <= 0 or not page.kept_key or page.computed_at is None:
        return make()
    raw = (page.kept_key, page.computed_at.isoformat(), seconds, *map(str, vary))
    key = f"dashboard-{name}:{_digest(raw)}"
    made = cache.get(key)
    if made is None:
        made = make()
        cache.set(key, made, 2 * seconds)
    return made


def freshness(page: Page) -> str:
    """数据更新于 HH:MM（每 5 分钟更新）for kept figures (local time); empty when computed for this view."""
    seconds = period()
    if seconds <= 0 or page.computed_at is None:
        return ""
    at = timezone.localtime(page.computed_at).strftime("%H:%M")
    if seconds % 60 == 0:
        n = seconds // 60
        text = ngettext(
            "数据更新于 %(time)s（每 %(n)s 分钟更新）", "数据更新于 %(time)s（每 %(n)s 分钟更新）", n
        )
    else:
        n = seconds
        text = ngettext("数据更新于 %(time)s（每 %(n)s 秒更新）", "数据更新于 %(time)s（每 %(n)s 秒更新）", n)
    return text % {"time": at, "n": n}
