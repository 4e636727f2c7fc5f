"""Hypothesis profiles for the whole suite: `ci` (derandomized: the same examples on every run, so a
red build is reproducible) under CI=true, `dev` otherwise; HYPOTHESIS_PROFILE picks one explicitly.
Both keep examples modest (50) and write no example database into the work tree."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

COMMON = {
    "max_examples": 50,
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
}


def load() -> str:
    settings.register_profile("ci", derandomize=True, print_blob=True, **COMMON)
    settings.register_profile("dev", **COMMON)
    name = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
    settings.load_profile(name)
    return name
