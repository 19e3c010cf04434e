"""Chart builders for the summary pages (see workbook.charts.base for the theme).

:func:`road_to_fit_chart` draws one company's road to fit from its TTPMF timeline (computed by
the assessment: start, as-of date, fit or projection with its range, the 12/24-month marks, the
runway end) on three lanes, so that no label sits on another. :func:`portfolio_fit_chart` and
:func:`portfolio_position_chart` compare the companies of a :class:`workbook.summary.Portfolio`.
Every builder takes computed objects and returns an Altair chart.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from workbook import format as fmt
from workbook.charts.base import (
    CHART_WIDTH,
    LABEL_FONT_SIZE,
    PALETTE,
    RANGE_CLIP_MONTHS,
    haloed_text,
    leader_lines,
    place_labels,
    runway_tone,
    text_width,
    time_axis,
)
from workbook.summary.present import ATTENTION_WORDS

if TYPE_CHECKING:
    from workbook.summary import Portfolio
    from workbook.ttpmf import FitTimeline

__all__ = ["portfolio_fit_chart", "portfolio_position_chart", "road_to_fit_chart"]

LANE_HEIGHT = 48


def _ts(day: date | None) -> pd.Timestamp | None:
    return None if day is None else pd.Timestamp(day)


def _mark_labels(timeline: FitTimeline) -> list[tuple[date, str]]:
    from workbook.ttpmf import rules

    return [
        (timeline.early_mark, f"{rules.EARLY_FIT_MONTHS.value}-month mark"),
        (timeline.deadline, f"{rules.FIT_DEADLINE_MONTHS.value}-month mark"),
    ]


def road_to_fit_chart(timeline: FitTimeline) -> alt.LayerChart:
    """One company's road to fit: the months so far, fit (confirmed, provisional, or projected
    with its range) and the runway, each on its lane, against the 12/24-month marks."""
    from workbook.ttpmf.compute import projection_coverage

    lanes = ["So far", "Fit", "Runway"]
    # The projection, when it has a date (None otherwise).
    projection = (
        timeline.projection
        if timeline.projection is not None and timeline.projection.date is not None
        else None
    )
    dates = [timeline.started, timeline.as_of, timeline.deadline]
    dates += [d for d in (timeline.runway_end, timeline.fit_date) if d is not None]
    if projection is not None:
        dates += [d for d in (projection.date, projection.low_date) if d is not None]
    end = max(dates)
    high = projection.high_date if projection is not None else None
    if high is not None and high <= end + timedelta(days=round(RANGE_CLIP_MONTHS * 30.44)):
        end = high
    start = timeline.started - timedelta(days=30)
    end = end + timedelta(days=45)
    span = (end - start).days

    def position(day: date) -> float:
        return (day - start).days / span

    bars: list[dict[str, Any]] = [
        {"lane": "So far", "from": timeline.started, "to": timeline.as_of, "kind": "elapsed"}
    ]
    points: list[dict[str, Any]] = [
        {"lane": "So far", "date": timeline.started, "kind": "start", "what": "started"},
        {"lane": "So far", "date": timeline.as_of, "kind": "today", "what": "as of"},
    ]
    labels: list[dict[str, Any]] = []

    def label(lane: str, left: date, right: date, text: str) -> None:
        """Place a lane's label above it, starting at its left end, or ending at its right end
        when it would run past the chart (text width estimated from the font size)."""
        width = text_width(text) + 4
        fits_left = position(left) * CHART_WIDTH + width <= CHART_WIDTH
        on_right = not fits_left and position(right) * CHART_WIDTH - width >= 0
        labels.append(
            {
                "lane": lane,
                "date": right if on_right else left,
                "text": text,
                "align": "right" if on_right else "left",
            }
        )

    label(
        "So far",
        timeline.started,
        timeline.as_of,
        f"started {fmt.day(timeline.started)}, {fmt.months(timeline.elapsed_months)} "
        f"to {fmt.day(timeline.as_of)}",
    )
    if timeline.fit_date is not None:
        points.append(
            {"lane": "Fit", "date": timeline.fit_date, "kind": "fit", "what": "fit confirmed"}
        )
        label(
            "Fit",
            timeline.fit_date,
            timeline.fit_date,
            f"fit confirmed {fmt.day(timeline.fit_date)} "
            f"(month {fmt.number(timeline.months_to_fit)})",
        )
    elif timeline.fit == "provisional":
        points.append(
            {"lane": "Fit", "date": timeline.as_of, "kind": "provisional", "what": "provisional"}
        )
        label("Fit", timeline.as_of, timeline.as_of, "provisional fit, not yet confirmed")
    elif projection is not None and projection.date is not None:
        low = projection.low_date or projection.date
        high_date = projection.high_date
        clipped = high_date is None or high_date > end
        right = end if high_date is None or high_date > end else high_date
        bars.append({"lane": "Fit", "from": low, "to": right, "kind": "range"})
        points.append(
            {"lane": "Fit", "date": projection.date, "kind": "projection", "what": "projected"}
        )
        ends = fmt.day(projection.high_date, "beyond the horizon")
        if clipped:  # the range runs on past the edge: an arrowhead says so
            points.append({"lane": "Fit", "date": right, "kind": "beyond", "what": ends})
        label(
            "Fit",
            low,
            right,
            f"projected {fmt.day(projection.date)}; {fmt.share(projection_coverage())} range "
            f"{fmt.day(low)} to {ends}",
        )
    else:
        label("Fit", timeline.as_of, timeline.as_of, "no fit in sight yet")
    if timeline.runway_end is not None:
        bars.append(
            {"lane": "Runway", "from": timeline.as_of, "to": timeline.runway_end, "kind": "runway"}
        )
        points.append(
            {"lane": "Runway", "date": timeline.runway_end, "kind": "runway", "what": "runway end"}
        )
        label(
            "Runway",
            timeline.as_of,
            timeline.runway_end,
            f"runway ends {fmt.day(timeline.runway_end)}",
        )
    else:
        label("Runway", timeline.as_of, timeline.as_of, "runway not given in company.yaml")

    kinds = {
        "elapsed": PALETTE["accent"],
        "range": PALETTE["warn"],
        "runway": PALETTE[runway_tone(timeline.buffer_months)],
        "start": PALETTE["ink"],
        "today": PALETTE["accent"],
        "fit": PALETTE["good"],
        "provisional": PALETTE["good"],
        "projection": PALETTE["warn"],
        "beyond": PALETTE["warn"],
    }
    colour = alt.Color(
        "kind:N", scale=alt.Scale(domain=list(kinds), range=list(kinds.values())), legend=None
    )
    shapes = {
        "start": "circle",
        "today": "circle",
        "fit": "circle",
        "provisional": "circle",
        "projection": "diamond",
        "runway": "square",
        "beyond": "triangle-right",
    }
    shape = alt.Shape(
        "kind:N", scale=alt.Scale(domain=list(shapes), range=list(shapes.values())), legend=None
    )
    time = time_axis(domain=(start, end))
    x_scale, axis = time.scale, time.axis
    x = time.x("date")
    y = alt.Y("lane:N", title=None, sort=lanes, scale=alt.Scale(domain=lanes))
    bar_frame = pd.DataFrame(bars).assign(
        **{"from": lambda f: pd.to_datetime(f["from"]), "to": lambda f: pd.to_datetime(f["to"])}
    )
    point_frame = pd.DataFrame(points).assign(
        date=lambda f: pd.to_datetime(f["date"]), day=lambda f: f["date"].dt.strftime("%Y-%m-%d")
    )
    label_frame = pd.DataFrame(labels).assign(date=lambda f: pd.to_datetime(f["date"]))
    marks = pd.DataFrame(_mark_labels(timeline), columns=["date", "text"]).assign(
        date=lambda f: pd.to_datetime(f["date"])
    )
    layers: list[alt.TopLevelMixin] = [
        alt.Chart(marks)
        .mark_rule(strokeDash=[5, 4], color=PALETTE["muted"])
        .encode(x=alt.X("date:T", scale=x_scale, axis=axis, title=None)),
        alt.Chart(marks)
        .mark_text(align="center", baseline="bottom", dy=-4, fontSize=11, color=PALETTE["ink"])
        .encode(x=alt.X("date:T", scale=x_scale), y=alt.value(0), text="text:N"),
        alt.Chart(bar_frame)
        .mark_rule(strokeWidth=9, opacity=0.35, strokeCap="round")
        .encode(
            x=alt.X("from:T", scale=x_scale, axis=axis, title=None), x2="to:T", y=y, color=colour
        ),
        alt.Chart(point_frame)
        .transform_filter("datum.kind != 'provisional'")
        .mark_point(filled=True, size=130, opacity=1)
        .encode(x=x, y=y, color=colour, shape=shape, tooltip=["what:N", "day:N"]),
        alt.Chart(point_frame)
        .transform_filter("datum.kind == 'provisional'")
        .mark_point(filled=False, size=130, strokeWidth=2.5, opacity=1)
        .encode(x=x, y=y, color=colour, shape=shape, tooltip=["what:N", "day:N"]),
    ]
    for align, dx in (("left", -4), ("right", 4)):
        layers += haloed_text(
            alt.Chart(label_frame).transform_filter(f"datum.align == '{align}'"),
            {"align": align, "baseline": "bottom", "dx": dx, "dy": -11, "fontSize": 11},
            {"x": x, "y": y, "text": "text:N"},
        )
    return alt.layer(*layers).properties(
        title=alt.Title(
            "Road to fit: so far, fit and runway",
            subtitle=f"Dashed lines: the {' and '.join(text for _, text in _mark_labels(timeline))}"
            " after the start.",
            offset=18,
        ),
        width=CHART_WIDTH,
        height=LANE_HEIGHT * len(lanes),
    )


def portfolio_fit_chart(portfolio: Portfolio) -> alt.LayerChart:
    """Months elapsed per company against the 12/24-month marks, with fit where it was
    confirmed, a hollow mark where it is provisional, or the projection with its range."""
    from workbook.ttpmf import rules
    from workbook.ttpmf.compute import projection_coverage

    rows = portfolio.rows
    order = [row.name for row in rows]
    ends = [rules.FIT_DEADLINE_MONTHS.value]
    for row in rows:
        ends += [v for v in (row.months_elapsed, row.months_to_fit, row.projected_months) if v]
        if row.projected_range is not None and row.projected_range[0] is not None:
            ends.append(row.projected_range[0])
    limit = max(ends) + 3
    wide = [
        row.projected_range[1]
        for row in rows
        if row.projected_range is not None and row.projected_range[1] is not None
    ]
    if wide and max(wide) <= limit + RANGE_CLIP_MONTHS:
        limit = max(limit, max(wide) + 1)
    coverage = fmt.share(projection_coverage())
    kinds = {
        "months elapsed": PALETTE["accent"],
        "fit confirmed": PALETTE["good"],
        "fit provisional": PALETTE["good"],
        f"projected fit ({coverage} range)": PALETTE["warn"],
    }
    shapes = ["circle", "circle", "circle", "diamond"]
    bars, points, notes = [], [], []
    for row in rows:
        if row.months_elapsed is None:
            continue
        bars.append({"company": row.name, "from": 0.0, "to": row.months_elapsed, "kind": ""})
        points.append({"company": row.name, "months": row.months_elapsed, "kind": "months elapsed"})
        if row.months_to_fit is not None:
            points.append(
                {"company": row.name, "months": row.months_to_fit, "kind": "fit confirmed"}
            )
        elif row.fit == "provisional":  # before the months-elapsed point, which covers it
            points.insert(
                len(points) - 1,
                {"company": row.name, "months": row.months_elapsed, "kind": "fit provisional"},
            )
        elif row.projected_months is not None:
            kind = f"projected fit ({coverage} range)"
            points.append({"company": row.name, "months": row.projected_months, "kind": kind})
            low, high = row.projected_range or (None, None)
            right = limit if high is None or high > limit else high
            bars.append(
                {
                    "company": row.name,
                    "from": low if low is not None else row.projected_months,
                    "to": right,
                    "kind": "range",
                }
            )
            if right == limit:
                until = fmt.number(high, placeholder="beyond the horizon")
                notes.append(
                    {"company": row.name, "months": limit, "text": f"range to month {until} →"}
                )
    x_scale = alt.Scale(domain=[0, round(limit, 1)], nice=False)
    x = alt.X("months:Q", title="Months since the start", scale=x_scale)
    y = alt.Y("company:N", title=None, sort=order)
    legend = alt.Legend(title=None, orient="bottom", direction="horizontal")
    colour_scale = alt.Scale(domain=list(kinds), range=list(kinds.values()))
    # provisional fit: a hollow ring around the months-elapsed point (drawn larger, under it;
    # its legend-sized twin hides under the point, listed first so that it is drawn first)
    fills = [c if kind != "fit provisional" else "white" for kind, c in kinds.items()]
    fill_scale = alt.Scale(domain=list(kinds), range=fills)
    shape = alt.Shape("kind:N", scale=alt.Scale(domain=list(kinds), range=shapes), legend=legend)
    marks = pd.DataFrame(
        {
            "months": [rules.EARLY_FIT_MONTHS.value, rules.FIT_DEADLINE_MONTHS.value],
            "text": [
                f"{rules.EARLY_FIT_MONTHS.value}-month mark",
                f"{rules.FIT_DEADLINE_MONTHS.value}-month mark",
            ],
        }
    )
    bar_frame = pd.DataFrame(bars, columns=["company", "from", "to", "kind"])
    point_frame = pd.DataFrame(points, columns=["company", "months", "kind"]).assign(
        months=lambda f: f["months"].round(1)
    )
    layers: list[alt.TopLevelMixin] = [
        alt.Chart(marks)
        .mark_rule(strokeDash=[5, 4], color=PALETTE["muted"])
        .encode(x=alt.X("months:Q", scale=x_scale, title="Months since the start")),
        alt.Chart(marks)
        .mark_text(baseline="bottom", dy=-4, fontSize=11, color=PALETTE["ink"])
        .encode(x=alt.X("months:Q", scale=x_scale), y=alt.value(0), text="text:N"),
        alt.Chart(bar_frame)
        .transform_filter("datum.kind == ''")
        .mark_rule(strokeWidth=10, opacity=0.25, color=PALETTE["accent"])
        .encode(x=alt.X("from:Q", scale=x_scale, title="Months since the start"), x2="to:Q", y=y),
        alt.Chart(bar_frame)
        .transform_filter("datum.kind == 'range'")
        .mark_rule(strokeWidth=4, opacity=0.6, color=PALETTE["warn"])
        .encode(x=alt.X("from:Q", scale=x_scale), x2="to:Q", y=y),
        alt.Chart(point_frame)
        .transform_filter("datum.kind == 'fit provisional'")
        .mark_point(opacity=1, strokeWidth=2.5, size=340, fill="white")
        .encode(x=x, y=y, stroke=alt.value(kinds["fit provisional"])),
        alt.Chart(point_frame)
        .mark_point(opacity=1, strokeWidth=2.5)
        .encode(
            x=x,
            y=y,
            shape=shape,
            stroke=alt.Stroke("kind:N", scale=colour_scale, legend=legend),
            fill=alt.Fill("kind:N", scale=fill_scale, legend=legend),
            size=alt.value(110),
            tooltip=["company:N", "kind:N", "months:Q"],
        ),
    ]
    if notes:
        layers.append(
            alt.Chart(pd.DataFrame(notes))
            .mark_text(align="right", baseline="bottom", dy=-8, fontSize=10, color=PALETTE["warn"])
            .encode(x=alt.X("months:Q", scale=x_scale), y=y, text="text:N")
        )
    return alt.layer(*layers).properties(
        title=alt.Title("Time to fit: months elapsed, fit or projection", offset=18),
        width=CHART_WIDTH,
        height=max(LANE_HEIGHT * len(order), LANE_HEIGHT * 2),
    )


_POSITION_WIDTH = CHART_WIDTH - 80
_POSITION_HEIGHT = 300
_SIZE_RANGE = (80, 900)


def _position_labels(frame: pd.DataFrame, top: float, index_max: float) -> pd.DataFrame:
    """Each company's name placed beside its circle (see
    :func:`workbook.charts.base.place_labels`): no name covers another, a circle or the band's
    label. Columns: company, x, y (data units), align, and the leader line from leader_x/leader_y
    to end_x/end_y (NaN: no leader).
    """
    width, height = _POSITION_WIDTH, _POSITION_HEIGHT
    most = max([1, *frame["respondents"].fillna(0)])
    low, high = _SIZE_RANGE
    anchors = [
        (
            float(x) / top * width,
            (1 - float(y) / index_max) * height,
            math.sqrt((low + (high - low) * float(n or 0) / most) / math.pi) + 1,
        )
        for x, y, n in zip(
            frame["reinvention"], frame["belonging"], frame["respondents"], strict=True
        )
    ]
    placements = place_labels(anchors, list(frame["company"]), width=width, height=height)

    def unit_x(px: float) -> float:
        return round(px / width * top, 3)

    def unit_y(py: float) -> float:
        return round((1 - py / height) * index_max, 3)

    return pd.DataFrame(
        {
            "company": frame["company"].to_numpy(),
            "x": [unit_x(p.x) for p in placements],
            "y": [unit_y(p.y) for p in placements],
            "align": [p.align for p in placements],
            "leader_x": [p.leader_at(0, unit_x) for p in placements],
            "leader_y": [p.leader_at(1, unit_y) for p in placements],
            "end_x": [p.leader_at(2, unit_x) for p in placements],
            "end_y": [p.leader_at(3, unit_y) for p in placements],
        },
        columns=["company", "x", "y", "align", "leader_x", "leader_y", "end_x", "end_y"],
    )


def portfolio_position_chart(portfolio: Portfolio) -> alt.LayerChart:
    """Belonging Index against reinvention share, one circle per company sized by the
    belonging respondents and coloured by whether it needs attention, over the reinvention
    band and the strong-belonging line (its label beyond the right edge, the legends below).
    Company names never cover each other or a circle."""
    from workbook.belonging import rules as belonging_rules
    from workbook.differentiation import rules as differentiation_rules

    shown = [
        row
        for row in portfolio.rows
        if row.belonging_index is not None and row.reinvention_share is not None
    ]
    left_out = [row.name for row in portfolio.rows if row not in shown]
    frame = pd.DataFrame(
        {
            "company": [row.name for row in shown],
            # ``or 0.0`` only tells the type checker: every row shown has both figures.
            "reinvention": [round((row.reinvention_share or 0.0) * 100, 1) for row in shown],
            "belonging": [round(row.belonging_index or 0.0, 1) for row in shown],
            "respondents": [row.respondents for row in shown],
            "attention": [ATTENTION_WORDS[row.attention] for row in shown],
        },
        columns=["company", "reinvention", "belonging", "respondents", "attention"],
    )
    band_low, band_high = differentiation_rules.TARGET_BAND.value
    top = round(max([40.0, *(frame["reinvention"] + 5)]))
    index_max = belonging_rules.INDEX_MAX.value
    x_scale = alt.Scale(domain=[0, top], nice=False)
    y_scale = alt.Scale(domain=[0, index_max], nice=False)
    x = alt.X("reinvention:Q", title="Reinvention share (%)", scale=x_scale)
    y = alt.Y("belonging:Q", title="Belonging Index", scale=y_scale)
    colour = alt.Color(
        "attention:N",
        title=None,
        scale=alt.Scale(
            domain=list(ATTENTION_WORDS.values()), range=[PALETTE["bad"], PALETTE["accent"]]
        ),
        legend=alt.Legend(orient="bottom"),
    )
    band = pd.DataFrame(
        {
            "low": [band_low * 100],
            "high": [band_high * 100],
            "text": [f"target band {differentiation_rules.TARGET_BAND.text}"],
        }
    )
    strong = pd.DataFrame(
        {
            "belonging": [belonging_rules.STRONG_INDEX.value],
            "text": [f"strong from {belonging_rules.STRONG_INDEX.text}"],
        }
    )
    layers: list[alt.TopLevelMixin] = [
        alt.Chart(band)
        .mark_rect(color=PALETTE["good"], opacity=0.1)
        .encode(x=alt.X("low:Q", scale=x_scale, title="Reinvention share (%)"), x2="high:Q"),
        alt.Chart(band)
        .mark_text(baseline="bottom", dy=-5, fontSize=LABEL_FONT_SIZE, color=PALETTE["good"])
        .encode(x=alt.X("mid:Q", scale=x_scale), y=alt.value(0), text="text:N")
        .transform_calculate(mid="(datum.low + datum.high) / 2")
        .properties(name="band_label"),
        alt.Chart(strong)
        .mark_rule(strokeDash=[5, 4], color=PALETTE["muted"])
        .encode(y=alt.Y("belonging:Q", scale=y_scale, title="Belonging Index")),
        alt.Chart(strong)
        .mark_text(align="left", baseline="middle", dx=6, fontSize=LABEL_FONT_SIZE)
        .encode(
            x=alt.value("width"),
            y=alt.Y("belonging:Q", scale=y_scale),
            text="text:N",
            color=alt.value(PALETTE["ink"]),
        )
        .properties(name="reference_label"),
    ]
    placed = _position_labels(frame, top, index_max)
    layers += leader_lines(placed, x_scale, y_scale)
    layers.append(
        alt.Chart(frame)
        .mark_circle(opacity=0.8, stroke=PALETTE["ink"], strokeWidth=1)
        .encode(
            x=x,
            y=y,
            size=alt.Size(
                "respondents:Q",
                title="Belonging respondents",
                scale=alt.Scale(range=list(_SIZE_RANGE), zero=True),
                legend=alt.Legend(
                    orient="bottom",
                    values=sorted(
                        {int(frame["respondents"].min()), int(frame["respondents"].max())}
                    )
                    if not frame.empty
                    else alt.Undefined,
                ),
            ),
            color=colour,
            tooltip=[
                "company:N",
                "reinvention:Q",
                "belonging:Q",
                "respondents:Q",
                "attention:N",
            ],
        )
    )
    for align in ("left", "right", "center"):
        names = placed[placed["align"] == align]
        if not names.empty:
            layers += haloed_text(
                alt.Chart(names[["company", "x", "y"]]),
                {"align": align, "baseline": "middle", "fontSize": LABEL_FONT_SIZE},
                {
                    "x": alt.X("x:Q", scale=x_scale),
                    "y": alt.Y("y:Q", scale=y_scale),
                    "text": "company:N",
                },
            )
    subtitle = (
        "Not shown, without a Belonging Index or a reinvention share: " + ", ".join(left_out)
        if left_out
        else "Every company is shown."
    )
    return alt.layer(*layers).properties(
        title=alt.Title("Belonging and reinvention", subtitle=subtitle, offset=8),
        width=_POSITION_WIDTH,
        height=_POSITION_HEIGHT,
    )
