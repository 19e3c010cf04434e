"""Time to product/market fit (TTPMF): how long the road to fit is, and how much road is left.

The assessment combines four readings of one company:

* the **Sean Ellis test** ("How would you feel if you could no longer use the product?"): the
  share answering *very disappointed* among people who still use the product, per survey wave
  and per segment, with a Wilson 95% interval; 40% is the usual bar for fit;
* a **Superhuman-style segment analysis**: the segment that would miss the product most, what
  its fans value, and what holds back the *somewhat disappointed* who value the same thing;
* **retention curves** per cohort and their size-weighted average: a curve that flattens says a
  core of users stays; a curve that turns up hints at a network effect;
* the **trajectory** of the share over time, projected to the date it crosses 40%, which gives
  the TTPMF status against the 1–2 year window and the marketing buffer left on the runway.

Every threshold is a named constant below and is restated in the result's texts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

import numpy as np
import pandas as pd

from workbook.common import (
    MIN_RELIABLE_N,
    Recommendation,
    escape_text,
    format_share,
    safe_ratio,
    wilson_interval,
)
from workbook.io import PMF_ANSWER_CODES, Company, normalize_pmf_answer

# --------------------------------------------------------------------------------------------
# Thresholds and rules (stated in the notebook and in the result's texts)
# --------------------------------------------------------------------------------------------

#: Share of "very disappointed" answers that signals product/market fit (Sean Ellis).
FIT_THRESHOLD = 0.40
#: Answers whose dates are at most this many days apart (one after the other) form one wave.
WAVE_GAP_DAYS = 21
#: A segment needs this many answers (N/A excluded) to compete for "the segment that loves it".
MIN_SEGMENT_ANSWERS = MIN_RELIABLE_N
#: The best segment "stands out" (worth doubling down on) when its share beats the overall
#: share by at least this much.
SEGMENT_LIFT = 0.05
#: How many phrases and words the benefit and improvement tables list.
TOP_TERMS = 8
#: The fans' most common benefit words used to find "somewhat disappointed" users who value
#: the same thing.
FAN_BENEFIT_WORDS = 3
_STOP_WORDS_TEXT = """
    a about after all also am an and any are as at be because been being but by can could did do
    does doing for from get gets got had has have having i if in into is it its it's just less
    like lot make makes me more most much my need no not of on one or our out over so some such
    than that the their them then there these they this those to too up us use used using very
    was we were what when which while will with would you your
"""
#: Words too common to say anything about a benefit or an improvement (our own short list).
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
#: Retention flattening is judged over this many of the latest periods of the average curve.
FLAT_PERIODS = 3
#: Flattening: over :data:`FLAT_PERIODS` the average curve loses less than this per period.
FLAT_MAX_LOSS_PER_PERIOD = 0.01
#: A curve "turns up" when over :data:`FLAT_PERIODS` it gains at least this per period.
TURN_UP_MIN_GAIN_PER_PERIOD = 0.01
#: Periods of the average curve must be reached by this many cohorts (or by all of them when
#: there are fewer), so that its tail does not rest on one or two cohorts.
MIN_COHORTS_PER_PERIOD = 3
#: The average curve needs period 0 plus :data:`FLAT_PERIODS` + 1 later periods to be judged.
MIN_RETENTION_PERIODS = FLAT_PERIODS + 2
#: A trend rising by at most this share per month counts as flat: no projection is made.
FLAT_TREND_SLOPE = 0.001
#: Crossings later than this many months after the start are reported as "beyond the horizon".
PROJECTION_HORIZON_MONTHS = 120
#: Bootstrap resamples behind the projection range, and the fixed seed that makes it repeatable.
BOOTSTRAP_RESAMPLES = 1_000
BOOTSTRAP_SEED = 20_240_501
#: The projection range covers the central 95% of the bootstrap crossings.
PROJECTION_RANGE = (0.025, 0.975)
#: Fit is expected within 1–2 years of the start: the 12-month mark is the ambition and the
#: 24-month mark the limit.
EARLY_FIT_MONTHS = 12
FIT_DEADLINE_MONTHS = 24
#: Months of runway wanted after fit for marketing optimisation; fewer are flagged.
MIN_MARKETING_BUFFER_MONTHS = 6
#: The average month used to turn day counts into months (and back) for the trend.
DAYS_PER_MONTH = 365.25 / 12
MAX_RECOMMENDATIONS = 3
#: Label of answers without a segment; they are shown but never picked as the best segment.
NO_SEGMENT = "(no segment)"

FitLabel = Literal["confirmed", "provisional", "not reached", "not defined"]
TTPMFStatus = Literal["reached", "on track", "at risk", "overdue", "insufficient data"]
RetentionVerdict = Literal[
    "flattens", "turns up", "keeps falling", "falls to zero", "not enough periods"
]

TREND_MODEL = (
    "weighted least squares of each wave's share on months since the start, weighted by the "
    "wave's number of answers (N/A excluded)"
)
FIT_RULE = (
    f"fit counts as reached at the first wave of the most recent unbroken run of waves (each "
    f"with at least {MIN_RELIABLE_N} answers) at or above {FIT_THRESHOLD:.0%}, a run that "
    "continues through the latest such wave; the share decides, and 'confirmed' tells whether "
    "the lower bound of the 95% interval clears the bar as well"
)


# --------------------------------------------------------------------------------------------
# Months and dates
# --------------------------------------------------------------------------------------------


def months_between(start: date, end: date) -> float:
    """Months from ``start`` to ``end`` in average months (365.25 / 12 days); negative if before."""
    return (end - start).days / DAYS_PER_MONTH


def date_at_month(start: date, months: float) -> date:
    """The date ``months`` average months after ``start`` (inverse of :func:`months_between`)."""
    return start + timedelta(days=round(months * DAYS_PER_MONTH))


def add_calendar_months(start: date, months: float) -> date:
    """``start`` plus whole calendar months, plus any fraction as average-month days.

    Used for marks people read on a calendar (12/24 months, the runway end).
    """
    whole = math.floor(months)
    shifted = (pd.Timestamp(start) + pd.DateOffset(months=whole)).date()
    return shifted + timedelta(days=round((months - whole) * DAYS_PER_MONTH))


def _day(value: Any) -> date:
    return pd.Timestamp(value).date()


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
        estimate = wilson_interval(very, n)
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
        """True when fewer than :data:`~workbook.common.MIN_RELIABLE_N` answers count."""
        return self.n < MIN_RELIABLE_N

    @property
    def fit(self) -> FitLabel:
        """``confirmed`` when the interval's lower bound is ≥ 40%, ``provisional`` when only
        the share is, ``not reached`` below, ``not defined`` without answers."""
        return fit_label(self.share, self.ci_low)


def fit_label(share: float | None, ci_low: float | None) -> FitLabel:
    """Classify a share against :data:`FIT_THRESHOLD` (see :attr:`SeanEllisScore.fit`)."""
    if share is None:
        return "not defined"
    if ci_low is not None and ci_low >= FIT_THRESHOLD:
        return "confirmed"
    return "provisional" if share >= FIT_THRESHOLD else "not reached"


def normalize_answers(answers: Iterable[Any]) -> pd.Series:
    """Map answers (codes or the survey tools' full texts, any case) to ``very|somewhat|not|na``.

    Raises ValueError naming the unrecognised values, so that no answer is silently dropped or
    miscounted. Each distinct value is normalised once, which keeps large surveys fast.
    """
    values = _as_series(answers)
    codes = _map_distinct(values, normalize_pmf_answer)
    bad = codes.isna()
    if bad.any():
        unrecognised = values[bad]
        distinct_bad = pd.unique(unrecognised)[:5]
        examples = ", ".join("a missing answer" if _is_blank(v) else repr(v) for v in distinct_bad)
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


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


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


def assign_waves(dates: pd.Series, gap_days: int = WAVE_GAP_DAYS) -> pd.Series:
    """Number survey waves 1, 2, … for each answer's date.

    Distinct answer days are sorted; a gap of more than ``gap_days`` between two consecutive
    days starts a new wave. A survey that never pauses that long is one wave.
    """
    days = pd.to_datetime(dates).dt.normalize()
    if days.isna().any():
        raise ValueError("every answer needs a submitted_at date to be placed in a wave")
    distinct, positions = np.unique(days.to_numpy(), return_inverse=True)
    gaps = np.diff(distinct) > np.timedelta64(gap_days, "D")
    wave_of_day = np.concatenate([[1], 1 + np.cumsum(gaps)]) if len(distinct) else np.array([])
    return pd.Series(wave_of_day[positions].astype("int64"), index=dates.index, name="wave")


def wave_scores(survey: pd.DataFrame, started: date) -> pd.DataFrame:
    """One row per wave: dates, months since ``started``, answer counts and Sean Ellis score.

    A wave's ``date`` is the median day of its answers (where most respondents are).
    """
    waves = survey.assign(wave=assign_waves(survey["submitted_at"]))
    days = waves["submitted_at"].dt.normalize()
    spans = days.groupby(waves["wave"]).agg(["min", "max", "median"])
    scored = _scores_by(waves, "wave")
    scored.insert(1, "start", spans["min"].to_numpy())
    scored.insert(2, "end", spans["max"].to_numpy())
    scored.insert(3, "date", spans["median"].dt.normalize().to_numpy())
    scored.insert(4, "months", [months_between(started, _day(d)) for d in scored["date"]])
    scored.insert(
        1,
        "label",
        [
            f"Wave {w} · {_day(d).isoformat()}"
            for w, d in zip(scored["wave"], scored["start"], strict=True)
        ],
    )
    return scored


def segment_scores(survey: pd.DataFrame) -> pd.DataFrame:
    """One row per segment (answers without one grouped as :data:`NO_SEGMENT`), by share."""
    labelled = survey.assign(segment=_segment_labels(survey))
    scored = _scores_by(labelled, "segment")
    scored["eligible"] = (scored["n"] >= MIN_SEGMENT_ANSWERS) & (scored["segment"] != NO_SEGMENT)
    order = scored.assign(_share=scored["share"].fillna(-1.0)).sort_values(
        ["_share", "n", "segment"], ascending=[False, False, True], kind="stable"
    )
    return order.drop(columns="_share").reset_index(drop=True)


def _segment_labels(survey: pd.DataFrame) -> pd.Series:
    """Segment names, with :data:`NO_SEGMENT` for missing or blank ones."""
    labels = _map_distinct(survey["segment"], lambda v: str(v).strip() or None)
    return labels.fillna(NO_SEGMENT).astype(str)


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


def count_phrases(texts: Iterable[Any], top: int = TOP_TERMS) -> pd.DataFrame:
    """The most common normalised answers: columns ``term``, ``mentions``, ``share``.

    ``share`` is over the answers that had any text; ties are ordered alphabetically.
    """
    phrases = _map_distinct(_as_series(texts), normalize_phrase).dropna()
    return _top_counts(phrases, len(phrases), top)


def count_words(texts: Iterable[Any], top: int = TOP_TERMS) -> pd.DataFrame:
    """The most common words (stop words left out), each counted once per answer.

    ``share`` is the share of answers with text that use the word; ties are alphabetical.
    """
    phrases = _map_distinct(_as_series(texts), normalize_phrase).dropna()
    words = _map_distinct(phrases, _content_words).explode().dropna()
    return _top_counts(words, len(phrases), top)


def _content_words(phrase: str) -> list[str]:
    """The distinct words of a normalised phrase that are not stop words, sorted."""
    return sorted(set(phrase.split()) - STOP_WORDS)


def _top_counts(terms: pd.Series, answers: int, top: int) -> pd.DataFrame:
    counts = terms.value_counts()
    frame = pd.DataFrame({"term": counts.index.astype(str), "mentions": counts.to_numpy()})
    frame = frame.sort_values(["mentions", "term"], ascending=[False, True], kind="stable")
    frame = frame.head(top).reset_index(drop=True)
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
        return overall is not None and self.segment_score.share - overall >= SEGMENT_LIFT


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
    matching = tuple(benefit_words["term"].head(FAN_BENEFIT_WORDS))

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


@dataclass(frozen=True)
class RetentionShape:
    """How the end of an average retention curve behaves, with the numbers behind the verdict.

    ``change_per_period`` is the least-squares slope of the last :data:`FLAT_PERIODS` + 1
    points (negative: users lost per period); ``last`` the curve's last value.
    """

    verdict: RetentionVerdict
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

    * ``not enough periods``: fewer than :data:`MIN_RETENTION_PERIODS` periods;
    * ``falls to zero``: the last value is 0;
    * ``turns up``: the end gains at least :data:`TURN_UP_MIN_GAIN_PER_PERIOD` per period
      (a "smile", possibly a network effect);
    * ``flattens``: the end loses less than :data:`FLAT_MAX_LOSS_PER_PERIOD` per period;
    * ``keeps falling`` otherwise.
    """
    curve = average.dropna().sort_index()
    if len(curve) < MIN_RETENTION_PERIODS:
        return RetentionShape("not enough periods", None, None, len(curve))
    window = curve.iloc[-(FLAT_PERIODS + 1) :]
    periods = window.index.to_numpy(dtype=float)
    _, slopes = weighted_trend(periods, window.to_numpy(dtype=float), np.ones(len(window)))
    change = float(slopes[0])
    last = float(curve.iloc[-1])
    verdict: RetentionVerdict
    if last <= 0:
        verdict = "falls to zero"
    elif change >= TURN_UP_MIN_GAIN_PER_PERIOD:
        verdict = "turns up"
    elif change > -FLAT_MAX_LOSS_PER_PERIOD:
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

    def summary(self) -> str:
        """The shape of the average curve in a few sentences, with its numbers and the rule."""
        shape = self.shape
        if shape.change_per_period is None or shape.last is None:
            text = (
                f"Not enough periods to judge: the average curve has {shape.periods} period(s), "
                f"and {MIN_RETENTION_PERIODS} (period 0 plus {FLAT_PERIODS + 1}) are needed."
            )
        elif shape.verdict == "falls to zero":
            text = "The average curve falls to zero: the cohorts keep no users."
        else:
            change = shape.change_per_period * 100
            end = f"over the last {FLAT_PERIODS} periods"
            last = format_share(shape.last, 1)
            text = {
                "turns up": (
                    f"The average curve turns up: it gains {change:.1f} percentage points per "
                    f"period {end} (at least {TURN_UP_MIN_GAIN_PER_PERIOD * 100:.0f} point), "
                    f"ending at {last}. Retention that rises again is a possible sign of a "
                    "network effect: users get more from the product as others join."
                ),
                "flattens": (
                    f"The average curve flattens at {last}: it changes by {change:+.1f} "
                    f"percentage points per period {end}, within the "
                    f"{FLAT_MAX_LOSS_PER_PERIOD * 100:.0f}-point limit: the users still there "
                    "tend to stay."
                ),
                "keeps falling": (
                    f"The average curve keeps falling: it loses {-change:.1f} percentage points "
                    f"per period {end} (flattening means losing less than "
                    f"{FLAT_MAX_LOSS_PER_PERIOD * 100:.0f} point), now at {last}."
                ),
            }[shape.verdict]
        if self.thin_periods:
            text += (
                f" The last {self.thin_periods} period(s), reached by fewer than "
                f"{self.min_cohorts} cohorts, are left out of the average."
            )
        if self.empty_cohorts:
            text += f" {self.empty_cohorts} cohort(s) of size 0 are left out."
        return text


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
    min_cohorts = min(MIN_COHORTS_PER_PERIOD, curves["cohort"].nunique())
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
        return self.slope > FLAT_TREND_SLOPE

    def share_at(self, months: float) -> float:
        """The trend's share at ``months`` after the start."""
        return self.intercept + self.slope * months

    def per_year_text(self) -> str:
        """The slope as signed percentage points a year ("+9.5 percentage points a year")."""
        points = round(self.slope * 12 * 100, 1) + 0.0  # + 0.0 turns -0.0 into 0.0
        return f"{points:+.1f} percentage points a year"


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
    rising = slopes > FLAT_TREND_SLOPE
    months = np.full(slopes.shape, np.inf)
    months[rising] = (FIT_THRESHOLD - intercepts[rising]) / slopes[rising]
    months[months > PROJECTION_HORIZON_MONTHS] = np.inf
    return months


def bootstrap_crossings(
    months: Sequence[float],
    very: Sequence[int],
    answers: Sequence[int],
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> np.ndarray:
    """Crossing months of the trend refitted on bootstrap resamples of the respondents.

    Resampling a wave's ``n`` respondents with replacement gives a *very disappointed* count
    drawn from Binomial(n, very / n), so each resample draws one count per wave instead of
    touching every respondent; the trend is then refitted for all resamples at once. Every
    wave needs at least one answer.
    """
    n = np.asarray(answers, dtype=np.int64)
    k = np.asarray(very, dtype=np.int64)
    if (n <= 0).any() or (k < 0).any() or (k > n).any():
        raise ValueError("each wave needs 0 ≤ very ≤ answers and at least one answer")
    rng = np.random.default_rng(seed)
    counts = rng.binomial(n, k / n, size=(resamples, n.size))
    intercepts, slopes = weighted_trend(np.asarray(months, dtype=float), counts / n, n)
    return crossing_months(intercepts, slopes)


@dataclass(frozen=True)
class Projection:
    """When the trend reaches :data:`FIT_THRESHOLD`; ``month`` None means no crossing in sight.

    ``low_month``/``high_month`` bound the central 95% of bootstrap crossings (None for an end
    beyond :data:`PROJECTION_HORIZON_MONTHS`, i.e. in some resamples the share never gets there).
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
    """The share per wave, its trend and (when fit is not reached) the projected crossing."""

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


def project_fit(waves: pd.DataFrame, started: date) -> tuple[Trend | None, Projection]:
    """Fit the trend (see :data:`TREND_MODEL`) and project when it crosses the fit bar."""
    scored = waves[waves["n"] > 0]
    if len(scored) < 2:
        reason = (
            f"No projection: a trend needs at least 2 waves with answers (there are {len(scored)})."
        )
        return None, Projection(None, None, None, None, None, None, reason)
    months = scored["months"].to_numpy(dtype=float)
    answers = scored["n"].to_numpy(dtype=np.int64)
    very = scored["very"].to_numpy(dtype=np.int64)
    intercepts, slopes = weighted_trend(months, very / answers, answers)
    if np.isnan(slopes[0]):
        reason = "No projection: all waves fall on the same day, so there is no trend over time."
        return None, Projection(None, None, None, None, None, None, reason)
    trend = Trend(float(intercepts[0]), float(slopes[0]))
    per_year = trend.per_year_text()
    if not trend.rising:
        reason = (
            f"No projection: the trend is flat or falling ({per_year}; at most "
            f"{FLAT_TREND_SLOPE * 12 * 100:.1f} counts as flat), so at this pace the share "
            f"does not reach {FIT_THRESHOLD:.0%}."
        )
        return trend, Projection(None, None, None, None, None, None, reason)
    point = float(crossing_months(intercepts, slopes)[0])
    spread = bootstrap_crossings(months, very, answers)
    low, high = (float(v) for v in np.quantile(spread, PROJECTION_RANGE, method="inverted_cdf"))
    low_month, high_month = (None if math.isinf(v) else v for v in (low, high))
    if math.isinf(point):
        reason = (
            f"No projection within {PROJECTION_HORIZON_MONTHS} months of the start: the share "
            f"rises too slowly ({per_year})."
        )
        return trend, Projection(
            None, None, low_month, None, _maybe_date(started, low_month), None, reason
        )
    reason = (
        f"At the current pace ({per_year}) the share reaches {FIT_THRESHOLD:.0%} about "
        f"{point:.1f} months after the start; 95% of {BOOTSTRAP_RESAMPLES:,} bootstrap "
        f"resamples of the respondents cross between {_month_text(low_month)} and "
        f"{_month_text(high_month)}."
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


def _maybe_date(started: date, months: float | None) -> date | None:
    return None if months is None else date_at_month(started, months)


def _month_text(months: float | None) -> str:
    if months is None:
        return f"never within {PROJECTION_HORIZON_MONTHS} months"
    return f"month {months:.1f}"


def fit_wave(waves: pd.DataFrame) -> pd.Series | None:
    """The wave at which fit was reached under :data:`FIT_RULE`, or None."""
    reliable = waves[waves["n"] >= MIN_RELIABLE_N]
    if reliable.empty or reliable["share"].iloc[-1] < FIT_THRESHOLD:
        return None
    below = reliable["share"] < FIT_THRESHOLD
    run_start = 0 if not below.any() else int(np.flatnonzero(below.to_numpy())[-1]) + 1
    return reliable.iloc[run_start]


# --------------------------------------------------------------------------------------------
# TTPMF status and marketing buffer
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FitTimeline:
    """TTPMF: the months to fit (actual or projected), the status, and the marketing buffer.

    Status rules, in order: **reached** (fit under :data:`FIT_RULE`); **insufficient data**
    (no wave with answers); **overdue** (``as_of`` past the 24-month mark without fit);
    **insufficient data** (fewer than 2 waves, no trend); **at risk** (no projected crossing,
    a crossing after the 24-month mark, or after the runway end); **on track** otherwise.
    The runway counts from ``as_of``; the buffer is the runway left after the later of the fit
    date (actual or projected) and ``as_of``.
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
        return self.buffer_months < MIN_MARKETING_BUFFER_MONTHS

    def buffer_text(self) -> str:
        """The marketing buffer in one sentence, with the rule behind it."""
        if self.runway_months is None:
            return "Marketing buffer not defined: add runway_months to company.yaml."
        if self.buffer_months is None or self.runway_end is None:
            ends = f" (the runway ends {self.runway_end.isoformat()})" if self.runway_end else ""
            return f"Marketing buffer not defined: there is no actual or projected fit date{ends}."
        after = "fit" if self.fit_date is not None else "the projected fit"
        verdict = (
            f"below the {MIN_MARKETING_BUFFER_MONTHS} months wanted for marketing optimisation"
            if self.buffer_flag
            else f"at least the {MIN_MARKETING_BUFFER_MONTHS} months wanted"
        )
        return (
            f"Marketing buffer: {self.buffer_months:.1f} months of runway left after {after} "
            f"(runway of {self.runway_months:g} months counted from {self.as_of.isoformat()}, "
            f"ending {self.runway_end.isoformat()}), {verdict}."
        )


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
    early_mark = add_calendar_months(started, EARLY_FIT_MONTHS)
    deadline = add_calendar_months(started, FIT_DEADLINE_MONTHS)
    runway_end = None if runway_months is None else add_calendar_months(as_of, runway_months)
    projected = projection.date if projection is not None else None
    status: TTPMFStatus
    if fit_date is not None:
        month = months_between(started, fit_date)
        window = (
            f"within the {FIT_DEADLINE_MONTHS}-month window"
            if fit_date <= deadline
            else f"after the {FIT_DEADLINE_MONTHS}-month window"
        )
        status, reason = "reached", f"Fit reached {month:.1f} months after the start, {window}."
    elif waves == 0:
        status = "insufficient data"
        reason = "No Sean Ellis survey answers yet, so time to fit cannot be judged."
    elif as_of > deadline:
        status = "overdue"
        reason = (
            f"{months_between(started, as_of):.1f} months since the start without fit: past "
            f"the {FIT_DEADLINE_MONTHS}-month mark ({deadline.isoformat()})."
        )
    elif waves < 2:
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
            f"Projected fit {projected.isoformat()} (month {projection.month:.1f}) is after the "
            f"{FIT_DEADLINE_MONTHS}-month mark ({deadline.isoformat()})."
        )
    elif runway_end is not None and projected > runway_end:
        status = "at risk"
        reason = (
            f"Projected fit {projected.isoformat()} is after the runway ends "
            f"({runway_end.isoformat()})."
        )
    else:
        status = "on track"
        reason = (
            f"Projected fit {projected.isoformat()} (month {projection.month:.1f}) is within "
            f"the {FIT_DEADLINE_MONTHS}-month window"
            + (" and the runway." if runway_end is not None else " (runway not given).")
        )
        late = projection.high_date
        if late is None or late > deadline or (runway_end is not None and late > runway_end):
            reason += (
                " Caution: the late end of its 95% range ("
                + (late.isoformat() if late else f"beyond {PROJECTION_HORIZON_MONTHS} months")
                + ") falls outside them."
            )
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


@dataclass
class TTPMFResult:
    """Everything the TTPMF notebook shows, with ready-to-show tables.

    ``survey_message`` / ``retention_message`` are empty when the file loaded, else they say
    which file to add; the matching parts are then None.
    """

    company: str
    timeline: FitTimeline
    survey_message: str = ""
    retention_message: str = ""
    answers_after_as_of: int = 0
    overall: SeanEllisScore | None = None
    trajectory: Trajectory | None = None
    segments: pd.DataFrame | None = None
    segment_analysis: SegmentAnalysis | None = None
    retention: RetentionAnalysis | None = None
    recommendations: list[Recommendation] = field(default_factory=list)

    @property
    def status(self) -> TTPMFStatus:
        """The TTPMF status (reached, on track, at risk, overdue, insufficient data)."""
        return self.timeline.status

    @property
    def latest_wave(self) -> SeanEllisScore | None:
        """The Sean Ellis score of the latest wave with answers."""
        if self.trajectory is None or self.trajectory.scored_waves.empty:
            return None
        row = self.trajectory.scored_waves.iloc[-1]
        return SeanEllisScore.from_counts(
            int(row["very"]), int(row["somewhat"]), int(row["not"]), int(row["na"])
        )

    # ---------------------------------------------------------------- ready-to-show tables

    def waves_table(self) -> pd.DataFrame:
        """The Sean Ellis score per wave, with its interval, fit label and small-sample flag."""
        if self.trajectory is None:
            return pd.DataFrame()
        waves = self.trajectory.waves
        return pd.DataFrame(
            {
                "Wave": waves["wave"],
                "From": [_day(d).isoformat() for d in waves["start"]],
                "To": [_day(d).isoformat() for d in waves["end"]],
                "Months since start": waves["months"].round(1),
                **_score_columns(waves, with_na=True),
            }
        )

    def segments_table(self) -> pd.DataFrame:
        """The Sean Ellis score per segment, best first, and whether it could be picked."""
        if self.segments is None:
            return pd.DataFrame()
        segments = self.segments
        return pd.DataFrame(
            {
                "Segment": segments["segment"],
                **_score_columns(segments, with_na=False),
                "Can be picked as best": ["yes" if v else "no" for v in segments["eligible"]],
            }
        )

    def benefits_table(self) -> pd.DataFrame:
        """What fans value most: the top benefit phrases, then the top words."""
        if self.segment_analysis is None:
            return pd.DataFrame()
        analysis = self.segment_analysis
        return _terms_table(analysis.benefit_phrases, analysis.benefit_words, "fans")

    def improvements_table(self) -> pd.DataFrame:
        """What holds back the somewhat disappointed who value the same: phrases, then words."""
        if self.segment_analysis is None:
            return pd.DataFrame()
        analysis = self.segment_analysis
        return _terms_table(analysis.improvement_phrases, analysis.improvement_words, "respondents")

    def retention_table(self) -> pd.DataFrame:
        """The size-weighted average retention per period and how many cohorts stand behind it."""
        if self.retention is None:
            return pd.DataFrame()
        average = self.retention.average
        return pd.DataFrame(
            {
                "Period": average["period"],
                "Cohorts reaching it": average["cohorts"],
                "Users in those cohorts": average["users"],
                "Still active": average["active_users"],
                "Average retention": _share_texts(average["retention"]),
            }
        )

    def timeline_table(self) -> pd.DataFrame:
        """Milestones from the start to the runway end, in date order."""
        rows = timeline_milestones(self.timeline)
        return pd.DataFrame(
            {
                "Milestone": rows["milestone"],
                "Date": [_day(d).isoformat() for d in rows["date"]],
                "Months since start": rows["months"].round(1),
                "Note": rows["note"],
            }
        )

    # ---------------------------------------------------------------- verdict texts

    def score_markdown(self) -> str:
        """The latest wave's score and fit label, in Markdown."""
        if self.trajectory is None:
            return self.survey_message
        latest = self.latest_wave
        if latest is None:
            return "Every answer so far is N/A (no longer uses the product): no score yet."
        text = (
            f"**Latest wave:** {format_share(latest.share, 1)} very disappointed "
            f"(95% interval {_interval_text(latest.ci_low, latest.ci_high)}, "
            f"{latest.n} answers, {latest.na} N/A left out) — fit **{latest.fit}**. "
            f"Fit is *confirmed* when the interval's lower bound is at least "
            f"{FIT_THRESHOLD:.0%}, *provisional* when only the share is."
        )
        if latest.too_few:
            text += f" Fewer than {MIN_RELIABLE_N} answers: treat this wave as a hint only."
        if self.answers_after_as_of:
            text += (
                f" {self.answers_after_as_of} answer(s) dated after {self.timeline.as_of} "
                "were left out."
            )
        return text

    def segment_markdown(self) -> str:
        """Which segment loves the product most and what its fans value, in Markdown."""
        analysis = self.segment_analysis
        if analysis is None:
            return self.survey_message
        if analysis.segment is None or analysis.segment_score is None:
            who = (
                f"No segment has {MIN_SEGMENT_ANSWERS} answers (N/A excluded), so the fans "
                f"below are all {analysis.fans} very disappointed respondents."
            )
        else:
            score = analysis.segment_score
            who = (
                f"**{escape_text(analysis.segment)}** would miss the product most: "
                f"{format_share(score.share, 1)} very disappointed "
                f"({_interval_text(score.ci_low, score.ci_high)}, {score.n} answers) against "
                f"{format_share(analysis.overall.share, 1)} overall (all waves). Only segments "
                f"with at least {MIN_SEGMENT_ANSWERS} answers compete."
            )
        if not analysis.matching_words:
            return who + " Its fans gave no main benefit in words we could count."
        words = ", ".join(f"“{escape_text(w)}”" for w in analysis.matching_words)
        return (
            f"{who} Their {analysis.fans} fans ({analysis.fans_with_benefit} named a main "
            f"benefit) mention {words} most. {analysis.held_back} somewhat disappointed "
            f"respondents name a benefit with one of those words; "
            f"{analysis.held_back_with_improvement} of them said what would improve the product."
        )

    def retention_markdown(self) -> str:
        """The retention verdict in Markdown (or which file to add)."""
        if self.retention is None:
            return self.retention_message
        return self.retention.summary()

    def trajectory_markdown(self) -> str:
        """The trend model, its slope and the projection (or why there is none), in Markdown."""
        if self.trajectory is None:
            return self.survey_message
        lines = [f"**Model:** {TREND_MODEL}."]
        if self.trajectory.trend is not None:
            trend = self.trajectory.trend
            latest = self.trajectory.scored_waves.iloc[-1]
            lines.append(
                f"**Trend:** {trend.per_year_text()}; the line stands at "
                f"{trend.share_at(float(latest['months'])):.1%} at the latest wave "
                f"({_day(latest['start']).isoformat()})."
            )
        if self.timeline.fit_date is not None:
            lines.append(
                f"**Fit reached** {self.timeline.fit_date.isoformat()} "
                f"(month {self.timeline.months_to_fit:.1f}), so no projection is needed. Rule: "
                f"{FIT_RULE}."
            )
        elif self.timeline.projection is not None:
            lines.append(f"**Projection:** {self.timeline.projection.reason}")
        return "\n\n".join(lines)

    def status_markdown(self) -> str:
        """The TTPMF status with its reason and the marketing buffer, in Markdown."""
        timeline = self.timeline
        months = (
            f"{timeline.months_to_fit:.1f} months to fit"
            if timeline.months_to_fit is not None
            else f"{timeline.elapsed_months:.1f} months so far"
        )
        projected = timeline.projected_months_to_fit
        projected_text = (
            f"; projected months to fit: {projected:.1f}" if projected is not None else ""
        )
        flag = " ⚠️" if timeline.buffer_flag else ""
        return (
            f"**TTPMF status: {timeline.status}** ({months}{projected_text}). "
            f"{timeline.reason}\n\n{timeline.buffer_text()}{flag}"
        )


def _pairs(frame: pd.DataFrame) -> Iterable[tuple[Any, Any]]:
    return zip(frame["ci_low"], frame["ci_high"], strict=True)


def _score_columns(scores: pd.DataFrame, *, with_na: bool) -> dict[str, Any]:
    """The readable Sean Ellis columns shared by the wave and segment tables, in table order."""
    columns: dict[str, Any] = {
        "Answers (N/A excluded)": scores["n"],
        "Very disappointed": scores["very"],
    }
    if with_na:
        columns["N/A (no longer use it)"] = scores["na"]
    return columns | {
        "Share very disappointed": _share_texts(scores["share"]),
        "95% interval": [_interval_text(lo, hi) for lo, hi in _pairs(scores)],
        "Fit": scores["fit"],
        "Too few answers": [_too_few_text(v) for v in scores["too_few"]],
    }


def _share_texts(shares: pd.Series, digits: int = 1) -> list[str]:
    """Shares as percentages; missing ones (NaN or None) read "not defined"."""
    return [format_share(None if pd.isna(v) else float(v), digits) for v in shares]


def _interval_text(low: float | None, high: float | None) -> str:
    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return "not defined"
    return f"{format_share(low, 1)}–{format_share(high, 1)}"


def _too_few_text(flag: bool) -> str:
    return f"yes (< {MIN_RELIABLE_N})" if flag else ""


def _terms_table(phrases: pd.DataFrame, words: pd.DataFrame, who: str) -> pd.DataFrame:
    parts = [
        pd.DataFrame(
            {
                "Kind": kind,
                "Phrase or word": frame["term"],
                "Mentions": frame["mentions"],
                f"Share of {who} who answered": _share_texts(frame["share"], digits=0),
            }
        )
        for kind, frame in (("phrase", phrases), ("word", words))
    ]
    return pd.concat(parts, ignore_index=True)


def timeline_milestones(timeline: FitTimeline) -> pd.DataFrame:
    """Dated milestones for the timeline table and chart, in date order.

    Columns: milestone, date, months (since start), kind (``start``, ``mark``, ``today``,
    ``fit``, ``projection``, ``runway``), range_start / range_end (the projection's 95% range,
    NaT elsewhere or when an end lies beyond the horizon) and a note.
    """
    rows: list[dict[str, Any]] = [
        {"milestone": "Started", "date": timeline.started, "kind": "start", "note": ""},
        {
            "milestone": f"{EARLY_FIT_MONTHS}-month mark",
            "date": timeline.early_mark,
            "kind": "mark",
            "note": "ambitious time to fit",
        },
        {
            "milestone": f"{FIT_DEADLINE_MONTHS}-month mark",
            "date": timeline.deadline,
            "kind": "mark",
            "note": "latest healthy time to fit",
        },
        {"milestone": "As of", "date": timeline.as_of, "kind": "today", "note": "this assessment"},
    ]
    if timeline.fit_date is not None:
        note = f"first wave of the run at or above {FIT_THRESHOLD:.0%}"
        rows.append(
            {"milestone": "Fit reached", "date": timeline.fit_date, "kind": "fit", "note": note}
        )
    projection = timeline.projection
    if projection is not None and projection.date is not None:
        low, high = projection.low_date, projection.high_date
        note = f"95% range {_date_text(low)} to {_date_text(high)}"
        rows.append(
            {
                "milestone": "Projected fit",
                "date": projection.date,
                "kind": "projection",
                "range_start": low,
                "range_end": high,
                "note": note,
            }
        )
    if timeline.runway_end is not None:
        note = f"{timeline.runway_months:g} months from as of"
        rows.append(
            {"milestone": "Runway end", "date": timeline.runway_end, "kind": "runway", "note": note}
        )
    frame = pd.DataFrame(
        rows, columns=["milestone", "date", "kind", "range_start", "range_end", "note"]
    )
    for column in ("date", "range_start", "range_end"):
        frame[column] = pd.to_datetime(frame[column])
    frame.insert(2, "months", [months_between(timeline.started, _day(d)) for d in frame["date"]])
    return frame.sort_values(["date", "milestone"], kind="stable").reset_index(drop=True)


def _date_text(day: date | None) -> str:
    return "beyond the horizon" if day is None else day.isoformat()


def thresholds_table() -> pd.DataFrame:
    """Every threshold and rule this assessment uses, with its value, for the notebook's end."""
    rows = [
        ("Fit bar (Sean Ellis)", f"{FIT_THRESHOLD:.0%} very disappointed"),
        ("Confirmed fit", "the 95% Wilson interval's lower bound is at or above the bar"),
        ("Too few answers", f"fewer than {MIN_RELIABLE_N} answers (N/A excluded)"),
        ("Survey waves", f"answer days at most {WAVE_GAP_DAYS} days apart form one wave"),
        ("Fit reached", FIT_RULE),
        ("Best segment", f"highest share among named segments with {MIN_SEGMENT_ANSWERS}+ answers"),
        (
            "Segment stands out",
            f"share at least {SEGMENT_LIFT * 100:g} percentage points above the overall share",
        ),
        ("Benefit match", f"the fans' top {FAN_BENEFIT_WORDS} benefit words"),
        (
            "Retention average",
            f"size-weighted, over periods reached by {MIN_COHORTS_PER_PERIOD}+ cohorts",
        ),
        (
            "Retention flattens",
            f"loses less than {FLAT_MAX_LOSS_PER_PERIOD * 100:g} percentage point per period "
            f"over the last {FLAT_PERIODS} periods",
        ),
        (
            "Retention turns up",
            f"gains {TURN_UP_MIN_GAIN_PER_PERIOD * 100:g} percentage point or more per period "
            f"over the last {FLAT_PERIODS} periods",
        ),
        ("Trend model", TREND_MODEL),
        ("Flat trend", f"rises {FLAT_TREND_SLOPE * 1200:g} percentage points a year or less"),
        ("Projection horizon", f"{PROJECTION_HORIZON_MONTHS} months from the start"),
        (
            "Projection range",
            f"central 95% of {BOOTSTRAP_RESAMPLES:,} bootstrap resamples (seed {BOOTSTRAP_SEED})",
        ),
        ("Fit window", f"{EARLY_FIT_MONTHS} months (ambitious) to {FIT_DEADLINE_MONTHS} (limit)"),
        ("Runway", "counted in months from the as-of date"),
        ("Marketing buffer", f"at least {MIN_MARKETING_BUFFER_MONTHS} months of runway after fit"),
    ]
    return pd.DataFrame(rows, columns=["Rule", "Value"])


def assess(company: Company) -> TTPMFResult:
    """Assess time to product/market fit for a loaded company; missing files degrade gracefully."""
    config = company.config
    survey_message = company.missing_message("pmf_survey.csv")
    retention_message = company.missing_message("retention.csv")
    retention = None if company.retention is None else analyse_retention(company.retention)

    survey = company.pmf_survey
    after = 0
    if survey is not None:
        late = survey["submitted_at"] > pd.Timestamp(company.as_of)
        after = int(late.sum())
        survey = survey[~late].reset_index(drop=True)
        if survey.empty:
            survey_message = (
                f"pmf_survey.csv has no answers dated on or before {company.as_of.isoformat()}."
            )
            survey = None

    if survey is None:
        timeline = judge_timeline(
            config.started,
            company.as_of,
            config.runway_months,
            fit_date=None,
            waves=0,
            projection=None,
        )
        result = TTPMFResult(
            company=config.name,
            timeline=timeline,
            survey_message=survey_message,
            retention_message=retention_message,
            answers_after_as_of=after,
            retention=retention,
        )
        result.recommendations = recommend(result)
        return result

    waves = wave_scores(survey, config.started)
    reached = fit_wave(waves)
    fit_date = None if reached is None else _day(reached["date"])
    trend, projection = project_fit(waves, config.started)
    timeline = judge_timeline(
        config.started,
        company.as_of,
        config.runway_months,
        fit_date=fit_date,
        waves=int((waves["n"] > 0).sum()),
        projection=projection,
    )
    segments = segment_scores(survey)
    result = TTPMFResult(
        company=config.name,
        timeline=timeline,
        survey_message="",
        retention_message=retention_message,
        answers_after_as_of=after,
        overall=sean_ellis(survey["answer"]),
        trajectory=Trajectory(
            config.started, waves, trend, projection if fit_date is None else None
        ),
        segments=segments,
        segment_analysis=analyse_segments(survey, segments),
        retention=retention,
    )
    result.recommendations = recommend(result)
    return result


# --------------------------------------------------------------------------------------------
# Recommendations
# --------------------------------------------------------------------------------------------


def recommend(result: TTPMFResult) -> list[Recommendation]:
    """Up to :data:`MAX_RECOMMENDATIONS` pieces of advice tied to findings, most pressing first:
    missing evidence, a thin buffer, a slow or stalled pace, falling retention, then what to
    do with fit or with the segment and benefits that stand out."""
    timeline = result.timeline
    trajectory = result.trajectory
    analysis = result.segment_analysis
    shape = result.retention.shape if result.retention is not None else None
    advice: list[Recommendation] = []
    if trajectory is None:
        advice.append(
            Recommendation(
                "Run the Sean Ellis survey in waves (every month or two) to active users",
                "without survey answers the time to fit cannot be measured or projected.",
            )
        )
    elif timeline.status == "insufficient data":
        advice.append(
            Recommendation(
                "Run a second survey wave to see which way the share moves",
                "one wave shows where you are, not how fast you are getting closer to fit.",
            )
        )
    if timeline.buffer_flag:
        after = "fit" if timeline.fit_date is not None else "the projected fit"
        advice.append(
            Recommendation(
                "Shorten the road to fit (narrow to the segment that loves the product) or "
                "extend the runway",
                f"only {timeline.buffer_months:.1f} months of runway remain after {after}, "
                f"fewer than the {MIN_MARKETING_BUFFER_MONTHS} wanted to optimise marketing.",
            )
        )
    trend = trajectory.trend if trajectory is not None else None
    if timeline.status in ("at risk", "overdue"):
        if trend is None or not trend.rising:
            advice.append(
                Recommendation(
                    "Reinvent the 20% of the product that matters most to your best users, "
                    "keeping the rest",
                    f"the share is {_trend_words(trend)} and fit is not reached "
                    f"(status: {timeline.status}).",
                )
            )
        else:
            advice.append(
                Recommendation(
                    "Speed up: put the roadmap behind what fans value and what holds the "
                    "somewhat disappointed back",
                    timeline.reason,
                )
            )
    if shape is not None and shape.verdict in ("keeps falling", "falls to zero"):
        advice.append(
            Recommendation(
                "Find out why every cohort keeps leaving before pushing acquisition",
                result.retention_markdown(),
            )
        )
    elif timeline.status == "reached" and not timeline.buffer_flag:
        runway = (
            f"; {timeline.buffer_months:.0f} months of runway remain"
            if timeline.buffer_months is not None
            else ""
        )
        advice.append(
            Recommendation(
                "Move effort to marketing optimisation and to scaling the channels that work",
                f"fit was reached {timeline.months_to_fit:.1f} months after the start{runway}.",
            )
        )
    score = analysis.segment_score if analysis is not None else None
    if analysis is not None and score is not None and analysis.stands_out:
        advice.append(
            Recommendation(
                f"Double down on the “{analysis.segment}” segment: aim acquisition and the "
                "roadmap at them",
                f"{format_share(score.share)} of them would be very disappointed without the "
                f"product ({_interval_text(score.ci_low, score.ci_high)}), against "
                f"{format_share(analysis.overall.share)} overall.",
            )
        )
    if analysis is not None and not analysis.improvement_words.empty:
        themes = ", ".join(analysis.improvement_words["term"].head(3))
        advice.append(
            Recommendation(
                f"Fix what holds back users who value what fans value ({themes})",
                f"these are the most common improvement words of the {analysis.held_back} "
                "somewhat disappointed respondents who name the benefit fans name most.",
            )
        )
    return advice[:MAX_RECOMMENDATIONS]


def _trend_words(trend: Trend | None) -> str:
    if trend is None:
        return "not yet measurable as a trend"
    return f"flat or falling ({trend.per_year_text()})"
