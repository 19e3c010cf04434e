"""Scoring the belonging survey: answers to scores, scores to the 0–100 Belonging Index.

Reverse items are flipped, short answers prorated; the index comes with its interval (cut at the
ends of the scale) overall, per subscale and per segment. Numbers only: the sentences are written
in :mod:`workbook.belonging.wording` and :mod:`workbook.belonging.present`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbook.belonging import rules
from workbook.io import Instrument
from workbook.stats import Estimate, mean_interval

SURVEY_FILE = "belonging_survey.csv"
ACTIVITY_FILE = "community_activity.csv"
GOALS_FILE = "community_goals.csv"
DATA_FILES = (SURVEY_FILE, ACTIVITY_FILE, GOALS_FILE)
CONTEXT_COLUMNS = ("respondent_id", "submitted_at", "segment")
TOTAL = "total"
OTHER_SEGMENTS = "Other segments"
NO_SEGMENT = "(no segment)"


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
    means, counts = grouped.mean().to_dict(), grouped.count().to_dict()
    cells = []
    for segment in _segment_order(labels):
        for subscale in subscale_ids:
            n = int(counts[subscale][segment])
            value = None if n == 0 else float(means[subscale][segment])
            cells.append(SegmentSubscale(segment, subscale, value, n))
    return tuple(cells)
