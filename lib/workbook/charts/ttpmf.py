"""Chart builders for the TTPMF assessment (see workbook.charts.base for the theme).

Each builder takes a computed part of :class:`workbook.ttpmf.TTPMFResult` (its trajectory,
segment scores, retention analysis or timeline: already aggregated, one row per wave, segment,
cohort-period or milestone), never a display table, and returns an Altair chart. Shares are
drawn as percentages so the axes read like the tables.
"""

from __future__ import annotations

import textwrap
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, cast

import altair as alt
import pandas as pd

from workbook import format as fmt
from workbook.charts.base import (
    CHART_HEIGHT,
    CHART_WIDTH,
    PALETTE,
    TimeAxis,
    as_day,
    bars_with_interval,
    haloed_text,
    reference_rule,
    runway_tone,
    time_axis,
    within_clip,
)
from workbook.ttpmf import rules
from workbook.ttpmf.present import average_note, timeline_milestones, wave_labels

if TYPE_CHECKING:
    from workbook.ttpmf import FitTimeline, RetentionAnalysis, Trajectory
    from workbook.ttpmf.compute import Projection

__all__ = [
    "retention_chart",
    "segment_scores_chart",
    "timeline_chart",
    "trajectory_chart",
    "wave_scores_chart",
]

PERCENT_DOMAIN = (0, 100)


def _days(day: date | None) -> list[date]:
    """One day as a list for :func:`pandas.to_datetime`; None (an end beyond the horizon)
    becomes NaT there, which the stubs' ``list[date]`` does not admit."""
    return cast("list[date]", [day])


def _fit_line() -> tuple[float, str]:
    """The fit bar as a reference line: its height in percent and its label."""
    return (
        rules.FIT_THRESHOLD.value * 100,
        f"{fmt.share(rules.FIT_THRESHOLD.value)} fit bar",
    )


def _percent_scores(frame: pd.DataFrame, label: pd.Series) -> pd.DataFrame:
    """Share and interval in percent, one row per group, with a label flagging small groups."""
    few = frame["too_few"].map(lambda flag: f" (n < {rules.MIN_ANSWERS.value})" if flag else "")
    return pd.DataFrame(
        {
            "group": label + few,
            "share": (frame["share"] * 100).round(1),
            "ci_low": (frame["ci_low"] * 100).round(1),
            "ci_high": (frame["ci_high"] * 100).round(1),
            "answers": frame["n"],
        }
    ).dropna(subset=["share"])


def _share_bars(scores: pd.DataFrame, title: str) -> alt.LayerChart:
    """Sean Ellis shares per group with 95% interval whiskers and the 40% fit line."""
    return bars_with_interval(
        scores,
        category="group",
        value="share",
        low="ci_low",
        high="ci_high",
        title=title,
        value_title="% very disappointed (95% interval)",
        domain=PERCENT_DOMAIN,
        tooltip=["answers"],
        reference=_fit_line(),
        sort=list(scores["group"]),
    )


def wave_scores_chart(trajectory: Trajectory) -> alt.LayerChart:
    """Sean Ellis share per wave with interval whiskers and the fit bar."""
    waves = trajectory.waves
    labels = wave_labels(waves, trajectory.grouping)
    scores = _percent_scores(waves, pd.Series(labels, index=waves.index))
    return _share_bars(scores, "Sean Ellis score per survey wave")


def segment_scores_chart(segments: pd.DataFrame) -> alt.LayerChart:
    """Sean Ellis share per segment (best first) with 95% interval whiskers and the fit bar."""
    scores = _percent_scores(segments, segments["segment"])
    return _share_bars(scores, "Sean Ellis score per segment (all waves)")


def retention_chart(retention: RetentionAnalysis) -> alt.LayerChart:
    """Retention per cohort (faint lines) and the size-weighted average (bold line)."""
    cohorts = retention.curves.assign(
        cohort=retention.curves["cohort"].dt.strftime("%Y-%m"),
        retention=(retention.curves["retention"] * 100).round(1),
    )[["cohort", "period", "retention"]]
    average = retention.average.assign(retention=(retention.average["retention"] * 100).round(1))[
        ["period", "retention", "cohorts"]
    ]
    y = alt.Y(
        "retention:Q",
        title="% of the cohort still active",
        scale=alt.Scale(domain=[0, 100]),
    )
    x = alt.X(
        "period:Q",
        title="Periods since the cohort started",
        axis=alt.Axis(tickMinStep=1),
    )
    faint = (
        alt.Chart(cohorts)
        .mark_line(color=PALETTE["muted"], opacity=0.35, strokeWidth=1)
        .encode(x=x, y=y, detail="cohort:N", tooltip=["cohort", "period", "retention"])
    )
    bold = (
        alt.Chart(average)
        .mark_line(color=PALETTE["accent"], strokeWidth=3, point=True)
        .encode(x=x, y=y, tooltip=["period", "retention", "cohorts"])
    )
    title = "Retention: cohorts (faint) and size-weighted average (bold)"
    note = average_note(retention)
    return alt.layer(faint, bold).properties(
        title=alt.Title(title, subtitle=textwrap.wrap(note, 95)) if note else title,
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
    )


def _projected_range(
    projection: Projection | None, latest: Any
) -> tuple[date, date, date | None, bool] | None:
    """A projection's date, the low end of its range, the high end (None: beyond the horizon)
    and whether the range is drawn whole on a chart whose other dates end at ``latest`` (else
    it is cut at the chart's edge); None without a projected date."""
    if projection is None or projection.date is None:
        return None
    low = projection.low_date or projection.date
    return (
        projection.date,
        low,
        projection.high_date,
        within_clip(projection.high_date, latest),
    )


def _range_words(projected: tuple[date, date, date | None, bool]) -> str:
    """ "95% range 2026-08-07 to 2033-06-05", saying when the end lies past the chart's edge."""
    from workbook.ttpmf.compute import projection_coverage

    _, low, high, whole = projected
    words = (
        f"{fmt.share(projection_coverage())} range {fmt.day(low)} to "
        f"{fmt.day(high, 'beyond the horizon')}"
    )
    return words if whole else words + " (past the right edge)"


def _cut_axis(axis: TimeAxis, projected: tuple[date, date, date | None, bool] | None) -> TimeAxis:
    """Room after the last date for a range cut at the edge to show that it runs on."""
    if projected is None or projected[3]:
        return axis
    extra = timedelta(days=max(45, round(axis.span_days * 0.12)))
    return time_axis(domain=(axis.start, axis.end + extra))


def _crossing_layers(
    projected: tuple[date, date, date | None, bool], axis: TimeAxis, y: alt.Y
) -> list[alt.TopLevelMixin]:
    """The projected crossing on the trajectory chart: its range shaded and drawn on the fit
    bar (an arrowhead when cut at the chart's edge) and a diamond on the date itself."""
    day, low, high, whole = projected
    crossing = pd.DataFrame(
        {
            "date": pd.to_datetime([day]),
            "range_start": pd.to_datetime(_days(low)),
            "range_end": pd.to_datetime(_days(high if whole else axis.end)),
            "share": [_fit_line()[0]],
            "projected": [fmt.day(day)],
            "range": [_range_words(projected)],
        }
    )
    base = alt.Chart(crossing)
    layers: list[alt.TopLevelMixin] = [
        base.mark_rect(color=PALETTE["warn"], opacity=0.14)
        .encode(x=axis.x("range_start"), x2="range_end:T", tooltip=["projected", "range"])
        .properties(name="projection_band"),
        base.mark_rule(color=PALETTE["warn"], strokeWidth=4, opacity=0.75).encode(
            x=axis.x("range_start"), x2="range_end:T", y=y
        ),
    ]
    if not whole:
        layers.append(
            base.mark_point(shape="triangle-right", filled=True, size=90, opacity=1)
            .encode(x=axis.x("range_end"), y=y, color=alt.value(PALETTE["warn"]))
            .properties(name="projection_beyond")
        )
    layers.append(
        base.mark_point(shape="diamond", filled=True, size=130, opacity=1)
        .encode(
            x=axis.x("date"),
            y=y,
            color=alt.value(PALETTE["warn"]),
            tooltip=["projected", "range"],
        )
        .properties(name="projection_point")
    )
    return layers


def _wave_points(trajectory: Trajectory) -> pd.DataFrame:
    """One point per wave with answers: its date, label, share and interval in percent, and
    whether it steers the trend."""
    waves = trajectory.scored_waves
    return pd.DataFrame(
        {
            "date": waves["date"],
            "wave": wave_labels(waves, trajectory.grouping),
            "share": (waves["share"] * 100).round(1),
            "ci_low": (waves["ci_low"] * 100).round(1),
            "ci_high": (waves["ci_high"] * 100).round(1),
            "answers": waves["n"],
            "in_trend": waves["n"] >= rules.MIN_ANSWERS.value,
        }
    )


def trajectory_chart(trajectory: Trajectory, fit_date: date | None = None) -> alt.LayerChart:
    """Share per wave over time with whiskers (waves too small to steer the trend drawn hollow),
    the fitted trend, and either the date fit was confirmed (``fit_date``: the last day of the
    first wave that confirms fit) or the projected crossing of the fit bar with its 95% range,
    shaded across the chart (a range reaching far beyond the other dates is cut at the chart's
    edge, marked with an arrowhead; the subtitle says where it ends). Dates go on the shared
    :func:`workbook.charts.base.time_axis`; the fit bar's label sits beyond the right edge."""
    points = _wave_points(trajectory)
    trend = trajectory.trend_frame()
    dates = [d for d in (*points["date"], *trend["date"], fit_date) if d is not None]
    dates = [d for d in dates if not pd.isna(d)] or [trajectory.started]  # no wave: the start
    latest = max(as_day(d) for d in dates)
    projected = _projected_range(trajectory.projection, latest)
    if projected is not None:
        dates += [projected[0], projected[1]] + ([projected[2]] if projected[3] else [])
    axis = _cut_axis(time_axis(dates), projected)
    x = axis.x("date")
    percent = alt.Scale(domain=list(PERCENT_DOMAIN))
    y = alt.Y("share:Q", title="% very disappointed", scale=percent)
    tooltip = ["wave", "share", "ci_low", "ci_high", "answers", "in_trend"]
    notes: list[str] = []
    layers: list[alt.TopLevelMixin] = []
    if projected is not None:
        layers += _crossing_layers(projected, axis, y)
        notes.append(
            f"Diamond: fit projected for {fmt.day(projected[0])}; shaded: its "
            f"{_range_words(projected)}."
        )
    layers += [
        alt.Chart(points)
        .mark_rule(color=PALETTE["ink"], strokeWidth=1.5)
        .encode(x=x, y=alt.Y("ci_low:Q", scale=percent), y2="ci_high:Q"),
        alt.Chart(points)
        .transform_filter("datum.in_trend")
        .mark_point(filled=True, size=60, color=PALETTE["accent"])
        .encode(x=x, y=y, tooltip=tooltip),
        alt.Chart(points)
        .transform_filter("!datum.in_trend")
        .mark_point(filled=False, size=60, color=PALETTE["accent"])
        .encode(x=x, y=y, tooltip=tooltip),
    ]
    if not points["in_trend"].all():
        notes.append(
            f"Hollow: waves with fewer than {rules.MIN_ANSWERS.value} answers, "
            "left out of the trend."
        )
    if not trend.empty:
        trend = trend.assign(share=(trend["share"] * 100).round(1))
        layers.append(
            alt.Chart(trend).mark_line(color=PALETTE["accent"], strokeDash=[4, 3]).encode(x=x, y=y)
        )
    if fit_date is not None:
        reached = pd.DataFrame({"date": pd.to_datetime([fit_date]), "label": ["fit confirmed"]})
        base = alt.Chart(reached)
        layers += [
            base.mark_rule(color=PALETTE["good"], strokeWidth=2).encode(x=x),
            base.mark_text(baseline="bottom", dy=-5, color=PALETTE["good"], fontSize=11)
            .encode(x=x, y=alt.value(0), text="label")
            .properties(name="fit_label"),
        ]
        notes.append(f"Green line: fit confirmed {fmt.day(fit_date)}.")
    layers.append(reference_rule(*_fit_line()))
    title = "Trajectory: share per wave, trend and fit (reached or projected)"
    return alt.layer(*layers).properties(
        title=alt.Title(title, subtitle=notes) if notes else title,
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
    )


_KIND_COLOURS = {
    "start": PALETTE["ink"],
    "mark": PALETTE["muted"],
    "today": PALETTE["accent"],
    "fit": PALETTE["good"],
    "projection": PALETTE["warn"],
    "runway": PALETTE["bad"],
}


def _span_layers(
    projected: tuple[date, date, date | None, bool], axis: TimeAxis, y: alt.Y
) -> list[alt.TopLevelMixin]:
    """The projected fit's range on its timeline row (an arrowhead when cut at the edge)."""
    _, low, high, whole = projected
    span = pd.DataFrame(
        {
            "milestone": ["Projected fit"],
            "from": pd.to_datetime(_days(low)),
            "to": pd.to_datetime(_days(high if whole else axis.end)),
            "range": [_range_words(projected)],
        }
    )
    layers: list[alt.TopLevelMixin] = [
        alt.Chart(span)
        .mark_rule(color=PALETTE["warn"], strokeWidth=6, opacity=0.5)
        .encode(x=axis.x("from"), x2=alt.X2("to:T"), y=y, tooltip=alt.Tooltip("range:N"))
        .properties(name="projection_range")
    ]
    if not whole:
        layers.append(
            alt.Chart(span)
            .mark_point(shape="triangle-right", filled=True, size=90, opacity=1)
            .encode(x=axis.x("to"), y=y, color=alt.value(PALETTE["warn"]))
            .properties(name="projection_beyond")
        )
    return layers


def timeline_chart(timeline: FitTimeline) -> alt.LayerChart:
    """The road to fit: start, as-of date, fit (actual or projected with its range), the
    12/24-month marks and the runway end, one row per milestone in date order. A projection
    range reaching far beyond the other dates is cut at the chart's edge (an arrowhead; the
    subtitle says where it ends)."""
    milestones = timeline_milestones(timeline)
    frame = milestones.assign(
        day=milestones["date"].dt.strftime("%Y-%m-%d"),
        months=milestones["months"].round(1),
    )[["milestone", "date", "day", "months", "kind"]]
    order = list(frame["milestone"])
    latest = max(as_day(d) for d in frame["date"])
    projected = _projected_range(timeline.projection, latest)
    dates = [*frame["date"]]
    if projected is not None:
        dates += [projected[1]] + ([projected[2]] if projected[3] else [])
    axis = _cut_axis(time_axis(dates), projected)
    y = alt.Y("milestone:N", title=None, sort=order)
    x = axis.x("date")
    # The runway end takes the tone of the marketing buffer it leaves, like the summary's.
    colours = {**_KIND_COLOURS, "runway": PALETTE[runway_tone(timeline.buffer_months)]}
    colour = alt.Color(
        "kind:N",
        scale=alt.Scale(domain=list(colours), range=list(colours.values())),
        legend=None,
    )
    elapsed = pd.DataFrame(
        {
            "milestone": ["As of"],
            "from": pd.to_datetime([timeline.started]),
            "to": pd.to_datetime([timeline.as_of]),
        }
    )
    base = alt.Chart(frame)
    layers: list[alt.TopLevelMixin] = [
        alt.Chart(elapsed)
        .mark_rule(color=PALETTE["accent"], strokeWidth=6, opacity=0.25)
        .encode(x=axis.x("from"), x2=alt.X2("to:T"), y=y),
    ]
    notes: list[str] = []
    if projected is not None:
        layers += _span_layers(projected, axis, y)
        notes.append(f"Projected fit: {_range_words(projected)}.")
    layers += [
        base.transform_filter("datum.kind == 'mark'")
        .mark_rule(strokeDash=[4, 4], color=PALETTE["muted"])
        .encode(x=x),
        base.mark_point(filled=True, size=110, opacity=1).encode(
            x=x,
            y=y,
            color=colour,
            tooltip=[alt.Tooltip(f) for f in ("milestone:N", "day:N", "months:Q")],
        ),
        *haloed_text(
            base,
            {"align": "left", "baseline": "bottom", "dx": 7, "dy": -4, "fontSize": 10},
            {"x": x, "y": y, "text": alt.Text("day:N")},
        ),
    ]
    title = "Timeline: from the start to fit and the runway end"
    return alt.layer(*layers).properties(
        title=alt.Title(title, subtitle=notes) if notes else title,
        width=CHART_WIDTH,
        height=34 * len(order),
    )
