"""Gapless numbers. `next_number(key)` must run inside the transaction that uses the number: the
counter row stays locked until commit, so concurrent callers queue and a rolled-back transaction
gives its number back (no gaps, no duplicates)."""

from __future__ import annotations

from django.db import connection

from zhunru.core.models import Counter


def next_number(key: str) -> int:
    if not connection.in_atomic_block:
        raise RuntimeError("next_number() must run inside the transaction that uses the number")
    Counter.objects.bulk_create([Counter(key=key, value=0)], ignore_conflicts=True)
    counter = Counter.objects.select_for_update().get(key=key)
    counter.value += 1
    Counter.objects.filter(pk=counter.pk).update(value=counter.value)
    return counter.value
