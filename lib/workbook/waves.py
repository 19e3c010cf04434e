"""Survey waves: how dated answers group into rounds of a survey, for every survey we read.

A survey sent out in rounds is read in **waves**: answer days no more than a few weeks apart
belong to one round. A survey that runs all the time never pauses that long, so its single
"wave" would hide any trend: such a survey is read in **calendar periods** instead (months, or
quarters when months are too thin). A **duplicate** is a second answer by the same respondent
within one wave; answers by the same person in different waves are a panel, and all are kept.
The loader (``io``), the belonging trend and the Sean Ellis trend use this one module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from workbook.rules import Rule
from workbook.stats import MIN_RELIABLE_N

WAVE_GAP_DAYS = Rule(
    "Survey waves",
    21,
    "answer days at most {value} days apart form one wave",
    "A survey sent out once collects answers over a few weeks; a longer pause means a new "
    "round of the survey.",
)
CONTINUOUS_AFTER_DAYS = Rule(
    "Continuous survey",
    45,
    "a wave spanning more than {value} days means the survey runs continuously",
    "No single round of a survey lasts that long: answers that never pause are read in calendar "
    "periods, so that a survey running all year still shows a trend.",
)
MIN_PERIOD_ANSWERS = Rule(
    "Calendar period",
    MIN_RELIABLE_N,
    "months when they average {value} answers or more, quarters otherwise",
    "A month with too few answers swings by chance; a quarter pools enough of them.",
)

Grouping = Literal["waves", "months", "quarters"]


@dataclass(frozen=True)
class WaveAssignment:
    """Each answer's wave number (1, 2, … in date order) and the rule that formed the waves."""

    numbers: pd.Series
    grouping: Grouping


def assign_waves(dates: pd.Series) -> WaveAssignment:
    """Group answer dates into waves (pauses of more than :data:`WAVE_GAP_DAYS`), or into
    calendar months or quarters when any wave spans more than :data:`CONTINUOUS_AFTER_DAYS`.

    Raises ValueError when a date is missing (the loader guarantees there is none).
    """
    days = pd.to_datetime(dates).dt.normalize()
    if days.isna().any():
        raise ValueError("every answer needs a submitted_at date to be placed in a wave")
    if days.empty:
        return WaveAssignment(pd.Series([], index=dates.index, dtype="int64", name="wave"), "waves")
    by_gaps = _gap_waves(days)
    spans = days.groupby(by_gaps.to_numpy()).agg(lambda d: (d.max() - d.min()).days)
    if spans.max() <= CONTINUOUS_AFTER_DAYS.value:
        return WaveAssignment(by_gaps, "waves")
    months = days.dt.to_period("M")
    per_month = len(days) / (months.max().ordinal - months.min().ordinal + 1)
    grouping: Grouping = "months" if per_month >= MIN_PERIOD_ANSWERS.value else "quarters"
    periods = months if grouping == "months" else days.dt.to_period("Q")
    ordinals = periods.map(lambda period: period.ordinal).astype("int64")
    numbers = pd.Series(
        pd.factorize(ordinals, sort=True)[0] + 1, index=dates.index, dtype="int64", name="wave"
    )
    return WaveAssignment(numbers, grouping)


def period_label(number: int, start: Any, end: Any, grouping: Grouping) -> str:
    """How a reader names one wave: a calendar period by the period itself ("2024 Q4",
    "Nov 2024"), a survey round by its number and its days ("Wave 2 · 3–21 Mar 2025")."""
    first = None if start is None or pd.isna(start) else pd.Timestamp(start)
    if first is None:
        return f"Wave {number}"
    if grouping == "months":
        return first.strftime("%b %Y")
    if grouping == "quarters":
        return f"{first.year} Q{first.quarter}"
    last = first if end is None or pd.isna(end) else pd.Timestamp(end)
    if first.normalize() == last.normalize():
        days = f"{first.day} {first:%b %Y}"
    elif (first.year, first.month) == (last.year, last.month):
        days = f"{first.day}–{last.day} {last:%b %Y}"
    elif first.year == last.year:
        days = f"{first.day} {first:%b}–{last.day} {last:%b %Y}"
    else:
        days = f"{first.day} {first:%b %Y}–{last.day} {last:%b %Y}"
    return f"Wave {number} · {days}"


def _gap_waves(days: pd.Series) -> pd.Series:
    """Wave numbers from pauses: a gap of more than the rule's days starts a new wave."""
    distinct, positions = np.unique(days.to_numpy(), return_inverse=True)
    gaps = np.diff(distinct) > np.timedelta64(WAVE_GAP_DAYS.value, "D")
    wave_of_day = np.concatenate([[1], 1 + np.cumsum(gaps)])
    return pd.Series(wave_of_day[positions].astype("int64"), index=days.index, name="wave")


def repeated_within_waves(frame: pd.DataFrame) -> pd.Series:
    """True for every answer that a later answer by the same respondent in the same wave
    replaces (the latest answer of each respondent in each wave is kept)."""
    waves = assign_waves(frame["submitted_at"]).numbers
    ordered = frame.assign(_wave=waves, _row=np.arange(len(frame))).sort_values(
        ["submitted_at", "_row"], kind="stable"
    )
    replaced = ordered.duplicated(["respondent_id", "_wave"], keep="last")
    return replaced.reindex(frame.index)
