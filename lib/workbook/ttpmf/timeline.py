"""Fit and the time to it: the company's fit read from its waves (confirmed, provisional or
none, and its date), then the TTPMF status against the fit window, the runway and the marketing
buffer. Every outcome is a word and a date; :mod:`workbook.ttpmf.wording` says it in words."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

from workbook.ttpmf import rules
from workbook.ttpmf.dates import (
    add_calendar_months,
    as_date,
    calendar_months_between,
    months_between,
)
from workbook.ttpmf.rules import Fit, TTPMFStatus
from workbook.ttpmf.survey import SeanEllisScore
from workbook.ttpmf.trajectory import Projection, Trend

#: The rule of :func:`judge_timeline` that decided the status, in the order they are tried.
TimelineBasis = Literal[
    "confirmed",
    "no answers",
    "provisional past deadline",
    "provisional short runway",
    "provisional not rising",
    "provisional",
    "overdue",
    "decisive shortfall",
    "too few waves",
    "no path",
    "after deadline",
    "after runway",
    "doubt",
    "open range",
    "projected",
]


def runway_left(as_of: date, runway_end: date | None) -> float | None:
    """Calendar months of runway left at ``as_of`` (None without a runway end)."""
    return None if runway_end is None else calendar_months_between(as_of, runway_end)


@dataclass(frozen=True)
class FitFinding:
    """The company's fit read from its waves (see :data:`FIT_EVIDENCE` and :data:`FIT_DATE`).

    ``level`` is ``confirmed``, ``provisional`` or ``none``; ``judged`` is the score of the wave
    fit is judged on (``judged_wave`` its number; None without answers); ``wave`` is the first
    wave that confirmed fit and ``date`` its last day (confirmed fit only).
    """

    level: Fit = "none"
    judged: SeanEllisScore | None = None
    judged_wave: int | None = None
    wave: int | None = None
    date: date | None = None

    @property
    def adequate(self) -> bool:
        """True when the judged wave has enough answers (:data:`MIN_ANSWERS`) to carry a
        status: a provisional fit on fewer never turns the status green."""
        return self.judged is not None and self.judged.n >= rules.MIN_ANSWERS.value

    @property
    def decisive_shortfall(self) -> bool:
        """True when the judged wave's whole interval lies below the bar (:data:`REFUTED_FIT`)."""
        score = self.judged
        return (
            score is not None
            and score.ci_high is not None
            and score.ci_high < rules.FIT_THRESHOLD.value
        )


def _wave_score(row: pd.Series) -> SeanEllisScore:
    return SeanEllisScore.from_counts(
        int(row["very"]), int(row["somewhat"]), int(row["not"]), int(row["na"])
    )


def deciding_waves(waves: pd.DataFrame) -> pd.DataFrame:
    """The waves that can decide fit: those with enough answers (:data:`MIN_ANSWERS`) and those
    whose whole interval lies below the bar, however small (:data:`REFUTED_FIT`)."""
    below = waves["ci_high"].notna() & (waves["ci_high"] < rules.FIT_THRESHOLD.value)
    return waves[(waves["n"] >= rules.MIN_ANSWERS.value) | below]


def judged_wave(waves: pd.DataFrame) -> pd.Series | None:
    """The wave fit is judged on: the latest that can decide it (:func:`deciding_waves`), else
    the latest with any answers."""
    reliable = deciding_waves(waves)
    if not reliable.empty:
        return reliable.iloc[-1]
    scored = waves[waves["n"] > 0]
    return None if scored.empty else scored.iloc[-1]


def confirming_wave(waves: pd.DataFrame) -> pd.Series | None:
    """The first wave that confirms fit (:data:`CONFIRMED_FIT`) within the latest unbroken run of
    waves with enough answers at or above the bar, a run that reaches the latest such wave;
    None when there is no such wave."""
    bar = rules.FIT_THRESHOLD.value
    reliable = deciding_waves(waves)
    if reliable.empty or reliable["share"].iloc[-1] < bar:
        return None
    below = (reliable["share"] < bar).to_numpy()
    run = reliable.iloc[int(np.flatnonzero(below)[-1]) + 1 if below.any() else 0 :]
    confirmed = run[(run["ci_low"] >= bar) & (run["n"] >= rules.MIN_ANSWERS.value)]
    return None if confirmed.empty else confirmed.iloc[0]


def read_fit(waves: pd.DataFrame) -> FitFinding:
    """The company's fit under :data:`FIT_EVIDENCE`, dated under :data:`FIT_DATE`."""
    judged = judged_wave(waves)
    if judged is None:
        return FitFinding()
    score = _wave_score(judged)
    confirming = confirming_wave(waves)
    if confirming is not None:
        return FitFinding(
            "confirmed",
            score,
            int(judged["wave"]),
            int(confirming["wave"]),
            as_date(confirming["end"]),
        )
    level: Fit = "provisional" if score.share >= rules.FIT_THRESHOLD.value else "none"
    return FitFinding(level, score, int(judged["wave"]))


@dataclass(frozen=True)
class FitTimeline:
    """TTPMF: the months to fit (actual or projected), the status, and the marketing buffer.

    Status rules, in order: **reached** (fit confirmed; ``fit_date`` under :data:`FIT_DATE`);
    **insufficient data** (no wave with answers); provisional fit is judged on confirming it,
    never on a crossing: **at risk** past the 24-month mark or when the runway left is under
    the marketing buffer, **on track** otherwise; **overdue** (``as_of`` past the 24-month mark
    without fit); **insufficient data** (fewer than :data:`MIN_TREND_WAVES` waves with enough
    answers, no trend); **at risk** (no projected crossing, a crossing after the 24-month mark,
    or after the runway end); **on track** otherwise. The runway counts from ``as_of``; the
    buffer is the runway left, in calendar months, after the later of ``as_of`` and the fit
    date (confirmed fit), the as-of date itself (provisional fit) or the projected date.
    ``basis`` names the rule that decided the status; ``finding`` and ``trend`` are the facts
    it read. ``reason`` is the status in plain words, written by
    :func:`workbook.ttpmf.wording.timeline_reason` and filled in by :func:`workbook.ttpmf.assess`
    ("" on a timeline judged alone).
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
    buffer_months: float | None
    fit: Fit = "none"
    basis: TimelineBasis = "no answers"
    finding: FitFinding = field(default_factory=FitFinding)
    trend: Trend | None = None
    reason: str = ""

    @property
    def elapsed_months(self) -> float:
        """Months from the start to ``as_of``."""
        return months_between(self.started, self.as_of)

    @property
    def months_to_fit(self) -> float | None:
        """Months from the start to the fit date, when fit is confirmed."""
        return None if self.fit_date is None else months_between(self.started, self.fit_date)

    @property
    def projected_months_to_fit(self) -> float | None:
        """Months from the start to the projected crossing (None when reached or no crossing)."""
        return None if self.projection is None else self.projection.month

    @property
    def runway_left(self) -> float | None:
        """Calendar months of runway from ``as_of`` (None without a runway)."""
        return runway_left(self.as_of, self.runway_end)

    @property
    def buffer_flag(self) -> bool | None:
        """True when the marketing buffer is below :data:`MIN_MARKETING_BUFFER_MONTHS`."""
        if self.buffer_months is None:
            return None
        return self.buffer_months < rules.MIN_MARKETING_BUFFER_MONTHS.value

    @property
    def runway_short(self) -> bool:
        """True when the runway leaves less than :data:`MIN_MARKETING_BUFFER_MONTHS` after fit:
        after the actual, provisional or projected fit, or, with no fit date in sight, already
        from the as-of date (the buffer can only be shorter)."""
        left = self.buffer_months if self.buffer_months is not None else self.runway_left
        return left is not None and left < rules.MIN_MARKETING_BUFFER_MONTHS.value

    @property
    def buffer_after(self) -> str:
        """What the buffer counts from, in words."""
        if self.fit == "confirmed":
            return "fit"
        if self.fit == "provisional" or self.buffer_months is None:
            return "the as-of date"
        return "the projected fit"


def judge_timeline(
    started: date,
    as_of: date,
    runway_months: float | None,
    *,
    fit: FitFinding | None = None,
    waves: int,
    trend_waves: int | None = None,
    projection: Projection | None,
    trend: Trend | None = None,
) -> FitTimeline:
    """Apply the TTPMF status rules (see :class:`FitTimeline`) to dated facts.

    ``waves`` counts the waves with answers, ``trend_waves`` those with enough answers to steer
    the trend (default: ``waves``); ``trend`` is the share's trend (a provisional fit on two or
    more such waves is on track only while a test shows the share still rising).
    """
    fit = FitFinding() if fit is None else fit
    if fit.level == "provisional" and not fit.adequate:
        # Above the bar on too few answers: no evidence either way, never a green status.
        fit = FitFinding("none", fit.judged, fit.judged_wave)
    clock = _Clock(
        started=started,
        as_of=as_of,
        early_mark=add_calendar_months(started, rules.EARLY_FIT_MONTHS.value),
        deadline=add_calendar_months(started, rules.FIT_DEADLINE_MONTHS.value),
        runway_end=None if runway_months is None else add_calendar_months(as_of, runway_months),
    )
    trend_waves = waves if trend_waves is None else trend_waves
    if fit.level == "confirmed" and fit.date is not None:
        basis: TimelineBasis = "confirmed"
    elif waves == 0:
        basis = "no answers"
    elif fit.level == "provisional":
        basis = _provisional_basis(clock, trend, trend_waves)
    else:
        basis = _no_fit_basis(clock, fit, trend_waves, projection if fit.level == "none" else None)
    projected = projection.date if projection is not None and fit.level == "none" else None
    reference = {"confirmed": fit.date, "provisional": as_of}.get(fit.level, projected)
    buffer = None
    if clock.runway_end is not None and reference is not None:
        buffer = calendar_months_between(max(reference, as_of), clock.runway_end)
    return FitTimeline(
        started,
        as_of,
        runway_months,
        clock.runway_end,
        clock.early_mark,
        clock.deadline,
        fit.date if fit.level == "confirmed" else None,
        projection if fit.level == "none" else None,
        _STATUS_OF[basis],
        buffer,
        fit.level,
        basis,
        fit,
        trend,
    )


@dataclass(frozen=True)
class _Clock:
    """The dates a status is judged against."""

    started: date
    as_of: date
    early_mark: date
    deadline: date
    runway_end: date | None

    @property
    def runway_left(self) -> float | None:
        """Calendar months of runway from the as-of date (None without a runway)."""
        return runway_left(self.as_of, self.runway_end)

    @property
    def runway_short(self) -> bool:
        """True when the runway left is under :data:`MIN_MARKETING_BUFFER_MONTHS` already."""
        left = self.runway_left
        return left is not None and left < rules.MIN_MARKETING_BUFFER_MONTHS.value


def _provisional_basis(clock: _Clock, trend: Trend | None, trend_waves: int) -> TimelineBasis:
    """A provisional fit is judged on confirming it: the clock, the runway, the share's rise."""
    if clock.as_of > clock.deadline:
        return "provisional past deadline"
    if clock.runway_short:
        return "provisional short runway"
    if trend is not None and trend_waves >= rules.MIN_TREND_WAVES.value and not trend.rise_shown:
        return "provisional not rising"
    return "provisional"


def _no_fit_basis(
    clock: _Clock, fit: FitFinding, trend_waves: int, projection: Projection | None
) -> TimelineBasis:
    """Without fit: the clock, one decisive wave, too few waves, then the projection."""
    if clock.as_of > clock.deadline:
        return "overdue"
    if (
        trend_waves < rules.MIN_TREND_WAVES.value
        and fit.adequate
        and fit.decisive_shortfall
        and (clock.as_of >= clock.early_mark or clock.runway_short)
    ):
        return "decisive shortfall"
    if trend_waves < rules.MIN_TREND_WAVES.value:
        return "too few waves"
    projected = None if projection is None else projection.date
    if projection is None or projected is None:
        return "no path"
    if projected > clock.deadline:
        return "after deadline"
    if clock.runway_end is not None and projected > clock.runway_end:
        return "after runway"
    if projection.doubt is not None:
        return "doubt"
    if projection.high_date is None:
        return "open range"
    return "projected"


#: The status each rule of :func:`judge_timeline` gives.
_STATUS_OF: dict[TimelineBasis, TTPMFStatus] = {
    "confirmed": "reached",
    "no answers": "insufficient data",
    "provisional past deadline": "at risk",
    "provisional short runway": "at risk",
    "provisional not rising": "at risk",
    "provisional": "on track",
    "overdue": "overdue",
    "decisive shortfall": "at risk",
    "too few waves": "insufficient data",
    "no path": "at risk",
    "after deadline": "at risk",
    "after runway": "at risk",
    "doubt": "at risk",
    "open range": "at risk",
    "projected": "on track",
}
