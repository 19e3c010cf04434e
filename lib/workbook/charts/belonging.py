"""Chart builders for the belonging assessment (see workbook.charts.base for the theme).

Every builder takes a small frame that :mod:`workbook.belonging` has already aggregated (one row
per subscale, per segment and subscale, or per week), so chart size does not grow with the
number of survey respondents.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from workbook.belonging import DEVELOPING_INDEX, STRONG_INDEX
from workbook.charts.base import CHART_WIDTH, PALETTE, bars_with_interval, trend_lines
from workbook.common import MIN_RELIABLE_N

__all__ = [
    "belonging_segment_heatmap",
    "belonging_subscale_bars",
    "community_activity_trend",
    "community_value_trend",
]

INDEX_DOMAIN = (0, 100)
#: Heatmap cells at or above this index are dark, so their label is written in white.
DARK_CELL_FROM = 60
HEATMAP_ROW_HEIGHT = 34
SHARE_DOMAIN = (0, 1)


def belonging_subscale_bars(
    table: pd.DataFrame, title: str = "Belonging Index by subscale (95% CI)"
) -> alt.LayerChart:
    """Bars of each subscale's index with 95% interval whiskers and the 'strong' line.

    ``table`` is :meth:`BelongingResult.subscale_table` (Subscale, Index, CI low, CI high, n).
    """
    frame = table[["Subscale", "Index", "CI low", "CI high", "n"]]
    return bars_with_interval(
        frame,
        category="Subscale",
        value="Index",
        low="CI low",
        high="CI high",
        title=title,
        value_title="Index (0–100)",
        domain=INDEX_DOMAIN,
        tooltip=("n",),
        reference=(STRONG_INDEX, f"strong ≥ {STRONG_INDEX:g}"),
        sort=frame["Subscale"].tolist(),
    )


def belonging_segment_heatmap(
    frame: pd.DataFrame, title: str = "Belonging by segment and subscale"
) -> alt.LayerChart:
    """A segment × subscale grid of mean index values, each cell labelled with its value.

    ``frame`` is :attr:`BelongingResult.segment_subscales` (Segment, Subscale, Index, n, Label);
    labels marked ``*`` rest on fewer than the reliable minimum of answers.
    """
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
            scale=alt.Scale(domain=list(INDEX_DOMAIN), range=["#f1f4f8", PALETTE["accent"]]),
        ),
        tooltip=["Segment", "Subscale", "Index", "n"],
    )
    labels = base.mark_text(fontSize=11).encode(
        text="Label:N",
        color=alt.condition(
            alt.datum.Index >= DARK_CELL_FROM, alt.value("white"), alt.value(PALETTE["ink"])
        ),
    )
    subtitle = (
        f"0–100; * fewer than {MIN_RELIABLE_N} answers; below {DEVELOPING_INDEX:g} is weak, "
        f"{STRONG_INDEX:g} or more strong"
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
