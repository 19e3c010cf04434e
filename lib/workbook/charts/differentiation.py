"""Chart builders for the differentiation assessment (see workbook.charts.base for the theme).

Each builder takes a computed finding of :mod:`workbook.differentiation` (never a display
table), builds the small frame it plots (a few rows per feature, factor or zone) and returns an
Altair chart.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from workbook.charts.base import CHART_HEIGHT, CHART_WIDTH, PALETTE
from workbook.differentiation import rules
from workbook.differentiation.compute import (
    CanvasFinding,
    KanoFinding,
    ReinventionFinding,
    category_words,
    share_zones,
)
from workbook.differentiation.rules import KANO_LABELS
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
    reinvention: ReinventionFinding, *, title: str = "Feature inventory, weighted by importance"
) -> alt.Chart:
    """Stacked bars: summed importance per change (kept, reinvented, new, removed) by area."""
    inventory = reinvention.inventory
    shown = inventory[inventory["importance"] > 0]
    low, high = rules.IMPORTANCE_SCALE
    return (
        alt.Chart(shown)
        .mark_bar()
        .encode(
            y=alt.Y("change:N", title=None, scale=alt.Scale(domain=list(FEATURE_CHANGES))),
            x=alt.X(
                "importance:Q", stack="zero", title=f"Summed importance ({low}–{high} per feature)"
            ),
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
    reinvention: ReinventionFinding,
    *,
    title: str = "Reinvention share against the target band",
) -> alt.LayerChart:
    """A bullet bar: the reinvention share over the scale's zones, the target band shaded.

    The share must be defined (``reinvention.share`` is not None).
    """
    share = reinvention.share
    if share is None:
        raise ValueError("the reinvention share is not defined: nothing to chart")
    zones = share_zones(share)
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
        alt.Chart(pd.DataFrame({"target": [rules.TARGET_SHARE.value]}))
        .mark_rule(strokeDash=[4, 3], color=PALETTE["ink"])
        .encode(x=alt.X("target:Q", scale=scale))
    )
    return alt.layer(band, target, bar, label).properties(
        title=title, width=CHART_WIDTH, height=_BULLET_HEIGHT
    )


#: The colour legend's entry for a feature whose top categories are near-tied.
NEAR_TIE = "near-tie"


def quadrant_frame(kano: KanoFinding) -> pd.DataFrame:
    """Per feature with both coefficients: Better, |Worse|, category label and quadrant.

    ``category`` is the Kano label for a clear category and "near-tie" for a near-tie (then
    ``categories`` names both, e.g. "attractive or must-be", and the point's label carries the
    codes, e.g. "reviews (A/M)"), so the chart never claims one category for a near-tie.
    """
    frame = kano.per_feature.dropna(subset=["better", "worse"])
    tied = frame["near_tie"].to_numpy(dtype=bool)
    return pd.DataFrame(
        {
            "feature": frame["feature"].to_numpy(),
            "label": [
                f"{name} ({code})" if near_tie else name
                for name, code, near_tie in zip(
                    frame["feature"], frame["category"], tied, strict=True
                )
            ],
            "better": frame["better"].round(3).to_numpy(),
            "worse_magnitude": frame["worse"].abs().round(3).to_numpy(),
            "category": [
                NEAR_TIE if near_tie else KANO_LABELS[c[0]]
                for c, near_tie in zip(frame["categories"], tied, strict=True)
            ],
            "categories": [category_words(c) for c in frame["categories"]],
            "quadrant": frame["quadrant"].to_numpy(),
        }
    )


def kano_quadrant_chart(
    kano: KanoFinding, *, title: str = "Kano Better/Worse quadrants"
) -> alt.LayerChart:
    """Features placed by |Worse| (x) and Better (y), with the quadrant rules at the threshold.

    Features whose Better/Worse is not defined are left out; near-ties are coloured as such and
    labelled with both categories.
    """
    quadrants = quadrant_frame(kano)
    threshold = rules.QUADRANT_THRESHOLD.value
    unit = alt.Scale(domain=[0, 1])
    points = alt.Chart(quadrants).encode(
        x=alt.X("worse_magnitude:Q", scale=unit, title="|Worse|: dissatisfaction when absent"),
        y=alt.Y("better:Q", scale=unit, title="Better: satisfaction when present"),
    )
    dots = points.mark_circle(size=90, opacity=0.9).encode(
        color=alt.Color(
            "category:N",
            title="Most frequent answer",
            scale=alt.Scale(domain=[*KANO_LABELS.values(), NEAR_TIE]),
        ),
        tooltip=[
            "feature",
            alt.Tooltip("categories:N", title="customers see it as"),
            "quadrant",
            "better",
            "worse_magnitude",
        ],
    )
    names = points.mark_text(align="left", dx=7, dy=-6, fontSize=11, color=PALETTE["ink"]).encode(
        text="label:N"
    )
    splits = pd.DataFrame({"at": [threshold]})
    vertical = (
        alt.Chart(splits).mark_rule(color=PALETTE["muted"]).encode(x=alt.X("at:Q", scale=unit))
    )
    horizontal = (
        alt.Chart(splits).mark_rule(color=PALETTE["muted"]).encode(y=alt.Y("at:Q", scale=unit))
    )
    low, high = threshold / 2, (1 + threshold) / 2
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
    canvas: CanvasFinding, *, title: str = "Strategy canvas: value curves"
) -> alt.Chart:
    """One line per product across the canvas' factors, the company's line thicker."""
    value_curves = canvas.value_curves.assign(
        role=np.where(
            canvas.value_curves["product"] == canvas.company_product,
            "your product",
            "other product",
        )
    )
    factors = list(canvas.factors)
    products = list(canvas.products)
    low, high = rules.CANVAS_SCALE
    return (
        alt.Chart(value_curves)
        .mark_line(point=True)
        .encode(
            x=alt.X("factor:N", sort=factors, title=None, axis=alt.Axis(labelAngle=-30)),
            y=alt.Y(
                "score:Q",
                scale=alt.Scale(domain=[low, high]),
                title=f"Offering level ({low}–{high})",
            ),
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
