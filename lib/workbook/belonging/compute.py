"""The belonging assessment's numbers and checks (no Markdown, no display tables).

* the members' voice: a belonging survey scored with an instrument (reverse items flipped, short
  answers prorated), summarised as a 0–100 Belonging Index with its interval (cut at the ends
  of the scale) overall, per subscale and per segment for the latest survey wave, checked for
  reliability with Cronbach's α (banded on the value shown), and followed wave by wave;
* community health (activity, value, belonging), comparing the latest weeks with those before
  (belonging: the latest survey wave with the one before);
* community goals checked against the SPACES model and the company's stage;
* launch readiness (start small, few channels, a clear owner) and a trust & safety checklist.

:func:`assess` combines them into one frozen :class:`BelongingResult`, built once. Each part
degrades on its own: when its input file is missing or invalid it is left out, and ``missing``
says which file to add. Every threshold is read from :mod:`workbook.belonging.rules`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import pandas as pd

from workbook import format as fmt
from workbook import window
from workbook.belonging import rules
from workbook.belonging.rules import NOT_ASSESSED, Level
from workbook.evidence import Evidence, welch_p
from workbook.io import TRUST_SAFETY_PRACTICES, CommunityConfig, Company, Instrument, TeamAssessment
from workbook.results import AssessmentResult, Check, Outcome
from workbook.stats import Estimate, is_blank, mean_interval, safe_ratio
from workbook.waves import Grouping, WaveAssignment, assign_waves

SURVEY_FILE = "belonging_survey.csv"
ACTIVITY_FILE = "community_activity.csv"
GOALS_FILE = "community_goals.csv"
DATA_FILES = (SURVEY_FILE, ACTIVITY_FILE, GOALS_FILE)
CONTEXT_COLUMNS = ("respondent_id", "submitted_at", "segment")
TOTAL = "total"
OTHER_SEGMENTS = "Other segments"
NO_SEGMENT = "(no segment)"


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------


def _item_matrix(survey: pd.DataFrame, instrument: Instrument) -> np.ndarray:
    """Answers as a float matrix (respondents × items) with reversed items flipped."""
    missing = [item_id for item_id in instrument.item_ids if item_id not in survey.columns]
    if missing:
        raise ValueError(f"the survey has no answer column for item(s): {', '.join(missing)}")
    values = survey[instrument.item_ids].to_numpy(dtype=float, na_value=np.nan, copy=True)
    answered = values[~np.isnan(values)]
    if answered.size and (
        answered.min() < instrument.scale_min or answered.max() > instrument.scale_max
    ):
        raise ValueError(
            f"answers must lie on the instrument's scale {instrument.scale_min}–"
            f"{instrument.scale_max}"
        )
    flip = np.array([item.reversed for item in instrument.items], dtype=bool)
    values[:, flip] = instrument.scale_min + instrument.scale_max - values[:, flip]
    return values


def reverse_scored(survey: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """One column per item with reversed items flipped (``min + max - answer``).

    This is the input :func:`cronbach_alpha` expects: a high value always means more belonging.
    """
    return pd.DataFrame(
        _item_matrix(survey, instrument), index=survey.index, columns=instrument.item_ids
    )


def _score_block(values: np.ndarray, scoring: str) -> np.ndarray:
    """Score each row of an item block: sum (prorated) or mean, missing when too few answers.

    A row needs answers to at least the ``MIN_ANSWERED_SHARE`` rule's share of the block's
    items. With ``sum`` scoring, the mean of the answered items is multiplied by the item count,
    so a respondent who skipped an item is not scored lower for it.
    """
    rows, items = values.shape
    answered = np.count_nonzero(~np.isnan(values), axis=1)
    totals = np.nansum(values, axis=1)
    means = np.divide(totals, answered, out=np.full(rows, np.nan), where=answered > 0)
    scores = means * items if scoring == "sum" else means
    return np.where(answered >= rules.MIN_ANSWERED_SHARE.value * items, scores, np.nan)


def score_responses(survey: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Score a belonging survey: one row per respondent, one column per subscale and ``total``.

    Raw answers are used (reversed items are flipped here). Each subscale uses the instrument's
    ``sum`` or ``mean`` rule over its own items; ``total`` applies the same rule to all items.
    A score is missing (NaN) when the respondent answered too few of the items behind it.
    The survey's ``respondent_id``, ``submitted_at`` and ``segment`` columns, when present, are
    kept in front so scores can be grouped.
    """
    reserved = {TOTAL, *CONTEXT_COLUMNS}
    clashes = [s.id for s in instrument.subscales if s.id in reserved]
    if clashes:
        raise ValueError(f"subscale ids may not be {', '.join(sorted(reserved))}: {clashes}")
    values = _item_matrix(survey, instrument)
    position = {item_id: i for i, item_id in enumerate(instrument.item_ids)}
    scored = survey[[c for c in CONTEXT_COLUMNS if c in survey.columns]].copy()
    for subscale in instrument.subscales:
        columns = [position[item.id] for item in instrument.items_of(subscale.id)]
        scored[subscale.id] = _score_block(values[:, columns], instrument.scoring)
    scored[TOTAL] = _score_block(values, instrument.scoring)
    return scored


def score_range(instrument: Instrument, subscale: str | None = None) -> tuple[float, float]:
    """The lowest and highest possible score of a subscale (or of the total when None)."""
    count = len(instrument.items_of(subscale)) if subscale else len(instrument.items)
    if instrument.scoring == "mean":
        return float(instrument.scale_min), float(instrument.scale_max)
    return float(instrument.scale_min * count), float(instrument.scale_max * count)


def index_scores(scores: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Scores rescaled to the index: 0 is the lowest possible score, ``INDEX_MAX`` the highest."""
    indexed = scores.copy()
    for column in [*(s.id for s in instrument.subscales), TOTAL]:
        low, high = score_range(instrument, None if column == TOTAL else column)
        indexed[column] = (scores[column] - low) / (high - low) * rules.INDEX_MAX.value
    return indexed


def mean_score(instrument: Instrument, subscale: str | None, index: float | None) -> float | None:
    """An index value back on the instrument's own scale (the mean score it stands for)."""
    if index is None:
        return None
    low, high = score_range(instrument, subscale)
    return low + index / rules.INDEX_MAX.value * (high - low)


def clipped(estimate: Estimate) -> Estimate:
    """An index estimate with its interval cut at the ends of the scale (0 and ``INDEX_MAX``).

    The Student-t interval of a few answers can reach far past the scale (two answers of 10 and
    90 give about −458 to 558); no mean of index values can lie outside it, so neither may its
    interval.
    """
    if estimate.ci_low is None or estimate.ci_high is None:
        return estimate
    low, high = 0.0, float(rules.INDEX_MAX.value)
    return Estimate(
        estimate.value,
        min(max(estimate.ci_low, low), high),
        min(max(estimate.ci_high, low), high),
        estimate.n,
    )


def _estimate(values: pd.Series) -> Estimate:
    return clipped(mean_interval(values.dropna().tolist()))


def belonging_index(indexed: pd.DataFrame) -> Estimate:
    """The Belonging Index: mean indexed total with its interval and n (scored respondents)."""
    return _estimate(indexed[TOTAL])


def subscale_indices(indexed: pd.DataFrame, instrument: Instrument) -> dict[str, Estimate]:
    """The index of each subscale (with interval and n), in instrument order."""
    return {s.id: _estimate(indexed[s.id]) for s in instrument.subscales}


def _segment_labels(segments: pd.Series) -> pd.Series:
    """Segment names: blanks named, and all but the largest few pooled.

    Pooling keeps tables and the heatmap small whatever the number of distinct segments.
    """
    labels = segments.astype(object).where(segments.notna(), NO_SEGMENT).astype(str)
    counts = labels.value_counts()
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    kept = {name for name, _ in ranked[: rules.MAX_SEGMENTS_SHOWN.value]}
    return labels.where(labels.isin(kept), OTHER_SEGMENTS)


def _segment_order(labels: pd.Series) -> list[str]:
    """Segments by size (largest first), then name; the pooled rest last."""
    counts = labels.value_counts()
    named = sorted(
        (name for name in counts.index if name != OTHER_SEGMENTS),
        key=lambda name: (-counts[name], name),
    )
    return named + ([OTHER_SEGMENTS] if OTHER_SEGMENTS in counts.index else [])


def segment_indices(indexed: pd.DataFrame) -> dict[str, Estimate]:
    """The Belonging Index per segment (largest segments first); empty without a segment column."""
    if "segment" not in indexed.columns:
        return {}
    labels = _segment_labels(indexed["segment"])
    totals = indexed[TOTAL]
    return {name: _estimate(totals[labels == name]) for name in _segment_order(labels)}


@dataclass(frozen=True)
class SegmentSubscale:
    """The mean index of one subscale within one segment (a cell of the heatmap)."""

    segment: str
    subscale: str
    index: float | None
    n: int


def segment_subscales(indexed: pd.DataFrame, instrument: Instrument) -> tuple[SegmentSubscale, ...]:
    """Mean subscale index per segment: one cell per segment (largest first) and subscale."""
    if "segment" not in indexed.columns or indexed.empty:
        return ()
    labels = _segment_labels(indexed["segment"])
    subscale_ids = [s.id for s in instrument.subscales]
    grouped = indexed[subscale_ids].groupby(labels.to_numpy())
    means, counts = grouped.mean(), grouped.count()
    cells = []
    for segment in _segment_order(labels):
        for subscale in subscale_ids:
            n = int(counts.at[segment, subscale])
            value = None if n == 0 else float(means.at[segment, subscale])
            cells.append(SegmentSubscale(segment, subscale, value, n))
    return tuple(cells)


# --------------------------------------------------------------------------------------------
# Survey waves: the current state and the belonging trend
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WaveIndex:
    """The Belonging Index of one survey wave (or calendar period), each member counted once.

    ``answers`` counts the wave's answers (scored or not), ``index.n`` the scored ones;
    ``returning`` counts the wave's respondents who also answered an earlier wave (a panel).
    ``start`` and ``end`` are the first and last answer days (None without answer dates).
    ``complete`` is False for a calendar period that had not ended at the as-of date (its
    answers are shown but censored: they do not set the level). ``change_p`` is Welch's
    t-test p-value of this wave's index against the wave before (None for the first wave or
    when either has fewer than two scored answers).
    """

    number: int
    label: str
    start: date | None
    end: date | None
    answers: int
    index: Estimate
    returning: int
    complete: bool = True
    change_p: float | None = None

    @property
    def evidence(self) -> Evidence:
        """Whether this wave carries the level: enough distinct respondents in a finished
        period (the ``WAVE_EVIDENCE`` rule)."""
        judged = rules.WAVE_EVIDENCE.judge(
            self.index.n,
            decided=None if self.complete else False,
            interval=_interval(self.index),
            unit="respondents",
        )
        if not self.complete:
            note = f"{self.label} had not ended at the as-of date: its answers are censored"
            return dataclasses.replace(judged, note=note)
        return judged

    @property
    def adequate(self) -> bool:
        """True when this wave may set the level (see :attr:`evidence`)."""
        return self.evidence.sufficient


def _interval(estimate: Estimate) -> tuple[float, float] | None:
    if estimate.ci_low is None or estimate.ci_high is None:
        return None
    return (estimate.ci_low, estimate.ci_high)


_UNITS: dict[str, str] = {"waves": "wave", "months": "month", "quarters": "quarter"}


@dataclass(frozen=True)
class SurveyWaves:
    """How the survey's answers group into waves, and the Belonging Index of each wave.

    ``grouping`` is the rule that formed them (see :mod:`workbook.waves`): "waves" (rounds of
    the survey separated by pauses), or "months" / "quarters" for a survey that runs
    continuously. ``answers`` counts every answer kept, ``members`` the distinct respondents
    over all waves, ``panel_members`` those who answered in more than one wave.
    """

    grouping: Grouping
    waves: tuple[WaveIndex, ...]
    answers: int
    members: int
    panel_members: int

    @property
    def unit(self) -> str:
        """What one group is called: "wave", "month" or "quarter"."""
        return _UNITS[self.grouping]

    def count_text(self) -> str:
        """The number of groups with their name: "1 wave", "3 waves", "12 months"."""
        count = len(self.waves)
        return f"{count} {self.unit if count == 1 else self.grouping}"

    @property
    def latest(self) -> WaveIndex | None:
        """The latest wave: the current state of belonging (None without answers)."""
        return self.waves[-1] if self.waves else None

    @property
    def previous(self) -> WaveIndex | None:
        """The wave before the latest (None with fewer than two waves)."""
        return self.waves[-2] if len(self.waves) > 1 else None

    @property
    def current(self) -> WaveIndex | None:
        """The wave that sets the level: the latest adequate wave (enough respondents, a
        finished period); without one, the latest finished wave (a provisional level); without
        any, the latest wave. A thin wave after a full one never replaces it."""
        adequate = [wave for wave in self.waves if wave.adequate]
        if adequate:
            return adequate[-1]
        complete = [wave for wave in self.waves if wave.complete]
        return complete[-1] if complete else self.latest


def assign_survey_waves(survey: pd.DataFrame) -> WaveAssignment:
    """Each answer's wave (:func:`workbook.waves.assign_waves` on ``submitted_at``).

    A survey without answer dates (a frame built by hand) is one wave.
    """
    if "submitted_at" in survey.columns:
        return assign_waves(survey["submitted_at"])
    ones = pd.Series(1, index=survey.index, dtype="int64", name="wave")
    return WaveAssignment(ones, "waves")


def in_wave(assignment: WaveAssignment, number: int | None) -> np.ndarray:
    """A mask of the answers of wave ``number`` (all False for None)."""
    numbers = assignment.numbers.to_numpy()
    return numbers == number if number is not None else np.zeros(numbers.size, dtype=bool)


def in_latest_wave(assignment: WaveAssignment) -> np.ndarray:
    """A mask of the answers of the latest wave (all False without answers)."""
    numbers = assignment.numbers.to_numpy()
    return numbers == numbers.max() if numbers.size else np.zeros(0, dtype=bool)


def _wave_label(number: int, start: date | None, grouping: Grouping) -> str:
    if start is None or grouping == "waves":
        return f"Wave {number}"
    if grouping == "months":
        return start.strftime("%Y-%m")
    return f"{start.year} Q{(start.month - 1) // 3 + 1}"


_FREQUENCY: dict[str, window.Frequency] = {"months": "month", "quarters": "quarter"}


def _period_complete(start: date | None, grouping: Grouping, as_of: date | None) -> bool:
    """False only for a calendar month or quarter that had not ended at ``as_of``."""
    if start is None or as_of is None or grouping not in _FREQUENCY:
        return True
    frequency = _FREQUENCY[grouping]
    return window.is_complete(window.period_start(start, frequency), frequency, as_of)


def change_p(earlier: Sequence[float], later: Sequence[float]) -> float | None:
    """Welch's t-test p-value (two-sided, :func:`workbook.evidence.welch_p`) between two
    samples; None ("not defined") with fewer than two values in either."""
    first = [v for v in earlier if not math.isnan(v)]
    second = [v for v in later if not math.isnan(v)]
    if len(first) < 2 or len(second) < 2:
        return None
    return welch_p(first, second)


def survey_waves(
    indexed: pd.DataFrame, assignment: WaveAssignment, as_of: date | None = None
) -> SurveyWaves:
    """The Belonging Index of every wave, oldest first, and how many members answered again.

    ``indexed`` holds every answer (:func:`index_scores`), ``assignment`` its waves. Within a wave
    each member answers once (the loader keeps the latest answer per respondent and wave), so
    no wave counts a panel member twice.
    """
    numbers = assignment.numbers.to_numpy()
    ids = indexed["respondent_id"] if "respondent_id" in indexed.columns else None
    dates = indexed["submitted_at"] if "submitted_at" in indexed.columns else None
    seen: set[Any] = set()
    waves = []
    totals = indexed[TOTAL].to_numpy(dtype=float)
    before: np.ndarray | None = None
    for number in np.unique(numbers):
        mask = numbers == number
        part = indexed[mask]
        members = set() if ids is None else set(ids[mask])
        start = end = None
        if dates is not None:
            start, end = dates[mask].min().date(), dates[mask].max().date()
        scored = totals[mask]
        waves.append(
            WaveIndex(
                int(number),
                _wave_label(int(number), start, assignment.grouping),
                start,
                end,
                len(part),
                belonging_index(part),
                len(members & seen),
                _period_complete(start, assignment.grouping, as_of),
                None if before is None else change_p(before.tolist(), scored.tolist()),
            )
        )
        seen |= members
        before = scored
    if ids is None:
        members_total, panel = len(indexed), 0
    else:
        per_member = pd.Series(numbers, index=indexed.index).groupby(ids.to_numpy()).nunique()
        members_total, panel = len(per_member), int((per_member > 1).sum())
    return SurveyWaves(assignment.grouping, tuple(waves), len(indexed), members_total, panel)


# --------------------------------------------------------------------------------------------
# Reliability
# --------------------------------------------------------------------------------------------


def cronbach_alpha(items: pd.DataFrame) -> float | None:
    """Cronbach's α of a frame of item columns that are ALREADY reverse-scored.

    Use :func:`reverse_scored` first on raw answers. Rows with any missing answer are dropped
    (listwise deletion). α = k / (k − 1) × (1 − Σ item variances / variance of the row sums),
    with sample variances. Returns None ("not defined") with fewer than two items, fewer than
    two complete rows, or when the row sums do not vary.
    """
    complete = items.dropna()
    k = complete.shape[1]
    if k < 2 or len(complete) < 2:
        return None
    total_variance = float(complete.sum(axis=1).var(ddof=1))
    if total_variance == 0:
        return None
    item_variance = float(complete.var(ddof=1).sum())
    return k / (k - 1) * (1 - item_variance / total_variance)


def shown_alpha(alpha: float | None) -> float | None:
    """α rounded to the ``ALPHA_DIGITS`` rule: the value shown, banded and written to JSON.

    Rounding before comparing keeps an α of exactly 0.7 that computes as 0.6999999999999997 in
    the acceptable band, and an α of 0.7986 (shown as 0.80) in the good band it is shown with.
    """
    return None if alpha is None else round(float(alpha), rules.ALPHA_DIGITS.value) + 0.0


def alpha_band(alpha: float | None) -> str:
    """The conventional band of an α value (excellent … unacceptable), or "not defined".

    The band is that of the value shown (:func:`shown_alpha`), so it never contradicts it.
    """
    shown = shown_alpha(alpha)
    if shown is None:
        return rules.ALPHA_NOT_DEFINED
    return next(
        (label for rule, label in rules.alpha_bands() if shown >= rule.value),
        rules.ALPHA_BAND_BELOW,
    )


def alpha_warning(alpha: float | None) -> bool:
    """True when the α shown is below the ``ALPHA_WARNING_BELOW`` rule."""
    shown = shown_alpha(alpha)
    return shown is not None and shown < rules.ALPHA_WARNING_BELOW.value


@dataclass(frozen=True)
class SubscaleReliability:
    """Cronbach's α of one subscale (or of all items), with the complete answers behind it."""

    subscale: str
    label: str
    items: int
    n: int
    alpha: float | None

    @property
    def shown(self) -> float | None:
        """α rounded to the ``ALPHA_DIGITS`` rule: what tables, checks and JSON show."""
        return shown_alpha(self.alpha)

    @property
    def band(self) -> str:
        """The band of the α shown (excellent … unacceptable, or "not defined")."""
        return alpha_band(self.alpha)

    @property
    def warning(self) -> bool:
        """True when the α shown is below the ``ALPHA_WARNING_BELOW`` rule (items do not hang
        together)."""
        return alpha_warning(self.alpha)

    @property
    def evidence(self) -> Evidence:
        """Whether enough complete answers stand behind α (the ``ALPHA_EVIDENCE`` rule)."""
        return rules.ALPHA_EVIDENCE.judge(self.n, unit="complete answers")

    @property
    def check(self) -> Check:
        """The reliability check: pass at or above the warning bound, warn below, not assessed
        when α is not defined or rests on too few complete answers to pass (the
        ``ALPHA_EVIDENCE`` rule); the reason states the α shown and its band."""
        name = f"Reliability: {self.label}"
        evidence = self.evidence
        if self.shown is None:
            return Check(
                name,
                NOT_ASSESSED,
                f"α is not defined ({self.n} complete answers, {self.items} statements)",
                evidence=evidence,
            )
        alpha = fmt.number(self.shown, rules.ALPHA_DIGITS.value)
        reason = f"α = {alpha} ({self.band}) over {self.n} complete answers"
        if self.warning:
            return Check(
                name, "warn", f"{reason}, below {rules.ALPHA_WARNING_BELOW.text}", evidence=evidence
            )
        if not evidence.sufficient:
            return Check(name, NOT_ASSESSED, f"{reason}; {evidence.note}", evidence=evidence)
        return Check(name, "pass", reason, evidence=evidence)


def reliability(survey: pd.DataFrame, instrument: Instrument) -> tuple[SubscaleReliability, ...]:
    """Cronbach's α per subscale, then over all items, after reverse scoring."""
    items = reverse_scored(survey, instrument)
    groups = [
        (s.id, s.label, [i.id for i in instrument.items_of(s.id)]) for s in instrument.subscales
    ]
    groups.append((TOTAL, "All items", instrument.item_ids))
    return tuple(
        SubscaleReliability(
            subscale,
            label,
            len(columns),
            int(items[columns].notna().all(axis=1).sum()),
            cronbach_alpha(items[columns]),
        )
        for subscale, label, columns in groups
    )


# --------------------------------------------------------------------------------------------
# Community health: activity, value, belonging
# --------------------------------------------------------------------------------------------

Direction = Literal["rising", "falling", "steady", "not defined"]
Verdict = Literal["improving", "worsening", "steady", "not defined"]


#: A relative change is compared with the steady band after rounding to this many decimals, so
#: that floating-point noise (1.05 against 1.0 gives 0.050000000000000044) never moves a change
#: across the band's edge.
CHANGE_DECIMALS = 9


@dataclass(frozen=True)
class HealthMeasure:
    """One health measure: its latest value and the one before.

    Activity and value compare the latest window of weeks with the window before (``span`` is
    "weeks"); belonging compares the latest survey wave with the wave before (``span`` is
    "waves"). ``latest_basis`` and ``previous_basis`` say what stands behind each value (weeks
    of activity data, or respondents for the belonging index); ``key`` names the measure in
    ``figures``.
    """

    pillar: str
    measure: str
    unit: Literal["share", "ratio", "hours", "index"]
    latest: float | None
    previous: float | None
    latest_basis: int
    previous_basis: int
    basis: str
    higher_is_better: bool = True
    key: str = ""
    span: Literal["weeks", "waves"] = "weeks"
    evidence: Evidence | None = None

    @property
    def direction(self) -> Direction:
        """Rising, falling or steady (within the ``STEADY_WITHIN`` rule of the earlier value).

        From an earlier value of zero there is no relative change: staying at zero is steady and
        any other value is a rise (or fall) from nothing, never "steady". With ``evidence``
        (the change rules), too little data leaves the direction "not defined" and a difference
        the test does not decide is "steady": a change is claimed only by the stated test.
        """
        if self.latest is None or self.previous is None:
            return "not defined"
        if self.evidence is not None and not self.evidence.sufficient:
            return "not defined" if self.evidence.more_needed else "steady"
        difference = self.latest - self.previous
        if self.previous == 0:
            return "steady" if difference == 0 else ("rising" if difference > 0 else "falling")
        relative = round(difference / abs(self.previous), CHANGE_DECIMALS)
        if abs(relative) <= rules.STEADY_WITHIN.value:
            return "steady"
        return "rising" if difference > 0 else "falling"

    @property
    def verdict(self) -> Verdict:
        """Improving, worsening, steady or not defined, given which way is better."""
        direction = self.direction
        if direction == "steady" or direction == "not defined":
            return direction
        better = (direction == "rising") == self.higher_is_better
        return "improving" if better else "worsening"


def _windows(
    end: date,
) -> tuple[tuple[pd.Timestamp, pd.Timestamp], tuple[pd.Timestamp, pd.Timestamp]]:
    """The latest window ``(end − span, end]`` and the one before it, as (start, end) pairs."""
    span = timedelta(weeks=rules.HEALTH_WINDOW_WEEKS.value)
    latest_end = pd.Timestamp(end)
    return (latest_end - span, latest_end), (latest_end - 2 * span, latest_end - span)


def _in_window(dates: pd.Series, window: tuple[pd.Timestamp, pd.Timestamp]) -> pd.Series:
    return (dates > window[0]) & (dates <= window[1])


def _ratio(numerator: Any, denominator: Any) -> float | None:
    value = safe_ratio(float(numerator), float(denominator))
    return None if value is None else float(value)


#: The columns of community_activity.csv each activity/value measure needs. ``replies`` is not
#: among them: a tool that counts every message as a post (Slack, Discourse) leaves it blank.
ACTIVITY_INPUTS: dict[str, tuple[str, ...]] = {
    "active_share": ("active_members", "members"),
    "interactions": ("posts", "active_members"),
    "answered_share": ("questions_answered", "questions"),
    "response_hours": ("median_first_response_hours",),
}


def _with_inputs(part: pd.DataFrame, key: str) -> pd.DataFrame:
    """The weeks of ``part`` in which every column the measure ``key`` needs is filled."""
    return part.dropna(subset=list(ACTIVITY_INPUTS[key]))


def _interactions(part: pd.DataFrame) -> pd.Series:
    """Posts plus replies per week; blank replies are counted in the posts (see above)."""
    return part["posts"] + part["replies"].fillna(0)


def _activity_measures(part: pd.DataFrame) -> dict[str, float | None]:
    """The four activity/value measures over a span of weeks, pooling the weeks' counts.

    Each measure pools only the weeks that have its inputs, so a week whose export lacked a
    measure neither counts as zero nor as a week of that measure."""
    active = _with_inputs(part, "active_share")
    interacting = _with_inputs(part, "interactions")
    answered = _with_inputs(part, "answered_share")
    hours = part["median_first_response_hours"].dropna()
    return {
        "active_share": _ratio(active["active_members"].sum(), active["members"].sum()),
        "interactions": _ratio(
            _interactions(interacting).sum(), interacting["active_members"].sum()
        ),
        "answered_share": _ratio(answered["questions_answered"].sum(), answered["questions"].sum()),
        "response_hours": float(hours.median()) if len(hours) else None,
    }


_ACTIVITY_MEASURES = (
    ("activity", "active_share", "Active share of members", "share", True),
    ("activity", "interactions", "Posts and replies per active member", "ratio", True),
    ("value", "answered_share", "Share of questions answered", "share", True),
    ("value", "response_hours", "Median first response (hours)", "hours", False),
)

#: The key of :attr:`BelongingResult.missing` naming the activity measures no week supplies.
ACTIVITY_MEASURES_MISSING = f"{ACTIVITY_FILE} (measures)"


def missing_activity_measures(activity: pd.DataFrame | None) -> tuple[str, ...]:
    """The activity/value measures (keys of ``ACTIVITY_INPUTS``) that no week of ``activity``
    has every input for; empty without the file (then the whole file is reported missing)."""
    if activity is None or activity.empty:
        return ()
    return tuple(key for key in ACTIVITY_INPUTS if _with_inputs(activity, key).empty)


def missing_activity_message(keys: Sequence[str], slug: str = "SLUG") -> str:
    """Which measures cannot be judged, the blank columns behind them and the commands that
    would fill them."""
    labels = {key: label for _, key, label, _, _ in _ACTIVITY_MEASURES}
    columns = sorted({column for key in keys for column in ACTIVITY_INPUTS[key]})
    return (
        f"Not judged: {', '.join(labels[key] for key in keys)} — no week of "
        f"{ACTIVITY_FILE} fills {', '.join(f'`{c}`' for c in columns)}. The other measures are "
        "judged. Fill the columns by hand, or import the export that has them: "
        f"`workbook import '<workspace> Member Analytics <Monday> - <Sunday>.csv' --company {slug} "
        "--as activity` (Slack: members, active members, posts) or `workbook import "
        f"<discourse-report>.zip --company {slug} --as activity` (Discourse: posts, questions, "
        "questions answered, first-response time). See docs/importing.md."
    )


def community_health(
    activity: pd.DataFrame | None, waves: SurveyWaves | None, end: date
) -> tuple[HealthMeasure, ...]:
    """The health triad: activity and value from weekly counts, belonging from the survey waves.

    Activity and value are computed over the latest ``HEALTH_WINDOW_WEEKS`` weeks up to ``end``
    and over the same span before. Weekly counts are pooled over a window (so a quiet week weighs
    less than a busy one); the first-response time is the median of the weekly medians. The
    belonging index compares the latest survey wave with the wave before it (each member counted
    once per wave, see :func:`survey_waves`); with one wave the earlier value is not defined.
    Missing inputs leave their measures out; zero denominators give "not defined" (None).
    """
    latest_window, previous_window = _windows(end)
    measures: list[HealthMeasure] = []
    if activity is not None:
        latest_part = activity[_in_window(activity["week"], latest_window)]
        previous_part = activity[_in_window(activity["week"], previous_window)]
        latest, previous = _activity_measures(latest_part), _activity_measures(previous_part)
        weekly_latest = weekly_health(latest_part)
        weekly_previous = weekly_health(previous_part)
        # A measure no week supplies stays "not defined" (reported in ``missing``), never zero.
        for pillar, key, label, unit, higher_is_better in _ACTIVITY_MEASURES:
            column = _WEEKLY_COLUMNS[key]
            measures.append(
                HealthMeasure(
                    pillar,
                    label,
                    unit,
                    latest[key],
                    previous[key],
                    len(_with_inputs(latest_part, key)),
                    len(_with_inputs(previous_part, key)),
                    "weeks",
                    higher_is_better,
                    key,
                    evidence=weekly_change_evidence(
                        weekly_previous[column].dropna().tolist(),
                        weekly_latest[column].dropna().tolist(),
                    ),
                )
            )
    if waves is not None and waves.latest is not None:
        latest_index = waves.latest.index
        previous_index = waves.previous.index if waves.previous else Estimate(None, None, None, 0)
        change = (
            None if waves.previous is None else wave_change_evidence(waves.previous, waves.latest)
        )
        measures.append(
            HealthMeasure(
                "belonging",
                "Belonging Index",
                "index",
                latest_index.value,
                previous_index.value,
                latest_index.n,
                previous_index.n,
                "respondents",
                key="belonging_index",
                span="waves",
                evidence=change,
            )
        )
    return tuple(measures)


#: The weekly column of :func:`weekly_health` behind each activity and value measure.
_WEEKLY_COLUMNS = {
    "active_share": "Active share",
    "interactions": "Posts and replies per active member",
    "answered_share": "Answered share",
    "response_hours": "Median first response (hours)",
}


def _decided(p_value: float | None, level: float) -> bool | None:
    return None if p_value is None else p_value < level


def weekly_change_evidence(earlier: Sequence[float], later: Sequence[float]) -> Evidence:
    """Whether two windows of weekly values differ: enough weeks in each (the
    ``ACTIVITY_CHANGE`` rule) and Welch's t-test on the weekly values at its level."""
    rule = rules.ACTIVITY_CHANGE
    p_value = change_p(earlier, later)
    decided = _decided(p_value, rule.level)
    if p_value is None and len(earlier) >= rule.value and len(later) >= rule.value:
        decided = False
    return rule.judge(min(len(earlier), len(later)), decided=decided, p_value=p_value, unit="weeks")


def wave_change_evidence(earlier: WaveIndex, later: WaveIndex) -> Evidence:
    """Whether the belonging index changed between two waves: enough scored respondents in
    each (the ``BELONGING_CHANGE`` rule) and Welch's t-test at its level."""
    rule = rules.BELONGING_CHANGE
    decided = _decided(later.change_p, rule.level)
    n = min(earlier.index.n, later.index.n)
    if later.change_p is None and n >= rule.value:
        decided = False
    return rule.judge(n, decided=decided, p_value=later.change_p, unit="respondents")


def weekly_health(activity: pd.DataFrame) -> pd.DataFrame:
    """Weekly activity and value measures for the trend charts (one row per week, numbers only).

    Columns: Week, Active share, Posts and replies per active member, Answered share,
    Median first response (hours). A week with a zero denominator has no value (NaN).
    """

    def ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
        return (numerator / denominator.where(denominator != 0)).astype(float)

    return pd.DataFrame(
        {
            "Week": activity["week"],
            "Active share": ratio(activity["active_members"], activity["members"]).round(4),
            "Posts and replies per active member": ratio(
                _interactions(activity), activity["active_members"]
            ).round(2),
            "Answered share": ratio(activity["questions_answered"], activity["questions"]).round(4),
            "Median first response (hours)": activity["median_first_response_hours"],
        }
    ).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# SPACES goals
# --------------------------------------------------------------------------------------------

_TRACE_LINKS = (("business_goal", "business goal"), ("program", "program"), ("metric", "metric"))


@dataclass(frozen=True)
class GoalTrace:
    """One community goal: its objective, its trace (None where a link is blank), progress.

    ``direction`` says which way the metric should move ("higher" by default, "lower" for
    support tickets or days to close); ``progress`` is current ÷ target for a higher goal and
    target ÷ current for a lower one, so 100% or more always means the target is ``met``.
    """

    goal: str
    objective: str
    business_goal: str | None
    program: str | None
    metric: str | None
    progress: float | None
    missing_links: tuple[str, ...]
    fits_stage: bool
    direction: str = "higher"
    met: bool | None = None


@dataclass(frozen=True)
class SpacesResult:
    """Community goals checked against the SPACES model and the company's stage."""

    stage: str
    goals: tuple[GoalTrace, ...]
    gaps: Mapping[str, list[str]]
    off_stage: list[str]
    unowned: list[str]
    checks: tuple[Check, ...]


def _link(value: Any) -> str | None:
    return None if is_blank(value) else str(value)


def quoted_names(values: Sequence[str]) -> str:
    """Goal names in curly quotes, comma separated (used in check reasons and advice)."""
    return ", ".join(f"“{value}”" for value in values)


def objective_names(objectives: Sequence[str]) -> str:
    """SPACES objective codes as their plain names joined with "and"."""
    return " and ".join(rules.SPACES_LABELS.get(o, o) for o in objectives)


def goal_progress(target: Any, current: Any, direction: str) -> tuple[float | None, bool | None]:
    """Progress to target and whether it is met, given which way is better.

    Higher is better: current ÷ target, met at or above the target. Lower is better: target ÷
    current, met at or below the target (a current value of zero meets any target ≥ 0, with no
    ratio). Both None when target or current is blank.
    """
    if is_blank(target) or is_blank(current):
        return None, None
    target_value, current_value = float(target), float(current)
    if direction == "lower":
        return _ratio(target_value, current_value), current_value <= target_value
    return _ratio(current_value, target_value), current_value >= target_value


def spaces_fit(goals: pd.DataFrame, stage: str) -> SpacesResult:
    """Check community goals: each traces to a business goal, program and metric; stage fit.

    The objectives a stage needs and those that also fit it are the rules ``STAGE_NEEDS`` and
    ``STAGE_ALSO_FITS``. Goals outside the stage's priorities are flagged, and so are objectives
    the stage needs that no goal owns.
    """
    needed = rules.STAGE_NEEDS.get(stage, ())
    fitting = set(needed) | set(rules.STAGE_ALSO_FITS.get(stage, ()))
    gaps: dict[str, list[str]] = {}
    off_stage: list[str] = []
    traces = []
    for goal in goals.itertuples(index=False):
        missing = [label for column, label in _TRACE_LINKS if is_blank(getattr(goal, column))]
        if missing:
            gaps[goal.goal] = missing
        fits = goal.objective in fitting
        if not fits:
            off_stage.append(goal.goal)
        target = getattr(goal, "target", None)
        current = getattr(goal, "current", None)
        raw_direction = getattr(goal, "direction", None)
        direction = "higher" if is_blank(raw_direction) else str(raw_direction)
        progress, met = goal_progress(target, current, direction)
        traces.append(
            GoalTrace(
                goal=goal.goal,
                objective=goal.objective,
                business_goal=_link(goal.business_goal),
                program=_link(goal.program),
                metric=_link(goal.metric),
                progress=progress,
                missing_links=tuple(missing),
                fits_stage=fits,
                direction=direction,
                met=met,
            )
        )
    owned = set(goals["objective"])
    unowned = [objective for objective in needed if objective not in owned]
    checks = _spaces_checks(stage, needed, gaps, off_stage, unowned)
    return SpacesResult(stage, tuple(traces), gaps, off_stage, unowned, checks)


def _spaces_checks(
    stage: str,
    needed: Sequence[str],
    gaps: Mapping[str, list[str]],
    off_stage: Sequence[str],
    unowned: Sequence[str],
) -> tuple[Check, ...]:
    needed_names = objective_names(needed)
    trace_name = "Every goal traces to a business goal, program and metric"
    if gaps:
        detail = "; ".join(f"“{goal}” lacks {', '.join(links)}" for goal, links in gaps.items())
        trace = Check(trace_name, "warn", detail)
    else:
        trace = Check(
            trace_name,
            "pass",
            "each goal names the business goal it serves, its program and its metric",
        )
    if off_stage:
        fit = Check(
            "Goals fit the stage",
            "warn",
            f"at stage {stage} the priorities are {needed_names}; "
            f"outside them: {quoted_names(off_stage)}",
        )
    else:
        fit = Check("Goals fit the stage", "pass", f"every goal serves a {stage} priority")
    cover_name = "Objectives the stage needs have an owner"
    if unowned:
        cover = Check(
            cover_name,
            "fail" if len(unowned) == len(needed) else "warn",
            f"no goal drives {objective_names(unowned)}, which a {stage} company needs",
        )
    else:
        cover = Check(cover_name, "pass", f"goals cover {needed_names}")
    return (trace, fit, cover)


# --------------------------------------------------------------------------------------------
# Launch readiness
# --------------------------------------------------------------------------------------------

LAUNCH_CHECK_NAMES = ("Founding members", "Channels at launch", "Community owner")
_NO_COMMUNITY = (
    "company.yaml has no community section; add community: {owner, founding_members, channels} "
    "to assess the launch"
)


def launch_readiness(community: CommunityConfig | None, stage: str) -> tuple[Check, ...]:
    """Check the launch like hosting a party: few founding members, few channels, a host.

    Founding members within the ``FOUNDING_MEMBERS`` range pass; outside it warn, and fail at
    zero or beyond ``LAUNCH_FAIL_FACTOR`` times the upper bound. Channels up to
    ``MAX_LAUNCH_CHANNELS`` pass, up to the fail factor times that warn, more (or none) fail. An
    owner passes; before fit the owner should be a founder (a community team warns); no owner
    fails.
    """
    members_name, channels_name, owner_name = LAUNCH_CHECK_NAMES
    if community is None:
        return tuple(Check(name, NOT_ASSESSED, _NO_COMMUNITY) for name in LAUNCH_CHECK_NAMES)
    return (
        _founding_members_check(members_name, community.founding_members),
        _channels_check(channels_name, community.channels),
        _owner_check(owner_name, community.owner, stage),
    )


def _founding_members_check(name: str, members: int | None) -> Check:
    low, high = rules.FOUNDING_MEMBERS.value
    if members is None:
        return Check(name, NOT_ASSESSED, "community.founding_members is not given in company.yaml")
    if low <= members <= high:
        return Check(
            name, "pass", f"{members} founding members is within {rules.FOUNDING_MEMBERS.text}"
        )
    if members == 0:
        return Check(name, "fail", "no founding members: nobody seeds the first conversations")
    if members < low:
        return Check(
            name,
            "warn",
            f"{members} founding members is fewer than {low}: too few to seed lively conversations",
        )
    outcome: Outcome = "fail" if members > rules.LAUNCH_FAIL_FACTOR.value * high else "warn"
    return Check(
        name,
        outcome,
        f"{members} founding members is more than {high}: too many to curate the early culture",
    )


def _channels_check(name: str, channels: int | None) -> Check:
    limit = rules.MAX_LAUNCH_CHANNELS.value
    if channels is None:
        return Check(name, NOT_ASSESSED, "community.channels is not given in company.yaml")
    if channels == 0:
        return Check(name, "fail", "no channel: members have no space to meet")
    if channels <= limit:
        return Check(name, "pass", f"{channels} channel(s), at most {limit}")
    outcome: Outcome = "fail" if channels > rules.LAUNCH_FAIL_FACTOR.value * limit else "warn"
    return Check(
        name, outcome, f"{channels} channels is more than {limit}: conversations spread too thin"
    )


def _owner_check(name: str, owner: str | None, stage: str) -> Check:
    if owner is None:
        return Check(name, NOT_ASSESSED, "community.owner is not given in company.yaml")
    if owner == "none":
        return Check(name, "fail", "nobody owns the community")
    if owner == "founder":
        return Check(name, "pass", "a founder owns the community")
    if stage == "pre-pmf":
        return Check(
            name,
            "warn",
            "a community team owns it; before product/market fit a founder should host it",
        )
    return Check(name, "pass", f"a community team owns it, which suits a {stage} company")


# --------------------------------------------------------------------------------------------
# Trust & safety practices
# --------------------------------------------------------------------------------------------

_ANSWER_OUTCOME: dict[str, Outcome] = {
    "yes": "pass",
    "partly": "warn",
    "no": "fail",
    NOT_ASSESSED: NOT_ASSESSED,
}


@dataclass(frozen=True)
class TrustSafetyResult:
    """The team's checklist answers (``yes``/``partly``/``no``/``not assessed``) and the score.

    ``answers`` lists every practice of :data:`workbook.io.TRUST_SAFETY_PRACTICES`, in order.
    """

    answers: Mapping[str, str]

    @property
    def assessed(self) -> int:
        """How many practices were answered."""
        return sum(answer != NOT_ASSESSED for answer in self.answers.values())

    @property
    def total(self) -> int:
        """How many practices the checklist has."""
        return len(self.answers)

    def points(self, practice: str) -> float | None:
        """The points one practice earns (None when not assessed)."""
        return rules.ANSWER_POINTS.value.get(self.answers[practice])

    @property
    def score(self) -> float | None:
        """The mean points over assessed practices on the ``TRUST_SAFETY_SCALE`` (None if none),
        computed in exact fractions so that a score on a band's edge lands on it."""
        points = [self.points(key) for key in self.answers]
        given = [Fraction(str(p)) for p in points if p is not None]
        if not given:
            return None
        return float(Fraction(str(rules.TRUST_SAFETY_SCALE.value)) * sum(given) / len(given))

    @property
    def evidence(self) -> Evidence:
        """Whether the whole checklist is answered (the ``TRUST_SAFETY_EVIDENCE`` rule): an
        unanswered practice is missing evidence, never a pass."""
        return rules.TRUST_SAFETY_EVIDENCE.judge(self.assessed, unit="practices answered")

    @property
    def checks(self) -> tuple[Check, ...]:
        """One check per practice: yes passes, partly warns, no fails, unanswered not assessed."""
        checks = []
        for practice in TRUST_SAFETY_PRACTICES:
            answer = self.answers[practice.key]
            reason = f"answered “{answer}”" if answer != NOT_ASSESSED else "no answer yet"
            checks.append(
                Check(practice.label, _ANSWER_OUTCOME[answer], f"{practice.question} ({reason})")
            )
        return tuple(checks)


def trust_safety(team: TeamAssessment) -> TrustSafetyResult:
    """The checklist from the team's answers; a practice with no answer is "not assessed".

    ``team.practices`` holds only valid answers (io reports invalid ones as problems and leaves
    them out), so an unanswered or invalid practice never counts as "no".
    """
    return TrustSafetyResult(
        {p.key: team.practices.get(p.key, NOT_ASSESSED) for p in TRUST_SAFETY_PRACTICES}
    )


# --------------------------------------------------------------------------------------------
# The assessment
# --------------------------------------------------------------------------------------------


def unscored_survey_message() -> str:
    """Why a loaded survey gave no Belonging Index (stated with the current rule)."""
    return (
        f"{SURVEY_FILE} has no respondent who answered at least "
        f"{rules.MIN_ANSWERED_SHARE.text} of the items, so no Belonging Index can be computed; "
        "check that the answer columns are filled."
    )


def banded(value: float) -> float:
    """A score rounded once to the ``INDEX_DIGITS`` rule, as it is shown and compared with the
    bands (an index of exactly 50 that computes as 49.99999999 is 50.0)."""
    return round(float(value), rules.INDEX_DIGITS.value) + 0.0


def level_of(
    index: Estimate | None,
    trust_safety_score: float | None,
    checklist_complete: bool = True,
) -> Level:
    """The level from the index (rounded once, :func:`banded`), capped at developing by a low
    trust & safety score or, when ``checklist_complete`` is False, by an unanswered practice:
    not enough evidence that belonging is protected is no pass."""
    if index is None or index.value is None:
        return "not assessed"
    value = banded(index.value)
    if value >= rules.STRONG_INDEX.value:
        capped = not checklist_complete or (
            trust_safety_score is not None
            and banded(trust_safety_score) < rules.TRUST_SAFETY_FOR_STRONG.value
        )
        return "developing" if capped else "strong"
    return "developing" if value >= rules.DEVELOPING_INDEX.value else "weak"


def weakest(subscales: Mapping[str, Estimate]) -> str | None:
    """The subscale with the lowest index (the first in instrument order on ties)."""
    defined = [
        (e.value, position, key)
        for position, (key, e) in enumerate(subscales.items())
        if e.value is not None
    ]
    return min(defined)[2] if defined else None


@dataclass(frozen=True, kw_only=True)
class BelongingResult(AssessmentResult):
    """Everything the belonging assessment found for one company, built once.

    ``status`` is the level (strong, developing, weak or not assessed); ``index`` is the
    Belonging Index of the latest survey wave (None without a usable survey), and so are the
    subscales, segments and α: a member re-surveyed in several waves counts once, in the current
    state. ``waves`` holds every wave's index (the belonging trend). ``missing`` maps each input
    file that could not be used to the advice for adding it. ``sources`` gives the load status
    of each data file and ``rows`` the rows each usable one held.
    """

    company: str
    stage: str
    instrument: Instrument | None
    respondents: int
    waves: SurveyWaves | None
    index: Estimate | None
    subscales: Mapping[str, Estimate]
    segments: Mapping[str, Estimate]
    segment_subscales: tuple[SegmentSubscale, ...]
    reliability: tuple[SubscaleReliability, ...]
    health: tuple[HealthMeasure, ...]
    weekly: pd.DataFrame | None
    spaces: SpacesResult | None
    launch_checks: tuple[Check, ...]
    trust_safety: TrustSafetyResult
    weakest_subscale: str | None
    community_given: bool
    sources: Mapping[str, str] = field(default_factory=dict)
    rows: Mapping[str, int] = field(default_factory=dict)

    @property
    def level_evidence(self) -> Evidence | None:
        """The evidence behind the level: the wave that sets it (None without a survey). When
        it is not sufficient the level is provisional and unlocks nothing downstream (the
        network-effects check, scaling)."""
        current = None if self.waves is None else self.waves.current
        return None if current is None else current.evidence

    @property
    def subscale_labels(self) -> dict[str, str]:
        """Subscale id -> label, in instrument order (empty without an instrument)."""
        return {s.id: s.label for s in self.instrument.subscales} if self.instrument else {}

    def subscale_label(self, subscale: str) -> str:
        """A subscale's label (its id when there is no instrument)."""
        return self.subscale_labels.get(subscale, subscale)


def wave_span(wave: WaveIndex) -> str:
    """A wave's answer days: "2026-02-03 to 2026-02-23", one day, or "no answer dates"."""
    if wave.start is None:
        return "no answer dates"
    if wave.end == wave.start:
        return fmt.day(wave.start)
    return f"{fmt.day(wave.start)} to {fmt.day(wave.end)}"


def latest_wave_phrase(waves: SurveyWaves | None) -> str:
    """The words " in the latest survey wave (2026-02-03 to 2026-02-23)", or " in the latest
    month, 2026-05 (…)" for a continuous survey, when the survey has several waves; else "".

    When a later wave is too thin (or unfinished) to set the level, the words name the wave
    that does: " in the latest survey wave with enough answers (…)"."""
    if waves is None or waves.latest is None or waves.previous is None:
        return ""
    current = waves.current or waves.latest
    name = "survey wave" if waves.grouping == "waves" else waves.unit
    qualifier = "" if current is waves.latest else " with enough answers"
    if waves.grouping != "waves":
        name += f"{qualifier}, {current.label}"
        qualifier = ""
    return f" in the latest {name}{qualifier} ({wave_span(current)})"


def _summary(
    level: Level,
    index: Estimate | None,
    trust_safety: TrustSafetyResult | None,
    waves: SurveyWaves | None = None,
) -> str:
    if index is None or index.value is None:
        return "Belonging is not assessed: without scored survey answers there is no index."
    text = (
        f"Belonging is {level}: the Belonging Index{latest_wave_phrase(waves)} is "
        f"{fmt.estimate(index)}"
    )
    strong_index = banded(index.value) >= rules.STRONG_INDEX.value
    score = None if trust_safety is None else trust_safety.score
    if strong_index and level != "strong" and trust_safety is not None:
        scale = fmt.number(rules.TRUST_SAFETY_SCALE.value, 0)
        if score is not None and banded(score) < rules.TRUST_SAFETY_FOR_STRONG.value:
            text += f", capped by a trust & safety score of {fmt.number(score, 0)}/{scale}"
        elif not trust_safety.evidence.sufficient:
            text += (
                f", capped because only {trust_safety.assessed} of {trust_safety.total} trust "
                "& safety practices are answered (an unanswered practice is no pass)"
            )
    current = None if waves is None else waves.current
    if current is not None and not current.adequate:
        text += f" (provisional: {current.evidence.note})"
    return text + "."


def _figures(
    index: Estimate | None,
    subscales: Mapping[str, Estimate],
    alphas: Sequence[SubscaleReliability],
    practices: TrustSafetyResult,
    health: Sequence[HealthMeasure],
    respondents: int,
    weakest_subscale: str | None,
    waves: SurveyWaves | None,
) -> dict[str, Any]:
    defined = index is not None and index.value is not None
    has_interval = defined and index.ci_low is not None and index.ci_high is not None
    return {
        "index": index.value if defined else None,
        "index_ci": [index.ci_low, index.ci_high] if has_interval else None,
        "n": index.n if index is not None else 0,
        "alpha": {r.subscale: {"value": r.shown, "band": r.band} for r in alphas},
        "trust_safety_score": practices.score,
        "trust_safety_answered": practices.assessed,
        "respondents": respondents,
        "subscales": {key: e.value for key, e in subscales.items()},
        "weakest_subscale": weakest_subscale,
        "health": {
            m.key: {
                "latest": m.latest,
                "previous": m.previous,
                "direction": m.direction,
                "verdict": m.verdict,
                "evidence": m.evidence,
            }
            for m in health
        },
        "evidence": None if waves is None or waves.current is None else waves.current.evidence,
        "grouping": None if waves is None else waves.grouping,
        "answers": 0 if waves is None else waves.answers,
        "members": 0 if waves is None else waves.members,
        "panel_members": 0 if waves is None else waves.panel_members,
        "waves": [] if waves is None else [_wave_figures(wave) for wave in waves.waves],
    }


def _wave_figures(wave: WaveIndex) -> dict[str, Any]:
    return {
        "label": wave.label,
        "start": wave.start,
        "end": wave.end,
        "answers": wave.answers,
        "n": wave.index.n,
        "index": wave.index.value,
        "ci_low": wave.index.ci_low,
        "ci_high": wave.index.ci_high,
        "returning": wave.returning,
        "complete": wave.complete,
        "adequate": wave.adequate,
    }


def community_size(activity: pd.DataFrame | None, waves: SurveyWaves | None) -> int | None:
    """Members now: the latest week's member count, or at least the distinct survey members
    (None without either)."""
    sizes = []
    members = (
        activity.sort_values("week", kind="stable")["members"].dropna()
        if activity is not None
        else pd.Series(dtype=float)
    )
    if len(members):
        sizes.append(int(members.iloc[-1]))
    if waves is not None and waves.members:
        sizes.append(waves.members)
    return max(sizes) if sizes else None


def assess(company: Company) -> BelongingResult:
    """Run the belonging assessment on a loaded company; missing files leave their part out.

    The survey is grouped into waves (:mod:`workbook.waves`): the index, subscales, segments and
    α describe the latest wave, and every wave's index forms the belonging trend.
    """
    missing = {
        file: company.missing_message(file) for file in DATA_FILES if company.missing_message(file)
    }
    instrument = company.instrument
    survey = company.belonging_survey
    index: Estimate | None = None
    subscales: dict[str, Estimate] = {}
    segments: dict[str, Estimate] = {}
    cells: tuple[SegmentSubscale, ...] = ()
    alphas: tuple[SubscaleReliability, ...] = ()
    waves: SurveyWaves | None = None
    respondents = 0
    if survey is not None and instrument is not None:
        # Every wave feeds the trend; the current state is the latest wave, so a member
        # re-surveyed in several waves is counted once.
        assignment = assign_survey_waves(survey)
        every_wave = index_scores(score_responses(survey, instrument), instrument)
        waves = survey_waves(every_wave, assignment, company.as_of)
        current = waves.current
        latest = in_wave(assignment, None if current is None else current.number)
        indexed = every_wave[latest]
        respondents = len(indexed)
        index = belonging_index(indexed)
        if index.value is None:
            index = None
            missing[SURVEY_FILE] = unscored_survey_message()
        subscales = subscale_indices(indexed, instrument)
        segments = segment_indices(indexed)
        cells = segment_subscales(indexed, instrument)
        alphas = reliability(survey[latest], instrument)
    activity = company.community_activity
    absent_measures = missing_activity_measures(activity)
    if absent_measures:
        missing[ACTIVITY_MEASURES_MISSING] = missing_activity_message(absent_measures, company.slug)
    goals = company.community_goals
    practices = trust_safety(company.team_assessment)
    health = community_health(activity, waves, company.as_of)
    spaces = None if goals is None else spaces_fit(goals, company.config.stage)
    launch = launch_readiness(company.config.community, company.config.stage)
    weakest_subscale = weakest(subscales)
    labels = {s.id: s.label for s in instrument.subscales} if instrument else {}
    level = level_of(index, practices.score, practices.evidence.sufficient)
    from workbook.belonging import advice  # advice reads this module's types and helpers

    recommendations = advice.recommend(
        level=level,
        waves=waves,
        index=index,
        subscales=subscales,
        subscale_labels=labels,
        weakest_subscale=weakest_subscale,
        trust_safety=practices,
        launch_checks=launch,
        spaces=spaces,
        reliability=alphas,
        health=health,
        missing=missing,
        community_size=community_size(activity, waves),
    )
    return BelongingResult(
        status=level,
        summary=_summary(level, index, practices, waves),
        figures=_figures(
            index, subscales, alphas, practices, health, respondents, weakest_subscale, waves
        ),
        checks=launch
        + (spaces.checks if spaces else ())
        + practices.checks
        + tuple(r.check for r in alphas),
        recommendations=recommendations,
        missing=missing,
        company=company.name,
        stage=company.config.stage,
        instrument=instrument,
        respondents=respondents,
        waves=waves,
        index=index,
        subscales=subscales,
        segments=segments,
        segment_subscales=cells,
        reliability=alphas,
        health=health,
        weekly=None if activity is None else weekly_health(activity),
        spaces=spaces,
        launch_checks=launch,
        trust_safety=practices,
        weakest_subscale=weakest_subscale,
        community_given=company.config.community is not None,
        sources={file: company.sources.get(file, "missing") for file in DATA_FILES},
        rows={
            file: len(frame) for file in DATA_FILES if (frame := company.frame(file)) is not None
        },
    )
