"""The 95 % interval of a mean with Student's t, checked against values computed by hand and against
published t quantiles."""

from __future__ import annotations

import itertools
import math

import pytest

from zhunru.evaluation.stats import mean_ci, t975


def test_the_interval_of_a_hand_computed_example():
    # scores 4, 4, 5, 3, 4: mean 4.0; squared deviations 0+0+1+1+0 = 2; s² = 2/4 = 0.5;
    # s/√n = √0.5/√5 = 0.316228; t(0.975, 4) = 2.776445; 2.776445 × 0.316228 = 0.877989 → [3.122011, 4.877989]
    ci = mean_ci([4, 4, 5, 3, 4])
    assert ci.n == 5 and ci.mean == pytest.approx(4.0)
    assert ci.half_width == pytest.approx(0.877989, abs=1e-6)
    assert ci.low == pytest.approx(3.122011, abs=1e-6) and ci.high == pytest.approx(4.877989, abs=1e-6)


def test_a_second_example_with_eight_answers():
    # 4,4,5,3,4,4,5,4: mean 33/8 = 4.125; Σ(x−x̄)² = 2.875; s² = 0.410714; s/√8 = 0.226582;
    # t(0.975, 7) = 2.364624 → half width 0.535781
    ci = mean_ci([4, 4, 5, 3, 4, 4, 5, 4])
    assert ci.mean == pytest.approx(4.125)
    assert ci.half_width == pytest.approx(0.535781, abs=1e-6)


def test_equal_scores_give_a_point_and_wide_ones_are_clipped_to_the_scale():
    same = mean_ci([3, 3, 3, 3, 3])
    assert (same.low, same.mean, same.high) == (3.0, 3.0, 3.0)
    wide = mean_ci([1, 5, 1, 5, 5])
    assert wide.low == 1.0 and wide.high == 5.0 and wide.half_width > 2


@pytest.mark.parametrize(
    ("df", "expected"),
    [
        (1, 12.7062),
        (4, 2.7764),
        (10, 2.2281),
        (30, 2.0423),
        (31, 2.0395),
        (40, 2.0211),
        (60, 2.0003),
        (120, 1.9799),
        (1000, 1.9623),
    ],
)
def test_t_quantiles_match_the_tables(df, expected):
    assert t975(df) == pytest.approx(expected, abs=1e-4)


def test_t_falls_towards_the_normal_quantile():
    values = [t975(df) for df in range(1, 400)]
    assert all(a > b for a, b in itertools.pairwise(values))
    assert math.isclose(t975(10**6), 1.959964, abs_tol=1e-5)


def test_too_few_values_or_degrees_are_refused():
    with pytest.raises(ValueError):
        mean_ci([4])
    with pytest.raises(ValueError):
        t975(0)
