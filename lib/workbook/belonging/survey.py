"""Survey waves: how the survey's answers group into waves, and the index of each wave.

The latest adequate wave gives the current state of belonging; every wave's index forms the
belonging trend (see :mod:`workbook.waves` for the grouping rules).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from workbook import window
from workbook.belonging import rules
from workbook.belonging.scoring import TOTAL, belonging_index
from workbook.evidence import Evidence, welch_p
from workbook.stats import Estimate
from workbook.waves import Grouping, WaveAssignment, assign_waves


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
