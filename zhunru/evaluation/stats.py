"""Means and 95 % confidence intervals (Student's t), without scipy.

The two-sided 95 % interval of a mean of n scores is  mean ± t(0.975, n−1) · s / √n,  with s the sample
standard deviation (n − 1 in the denominator). t comes from a table for 1–30 degrees of freedom and from
the Cornish–Fisher expansion of the t quantile in powers of 1/df above that (error below 1e-6 there)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z975 = 1.959963984540054  # the standard normal 0.975 quantile

T975 = {
    1: 12.706205,
    2: 4.302653,
    3: 3.182446,
    4: 2.776445,
    5: 2.570582,
    6: 2.446912,
    7: 2.364624,
    8: 2.306004,
    9: 2.262157,
    10: 2.228139,
    11: 2.200985,
    12: 2.178813,
    13: 2.160369,
    14: 2.144787,
    15: 2.131450,
    16: 2.119905,
    17: 2.109816,
    18: 2.100922,
    19: 2.093024,
    20: 2.085963,
    21: 2.079614,
    22: 2.073873,
    23: 2.068658,
    24: 2.063899,
    25: 2.059539,
    26: 2.055529,
    27: 2.051831,
    28: 2.048407,
    29: 2.045230,
    30: 2.042272,
}


def t975(df: int) -> float:
    """The 0.975 quantile of Student's t with `df` degrees of freedom (df ≥ 1)."""
    if df < 1:
        raise ValueError("degrees of freedom must be at least 1")
    if df in T975:
        return T975[df]
    z = Z975
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


@dataclass(frozen=True)
class MeanCI:
    n: int
    mean: float
    low: float  # the interval, clipped to the scale (1–5)
    high: float
    half_width: float  # t · s / √n, before clipping


def mean_ci(values: Sequence[float], *, lower: float = 1.0, upper: float = 5.0) -> MeanCI:
    """Mean and 95 % interval of at least two values; the interval is clipped to [lower, upper]."""
    n = len(values)
    if n < 2:
        raise ValueError("a confidence interval needs at least two values")
    mean = math.fsum(values) / n
    variance = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    half = t975(n - 1) * math.sqrt(variance / n)
    return MeanCI(n, mean, max(lower, mean - half), min(upper, mean + half), half)
