"""TTPMF recommendations: advice tied to findings, each with a severity and a topic.

Severities are the shared scale: CRITICAL when the company is losing months or runway (overdue,
or too little runway left after fit: the "Overdue with a short runway" rule of
:data:`workbook.coherence.CROSS_RULES`), HIGH when a finding undermines the verdict (no survey,
a single wave, a provisional fit to confirm, a stalled or slow pace, retention that is no real
retention, a community that cannot hold the users scaling would bring), MEDIUM for gaps to close
this quarter (the segment that stands out, what holds fans-to-be back), LOW for the next natural
step (marketing and scaling after confirmed fit).

Topics are keys of :data:`workbook.coherence.TOPICS`. Advice to scale (topic ``scale``) follows
:data:`~workbook.ttpmf.rules.SCALING_NEEDS`: fit confirmed, belonging not weak (strong for a
product that lives on network effects) and no advice of the belonging assessment that
contradicts scaling. Otherwise the finding that holds scaling back is advised instead: confirm
a provisional fit (strengthening the community at the same time when belonging is weak), or
rebuild / strengthen the community. Reasons are plain sentences; the most severe come first
(:func:`workbook.results.rank`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from workbook import coherence
from workbook import format as fmt
from workbook.differentiation import rules as reinvention
from workbook.evidence import Evidence
from workbook.results import Recommendation, Severity, rank
from workbook.ttpmf import rules
from workbook.ttpmf.wording import timeline_reason

if TYPE_CHECKING:
    from workbook.ttpmf.compute import (
        BelongingReading,
        FitTimeline,
        RetentionAnalysis,
        RetentionBand,
        SegmentAnalysis,
        Trajectory,
        Trend,
    )

SCALE = "scale"
#: Belonging statuses under which a networked product rebuilds its community before growth.
REBUILD_LEVELS = ("weak", "not assessed")


def recommend(
    *,
    timeline: FitTimeline,
    trajectory: Trajectory | None,
    segment_analysis: SegmentAnalysis | None,
    retention: RetentionAnalysis | None,
    belonging: BelongingReading | None = None,
    network_effects: bool = False,
    fit_evidence: Evidence | None = None,
    trend_evidence: Evidence | None = None,
    retention_band: RetentionBand | None = None,
) -> tuple[Recommendation, ...]:
    """The most severe pieces of advice tied to findings (see the module docstring), ranked:
    missing evidence, a short runway, a slow or stalled pace, weak retention, then what to do
    with fit (confirm it, hold scaling for the community, or scale), then the segment.

    Each piece carries the evidence that triggered it (``fit_evidence`` for advice on fit and
    the runway, ``trend_evidence`` for advice on the pace, the segment's test for the segment).
    Advice whose premise the data does not meet is not given: narrowing to a segment only when
    one stands out by test, scaling only with retention data that holds, acquisition only while
    cohorts do not leak."""
    advice: list[Recommendation] = []
    status_evidence = fit_evidence if timeline.fit != "none" else trend_evidence or fit_evidence
    narrow = segment_analysis is not None and segment_analysis.stands_out
    if trajectory is None:
        advice.append(
            Recommendation(
                Severity.HIGH,
                "Run the Sean Ellis survey in waves (every month or two) to active users",
                "Without survey answers the time to fit cannot be measured or projected.",
                "measure",
            )
        )
    elif timeline.status == "insufficient data":
        advice.append(
            Recommendation(
                Severity.HIGH,
                f"Run survey waves of at least {rules.MIN_ANSWERS.value} active users to see "
                "which way the share moves",
                timeline_reason(timeline),
                "measure",
                fit_evidence,
            )
        )
    advice += [replace(r, evidence=status_evidence) for r in _runway(timeline, narrow)]
    advice += [replace(r, evidence=trend_evidence) for r in _pace(timeline, trajectory)]
    shape = retention.shape if retention is not None else None
    below_band = retention_band is not None and retention_band.level == "below good"
    weak_retention = (shape is not None and shape.weak) or below_band
    why = None
    if retention is not None and retention.shape.weak:
        why = _retention_reason(retention)
    elif retention_band is not None and below_band:
        why = _band_reason(retention_band)
    if why is not None:
        advice.append(
            Recommendation(
                Severity.HIGH,
                "Find out why every cohort keeps leaving before pushing acquisition",
                why,
                "retention",
            )
        )
    held = shape is not None and shape.flattening is True
    advice += [
        replace(r, evidence=fit_evidence)
        for r in _next_step(timeline, belonging, network_effects, weak_retention, held)
    ]
    advice += _segment_advice(segment_analysis, timeline.fit, weak_retention)
    return rank(advice)


def _runway(timeline: FitTimeline, narrow: bool = False) -> list[Recommendation]:
    """The "Overdue with a short runway" rule, and a thin buffer after (projected) fit. Narrowing
    to a segment is named only when one stands out by test (``narrow``)."""
    wanted = rules.MIN_MARKETING_BUFFER_MONTHS.value
    shorten = (
        "shorten the road to fit (narrow to the segment that loves the product)"
        if narrow
        else "shorten the road to fit (reinvent what matters most to your best users)"
    )
    if timeline.status in ("overdue", "at risk") and timeline.runway_short:
        left = (
            timeline.buffer_months if timeline.buffer_months is not None else timeline.runway_left
        )
        return [
            Recommendation(
                Severity.CRITICAL,
                f"Extend the runway or {shorten}",
                f"Fit is {timeline.status} and only {fmt.number(left)} months of runway remain "
                f"after {timeline.buffer_after}, fewer than the {wanted} wanted to optimise "
                "marketing after fit.",
                "runway",
            )
        ]
    if not timeline.buffer_flag:
        return []
    if timeline.status == "reached":
        title = "Extend the runway before scaling: raise or cut burn now"
    else:
        title = f"{shorten[:1].upper()}{shorten[1:]} or extend the runway"
    return [
        Recommendation(
            Severity.CRITICAL,
            title,
            f"Only {fmt.number(timeline.buffer_months)} months of runway remain after "
            f"{timeline.buffer_after}, fewer than the {wanted} wanted to optimise marketing.",
            "runway",
        )
    ]


def _pace(timeline: FitTimeline, trajectory: Trajectory | None) -> list[Recommendation]:
    """Advice when fit (none yet) is late or at risk: reinvent when the share stalls, else speed
    up. A provisional fit is confirmed instead (see :func:`_next_step`)."""
    if timeline.status not in ("at risk", "overdue") or timeline.fit != "none":
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
                "reach-fit",
            )
        ]
    return [
        Recommendation(
            severity,
            "Speed up: put the roadmap behind what fans value and what holds the somewhat "
            "disappointed back",
            timeline_reason(timeline),
            "reach-fit",
        )
    ]


def blocks_scaling(belonging: BelongingReading | None) -> bool:
    """True when the belonging assessment itself advises something that contradicts scaling
    (strengthening or rebuilding the community first)."""
    if belonging is None:
        return False
    probe = Recommendation(Severity.LOW, "", "", SCALE)
    return bool(coherence.contradictions([probe, *belonging.recommendations]))


def belonging_is_provisional(belonging: BelongingReading | None) -> bool:
    """True when the belonging level rests on a wave too thin to carry it: such a level unlocks
    nothing downstream (for a network-effect product, no scaling)."""
    evidence = None if belonging is None else getattr(belonging, "level_evidence", None)
    return evidence is not None and not evidence.sufficient


def belonging_evidence_note(belonging: BelongingReading | None) -> str:
    """The plain-words note of the evidence behind the belonging level."""
    evidence = None if belonging is None else getattr(belonging, "level_evidence", None)
    return "" if evidence is None else evidence.note


def _next_step(
    timeline: FitTimeline,
    belonging: BelongingReading | None,
    network_effects: bool,
    weak_retention: bool,
    retention_holds: bool = True,
) -> list[Recommendation]:
    """What to do with fit, under the cross-assessment rules (:data:`SCALING_NEEDS`); scaling
    also needs retention data whose curve holds (``retention_holds``)."""
    level = None if belonging is None else belonging.status
    if timeline.fit == "provisional":
        return _confirm_fit(timeline, level)
    if timeline.fit != "confirmed" or timeline.runway_short or weak_retention:
        return []
    return _scale_or_hold(timeline, belonging, network_effects, retention_holds)


def _confirm_fit(timeline: FitTimeline, level: str | None) -> list[Recommendation]:
    """A provisional fit is confirmed first (with the community strengthened when it is weak)."""
    if level == "weak":
        return [
            Recommendation(
                Severity.HIGH,
                "Strengthen the community while you confirm fit with the next survey wave; "
                "do not scale yet",
                "Fit is provisional and belonging is weak: a community that cannot hold "
                "people yet would lose the users that scaling brings.",
                "strengthen-community",
            )
        ]
    return [
        Recommendation(
            Severity.HIGH,
            f"Confirm fit with the next survey wave (at least {rules.MIN_ANSWERS.value} "
            "active users) before scaling",
            timeline_reason(timeline),
            "confirm-fit",
        )
    ]


def _scale_or_hold(
    timeline: FitTimeline,
    belonging: BelongingReading | None,
    network_effects: bool,
    retention_holds: bool,
) -> list[Recommendation]:
    """After confirmed fit: rebuild or strengthen the community, measure retention, or scale."""
    level = None if belonging is None else belonging.status
    thin = belonging_is_provisional(belonging)
    if network_effects and (level is None or level in REBUILD_LEVELS or thin):
        if thin and level not in REBUILD_LEVELS:
            measured = f"read from too few answers ({belonging_evidence_note(belonging)})"
        else:
            measured = "not measured" if level in (None, "not assessed") else "weak"
        return [
            Recommendation(
                Severity.HIGH,
                "Rebuild the community before spending on growth (see the Belonging assessment)",
                f"Fit is confirmed, but the product lives on network effects and belonging is "
                f"{measured}: new users would find no community to join.",
                "rebuild-community",
            )
        ]
    if level == "weak" or (network_effects and level != "strong") or blocks_scaling(belonging):
        if level == "weak" or network_effects:
            why = f"belonging is {level}" + (
                " and the product lives on network effects" if network_effects else ""
            )
        else:
            why = "the belonging assessment advises strengthening the community first"
        return [
            Recommendation(
                Severity.HIGH if level == "weak" else Severity.MEDIUM,
                "Strengthen the community before scaling (see the Belonging assessment)",
                f"Fit is confirmed, but {why}: growth spending would pour users into a "
                "community that does not hold them yet.",
                "strengthen-community",
            )
        ]
    if not retention_holds:
        return [
            Recommendation(
                Severity.MEDIUM,
                "Measure retention by monthly cohort before scaling",
                f"Fit was confirmed {fmt.number(timeline.months_to_fit)} months after the start, "
                "but there is no retention curve long enough to show that users stay: scaling "
                "on a Sean Ellis share alone could pour users into a product they leave.",
                "measure",
            )
        ]
    runway = (
        f"; {fmt.number(timeline.buffer_months, 0)} months of runway remain"
        if timeline.buffer_months is not None
        else ""
    )
    community = "" if level is None else f", and belonging is {level}"
    return [
        Recommendation(
            Severity.LOW,
            "Move effort to marketing optimisation and to scaling the channels that work",
            f"Fit was confirmed {fmt.number(timeline.months_to_fit)} months after the "
            f"start{runway}{community}.",
            SCALE,
        )
    ]


def _segment_advice(
    analysis: SegmentAnalysis | None, fit: str, weak_retention: bool = False
) -> list[Recommendation]:
    """Double down on the segment that stands out by test (:data:`SEGMENT_TEST`); before
    confirmed fit, fix what holds back fans-to-be (after it, the segment is where acquisition
    aims, unless cohorts keep leaving: then acquisition waits)."""
    if analysis is None:
        return []
    advice = []
    score = analysis.segment_score
    if score is not None and analysis.stands_out:
        acquire = fit == "confirmed" and not weak_retention
        evidence = analysis.evidence
        tested = (
            ""
            if evidence is None or evidence.p_value is None
            else f" (p = {evidence.p_value:.2g}, {rules.SEGMENT_TEST.test})"
        )
        advice.append(
            Recommendation(
                Severity.MEDIUM,
                f"Double down on the “{analysis.segment}” segment: aim "
                f"{'acquisition and ' if acquire else ''}the roadmap at them",
                f"{fmt.share(score.share)} of its {score.n} respondents would be very "
                f"disappointed without the product ({fmt.interval(score.ci_low, score.ci_high)}),"
                f" against {fmt.share(analysis.overall.share)} of all {analysis.overall.n} "
                f"respondents, each counted once{tested}.",
                "acquisition" if acquire else "reach-fit",
                evidence,
            )
        )
    if fit != "confirmed" and not analysis.improvement_phrases.empty:
        top = analysis.improvement_phrases["term"].head(rules.IMPROVEMENT_THEMES.value)
        themes = "; ".join(f"“{phrase}”" for phrase in top)
        advice.append(
            Recommendation(
                Severity.MEDIUM,
                f"Fix what holds back users who value what fans value ({themes})",
                f"These are the most common improvement phrases of the {analysis.held_back} "
                "somewhat disappointed respondents who name a benefit the fans name most.",
                "reach-fit",
            )
        )
    return advice


def _retention_reason(retention: RetentionAnalysis) -> str:
    """The retention finding behind the advice, in one plain sentence."""
    shape = retention.shape
    if shape.verdict == "falls to zero":
        return "The average retention curve falls to zero: the cohorts keep no users."
    if shape.verdict == "flattens low":
        return (
            f"The average retention curve levels off at {fmt.share(shape.last, 1)}, below the "
            f"{fmt.share(rules.RETENTION_FLOOR.value)} floor: almost every user leaves, and the "
            "few who stay are too few to build on."
        )
    return (
        f"The average retention curve keeps falling: it loses "
        f"{fmt.points(-(shape.change_per_period or 0.0), 1)} per period over the last "
        f"{rules.FLAT_PERIODS.value} periods, now at {fmt.share(shape.last, 1)}."
    )


def _band_reason(band: RetentionBand) -> str:
    """The benchmark finding behind the retention advice, in one plain sentence."""
    return (
        f"At period {rules.RETENTION_MONTH.value} the average curve keeps "
        f"{fmt.share(band.value, 1)}, below the {fmt.share(band.good)} that Lenny Rachitsky and "
        f"Casey Winters' benchmarks call good for {band.model}."
    )


def _trend_words(trend: Trend | None) -> str:
    if trend is None:
        return "not yet measurable as a trend"
    return f"flat or falling ({fmt.signed_points(trend.per_year)} a year)"
