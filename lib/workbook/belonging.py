"""The belonging assessment: does the product's community give its members a sense of belonging?

A community earns its keep when members feel they belong: they trust each other, feel safe, share
values, see themselves as members, have a say, and care about the place. This module turns the
team's inputs into evidence for that question:

* the members' voice: a belonging survey scored with an instrument (reverse items flipped, short
  answers prorated), summarised as a 0–100 Belonging Index with a 95% interval overall, per
  subscale and per segment, and checked for reliability with Cronbach's α;
* community health (activity, value, belonging), comparing the latest 12 weeks with the 12 before;
* community goals checked against the SPACES model (Support, Product, Acquisition, Contribution,
  Engagement, Success) and the company's stage;
* launch readiness (start small, few channels, a clear owner) and a trust & safety checklist.

:func:`assess` combines them into a :class:`BelongingResult`. Each part degrades on its own: when
its input file is missing or invalid, it is left out and the result says which file to add.
All thresholds are named constants below; the notebook and the result text quote them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

import numpy as np
import pandas as pd

from workbook.common import (
    MIN_RELIABLE_N,
    Check,
    Estimate,
    Recommendation,
    escape_text,
    format_share,
    mean_interval,
    safe_ratio,
)
from workbook.io import CommunityConfig, Company, Instrument

__all__ = [
    "ALPHA_BANDS",
    "ALPHA_BAND_BELOW",
    "ALPHA_WARNING_BELOW",
    "ANSWER_POINTS",
    "DEVELOPING_INDEX",
    "FOUNDING_MEMBERS_RANGE",
    "HEALTH_WINDOW_WEEKS",
    "INDEX_MAX",
    "LAUNCH_FAIL_FACTOR",
    "MAX_LAUNCH_CHANNELS",
    "MAX_RECOMMENDATIONS",
    "MAX_SEGMENTS_SHOWN",
    "MIN_ANSWERED_SHARE",
    "SPACES_LABELS",
    "STAGE_ALSO_FITS",
    "STAGE_NEEDS",
    "STEADY_WITHIN",
    "STRONG_INDEX",
    "SUBSCALE_ADVICE",
    "TRUST_SAFETY_FOR_STRONG",
    "TRUST_SAFETY_PRACTICES",
    "BelongingResult",
    "HealthMeasure",
    "Practice",
    "SpacesResult",
    "SubscaleReliability",
    "TrustSafetyResult",
    "alpha_band",
    "assess",
    "belonging_index",
    "community_health",
    "cronbach_alpha",
    "index_scores",
    "launch_readiness",
    "reliability",
    "reverse_scored",
    "score_range",
    "score_responses",
    "segment_indices",
    "segment_subscale_frame",
    "spaces_fit",
    "subscale_indices",
    "thresholds_table",
    "trust_safety",
    "weekly_health",
]

# --------------------------------------------------------------------------------------------
# Thresholds (quoted by the notebook and the result text)
# --------------------------------------------------------------------------------------------

#: A (sub)scale is scored only for respondents who answered at least this share of its items.
MIN_ANSWERED_SHARE = 0.5
#: The Belonging Index runs from 0 (every answer at the bottom of the scale) to this value.
INDEX_MAX = 100.0

#: Cronbach's α bands, highest first: α at or above the bound earns the label.
ALPHA_BANDS: tuple[tuple[float, str], ...] = (
    (0.9, "excellent"),
    (0.8, "good"),
    (0.7, "acceptable"),
    (0.6, "questionable"),
    (0.5, "poor"),
)
ALPHA_BAND_BELOW = "unacceptable"
#: Below this α a subscale's items do not hang together well enough to read its score alone.
ALPHA_WARNING_BELOW = 0.7

#: Community health compares the latest this-many weeks with the same span just before.
HEALTH_WINDOW_WEEKS = 12
#: A relative change within this share of the earlier value counts as steady.
STEADY_WITHIN = 0.05

#: Plain names of the SPACES objectives (the codes are those of community_goals.csv).
SPACES_LABELS: dict[str, str] = {
    "support": "Support",
    "product": "Product feedback",
    "acquisition": "Acquisition",
    "contribution": "Contribution",
    "engagement": "Engagement",
    "success": "Success",
}
#: Objectives each stage needs someone to own.
STAGE_NEEDS: dict[str, tuple[str, ...]] = {
    "pre-pmf": ("acquisition", "engagement"),
    "pmf": ("support", "success"),
    "scaling": ("support", "success"),
}
#: Objectives that also fit a stage without being required.
STAGE_ALSO_FITS: dict[str, tuple[str, ...]] = {
    "pre-pmf": ("product",),
    "pmf": (),
    "scaling": (),
}

#: Founding members at launch: small enough to curate, big enough to seed conversations.
FOUNDING_MEMBERS_RANGE = (10, 50)
#: Channels (or topics) at launch: keep one general space and very few others.
MAX_LAUNCH_CHANNELS = 3
#: Beyond this multiple of a limit (or at zero) a launch check fails instead of warning.
LAUNCH_FAIL_FACTOR = 2

#: Points per checklist answer; the score is the mean over assessed practices, times 100.
ANSWER_POINTS: dict[str, float] = {"yes": 1.0, "partly": 0.5, "no": 0.0}
NOT_ASSESSED = "not assessed"

#: Overall level: the Belonging Index at or above these values is strong / developing.
STRONG_INDEX = 70.0
DEVELOPING_INDEX = 50.0
#: A strong level also needs a trust & safety score at least this high (when assessed).
TRUST_SAFETY_FOR_STRONG = 70.0

MAX_RECOMMENDATIONS = 3
#: Segment tables and the heatmap show this many largest segments; the rest are pooled.
MAX_SEGMENTS_SHOWN = 12
OTHER_SEGMENTS = "Other segments"
NO_SEGMENT = "(no segment)"

Level = Literal["strong", "developing", "weak", "not assessed"]
SURVEY_FILE = "belonging_survey.csv"
ACTIVITY_FILE = "community_activity.csv"
GOALS_FILE = "community_goals.csv"
CONTEXT_COLUMNS = ("respondent_id", "submitted_at", "segment")
TOTAL = "total"


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

    A row needs answers to at least :data:`MIN_ANSWERED_SHARE` of the block's items. With
    ``sum`` scoring, the mean of the answered items is multiplied by the item count, so a
    respondent who skipped an item is not scored lower for it.
    """
    rows, items = values.shape
    answered = np.count_nonzero(~np.isnan(values), axis=1)
    totals = np.nansum(values, axis=1)
    means = np.divide(totals, answered, out=np.full(rows, np.nan), where=answered > 0)
    scores = means * items if scoring == "sum" else means
    return np.where(answered >= MIN_ANSWERED_SHARE * items, scores, np.nan)


def score_responses(survey: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Score a belonging survey: one row per respondent, one column per subscale and ``total``.

    Raw answers are used (reversed items are flipped here). Each subscale uses the instrument's
    ``sum`` or ``mean`` rule over its own items; ``total`` applies the same rule to all items.
    A score is missing (NaN) when the respondent answered fewer than half of the items behind it.
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
    """Scores rescaled to the 0–100 index: 0 is the lowest possible score, 100 the highest."""
    indexed = scores.copy()
    for column in [*(s.id for s in instrument.subscales), TOTAL]:
        low, high = score_range(instrument, None if column == TOTAL else column)
        indexed[column] = (scores[column] - low) / (high - low) * INDEX_MAX
    return indexed


def _estimate(values: pd.Series) -> Estimate:
    return mean_interval(values.dropna().tolist())


def belonging_index(indexed: pd.DataFrame) -> Estimate:
    """The Belonging Index: mean 0–100 total with its 95% interval and n (scored respondents)."""
    return _estimate(indexed[TOTAL])


def subscale_indices(indexed: pd.DataFrame, instrument: Instrument) -> dict[str, Estimate]:
    """The index of each subscale (0–100, 95% interval, n), in instrument order."""
    return {s.id: _estimate(indexed[s.id]) for s in instrument.subscales}


def _segment_labels(segments: pd.Series) -> pd.Series:
    """Segment names for display: blanks named, and all but the largest few pooled.

    Pooling keeps tables and the heatmap small whatever the number of distinct segments.
    """
    labels = segments.astype(object).where(segments.notna(), NO_SEGMENT).astype(str)
    counts = labels.value_counts()
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    kept = {name for name, _ in ranked[:MAX_SEGMENTS_SHOWN]}
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


def segment_subscale_frame(indexed: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Mean subscale index per segment (long format, one row per segment and subscale).

    Columns: Segment, Subscale, Index (rounded to one decimal), n, Label (the index as text,
    marked ``*`` when fewer than the reliable minimum answered). Used by the heatmap.
    """
    columns = ["Segment", "Subscale", "Index", "n", "Label"]
    if "segment" not in indexed.columns or indexed.empty:
        return pd.DataFrame(columns=columns)
    labels = _segment_labels(indexed["segment"])
    subscale_ids = [s.id for s in instrument.subscales]
    grouped = indexed[subscale_ids].groupby(labels.to_numpy())
    means, counts = grouped.mean(), grouped.count()
    rows = []
    for segment in _segment_order(labels):
        for subscale in instrument.subscales:
            n = int(counts.at[segment, subscale.id])
            value = means.at[segment, subscale.id]
            index = None if n == 0 else round(float(value), 1)
            label = "" if index is None else f"{index:.0f}" + ("*" if n < MIN_RELIABLE_N else "")
            rows.append((segment, subscale.label, index, n, label))
    return pd.DataFrame(rows, columns=columns)


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


def alpha_band(alpha: float | None) -> str:
    """The conventional band of an α value (excellent … unacceptable), or "not defined"."""
    if alpha is None:
        return "not defined"
    return next((label for bound, label in ALPHA_BANDS if alpha >= bound), ALPHA_BAND_BELOW)


@dataclass(frozen=True)
class SubscaleReliability:
    """Cronbach's α of one subscale (or of all items), with the complete answers behind it."""

    subscale: str
    label: str
    items: int
    n: int
    alpha: float | None

    @property
    def band(self) -> str:
        """The α band (excellent … unacceptable, or "not defined")."""
        return alpha_band(self.alpha)

    @property
    def warning(self) -> bool:
        """True when α is below :data:`ALPHA_WARNING_BELOW` (items do not hang together)."""
        return self.alpha is not None and self.alpha < ALPHA_WARNING_BELOW


def reliability(survey: pd.DataFrame, instrument: Instrument) -> list[SubscaleReliability]:
    """Cronbach's α per subscale, then over all items, after reverse scoring."""
    items = reverse_scored(survey, instrument)
    groups = [
        (s.id, s.label, [i.id for i in instrument.items_of(s.id)]) for s in instrument.subscales
    ]
    groups.append((TOTAL, "All items", instrument.item_ids))
    return [
        SubscaleReliability(
            subscale,
            label,
            len(columns),
            int(items[columns].notna().all(axis=1).sum()),
            cronbach_alpha(items[columns]),
        )
        for subscale, label, columns in groups
    ]


# --------------------------------------------------------------------------------------------
# Community health: activity, value, belonging
# --------------------------------------------------------------------------------------------

Direction = Literal["rising", "falling", "steady", "not defined"]


@dataclass(frozen=True)
class HealthMeasure:
    """One health measure: its value over the latest window and the window before.

    ``latest_basis`` and ``previous_basis`` say what stands behind each value (weeks of activity
    data, or respondents for the belonging index).
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

    @property
    def direction(self) -> Direction:
        """Rising, falling or steady (within :data:`STEADY_WITHIN` of the earlier value)."""
        if self.latest is None or self.previous is None:
            return "not defined"
        change = self.latest - self.previous
        relative = safe_ratio(change, abs(self.previous))
        if relative is None:  # the earlier value was zero
            relative = 0.0 if change == 0 else change
        if abs(relative) <= STEADY_WITHIN:
            return "steady"
        return "rising" if change > 0 else "falling"

    @property
    def verdict(self) -> str:
        """Improving, worsening, steady or not defined, given which way is better."""
        if self.direction in ("steady", "not defined"):
            return self.direction
        better = (self.direction == "rising") == self.higher_is_better
        return "improving" if better else "worsening"

    def formatted(self, value: float | None) -> str:
        """A value of this measure as text ("not defined" when there is none)."""
        if value is None:
            return "not defined"
        if self.unit == "share":
            return format_share(value)
        if self.unit == "hours":
            return f"{value:.1f} h"
        return f"{value:.1f}"


def _windows(
    end: date,
) -> tuple[tuple[pd.Timestamp, pd.Timestamp], tuple[pd.Timestamp, pd.Timestamp]]:
    """The latest window ``(end − 12 weeks, end]`` and the one before it, as (start, end) pairs."""
    span = timedelta(weeks=HEALTH_WINDOW_WEEKS)
    latest_end = pd.Timestamp(end)
    return (latest_end - span, latest_end), (latest_end - 2 * span, latest_end - span)


def _in_window(dates: pd.Series, window: tuple[pd.Timestamp, pd.Timestamp]) -> pd.Series:
    return (dates > window[0]) & (dates <= window[1])


def _activity_measures(part: pd.DataFrame) -> dict[str, float | None]:
    """The four activity/value measures over a span of weeks, pooling the weeks' counts."""
    hours = part["median_first_response_hours"].dropna()
    return {
        "active_share": safe_ratio(part["active_members"].sum(), part["members"].sum()),
        "interactions": safe_ratio(
            (part["posts"] + part["replies"]).sum(), part["active_members"].sum()
        ),
        "answered_share": safe_ratio(part["questions_answered"].sum(), part["questions"].sum()),
        "response_hours": float(hours.median()) if len(hours) else None,
    }


_ACTIVITY_MEASURES = (
    ("activity", "active_share", "Active share of members", "share", True),
    ("activity", "interactions", "Posts and replies per active member", "ratio", True),
    ("value", "answered_share", "Share of questions answered", "share", True),
    ("value", "response_hours", "Median first response (hours)", "hours", False),
)


def community_health(
    activity: pd.DataFrame | None, indexed: pd.DataFrame | None, end: date
) -> list[HealthMeasure]:
    """The health triad: activity and value from weekly counts, belonging from the survey.

    Each measure is computed over the latest :data:`HEALTH_WINDOW_WEEKS` weeks up to ``end`` and
    over the same span before. Weekly counts are pooled over a window (so a quiet week weighs
    less than a busy one); the first-response time is the median of the weekly medians. The
    belonging index uses respondents who answered within each window. Missing inputs leave
    their measures out; zero denominators give "not defined".
    """
    latest_window, previous_window = _windows(end)
    measures: list[HealthMeasure] = []
    if activity is not None:
        latest_part = activity[_in_window(activity["week"], latest_window)]
        previous_part = activity[_in_window(activity["week"], previous_window)]
        latest, previous = _activity_measures(latest_part), _activity_measures(previous_part)
        for pillar, key, label, unit, higher_is_better in _ACTIVITY_MEASURES:
            measures.append(
                HealthMeasure(
                    pillar,
                    label,
                    unit,
                    latest[key],
                    previous[key],
                    len(latest_part),
                    len(previous_part),
                    "weeks",
                    higher_is_better,
                )
            )
    if indexed is not None and "submitted_at" in indexed.columns:
        latest_part = indexed[_in_window(indexed["submitted_at"], latest_window)]
        previous_part = indexed[_in_window(indexed["submitted_at"], previous_window)]
        latest_index, previous_index = belonging_index(latest_part), belonging_index(previous_part)
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
            )
        )
    return measures


def weekly_health(activity: pd.DataFrame) -> pd.DataFrame:
    """Weekly activity and value measures for the trend charts (one row per week).

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
                activity["posts"] + activity["replies"], activity["active_members"]
            ).round(2),
            "Answered share": ratio(activity["questions_answered"], activity["questions"]).round(4),
            "Median first response (hours)": activity["median_first_response_hours"],
        }
    ).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# SPACES goals
# --------------------------------------------------------------------------------------------

MISSING_LINK = "(missing)"
_TRACE_LINKS = (("business_goal", "business goal"), ("program", "program"), ("metric", "metric"))


@dataclass(frozen=True)
class SpacesResult:
    """Community goals checked against the SPACES model and the company's stage."""

    stage: str
    goals: pd.DataFrame
    gaps: dict[str, list[str]]
    off_stage: list[str]
    unowned: list[str]
    checks: list[Check]

    def table(self) -> pd.DataFrame:
        """The goals with their objective, trace, progress and stage fit, for display."""
        return self.goals


def _blank(value: Any) -> bool:
    """True for a missing value (None, NaN, NA) or blank text."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or bool(pd.isna(value))


def _or_missing(value: Any) -> str:
    return MISSING_LINK if _blank(value) else str(value)


def _names(values: Sequence[str]) -> str:
    return ", ".join(f"“{value}”" for value in values)


def spaces_fit(goals: pd.DataFrame, stage: str) -> SpacesResult:
    """Check community goals: each traces to a business goal, program and metric; stage fit.

    Before product/market fit the community should drive Acquisition and Engagement (Product
    feedback fits too); at and after fit, Support and Success. Goals outside the stage's
    priorities are flagged, and so are objectives the stage needs that no goal owns.
    """
    needed = STAGE_NEEDS.get(stage, ())
    fitting = set(needed) | set(STAGE_ALSO_FITS.get(stage, ()))
    gaps: dict[str, list[str]] = {}
    off_stage: list[str] = []
    rows = []
    for goal in goals.itertuples(index=False):
        missing = [label for column, label in _TRACE_LINKS if _blank(getattr(goal, column))]
        if missing:
            gaps[goal.goal] = missing
        fits = goal.objective in fitting
        if not fits:
            off_stage.append(goal.goal)
        target = getattr(goal, "target", None)
        current = getattr(goal, "current", None)
        progress = None
        if not _blank(target) and not _blank(current):
            progress = safe_ratio(current, target)
        rows.append(
            {
                "Goal": goal.goal,
                "Objective": SPACES_LABELS.get(goal.objective, goal.objective),
                "Business goal": _or_missing(goal.business_goal),
                "Program": _or_missing(goal.program),
                "Metric": _or_missing(goal.metric),
                "Progress to target": format_share(progress),
                "Traces": "yes" if not missing else "missing " + ", ".join(missing),
                "Fits stage": "yes" if fits else "no",
            }
        )
    owned = set(goals["objective"])
    unowned = [objective for objective in needed if objective not in owned]
    table = pd.DataFrame(
        rows,
        columns=[
            "Goal",
            "Objective",
            "Business goal",
            "Program",
            "Metric",
            "Progress to target",
            "Traces",
            "Fits stage",
        ],
    )
    return SpacesResult(
        stage,
        table,
        gaps,
        off_stage,
        unowned,
        _spaces_checks(stage, needed, gaps, off_stage, unowned),
    )


def _spaces_checks(
    stage: str,
    needed: Sequence[str],
    gaps: Mapping[str, list[str]],
    off_stage: Sequence[str],
    unowned: Sequence[str],
) -> list[Check]:
    needed_names = " and ".join(SPACES_LABELS[o] for o in needed)
    if gaps:
        detail = "; ".join(f"“{goal}” lacks {', '.join(links)}" for goal, links in gaps.items())
        trace = Check("Every goal traces to a business goal, program and metric", "warn", detail)
    else:
        trace = Check(
            "Every goal traces to a business goal, program and metric",
            "pass",
            "each goal names the business goal it serves, its program and its metric",
        )
    if off_stage:
        fit = Check(
            "Goals fit the stage",
            "warn",
            f"at stage {stage} the priorities are {needed_names}; "
            f"outside them: {_names(off_stage)}",
        )
    else:
        fit = Check("Goals fit the stage", "pass", f"every goal serves a {stage} priority")
    if unowned:
        names = " and ".join(SPACES_LABELS[o] for o in unowned)
        cover = Check(
            "Objectives the stage needs have an owner",
            "fail" if len(unowned) == len(needed) else "warn",
            f"no goal drives {names}, which a {stage} company needs",
        )
    else:
        cover = Check(
            "Objectives the stage needs have an owner",
            "pass",
            f"goals cover {needed_names}",
        )
    return [trace, fit, cover]


# --------------------------------------------------------------------------------------------
# Launch readiness
# --------------------------------------------------------------------------------------------

_NO_COMMUNITY = (
    "company.yaml has no community section; add community: {owner, founding_members, channels} "
    "to assess the launch"
)


def launch_readiness(community: CommunityConfig | None, stage: str) -> list[Check]:
    """Check the launch like hosting a party: few founding members, few channels, a host.

    Founding members within :data:`FOUNDING_MEMBERS_RANGE` pass; outside it warn, and fail at
    zero or beyond :data:`LAUNCH_FAIL_FACTOR` times the upper bound. Channels up to
    :data:`MAX_LAUNCH_CHANNELS` pass, up to twice that warn, more (or none) fail. An owner
    passes; before fit the owner should be a founder (a community team warns); no owner fails.
    """
    names = ("Founding members", "Channels at launch", "Community owner")
    if community is None:
        return [Check(name, NOT_ASSESSED, _NO_COMMUNITY) for name in names]
    return [
        _founding_members_check(names[0], community.founding_members),
        _channels_check(names[1], community.channels),
        _owner_check(names[2], community.owner, stage),
    ]


def _founding_members_check(name: str, members: int | None) -> Check:
    low, high = FOUNDING_MEMBERS_RANGE
    if members is None:
        return Check(name, NOT_ASSESSED, "community.founding_members is not given in company.yaml")
    if low <= members <= high:
        return Check(name, "pass", f"{members} founding members is within {low}–{high}")
    if members == 0:
        return Check(name, "fail", "no founding members: nobody seeds the first conversations")
    if members < low:
        return Check(
            name,
            "warn",
            f"{members} founding members is fewer than {low}: too few to seed lively conversations",
        )
    status = "fail" if members > LAUNCH_FAIL_FACTOR * high else "warn"
    return Check(
        name,
        status,
        f"{members} founding members is more than {high}: too many to curate the early culture",
    )


def _channels_check(name: str, channels: int | None) -> Check:
    if channels is None:
        return Check(name, NOT_ASSESSED, "community.channels is not given in company.yaml")
    if channels == 0:
        return Check(name, "fail", "no channel: members have no space to meet")
    if channels <= MAX_LAUNCH_CHANNELS:
        return Check(name, "pass", f"{channels} channel(s), at most {MAX_LAUNCH_CHANNELS}")
    status = "fail" if channels > LAUNCH_FAIL_FACTOR * MAX_LAUNCH_CHANNELS else "warn"
    return Check(
        name,
        status,
        f"{channels} channels is more than {MAX_LAUNCH_CHANNELS}: conversations spread too thin",
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


@dataclass(frozen=True)
class Practice:
    """One trust & safety practice: its key in team_assessment.yaml, a label and the question."""

    key: str
    label: str
    question: str


#: The checklist, in the order it is asked (workshops reuse the questions).
TRUST_SAFETY_PRACTICES: tuple[Practice, ...] = (
    Practice(
        "code_of_conduct",
        "Code of conduct",
        "Do members see written house rules for how people treat each other?",
    ),
    Practice(
        "active_moderation",
        "Active moderation",
        "Does someone watch the community and act on problems within a day or so?",
    ),
    Practice(
        "harm_reporting",
        "A way to report harm",
        "Can a member report harassment or harm easily, and hear back about it?",
    ),
    Practice(
        "member_contact",
        "Members can reach each other",
        "Can members contact each other directly, not only through the company?",
    ),
    Practice(
        "shared_values",
        "Stated shared values",
        "Has the community written down the values its members share?",
    ),
    Practice(
        "no_ads_or_bait",
        "No ads or engagement bait",
        "Are community spaces free of ads and of posts designed only to get clicks?",
    ),
    Practice(
        "data_minimisation",
        "Only the data it needs",
        "Does the company collect only the member data it actually needs?",
    ),
)


def _answer(value: Any) -> str | None:
    """A checklist answer as yes/partly/no; YAML booleans count as yes/no; None when unusable."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value.strip().lower() in ANSWER_POINTS:
        return value.strip().lower()
    return None


@dataclass(frozen=True)
class TrustSafetyResult:
    """The team's checklist answers (``yes``/``partly``/``no``/``not assessed``) and the score."""

    answers: dict[str, str]
    unrecognised: dict[str, str] = field(default_factory=dict)

    @property
    def assessed(self) -> int:
        """How many practices were answered."""
        return sum(answer != NOT_ASSESSED for answer in self.answers.values())

    @property
    def score(self) -> float | None:
        """0–100: yes 1, partly ½, no 0, averaged over assessed practices (None if none)."""
        points = [ANSWER_POINTS[a] for a in self.answers.values() if a != NOT_ASSESSED]
        return None if not points else 100 * sum(points) / len(points)

    def checks(self) -> list[Check]:
        """One check per practice: yes passes, partly warns, no fails."""
        status = {"yes": "pass", "partly": "warn", "no": "fail", NOT_ASSESSED: NOT_ASSESSED}
        checks = []
        for practice in TRUST_SAFETY_PRACTICES:
            answer = self.answers[practice.key]
            reason = f"answered “{answer}”" if answer != NOT_ASSESSED else "no answer yet"
            if practice.key in self.unrecognised:
                reason = f"answer “{self.unrecognised[practice.key]}” is not one of yes, partly, no"
            checks.append(Check(practice.label, status[answer], f"{practice.question} ({reason})"))
        return checks

    def summary(self) -> str:
        """The score in one line, with how many practices it rests on."""
        total = len(TRUST_SAFETY_PRACTICES)
        if self.score is None:
            return f"Trust & safety score: not assessed (0 of {total} practices answered)."
        return (
            f"Trust & safety score: {self.score:.0f}/100 over the {self.assessed} of {total} "
            "practices answered (yes 1, partly ½, no 0)."
        )

    def table(self) -> pd.DataFrame:
        """Practice, question, answer and points, in checklist order."""
        return pd.DataFrame(
            [
                (
                    p.label,
                    p.question,
                    self.answers[p.key],
                    ANSWER_POINTS.get(self.answers[p.key]),
                )
                for p in TRUST_SAFETY_PRACTICES
            ],
            columns=["Practice", "Question", "Answer", "Points"],
        )


def trust_safety(team_assessment: Mapping[str, Any]) -> TrustSafetyResult:
    """Read the checklist from ``team_assessment['belonging']['practices']``.

    A practice with no answer is "not assessed" (not "no"); so is an answer that is not yes,
    partly or no (kept in ``unrecognised`` so the team can fix it).
    """
    section = team_assessment.get("belonging") if isinstance(team_assessment, Mapping) else None
    practices = section.get("practices") if isinstance(section, Mapping) else None
    if not isinstance(practices, Mapping):
        practices = {}
    answers: dict[str, str] = {}
    unrecognised: dict[str, str] = {}
    for practice in TRUST_SAFETY_PRACTICES:
        raw = practices.get(practice.key)
        answer = _answer(raw)
        if answer is None and raw is not None:
            unrecognised[practice.key] = str(raw)
        answers[practice.key] = answer or NOT_ASSESSED
    return TrustSafetyResult(answers, unrecognised)


# --------------------------------------------------------------------------------------------
# The assessment
# --------------------------------------------------------------------------------------------

#: What to do about the weakest subscale of the workbook's instrument (others get general advice).
SUBSCALE_ADVICE: dict[str, str] = {
    "trust": "Make the team dependable in public: answer openly, follow through on promises, "
    "and thank members who give honest help",
    "safety": "Make it safe to speak: welcome beginner questions, enforce the house rules "
    "visibly and answer every report of harm",
    "shared_values": "Write down with members what the community stands for, and celebrate the "
    "work that lives up to it",
    "membership": "Give newcomers a clear way in (a welcome thread, introductions) and help "
    "members meet each other directly",
    "influence": "Close the loop on members' ideas: show which suggestions changed the product "
    "and ask members before changing the community",
    "emotional_connection": "Create shared moments: regular events, member stories and small "
    "rituals that people look forward to",
}


def _format_estimate(estimate: Estimate) -> str:
    """ "72.4 (95% CI 70.1–74.7, n = 300)", or a plain "not defined"."""
    if estimate.value is None:
        return "not defined (no scored answers)"
    interval = ""
    if estimate.ci_low is not None and estimate.ci_high is not None:
        interval = f"95% CI {estimate.ci_low:.1f}–{estimate.ci_high:.1f}, "
    few = f"; fewer than {MIN_RELIABLE_N} answers, too few to trust" if estimate.too_few else ""
    return f"{estimate.value:.1f} ({interval}n = {estimate.n}{few})"


def _estimate_rows(
    estimates: Mapping[str, Estimate], first_column: str, names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 1)

    rows = [
        (
            (names or {}).get(key, key),
            rounded(e.value),
            rounded(e.ci_low),
            rounded(e.ci_high),
            e.n,
            "too few to trust" if e.too_few else "ok",
        )
        for key, e in estimates.items()
    ]
    return pd.DataFrame(rows, columns=[first_column, "Index", "CI low", "CI high", "n", "Reliable"])


@dataclass
class BelongingResult:
    """Everything the belonging assessment found for one company.

    ``index`` is the Belonging Index on the 0–100 scale (None without a usable survey);
    ``level`` is strong, developing, weak or "not assessed"; ``missing`` maps each input file
    that could not be used to the advice for adding it (the text of
    :meth:`Company.missing_message`, or why a loaded survey gave no index); ``inputs`` lists
    each input, its status and the part it feeds.
    """

    company: str
    stage: str
    instrument: Instrument | None
    respondents: int
    index: Estimate | None
    subscales: dict[str, Estimate]
    segments: dict[str, Estimate]
    segment_subscales: pd.DataFrame | None
    reliability: list[SubscaleReliability]
    health: list[HealthMeasure]
    weekly: pd.DataFrame | None
    spaces: SpacesResult | None
    launch_checks: list[Check]
    trust_safety: TrustSafetyResult
    level: Level
    level_reason: str
    weakest_subscale: str | None
    recommendations: list[Recommendation]
    missing: dict[str, str]
    inputs: pd.DataFrame = field(default_factory=pd.DataFrame)

    def subscale_label(self, subscale: str) -> str:
        """A subscale's display label (its id when there is no instrument)."""
        labels = {s.id: s.label for s in self.instrument.subscales} if self.instrument else {}
        return labels.get(subscale, subscale)

    def index_text(self) -> str:
        """The Belonging Index in one line, with interval and n."""
        if self.index is None:
            return "Belonging Index: not assessed."
        return f"Belonging Index: {_format_estimate(self.index)} on a 0–100 scale."

    def subscale_table(self) -> pd.DataFrame:
        """Index per subscale with 95% interval, n, the mean on the instrument's own scale."""
        if self.instrument is None:
            return _estimate_rows({}, "Subscale")
        names = {s.id: s.label for s in self.instrument.subscales}
        table = _estimate_rows(self.subscales, "Subscale", names)
        means, ranges = [], []
        for subscale in self.subscales:
            low, high = score_range(self.instrument, subscale)
            value = self.subscales[subscale].value
            means.append(
                None if value is None else round(low + value / INDEX_MAX * (high - low), 2)
            )
            ranges.append(f"{low:g}–{high:g}")
        table.insert(4, "Mean score", means)
        table.insert(5, "Possible scores", ranges)
        return table

    def segment_table(self) -> pd.DataFrame:
        """Belonging Index per segment (largest first) with 95% interval and n."""
        return _estimate_rows(self.segments, "Segment")

    def reliability_table(self) -> pd.DataFrame:
        """Cronbach's α per subscale and over all items, with band and warning."""
        rows = [
            (
                r.label,
                r.items,
                r.n,
                None if r.alpha is None else round(r.alpha, 2),
                r.band,
                f"below {ALPHA_WARNING_BELOW}" if r.warning else "",
            )
            for r in self.reliability
        ]
        return pd.DataFrame(
            rows, columns=["Subscale", "Items", "Complete answers", "Alpha", "Band", "Warning"]
        )

    def health_table(self) -> pd.DataFrame:
        """The triad: each measure now and in the 12 weeks before, with direction and verdict."""
        rows = [
            (
                m.pillar,
                m.measure,
                m.formatted(m.latest),
                m.formatted(m.previous),
                f"{m.latest_basis} / {m.previous_basis} {m.basis}",
                m.direction,
                m.verdict,
            )
            for m in self.health
        ]
        return pd.DataFrame(
            rows,
            columns=[
                "Pillar",
                "Measure",
                f"Latest {HEALTH_WINDOW_WEEKS} weeks",
                f"{HEALTH_WINDOW_WEEKS} weeks before",
                "Based on (latest / before)",
                "Direction",
                "Verdict",
            ],
        )

    def verdict_markdown(self) -> str:
        """The overall level and why, as Markdown (user text escaped)."""
        lines = [f"**{escape_text(self.company)}: belonging is {self.level}.**", ""]
        lines.append(escape_text(self.level_reason))
        if self.weakest_subscale is not None:
            estimate = self.subscales[self.weakest_subscale]
            lines += [
                "",
                f"Weakest subscale: **{escape_text(self.subscale_label(self.weakest_subscale))}**"
                f", index {escape_text(_format_estimate(estimate))}.",
            ]
        return "\n".join(lines)


def _level(index: Estimate | None, practices: TrustSafetyResult) -> tuple[Level, str]:
    """The overall level from the index, capped by the trust & safety score, and why."""
    if index is None or index.value is None:
        return "not assessed", (
            "No Belonging Index: without survey answers the level cannot be judged."
        )
    value = index.value
    level: Level = (
        "strong" if value >= STRONG_INDEX else "developing" if value >= DEVELOPING_INDEX else "weak"
    )
    reason = (
        f"The Belonging Index is {_format_estimate(index)}; {STRONG_INDEX:g} or more is strong, "
        f"{DEVELOPING_INDEX:g} or more developing, below that weak."
    )
    score = practices.score
    if level == "strong" and score is not None and score < TRUST_SAFETY_FOR_STRONG:
        level = "developing"
        reason += (
            f" Trust & safety practices score {score:.0f}/100, below the "
            f"{TRUST_SAFETY_FOR_STRONG:g} a strong level needs, so the level is developing."
        )
    if level == "strong" and score is None:
        reason += " Trust & safety practices are not assessed yet, so they could not confirm it."
    if index.too_few:
        reason += f" With fewer than {MIN_RELIABLE_N} answers, treat this as provisional."
    return level, reason


def _weakest(subscales: Mapping[str, Estimate]) -> str | None:
    defined = [
        (e.value, position, key)
        for position, (key, e) in enumerate(subscales.items())
        if e.value is not None
    ]
    return min(defined)[2] if defined else None


def _recommendations(result: BelongingResult) -> list[Recommendation]:
    """Up to :data:`MAX_RECOMMENDATIONS` actions, most pressing first, each tied to a finding.

    Priority: no survey; the weakest subscale and trust & safety basics answered "no"; failed
    launch checks; stage objectives nobody owns; goals off the stage; untraced goals and launch
    warnings; an unanswered checklist; unreliable subscales; worsening health measures.
    """
    found: list[tuple[int, str, str]] = []
    if result.index is None:
        because = result.missing.get(SURVEY_FILE, "there are no scored survey answers")
        found.append((0, "Survey members with the belonging instrument", because))
    weakest = result.weakest_subscale
    weakest_value = None if weakest is None else result.subscales[weakest].value
    if weakest is not None and weakest_value is not None and weakest_value < STRONG_INDEX:
        label = result.subscale_label(weakest)
        generic = f"Ask members what would strengthen {label.lower()} and test one change a month"
        because = (
            f"{label} is the weakest subscale, below {STRONG_INDEX:g}: index "
            f"{_format_estimate(result.subscales[weakest])}"
        )
        found.append((1, SUBSCALE_ADVICE.get(weakest, generic), because))
    practices = result.trust_safety
    missing_basics = [
        p.label.lower() for p in TRUST_SAFETY_PRACTICES if practices.answers[p.key] == "no"
    ]
    if missing_basics:
        found.append(
            (
                1,
                "Put the missing trust & safety basics in place: " + ", ".join(missing_basics),
                f"the team answered “no” for {len(missing_basics)} of "
                f"{len(TRUST_SAFETY_PRACTICES)} practices",
            )
        )
    for check in result.launch_checks:
        if check.status in ("fail", "warn"):
            priority = 2 if check.status == "fail" else 5
            found.append((priority, _LAUNCH_ACTIONS[check.name], check.reason))
    spaces = result.spaces
    if spaces is not None:
        stage_names = " and ".join(SPACES_LABELS[o] for o in STAGE_NEEDS.get(spaces.stage, ()))
        if spaces.unowned:
            names = " and ".join(SPACES_LABELS[o] for o in spaces.unowned)
            found.append(
                (
                    3,
                    f"Set a community goal for {names}, with a program and a metric",
                    f"a {spaces.stage} company needs it and no goal drives it",
                )
            )
        if spaces.off_stage:
            found.append(
                (
                    4,
                    "Check that goals outside the stage’s priorities still earn their place: "
                    + _names(spaces.off_stage),
                    f"at stage {spaces.stage} the community should mainly drive {stage_names}",
                )
            )
        if spaces.gaps:
            found.append(
                (
                    5,
                    "Complete each goal’s trace to a business goal, a program and a metric",
                    "goals with gaps: " + _names(list(spaces.gaps)),
                )
            )
    if practices.assessed == 0:
        found.append(
            (
                6,
                "Answer the trust & safety checklist as a team",
                "none of its practices is assessed yet in team_assessment.yaml",
            )
        )
    unreliable = [r.label for r in result.reliability if r.warning and r.subscale != TOTAL]
    if unreliable:
        found.append(
            (
                7,
                "Review the wording of the items in " + ", ".join(unreliable),
                f"their items do not hang together (Cronbach’s α below {ALPHA_WARNING_BELOW})",
            )
        )
    worsening = [m.measure.lower() for m in result.health if m.verdict == "worsening"]
    if worsening:
        found.append(
            (
                8,
                f"Find out what changed in the community over the last {HEALTH_WINDOW_WEEKS} weeks",
                "worsening: " + ", ".join(worsening),
            )
        )
    found.sort(key=lambda entry: entry[0])
    return [Recommendation(action, because) for _, action, because in found[:MAX_RECOMMENDATIONS]]


_LAUNCH_ACTIONS = {
    "Founding members": f"Relaunch around a core of {FOUNDING_MEMBERS_RANGE[0]}–"
    f"{FOUNDING_MEMBERS_RANGE[1]} hand-picked founding members who set the tone",
    "Channels at launch": f"Merge channels down to at most {MAX_LAUNCH_CHANNELS}, starting from "
    "one general space",
    "Community owner": "Name one owner for the community (a founder before product/market fit)",
}


UNSCORED_SURVEY = (
    f"belonging_survey.csv has no respondent who answered at least {MIN_ANSWERED_SHARE:.0%} of "
    "the items, so no Belonging Index can be computed; check that the answer columns are filled."
)


def _inputs_table(company: Company, practices: TrustSafetyResult) -> pd.DataFrame:
    """Each input of the assessment, whether it was usable, and the part it feeds."""

    def status(file: str, unit: str) -> str:
        frame = company.frame(file)
        state = company.sources.get(file, "missing")
        return f"{state} ({len(frame)} {unit})" if frame is not None else state

    community = "given" if company.config.community is not None else "not given"
    rows = [
        (SURVEY_FILE, status(SURVEY_FILE, "respondents"), "the members' voice and reliability"),
        (ACTIVITY_FILE, status(ACTIVITY_FILE, "weeks"), "community health: activity and value"),
        (GOALS_FILE, status(GOALS_FILE, "goals"), "goals and SPACES fit"),
        ("company.yaml: community", community, "launch readiness"),
        (
            "team_assessment.yaml: belonging practices",
            f"{practices.assessed} of {len(TRUST_SAFETY_PRACTICES)} answered",
            "trust & safety practices",
        ),
    ]
    return pd.DataFrame(rows, columns=["Input", "Status", "Feeds"])


def thresholds_table() -> pd.DataFrame:
    """Every threshold the assessment uses, in plain words (the notebook shows it)."""
    low, high = FOUNDING_MEMBERS_RANGE
    bands = ", ".join(f"≥ {bound:g} {label}" for bound, label in ALPHA_BANDS)
    rows = [
        (
            "Scored when at least this share of a scale's items is answered",
            f"{MIN_ANSWERED_SHARE:.0%}",
        ),
        ("Too few answers to trust below", f"{MIN_RELIABLE_N} respondents"),
        ("Strong belonging: Belonging Index at least", f"{STRONG_INDEX:g}"),
        ("Developing belonging: Belonging Index at least", f"{DEVELOPING_INDEX:g}"),
        ("Strong also needs a trust & safety score of at least", f"{TRUST_SAFETY_FOR_STRONG:g}"),
        ("Cronbach's α bands", f"{bands}, else {ALPHA_BAND_BELOW}"),
        ("Reliability warning below α", f"{ALPHA_WARNING_BELOW:g}"),
        (
            "Health windows",
            f"latest {HEALTH_WINDOW_WEEKS} weeks vs the {HEALTH_WINDOW_WEEKS} before",
        ),
        ("Steady when the change is within", f"{STEADY_WITHIN:.0%} of the earlier value"),
        ("Founding members at launch", f"{low}–{high}"),
        ("Channels at launch, at most", f"{MAX_LAUNCH_CHANNELS}"),
    ]
    return pd.DataFrame(rows, columns=["Threshold", "Value"])


def assess(company: Company) -> BelongingResult:
    """Run the belonging assessment on a loaded company; missing files leave their part out."""
    missing = {
        file: company.missing_message(file)
        for file in (SURVEY_FILE, ACTIVITY_FILE, GOALS_FILE)
        if company.missing_message(file)
    }
    instrument = company.instrument
    survey = company.belonging_survey
    indexed = None
    index = None
    subscales: dict[str, Estimate] = {}
    segments: dict[str, Estimate] = {}
    heatmap = None
    alphas: list[SubscaleReliability] = []
    if survey is not None and instrument is not None:
        indexed = index_scores(score_responses(survey, instrument), instrument)
        index = belonging_index(indexed)
        if index.value is None:
            index = None
            missing[SURVEY_FILE] = UNSCORED_SURVEY
        subscales = subscale_indices(indexed, instrument)
        segments = segment_indices(indexed)
        heatmap = segment_subscale_frame(indexed, instrument)
        alphas = reliability(survey, instrument)
    activity = company.community_activity
    goals = company.community_goals
    practices = trust_safety(company.team_assessment)
    level, reason = _level(index, practices)
    result = BelongingResult(
        company=company.name,
        stage=company.config.stage,
        instrument=instrument,
        respondents=0 if survey is None else len(survey),
        index=index,
        subscales=subscales,
        segments=segments,
        segment_subscales=heatmap,
        reliability=alphas,
        health=community_health(activity, indexed, company.as_of),
        weekly=None if activity is None else weekly_health(activity),
        spaces=None if goals is None else spaces_fit(goals, company.config.stage),
        launch_checks=launch_readiness(company.config.community, company.config.stage),
        trust_safety=practices,
        level=level,
        level_reason=reason,
        weakest_subscale=_weakest(subscales),
        recommendations=[],
        missing=missing,
        inputs=_inputs_table(company, practices),
    )
    result.recommendations = _recommendations(result)
    return result
