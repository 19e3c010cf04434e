"""TTPMF recommendations: advice tied to findings, each with a severity on the shared scale.

CRITICAL when the company is losing months or runway (overdue, or too little runway left after
fit), HIGH when a finding undermines the verdict (no survey, a single wave, a stalled or slow
pace, retention that keeps falling), MEDIUM for gaps to close this quarter (the segment that
stands out, what holds fans-to-be back), LOW for the next natural step (marketing after fit).
Reasons are plain sentences; the most severe come first (:func:`workbook.results.rank`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbook import format as fmt
from workbook.differentiation import rules as reinvention
from workbook.results import Recommendation, Severity, rank
from workbook.ttpmf import rules

if TYPE_CHECKING:
    from workbook.ttpmf.compute import (
        FitTimeline,
        RetentionAnalysis,
        SegmentAnalysis,
        Trajectory,
        Trend,
    )


def recommend(
    *,
    timeline: FitTimeline,
    trajectory: Trajectory | None,
    segment_analysis: SegmentAnalysis | None,
    retention: RetentionAnalysis | None,
) -> tuple[Recommendation, ...]:
    """The most severe pieces of advice tied to findings (see the module docstring), ranked:
    missing evidence, a thin buffer, a slow or stalled pace, falling retention, then what to
    do with fit or with the segment and benefits that stand out."""
    advice: list[Recommendation] = []
    if trajectory is None:
        advice.append(
            Recommendation(
                Severity.HIGH,
                "Run the Sean Ellis survey in waves (every month or two) to active users",
                "Without survey answers the time to fit cannot be measured or projected.",
            )
        )
    elif timeline.status == "insufficient data":
        advice.append(
            Recommendation(
                Severity.HIGH,
                "Run a second survey wave to see which way the share moves",
                "One wave shows where you are, not how fast you are getting closer to fit.",
            )
        )
    if timeline.buffer_flag:
        after = "fit" if timeline.fit_date is not None else "the projected fit"
        advice.append(
            Recommendation(
                Severity.CRITICAL,
                "Shorten the road to fit (narrow to the segment that loves the product) or "
                "extend the runway",
                f"Only {fmt.number(timeline.buffer_months)} months of runway remain after "
                f"{after}, fewer than the {rules.MIN_MARKETING_BUFFER_MONTHS.value} wanted to "
                "optimise marketing.",
            )
        )
    advice += _pace(timeline, trajectory)
    shape = retention.shape if retention is not None else None
    if shape is not None and shape.verdict in ("keeps falling", "falls to zero"):
        advice.append(
            Recommendation(
                Severity.HIGH,
                "Find out why every cohort keeps leaving before pushing acquisition",
                _retention_reason(retention),
            )
        )
    elif timeline.status == "reached" and not timeline.buffer_flag:
        runway = (
            f"; {fmt.number(timeline.buffer_months, 0)} months of runway remain"
            if timeline.buffer_months is not None
            else ""
        )
        advice.append(
            Recommendation(
                Severity.LOW,
                "Move effort to marketing optimisation and to scaling the channels that work",
                f"Fit was reached {fmt.number(timeline.months_to_fit)} months after the "
                f"start{runway}.",
            )
        )
    advice += _segment_advice(segment_analysis)
    return rank(advice)


def _pace(timeline: FitTimeline, trajectory: Trajectory | None) -> list[Recommendation]:
    """Advice when fit is late or at risk: reinvent when the share stalls, else speed up."""
    if timeline.status not in ("at risk", "overdue"):
        return []
    severity = Severity.CRITICAL if timeline.status == "overdue" else Severity.HIGH
    trend = trajectory.trend if trajectory is not None else None
    if trend is None or not trend.rising:
        return [
            Recommendation(
                severity,
                f"Reinvent the {fmt.share(reinvention.TARGET_SHARE.value)} of the product that "
                "matters most to your best users, keeping the rest",
                f"The share is {_trend_words(trend)} and fit is not reached "
                f"(status: {timeline.status}).",
            )
        ]
    return [
        Recommendation(
            severity,
            "Speed up: put the roadmap behind what fans value and what holds the somewhat "
            "disappointed back",
            timeline.reason,
        )
    ]


def _segment_advice(analysis: SegmentAnalysis | None) -> list[Recommendation]:
    """Double down on the segment that stands out; fix what holds back fans-to-be."""
    if analysis is None:
        return []
    advice = []
    score = analysis.segment_score
    if score is not None and analysis.stands_out:
        advice.append(
            Recommendation(
                Severity.MEDIUM,
                f"Double down on the “{analysis.segment}” segment: aim acquisition and the "
                "roadmap at them",
                f"{fmt.share(score.share)} of them would be very disappointed without the "
                f"product ({fmt.interval(score.ci_low, score.ci_high)}), against "
                f"{fmt.share(analysis.overall.share)} overall.",
            )
        )
    if not analysis.improvement_words.empty:
        themes = ", ".join(analysis.improvement_words["term"].head(rules.IMPROVEMENT_THEMES.value))
        advice.append(
            Recommendation(
                Severity.MEDIUM,
                f"Fix what holds back users who value what fans value ({themes})",
                f"These are the most common improvement words of the {analysis.held_back} "
                "somewhat disappointed respondents who name the benefit fans name most.",
            )
        )
    return advice


def _retention_reason(retention: RetentionAnalysis) -> str:
    """The retention finding behind the advice, in one plain sentence."""
    shape = retention.shape
    if shape.verdict == "falls to zero":
        return "The average retention curve falls to zero: the cohorts keep no users."
    return (
        f"The average retention curve keeps falling: it loses "
        f"{fmt.points(-shape.change_per_period, 1)} per period over the last "
        f"{rules.FLAT_PERIODS.value} periods, now at {fmt.share(shape.last, 1)}."
    )


def _trend_words(trend: Trend | None) -> str:
    if trend is None:
        return "not yet measurable as a trend"
    return f"flat or falling ({fmt.signed_points(trend.per_year)} a year)"
