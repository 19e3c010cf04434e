"""Estimates and intervals shared by the assessments: one piece of code per interval.

Kept free of heavy imports: the normal quantile comes from the standard library and the
Student-t quantile from ``scipy.special`` imported on first use, so importing an assessment
stays cheap for the CLI and for every kernel.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

#: Below this many answers a group's estimate is shown but flagged as too few to trust.
MIN_RELIABLE_N = 30
#: Confidence level of every interval the workbook reports.
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its 95% interval and the number of answers behind it."""

    value: float | None
    ci_low: float | None
    ci_high: float | None
    n: int

    @property
    def too_few(self) -> bool:
        """True when fewer than :data:`MIN_RELIABLE_N` answers stand behind the estimate."""
        return self.n < MIN_RELIABLE_N

    @property
    def defined(self) -> bool:
        """False when there was nothing to estimate from."""
        return self.value is not None


def normal_quantile(probability: float) -> float:
    """The standard normal quantile (1.96 for 0.975)."""
    return NormalDist().inv_cdf(probability)


@cache
def t_quantile(probability: float, degrees_of_freedom: int) -> float:
    """The Student-t quantile; ``scipy.special`` is imported on first use only."""
    from scipy.special import stdtrit

    return float(stdtrit(degrees_of_freedom, probability))


def mean_interval(values: Iterable[float], confidence: float = CONFIDENCE) -> Estimate:
    """Mean with a Student-t confidence interval; missing values are ignored.

    One value gives the mean without an interval; no values give an undefined estimate.
    """
    array = np.asarray([v for v in values if v is not None and not math.isnan(v)], dtype=float)
    n = int(array.size)
    if n == 0:
        return Estimate(None, None, None, 0)
    mean = float(array.mean())
    if n == 1:
        return Estimate(mean, None, None, 1)
    quantile = t_quantile(0.5 + confidence / 2, n - 1)
    half = float(quantile * array.std(ddof=1) / math.sqrt(n))
    return Estimate(mean, mean - half, mean + half, n)


def wilson_interval(successes: int, n: int, confidence: float = CONFIDENCE) -> Estimate:
    """Share of successes with the Wilson score interval (well behaved for small n and 0 or 1)."""
    if n <= 0:
        return Estimate(None, None, None, 0)
    z = normal_quantile(0.5 + confidence / 2)
    share = successes / n
    denominator = 1 + z * z / n
    centre = (share + z * z / (2 * n)) / denominator
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / denominator
    # At 0 or n successes the bound is exactly 0 or 1; rounding must not move it off.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return Estimate(share, low, high, n)


def safe_ratio(numerator: float, denominator: float | None) -> float | None:
    """``numerator / denominator``, or None ("not defined") when the denominator is zero."""
    if denominator is None or denominator == 0 or math.isnan(denominator):
        return None
    return numerator / denominator


def is_blank(value: Any) -> bool:
    """True for None, NaN, pandas' missing markers and text that is only white space."""
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # containers are never blank values
        return False
