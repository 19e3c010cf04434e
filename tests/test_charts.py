"""Chart readability (issue 11): no label over another label, a point, a bar or a whisker; time
axes with one label per tick, each with its year; projections drawn with their range.

Everything is measured on what vl-convert draws: the scenegraph of each chart (the positions
the SVG is written from), with every text's width measured by Vega itself in the chart's font
(the width it lays out a one-text chart to), never by the library's own estimate.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import vl_convert

from workbook import charts, differentiation, io, registry, summary
from workbook import format as fmt
from workbook.belonging import rules as belonging_rules
from workbook.charts.base import VL_CONVERT_VERSION
from workbook.charts.differentiation import quadrant_frame
from workbook.summary.compute import portfolio_row
from workbook.ttpmf import rules as ttpmf_rules

SAMPLES = io.list_companies()
STRONG_LABEL = f"strong ≥ {belonging_rules.STRONG_INDEX.text}"
FIT_LABEL = f"{fmt.share(ttpmf_rules.FIT_THRESHOLD.value)} fit bar"
QUADRANT_NAMES = {"attractive", "one-dimensional", "must-be", "indifferent"}
YEAR = re.compile(r"\b(19|20)\d\d\b")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@pytest.fixture(scope="module", autouse=True)
def theme() -> None:
    charts.setup()  # the notebooks' theme: fonts and sizes as the pages draw them


@pytest.fixture(scope="module")
def assessed() -> dict[str, tuple[io.Company, dict[str, Any]]]:
    out = {}
    for slug in SAMPLES:
        company = io.load_company(slug)
        out[slug] = (company, registry.assess_company(company))
    return out


# -- the scenegraph, measured --------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return min(self.right, other.right) > max(self.left, other.left) and min(
            self.bottom, other.bottom
        ) > max(self.top, other.top)

    def distance(self, x: float, y: float) -> float:
        """How far the point (x, y) lies from the box (0 inside it)."""
        return math.hypot(
            max(self.left - x, 0, x - self.right), max(self.top - y, 0, y - self.bottom)
        )

    def crossed_by(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        """Whether the segment passes through the box's inside (Liang–Barsky)."""
        low, high = 0.0, 1.0
        dx, dy = x1 - x0, y1 - y0
        for p, q in ((-dx, x0 - self.left), (dx, self.right - x0)):
            if p == 0:
                if q <= 0:
                    return False
                continue
            low, high = (max(low, q / p), high) if p < 0 else (low, min(high, q / p))
        for p, q in ((-dy, y0 - self.top), (dy, self.bottom - y0)):
            if p == 0:
                if q <= 0:
                    return False
                continue
            low, high = (max(low, q / p), high) if p < 0 else (low, min(high, q / p))
        return low < high


@dataclass(frozen=True)
class Item:
    """One drawn item: its mark type, role, mark name, properties and its group's offset."""

    mark: str
    role: str
    name: str
    props: dict[str, Any]
    dx: float
    dy: float
    orient: str | None  # the axis a label or tick belongs to


@dataclass(frozen=True)
class Scene:
    width: float
    height: float
    items: list[Item]

    def marks(self, mark: str | None = None) -> list[Item]:
        return [i for i in self.items if i.role == "mark" and (mark is None or i.mark == mark)]

    def texts(self, *words: str) -> list[Item]:
        return [i for i in self.marks("text") if i.props.get("text") in words]

    def x_labels(self) -> list[Item]:
        """The x axis labels drawn (Vega hides a label that would overlap with opacity 0)."""
        return [
            i
            for i in self.items
            if i.role == "axis-label" and i.orient == "bottom" and i.props.get("opacity") != 0
        ]

    def x_ticks(self) -> list[Item]:
        return [i for i in self.items if i.role == "axis-tick" and i.orient == "bottom"]


def scene(chart: Any) -> Scene:
    graph = vl_convert.vegalite_to_scenegraph(chart.to_json(), vl_version=VL_CONVERT_VERSION)
    root = graph["scenegraph"]["items"][0]
    items: list[Item] = []

    def walk(node: dict[str, Any], dx: float, dy: float, orient: str | None) -> None:
        for props in node.get("items", []):
            items.append(
                Item(
                    node["marktype"],
                    node.get("role"),
                    node.get("name") or "",
                    props,
                    dx,
                    dy,
                    orient,
                )
            )
            if node["marktype"] == "group":
                for child in props.get("items", []):
                    walk(
                        child,
                        dx + props.get("x", 0),
                        dy + props.get("y", 0),
                        props.get("orient", orient),
                    )

    for child in root["items"]:
        walk(child, 0.0, 0.0, None)
    return Scene(root["width"], root["height"], items)


@cache
def measured_width(text: str, size: float, font: str, weight: str, style: str) -> float:
    """The width Vega lays a chart holding only this text out to (its own text measure)."""
    spec = {
        "$schema": "https://vega.github.io/schema/vega/v5.json",
        "width": 0,
        "height": 0,
        "padding": 0,
        "autosize": {"type": "pad"},
        "marks": [
            {
                "type": "text",
                "encode": {
                    "enter": {
                        "x": {"value": 0},
                        "y": {"value": 0},
                        "text": {"value": text},
                        "fontSize": {"value": size},
                        "font": {"value": font},
                        "fontWeight": {"value": weight},
                        "fontStyle": {"value": style},
                        "align": {"value": "left"},
                        "baseline": {"value": "top"},
                    }
                },
            }
        ],
    }
    return float(vl_convert.vega_to_scenegraph(json.dumps(spec))["width"])


def text_box(item: Item) -> Box:
    p = item.props
    assert not p.get("angle"), "rotated text is not measured here"
    size = float(p.get("fontSize", 11))
    width = measured_width(
        str(p["text"]),
        size,
        p.get("font", "sans-serif"),
        str(p.get("fontWeight", "normal")),
        p.get("fontStyle", "normal"),
    )
    x = item.dx + p.get("x", 0) + p.get("dx", 0)
    y = item.dy + p.get("y", 0) + p.get("dy", 0)
    left = {"left": x, "center": x - width / 2, "right": x - width}[p.get("align", "left")]
    top = {"top": y, "middle": y - size / 2, "bottom": y - size}.get(
        p.get("baseline", "alphabetic"), y - 0.8 * size
    )
    return Box(left, top, left + width, top + size)


def shape_box(item: Item) -> Box:
    """The box a symbol, rect or rule covers (a rule as wide as its stroke)."""
    p = item.props
    x, y = item.dx + p.get("x", 0), item.dy + p.get("y", 0)
    if item.mark == "symbol":
        r = math.sqrt(p.get("size", 64) / math.pi) + p.get("strokeWidth", 0) / 2
        return Box(x - r, y - r, x + r, y + r)
    if item.mark == "rect":
        x2 = item.dx + p["x2"] if "x2" in p else x + p.get("width", 0)
        y2 = item.dy + p["y2"] if "y2" in p else y + p.get("height", 0)
        return Box(min(x, x2), min(y, y2), max(x, x2), max(y, y2))
    assert item.mark == "rule", item.mark
    x2 = item.dx + p.get("x2", p.get("x", 0))
    y2 = item.dy + p.get("y2", p.get("y", 0))
    half = p.get("strokeWidth", 1) / 2
    return Box(min(x, x2) - half, min(y, y2) - half, max(x, x2) + half, max(y, y2) + half)


def plot(s: Scene) -> Box:
    return Box(0, 0, s.width, s.height)


def clashes(boxes: list[tuple[str, Box]]) -> list[tuple[str, str]]:
    return [
        (a, b)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.overlaps(box_b)
    ]


# -- time axes -----------------------------------------------------------------------------------


def pmf_company(make_company, data_dir: Path, slug: str, days: list[str]) -> io.Company:
    """A company whose Sean Ellis survey has one wave of 40 answers on each of ``days``."""
    lines = ["respondent_id,submitted_at,answer,segment,main_benefit,improvement"]
    number = 0
    for day in days:
        for answer in ["very"] * 12 + ["somewhat"] * 20 + ["not"] * 8:
            lines.append(f"r{number},{day},{answer},teams,,")
            number += 1
    make_company(slug, {"pmf_survey.csv": "\n".join(lines) + "\n"})
    return io.load_company(slug, data_dir)


def weekly(weeks: int, start: str = "2023-01-02") -> pd.DataFrame:
    days = pd.date_range(start, periods=weeks, freq="7D")
    share = [0.3 + 0.1 * math.sin(k / 5) for k in range(weeks)]
    return pd.DataFrame({"Week": days, "Active share": share, "Answered share": share})


def assert_time_axis(chart: Any, what: str) -> None:
    s = scene(chart)
    labels = s.x_labels()
    texts = [str(item.props["text"]) for item in labels]
    assert len(texts) >= 2, (what, texts)
    assert len(set(texts)) == len(texts), f"{what}: a label twice: {texts}"
    assert all(YEAR.search(text) for text in texts), f"{what}: a label without its year: {texts}"
    assert len(s.x_ticks()) == len(labels), f"{what}: a tick without its label: {texts}"
    boxes = [(text, text_box(item)) for text, item in zip(texts, labels, strict=True)]
    assert not clashes(boxes), f"{what}: labels touch: {clashes(boxes)}"


def test_time_axes_label_every_tick_once_with_its_year(assessed, make_company, data_dir):
    built: list[tuple[str, Any]] = []
    for slug, (company, results) in assessed.items():
        belonging, ttpmf = results["belonging"], results["ttpmf"]
        if ttpmf.trajectory is not None:
            trajectory = charts.trajectory_chart(ttpmf.trajectory, ttpmf.timeline.fit_date)
            built.append((f"{slug} trajectory", trajectory))
        built.append((f"{slug} timeline", charts.timeline_chart(ttpmf.timeline)))
        card = summary.scorecard(company, results)
        if card.timeline is not None:
            built.append((f"{slug} road to fit", charts.road_to_fit_chart(card.timeline)))
        if belonging.weekly is not None:  # the value trend is drawn by the same builder
            built.append((f"{slug} activity", charts.community_activity_trend(belonging.weekly)))
    sparse = {
        "two waves six weeks apart": ["2025-08-04", "2025-09-15"],
        "two waves a year apart": ["2025-03-03", "2026-03-02"],
        "one wave": ["2025-08-04"],
    }
    for number, (what, days) in enumerate(sparse.items()):
        company = pmf_company(make_company, data_dir, f"sparse-{number}", days)
        result = registry.assess_company(company)["ttpmf"]
        built.append((what, charts.trajectory_chart(result.trajectory)))
    built.append(("one wave: timeline", charts.timeline_chart(result.timeline)))
    for weeks in (1, 3, 60, 520):
        built.append((f"{weeks} weeks", charts.community_activity_trend(weekly(weeks))))
    for what, chart in built:
        assert_time_axis(chart, what)


# -- reference rules -----------------------------------------------------------------------------


def assert_label_clear(chart: Any, label: str, what: str) -> None:
    """The label is drawn once, outside the plot, over no bar, whisker, point or other mark."""
    s = scene(chart)
    found = s.texts(label)
    assert len(found) == 1, f"{what}: {label!r} drawn {len(found)} times"
    box = text_box(found[0])
    assert not box.overlaps(plot(s)), f"{what}: {label!r} inside the plot at {box}"
    for item in s.marks():
        if item.mark in ("symbol", "rect", "rule") and shape_box(item).overlaps(box):
            raise AssertionError(f"{what}: {label!r} over a {item.mark}: {item.props}")


def test_rule_labels_never_sit_over_bars_or_whiskers(assessed):
    checked = 0
    for slug, (_, results) in assessed.items():
        belonging, ttpmf = results["belonging"], results["ttpmf"]
        if belonging.index is not None:
            assert_label_clear(charts.belonging_subscale_bars(belonging), STRONG_LABEL, slug)
            checked += 1
        if ttpmf.trajectory is not None:
            assert_label_clear(charts.wave_scores_chart(ttpmf.trajectory), FIT_LABEL, slug)
            trajectory = charts.trajectory_chart(ttpmf.trajectory, ttpmf.timeline.fit_date)
            assert_label_clear(trajectory, FIT_LABEL, f"{slug} trajectory")
            if ttpmf.timeline.fit_date is not None:
                assert_label_clear(trajectory, "fit confirmed", f"{slug} trajectory")
            checked += 2
    # the wave bars and segment bars come from the same builders as the two above
    _, results = assessed["stallhop"]
    assert_label_clear(charts.belonging_wave_bars(results["belonging"]), STRONG_LABEL, "waves")
    assert_label_clear(
        charts.segment_scores_chart(results["ttpmf"].segments), FIT_LABEL, "segments"
    )
    rows = [
        portfolio_row(summary.scorecard(company, results), results)
        for company, results in assessed.values()
    ]
    position = charts.portfolio_position_chart(summary.Portfolio(tuple(rows)))
    assert_label_clear(position, f"strong from {belonging_rules.STRONG_INDEX.text}", "portfolio")
    assert checked >= 10


# -- Kano labels ---------------------------------------------------------------------------------

_PAIRS = {
    "M": ("neutral", "dislike"),
    "O": ("like", "dislike"),
    "A": ("like", "neutral"),
    "I": ("neutral", "neutral"),
}
CROWD = [
    "single sign-on with SAML",
    "audit trail export",
    "role-based permissions",
    "two-factor login",
    "usage-based billing",
    "data residency in the EU",
    "webhooks",
    "bulk CSV import",
    "custom fields",
    "offline mode",
    "API rate limits raised",
    "status page",
]


def kano_survey(counts: dict[str, dict[str, int]]) -> pd.DataFrame:
    rows = [
        (f"r{k}", feature, *_PAIRS[category])
        for feature, per_category in counts.items()
        for k, category in enumerate(c for c, n in per_category.items() for _ in range(n))
    ]
    return pd.DataFrame(rows, columns=["respondent_id", "feature", "functional", "dysfunctional"])


CROWDED = {
    # twelve features on one spot, long names
    "one spot": {name: {"M": 14, "O": 3, "I": 3} for name in CROWD},
    # twelve features close together in one corner of the must-be quadrant
    "one corner": {
        name: {"M": 12 + k % 4, "O": 2 + k % 3, "I": 3 + k % 2, "A": k % 2}
        for k, name in enumerate(CROWD)
    },
    # near-ties (labelled with both codes) next to clear categories
    "near-ties": {
        **{f"feature {k}": {"A": 10, "M": 10 - k % 2, "I": 2} for k in range(6)},
        **{f"other {k}": {"A": 11, "M": 8, "I": 2 + k % 2} for k in range(6)},
    },
}


@pytest.mark.parametrize("what", [*SAMPLES, *CROWDED])
def test_kano_labels_overlap_nothing(what, assessed):
    if what in CROWDED:
        kano = differentiation.assess_kano(kano_survey(CROWDED[what]))
    else:
        kano = assessed[what][1]["differentiation"].kano
        if kano is None:
            pytest.skip(f"{what} has no Kano survey")
    chart = charts.kano_quadrant_chart(kano)
    assert chart.to_json() == charts.kano_quadrant_chart(kano).to_json()  # deterministic
    s = scene(chart)
    wanted = list(quadrant_frame(kano)["label"])
    drawn = [i for i in s.texts(*wanted) if i.props.get("fill") != "white"]  # not the halos
    assert sorted(str(i.props["text"]) for i in drawn) == sorted(wanted), what
    labels = [(str(i.props["text"]), text_box(i)) for i in drawn]
    assert not clashes(labels), f"{what}: labels overlap: {clashes(labels)}"
    area = plot(s)
    points = [shape_box(i) for i in s.marks("symbol")]
    names = [text_box(i) for i in s.texts(*QUADRANT_NAMES)]
    assert len(names) == len(QUADRANT_NAMES)
    for text, box in labels:
        assert area.left <= box.left and box.right <= area.right, (what, text, box)
        assert area.top <= box.top and box.bottom <= area.bottom, (what, text, box)
        assert not any(box.overlaps(p) for p in points), f"{what}: {text!r} over a point"
        assert not any(box.overlaps(n) for n in names), f"{what}: {text!r} over a quadrant name"
    # leader lines (thin rules inside the plot, not the quadrant splits) cross no other label
    for rule in s.marks("rule"):
        p = rule.props
        x0, y0 = rule.dx + p.get("x", 0), rule.dy + p.get("y", 0)
        x1, y1 = rule.dx + p.get("x2", p.get("x", 0)), rule.dy + p.get("y2", p.get("y", 0))
        if abs(x1 - x0) >= area.right - 1 or abs(y1 - y0) >= area.bottom - 1:
            continue  # a quadrant split
        gaps = [(box.distance(x1, y1), text) for text, box in labels]
        gap, own = min(gaps)
        assert gap <= 2, f"{what}: a leader line ends at no label"
        for text, box in labels:
            if text != own:
                assert not box.crossed_by(x0, y0, x1, y1), f"{what}: a leader crosses {text!r}"


# -- projections ---------------------------------------------------------------------------------


def date_scale(s: Scene) -> tuple[float, float, date]:
    """(x of the first tick, pixels per day, the first tick's date) read off the x axis labels
    ("Aug 2025" or "2025") and their ticks."""
    ticks = []
    for item in s.x_labels():
        text = str(item.props["text"])
        month, _, year = text.rpartition(" ")
        day = date(int(year), MONTHS.index(month) + 1 if month else 1, 1)
        ticks.append((day, item.dx + item.props["x"]))
    (d0, x0), (d1, x1) = ticks[0], ticks[-1]
    return x0, (x1 - x0) / (d1 - d0).days, d0


def x_of(s: Scene, day: date) -> float:
    x0, per_day, d0 = date_scale(s)
    return x0 + (day - d0).days * per_day


def date_at(s: Scene, x: float) -> date:
    x0, per_day, d0 = date_scale(s)
    return d0 + timedelta(days=round((x - x0) / per_day))


def spans(s: Scene, left: float, right: float, *, mark: str | None = None) -> list[Box]:
    """Rects and rules reaching from ``left`` to ``right`` (within 2 px; a rule's ends, not
    its stroke's)."""
    out = []
    for item in s.marks(mark):
        if item.mark in ("rect", "rule"):
            box = shape_box(item)
            if item.mark == "rule":
                p = item.props
                ends = sorted((item.dx + p.get("x", 0), item.dx + p.get("x2", p.get("x", 0))))
                box = Box(ends[0], box.top, ends[1], box.bottom)
            if abs(box.left - left) <= 2 and abs(box.right - right) <= 2:
                out.append(box)
    return out


def test_projection_is_drawn_with_its_range_and_a_far_end_is_cut(assessed):
    _, results = assessed["tandem"]
    ttpmf = results["ttpmf"]
    # A wide but finite range (issue 18: the sample's own range now reaches "never").
    projection = replace(ttpmf.trajectory.projection, high_date=date(2033, 6, 1))
    trajectory = replace(ttpmf.trajectory, projection=projection)
    timeline = replace(ttpmf.timeline, projection=projection)
    assert projection.high_date > date(2032, 1, 1)
    latest = max(projection.date, timeline.runway_end, *trajectory.waves["date"].dt.date)
    for what, chart in (
        ("trajectory", charts.trajectory_chart(trajectory)),
        ("timeline", charts.timeline_chart(timeline)),
        ("road to fit", charts.road_to_fit_chart(timeline)),
    ):
        s = scene(chart)
        edge = date_at(s, s.width)
        assert edge < projection.high_date, f"{what}: stretched to {edge}"
        assert edge <= latest + timedelta(days=400), f"{what}: stretched to {edge}"
        assert spans(s, x_of(s, projection.low_date), s.width), f"{what}: no range to the edge"
        assert projection.high_date.isoformat() in chart.to_json(), f"{what}: the end unsaid"
    # a narrow range is drawn whole, shaded across the plot so the eye sees it
    narrow = replace(projection, high_date=projection.date + timedelta(days=60))
    chart = charts.trajectory_chart(replace(trajectory, projection=narrow))
    s = scene(chart)
    left, right = x_of(s, narrow.low_date), x_of(s, narrow.high_date)
    assert right < s.width - 5
    bands = [b for b in spans(s, left, right, mark="rect") if b.bottom - b.top >= 0.9 * s.height]
    assert bands, "no band across the plot for the projection's range"
