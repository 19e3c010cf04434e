"""Chart builders for the TTPMF assessment (see workbook.charts.base for the theme).

Each builder takes a computed part of :class:`workbook.ttpmf.TTPMFResult` (its trajectory,
segment scores, retention analysis or timeline: already aggregated, one row per wave, segment,
cohort-period or milestone), never a display table, and returns an Altair chart. Shares are
drawn as percentages so the axes read like the tables.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from workbook import format as fmt
from workbook.charts.base import (
    CHART_HEIGHT,
    CHART_WIDTH,
    PALETTE,
    bars_with_interval,
    reference_rule,
)
from workbook.ttpmf import rules
from workbook.ttpmf.present import timeline_milestones, wave_labels

if TYPE_CHECKING:
    from workbook.ttpmf import FitTimeline, RetentionAnalysis, Trajectory

__all__ = [
    "retention_chart",
    "segment_scores_chart",
    "timeline_chart",
    "trajectory_chart",
    "wave_scores_chart",
]

PERCENT_DOMAIN = (0, 100)
#: Dates on time axes read "Mar 2025": the charts span more than a year.
DATE_AXIS = alt.Axis(format="%b %Y", labelAngle=0)


def _fit_line() -> tuple[float, str]:
    """The fit bar as a reference line: its height in percent and its label."""
    return rules.FIT_THRESHOLD.value * 100, f"{fmt.share(rules.FIT_THRESHOLD.value)} fit bar"


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
    scores = _percent_scores(waves, pd.Series(wave_labels(waves), index=waves.index))
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
    y = alt.Y("retention:Q", title="% of the cohort still active", scale=alt.Scale(domain=[0, 100]))
    x = alt.X("period:Q", title="Periods since the cohort started", axis=alt.Axis(tickMinStep=1))
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
    return alt.layer(faint, bold).properties(
        title="Retention: cohorts (faint) and size-weighted average (bold)",
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
    )


def trajectory_chart(trajectory: Trajectory, fit_date: date | None = None) -> alt.LayerChart:
    """Share per wave over time with whiskers (waves too small to steer the trend drawn hollow),
    the fitted trend, and either the date fit was confirmed (``fit_date``: the last day of the
    first wave that confirms fit) or the projected crossing of the fit bar with its 95% range."""
    waves = trajectory.scored_waves
    points = pd.DataFrame(
        {
            "date": waves["date"],
            "wave": wave_labels(waves),
            "share": (waves["share"] * 100).round(1),
            "ci_low": (waves["ci_low"] * 100).round(1),
            "ci_high": (waves["ci_high"] * 100).round(1),
            "answers": waves["n"],
            "in_trend": waves["n"] >= rules.MIN_ANSWERS.value,
        }
    )
    x = alt.X("date:T", title=None, axis=DATE_AXIS)
    y = alt.Y("share:Q", title="% very disappointed", scale=alt.Scale(domain=list(PERCENT_DOMAIN)))
    tooltip = ["wave", "share", "ci_low", "ci_high", "answers", "in_trend"]
    layers: list[alt.TopLevelMixin] = [
        alt.Chart(points)
        .mark_rule(color=PALETTE["ink"], strokeWidth=1.5)
        .encode(
            x=x, y=alt.Y("ci_low:Q", scale=alt.Scale(domain=list(PERCENT_DOMAIN))), y2="ci_high:Q"
        ),
        alt.Chart(points)
        .transform_filter("datum.in_trend")
        .mark_point(filled=True, size=60, color=PALETTE["accent"])
        .encode(x=x, y=y, tooltip=tooltip),
        alt.Chart(points)
        .transform_filter("!datum.in_trend")
        .mark_point(filled=False, size=60, color=PALETTE["accent"])
        .encode(x=x, y=y, tooltip=tooltip),
    ]
    trend = trajectory.trend_frame()
    if not trend.empty:
        trend = trend.assign(share=(trend["share"] * 100).round(1))
        layers.append(
            alt.Chart(trend).mark_line(color=PALETTE["accent"], strokeDash=[4, 3]).encode(x=x, y=y)
        )
    projection = trajectory.projection
    if projection is not None and projection.date is not None:
        crossing = pd.DataFrame(
            {
                "date": pd.to_datetime([projection.date]),
                "range_start": pd.to_datetime([projection.low_date]),
                "range_end": pd.to_datetime([projection.high_date or projection.date]),
                "share": [_fit_line()[0]],
                "label": ["projected fit"],
            }
        )
        base = alt.Chart(crossing)
        layers += [
            base.mark_rule(color=PALETTE["warn"], strokeWidth=5, opacity=0.6).encode(
                x="range_start:T", x2="range_end:T", y=y
            ),
            base.mark_point(shape="diamond", filled=True, size=120, color=PALETTE["warn"]).encode(
                x=x, y=y, tooltip=["date:T", "range_start:T", "range_end:T"]
            ),
            base.mark_text(dy=-14, color=PALETTE["warn"], fontSize=11).encode(
                x=x, y=y, text="label"
            ),
        ]
    if fit_date is not None:
        reached = pd.DataFrame({"date": pd.to_datetime([fit_date]), "label": ["fit confirmed"]})
        base = alt.Chart(reached)
        layers += [
            base.mark_rule(color=PALETTE["good"], strokeWidth=2).encode(x=x),
            base.mark_text(align="left", dx=4, y=12, color=PALETTE["good"], fontSize=11).encode(
                x=x, text="label"
            ),
        ]
    layers.append(reference_rule(*_fit_line()))
    return alt.layer(*layers).properties(
        title="Trajectory: share per wave, trend and fit (reached or projected)",
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


def timeline_chart(timeline: FitTimeline) -> alt.LayerChart:
    """The road to fit: start, as-of date, fit (actual or projected with its range), the
    12/24-month marks and the runway end, one row per milestone in date order."""
    milestones = timeline_milestones(timeline)
    frame = milestones.assign(
        day=milestones["date"].dt.strftime("%Y-%m-%d"),
        months=milestones["months"].round(1),
    )[["milestone", "date", "day", "months", "kind", "range_start", "range_end"]]
    order = list(frame["milestone"])
    y = alt.Y("milestone:N", title=None, sort=order)
    x = alt.X("date:T", title=None, axis=DATE_AXIS)
    colour = alt.Color(
        "kind:N",
        scale=alt.Scale(domain=list(_KIND_COLOURS), range=list(_KIND_COLOURS.values())),
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
        .encode(x="from:T", x2="to:T", y=y),
        base.transform_filter("isValid(datum.range_start)")
        .mark_rule(color=PALETTE["warn"], strokeWidth=6, opacity=0.5)
        .encode(x="range_start:T", x2="range_end:T", y=y),
        base.transform_filter("datum.kind == 'mark'")
        .mark_rule(strokeDash=[4, 4], color=PALETTE["muted"])
        .encode(x=x),
        base.mark_point(filled=True, size=110, opacity=1).encode(
            x=x, y=y, color=colour, tooltip=["milestone", "day", "months"]
        ),
        base.mark_text(align="left", dx=8, dy=-9, fontSize=10, color=PALETTE["ink"]).encode(
            x=x, y=y, text="day:N"
        ),
    ]
    return alt.layer(*layers).properties(
        title="Timeline: from the start to fit and the runway end",
        width=CHART_WIDTH,
        height=34 * len(order),
    )
