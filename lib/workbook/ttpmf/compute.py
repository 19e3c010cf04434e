"""TTPMF numbers and checks: scores, waves, segments, retention, trend, projection and status.

Everything here computes; nothing formats tables or Markdown (see :mod:`workbook.ttpmf.present`).
Thresholds come from :mod:`workbook.ttpmf.rules`. :func:`assess` builds the one frozen
:class:`TTPMFResult`: details first, then advice, then the result.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from workbook import format as fmt
from workbook.io import PMF_ANSWER_CODES, normalize_pmf_answer
from workbook.results import AssessmentResult, Check
from workbook.stats import safe_ratio, wilson_interval
from workbook.ttpmf import advice, rules
from workbook.ttpmf.rules import Fit, RetentionShapeWord, TTPMFStatus, WaveFit

if TYPE_CHECKING:
    from workbook.io import Company

SURVEY_FILE = "pmf_survey.csv"
RETENTION_FILE = "retention.csv"

# --------------------------------------------------------------------------------------------
# Months and dates
# --------------------------------------------------------------------------------------------


def months_between(start: date, end: date) -> float:
    """Months from ``start`` to ``end`` in average months (365.25 / 12 days); negative if before."""
    return (end - start).days / rules.DAYS_PER_MONTH.value


def date_at_month(start: date, months: float) -> date:
    """The date ``months`` average months after ``start`` (inverse of :func:`months_between`)."""
    return start + timedelta(days=round(months * rules.DAYS_PER_MONTH.value))


def add_calendar_months(start: date, months: float) -> date:
    """``start`` plus whole calendar months, plus any fraction as average-month days.

    Used for marks people read on a calendar (12/24 months, the runway end).
    """
    whole = math.floor(months)
    shifted = (pd.Timestamp(start) + pd.DateOffset(months=whole)).date()
    return shifted + timedelta(days=round((months - whole) * rules.DAYS_PER_MONTH.value))


def as_date(value: Any) -> date:
    """A date from a pandas Timestamp, numpy datetime64, date or ISO text."""
    return pd.Timestamp(value).date()


def _maybe(value: Any) -> float | None:
    """A float, or None for None and NaN (figures are plain JSON-ready values)."""
    return None if value is None or pd.isna(value) else float(value)


# --------------------------------------------------------------------------------------------
# The Sean Ellis score
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeanEllisScore:
    """The Sean Ellis test's result for one group of answers.

    ``share`` is the share of *very disappointed* among ``n`` respondents who still use the
    product (N/A answers are counted in ``na`` and left out of ``n``); ``ci_low``/``ci_high``
    bound its Wilson 95% interval. All three are None when ``n`` is 0.
    """

    share: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    very: int
    somewhat: int
    not_disappointed: int
    na: int

    @classmethod
    def from_counts(
        cls, very: int, somewhat: int, not_disappointed: int, na: int
    ) -> SeanEllisScore:
        """Score from answer counts (the one place the share and its interval are computed)."""
        n = very + somewhat + not_disappointed
        estimate = wilson_interval(very, n, confidence=rules.CONFIRMED_FIT.value)
        return cls(
            estimate.value,
            estimate.ci_low,
            estimate.ci_high,
            n,
            very,
            somewhat,
            not_disappointed,
            na,
        )

    @property
    def too_few(self) -> bool:
        """True when fewer than :data:`MIN_ANSWERS` answers count."""
        return self.n < rules.MIN_ANSWERS.value

    @property
    def fit(self) -> WaveFit:
        """``confirmed`` when the interval's lower bound is at or above the bar, ``provisional``
        when only the share is, ``not reached`` below, ``not defined`` without answers."""
        return fit_label(self.share, self.ci_low)


def fit_label(share: float | None, ci_low: float | None) -> WaveFit:
    """Classify a share against :data:`FIT_THRESHOLD` (see :attr:`SeanEllisScore.fit`)."""
    if share is None or pd.isna(share):
        return "not defined"
    if ci_low is not None and not pd.isna(ci_low) and ci_low >= rules.FIT_THRESHOLD.value:
        return "confirmed"
    return "provisional" if share >= rules.FIT_THRESHOLD.value else "not reached"


def normalize_answers(answers: Iterable[Any]) -> pd.Series:
    """Map answers (codes or the survey tools' full texts, any case) to ``very|somewhat|not|na``.

    Raises ValueError naming the unrecognised values, so that no answer is silently dropped or
    miscounted. Each distinct value is normalised once, which keeps large surveys fast.
    """
    values = _as_series(answers)
    codes = _map_distinct(values, normalize_pmf_answer)
    bad = codes.isna()
    if bad.any():
        distinct_bad = pd.unique(values[bad])[:5]
        examples = ", ".join("a missing answer" if pd.isna(v) else repr(v) for v in distinct_bad)
        raise ValueError(
            f"{int(bad.sum())} unrecognised Sean Ellis answer(s): {examples}. Expected one of "
            f"{', '.join(PMF_ANSWER_CODES)} or the survey's full texts such as "
            "'Very disappointed' or 'N/A - I no longer use it'."
        )
    return codes


def _as_series(values: Iterable[Any]) -> pd.Series:
    """``values`` as a Series, keeping None and other objects as they are."""
    return values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)


def _map_distinct(values: pd.Series, function: Callable[[Any], Any]) -> pd.Series:
    """``values.map(function)`` with one call per distinct value (missing values map to None).

    Survey columns repeat a few values many times, so this keeps 100,000-row surveys fast.
    """
    positions, distinct = pd.factorize(values, use_na_sentinel=True)
    mapped = np.array([function(value) for value in distinct] + [None], dtype=object)
    return pd.Series(mapped[positions], index=values.index, dtype=object)  # -1 picks None


def sean_ellis(answers: Iterable[Any]) -> SeanEllisScore:
    """The Sean Ellis score of some answers: share *very disappointed*, Wilson 95% CI, n, N/A.

    Answers may be codes or full texts in any case; unrecognised ones raise ValueError.
    """
    counts = normalize_answers(answers).value_counts()
    return SeanEllisScore.from_counts(*(int(counts.get(code, 0)) for code in PMF_ANSWER_CODES))


def _scores_by(survey: pd.DataFrame, key: str) -> pd.DataFrame:
    """Answer counts and Sean Ellis scores per value of ``key`` (rows in key order)."""
    counts = (
        pd.crosstab(survey[key], survey["answer"])
        .reindex(columns=list(PMF_ANSWER_CODES), fill_value=0)
        .astype("int64")
    )
    scores = [SeanEllisScore.from_counts(*map(int, row)) for row in counts.to_numpy()]
    return pd.DataFrame(
        {
            key: counts.index,
            "n": [s.n for s in scores],
            "very": counts["very"].to_numpy(),
            "somewhat": counts["somewhat"].to_numpy(),
            "not": counts["not"].to_numpy(),
            "na": counts["na"].to_numpy(),
            "share": [s.share for s in scores],
            "ci_low": [s.ci_low for s in scores],
            "ci_high": [s.ci_high for s in scores],
            "too_few": [s.too_few for s in scores],
            "fit": [s.fit for s in scores],
        }
    )


# --------------------------------------------------------------------------------------------
# Waves and segments
# --------------------------------------------------------------------------------------------


def assign_waves(dates: pd.Series, gap_days: int | None = None) -> pd.Series:
    """Number survey waves 1, 2, … for each answer's date.

    Distinct answer days are sorted; a gap of more than ``gap_days`` (default
    :data:`WAVE_GAP_DAYS`) between two consecutive days starts a new wave. A survey that never
    pauses that long is one wave.
    """
    gap = rules.WAVE_GAP_DAYS.value if gap_days is None else gap_days
    days = pd.to_datetime(dates).dt.normalize()
    if days.isna().any():
        raise ValueError("every answer needs a submitted_at date to be placed in a wave")
    distinct, positions = np.unique(days.to_numpy(), return_inverse=True)
    gaps = np.diff(distinct) > np.timedelta64(gap, "D")
    wave_of_day = np.concatenate([[1], 1 + np.cumsum(gaps)]) if len(distinct) else np.array([])
    return pd.Series(wave_of_day[positions].astype("int64"), index=dates.index, name="wave")


def wave_scores(survey: pd.DataFrame, started: date) -> pd.DataFrame:
    """One row per wave: dates, months since ``started``, answer counts and Sean Ellis score.

    Columns: wave, start, end, date, months, then the score columns (n, very, somewhat, not,
    na, share, ci_low, ci_high, too_few, fit). A wave's ``date`` is the median day of its
    answers (where most respondents are).
    """
    waves = survey.assign(wave=assign_waves(survey["submitted_at"]))
    days = waves["submitted_at"].dt.normalize()
    spans = days.groupby(waves["wave"]).agg(["min", "max", "median"])
    scored = _scores_by(waves, "wave")
    scored.insert(1, "start", spans["min"].to_numpy())
    scored.insert(2, "end", spans["max"].to_numpy())
    scored.insert(3, "date", spans["median"].dt.normalize().to_numpy())
    scored.insert(4, "months", [months_between(started, as_date(d)) for d in scored["date"]])
    return scored


def segment_scores(survey: pd.DataFrame) -> pd.DataFrame:
    """One row per segment (answers without one grouped as :data:`NO_SEGMENT`), by share."""
    labelled = survey.assign(segment=_segment_labels(survey))
    scored = _scores_by(labelled, "segment")
    scored["eligible"] = (scored["n"] >= rules.MIN_SEGMENT_ANSWERS.value) & (
        scored["segment"] != rules.NO_SEGMENT
    )
    order = scored.assign(_share=scored["share"].fillna(-1.0)).sort_values(
        ["_share", "n", "segment"], ascending=[False, False, True], kind="stable"
    )
    return order.drop(columns="_share").reset_index(drop=True)


def _segment_labels(survey: pd.DataFrame) -> pd.Series:
    """Segment names, with :data:`NO_SEGMENT` for missing or blank ones."""
    labels = _map_distinct(survey["segment"], lambda v: str(v).strip() or None)
    return labels.fillna(rules.NO_SEGMENT).astype(str)


def best_segment(segments: pd.DataFrame) -> str | None:
    """The segment with the highest share among those with enough answers (ties: more answers,
    then name); None when no named segment has :data:`MIN_SEGMENT_ANSWERS` answers."""
    eligible = segments[segments["eligible"] & segments["share"].notna()]
    return None if eligible.empty else str(eligible.iloc[0]["segment"])


# --------------------------------------------------------------------------------------------
# What fans value and what holds others back
# --------------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def normalize_phrase(text: Any) -> str | None:
    """Lower-case words of a free-text answer joined by single spaces; None when it has none."""
    if not isinstance(text, str):
        return None
    words = _WORD.findall(text.lower().replace("’", "'"))
    return " ".join(words) or None


def count_phrases(texts: Iterable[Any], top: int | None = None) -> pd.DataFrame:
    """The most common normalised answers: columns ``term``, ``mentions``, ``share``.

    ``share`` is over the answers that had any text; ties are ordered alphabetically; at most
    ``top`` rows (default :data:`TOP_TERMS`).
    """
    phrases = _map_distinct(_as_series(texts), normalize_phrase).dropna()
    return _top_counts(phrases, len(phrases), top)


def count_words(texts: Iterable[Any], top: int | None = None) -> pd.DataFrame:
    """The most common words (stop words left out), each counted once per answer.

    ``share`` is the share of answers with text that use the word; ties are alphabetical.
    """
    phrases = _map_distinct(_as_series(texts), normalize_phrase).dropna()
    words = _map_distinct(phrases, _content_words).explode().dropna()
    return _top_counts(words, len(phrases), top)


def _content_words(phrase: str) -> list[str]:
    """The distinct words of a normalised phrase that are not stop words, sorted."""
    return sorted(set(phrase.split()) - rules.STOP_WORDS)


def _top_counts(terms: pd.Series, answers: int, top: int | None) -> pd.DataFrame:
    counts = terms.value_counts()
    frame = pd.DataFrame({"term": counts.index.astype(str), "mentions": counts.to_numpy()})
    frame = frame.sort_values(["mentions", "term"], ascending=[False, True], kind="stable")
    frame = frame.head(rules.TOP_TERMS.value if top is None else top).reset_index(drop=True)
    frame["share"] = [safe_ratio(m, answers) for m in frame["mentions"]]
    return frame


@dataclass(frozen=True)
class SegmentAnalysis:
    """Superhuman-style reading of the survey.

    ``segment`` is the segment with the highest share among those with enough answers (None
    when none qualifies, and then ``fans`` are all *very disappointed* respondents). Benefit
    phrases and words come from the fans' ``main_benefit``; improvement themes come from the
    *somewhat disappointed* respondents (any segment) whose ``main_benefit`` uses one of the
    fans' top :data:`FAN_BENEFIT_WORDS` words.
    """

    segment: str | None
    segment_score: SeanEllisScore | None
    overall: SeanEllisScore
    fans: int
    fans_with_benefit: int
    benefit_phrases: pd.DataFrame
    benefit_words: pd.DataFrame
    matching_words: tuple[str, ...]
    held_back: int
    held_back_with_improvement: int
    improvement_phrases: pd.DataFrame
    improvement_words: pd.DataFrame

    @property
    def stands_out(self) -> bool:
        """True when the best segment's share beats the overall share by at least
        :data:`SEGMENT_LIFT`."""
        if self.segment_score is None or self.segment_score.share is None:
            return False
        overall = self.overall.share
        return (
            overall is not None and self.segment_score.share - overall >= rules.SEGMENT_LIFT.value
        )


def analyse_segments(survey: pd.DataFrame, segments: pd.DataFrame) -> SegmentAnalysis:
    """Find the segment that loves the product, what its fans value and what holds others back."""
    labels = _segment_labels(survey)
    chosen = best_segment(segments)
    fans_mask = survey["answer"].eq("very")
    segment_score = None
    if chosen is not None:
        fans_mask &= labels.eq(chosen)
        segment_score = sean_ellis(survey.loc[labels.eq(chosen), "answer"])
    fan_benefits = survey.loc[fans_mask, "main_benefit"]
    benefit_words = count_words(fan_benefits)
    matching = tuple(benefit_words["term"].head(rules.FAN_BENEFIT_WORDS.value))

    somewhat = survey[survey["answer"].eq("somewhat")]
    same_benefit = (
        _map_distinct(
            somewhat["main_benefit"],
            lambda text: not set(matching).isdisjoint((normalize_phrase(text) or "").split()),
        )
        .fillna(False)
        .astype(bool)
    )
    held_back = somewhat.loc[same_benefit, "improvement"]
    return SegmentAnalysis(
        segment=chosen,
        segment_score=segment_score,
        overall=sean_ellis(survey["answer"]),
        fans=int(fans_mask.sum()),
        fans_with_benefit=int(_map_distinct(fan_benefits, normalize_phrase).notna().sum()),
        benefit_phrases=count_phrases(fan_benefits),
        benefit_words=benefit_words,
        matching_words=matching,
        held_back=int(same_benefit.sum()),
        held_back_with_improvement=int(_map_distinct(held_back, normalize_phrase).notna().sum()),
        improvement_phrases=count_phrases(held_back),
        improvement_words=count_words(held_back),
    )


# --------------------------------------------------------------------------------------------
# Retention
# --------------------------------------------------------------------------------------------


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
        """True when the curve flattens or turns up; None when there are too few periods."""
        if self.verdict == "not enough periods":
            return None
        return self.verdict in ("flattens", "turns up")

    @property
    def turns_up(self) -> bool:
        """True when the curve's end rises (a "smile": possibly a network effect)."""
        return self.verdict == "turns up"


def retention_shape(average: pd.Series) -> RetentionShape:
    """Judge an average retention curve (index: period, values: share retained).

    The end of the curve is the last :data:`FLAT_PERIODS` periods (their
    :data:`FLAT_PERIODS` + 1 points); its change per period is their least-squares slope,
    which one noisy point moves less than a difference of the two ends would.

    * ``not enough periods``: fewer than :func:`min_retention_periods` periods;
    * ``falls to zero``: the last value is 0;
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
    verdict: RetentionShapeWord
    if last <= 0:
        verdict = "falls to zero"
    elif change >= rules.TURN_UP_MIN_GAIN_PER_PERIOD.value:
        verdict = "turns up"
    elif change > -rules.FLAT_MAX_LOSS_PER_PERIOD.value:
        verdict = "flattens"
    else:
        verdict = "keeps falling"
    return RetentionShape(verdict, change, last, len(curve))


@dataclass(frozen=True)
class RetentionAnalysis:
    """Retention per cohort and on average.

    ``curves``: cohort, period, size, active_users, retention (one row per cohort and period).
    ``average``: period, cohorts, users (summed cohort sizes), active_users, retention — the
    size-weighted average over the cohorts that reached the period, for the periods that at
    least :data:`MIN_COHORTS_PER_PERIOD` cohorts reached (all cohorts when there are fewer).
    """

    curves: pd.DataFrame
    average: pd.DataFrame
    shape: RetentionShape
    empty_cohorts: int
    thin_periods: int
    min_cohorts: int


def analyse_retention(retention: pd.DataFrame) -> RetentionAnalysis:
    """Curves per cohort (active / cohort size) and their size-weighted average per period.

    Cohorts of size 0 have no defined curve and are left out (counted in ``empty_cohorts``).
    Periods reached by fewer than :data:`MIN_COHORTS_PER_PERIOD` cohorts stay in the cohort
    curves but not in the average, whose tail would otherwise rest on one or two cohorts.
    """
    sizes = retention.loc[retention["period"] == 0, ["cohort", "active_users"]].rename(
        columns={"active_users": "size"}
    )
    curves = retention.merge(sizes, on="cohort", how="inner")
    empty = int((sizes["size"] == 0).sum())
    curves = curves[curves["size"] > 0].sort_values(["cohort", "period"]).reset_index(drop=True)
    curves["retention"] = curves["active_users"] / curves["size"]
    average = (
        curves.groupby("period")
        .agg(
            cohorts=("cohort", "size"),
            users=("size", "sum"),
            active_users=("active_users", "sum"),
        )
        .reset_index()
    )
    average["retention"] = average["active_users"] / average["users"]
    min_cohorts = min(rules.MIN_COHORTS_PER_PERIOD.value, curves["cohort"].nunique())
    enough = average["cohorts"] >= max(min_cohorts, 1)
    judged = average[enough].reset_index(drop=True)
    shape = retention_shape(judged.set_index("period")["retention"])
    columns = ["cohort", "period", "size", "active_users", "retention"]
    return RetentionAnalysis(
        curves[columns], judged, shape, empty, int((~enough).sum()), min_cohorts
    )


# --------------------------------------------------------------------------------------------
# Trajectory: trend, projection and its bootstrap range
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trend:
    """A straight-line trend of the share: ``share ≈ intercept + slope × months since start``."""

    intercept: float
    slope: float

    @property
    def rising(self) -> bool:
        """True when the share grows faster than :data:`FLAT_TREND_SLOPE` per month."""
        return self.slope > rules.FLAT_TREND_SLOPE.value

    @property
    def per_year(self) -> float:
        """The slope as a share change per year (0.095: 9.5 percentage points a year)."""
        return self.slope * 12

    def share_at(self, months: float) -> float:
        """The trend's share at ``months`` after the start."""
        return self.intercept + self.slope * months


def per_year_text(trend: Trend) -> str:
    """The trend's pace in words ("+9.5 percentage points a year")."""
    return f"{fmt.signed_points(trend.per_year)} a year"


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


def crossing_months(intercepts: np.ndarray, slopes: np.ndarray) -> np.ndarray:
    """Months since start at which each trend reaches :data:`FIT_THRESHOLD`.

    Flat or falling trends (slope ≤ :data:`FLAT_TREND_SLOPE`) and crossings beyond
    :data:`PROJECTION_HORIZON_MONTHS` give ``inf`` (no crossing in sight).
    """
    intercepts = np.asarray(intercepts, dtype=float)
    slopes = np.asarray(slopes, dtype=float)
    rising = slopes > rules.FLAT_TREND_SLOPE.value
    months = np.full(slopes.shape, np.inf)
    months[rising] = (rules.FIT_THRESHOLD.value - intercepts[rising]) / slopes[rising]
    months[months > rules.PROJECTION_HORIZON_MONTHS.value] = np.inf
    return months


def bootstrap_crossings(
    months: Sequence[float],
    very: Sequence[int],
    answers: Sequence[int],
    *,
    resamples: int | None = None,
    seed: int | None = None,
) -> np.ndarray:
    """Crossing months of the trend refitted on bootstrap resamples of the respondents.

    Resampling a wave's ``n`` respondents with replacement gives a *very disappointed* count
    drawn from Binomial(n, very / n), so each resample draws one count per wave instead of
    touching every respondent; the trend is then refitted for all resamples at once. Every
    wave needs at least one answer. ``resamples`` and ``seed`` default to
    :data:`BOOTSTRAP_RESAMPLES` and :data:`BOOTSTRAP_SEED`.
    """
    n = np.asarray(answers, dtype=np.int64)
    k = np.asarray(very, dtype=np.int64)
    if (n <= 0).any() or (k < 0).any() or (k > n).any():
        raise ValueError("each wave needs 0 ≤ very ≤ answers and at least one answer")
    rng = np.random.default_rng(rules.BOOTSTRAP_SEED.value if seed is None else seed)
    size = (rules.BOOTSTRAP_RESAMPLES.value if resamples is None else resamples, n.size)
    counts = rng.binomial(n, k / n, size=size)
    intercepts, slopes = weighted_trend(np.asarray(months, dtype=float), counts / n, n)
    return crossing_months(intercepts, slopes)


@dataclass(frozen=True)
class Projection:
    """When the trend reaches :data:`FIT_THRESHOLD`; ``month`` None means no crossing in sight.

    ``low_month``/``high_month`` bound the central 95% of bootstrap crossings (None for an end
    beyond :data:`PROJECTION_HORIZON_MONTHS`, i.e. in some resamples the share never gets there).
    ``reason`` says in plain words what was projected, or why nothing was.
    """

    month: float | None
    date: date | None
    low_month: float | None
    high_month: float | None
    low_date: date | None
    high_date: date | None
    reason: str


@dataclass(frozen=True)
class Trajectory:
    """The share per wave (see :func:`wave_scores`), its trend and (when fit is not reached)
    the projected crossing."""

    started: date
    waves: pd.DataFrame
    trend: Trend | None
    projection: Projection | None

    @property
    def scored_waves(self) -> pd.DataFrame:
        """Waves with at least one answer other than N/A (the ones the trend uses)."""
        return self.waves[self.waves["n"] > 0]

    def trend_frame(self) -> pd.DataFrame:
        """The trend line's two ends (``date``, ``share``): from the first wave to the later of
        the last wave and the projected crossing; empty when there is no trend."""
        scored = self.scored_waves
        if self.trend is None or scored.empty:
            return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "share": []})
        months = [float(scored["months"].iloc[0]), float(scored["months"].iloc[-1])]
        if self.projection is not None and self.projection.month is not None:
            months[1] = max(months[1], self.projection.month)
        return pd.DataFrame(
            {
                "date": pd.to_datetime([date_at_month(self.started, m) for m in months]),
                "share": [self.trend.share_at(m) for m in months],
            }
        )


def _no_projection(reason: str) -> Projection:
    return Projection(None, None, None, None, None, None, reason)


def project_fit(waves: pd.DataFrame, started: date) -> tuple[Trend | None, Projection]:
    """Fit the trend (see :data:`TREND_MODEL`) and project when it crosses the fit bar."""
    scored = waves[waves["n"] > 0]
    if len(scored) < rules.MIN_TREND_WAVES.value:
        return None, _no_projection(
            f"No projection: a trend needs at least {rules.MIN_TREND_WAVES.value} waves with "
            f"answers (there are {len(scored)})."
        )
    months = scored["months"].to_numpy(dtype=float)
    answers = scored["n"].to_numpy(dtype=np.int64)
    very = scored["very"].to_numpy(dtype=np.int64)
    intercepts, slopes = weighted_trend(months, very / answers, answers)
    if np.isnan(slopes[0]):
        return None, _no_projection(
            "No projection: all waves fall on the same day, so there is no trend over time."
        )
    trend = Trend(float(intercepts[0]), float(slopes[0]))
    per_year = per_year_text(trend)
    bar = fmt.share(rules.FIT_THRESHOLD.value)
    if not trend.rising:
        flat = fmt.number(rules.FLAT_TREND_SLOPE.value * rules.FLAT_TREND_SLOPE.scale)
        return trend, _no_projection(
            f"No projection: the trend is flat or falling ({per_year}; at most {flat} counts "
            f"as flat), so at this pace the share does not reach {bar}."
        )
    point = float(crossing_months(intercepts, slopes)[0])
    spread = bootstrap_crossings(months, very, answers)
    low, high = (
        float(v) for v in np.quantile(spread, rules.PROJECTION_RANGE.value, method="inverted_cdf")
    )
    low_month, high_month = (None if math.isinf(v) else v for v in (low, high))
    if math.isinf(point):
        reason = (
            f"No projection within {rules.PROJECTION_HORIZON_MONTHS.value} months of the start: "
            f"the share rises too slowly ({per_year})."
        )
        return trend, Projection(
            None, None, low_month, None, _maybe_date(started, low_month), None, reason
        )
    reason = (
        f"At the current pace ({per_year}) the share reaches {bar} about "
        f"{fmt.number(point)} months after the start; {fmt.share(projection_coverage())} of "
        f"{rules.BOOTSTRAP_RESAMPLES.value:,} bootstrap resamples of the respondents cross between "
        f"{_month_text(low_month)} and {_month_text(high_month)}."
    )
    return trend, Projection(
        point,
        date_at_month(started, point),
        low_month,
        high_month,
        _maybe_date(started, low_month),
        _maybe_date(started, high_month),
        reason,
    )


def projection_coverage() -> float:
    """The share of bootstrap crossings the projection range covers (0.95)."""
    low, high = rules.PROJECTION_RANGE.value
    return high - low


def _maybe_date(started: date, months: float | None) -> date | None:
    return None if months is None else date_at_month(started, months)


def _month_text(months: float | None) -> str:
    if months is None:
        return f"never within {rules.PROJECTION_HORIZON_MONTHS.value} months"
    return f"month {fmt.number(months)}"


def fit_wave(waves: pd.DataFrame) -> pd.Series | None:
    """The wave at which fit was reached under :data:`FIT_REACHED`, or None."""
    reliable = waves[waves["n"] >= rules.MIN_ANSWERS.value]
    if reliable.empty or reliable["share"].iloc[-1] < rules.FIT_THRESHOLD.value:
        return None
    below = reliable["share"] < rules.FIT_THRESHOLD.value
    run_start = 0 if not below.any() else int(np.flatnonzero(below.to_numpy())[-1]) + 1
    return reliable.iloc[run_start]


def fit_evidence(waves: pd.DataFrame) -> Fit:
    """The company's fit under :data:`FIT_EVIDENCE`: ``confirmed`` when fit is reached and the
    latest wave with enough answers has its interval's lower bound at or above the bar,
    ``provisional`` when fit is reached on the share only, ``none`` otherwise."""
    if fit_wave(waves) is None:
        return "none"
    latest = waves[waves["n"] >= rules.MIN_ANSWERS.value].iloc[-1]
    return "confirmed" if latest["ci_low"] >= rules.FIT_THRESHOLD.value else "provisional"


# --------------------------------------------------------------------------------------------
# TTPMF status and marketing buffer
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FitTimeline:
    """TTPMF: the months to fit (actual or projected), the status, and the marketing buffer.

    Status rules, in order: **reached** (fit under :data:`FIT_REACHED`); **insufficient data**
    (no wave with answers); **overdue** (``as_of`` past the 24-month mark without fit);
    **insufficient data** (fewer than :data:`MIN_TREND_WAVES` waves, no trend); **at risk** (no
    projected crossing, a crossing after the 24-month mark, or after the runway end); **on
    track** otherwise. The runway counts from ``as_of``; the buffer is the runway left after
    the later of the fit date (actual or projected) and ``as_of``. ``reason`` explains the
    status in plain words.
    """

    started: date
    as_of: date
    runway_months: float | None
    runway_end: date | None
    early_mark: date
    deadline: date
    fit_date: date | None
    projection: Projection | None
    status: TTPMFStatus
    reason: str
    buffer_months: float | None

    @property
    def elapsed_months(self) -> float:
        """Months from the start to ``as_of``."""
        return months_between(self.started, self.as_of)

    @property
    def months_to_fit(self) -> float | None:
        """Months from the start to the fit date, when fit is reached."""
        return None if self.fit_date is None else months_between(self.started, self.fit_date)

    @property
    def projected_months_to_fit(self) -> float | None:
        """Months from the start to the projected crossing (None when reached or no crossing)."""
        return None if self.projection is None else self.projection.month

    @property
    def buffer_flag(self) -> bool | None:
        """True when the marketing buffer is below :data:`MIN_MARKETING_BUFFER_MONTHS`."""
        if self.buffer_months is None:
            return None
        return self.buffer_months < rules.MIN_MARKETING_BUFFER_MONTHS.value


def judge_timeline(
    started: date,
    as_of: date,
    runway_months: float | None,
    *,
    fit_date: date | None,
    waves: int,
    projection: Projection | None,
) -> FitTimeline:
    """Apply the TTPMF status rules (see :class:`FitTimeline`) to dated facts."""
    early_mark = add_calendar_months(started, rules.EARLY_FIT_MONTHS.value)
    deadline = add_calendar_months(started, rules.FIT_DEADLINE_MONTHS.value)
    mark = f"{rules.FIT_DEADLINE_MONTHS.value}-month"
    runway_end = None if runway_months is None else add_calendar_months(as_of, runway_months)
    projected = projection.date if projection is not None else None
    status: TTPMFStatus
    if fit_date is not None:
        window = "within" if fit_date <= deadline else "after"
        status = "reached"
        reason = (
            f"Fit reached {fmt.number(months_between(started, fit_date))} months after the "
            f"start, {window} the {mark} window."
        )
    elif waves == 0:
        status = "insufficient data"
        reason = "No Sean Ellis survey answers yet, so time to fit cannot be judged."
    elif as_of > deadline:
        status = "overdue"
        reason = (
            f"{fmt.number(months_between(started, as_of))} months since the start without fit: "
            f"past the {mark} mark ({fmt.day(deadline)})."
        )
    elif waves < rules.MIN_TREND_WAVES.value:
        status = "insufficient data"
        reason = "Only one survey wave: a second wave is needed to see a trend."
    elif projected is None:
        status = "at risk"
        reason = "The share is not on a path to the fit bar: " + _lower_first(
            projection.reason if projection else "no projection."
        )
    elif projected > deadline:
        status = "at risk"
        reason = (
            f"Projected fit {fmt.day(projected)} (month {fmt.number(projection.month)}) is "
            f"after the {mark} mark ({fmt.day(deadline)})."
        )
    elif runway_end is not None and projected > runway_end:
        status = "at risk"
        reason = (
            f"Projected fit {fmt.day(projected)} is after the runway ends ({fmt.day(runway_end)})."
        )
    else:
        status = "on track"
        reason = (
            f"Projected fit {fmt.day(projected)} (month {fmt.number(projection.month)}) is "
            f"within the {mark} window"
            + (" and the runway." if runway_end is not None else " (runway not given).")
        )
        late = projection.high_date
        if late is None or late > deadline or (runway_end is not None and late > runway_end):
            ends = (
                fmt.day(late) if late else f"beyond {rules.PROJECTION_HORIZON_MONTHS.value} months"
            )
            coverage = fmt.share(projection_coverage())
            reason += f" Caution: the late end of its {coverage} range ({ends}) falls outside them."
    buffer = None
    reference = fit_date if fit_date is not None else projected
    if runway_end is not None and reference is not None:
        buffer = months_between(max(reference, as_of), runway_end)
    return FitTimeline(
        started,
        as_of,
        runway_months,
        runway_end,
        early_mark,
        deadline,
        fit_date,
        projection if fit_date is None else None,
        status,
        reason,
        buffer,
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# --------------------------------------------------------------------------------------------
# The whole assessment
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TTPMFResult(AssessmentResult):
    """The TTPMF assessment of one company, built once by :func:`assess`.

    Besides the shared protocol (``status`` from :data:`STATUSES`,
    ``summary``, ``figures``, ``checks``, ``recommendations``, ``missing``), the typed details:
    the ``timeline`` (always), and the survey parts (``overall``, ``trajectory``, ``segments``,
    ``segment_analysis``; None without usable survey answers) and ``retention`` (None without
    ``retention.csv``). ``missing`` says which of the two files to add or fix.

    ``figures``: ``waves`` (one dict per wave: wave, start, end, n, share, ci_low, ci_high),
    ``fit`` (``confirmed`` / ``provisional`` / ``none``), ``fit_date``, ``months_elapsed``,
    ``months_to_fit``, ``projected_fit_date``, ``projected_fit_range`` ([low, high], an end
    beyond the horizon as None; None without a projected date), ``retention_shape`` (a word of
    :data:`RETENTION_SHAPES`, None without retention data),
    ``buffer_months`` and ``best_segment``.
    """

    company: str
    timeline: FitTimeline
    answers_after_as_of: int = 0
    overall: SeanEllisScore | None = None
    trajectory: Trajectory | None = None
    segments: pd.DataFrame | None = None
    segment_analysis: SegmentAnalysis | None = None
    retention: RetentionAnalysis | None = None

    @property
    def latest_wave(self) -> SeanEllisScore | None:
        """The Sean Ellis score of the latest wave with answers."""
        if self.trajectory is None or self.trajectory.scored_waves.empty:
            return None
        row = self.trajectory.scored_waves.iloc[-1]
        return SeanEllisScore.from_counts(
            int(row["very"]), int(row["somewhat"]), int(row["not"]), int(row["na"])
        )


def assess(company: Company) -> TTPMFResult:
    """Assess time to product/market fit for a loaded company; missing files degrade gracefully.

    Answers dated after the company's as-of date are left out (counted in
    ``answers_after_as_of``); a survey left empty by that is reported in ``missing``.
    """
    config = company.config
    missing = {
        name: advice_text
        for name in (SURVEY_FILE, RETENTION_FILE)
        if (advice_text := company.missing_message(name))
    }
    retention = None if company.retention is None else analyse_retention(company.retention)

    survey = company.pmf_survey
    after = 0
    if survey is not None:
        late = survey["submitted_at"] > pd.Timestamp(company.as_of)
        after = int(late.sum())
        survey = survey[~late].reset_index(drop=True)
        if survey.empty:
            missing[SURVEY_FILE] = (
                f"{SURVEY_FILE} has no answers dated on or before {fmt.day(company.as_of)}: add "
                "answers up to that date, or move as_of in company.yaml."
            )
            survey = None

    overall = trajectory = segments = analysis = None
    fit: Fit = "none"
    if survey is None:
        timeline = judge_timeline(
            config.started,
            company.as_of,
            config.runway_months,
            fit_date=None,
            waves=0,
            projection=None,
        )
    else:
        waves = wave_scores(survey, config.started)
        reached = fit_wave(waves)
        fit = fit_evidence(waves)
        fit_date = None if reached is None else as_date(reached["date"])
        trend, projection = project_fit(waves, config.started)
        timeline = judge_timeline(
            config.started,
            company.as_of,
            config.runway_months,
            fit_date=fit_date,
            waves=int((waves["n"] > 0).sum()),
            projection=projection,
        )
        overall = sean_ellis(survey["answer"])
        trajectory = Trajectory(
            config.started, waves, trend, projection if fit_date is None else None
        )
        segments = segment_scores(survey)
        analysis = analyse_segments(survey, segments)

    recommendations = advice.recommend(
        timeline=timeline,
        trajectory=trajectory,
        segment_analysis=analysis,
        retention=retention,
    )
    return TTPMFResult(
        status=timeline.status,
        summary=summarise(timeline),
        figures=figures(timeline, trajectory, fit, analysis, retention),
        checks=checks(timeline, trajectory, fit, retention),
        recommendations=recommendations,
        missing=missing,
        company=config.name,
        timeline=timeline,
        answers_after_as_of=after,
        overall=overall,
        trajectory=trajectory,
        segments=segments,
        segment_analysis=analysis,
        retention=retention,
    )


def figures(
    timeline: FitTimeline,
    trajectory: Trajectory | None,
    fit: Fit,
    analysis: SegmentAnalysis | None,
    retention: RetentionAnalysis | None,
) -> dict[str, Any]:
    """The key numbers as plain values (see :class:`TTPMFResult`)."""
    waves = [] if trajectory is None else trajectory.waves.to_dict("records")
    projection = timeline.projection
    projected = None if projection is None else projection.date
    return {
        "waves": [
            {
                "wave": int(row["wave"]),
                "start": as_date(row["start"]),
                "end": as_date(row["end"]),
                "n": int(row["n"]),
                "share": _maybe(row["share"]),
                "ci_low": _maybe(row["ci_low"]),
                "ci_high": _maybe(row["ci_high"]),
            }
            for row in waves
        ],
        "fit": fit,
        "fit_date": timeline.fit_date,
        "months_elapsed": float(timeline.elapsed_months),
        "months_to_fit": timeline.months_to_fit,
        "projected_fit_date": projected,
        "projected_fit_range": (
            None
            if projection is None or projected is None
            else [projection.low_date, projection.high_date]
        ),
        "retention_shape": None if retention is None else retention.shape.verdict,
        "buffer_months": _maybe(timeline.buffer_months),
        "best_segment": None if analysis is None else analysis.segment,
    }


def summarise(timeline: FitTimeline) -> str:
    """One plain sentence on where the company stands on its road to fit."""
    elapsed = fmt.number(timeline.elapsed_months)
    mark = f"{rules.FIT_DEADLINE_MONTHS.value}-month mark"
    window = f"{rules.FIT_DEADLINE_MONTHS.value}-month window"
    projection = timeline.projection
    if timeline.status == "reached":
        inside = "within" if timeline.fit_date <= timeline.deadline else "after"
        return (
            f"Product/market fit was reached {fmt.number(timeline.months_to_fit)} months after "
            f"the start ({fmt.day(timeline.fit_date)}), {inside} the {window}."
        )
    if timeline.status == "overdue":
        return f"No product/market fit {elapsed} months after the start, past the {mark}."
    if timeline.status == "insufficient data":
        return f"Too few survey waves to judge the time to fit, {elapsed} months after the start."
    if timeline.status == "on track":
        runway = " and the runway" if timeline.runway_end is not None else ""
        return (
            f"Fit is projected for {fmt.day(projection.date)} (month "
            f"{fmt.number(projection.month)}), within the {window}{runway}."
        )
    if projection is None or projection.date is None:
        return (
            f"Fit is at risk: {elapsed} months after the start the share is not on a path to "
            "the fit bar."
        )
    if projection.date > timeline.deadline:
        after = f"the {mark} ({fmt.day(timeline.deadline)})"
    else:
        after = f"the runway ends ({fmt.day(timeline.runway_end)})"
    return f"Fit is at risk: it is projected for {fmt.day(projection.date)}, after {after}."


def checks(
    timeline: FitTimeline,
    trajectory: Trajectory | None,
    fit: Fit,
    retention: RetentionAnalysis | None,
) -> tuple[Check, ...]:
    """The rules applied to the company: fit, time to fit, retention and the marketing buffer."""
    bar = rules.FIT_THRESHOLD.text
    name = "Sean Ellis fit"
    reliable = (
        None
        if trajectory is None
        else trajectory.waves[trajectory.waves["n"] >= rules.MIN_ANSWERS.value]
    )
    if reliable is None:
        fit_check = Check(name, "not assessed", "No usable survey answers yet.")
    elif reliable.empty:
        fit_check = Check(
            name,
            "not assessed",
            f"No survey wave has {rules.MIN_ANSWERS.value} answers (N/A excluded) yet, so fit "
            "cannot be judged.",
        )
    elif fit == "none":
        fit_check = Check(
            name,
            "fail",
            f"The latest wave with enough answers is below {bar}, so fit is not reached.",
        )
    else:
        fit_check = Check(
            name,
            "pass" if fit == "confirmed" else "warn",
            f"Fit is reached and {fit}: the latest wave with enough answers is at or above "
            f"{bar}, and its interval's lower bound "
            + ("clears the bar too." if fit == "confirmed" else "does not."),
        )
    time_outcome = {
        "reached": "pass",
        "on track": "pass",
        "at risk": "warn",
        "overdue": "fail",
        "insufficient data": "not assessed",
    }[timeline.status]
    time_check = Check("Time to fit", time_outcome, timeline.reason)

    if retention is None:
        retention_check = Check("Retention flattens", "not assessed", "No retention data yet.")
    else:
        verdict = retention.shape.verdict
        outcome = {
            "flattens": "pass",
            "turns up": "pass",
            "keeps falling": "fail",
            "falls to zero": "fail",
            "not enough periods": "not assessed",
        }[verdict]
        reason = (
            "The average retention curve has too few periods to judge."
            if verdict == "not enough periods"
            else f"The average retention curve {verdict}."
        )
        retention_check = Check("Retention flattens", outcome, reason)

    buffer = timeline.buffer_months
    wanted = rules.MIN_MARKETING_BUFFER_MONTHS.value
    if buffer is None:
        buffer_check = Check(
            "Marketing buffer",
            "not assessed",
            "No runway given or no actual or projected fit date.",
        )
    else:
        outcome = "pass" if buffer >= wanted else ("warn" if buffer >= 0 else "fail")
        after = "fit" if timeline.fit_date is not None else "the projected fit"
        buffer_check = Check(
            "Marketing buffer",
            outcome,
            f"{fmt.number(buffer)} months of runway left after {after}; {wanted} are wanted.",
        )
    return (fit_check, time_check, retention_check, buffer_check)
