"""Chart builders for the differentiation assessment (see workbook.charts.base for the theme).

Each builder takes a small frame prepared by :mod:`workbook.differentiation` (a few rows per
feature, factor or zone) and returns an Altair chart.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from workbook.charts.base import CHART_HEIGHT, CHART_WIDTH, PALETTE
from workbook.differentiation import KANO_LABELS, QUADRANT_THRESHOLD, TARGET_SHARE
from workbook.io import FEATURE_AREAS, FEATURE_CHANGES

__all__ = [
    "feature_inventory_chart",
    "kano_quadrant_chart",
    "reinvention_share_chart",
    "strategy_canvas_chart",
]

_ZONE_COLOURS = {
    "clone": PALETTE["bad"],
    "below the band": PALETTE["warn"],
    "on target": PALETTE["good"],
    "above the band": PALETTE["warn"],
    "rebuild-everything": PALETTE["bad"],
}
_BULLET_HEIGHT = 70


def feature_inventory_chart(
    inventory: pd.DataFrame, *, title: str = "Feature inventory, weighted by importance"
) -> alt.Chart:
    """Stacked bars: summed importance per change (kept, reinvented, new, removed) by area.

    ``inventory`` has one row per change and area with ``features`` and ``importance``.
    """
    shown = inventory[inventory["importance"] > 0]
    return (
        alt.Chart(shown)
        .mark_bar()
        .encode(
            y=alt.Y("change:N", title=None, scale=alt.Scale(domain=list(FEATURE_CHANGES))),
            x=alt.X("importance:Q", stack="zero", title="Summed importance (1–5 per feature)"),
            color=alt.Color(
                "area:N",
                title="Area",
                scale=alt.Scale(
                    domain=list(FEATURE_AREAS), range=[PALETTE["accent"], PALETTE["muted"]]
                ),
            ),
            tooltip=["change", "area", "features", "importance"],
        )
        .properties(title=title, width=CHART_WIDTH)
    )


def reinvention_share_chart(
    zones: pd.DataFrame,
    share: float,
    *,
    title: str = "Reinvention share against the target band",
) -> alt.LayerChart:
    """A bullet bar: the reinvention share over the scale's zones, the target band shaded.

    ``zones`` has ``zone``, ``start`` and ``end`` (shares) in scale order; ``share`` is 0–1.
    """
    scale = alt.Scale(domain=[0, float(zones["end"].max())])
    axis = alt.Axis(format="%", title="Importance-weighted share of the product reinvented")
    band = (
        alt.Chart(zones)
        .mark_rect()
        .encode(
            x=alt.X("start:Q", scale=scale, axis=axis),
            x2="end:Q",
            color=alt.Color(
                "zone:N",
                title=None,
                scale=alt.Scale(domain=list(_ZONE_COLOURS), range=list(_ZONE_COLOURS.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            opacity=alt.condition(alt.datum.zone == "on target", alt.value(0.55), alt.value(0.15)),
            tooltip=[
                "zone",
                alt.Tooltip("start:Q", format=".0%"),
                alt.Tooltip("end:Q", format=".0%"),
            ],
        )
    )
    value = pd.DataFrame({"start": [0.0], "share": [share], "label": [f"{share:.0%}"]})
    bar = (
        alt.Chart(value)
        .mark_rect(color=PALETTE["ink"])
        .encode(
            x=alt.X("start:Q", scale=scale),
            x2="share:Q",
            y=alt.value(_BULLET_HEIGHT * 0.35),
            y2=alt.value(_BULLET_HEIGHT * 0.65),
            tooltip=[alt.Tooltip("share:Q", format=".1%", title="reinvention share")],
        )
    )
    label = (
        alt.Chart(value)
        .mark_text(align="left", dx=5, fontWeight="bold", color=PALETTE["ink"])
        .encode(x=alt.X("share:Q", scale=scale), y=alt.value(_BULLET_HEIGHT / 2), text="label:N")
    )
    target = (
        alt.Chart(pd.DataFrame({"target": [TARGET_SHARE]}))
        .mark_rule(strokeDash=[4, 3], color=PALETTE["ink"])
        .encode(x=alt.X("target:Q", scale=scale))
    )
    return alt.layer(band, target, bar, label).properties(
        title=title, width=CHART_WIDTH, height=_BULLET_HEIGHT
    )


def kano_quadrant_chart(
    quadrants: pd.DataFrame, *, title: str = "Kano Better/Worse quadrants"
) -> alt.LayerChart:
    """Features placed by |Worse| (x) and Better (y), with the quadrant rules at the threshold.

    ``quadrants`` has one row per feature: ``feature``, ``better``, ``worse_magnitude``,
    ``category`` (Kano category by most frequent answer) and ``quadrant``.
    """
    unit = alt.Scale(domain=[0, 1])
    points = alt.Chart(quadrants).encode(
        x=alt.X("worse_magnitude:Q", scale=unit, title="|Worse|: dissatisfaction when absent"),
        y=alt.Y("better:Q", scale=unit, title="Better: satisfaction when present"),
    )
    dots = points.mark_circle(size=90, opacity=0.9).encode(
        color=alt.Color(
            "category:N",
            title="Most frequent answer",
            scale=alt.Scale(domain=list(KANO_LABELS.values())),
        ),
        tooltip=["feature", "category", "quadrant", "better", "worse_magnitude"],
    )
    names = points.mark_text(align="left", dx=7, dy=-6, fontSize=11, color=PALETTE["ink"]).encode(
        text="feature:N"
    )
    rules = pd.DataFrame({"at": [QUADRANT_THRESHOLD]})
    vertical = (
        alt.Chart(rules).mark_rule(color=PALETTE["muted"]).encode(x=alt.X("at:Q", scale=unit))
    )
    horizontal = (
        alt.Chart(rules).mark_rule(color=PALETTE["muted"]).encode(y=alt.Y("at:Q", scale=unit))
    )
    low, high = QUADRANT_THRESHOLD / 2, (1 + QUADRANT_THRESHOLD) / 2
    corners = pd.DataFrame(
        {
            "x": [low, high, high, low],
            "y": [0.97, 0.97, 0.03, 0.03],
            "quadrant": ["attractive", "one-dimensional", "must-be", "indifferent"],
        }
    )
    labels = (
        alt.Chart(corners)
        .mark_text(fontSize=12, fontStyle="italic", color=PALETTE["muted"])
        .encode(x=alt.X("x:Q", scale=unit), y=alt.Y("y:Q", scale=unit), text="quadrant:N")
    )
    return alt.layer(vertical, horizontal, labels, dots, names).properties(
        title=title, width=CHART_WIDTH, height=CHART_WIDTH * 0.75
    )


def strategy_canvas_chart(
    value_curves: pd.DataFrame, *, title: str = "Strategy canvas: value curves"
) -> alt.Chart:
    """One line per product across the canvas' factors (0–10), the company's line thicker.

    ``value_curves`` has ``factor``, ``product``, ``score`` and ``role`` ("your product" or
    "other product"); factors and products keep the order in which they first appear.
    """
    factors = list(dict.fromkeys(value_curves["factor"]))
    products = list(dict.fromkeys(value_curves["product"]))
    return (
        alt.Chart(value_curves)
        .mark_line(point=True)
        .encode(
            x=alt.X("factor:N", sort=factors, title=None, axis=alt.Axis(labelAngle=-30)),
            y=alt.Y("score:Q", scale=alt.Scale(domain=[0, 10]), title="Offering level (0–10)"),
            color=alt.Color("product:N", sort=products, title=None),
            strokeWidth=alt.StrokeWidth(
                "role:N",
                scale=alt.Scale(domain=["your product", "other product"], range=[4, 1.5]),
                legend=None,
            ),
            tooltip=["product", "factor", "score"],
        )
        .properties(title=title, width=CHART_WIDTH, height=CHART_HEIGHT)
    )
