"""Where chart text goes: the width of a label in the chart font, and deterministic placement
of point labels that never overlap each other, the points or other text (labels pushed away
from a crowd get a leader line). Used by the chart builders through ``workbook.charts.base``."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from workbook.theme import PALETTE

FONT = "Helvetica, Arial, sans-serif"
LABEL_FONT_SIZE = 11


# -- text size ----------------------------------------------------------------------------------

#: Advance widths (thousandths of the font size) of printable ASCII in Helvetica, which Arial and
#: Liberation Sans (the fonts the theme's font list resolves to) share.
_ASCII_WIDTHS = (
    # space ! " # $ % & ' ( ) * + , - . /
    (278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278)
    # 0-9 : ; < = > ? @
    + (556,) * 10
    + (278, 278, 584, 584, 584, 556, 1015)
    # A-Z
    + (667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833)
    + (722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611)
    # [ \ ] ^ _ `
    + (278, 278, 278, 469, 556, 333)
    # a-z
    + (556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833)
    + (556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500)
    # { | } ~
    + (334, 260, 334, 584)
)
_OTHER_WIDTHS = {"≥": 549, "≤": 549, "–": 556, "—": 1000, "·": 278, "…": 1000, "’": 222}


def _char_width(char: str) -> int:
    code = ord(char)
    if 32 <= code < 127:
        return _ASCII_WIDTHS[code - 32]
    if char in _OTHER_WIDTHS:
        return _OTHER_WIDTHS[char]
    if unicodedata.combining(char):
        return 0
    base = unicodedata.normalize("NFKD", char)[:1]  # "é" is as wide as "e"
    if base and 32 <= ord(base) < 127:
        return _ASCII_WIDTHS[ord(base) - 32]
    return 1000  # anything else: as wide as the widest glyphs, so that nothing is underestimated


def text_width(text: str, font_size: float = LABEL_FONT_SIZE) -> float:
    """The width in pixels of ``text`` in the chart font at ``font_size`` (Helvetica metrics;
    characters outside them count one em)."""
    return sum(_char_width(char) for char in str(text)) * font_size / 1000


# -- labels -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A rectangle in chart pixels (y grows downwards)."""

    left: float
    top: float
    right: float
    bottom: float

    def overlap(self, other: Box) -> float:
        """The area shared with ``other`` (0 when they do not intersect)."""
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        return width * height if width > 0 and height > 0 else 0.0

    def grown(self, margin: float) -> Box:
        return Box(self.left - margin, self.top - margin, self.right + margin, self.bottom + margin)

    def inside(self, width: float, height: float) -> bool:
        return self.left >= 0 and self.top >= 0 and self.right <= width and self.bottom <= height

    def crossed_by(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        """Whether the segment (x0, y0)–(x1, y1) passes through the box (Liang–Barsky)."""
        low, high = 0.0, 1.0
        dx, dy = x1 - x0, y1 - y0
        for p, q in (
            (-dx, x0 - self.left),
            (dx, self.right - x0),
            (-dy, y0 - self.top),
            (dy, self.bottom - y0),
        ):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                low = max(low, t)
            else:
                high = min(high, t)
            if low > high:
                return False
        return True


def text_box(
    x: float,
    y: float,
    text: str,
    *,
    align: str = "left",
    baseline: str = "middle",
    font_size: float = LABEL_FONT_SIZE,
) -> Box:
    """The box a text mark anchored at (``x``, ``y``) covers, in pixels."""
    width = text_width(text, font_size)
    left = {"left": x, "center": x - width / 2, "right": x - width}[align]
    top = {"top": y, "middle": y - font_size / 2, "bottom": y - font_size}[baseline]
    return Box(left, top, left + width, top + font_size)


@dataclass(frozen=True)
class Placement:
    """Where a label goes: its anchor (``x``, ``y``; baseline middle) and ``align``, the box it
    covers, the leader line from its point to it (``leader``: x0, y0, x1, y1; None when the
    label sits by its point) and whether it covers nothing (``clear``)."""

    x: float
    y: float
    align: str
    box: Box
    leader: tuple[float, float, float, float] | None
    clear: bool

    def leader_at(self, index: int, unit: Callable[[float], float] = float) -> float:
        """One coordinate of the leader line (0, 1: its start x, y; 2, 3: its end) converted
        by ``unit`` (e.g. pixels to data units); NaN without a leader."""
        return math.nan if self.leader is None else unit(self.leader[index])


_LABEL_GAP = 3
_LEADS = (14.0, 40.0, 80.0)
#: Points closer than this (pixels) count as one crowd: their labels go to its outer sides.
_CROWD_RADIUS = 60.0
#: The extra distance a label pays for going to the side of its point that faces the crowd.
_INWARD_COST = 40.0
Segment = tuple[float, float, float, float]


def _candidates(
    x: float, y: float, radius: float, line: float, limit: float, crowded: bool, right: bool
) -> list[tuple[float, float, str, bool]]:
    """Label anchors around a point, nearest first: beside it, then (unless ``crowded``: other
    points sit on this one, and labels around it would fence in their leader lines) diagonal,
    above and below it, then rows further up and down (and further out) joined to the point by
    a leader line. The side facing away from the crowd (``right``: the right side) comes first.
    """
    side = radius + _LABEL_GAP
    diagonal = radius * 0.7 + 1
    half = line / 2
    sign, align, other = (1, "left", "right") if right else (-1, "right", "left")
    near = [(x + sign * side, y, align, False), (x - sign * side, y, other, False)]
    if not crowded:
        near += [
            (x + sign * diagonal, y - diagonal - half, align, False),
            (x + sign * diagonal, y + diagonal + half, align, False),
            (x - sign * diagonal, y - diagonal - half, other, False),
            (x - sign * diagonal, y + diagonal + half, other, False),
            (x, y - side - half, "center", False),
            (x, y + side + half, "center", False),
        ]
    far = []
    rows = int(limit // line) + 1
    for lead in _LEADS:
        for row in range(rows):
            for dy in (0.0,) if row == 0 else (-row * line, row * line):
                for dx, where, cost in (
                    (sign * (radius + lead), align, 0.0),
                    (-sign * (radius + lead), other, _INWARD_COST),
                ):
                    far.append((math.hypot(lead, dy) + cost, (x + dx, y + dy, where, True)))
    if not crowded:  # straight above or below, when nothing beside the point is free
        for row in range(2, rows):
            for dy in (-row * line, row * line):
                far.append((abs(dy) + _LEADS[-1] * 2, (x, y + dy, "center", True)))
    far.sort(key=lambda item: item[0])  # stable: outward before inward, up before down
    return near + [candidate for _, candidate in far]


def _segments_cross(a: Segment, b: Segment) -> bool:
    """Whether two segments cross (touching ends, such as two leaders of one point, do not)."""

    def turn(px: float, py: float, qx: float, qy: float, rx: float, ry: float) -> float:
        return (qx - px) * (ry - py) - (qy - py) * (rx - px)

    d1 = turn(*b[:2], *b[2:], *a[:2])
    d2 = turn(*b[:2], *b[2:], *a[2:])
    d3 = turn(*a[:2], *a[2:], *b[:2])
    d4 = turn(*a[:2], *a[2:], *b[2:])
    return d1 * d2 < 0 and d3 * d4 < 0


def place_labels(
    anchors: Sequence[tuple[float, float, float]],
    texts: Sequence[str],
    *,
    width: float,
    height: float,
    font_size: float = LABEL_FONT_SIZE,
    obstacles: Sequence[Box] = (),
    soft_obstacles: Sequence[Box] = (),
) -> list[Placement]:
    """Deterministic places for point labels inside a ``width`` × ``height`` plot.

    ``anchors`` are the points (x, y, radius in pixels, y downwards) and ``texts`` their labels.
    Each label goes to the nearest free spot around its point, in a fixed order of preference
    (beside it on the side away from nearby points, the other side, diagonals, above, below,
    then rows further away joined by a leader line), where it overlaps no point, no other label
    or leader line and no ``obstacles`` (other text), and its leader crosses none of them,
    inside the plot; ``soft_obstacles`` (lines a label had better not cross) are avoided when
    possible, but a label beside its point across such a line beats one led away. Labels are
    placed one by one, each taking the best spot left, points on the edge of a crowd first;
    when that leaves a label without a free spot, other fixed orders are tried (top to bottom,
    bottom to top, left to right, right to left, the centre of each crowd first) and the
    first that places every label wins (else the one with fewest such labels). A label with no
    free spot at all takes the spot of least overlap (``clear`` False).
    """
    line = font_size + 2
    points = [Box(x - r - 1, y - r - 1, x + r + 1, y + r + 1) for x, y, r in anchors]
    centres = []  # the centre of each point's crowd (the points within _CROWD_RADIUS)
    for x, y, _ in anchors:
        near = [a for a in anchors if math.hypot(a[0] - x, a[1] - y) <= _CROWD_RADIUS]
        centres.append((sum(a[0] for a in near) / len(near), sum(a[1] for a in near) / len(near)))
    candidates = [
        _candidates(
            *anchors[i],
            line,
            height,
            any(p.overlap(points[i]) for j, p in enumerate(points) if j != i),
            anchors[i][0] >= centres[i][0],
        )
        for i in range(len(anchors))
    ]

    def outward(i: int) -> float:
        return math.hypot(anchors[i][0] - centres[i][0], anchors[i][1] - centres[i][1])

    def place(order: Sequence[int]) -> list[Placement]:
        return _place_in_order(
            order,
            anchors,
            texts,
            points,
            candidates,
            width=width,
            height=height,
            font_size=font_size,
            obstacles=obstacles,
            soft_obstacles=soft_obstacles,
        )

    def key(*parts: Any) -> Any:
        return lambda i: (*parts[0](i), anchors[i][1], anchors[i][0], texts[i])

    tried = []
    orders = (
        lambda i: (-outward(i),),  # the edge of each crowd first
        lambda i: (),  # top to bottom
        lambda i: (-anchors[i][1],),  # bottom to top
        lambda i: (anchors[i][0],),  # left to right
        lambda i: (-anchors[i][0],),  # right to left
        lambda i: (outward(i),),  # the centre of each crowd first
    )
    for number, order in enumerate(orders):
        placements = place(sorted(range(len(anchors)), key=key(order)))
        unclear = sum(not p.clear for p in placements)
        led = sum(math.dist(p.leader[:2], p.leader[2:]) for p in placements if p.leader)
        tried.append((unclear, led, number, placements))
        if unclear == 0:
            break
    return min(tried, key=lambda t: t[:3])[3]


def _place_in_order(
    order: Sequence[int],
    anchors: Sequence[tuple[float, float, float]],
    texts: Sequence[str],
    points: Sequence[Box],
    candidates: Sequence[Sequence[tuple[float, float, str, bool]]],
    *,
    width: float,
    height: float,
    font_size: float,
    obstacles: Sequence[Box],
    soft_obstacles: Sequence[Box],
) -> list[Placement]:
    """:func:`place_labels` for one order of the points: each label greedily takes its best
    spot given the labels and leader lines placed before it."""
    placed: dict[int, Placement] = {}
    labels: list[Box] = []
    leaders: list[Segment] = []

    def attempt(i: int, candidate: tuple[float, float, str, bool]) -> tuple[Box, Segment | None]:
        cx, cy, align, lead = candidate
        box = text_box(cx, cy, texts[i], align=align, font_size=font_size)
        segment = None
        if lead:
            x, y, r = anchors[i]
            if align == "center":  # a vertical leader to the middle of the label's edge
                end_x, end_y = cx, box.bottom + 1 if cy < y else box.top - 1
            else:
                end_x, end_y = (box.left - 1 if align == "left" else box.right + 1), cy
            angle = math.atan2(end_y - y, end_x - x)
            segment = (x + r * math.cos(angle), y + r * math.sin(angle), end_x, end_y)
        return box, segment

    def hard_cost(box: Box, segment: Segment | None, first: bool) -> float:
        """What a spot covers that it must not: a label, point or obstacle under the label, a
        leader line through it, its own leader through a label or an obstacle (``first``: stop
        at the first)."""
        spaced = box.grown(1)
        cost = 0.0
        for other in (*labels, *obstacles, *points):
            cost += spaced.overlap(other)
            if cost and first:
                return cost
        for s in leaders:
            cost += 25.0 * spaced.crossed_by(*s)
            if cost and first:
                return cost
        if segment is not None:
            for other in (*labels, *obstacles):
                cost += 25.0 * other.crossed_by(*segment)
                if cost and first:
                    return cost
        return cost

    def soft_cost(i: int, box: Box, segment: Segment | None) -> float:
        """What a spot had better not cover: a soft obstacle under the label, other points or
        leader lines crossed by its leader (points under this one, a crowd at one spot, cannot
        be missed)."""
        spaced = box.grown(1)
        cost = sum(1 + spaced.overlap(o) for o in soft_obstacles if spaced.overlap(o))
        if segment is not None:
            cost += sum(5.0 for s in leaders if _segments_cross(segment, s))
            cost += sum(
                1.0
                for j, p in enumerate(points)
                if j != i and not p.overlap(points[i]) and p.crossed_by(*segment)
            )
        return cost

    for i in order:
        # the first clear spot beside the point covering nothing soft; else the first beside it
        # across a soft obstacle; else the led-away spot covering least that is soft, nearest
        # first; with no clear spot at all, the one covering least
        best: tuple[tuple[float, ...], Box, Segment | None, tuple[float, float, str, bool]] | None
        best = None
        fallback = best
        for rank, candidate in enumerate(candidates[i]):
            led = candidate[3]
            if best is not None and led and not best[0][0]:
                break  # a clear spot beside the point beats any led away
            box, segment = attempt(i, candidate)
            if not box.inside(width, height):
                continue
            hard = hard_cost(box, segment, first=best is not None)
            if hard:
                if best is None and (fallback is None or (hard, rank) < fallback[0]):
                    fallback = ((hard, float(rank)), box, segment, candidate)
                continue
            soft = soft_cost(i, box, segment)
            key = (float(led), soft if led else float(soft > 0), float(rank))
            if best is None or key < best[0]:
                best = (key, box, segment, candidate)
            if key[1] == 0:
                break  # nothing later in the order of preference can do better
        if best is not None:
            chosen = (best[1], best[2], best[3], True)
        elif fallback is not None:
            chosen = (fallback[1], fallback[2], fallback[3], False)
        else:  # nowhere inside the plot: beside the point, whatever it covers
            box, segment = attempt(i, candidates[i][0])
            chosen = (box, segment, candidates[i][0], False)
        box, segment, (cx, cy, align, _), clear = chosen
        labels.append(box)
        if segment is not None:
            leaders.append(segment)
        placed[i] = Placement(x=cx, y=cy, align=align, box=box, leader=segment, clear=clear)
    return [placed[i] for i in range(len(anchors))]


def leader_lines(placed: pd.DataFrame, x_scale: alt.Scale, y_scale: alt.Scale) -> list[alt.Chart]:
    """Thin lines from points to the labels :func:`place_labels` led away from them (columns
    ``leader_x``, ``leader_y``, ``end_x``, ``end_y``); none when every label sits beside its
    point."""
    led = placed.dropna(subset=["leader_x"])
    if led.empty:
        return []
    return [
        alt.Chart(led)
        .mark_rule(color=PALETTE["muted"], strokeWidth=1)
        .encode(
            x=alt.X("leader_x:Q", scale=x_scale),
            y=alt.Y("leader_y:Q", scale=y_scale),
            x2="end_x:Q",
            y2="end_y:Q",
        )
    ]


def haloed_text(
    chart: alt.Chart, mark: dict[str, Any], encoding: dict[str, Any], *, color: str | None = None
) -> list[alt.Chart]:
    """A text layer over a white outline of itself, so that lines under a label never cross
    its letters."""
    halo = chart.mark_text(
        **mark, stroke="white", strokeWidth=4, strokeJoin="round", color="white"
    ).encode(**encoding)
    text = chart.mark_text(**mark, color=color or PALETTE["ink"]).encode(**encoding)
    return [halo, text]
