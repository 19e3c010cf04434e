"""TTPMF numbers: the compute side of the assessment, and the frozen result it builds.

The numbers are computed in one module per concern, in one direction (each imports only the
ones before it): :mod:`~workbook.ttpmf.dates`, :mod:`~.survey` (the Sean Ellis score per wave
and segment), :mod:`~.trajectory` (trend and projection), :mod:`~.retention`,
:mod:`~.segments` (the segment that loves the product) and :mod:`~.timeline` (fit, status and
buffer). This module defines the :class:`TTPMFResult`, its plain ``figures`` and the evidence
behind its verdicts, and re-exports the names above so that ``compute.<name>`` keeps working.
Nothing here writes a sentence (see :mod:`~.wording`) or imports advice or presentation;
:func:`workbook.ttpmf.assess` wires them together. Thresholds come from
:mod:`workbook.ttpmf.rules`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd

from workbook.evidence import Evidence
from workbook.results import AssessmentResult, Recommendation
from workbook.stats import safe_ratio
from workbook.ttpmf import rules
from workbook.ttpmf.dates import (
    _maybe,
    add_calendar_months,
    as_date,
    calendar_months_between,
    date_at_month,
    months_between,
)
from workbook.ttpmf.retention import (
    RetentionAnalysis,
    RetentionBand,
    RetentionShape,
    analyse_retention,
    chained_average,
    min_retention_periods,
    retention_band,
    retention_shape,
)
from workbook.ttpmf.segments import (
    SegmentAnalysis,
    analyse_segments,
    count_phrases,
    normalize_phrase,
    phrases_of,
    segment_evidence,
    shares_a_phrase,
    short_quotes,
)
from workbook.ttpmf.survey import (
    SeanEllisScore,
    best_segment,
    fit_label,
    latest_answers,
    normalize_answers,
    sean_ellis,
    segment_scores,
    wave_scores,
)
from workbook.ttpmf.timeline import (
    FitFinding,
    FitTimeline,
    TimelineBasis,
    _wave_score,
    confirming_wave,
    deciding_waves,
    judge_timeline,
    judged_wave,
    read_fit,
)
from workbook.ttpmf.trajectory import (
    Doubt,
    Projection,
    ProjectionBasis,
    Trajectory,
    Trend,
    bootstrap_crossings,
    confirmation_share,
    crossing_months,
    fit_trend,
    left_out_waves,
    project_fit,
    projection_coverage,
    trend_doubt,
    trend_p_value,
    trend_waves,
    weighted_trend,
)
from workbook.waves import assign_waves

__all__ = [
    "RETENTION_FILE",
    "SURVEY_FILE",
    "BelongingReading",
    "Doubt",
    "FitFinding",
    "FitTimeline",
    "Projection",
    "ProjectionBasis",
    "RetentionAnalysis",
    "RetentionBand",
    "RetentionShape",
    "SeanEllisScore",
    "SegmentAnalysis",
    "TTPMFResult",
    "TimelineBasis",
    "Trajectory",
    "Trend",
    "add_calendar_months",
    "analyse_retention",
    "analyse_segments",
    "as_date",
    "assign_waves",
    "best_segment",
    "bootstrap_crossings",
    "calendar_months_between",
    "chained_average",
    "confirmation_share",
    "confirming_wave",
    "count_phrases",
    "crossing_months",
    "date_at_month",
    "deciding_waves",
    "figures",
    "fit_evidence",
    "fit_label",
    "fit_trend",
    "judge_timeline",
    "judged_wave",
    "latest_answers",
    "left_out_waves",
    "min_retention_periods",
    "months_between",
    "normalize_answers",
    "normalize_phrase",
    "phrases_of",
    "project_fit",
    "projection_coverage",
    "read_fit",
    "retention_band",
    "retention_shape",
    "sean_ellis",
    "segment_evidence",
    "segment_scores",
    "shares_a_phrase",
    "short_quotes",
    "time_evidence",
    "trend_doubt",
    "trend_evidence",
    "trend_p_value",
    "trend_waves",
    "wave_scores",
    "weighted_trend",
]


SURVEY_FILE = "pmf_survey.csv"
RETENTION_FILE = "retention.csv"


class BelongingReading(Protocol):
    """What this assessment reads from the belonging result (``workbook.belonging``)."""

    @property
    def status(self) -> str: ...  # strong, developing, weak or "not assessed"

    @property
    def recommendations(self) -> Sequence[Recommendation]: ...

    @property
    def level_evidence(self) -> Evidence | None: ...  # the wave behind the level (None: none)


@dataclass(frozen=True, kw_only=True)
class TTPMFResult(AssessmentResult):
    """The TTPMF assessment of one company, built once by :func:`assess`.

    Besides the shared protocol (``status`` from :data:`STATUSES`,
    ``summary``, ``figures``, ``checks``, ``recommendations``, ``missing``), the typed details:
    the ``timeline`` (always), the ``fit`` finding, the survey parts (``overall``,
    ``trajectory``, ``segments``, ``segment_analysis``; None without usable survey answers),
    ``retention`` (None without ``retention.csv``) and ``belonging_level`` (the belonging status
    the advice was checked against; None when it was not needed). ``missing`` says which of the
    two files to add or fix.

    ``figures``: ``waves`` (one dict per wave: wave, start, end, n, share, ci_low, ci_high,
    fit, in_trend), ``grouping`` (waves, months or quarters), ``fit`` (``confirmed`` /
    ``provisional`` / ``none``), ``fit_wave`` and ``fit_date`` (the first wave that confirmed
    fit and its last day), ``months_elapsed``, ``months_to_fit``, ``projected_fit_date``,
    ``projected_fit_range`` ([low, high], an end beyond the horizon as None; None without a
    projected date), ``trend_left_out`` (waves too small to steer the trend),
    ``retention_shape`` (a word of :data:`RETENTION_SHAPES`, None without retention data),
    ``buffer_months`` (calendar months), ``runway_left_months``, ``best_segment`` and
    ``belonging_level``.
    """

    company: str
    timeline: FitTimeline
    fit: FitFinding = field(default_factory=FitFinding)
    answers_after_as_of: int = 0
    overall: SeanEllisScore | None = None
    trajectory: Trajectory | None = None
    segments: pd.DataFrame | None = None
    segment_analysis: SegmentAnalysis | None = None
    retention: RetentionAnalysis | None = None
    belonging_level: str | None = None

    @property
    def latest_wave(self) -> SeanEllisScore | None:
        """The Sean Ellis score of the latest wave with answers."""
        if self.trajectory is None or self.trajectory.scored_waves.empty:
            return None
        return _wave_score(self.trajectory.scored_waves.iloc[-1])


def figures(
    timeline: FitTimeline,
    trajectory: Trajectory | None,
    fit: FitFinding,
    analysis: SegmentAnalysis | None,
    retention: RetentionAnalysis | None,
    belonging_level: str | None = None,
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
                "fit": row["fit"],
                "in_trend": bool(row["n"] >= rules.MIN_ANSWERS.value),
            }
            for row in waves
        ],
        "grouping": None if trajectory is None else trajectory.grouping,
        "fit": fit.level,
        "fit_wave": fit.wave,
        "fit_date": timeline.fit_date,
        "months_elapsed": float(timeline.elapsed_months),
        "months_to_fit": timeline.months_to_fit,
        "projected_fit_date": projected,
        "projected_fit_range": (
            None
            if projection is None or projected is None
            else [projection.low_date, projection.high_date]
        ),
        "trend_left_out": [] if trajectory is None else list(trajectory.left_out),
        "retention_shape": None if retention is None else retention.shape.verdict,
        "buffer_months": _maybe(timeline.buffer_months),
        "runway_left_months": _maybe(timeline.runway_left),
        "best_segment": None if analysis is None else analysis.segment,
        "belonging_level": belonging_level,
        "na_share": (
            None
            if trajectory is None
            else _maybe(
                safe_ratio(
                    float(trajectory.waves["na"].sum()),
                    float(trajectory.waves["na"].sum() + trajectory.waves["n"].sum()),
                )
            )
        ),
    }


def fit_evidence(fit: FitFinding) -> Evidence | None:
    """The evidence behind the fit verdict (:data:`MIN_ANSWERS`): the judged wave's distinct
    respondents and its Wilson interval, which decides only when it lies wholly on one side of
    the bar; None without answers."""
    score = fit.judged
    if score is None or score.ci_low is None or score.ci_high is None:
        return None
    bar = rules.FIT_THRESHOLD.value
    settled = score.ci_low >= bar or score.ci_high < bar
    return rules.MIN_ANSWERS.judge(
        score.n, decided=settled, interval=(score.ci_low, score.ci_high), unit="respondents"
    )


def trend_evidence(trajectory: Trajectory | None) -> Evidence | None:
    """The evidence behind a claimed rise of the share (:data:`TREND_TEST`): the respondents of
    the smallest wave the trend rests on, and whether the test shows the rise (overall and over
    the recent waves); None without a trend."""
    if trajectory is None or trajectory.trend is None:
        return None
    trend = trajectory.trend
    used = trajectory.trend_waves
    p_value = trend.p_value
    return rules.TREND_TEST.judge(
        int(used["n"].min()), decided=trend.rise_shown, p_value=p_value, unit="respondents"
    )


def time_evidence(
    timeline: FitTimeline, trajectory: Trajectory | None, fit: FitFinding
) -> Evidence | None:
    """The evidence the status rests on: the fit wave's when fit is reached, provisional or
    judged on one wave; the trend's when a trend decides."""
    if timeline.fit != "none" or trajectory is None or trajectory.trend is None:
        return fit_evidence(fit)
    return trend_evidence(trajectory)
