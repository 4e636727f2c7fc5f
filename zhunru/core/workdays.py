"""Working days (工作日): the official schedule from `chinese-calendar`, overridden day by day by the
admin-editable WorkdayOverride table. For a year neither covers, Monday–Friday is assumed and
`year_is_covered()` is False so the UI can warn that the official schedule is missing.

`add_working_days(day, n)` is the n-th working day after `day` (n may be 0: `day` itself if it
is a working day, otherwise the next one). `working_days_between(a, b)` counts the working days d
with a < d <= b (so a deadline "within 5 working days of submission" is add_working_days(sub, 5)
and working_days_between(sub, that deadline) == 5).

For many dates at once (a list's rows), `WorkdayCounter(start, end)` / `working_days_counter(start, end)`
read the overrides of the span once and then count without further queries.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Mapping

import chinese_calendar
from django.core.cache import cache
from django.utils import timezone

from zhunru.core.models import WorkdayOverride

ONE_DAY = dt.timedelta(days=1)


def official_is_workday(day: dt.date) -> bool | None:
    """The official answer, or None where chinese-calendar has no schedule for that year."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


def _overrides(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    rows = WorkdayOverride.objects.filter(day__gte=start, day__lte=end).values_list("day", "is_workday")
    return dict(rows)


def _is_workday(day: dt.date, overrides: Mapping[dt.date, bool]) -> bool:
    if day in overrides:
        return overrides[day]
    official = official_is_workday(day)
    if official is None:
        return day.weekday() < 5
    return official


def is_workday(day: dt.date) -> bool:
    return _is_workday(day, _overrides(day, day))


def add_working_days(day: dt.date, n: int) -> dt.date:
    if n < 0:
        raise ValueError("n must be >= 0")
    # a span of n working days never needs more than ~2n + 30 calendar days (the longest break is 9)
    overrides = _overrides(day, day + dt.timedelta(days=2 * n + 40))
    if n == 0:
        while not _is_workday(day, overrides):
            day += ONE_DAY
        return day
    remaining = n
    while remaining:
        day += ONE_DAY
        if _is_workday(day, overrides):
            remaining -= 1
    return day


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Working days d with a < d <= b; negative when b is before a."""
    if b < a:
        return -working_days_between(b, a)
    overrides = _overrides(a, b)
    count = 0
    day = a + ONE_DAY
    while day <= b:
        if _is_workday(day, overrides):
            count += 1
        day += ONE_DAY
    return count


class WorkdayCounter:
    """Working days between many pairs of dates in [start, end] with one query for the overrides."""

    def __init__(self, start: dt.date, end: dt.date) -> None:
        if end < start:
            start, end = end, start
        self.start, self.end = start, end
        overrides = _overrides(start, end)
        self.cumulative: list[int] = []
        n, day = 0, start
        while day <= end:
            n += 1 if _is_workday(day, overrides) else 0
            self.cumulative.append(n)
            day += ONE_DAY

    def between(self, a: dt.date, b: dt.date) -> int:
        """As working_days_between: the working days d with a < d <= b (negative when b is before a).
        Dates outside [start, end] fall back to working_days_between (a query)."""
        if not (self.start <= a <= self.end and self.start <= b <= self.end):
            return working_days_between(a, b)
        return self.cumulative[(b - self.start).days] - self.cumulative[(a - self.start).days]


def working_days_counter(start: dt.date, end: dt.date) -> Callable[[dt.date, dt.date], int]:
    """A function counting like working_days_between for dates in [start, end], without further queries."""
    return WorkdayCounter(start, end).between


def year_is_covered(year: int) -> bool:
    """True when the official schedule is known: from chinese-calendar or entered in the table."""
    if official_is_workday(dt.date(year, 6, 1)) is not None:
        return True
    return WorkdayOverride.objects.filter(day__year=year).exists()


def missing_years(today: dt.date | None = None) -> list[int]:
    """This year and (from November, when the next year's schedule is usually published) the next."""
    today = today or timezone.localdate()  # Beijing's date (TIME_ZONE), not the server clock's
    years = [today.year] + ([today.year + 1] if today.month >= 11 else [])
    return [y for y in years if not year_is_covered(y)]


MISSING_KEY = "workdays:missing-years"
MISSING_SECONDS = 60


def missing_years_kept() -> list[int]:
    """missing_years() for the warning in every page's top bar: kept in the cache for a minute (a query on
    every page otherwise). The services changing the table forget it when they commit; any other writer
    shows within MISSING_SECONDS."""
    today = timezone.localdate()
    kept = cache.get(MISSING_KEY)
    if kept is not None and kept[0] == today:
        return list(kept[1])
    years = missing_years(today)
    cache.set(MISSING_KEY, (today, years), MISSING_SECONDS)
    return years


def forget_missing_years() -> None:
    cache.delete(MISSING_KEY)
