"""The one place that says what day it is (tests replace `today`)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()
