"""TTPMF presentation: the company's verdict texts, its tables and the section findings.

Every function takes computed objects (the :class:`~workbook.ttpmf.compute.TTPMFResult` or one
of its parts) and returns a pandas table or Markdown text. Numbers become text through
:mod:`workbook.format` only; thresholds are read from :mod:`workbook.ttpmf.rules`. The prose
that states the rules is in :mod:`~workbook.ttpmf.prose` (re-exported here for the notebook),
the sentences on the trajectory and status in :mod:`~workbook.ttpmf.wording`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from workbook import format as fmt
from workbook import waves as survey_waves
from workbook.present import Findings, first_sentence, mark_svg, paragraph_starting
from workbook.ttpmf import rules
from workbook.ttpmf.compute import (
    RetentionAnalysis,
    min_retention_periods,
    months_between,
    projection_coverage,
)
from workbook.ttpmf.prose import (  # noqa: F401 (the notebook reads the rule prose here)
    _bar,
    _confidence,
    _scaled,
    fit_rule_text,
    grouping_rule_text,
    retention_intro,
    sean_ellis_intro,
    segments_intro,
    shape_meaning,
    status_intro,
    survivorship_rule_text,
    thresholds_markdown,
    thresholds_table,
    time_to_fit_intro,
    timeline_intro,
    trajectory_intro,
)
from workbook.ttpmf.wording import (
    clocks_sentence,
    left_out_text,
    per_year_text,
    projection_reason,
    provisional_reason,
    timeline_reason,
)

if TYPE_CHECKING:
    from workbook.io import Company
    from workbook.ttpmf.compute import FitTimeline, TTPMFResult


def grouping_text(grouping: str) -> str:
    """Which grouping this company's survey was read in, as a sentence."""
    return {
        "waves": "This survey was sent out in rounds, so its answers are read in survey waves.",
        "months": "This survey runs continuously, so its answers are read in calendar months "
        "(each row below is a month).",
        "quarters": "This survey runs continuously with few answers a month, so its answers "
        "are read in calendar quarters (each row below is a quarter).",
    }[grouping]


# --------------------------------------------------------------------------------------------
# The header and the verdict texts
# --------------------------------------------------------------------------------------------


def header(company: Company, result: TTPMFResult) -> str:
    """The company, its stage, dates and runway, in one Markdown line."""
    timeline = result.timeline
    runway = (
        f"{fmt.compact(timeline.runway_months)} months from the as-of date."
        if timeline.runway_months is not None
        else "not given."
    )
    return (
        f"**{fmt.escape(company.name)}**, stage `{company.config.stage}`: started "
        f"{fmt.day(timeline.started)}, data as of {fmt.day(timeline.as_of)} "
        f"({fmt.number(timeline.elapsed_months)} months in), runway {runway}"
    )


def _survey_missing(result: TTPMFResult) -> str:
    return result.missing.get("pmf_survey.csv", "")


def score_markdown(result: TTPMFResult) -> str:
    """How the answers were grouped, the latest wave's score and the company's fit, in Markdown
    (or which file to add)."""
    if result.trajectory is None:
        return _survey_missing(result)
    latest = result.latest_wave
    grouping = grouping_text(result.trajectory.grouping)
    if latest is None:
        return f"{grouping} Every answer so far is N/A (no longer uses the product): no score yet."
    text = (
        f"{grouping}\n\n**Latest wave:** {fmt.share(latest.share, 1)} very disappointed "
        f"({_confidence()} interval {fmt.interval(latest.ci_low, latest.ci_high)}, "
        f"{latest.n} answers, {latest.na} N/A left out), reading **{latest.fit}**."
    )
    if latest.too_few:
        text += f" Fewer than {rules.MIN_ANSWERS.value} answers: treat this wave as a hint only."
    text += f" **Fit: {result.fit.level}.** " + fit_sentence(result)
    if result.answers_after_as_of:
        text += (
            f" {result.answers_after_as_of} answer(s) dated after "
            f"{fmt.day(result.timeline.as_of)} were left out."
        )
    return text


def fit_sentence(result: TTPMFResult) -> str:
    """The company's fit in one or two sentences, with the one fit-date definition."""
    fit = result.fit
    if fit.level == "confirmed":
        return (
            f"Wave {fit.wave} confirmed it, so fit is dated {fmt.day(fit.date)}, the last day of "
            "that wave (the first that confirms fit)."
        )
    if fit.level == "provisional":
        return provisional_reason(fit)
    if fit.judged is None:
        return "No wave has answers other than N/A yet."
    if fit.judged.too_few:
        return (
            f"No wave has {rules.MIN_ANSWERS.value} answers yet, and the latest is below {_bar()}."
        )
    return f"The latest wave with enough answers (wave {fit.judged_wave}) is below {_bar()}."


def segment_markdown(result: TTPMFResult) -> str:
    """Which segment loves the product most and what its fans value, in Markdown."""
    analysis = result.segment_analysis
    if analysis is None:
        return _survey_missing(result)
    if analysis.segment is None or analysis.segment_score is None:
        who = (
            f"No segment has {rules.MIN_SEGMENT_ANSWERS.value} answers (N/A excluded), so the fans "
            f"below are all {analysis.fans} very disappointed respondents."
        )
    else:
        score = analysis.segment_score
        who = (
            f"**{fmt.escape(analysis.segment)}** would miss the product most: "
            f"{fmt.share(score.share, 1)} very disappointed "
            f"({fmt.interval(score.ci_low, score.ci_high)}, {score.n} answers) against "
            f"{fmt.share(analysis.overall.share, 1)} overall (all waves). Only segments "
            f"with at least {rules.MIN_SEGMENT_ANSWERS.value} answers compete."
        )
    if not analysis.matching_phrases:
        return who + " Its fans gave no main benefit in words we could read."
    phrases = "; ".join(_quoted(p) for p in analysis.matching_phrases)
    return (
        f"{who} Their {analysis.fans} fans ({analysis.fans_with_benefit} named a main "
        f"benefit) say {phrases} most. {analysis.held_back} somewhat disappointed "
        "respondents name a benefit that shares a phrase with those; "
        f"{analysis.held_back_with_improvement} of them said what would improve the product."
    )


def _quoted(text: str) -> str:
    """User text in curly quotes, escaped for Markdown and HTML."""
    return f"“{fmt.escape(text)}”"


def quotes_markdown(quotes: Iterable[str], who: str) -> str:
    """A few verbatim answers as a Markdown list, escaped ("" when there are none)."""
    lines = [f"- {_quoted(quote)}" for quote in quotes]
    return f"In the words of {who}:\n\n" + "\n".join(lines) if lines else ""


def benefits_markdown(result: TTPMFResult) -> str:
    """What fans value, in their own words (short quotes), or why there is nothing to show."""
    return _quotes_or(
        result, "benefit_quotes", "the fans", "No fan gave a main benefit short enough to quote."
    )


def improvements_markdown(result: TTPMFResult) -> str:
    """What holds back fans-to-be, in their own words, or why there is nothing to show."""
    return _quotes_or(
        result,
        "improvement_quotes",
        "those held back",
        "None of them gave an improvement short enough to quote.",
    )


def _quotes_or(result: TTPMFResult, quotes: str, who: str, none: str) -> str:
    """The segment analysis' ``quotes`` as Markdown, ``none`` without any, or the missing file."""
    analysis = result.segment_analysis
    if analysis is None:
        return _survey_missing(result)
    return quotes_markdown(getattr(analysis, quotes), who) or none


def retention_summary(retention: RetentionAnalysis) -> str:
    """The shape of the average curve in a few sentences, with its numbers and the rule."""
    shape = retention.shape
    window = f"over the last {rules.FLAT_PERIODS.value} periods"
    limit = _scaled(rules.FLAT_MAX_LOSS_PER_PERIOD)
    floor = fmt.share(rules.RETENTION_FLOOR.value)
    if shape.change_per_period is None or shape.last is None:
        needed = min_retention_periods()
        text = (
            f"Not enough periods to judge: the average curve has {shape.periods} period(s), "
            f"and {needed} (period 0 plus {needed - 1}) are needed."
        )
    elif shape.verdict == "falls to zero":
        text = "The average curve falls to zero: the cohorts keep no users."
    else:
        change = shape.change_per_period
        last = fmt.share(shape.last, 1)
        text = {
            "turns up": (
                f"The average curve turns up: it gains {fmt.points(change, 1)} per period "
                f"{window} (at least "
                f"{_scaled(rules.TURN_UP_MIN_GAIN_PER_PERIOD)} point), ending at "
                f"{last}. Retention that rises again is a possible sign of a network effect: "
                "users get more from the product as others join."
            ),
            "flattens": (
                f"The average curve flattens at {last}: it changes by "
                f"{fmt.signed_points(change)} per period {window}, within the {limit}-point "
                f"limit and above the {floor} floor: the users still there tend to stay."
            ),
            "flattens low": (
                f"The average curve flattens low: it changes by {fmt.signed_points(change)} per "
                f"period {window} but levels off at {last}, below the {floor} floor. That is no "
                "real retention: almost every user leaves, and the few who stay are too few to "
                "build on."
            ),
            "keeps falling": (
                f"The average curve keeps falling: it loses {fmt.points(-change, 1)} per period "
                f"{window} (flattening means losing less than {limit} point), now at {last}."
            ),
        }[shape.verdict]
    if retention.thin_periods:
        text += (
            f" The last {retention.thin_periods} period(s), whose step fewer than "
            f"{retention.min_cohorts} cohorts reached, are left out of the average."
        )
    if retention.empty_cohorts:
        text += f" {retention.empty_cohorts} cohort(s) of size 0 are left out."
    return text


def average_note(retention: RetentionAnalysis) -> str:
    """Why the bold average of the retention chart may sit above the cohorts that ran longest,
    said from the data: it chains each period's step over every cohort that reached it,
    weighted by size, so the early periods carry the newer cohorts too ("" without an
    average)."""
    average = retention.average.dropna(subset=["retention"])
    if average.empty:
        return ""
    last = average.iloc[-1]
    period, level = int(last["period"]), float(last["retention"])
    total = int(retention.curves["cohort"].nunique())
    reached = retention.curves[retention.curves["period"] == period]["retention"].dropna()
    how = (
        "chains each period's change over every cohort that reached that period, weighted "
        "by cohort size"
    )
    if len(reached) and level > float(reached.max()):
        low, high = float(reached.min()), float(reached.max())
        spread = (
            fmt.share(high)
            if round(low, 2) == round(high, 2)
            else (f"{fmt.share(low)}–{fmt.share(high)}")
        )
        cohorts = "the 1 cohort" if len(reached) == 1 else f"all {len(reached)} cohorts"
        return (
            f"At period {period} the average ({fmt.share(level)}) sits above {cohorts} that got "
            f"that far ({spread}): it {how}, so the earlier periods carry all {total} cohorts, "
            "newer ones included."
        )
    return f"The average {how}; by period {period} it rests on {len(reached)} of {total} cohorts."


def retention_markdown(result: TTPMFResult) -> str:
    """The retention verdict in Markdown (or which file to add)."""
    if result.retention is None:
        return result.missing.get("retention.csv", "")
    return retention_summary(result.retention)


def trajectory_markdown(result: TTPMFResult) -> str:
    """The trend model, the waves it rests on, its slope and the projection (or why there is
    none), in Markdown."""
    trajectory = result.trajectory
    if trajectory is None:
        return _survey_missing(result)
    lines = [f"**Model:** {rules.TREND_MODEL.text}."]
    left_out = left_out_text(trajectory.left_out)
    if left_out:
        lines.append(f"**Left out of the trend:** {left_out}")
    trend = trajectory.trend
    if trend is not None:
        latest = trajectory.scored_waves.iloc[-1]
        lines.append(
            f"**Trend:** {per_year_text(trend)}; the line stands at "
            f"{fmt.share(trend.share_at(float(latest['months'])), 1)} at the latest wave "
            f"({fmt.day(latest['start'])})."
        )
    timeline = result.timeline
    if timeline.fit_date is not None:
        lines.append(
            f"**Fit confirmed** {fmt.day(timeline.fit_date)} (month "
            f"{fmt.number(timeline.months_to_fit)}), so no projection is needed. The fit date is "
            f"{fit_rule_text()}."
        )
    elif result.fit.level == "provisional":
        lines.append(f"**No projection:** {provisional_reason(result.fit)}")
    elif timeline.projection is not None:
        lines.append(f"**Projection:** {projection_reason(timeline.projection)}")
    return "\n\n".join(lines)


def buffer_text(timeline: FitTimeline) -> str:
    """The marketing buffer in one sentence, with the rule behind it."""
    wanted = rules.MIN_MARKETING_BUFFER_MONTHS.value
    if timeline.runway_months is None or timeline.runway_end is None:
        return "Marketing buffer not defined: add runway_months to company.yaml."
    runway = (
        f"runway of {fmt.compact(timeline.runway_months)} months counted from "
        f"{fmt.day(timeline.as_of)}, ending {fmt.day(timeline.runway_end)}"
    )
    if timeline.buffer_months is None:
        left = fmt.number(timeline.runway_left)
        if timeline.runway_short:
            return (
                f"Marketing buffer: there is no actual or projected fit date, and only {left} "
                f"calendar months of runway are left ({runway}), so the buffer after fit can "
                f"only be shorter than the {wanted} months wanted."
            )
        return (
            f"Marketing buffer not defined: there is no actual or projected fit date; {left} "
            f"calendar months of runway are left ({runway})."
        )
    verdict = (
        f"below the {wanted} months wanted for marketing optimisation"
        if timeline.buffer_flag
        else f"at least the {wanted} months wanted"
    )
    return (
        f"Marketing buffer: {fmt.number(timeline.buffer_months)} calendar months of runway left "
        f"after {timeline.buffer_after} ({runway}), {verdict}."
    )


def status_markdown(result: TTPMFResult) -> str:
    """The TTPMF status with its reason and the marketing buffer, in Markdown."""
    timeline = result.timeline
    months = (
        f"{fmt.number(timeline.months_to_fit)} months to fit"
        if timeline.months_to_fit is not None
        else f"{fmt.number(timeline.elapsed_months)} months so far"
    )
    projected = timeline.projected_months_to_fit
    projected_text = (
        f"; projected months to fit: {fmt.number(projected)}" if projected is not None else ""
    )
    flag = (
        " " + mark_svg("warn", "short marketing buffer")
        if timeline.buffer_flag or timeline.runway_short
        else ""
    )
    return (
        f"**TTPMF status: {result.status}** ({months}{projected_text}). "
        f"{timeline_reason(timeline)}\n\n{buffer_text(timeline)}{flag}"
    )


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def wave_labels(waves: pd.DataFrame, grouping: survey_waves.Grouping = "waves") -> list[str]:
    """Each wave's label: a calendar period by its name ("2024 Q4", "Nov 2024"), a survey
    round by its number and days ("Wave 2 · 3–21 Mar 2025"): :func:`waves.period_label`."""
    return [
        survey_waves.period_label(int(wave), start, end, grouping)
        for wave, start, end in zip(waves["wave"], waves["start"], waves["end"], strict=True)
    ]


def _shares(values: Iterable[Any], digits: int = 1) -> list[str]:
    return [fmt.share(value, digits) for value in values]


def _score_columns(scores: pd.DataFrame, *, with_na: bool) -> dict[str, Any]:
    """The readable Sean Ellis columns shared by the wave and segment tables, in table order."""
    columns: dict[str, Any] = {
        "Answers (N/A excluded)": scores["n"],
        "Very disappointed": scores["very"],
    }
    if with_na:
        columns["N/A (no longer use it)"] = scores["na"]
    intervals = zip(scores["ci_low"], scores["ci_high"], strict=True)
    return columns | {
        "Share very disappointed": _shares(scores["share"]),
        f"{_confidence()} interval": [fmt.interval(lo, hi) for lo, hi in intervals],
        "Fit": scores["fit"],
        "Too few answers": [
            f"yes (< {rules.MIN_ANSWERS.value})" if v else "" for v in scores["too_few"]
        ],
    }


def waves_table(result: TTPMFResult) -> pd.DataFrame:
    """The Sean Ellis score per wave, with its interval, fit label and small-sample flag."""
    if result.trajectory is None:
        return pd.DataFrame()
    waves = result.trajectory.waves
    return pd.DataFrame(
        {
            "Wave": waves["wave"],
            "From": [fmt.day(d) for d in waves["start"]],
            "To": [fmt.day(d) for d in waves["end"]],
            "Months since start": waves["months"].round(1),
            **_score_columns(waves, with_na=True),
            "Steers the trend": [
                "yes" if n >= rules.MIN_ANSWERS.value else "no" for n in waves["n"]
            ],
        }
    )


def segments_table(result: TTPMFResult) -> pd.DataFrame:
    """The Sean Ellis score per segment, best first, and whether it could be picked."""
    if result.segments is None:
        return pd.DataFrame()
    segments = result.segments
    return pd.DataFrame(
        {
            "Segment": segments["segment"],
            **_score_columns(segments, with_na=False),
            "Can be picked as best": ["yes" if v else "no" for v in segments["eligible"]],
        }
    )


def _phrases_table(phrases: pd.DataFrame, who: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Phrase": phrases["term"],
            "Answers using it": phrases["mentions"],
            f"Share of {who} who answered": _shares(phrases["share"], digits=0),
        }
    )


def benefits_table(result: TTPMFResult) -> pd.DataFrame:
    """What fans value most: the top benefit phrases (see :data:`PHRASE_WORDS`)."""
    analysis = result.segment_analysis
    if analysis is None:
        return pd.DataFrame()
    return _phrases_table(analysis.benefit_phrases, "fans")


def improvements_table(result: TTPMFResult) -> pd.DataFrame:
    """What holds back the somewhat disappointed who value the same: improvement phrases."""
    analysis = result.segment_analysis
    if analysis is None:
        return pd.DataFrame()
    return _phrases_table(analysis.improvement_phrases, "respondents")


def retention_table(result: TTPMFResult) -> pd.DataFrame:
    """The chained average retention per period: the cohorts behind each step, the users they
    kept from the period before, and the chained level."""
    if result.retention is None:
        return pd.DataFrame()
    average = result.retention.average
    return pd.DataFrame(
        {
            "Period": average["period"],
            "Cohorts in the step": average["cohorts"],
            "Active the period before": average["active_before"],
            "Still active": average["active_users"],
            "Kept from the period before": _shares(average["step"]),
            "Average retention (chained)": _shares(average["retention"]),
        }
    )


def _range_end(day: date | None) -> str:
    return "beyond the horizon" if day is None else fmt.day(day)


def timeline_milestones(timeline: FitTimeline) -> pd.DataFrame:
    """Dated milestones for the timeline table and chart, in date order.

    Columns: milestone, date, months (since start), kind (``start``, ``mark``, ``today``,
    ``fit``, ``projection``, ``runway``), range_start / range_end (the projection's 95% range,
    NaT elsewhere or when an end lies beyond the horizon) and a note.
    """
    rows: list[dict[str, Any]] = [
        {"milestone": "Started", "date": timeline.started, "kind": "start", "note": ""},
        {
            "milestone": f"{rules.EARLY_FIT_MONTHS.value}-month mark",
            "date": timeline.early_mark,
            "kind": "mark",
            "note": "ambitious time to fit",
        },
        {
            "milestone": f"{rules.FIT_DEADLINE_MONTHS.value}-month mark",
            "date": timeline.deadline,
            "kind": "mark",
            "note": "latest healthy time to fit",
        },
        {"milestone": "As of", "date": timeline.as_of, "kind": "today", "note": "this assessment"},
    ]
    if timeline.fit_date is not None:
        note = rules.FIT_DATE.value
        rows.append(
            {"milestone": "Fit confirmed", "date": timeline.fit_date, "kind": "fit", "note": note}
        )
    projection = timeline.projection
    if projection is not None and projection.date is not None:
        low, high = projection.low_date, projection.high_date
        note = f"{fmt.share(projection_coverage())} range {_range_end(low)} to {_range_end(high)}"
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
        note = f"{fmt.compact(timeline.runway_months)} calendar months from as of"
        rows.append(
            {"milestone": "Runway end", "date": timeline.runway_end, "kind": "runway", "note": note}
        )
    frame = pd.DataFrame(
        rows, columns=["milestone", "date", "kind", "range_start", "range_end", "note"]
    )
    for column in ("date", "range_start", "range_end"):
        frame[column] = pd.to_datetime(frame[column])
    frame.insert(2, "months", [months_between(timeline.started, d.date()) for d in frame["date"]])
    return frame.sort_values(["date", "milestone"], kind="stable").reset_index(drop=True)


def timeline_table(result: TTPMFResult) -> pd.DataFrame:
    """Milestones from the start to the runway end, in date order."""
    rows = timeline_milestones(result.timeline)
    return pd.DataFrame(
        {
            "Milestone": rows["milestone"],
            "Date": [fmt.day(d) for d in rows["date"]],
            "Months since start": rows["months"].round(1),
            "Note": rows["note"],
        }
    )


def section_findings(result: TTPMFResult) -> Findings:
    """Each section's one-line finding, from the result (sections without data say so)."""
    found: dict[int, str] = {1: clocks_sentence(result.timeline)}
    if result.trajectory is not None:
        found[2] = paragraph_starting(score_markdown(result), "**Latest wave:**").split(" **Fit")[0]
        found[5] = paragraph_starting(trajectory_markdown(result), "**Trend:**")
    else:
        found[2] = found[5] = "No Sean Ellis answers yet."
    if result.segment_analysis is not None and result.segments is not None:
        found[3] = first_sentence(segment_markdown(result))
    if result.retention is not None:
        found[4] = first_sentence(retention_markdown(result))
    else:
        found[4] = "No retention data yet."
    found[6] = result.summary
    found[7] = first_sentence(status_markdown(result))
    return Findings({number: text for number, text in found.items() if text})
