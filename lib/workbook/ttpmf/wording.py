"""TTPMF in words: every sentence a reader sees about the trajectory, the projection, the status
and the one-line summary, written from the numbers and words of the compute side.

It sits after the compute modules and before :mod:`~workbook.ttpmf.advice` and
:mod:`~.present` (which both read it); numbers become text through :mod:`workbook.format`
only, thresholds come from :mod:`workbook.ttpmf.rules`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from workbook import format as fmt
from workbook.ttpmf import rules
from workbook.ttpmf.dates import months_between
from workbook.ttpmf.timeline import FitFinding, FitTimeline
from workbook.ttpmf.trajectory import Projection, Trend, projection_coverage


def per_year_text(trend: Trend) -> str:
    """The trend's pace in words ("+9.5 percentage points a year")."""
    return f"{fmt.signed_points(trend.per_year)} a year"


def p_text(value: float | None) -> str:
    """A p-value as people read it ("0.31", "< 0.001")."""
    if value is None:
        return fmt.NOT_DEFINED
    return "< 0.001" if value < 0.001 else f"{value:.3f}".rstrip("0").rstrip(".")


def left_out_text(small: Sequence[int]) -> str:
    """Which waves (their numbers) were left out of the trend and why, as a sentence ("" when
    none was)."""
    if not small:
        return ""
    named = _and_list([str(w) for w in small])
    return (
        f"{'Waves' if len(small) > 1 else 'Wave'} {named} "
        f"{'have' if len(small) > 1 else 'has'} fewer than {rules.MIN_ANSWERS.value} answers: "
        "shown, but left out of the trend."
    )


def _and_list(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _with_note(text: str, note: str) -> str:
    return f"{text} {note}" if note else text


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _month_text(months: float | None) -> str:
    if months is None:
        return f"never within {rules.PROJECTION_HORIZON_MONTHS.value} months"
    return f"month {fmt.number(months)}"


# --------------------------------------------------------------------------------------------
# The projection
# --------------------------------------------------------------------------------------------


def doubt_text(projection: Projection) -> str:
    """Why a rising trend cannot put a company on track, in plain words ("" when it can)."""
    trend = projection.trend
    if projection.doubt is None or trend is None:
        return ""
    if projection.doubt == "fell back":
        return (
            f"But the latest wave with enough answers ({fmt.share(projection.latest_share, 1)}) "
            f"fell back below {fmt.share(rules.FIT_THRESHOLD.value)} after an earlier one at or "
            "above it, so the line's pace is not what the waves show now."
        )
    if projection.doubt == "within noise":
        return (
            f"But the rise is within noise (p = {p_text(trend.p_value)}, Cochran–Armitage "
            f"test for trend, needed {fmt.share(rules.TREND_TEST.level)} or less): more or "
            "larger waves would settle it."
        )
    recent = min(rules.RECENT_TREND_WAVES.value, projection.trend_waves)
    return (
        f"But the share has stalled: over the latest {recent} waves with "
        f"enough answers it is flat or falling "
        f"({fmt.signed_points((trend.recent_slope or 0.0) * 12)} a year), so the earlier "
        "pace is not the current one."
    )


def projection_reason(projection: Projection) -> str:
    """What was projected and how sure it is, or why nothing was, in plain words; the waves left
    out of the trend are named last."""
    note = left_out_text(projection.left_out)
    trend = projection.trend
    if projection.basis == "too few waves" or trend is None:
        return _with_note(
            f"No projection: a trend needs at least {rules.MIN_TREND_WAVES.value} waves with "
            f"{rules.MIN_ANSWERS.value} or more answers (there are {projection.trend_waves}).",
            note,
        )
    if projection.basis == "same day":
        return _with_note(
            "No projection: all waves with enough answers fall on the same day, so there is no "
            "trend.",
            note,
        )
    per_year = per_year_text(trend)
    if projection.basis == "flat":
        flat = fmt.number(rules.FLAT_TREND_SLOPE.value * rules.FLAT_TREND_SLOPE.scale)
        return _with_note(
            f"No projection: the trend is flat or falling ({per_year}; at most {flat} counts "
            f"as flat), so at this pace the share does not reach "
            f"{fmt.share(rules.FIT_THRESHOLD.value)}.",
            note,
        )
    goal = (
        f"{fmt.share(projection.target, 1)} (where a wave of {projection.usual_answers} answers "
        "would confirm fit)"
    )
    if projection.basis == "beyond horizon":
        said = (
            f"No projection within {rules.PROJECTION_HORIZON_MONTHS.value} months of the start: "
            f"the share rises too slowly ({per_year}) to reach {goal}."
        )
    else:
        said = f"{_when(projection, goal, per_year)} {_spread_text(projection)}"
    return _with_note(_with_note(said, doubt_text(projection)), note)


def _when(projection: Projection, goal: str, per_year: str) -> str:
    """When the line reaches the goal: at the current pace, or no earlier than the latest wave."""
    if projection.basis == "before latest":
        return (
            f"The line reaches {goal} before the as-of date or the latest wave (month "
            f"{fmt.number(projection.earliest)}), whose own share is still below it, so fit is "
            f"projected no earlier than that ({rules.EARLIEST_PROJECTION.text}): the next wave "
            "will tell."
        )
    return (
        f"At the current pace ({per_year}) the share reaches {goal} about "
        f"{fmt.number(projection.month)} months after the start."
    )


def _spread_text(projection: Projection) -> str:
    """Where the drawn crossings land, as a sentence."""
    draws = f"{fmt.share(projection_coverage())} of {rules.PROJECTION_DRAWS.value:,} draws"
    earliest, high = projection.earliest, projection.high_month
    if high is not None and earliest is not None and high <= earliest:
        return f"{draws} of the waves' shares get there by month {fmt.number(earliest)}."
    return (
        f"{draws} of the waves' shares get there between {_month_text(projection.low_month)} "
        f"and {_month_text(high)}."
    )


# --------------------------------------------------------------------------------------------
# The status
# --------------------------------------------------------------------------------------------


def stall_text(trend: Trend) -> str:
    """Why a trend does not show the share rising, in one plain sentence."""
    if trend.p_value is None or trend.p_value > rules.TREND_TEST.level or not trend.rising:
        return (
            f"The change across the waves is within noise (p = {p_text(trend.p_value)}, "
            f"Cochran–Armitage test for trend; {fmt.share(rules.TREND_TEST.level)} or less "
            "needed)."
        )
    return (
        f"The share has stalled: over the latest {rules.RECENT_TREND_WAVES.value} waves with "
        f"enough answers it is flat or falling "
        f"({fmt.signed_points((trend.recent_slope or 0.0) * 12)} a year)."
    )


def provisional_reason(fit: FitFinding) -> str:
    """Why a fit is provisional, in plain words (the judged wave's share and what it lacks)."""
    score = fit.judged
    if score is None:
        return "Fit is provisional."
    if score.n < rules.MIN_ANSWERS.value:
        lacks = (
            f"it rests on {score.n} answers, fewer than the {rules.MIN_ANSWERS.value} that can "
            "confirm fit"
        )
    else:
        lacks = (
            f"the lower bound of its {fmt.share(rules.CONFIRMED_FIT.value)} interval "
            f"({fmt.share(score.ci_low, 1)}) is under the bar"
        )
    return (
        f"Fit is provisional: wave {fit.judged_wave} stands at {fmt.share(score.share, 1)} very "
        f"disappointed, at or above {fmt.share(rules.FIT_THRESHOLD.value)}, but {lacks}. Above "
        "the bar, the company is judged on confirming fit, not on a projected crossing."
    )


def clocks_sentence(timeline: FitTimeline) -> str:
    """The two clocks in one line: the months since the start against the fit window, and the
    months of runway left (the first finding of the page)."""
    elapsed = fmt.number(timeline.elapsed_months)
    if timeline.as_of > timeline.deadline:
        where = f"past the {_mark()} mark ({fmt.day(timeline.deadline)})"
    else:
        where = f"within the {_mark()} window"
    left = timeline.runway_left
    runway = (
        "the runway is not given" if left is None else f"{fmt.number(left)} months of runway left"
    )
    return f"{elapsed} months since the start, {where}; {runway}."


def timeline_reason(timeline: FitTimeline) -> str:
    """Why the timeline has its status, in plain words (the rule that decided it, with its
    numbers)."""
    basis = timeline.basis
    if basis.startswith("provisional"):
        return f"{provisional_reason(timeline.finding)} {_provisional_clock(timeline)}"
    if basis in ("no answers", "too few waves", "no path"):
        return _no_trend_reason(timeline)
    if basis in ("confirmed", "overdue", "decisive shortfall"):
        return _fit_reason(timeline)
    return _projected_reason(timeline)


def _mark() -> str:
    return f"{rules.FIT_DEADLINE_MONTHS.value}-month"


def _provisional_clock(timeline: FitTimeline) -> str:
    """What decides a provisional fit's status: the clock, the runway or the share's rise."""
    if timeline.basis == "provisional past deadline":
        deadline = fmt.day(timeline.deadline)
        return f"It is past the {_mark()} mark ({deadline}) without confirmed fit."
    if timeline.basis == "provisional short runway":
        return (
            f"Even if the next wave confirms it, the runway leaves "
            f"{fmt.number(timeline.runway_left)} months, fewer than the "
            f"{rules.MIN_MARKETING_BUFFER_MONTHS.value} wanted after fit."
        )
    if timeline.basis == "provisional not rising" and timeline.trend is not None:
        return (
            "The share is not shown to be still rising towards confirmation: "
            f"{_lower_first(stall_text(timeline.trend))}"
        )
    return f"The next wave with at least {rules.MIN_ANSWERS.value} answers can confirm it."


def _no_trend_reason(timeline: FitTimeline) -> str:
    """No answers, too few waves for a trend, or a share not on a path to the bar."""
    projection = timeline.projection
    if timeline.basis == "no answers":
        return "No Sean Ellis survey answers yet, so time to fit cannot be judged."
    if timeline.basis == "too few waves":
        if projection is None:
            return "Only one survey wave: a second wave is needed to see a trend."
        return projection_reason(projection)
    return "The share is not on a path to the fit bar: " + _lower_first(
        projection_reason(projection) if projection else "no projection."
    )


def _fit_reason(timeline: FitTimeline) -> str:
    """Fit confirmed, overdue without it, or one wave that lies wholly below the bar."""
    fit = timeline.finding
    if timeline.basis == "confirmed" and fit.date is not None:
        window = "within" if fit.date <= timeline.deadline else "after"
        return (
            f"Fit confirmed by wave {fit.wave}, whose last day ({fmt.day(fit.date)}) is "
            f"{fmt.number(months_between(timeline.started, fit.date))} months after the start, "
            f"{window} the {_mark()} window."
        )
    if timeline.basis == "overdue" or fit.judged is None:
        return (
            f"{fmt.number(timeline.elapsed_months)} months since the start without fit: "
            f"past the {_mark()} mark ({fmt.day(timeline.deadline)})."
        )
    score = fit.judged
    return (
        f"Wave {fit.judged_wave} ({fmt.share(score.share, 1)} of {score.n} answers, "
        f"{fmt.share(rules.CONFIRMED_FIT.value)} interval "
        f"{fmt.interval(score.ci_low, score.ci_high)}) lies wholly below "
        f"{fmt.share(rules.FIT_THRESHOLD.value)}, {rules.DECISIVE_SHORTFALL.value}: fit is "
        "not near, without waiting for a trend."
    )


def _projected_reason(timeline: FitTimeline) -> str:
    """A projected date: after the mark or the runway, in doubt, open-ended, or on track."""
    projection = timeline.projection
    if projection is None or projection.date is None or projection.month is None:
        return ""
    day, month = fmt.day(projection.date), fmt.number(projection.month)
    if timeline.basis == "after deadline":
        return (
            f"Projected fit {day} (month {month}) is after the {_mark()} mark "
            f"({fmt.day(timeline.deadline)})."
        )
    if timeline.basis == "after runway":
        return f"Projected fit {day} is after the runway ends ({fmt.day(timeline.runway_end)})."
    coverage = fmt.share(projection_coverage())
    horizon = rules.PROJECTION_HORIZON_MONTHS.value
    if timeline.basis == "doubt":
        said = f"The trend is not evidence of a path to fit. {doubt_text(projection)}"
        if projection.target is None:
            return said
        return f"{said} The line alone would reach {fmt.share(projection.target, 1)} around {day}."
    if timeline.basis == "open range":
        return (
            f"Projected fit {day} (month {month}), but the late end of its {coverage} range is "
            f"beyond {horizon} months: on the evidence so far, fit may never come at this pace."
        )
    runway_end = timeline.runway_end
    reason = f"Projected fit {day} (month {month}) is within the {_mark()} window" + (
        " and the runway." if runway_end is not None else " (runway not given)."
    )
    late = projection.high_date
    if late is None or late > timeline.deadline or (runway_end is not None and late > runway_end):
        ends = fmt.day(late) if late else f"beyond {horizon} months"
        reason += f" Caution: the late end of its {coverage} range ({ends}) falls outside them."
    return reason


def summarise(timeline: FitTimeline) -> str:
    """One plain sentence on where the company stands on its road to fit."""
    elapsed = fmt.number(timeline.elapsed_months)
    mark = f"{rules.FIT_DEADLINE_MONTHS.value}-month mark"
    window = f"{rules.FIT_DEADLINE_MONTHS.value}-month window"
    bar = fmt.share(rules.FIT_THRESHOLD.value)
    projection = timeline.projection
    if timeline.status == "reached" and timeline.fit_date is not None:
        inside = "within" if timeline.fit_date <= timeline.deadline else "after"
        return (
            f"Product/market fit was confirmed {fmt.number(timeline.months_to_fit)} months after "
            f"the start ({fmt.day(timeline.fit_date)}), {inside} the {window}."
        )
    if timeline.fit == "provisional":
        state = "on track to be confirmed" if timeline.status == "on track" else "at risk"
        return (
            f"Fit is provisional, {elapsed} months after the start: the share is at or above "
            f"{bar} but not yet confirmed, and fit is {state}."
        )
    if timeline.status == "overdue":
        return f"No product/market fit {elapsed} months after the start, past the {mark}."
    if timeline.status == "insufficient data":
        return f"Too few survey waves to judge the time to fit, {elapsed} months after the start."
    if timeline.status == "on track" and projection is not None and projection.date is not None:
        runway = " and the runway" if timeline.runway_end is not None else ""
        return (
            f"Fit is projected for {fmt.day(projection.date)} (month "
            f"{fmt.number(projection.month)}), within the {window}{runway}."
        )
    if projection is None or projection.date is None:
        return (
            f"Fit is at risk: {elapsed} months after the start the share is not on a path to "
            "the fit bar."
        )
    if projection.date > timeline.deadline:
        after = f"the {mark} ({fmt.day(timeline.deadline)})"
    elif timeline.runway_end is not None and projection.date > timeline.runway_end:
        after = f"the runway ends ({fmt.day(timeline.runway_end)})"
    else:
        # At risk although the line lands in time: the evidence does not carry the projection
        # (a rise within noise, a stall, or a range that reaches "never").
        return (
            f"Fit is at risk: the trend alone would reach it around {fmt.day(projection.date)}, "
            "but the evidence does not show a path to fit yet."
        )
    return f"Fit is at risk: it is projected for {fmt.day(projection.date)}, after {after}."


def time_reason(timeline: FitTimeline, fit: FitFinding) -> str:
    """Why the time to fit is judged as it is. For a provisional fit, the clock rather than the
    share (the fit check beside it already says why fit is provisional), so that a passing time
    check never reads as a second verdict on fit."""
    if fit.level != "provisional":
        return timeline_reason(timeline)
    clock = timeline_reason(timeline).removeprefix(provisional_reason(fit)).strip()
    where = "past" if timeline.as_of > timeline.deadline else "within"
    return (
        f"{fmt.number(timeline.elapsed_months)} months since the start, {where} the "
        f"{rules.FIT_DEADLINE_MONTHS.value}-month window, with fit provisional (not yet "
        f"confirmed). {clock}"
    )


def no_answers_before(survey_file: str, as_of: date) -> str:
    """What to do when every survey answer is dated after the as-of date."""
    return (
        f"{survey_file} has no answers dated on or before {fmt.day(as_of)}: add "
        "answers up to that date, or move as_of in company.yaml."
    )
