"""The workbook's one set of colours and status marks, for charts, pages and the workshop alike.

Standard library only: drawing a 12-px status mark or colouring a workshop message must not
import Altair or pandas. Charts (``workbook.charts.base``), pages (``workbook.present``) and the
live editors (``workbook.workshop``) all read their colours and marks from here.
"""

from __future__ import annotations

import html

#: Colours used across the workbook: one accent, one muted, and a traffic-light triple.
PALETTE: dict[str, str] = {
    "accent": "#2f5d8a",
    "muted": "#9aa5b1",
    "good": "#2e7d32",
    "warn": "#c77c02",
    "bad": "#c62828",
    "ink": "#1f2933",
}
#: Light tints of the status tones, for filled cells whose value is written on them in ink.
TONE_TINTS: dict[str, str] = {
    "good": "#cfe8d0",
    "warn": "#fbe3b4",
    "bad": "#f6cdcd",
    "none": "#eef1f4",
}
#: Secondary text (legends, hints, neutral messages).
TEXT_MUTED = "#52606d"
#: Card and table borders.
BORDER = "#d9e2ec"
#: Chart grid lines.
GRID = "#e4e7eb"
#: Categories in charts (first the accent), in the order series are coloured.
CATEGORY_RANGE: list[str] = [
    "#2f5d8a",
    "#e07a2f",
    "#3f9b7f",
    "#8a5fb4",
    "#c9a227",
    "#c2536b",
    "#5c7080",
]

#: What each tone means, in words (the mark's accessible name and the legend).
TONE_WORDS: dict[str, str] = {
    "good": "good",
    "warn": "needs care",
    "bad": "needs action",
    "none": "not assessed",
}
#: The shape of each tone's mark in a 12×12 box: filled circle, triangle, square; hollow circle.
MARK_SHAPES: dict[str, str] = {
    "good": '<circle cx="6" cy="6" r="5" fill="{colour}"/>',
    "warn": '<path d="M6 0.8 L11.5 11 L0.5 11 Z" fill="{colour}"/>',
    "bad": '<rect x="1" y="1" width="10" height="10" fill="{colour}"/>',
    "none": '<circle cx="6" cy="6" r="4.5" fill="none" stroke="{colour}" stroke-width="1.6"/>',
}
#: Plain-text marks (geometric shapes every common font has, no emoji).
TEXT_MARKS: dict[str, str] = {"good": "●", "warn": "▲", "bad": "■", "none": "○"}
#: The tone of each check outcome: pass, warn, fail and "not assessed" share the status marks.
OUTCOME_TONES: dict[str, str] = {
    "pass": "good",
    "warn": "warn",
    "fail": "bad",
    "not assessed": "none",
}


def tone_colour(tone: str) -> str:
    """The traffic-light colour of a tone (good / warn / bad; "none" and unknown are muted)."""
    return PALETTE.get(tone, PALETTE["muted"])


def mark_svg(tone: str, label: str | None = None) -> str:
    """The tone's mark as a small inline SVG (no script, no reference outside itself), named
    for screen readers by ``label`` (default: what the tone means, e.g. "needs care")."""
    shape = MARK_SHAPES.get(tone, MARK_SHAPES["none"]).format(colour=tone_colour(tone))
    name = TONE_WORDS.get(tone, tone) if label is None else label
    return (
        '<svg class="wbs-mark" width="12" height="12" viewBox="0 0 12 12" role="img" '
        f'aria-label="{html.escape(name, quote=True)}">{shape}</svg>'
    )


def text_mark(tone: str) -> str:
    """The tone's plain-text mark ("●" for good; hollow "○" for none and unknown tones)."""
    return TEXT_MARKS.get(tone, TEXT_MARKS["none"])
