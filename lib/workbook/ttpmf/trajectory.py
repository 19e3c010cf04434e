"""The trajectory of the share: its trend over the waves with enough answers, the test that
it rises, and the projected crossing of the bar with its bootstrap range."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from workbook.stats import normal_quantile
from workbook.ttpmf import rules
from workbook.ttpmf.dates import date_at_month, months_between
from workbook.waves import Grouping


@dataclass(frozen=True)
class Trend:
    """A straight-line trend of the share: ``share ≈ intercept + slope × months since start``.

    ``p_value`` is the Cochran–Armitage test for trend over the waves it rests on (see
    :data:`TREND_TEST`) and ``recent_slope`` the slope over the latest
    :data:`RECENT_TREND_WAVES` of them (None when not computed).
    """

    intercept: float
    slope: float
    p_value: float | None = None
    recent_slope: float | None = None

    @property
    def rising(self) -> bool:
        """True when the share grows faster than :data:`FLAT_TREND_SLOPE` per month."""
        return self.slope > rules.FLAT_TREND_SLOPE.value

    @property
    def rise_shown(self) -> bool:
        """True when a test says the share rises (:data:`TREND_TEST`) and the recent waves have
        not stalled: the only trend that can put a company on track."""
        level = rules.TREND_TEST.level
        overall = self.rising and self.p_value is not None and self.p_value <= level
        return overall and not self.stalled

    @property
    def stalled(self) -> bool:
        """True when the line rises but its latest :data:`RECENT_TREND_WAVES` waves, on their own,
        are flat or falling: the earlier pace is no longer the current one."""
        return (
            self.rising
            and self.recent_slope is not None
            and self.recent_slope <= rules.FLAT_TREND_SLOPE.value
        )

    @property
    def per_year(self) -> float:
        """The slope as a share change per year (0.095: 9.5 percentage points a year)."""
        return self.slope * 12

    def share_at(self, months: float) -> float:
        """The trend's share at ``months`` after the start."""
        return self.intercept + self.slope * months


def weighted_trend(
    months: np.ndarray, shares: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted least squares intercepts and slopes, one per row of ``shares``.

    ``months`` and ``weights`` have one value per wave; ``shares`` is (waves,) or
    (resamples, waves). Returns NaN when the months do not vary.
    """
    x = np.asarray(months, dtype=float)
    w = np.asarray(weights, dtype=float)
    y = np.atleast_2d(np.asarray(shares, dtype=float))
    total = w.sum()
    x_mean = (w @ x) / total
    y_mean = (y @ w) / total
    spread = w @ (x - x_mean) ** 2
    if spread <= 0:
        nan = np.full(y.shape[0], np.nan)
        return nan, nan
    slopes = ((y - y_mean[:, None]) @ (w * (x - x_mean))) / spread
    return y_mean - slopes * x_mean, slopes


def trend_p_value(months: ArrayLike, very: ArrayLike, answers: ArrayLike) -> float:
    """Two-sided p-value of the Cochran–Armitage test for trend in proportions.

    The waves' shares are regressed on their months with each wave weighted by its answers and
    the binomial variance of the pooled share: under a flat share the slope divided by its
    standard error is standard normal. Unlike a least-squares t-test it is defined for two
    waves. Returns 1.0 when nothing varies (all shares 0 or 1, or a single month).
    """
    from scipy.stats import norm

    x = np.asarray(months, dtype=float)
    n = np.asarray(answers, dtype=float)
    k = np.asarray(very, dtype=float)
    total = n.sum()
    if total <= 0:
        return 1.0
    pooled = k.sum() / total
    x_mean = (n @ x) / total
    spread = n @ (x - x_mean) ** 2
    variance = pooled * (1 - pooled)
    if spread <= 0 or variance <= 0:
        return 1.0
    statistic = (k @ (x - x_mean)) / math.sqrt(variance * spread)
    return float(2 * norm.sf(abs(statistic)))


def confirmation_share(answers: int) -> float:
    """The lowest share at which a wave of ``answers`` answers confirms fit: its Wilson lower
    bound (at :data:`CONFIRMED_FIT`) equals :data:`FIT_THRESHOLD` (see
    :data:`PROJECTION_TARGET`). Always above the bar; 1.0 when no share can confirm."""
    from scipy.optimize import brentq

    bar = rules.FIT_THRESHOLD.value
    z = normal_quantile(0.5 + rules.CONFIRMED_FIT.value / 2)

    def lower_minus_bar(share: float) -> float:
        centre = share + z * z / (2 * answers)
        half = z * math.sqrt(share * (1 - share) / answers + z * z / (4 * answers * answers))
        return (centre - half) / (1 + z * z / answers) - bar

    if answers <= 0 or lower_minus_bar(1.0) < 0:
        return 1.0
    return float(brentq(lower_minus_bar, bar, 1.0, xtol=1e-9))


def crossing_months(
    intercepts: np.ndarray, slopes: np.ndarray, target: float | None = None
) -> np.ndarray:
    """Months since start at which each trend reaches ``target`` (default
    :data:`FIT_THRESHOLD`; a projection passes :func:`confirmation_share`).

    Flat or falling trends (slope ≤ :data:`FLAT_TREND_SLOPE`) and crossings beyond
    :data:`PROJECTION_HORIZON_MONTHS` give ``inf`` (no crossing in sight).
    """
    intercepts = np.asarray(intercepts, dtype=float)
    slopes = np.asarray(slopes, dtype=float)
    goal = rules.FIT_THRESHOLD.value if target is None else target
    rising = slopes > rules.FLAT_TREND_SLOPE.value
    months = np.full(slopes.shape, np.inf)
    months[rising] = (goal - intercepts[rising]) / slopes[rising]
    months[months > rules.PROJECTION_HORIZON_MONTHS.value] = np.inf
    return months


def bootstrap_crossings(
    months: ArrayLike,
    very: ArrayLike,
    answers: ArrayLike,
    *,
    draws: int | None = None,
    seed: int | None = None,
    target: float | None = None,
) -> np.ndarray:
    """Crossing months of the trend refitted on draws of every wave's share from its posterior.

    Each draw takes every wave's share from Beta(very + prior, answers − very + prior), the
    :data:`PROJECTION_PRIOR` being Jeffreys' ½: a wave at 0% or 100% still varies, so the
    range never collapses to a point. The weights stay the waves' answers, and the trend is
    refitted for all draws at once. Every wave needs at least one answer. ``draws`` and
    ``seed`` default to :data:`PROJECTION_DRAWS` and :data:`PROJECTION_SEED`.
    """
    n = np.asarray(answers, dtype=np.int64)
    k = np.asarray(very, dtype=np.int64)
    if (n <= 0).any() or (k < 0).any() or (k > n).any():
        raise ValueError("each wave needs 0 ≤ very ≤ answers and at least one answer")
    rng = np.random.default_rng(rules.PROJECTION_SEED.value if seed is None else seed)
    size = (rules.PROJECTION_DRAWS.value if draws is None else draws, n.size)
    prior = rules.PROJECTION_PRIOR.value
    shares = rng.beta(k + prior, n - k + prior, size=size)
    intercepts, slopes = weighted_trend(np.asarray(months, dtype=float), shares, n)
    return crossing_months(intercepts, slopes, target)


#: A calendar day (the name ``date`` is a field of :class:`Projection`).
Day = date

#: Why a projection is what it is: no trend (too few waves, all on one day), a flat or
#: falling trend, a crossing beyond the horizon, one the line places before the latest wave
#: (projected no earlier than it), or a crossing at the current pace.
ProjectionBasis = Literal[
    "too few waves", "same day", "flat", "beyond horizon", "before latest", "at pace"
]
#: Why a rising trend cannot put a company on track: the latest reliable wave fell back below
#: the bar, the rise is within noise, or the recent waves stalled.
Doubt = Literal["fell back", "within noise", "stalled"]


@dataclass(frozen=True)
class Projection:
    """When the trend reaches :data:`FIT_THRESHOLD`; ``month`` None means no crossing in sight.

    ``low_month``/``high_month`` bound the central 95% of the drawn crossings (None for an end
    beyond :data:`PROJECTION_HORIZON_MONTHS`, i.e. in some draws the share never gets there).
    No month lies before the latest wave (:data:`EARLIEST_PROJECTION`). ``basis`` says what was
    projected, or why nothing was, and ``doubt`` why the evidence does not carry it; the facts
    behind them (``trend``, ``target`` share and the ``usual_answers`` of a wave behind it,
    the ``earliest`` month allowed, the ``trend_waves`` counted, the waves ``left_out`` and the
    ``latest_share`` of the latest reliable wave) are kept so that
    :func:`workbook.ttpmf.wording.projection_reason` can say it in words.
    """

    month: float | None
    date: date | None
    low_month: float | None
    high_month: float | None
    low_date: Day | None
    high_date: Day | None
    basis: ProjectionBasis = "at pace"
    doubt: Doubt | None = None
    target: float | None = None
    usual_answers: int | None = None
    earliest: float | None = None
    trend: Trend | None = None
    trend_waves: int = 0
    left_out: tuple[int, ...] = ()
    latest_share: float | None = None

    @property
    def firm(self) -> bool:
        """True when the projection can put a company on track: a crossing in sight, a range
        that ends within the horizon, and no doubt raised by the evidence (``doubt``)."""
        return self.date is not None and self.high_date is not None and self.doubt is None


@dataclass(frozen=True)
class Trajectory:
    """The share per wave (see :func:`wave_scores`), how the waves were formed (``grouping``:
    waves, months or quarters; see :mod:`workbook.waves`), the trend over the waves with enough
    answers and (when fit is neither confirmed nor provisional) the projected crossing."""

    started: date
    waves: pd.DataFrame
    trend: Trend | None
    projection: Projection | None
    grouping: Grouping = "waves"

    @property
    def scored_waves(self) -> pd.DataFrame:
        """Waves with at least one answer other than N/A."""
        return self.waves[self.waves["n"] > 0]

    @property
    def trend_waves(self) -> pd.DataFrame:
        """Waves with enough answers to steer the trend (:data:`MIN_ANSWERS`)."""
        return trend_waves(self.waves)

    @property
    def left_out(self) -> tuple[int, ...]:
        """Numbers of the waves with answers that are too few to steer the trend."""
        return left_out_waves(self.waves)

    def trend_frame(self) -> pd.DataFrame:
        """The trend line's two ends (``date``, ``share``): from the first wave it rests on to
        the later of the last wave and the projected crossing; empty when there is no trend."""
        used = self.trend_waves
        if self.trend is None or used.empty:
            return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "share": []})
        months = [float(used["months"].iloc[0]), float(self.scored_waves["months"].iloc[-1])]
        if self.projection is not None and self.projection.month is not None:
            months[1] = max(months[1], self.projection.month)
        return pd.DataFrame(
            {
                "date": pd.to_datetime([date_at_month(self.started, m) for m in months]),
                "share": [self.trend.share_at(m) for m in months],
            }
        )


def trend_waves(waves: pd.DataFrame) -> pd.DataFrame:
    """The waves that steer the trend: those with at least :data:`MIN_ANSWERS` answers."""
    return waves[waves["n"] >= rules.MIN_ANSWERS.value]


def left_out_waves(waves: pd.DataFrame) -> tuple[int, ...]:
    """Numbers of the waves with answers but fewer than :data:`MIN_ANSWERS` of them."""
    small = waves[(waves["n"] > 0) & (waves["n"] < rules.MIN_ANSWERS.value)]
    return tuple(int(w) for w in small["wave"])


def fit_trend(waves: pd.DataFrame) -> tuple[Trend | None, ProjectionBasis | None]:
    """The trend (see :data:`TREND_MODEL`) over the waves with enough answers, or None and why
    there is none (``too few waves`` or ``same day``)."""
    used = trend_waves(waves)
    if len(used) < rules.MIN_TREND_WAVES.value:
        return None, "too few waves"
    answers = used["n"].to_numpy(dtype=np.int64)
    intercepts, slopes = weighted_trend(
        used["months"].to_numpy(dtype=float), used["very"].to_numpy(dtype=float) / answers, answers
    )
    if np.isnan(slopes[0]):
        return None, "same day"
    months = used["months"].to_numpy(dtype=float)
    very = used["very"].to_numpy(dtype=np.int64)
    recent = slice(-rules.RECENT_TREND_WAVES.value, None)
    _, recent_slopes = weighted_trend(
        months[recent], very[recent] / answers[recent], answers[recent]
    )
    recent_slope = None if np.isnan(recent_slopes[0]) else float(recent_slopes[0])
    return Trend(
        float(intercepts[0]),
        float(slopes[0]),
        trend_p_value(months, very, answers),
        recent_slope,
    ), None


def project_fit(
    waves: pd.DataFrame, started: date, as_of: date | None = None
) -> tuple[Trend | None, Projection]:
    """Fit the trend and project when it reaches the share that would confirm fit
    (:data:`PROJECTION_TARGET`), never before ``as_of`` or the latest wave
    (:data:`EARLIEST_PROJECTION`).

    The projection carries a ``doubt`` (it cannot put a company on track) when the rise is not
    shown by test (:data:`TREND_TEST`), has stalled over the recent waves
    (:data:`RECENT_TREND_WAVES`), or the latest reliable wave fell back below the bar after
    one at or above it.
    """
    used = trend_waves(waves)
    facts: dict[str, Any] = {"trend_waves": len(used), "left_out": left_out_waves(waves)}
    trend, why = fit_trend(waves)
    if trend is None or why is not None:
        return None, Projection(*_NOTHING, basis=why or "too few waves", **facts)
    facts["trend"] = trend
    if not trend.rising:
        return trend, Projection(*_NOTHING, basis="flat", **facts)
    months = used["months"].to_numpy(dtype=float)
    answers = used["n"].to_numpy(dtype=np.int64)
    very = used["very"].to_numpy(dtype=np.int64)
    usual = int(np.median(answers))
    target = confirmation_share(usual)
    latest = float(waves.loc[waves["n"] > 0, "months"].max())
    earliest = latest if as_of is None else max(latest, months_between(started, as_of))
    crossing = float(
        crossing_months(np.array([trend.intercept]), np.array([trend.slope]), target)[0]
    )
    point = max(crossing, earliest)
    spread = np.maximum(bootstrap_crossings(months, very, answers, target=target), earliest)
    low, high = (
        float(v) for v in np.quantile(spread, rules.PROJECTION_RANGE.value, method="inverted_cdf")
    )
    low_month, high_month = (None if math.isinf(v) else v for v in (low, high))
    facts |= {
        "doubt": trend_doubt(trend, used),
        "target": target,
        "usual_answers": usual,
        "earliest": earliest,
        "latest_share": float(used["share"].iloc[-1]),
    }
    if math.isinf(point):
        low_date = _maybe_date(started, low_month)
        return trend, Projection(
            None, None, low_month, None, low_date, None, basis="beyond horizon", **facts
        )
    return trend, Projection(
        point,
        date_at_month(started, point),
        low_month,
        high_month,
        _maybe_date(started, low_month),
        _maybe_date(started, high_month),
        basis="before latest" if crossing < earliest else "at pace",
        **facts,
    )


#: A projection's six dates and months when nothing is projected.
_NOTHING = (None, None, None, None, None, None)


def trend_doubt(trend: Trend, used: pd.DataFrame) -> Doubt | None:
    """Why a rising trend cannot put a company on track (None when it can): the latest wave with
    enough answers fell back below the bar after one at or above it, the rise is within noise
    (:data:`TREND_TEST`), or the recent waves stalled (:attr:`Trend.stalled`)."""
    bar = rules.FIT_THRESHOLD.value
    shares = used["share"].to_numpy(dtype=float)
    if shares[-1] < bar and (shares[:-1] >= bar).any():
        return "fell back"
    if trend.p_value is None or trend.p_value > rules.TREND_TEST.level:
        return "within noise"
    if trend.stalled:
        return "stalled"
    return None


def projection_coverage() -> float:
    """The share of drawn crossings the projection range covers (0.95)."""
    low, high = rules.PROJECTION_RANGE.value
    return high - low


def _maybe_date(started: date, months: float | None) -> date | None:
    return None if months is None else date_at_month(started, months)
