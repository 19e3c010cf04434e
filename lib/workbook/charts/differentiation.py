"""Chart builders for the differentiation assessment (see workbook.charts.base for the theme).

Each builder takes a computed finding of :mod:`workbook.differentiation` (never a display
table), builds the small frame it plots (a few rows per feature, factor or zone) and returns an
Altair chart.
"""

from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd

from workbook.charts.base import (
    CHART_HEIGHT,
    CHART_WIDTH,
    LABEL_FONT_SIZE,
    PALETTE,
    Box,
    haloed_text,
    leader_lines,
    place_labels,
    text_box,
)
from workbook.differentiation import rules
from workbook.differentiation.canvas import CanvasFinding
from workbook.differentiation.kano import KanoFinding
from workbook.differentiation.reinvention import ReinventionFinding, share_zones
from workbook.differentiation.rules import KANO_LABELS
from workbook.differentiation.wording import category_words
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


#: The Kano plot's size in pixels and its points' area (circle mark size).
KANO_WIDTH = CHART_WIDTH
KANO_HEIGHT = round(CHART_WIDTH * 0.75)
_KANO_POINT_SIZE = 90
_QUADRANT_FONT_SIZE = 12


def _quadrant_titles() -> pd.DataFrame:
    """The four quadrant names, centred at the top and bottom of each quadrant."""
    threshold = rules.QUADRANT_THRESHOLD.value
    low, high = threshold / 2, (1 + threshold) / 2
    return pd.DataFrame(
        {
            "x": [low, high, high, low],
            "y": [0.97, 0.97, 0.03, 0.03],
            "quadrant": ["attractive", "one-dimensional", "must-be", "indifferent"],
        }
    )


def kano_label_frame(quadrants: pd.DataFrame) -> pd.DataFrame:
    """Where each feature's label goes on the Kano plot (see :func:`quadrant_frame`), placed by
    :func:`workbook.charts.base.place_labels` so that no label covers another, a point or a
    quadrant name: ``label``, ``label_x``/``label_y`` (plot units), ``align``, and for a label
    moved away from a crowd the leader line from ``leader_x``/``leader_y`` to ``end_x``/``end_y``
    (NaN otherwise)."""
    width, height = KANO_WIDTH, KANO_HEIGHT
    radius = math.sqrt(_KANO_POINT_SIZE / math.pi)
    anchors = [
        (float(x) * width, (1 - float(y)) * height, radius)
        for x, y in zip(quadrants["worse_magnitude"], quadrants["better"], strict=True)
    ]
    titles = _quadrant_titles()
    obstacles = [
        text_box(
            x * width,
            (1 - y) * height,
            text,
            align="center",
            font_size=_QUADRANT_FONT_SIZE,
        ).grown(2)
        for x, y, text in zip(titles["x"], titles["y"], titles["quadrant"], strict=True)
    ]
    split = rules.QUADRANT_THRESHOLD.value
    lines = [
        Box(split * width - 1, 0, split * width + 1, height),
        Box(0, (1 - split) * height - 1, width, (1 - split) * height + 1),
    ]
    placements = place_labels(
        anchors,
        list(quadrants["label"]),
        width=width,
        height=height,
        obstacles=obstacles,
        soft_obstacles=lines,
    )

    def unit_x(px: float) -> float:
        return round(px / width, 4)

    def unit_y(py: float) -> float:
        return round(1 - py / height, 4)

    return pd.DataFrame(
        {
            "feature": quadrants["feature"].to_numpy(),
            "label": quadrants["label"].to_numpy(),
            "label_x": [unit_x(p.x) for p in placements],
            "label_y": [unit_y(p.y) for p in placements],
            "align": [p.align for p in placements],
            "leader_x": [p.leader_at(0, unit_x) for p in placements],
            "leader_y": [p.leader_at(1, unit_y) for p in placements],
            "end_x": [p.leader_at(2, unit_x) for p in placements],
            "end_y": [p.leader_at(3, unit_y) for p in placements],
        },
        columns=[
            "feature",
            "label",
            "label_x",
            "label_y",
            "align",
            "leader_x",
            "leader_y",
            "end_x",
            "end_y",
        ],
    )


def kano_quadrant_chart(
    kano: KanoFinding, *, title: str = "Kano Better/Worse quadrants"
) -> alt.LayerChart:
    """Features placed by |Worse| (x) and Better (y), with the quadrant rules at the threshold.

    Features whose Better/Worse is not defined are left out; near-ties are coloured as such and
    labelled with both categories. Labels never overlap each other, the points or the quadrant
    names (see :func:`kano_label_frame`); a label moved away from a crowd of points is joined to
    its point by a thin line.
    """
    quadrants = quadrant_frame(kano)
    threshold = rules.QUADRANT_THRESHOLD.value
    unit = alt.Scale(domain=[0, 1], nice=False)
    points = alt.Chart(quadrants).encode(
        x=alt.X("worse_magnitude:Q", scale=unit, title="|Worse|: dissatisfaction when absent"),
        y=alt.Y("better:Q", scale=unit, title="Better: satisfaction when present"),
    )
    dots = points.mark_circle(size=_KANO_POINT_SIZE, opacity=0.9).encode(
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
    splits = pd.DataFrame({"at": [threshold]})
    vertical = (
        alt.Chart(splits).mark_rule(color=PALETTE["muted"]).encode(x=alt.X("at:Q", scale=unit))
    )
    horizontal = (
        alt.Chart(splits).mark_rule(color=PALETTE["muted"]).encode(y=alt.Y("at:Q", scale=unit))
    )
    labels = (
        alt.Chart(_quadrant_titles())
        .mark_text(fontSize=_QUADRANT_FONT_SIZE, fontStyle="italic", color=PALETTE["muted"])
        .encode(x=alt.X("x:Q", scale=unit), y=alt.Y("y:Q", scale=unit), text="quadrant:N")
    )
    layers: list[alt.TopLevelMixin] = [vertical, horizontal, labels]
    placed = kano_label_frame(quadrants)
    layers += leader_lines(placed, unit, unit)
    layers.append(dots)
    for align in ("left", "right", "center"):
        shown = placed[placed["align"] == align]
        if shown.empty:
            continue
        layers += [
            layer.properties(name=f"kano_labels_{align}_{kind}")
            for kind, layer in zip(
                ("halo", "text"),
                haloed_text(
                    alt.Chart(shown[["feature", "label", "label_x", "label_y"]]),
                    {"align": align, "baseline": "middle", "fontSize": LABEL_FONT_SIZE},
                    {
                        "x": alt.X("label_x:Q", scale=unit),
                        "y": alt.Y("label_y:Q", scale=unit),
                        "text": "label:N",
                    },
                ),
                strict=True,
            )
        ]
    return alt.layer(*layers).properties(title=title, width=KANO_WIDTH, height=KANO_HEIGHT)


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
