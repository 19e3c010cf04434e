"""The project's chart theme, its notebook renderer and generic builders shared by assessments.

Builders take small, already aggregated frames and return Altair charts; they never display or
save anything. Aggregating first keeps pages small and keeps every chart far below Altair's
5,000-row limit whatever the size of a survey.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

THEME_NAME = "workbook"
RENDERER_NAME = "workbook"

#: Colours used across the workbook: one accent, one muted, and a traffic-light triple.
PALETTE = {
    "accent": "#2f5d8a",
    "muted": "#9aa5b1",
    "good": "#2e7d32",
    "warn": "#c77c02",
    "bad": "#c62828",
    "ink": "#1f2933",
}
CATEGORY_RANGE = ["#2f5d8a", "#e07a2f", "#3f9b7f", "#8a5fb4", "#c9a227", "#c2536b", "#5c7080"]
CHART_WIDTH = 520
CHART_HEIGHT = 260
#: PNG fallback scale: sharp on high-density screens while keeping pages light.
PNG_SCALE = 1.5
#: vl-convert names Vega-Lite versions by major.minor ("6.4"), Altair by full version ("v6.4.1").
VL_CONVERT_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def _theme() -> alt.theme.ThemeConfig:
    """Return the workbook's Vega-Lite config: quiet axes, one font, the shared palette."""
    font = "Helvetica, Arial, sans-serif"
    return {
        "config": {
            "view": {"continuousWidth": CHART_WIDTH, "continuousHeight": CHART_HEIGHT},
            "font": font,
            "title": {"fontSize": 15, "anchor": "start", "color": PALETTE["ink"]},
            "axis": {
                "labelFontSize": 11,
                "titleFontSize": 12,
                "gridColor": "#e4e7eb",
                "domainColor": PALETTE["muted"],
            },
            "legend": {"labelFontSize": 11, "titleFontSize": 12},
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
    return bundle, {}


def setup() -> None:
    """Enable the workbook theme and renderer; notebooks call this once in their first cell."""
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


def reference_rule(value: float, label: str, *, axis: str = "y") -> alt.LayerChart:
    """A dashed rule with a label marking a target or threshold (e.g. the 40% fit line)."""
    frame = pd.DataFrame({"value": [value], "label": [label]})
    encoding = alt.Y if axis == "y" else alt.X
    base = alt.Chart(frame)
    rule = base.mark_rule(strokeDash=[6, 4], color=PALETTE["bad"]).encode(
        **{axis: encoding("value:Q")}
    )
    text = base.mark_text(align="left", dx=4, dy=-6, color=PALETTE["bad"], fontSize=11).encode(
        **{axis: encoding("value:Q")}, text="label:N"
    )
    return alt.layer(rule, text)


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
    rule at a threshold; ``domain`` fixes the value axis so charts stay comparable.
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
    """Lines of a measure over time (weeks, waves, periods), one per ``series`` when given."""
    scale = alt.Scale(domain=list(domain)) if domain is not None else alt.Undefined
    axis = alt.Axis(format=y_format) if y_format else alt.Undefined
    encoding: dict[str, Any] = {
        "x": alt.X(f"{x}:{x_type}", title=None),
        "y": alt.Y(f"{y}:Q", title=y_title, scale=scale, axis=axis),
        "tooltip": [x, y] + ([series] if series else []),
    }
    if series is not None:
        encoding["color"] = alt.Color(f"{series}:N", title=None)
    lines = alt.Chart(frame).mark_line(point=True).encode(**encoding)
    layers: list[alt.TopLevelMixin] = [lines]
    if reference is not None:
        layers.append(reference_rule(reference[0], reference[1], axis="y"))
    return alt.layer(*layers).properties(title=title, width=CHART_WIDTH, height=CHART_HEIGHT)
