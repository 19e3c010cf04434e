"""Chart builders for the belonging assessment (see workbook.charts.base for the theme).

Every builder takes computed objects of a :class:`workbook.belonging.BelongingResult` (the
result itself, or its weekly frame) and aggregates them into a small frame, so chart size does
not grow with the number of survey respondents.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from workbook import format as fmt
from workbook.belonging import rules
from workbook.belonging.result import BelongingResult
from workbook.charts.base import (
    CHART_WIDTH,
    PALETTE,
    bars_with_interval,
    tone_threshold_scale,
    trend_lines,
)
from workbook.stats import Estimate

__all__ = [
    "belonging_segment_heatmap",
    "belonging_subscale_bars",
    "belonging_wave_bars",
    "community_activity_trend",
    "community_value_trend",
]

HEATMAP_ROW_HEIGHT = 34
SHARE_DOMAIN = (0, 1)


def _index_domain() -> list[float]:
    return [0, rules.INDEX_MAX.value]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _index_bars(
    rows: list[tuple[str, Estimate, dict[str, object]]], category: str, title: str
) -> alt.LayerChart:
    """Bars of index estimates, one per (label, estimate, extra tooltip columns) row, in the
    given order, with interval whiskers and the 'strong' line."""
    extras = list(rows[0][2]) if rows else []
    frame = pd.DataFrame(
        [
            (
                label,
                _rounded(e.value),
                _rounded(e.ci_low),
                _rounded(e.ci_high),
                e.n,
                *extra.values(),
            )
            for label, e, extra in rows
        ],
        columns=[category, "Index", "CI low", "CI high", "n", *extras],
    )
    return bars_with_interval(
        frame,
        category=category,
        value="Index",
        low="CI low",
        high="CI high",
        title=title,
        value_title=f"Index ({rules.INDEX_MAX.text})",
        domain=_index_domain(),
        tooltip=("n", *extras),
        reference=(rules.STRONG_INDEX.value, f"strong ≥ {rules.STRONG_INDEX.text}"),
        sort=frame[category].tolist(),
    )


def belonging_subscale_bars(
    result: BelongingResult, title: str = "Belonging Index by subscale (95% CI)"
) -> alt.LayerChart:
    """Bars of each subscale's index with interval whiskers and the 'strong' line.

    One bar per subscale of ``result.subscales``, in instrument order.
    """
    labels = result.subscale_labels
    rows: list[tuple[str, Estimate, dict[str, object]]] = [
        (labels.get(key, key), e, {}) for key, e in result.subscales.items()
    ]
    return _index_bars(rows, "Subscale", title)


def belonging_wave_bars(
    result: BelongingResult, title: str = "Belonging Index per survey wave (95% CI)"
) -> alt.LayerChart:
    """The belonging trend: one bar per survey wave of ``result.waves`` (oldest at the top) with
    interval whiskers and the 'strong' line."""
    waves = result.waves.waves if result.waves is not None else ()
    rows: list[tuple[str, Estimate, dict[str, object]]] = [
        (w.label, w.index, {"Answered before": w.returning}) for w in waves
    ]
    return _index_bars(rows, "Wave", title)


def _heatmap_frame(result: BelongingResult) -> pd.DataFrame:
    """One row per segment and subscale: Segment, Subscale, Index, n, Label (``*``: too few)."""
    rows = []
    for cell in result.segment_subscales:
        index = _rounded(cell.index)
        label = fmt.number(index, 0, placeholder="")
        if index is not None and cell.n < rules.MIN_RELIABLE.value:
            label += "*"
        rows.append((cell.segment, result.subscale_label(cell.subscale), index, cell.n, label))
    return pd.DataFrame(rows, columns=["Segment", "Subscale", "Index", "n", "Label"])


def belonging_segment_heatmap(
    result: BelongingResult, title: str = "Belonging by segment and subscale"
) -> alt.LayerChart:
    """A segment × subscale grid of mean index values, each cell labelled with its value.

    Cells come from ``result.segment_subscales``; labels marked ``*`` rest on fewer than the
    reliable minimum of answers.
    """
    frame = _heatmap_frame(result)
    segments = list(dict.fromkeys(frame["Segment"]))
    subscales = list(dict.fromkeys(frame["Subscale"]))
    base = alt.Chart(frame).encode(
        x=alt.X("Subscale:N", sort=subscales, title=None, axis=alt.Axis(labelAngle=-30)),
        y=alt.Y("Segment:N", sort=segments, title=None),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "Index:Q",
            title="Index",
            # The status tones: below the developing threshold weak, from the strong one strong.
            scale=tone_threshold_scale(rules.DEVELOPING_INDEX.value, rules.STRONG_INDEX.value),
        ),
        tooltip=["Segment", "Subscale", "Index", "n"],
    )
    labels = base.mark_text(fontSize=11, color=PALETTE["ink"]).encode(text="Label:N")
    subtitle = (
        f"{rules.INDEX_MAX.text}; * fewer than {rules.MIN_RELIABLE.value} answers; below "
        f"{rules.DEVELOPING_INDEX.text} is weak, {rules.STRONG_INDEX.text} or more strong"
    )
    return alt.layer(cells, labels).properties(
        title=alt.TitleParams(title, subtitle=subtitle),
        width=CHART_WIDTH,
        height=HEATMAP_ROW_HEIGHT * max(1, len(segments)),
    )


def _weekly_share(weekly: pd.DataFrame, column: str, title: str, y_title: str) -> alt.LayerChart:
    """One weekly share from :attr:`BelongingResult.weekly` as a line on a 0–100% axis."""
    return trend_lines(
        weekly[["Week", column]],
        x="Week",
        y=column,
        title=title,
        y_title=y_title,
        y_format="%",
        domain=SHARE_DOMAIN,
    )


def community_activity_trend(
    weekly: pd.DataFrame, title: str = "Activity: share of members active each week"
) -> alt.LayerChart:
    """The weekly active share of members; ``weekly`` is :attr:`BelongingResult.weekly`."""
    return _weekly_share(weekly, "Active share", title, "Active members ÷ members")


def community_value_trend(
    weekly: pd.DataFrame, title: str = "Value: share of questions answered each week"
) -> alt.LayerChart:
    """The weekly share of members' questions that got an answer."""
    return _weekly_share(weekly, "Answered share", title, "Questions answered ÷ questions")
