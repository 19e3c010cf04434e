"""Retention per cohort, their chained average, the shape of its end and the business model's
benchmark band."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from workbook.ttpmf import rules
from workbook.ttpmf.rules import RetentionShapeWord
from workbook.ttpmf.trajectory import weighted_trend
from workbook.window import period_end


def min_retention_periods() -> int:
    """Periods the average curve needs to be judged: period 0, plus the window's
    :data:`FLAT_PERIODS` periods measured from one point before them (their
    :data:`FLAT_PERIODS` + 1 points all after period 0)."""
    return rules.FLAT_PERIODS.value + 2


@dataclass(frozen=True)
class RetentionShape:
    """How the end of an average retention curve behaves, with the numbers behind the verdict.

    ``change_per_period`` is the least-squares slope of the last :data:`FLAT_PERIODS` + 1
    points (negative: users lost per period); ``last`` the curve's last value.
    """

    verdict: RetentionShapeWord
    change_per_period: float | None
    last: float | None
    periods: int

    @property
    def flattening(self) -> bool | None:
        """True when the curve flattens or turns up above the floor; None when there are too few
        periods. A curve that flattens low is not counted as flattening."""
        if self.verdict == "not enough periods":
            return None
        return self.verdict in ("flattens", "turns up")

    @property
    def turns_up(self) -> bool:
        """True when the curve's end rises (a "smile": possibly a network effect)."""
        return self.verdict == "turns up"

    @property
    def weak(self) -> bool:
        """True when the curve shows no real retention: it keeps falling, falls to zero or
        levels off below :data:`RETENTION_FLOOR`."""
        return self.verdict in ("keeps falling", "falls to zero", "flattens low")


def retention_shape(average: pd.Series) -> RetentionShape:
    """Judge an average retention curve (index: period, values: share retained).

    The end of the curve is the last :data:`FLAT_PERIODS` periods (their
    :data:`FLAT_PERIODS` + 1 points); its change per period is their least-squares slope,
    which one noisy point moves less than a difference of the two ends would.

    * ``not enough periods``: fewer than :func:`min_retention_periods` periods;
    * ``falls to zero``: the last value is 0;
    * ``flattens low``: the end levels off or rises (it loses less than
      :data:`FLAT_MAX_LOSS_PER_PERIOD` per period) but its last value is below
      :data:`RETENTION_FLOOR`: flattening at a level that is no real retention;
    * ``turns up``: the end gains at least :data:`TURN_UP_MIN_GAIN_PER_PERIOD` per period
      (a "smile", possibly a network effect);
    * ``flattens``: the end loses less than :data:`FLAT_MAX_LOSS_PER_PERIOD` per period;
    * ``keeps falling`` otherwise.
    """
    curve = average.dropna().sort_index()
    if len(curve) < min_retention_periods():
        return RetentionShape("not enough periods", None, None, len(curve))
    window = curve.iloc[-(rules.FLAT_PERIODS.value + 1) :]
    periods = window.index.to_numpy(dtype=float)
    _, slopes = weighted_trend(periods, window.to_numpy(dtype=float), np.ones(len(window)))
    change = float(slopes[0])
    last = float(curve.iloc[-1])
    levels_off = change > -rules.FLAT_MAX_LOSS_PER_PERIOD.value
    verdict: RetentionShapeWord
    if last <= 0:
        verdict = "falls to zero"
    elif levels_off and last < rules.RETENTION_FLOOR.value:
        verdict = "flattens low"
    elif change >= rules.TURN_UP_MIN_GAIN_PER_PERIOD.value:
        verdict = "turns up"
    elif levels_off:
        verdict = "flattens"
    else:
        verdict = "keeps falling"
    return RetentionShape(verdict, change, last, len(curve))


@dataclass(frozen=True)
class RetentionAnalysis:
    """Retention per cohort and on average.

    ``curves``: cohort, period, size, active_users, retention (one row per cohort and period).
    ``average`` (see :data:`RETENTION_AVERAGE`): period, cohorts (those that reached the period
    and the one before), users (their summed cohort sizes), active_before (their users active
    the period before), active_users (active in the period), step (active_users /
    active_before) and retention (the steps chained from 1 at period 0), for the periods whose
    step at least :data:`MIN_COHORTS_PER_PERIOD` cohorts reached (all cohorts when there are
    fewer); the average stops at the first period with fewer (``thin_periods`` counts those
    left out).
    """

    curves: pd.DataFrame
    average: pd.DataFrame
    shape: RetentionShape
    empty_cohorts: int
    thin_periods: int
    min_cohorts: int
    censored_cells: int = 0
    oversized_cohorts: tuple[str, ...] = ()
    users: int = 0


def analyse_retention(retention: pd.DataFrame, as_of: date | None = None) -> RetentionAnalysis:
    """Curves per cohort (active / cohort size) and their chained average (see
    :class:`RetentionAnalysis`).

    Periods not ended by ``as_of`` are censored, not read as zero (:data:`RETENTION_WINDOW`;
    counted in ``censored_cells``). Cohorts of size 0 have no defined curve and are left out
    (counted in ``empty_cohorts``); so are cohorts that report more active users than their
    size in some period (named in ``oversized_cohorts``: the data contradicts itself). Each
    period's step compares the same cohorts in the period and the one before, so the average
    only falls or rises where the cohorts themselves do, whatever their sizes and ages.
    """
    censored = 0
    if as_of is not None and len(retention):
        observed = np.array(
            [
                period_end((cohort + pd.DateOffset(months=int(period))).date(), "month") <= as_of
                for cohort, period in retention[["cohort", "period"]].itertuples(index=False)
            ],
            dtype=bool,
        )
        censored = int((~observed).sum())
        retention = retention[observed]
    sizes = retention.loc[retention["period"] == 0, ["cohort", "active_users"]].rename(
        columns={"active_users": "size"}
    )
    curves = retention.merge(sizes, on="cohort", how="inner")
    empty = int((sizes["size"] == 0).sum())
    over = curves.loc[curves["active_users"] > curves["size"], "cohort"].unique()
    oversized = tuple(pd.Timestamp(c).strftime("%Y-%m") for c in sorted(over))
    curves = curves[(curves["size"] > 0) & ~curves["cohort"].isin(over)]
    curves = curves.sort_values(["cohort", "period"]).reset_index(drop=True)
    curves["retention"] = curves["active_users"] / curves["size"]
    columns = ["cohort", "period", "size", "active_users", "retention"]
    min_cohorts = min(rules.MIN_COHORTS_PER_PERIOD.value, curves["cohort"].nunique())
    average, thin = chained_average(curves, max(min_cohorts, 1))
    shape = retention_shape(average.set_index("period")["retention"])
    users = int(curves.drop_duplicates("cohort")["size"].sum()) if len(curves) else 0
    return RetentionAnalysis(
        curves[columns], average, shape, empty, thin, min_cohorts, censored, oversized, users
    )


def chained_average(curves: pd.DataFrame, min_cohorts: int) -> tuple[pd.DataFrame, int]:
    """The chained average of cohort curves (see :class:`RetentionAnalysis`) and the number of
    periods left out because fewer than ``min_cohorts`` cohorts, or cohorts of fewer than
    :data:`RETENTION_STEP_USERS` users, reached their step."""
    names = ["period", "cohorts", "users", "active_before", "active_users", "step", "retention"]
    if curves.empty:
        return pd.DataFrame(columns=names), 0
    # cohorts × periods: the users active (summed over repeated rows) and whether a row exists
    codes, cohorts = pd.factorize(curves["cohort"], sort=True)
    periods = curves["period"].to_numpy(dtype="int64")
    last_period = int(periods.max())
    active = np.zeros((len(cohorts), last_period + 1))
    reached = np.zeros(active.shape, dtype=bool)
    np.add.at(active, (codes, periods), curves["active_users"].to_numpy(dtype=float))
    reached[codes, periods] = True
    size = np.zeros(len(cohorts))
    size[codes] = curves["size"].to_numpy(dtype=float)  # one size per cohort
    users = int(size.sum())  # every cohort kept has period 0 (its size comes from it)
    rows = [(0, len(cohorts), users, users, users, 1.0, 1.0)]
    level = 1.0
    for period in range(1, last_period + 1):
        both = reached[:, period - 1] & reached[:, period]
        count = int(both.sum())
        if count < min_cohorts or size[both].sum() < rules.RETENTION_STEP_USERS.value:
            break
        before = int(active[both, period - 1].sum())
        after = int(active[both, period].sum())
        step = after / before if before > 0 else 0.0
        level *= step
        rows.append((period, count, int(size[both].sum()), before, after, step, level))
    return pd.DataFrame(rows, columns=names), last_period + 1 - len(rows)


@dataclass(frozen=True)
class RetentionBand:
    """The average curve at :data:`RETENTION_MONTH` against the ``model``'s good and great
    shares (:data:`RETENTION_BANDS`); ``level`` is ``below good``, ``good`` or ``great``."""

    model: str
    value: float
    good: float
    great: float

    @property
    def level(self) -> str:
        """Where the curve stands in the band (exact comparison at the edges: at good is good)."""
        if self.value >= self.great:
            return "great"
        return "good" if self.value >= self.good else "below good"


def retention_band(
    retention: RetentionAnalysis | None, business_model: str | None
) -> RetentionBand | None:
    """The curve at the benchmark period against the business model's band; None without a
    model, retention data or a curve that reaches the period."""
    if retention is None or business_model is None:
        return None
    average = retention.average.set_index("period")["retention"]
    month = rules.RETENTION_MONTH.value
    if month not in average.index:
        return None
    good, great = rules.RETENTION_BANDS.band(business_model)
    # Shares are compared rounded to the precision they are shown in tables (0.1 point).
    value = round(float(average.loc[month]), 3)
    return RetentionBand(business_model, value, good, great)
