"""The project's chart theme, its notebook renderer and generic builders shared by assessments.

Builders take small, already aggregated frames and return Altair charts; they never display or
save anything. Aggregating first keeps pages small and keeps every chart far below Altair's
5,000-row limit whatever the size of a survey.

Three shared pieces keep charts readable whatever the data:

- :func:`time_axis`: every temporal axis; one label per tick, the year on every label, ticks at
  month starts spaced so that no two labels touch (weekly data over years or two waves a year
  apart alike).
- :func:`reference_rule`: a threshold line whose label sits outside the plot (above it for a
  vertical rule, beyond its right edge for a horizontal one), never over bars or whiskers.
- :func:`place_labels`: deterministic placement of point labels that never overlap each other,
  the points or other text (labels pushed away from a crowd get a leader line).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import altair as alt
import pandas as pd

from workbook.charts.layout import (  # noqa: F401 (re-exported: the builders use them from here)
    FONT,
    LABEL_FONT_SIZE,
    Box,
    Placement,
    haloed_text,
    leader_lines,
    place_labels,
    text_box,
    text_width,
)
from workbook.theme import CATEGORY_RANGE, GRID, PALETTE, TONE_TINTS

THEME_NAME = "workbook"
RENDERER_NAME = "workbook"


def tone_of(value: float | None, weak_below: float, strong_from: float) -> str:
    """The status tone of a value against two thresholds: ``bad`` below ``weak_below``, ``good``
    from ``strong_from``, ``warn`` between (``none`` when there is no value)."""
    if value is None:
        return "none"
    if value < weak_below:
        return "bad"
    return "good" if value >= strong_from else "warn"


def tone_threshold_scale(weak_below: float, strong_from: float) -> alt.Scale:
    """A colour scale that fills values with the tints of the status tones (see
    :func:`tone_of`), so that a weak cell reads as weak at a glance."""
    return alt.Scale(
        type="threshold",
        domain=[weak_below, strong_from],
        range=[TONE_TINTS["bad"], TONE_TINTS["warn"], TONE_TINTS["good"]],
    )


def runway_tone(buffer_months: float | None) -> str:
    """The runway's status tone: good with at least the marketing buffer left after fit, needs
    care with less, needs action with none (muted when the runway is not given)."""
    from workbook.ttpmf import rules

    if buffer_months is None:
        return "muted"
    minimum = rules.MIN_MARKETING_BUFFER_MONTHS.value
    return tone_of(buffer_months, weak_below=1e-9, strong_from=minimum)


CHART_WIDTH = 520
CHART_HEIGHT = 260
#: PNG fallback scale: sharp on high-density screens while keeping pages light.
PNG_SCALE = 1.5
#: vl-convert names Vega-Lite versions by major.minor ("6.4"), Altair by full version ("v6.4.1").
VL_CONVERT_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def _theme() -> alt.theme.ThemeConfig:
    """Return the workbook's Vega-Lite config: quiet axes, one font, the shared palette."""
    return {
        "config": {
            "view": {"continuousWidth": CHART_WIDTH, "continuousHeight": CHART_HEIGHT},
            "font": FONT,
            "title": {"fontSize": 15, "anchor": "start", "color": PALETTE["ink"]},
            "axis": {
                "labelFontSize": LABEL_FONT_SIZE,
                "titleFontSize": 12,
                "gridColor": GRID,
                "domainColor": PALETTE["muted"],
            },
            "legend": {"labelFontSize": LABEL_FONT_SIZE, "titleFontSize": 12},
            "range": {"category": CATEGORY_RANGE},
            "bar": {"color": PALETTE["accent"]},
            "line": {"color": PALETTE["accent"], "strokeWidth": 2},
            "point": {"color": PALETTE["accent"]},
        }
    }


def _render(spec: dict[str, Any], **metadata: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Render a chart for notebooks: interactive Vega-Lite, a PNG fallback and a text label.

    JupyterLab shows the interactive Vega-Lite view; exported HTML and other frontends use the
    PNG, made locally by vl-convert so that no network is needed. The text label names the chart,
    which keeps nbval comparisons readable.
    """
    import vl_convert

    png = vl_convert.vegalite_to_png(
        vl_spec=json.dumps(spec), vl_version=VL_CONVERT_VERSION, scale=PNG_SCALE
    )
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    label = f"<Chart: {title}>" if title else "<Chart>"
    bundle = {
        f"application/vnd.vegalite.v{alt.SCHEMA_VERSION[1]}+json": spec,
        "image/png": base64.b64encode(png).decode("ascii"),
        "text/plain": label,
    }
    bundle.update(live_chart_bundle(spec))
    return bundle, {}


#: The newest Vega-Lite media type that the pinned JupyterLab (4.6) and Voilà (0.5) draw
#: themselves, offline: their bundles register v3, v4 and v5 renderers, none for Altair 6's v6.
LIVE_VEGALITE_MIME = "application/vnd.vegalite.v5+json"


def live_chart_bundle(spec: dict[str, Any]) -> dict[str, Any]:
    """The same spec under the media type JupyterLab and Voilà draw as a live chart (tooltips,
    no network); nothing when Altair already emits that type. Rendered report pages replace
    every Vega-Lite output with an inline SVG, so they are unchanged."""
    if f"application/vnd.vegalite.v{alt.SCHEMA_VERSION[1]}+json" == LIVE_VEGALITE_MIME:
        return {}
    return {LIVE_VEGALITE_MIME: spec}


def setup() -> None:
    """Enable the workbook theme and renderer; notebooks call this once in their first cell.

    Cheap when both are already active (a live editor calls it on every redraw: listing the
    registered names scans every installed package's entry points)."""
    if alt.theme.active == THEME_NAME and alt.renderers.active == RENDERER_NAME:
        return
    if THEME_NAME not in alt.theme.names():
        alt.theme.register(THEME_NAME, enable=False)(_theme)
    alt.theme.enable(THEME_NAME)
    if RENDERER_NAME not in alt.renderers.names():
        alt.renderers.register(RENDERER_NAME, _render)
    alt.renderers.enable(RENDERER_NAME)


def to_png(chart: alt.TopLevelMixin) -> bytes:
    """Return a chart as PNG bytes rendered offline (used by reports and tests)."""
    import vl_convert

    return vl_convert.vegalite_to_png(
        vl_spec=chart.to_json(), vl_version=VL_CONVERT_VERSION, scale=PNG_SCALE
    )


# -- time axes ----------------------------------------------------------------------------------

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Months between ticks, from the densest; the first whose labels do not touch is used.
_MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)
#: Pixels between two neighbouring tick labels, at least.
_TICK_LABEL_GAP = 14
#: A time axis spans at least this many days (so it always holds two month starts) and reaches
#: at least this far beyond the first and last date, so no point sits on an edge.
MIN_TIME_SPAN_DAYS = 62
_MIN_TIME_MARGIN_DAYS = 10
_TIME_MARGIN = 0.04


def as_day(value: Any) -> date:
    """A date from a ``date``, ``datetime``, pandas ``Timestamp`` or ISO text."""
    if isinstance(value, str):
        value = pd.Timestamp(value)
    if isinstance(value, datetime):  # includes pandas Timestamps
        return value.date()
    return value


def _is_missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def iso_datetime(day: date) -> str:
    """A day as local-midnight ISO text ("2025-08-01T00:00:00"), how Vega-Lite reads the dates
    of the charts' data: a bare "2025-08-01" would be read as UTC midnight, a day early west of
    Greenwich."""
    return f"{day.isoformat()}T00:00:00"


@dataclass(frozen=True)
class TimeAxis:
    """A temporal x axis: the domain ``start``..``end`` and one tick per ``ticks`` (month
    starts), each labelled once (``labels``, with the year) in the d3 ``format``."""

    start: date
    end: date
    ticks: tuple[date, ...]
    labels: tuple[str, ...]
    format: str
    grid: bool = True

    @property
    def span_days(self) -> int:
        return max(1, (self.end - self.start).days)

    def fraction(self, day: Any) -> float:
        """Where ``day`` falls on the axis: 0 at the start, 1 at the end."""
        return (as_day(day) - self.start).days / self.span_days

    @property
    def scale(self) -> alt.Scale:
        return alt.Scale(domain=[iso_datetime(self.start), iso_datetime(self.end)], nice=False)

    @property
    def axis(self) -> alt.Axis:
        return alt.Axis(
            values=[alt.DateTime(year=t.year, month=t.month, date=t.day) for t in self.ticks],
            format=self.format,
            labelAngle=0,
            labelOverlap=False,  # the ticks are spaced so that labels never touch
            grid=self.grid,
        )

    def x(self, field: str = "date", **kwargs: Any) -> alt.X:
        """The x encoding of a temporal ``field`` on this axis (no title: dates speak)."""
        kwargs.setdefault("title", None)
        return alt.X(f"{field}:T", scale=self.scale, axis=self.axis, **kwargs)


def _month_starts(start: date, end: date, step: int) -> list[date]:
    first = start.year * 12 + start.month - 1 + (start.day > 1)
    last = end.year * 12 + end.month - 1
    return [
        date(index // 12, index % 12 + 1, 1)
        for index in range(first, last + 1)
        if index % step == 0
    ]


def _tick_label(day: date, step: int) -> str:
    return str(day.year) if step >= 12 else f"{_MONTHS[day.month - 1]} {day.year}"


def time_axis(
    dates: Iterable[Any] = (),
    *,
    domain: tuple[Any, Any] | None = None,
    width: float = CHART_WIDTH,
    grid: bool = True,
) -> TimeAxis:
    """The one time axis of every temporal chart.

    The domain is ``domain`` when given, else the span of ``dates`` (missing ones ignored) with a
    margin each side, widened to :data:`MIN_TIME_SPAN_DAYS` for a single date or close ones.
    Ticks fall on month starts every 1, 2, 3, 6 or 12 months (or more), the densest spacing
    whose labels do not touch at ``width`` pixels; labels read "Aug 2025" ("2025" for yearly
    ticks), so each is written once and carries its year.
    """
    if domain is not None:
        start, end = as_day(domain[0]), as_day(domain[1])
    else:
        days = sorted(as_day(d) for d in dates if not _is_missing(d))
        if not days:
            raise ValueError("a time axis needs at least one date or a domain")
        margin = max(_MIN_TIME_MARGIN_DAYS, round((days[-1] - days[0]).days * _TIME_MARGIN))
        start, end = days[0] - timedelta(days=margin), days[-1] + timedelta(days=margin)
        short = MIN_TIME_SPAN_DAYS - (end - start).days
        if short > 0:
            start -= timedelta(days=short // 2)
            end += timedelta(days=short - short // 2)
    span = max(1, (end - start).days)
    chosen: tuple[int, list[date], list[str]] | None = None
    for step in _MONTH_STEPS:
        ticks = _month_starts(start, end, step)
        labels = [_tick_label(t, step) for t in ticks]
        chosen = (step, ticks, labels)
        gaps = [
            (b - a).days / span * width - (text_width(la) + text_width(lb)) / 2
            for a, b, la, lb in zip(ticks, ticks[1:], labels, labels[1:], strict=False)
        ]
        if all(g >= _TICK_LABEL_GAP for g in gaps):
            break
    assert chosen is not None
    step, ticks, labels = chosen
    return TimeAxis(
        start=start,
        end=end,
        ticks=tuple(ticks),
        labels=tuple(labels),
        format="%Y" if step >= 12 else "%b %Y",
        grid=grid,
    )


#: A projection range reaching further than this past the other dates of a chart is cut at the
#: chart's edge (the chart says where it ends), so that one wide range does not squeeze the rest
#: into a corner.
RANGE_CLIP_MONTHS = 12


def within_clip(high: Any, latest: Any) -> bool:
    """Whether a range ending at ``high`` (None: beyond the horizon) is drawn whole on a chart
    whose other dates end at ``latest``."""
    if _is_missing(high):
        return False
    return as_day(high) <= as_day(latest) + timedelta(days=round(RANGE_CLIP_MONTHS * 30.44))


# -- generic builders ---------------------------------------------------------------------------


def reference_rule(value: float, label: str, *, axis: str = "y") -> alt.LayerChart:
    """A dashed rule with a label marking a target or threshold (e.g. the 40% fit line).

    The label sits outside the plot, where no bar, whisker or point can be: above the plot at
    the rule for a vertical rule (``axis="x"``), beyond the plot's right edge at the rule's
    height for a horizontal one (``axis="y"``; keep legends of such charts off the right).
    """
    frame = pd.DataFrame({"value": [value], "label": [label]})
    encoding = alt.Y if axis == "y" else alt.X
    base = alt.Chart(frame)
    rule = base.mark_rule(strokeDash=[6, 4], color=PALETTE["bad"]).encode(
        **{axis: encoding("value:Q")}
    )
    style = {"color": PALETTE["bad"], "fontSize": LABEL_FONT_SIZE}
    if axis == "x":
        text = base.mark_text(align="center", baseline="bottom", dy=-5, **style).encode(
            x=alt.X("value:Q"), y=alt.value(0), text="label:N"
        )
    else:
        text = base.mark_text(align="left", baseline="middle", dx=10, **style).encode(
            x=alt.value("width"), y=alt.Y("value:Q"), text="label:N"
        )
    return alt.layer(rule, text.properties(name="reference_label"))


def bars_with_interval(
    frame: pd.DataFrame,
    *,
    category: str,
    value: str,
    low: str,
    high: str,
    title: str,
    value_title: str,
    domain: Sequence[float] | None = None,
    color: str | None = None,
    tooltip: Sequence[str] = (),
    reference: tuple[float, str] | None = None,
    sort: Sequence[str] | None = None,
) -> alt.LayerChart:
    """Horizontal bars of an estimate per category with interval whiskers (e.g. 95% CI).

    ``frame`` holds one row per category (already aggregated). ``reference`` draws a labelled
    rule at a threshold, its label above the plot; ``domain`` fixes the value axis so charts
    stay comparable.
    """
    scale = alt.Scale(domain=list(domain)) if domain is not None else alt.Undefined
    y = alt.Y(f"{category}:N", title=None, sort=list(sort) if sort is not None else None)
    base = alt.Chart(frame)
    bar_encoding: dict[str, Any] = {
        "y": y,
        "x": alt.X(f"{value}:Q", title=value_title, scale=scale),
        "tooltip": [category, value, low, high, *tooltip],
    }
    if color is not None:
        bar_encoding["color"] = alt.Color(f"{color}:N", title=None)
    bars = base.mark_bar(opacity=0.85).encode(**bar_encoding)
    whiskers = base.mark_rule(color=PALETTE["ink"], strokeWidth=1.5).encode(
        y=y, x=alt.X(f"{low}:Q", scale=scale), x2=f"{high}:Q"
    )
    layers: list[alt.TopLevelMixin] = [bars, whiskers]
    if reference is not None:
        layers.append(reference_rule(reference[0], reference[1], axis="x"))
    return alt.layer(*layers).properties(title=title, width=CHART_WIDTH)


def trend_lines(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    title: str,
    y_title: str,
    series: str | None = None,
    x_type: str = "T",
    y_format: str | None = None,
    domain: Sequence[float] | None = None,
    reference: tuple[float, str] | None = None,
) -> alt.LayerChart:
    """Lines of a measure over time (weeks, waves, periods), one per ``series`` when given.

    A temporal ``x`` (``x_type="T"``) goes on the shared :func:`time_axis`; a ``reference``
    rule's label sits beyond the right edge, so a ``series`` legend goes below the chart.
    """
    scale = alt.Scale(domain=list(domain)) if domain is not None else alt.Undefined
    axis = alt.Axis(format=y_format) if y_format else alt.Undefined
    x_encoding = time_axis(frame[x]).x(x) if x_type == "T" else alt.X(f"{x}:{x_type}", title=None)
    encoding: dict[str, Any] = {
        "x": x_encoding,
        "y": alt.Y(f"{y}:Q", title=y_title, scale=scale, axis=axis),
        "tooltip": [x, y] + ([series] if series else []),
    }
    if series is not None:
        encoding["color"] = alt.Color(f"{series}:N", title=None, legend=alt.Legend(orient="bottom"))
    lines = alt.Chart(frame).mark_line(point=True).encode(**encoding)
    layers: list[alt.TopLevelMixin] = [lines]
    if reference is not None:
        layers.append(reference_rule(reference[0], reference[1], axis="y"))
    return alt.layer(*layers).properties(title=title, width=CHART_WIDTH, height=CHART_HEIGHT)
