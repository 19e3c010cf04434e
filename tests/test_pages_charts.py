"""Chart colours follow the status tones: the belonging heatmap and the runway."""

from __future__ import annotations

import pytest

from workbook.belonging import rules as belonging_rules
from workbook.charts.base import TONE_TINTS, tone_of, tone_threshold_scale
from workbook.charts.summary import runway_tone
from workbook.ttpmf import rules as ttpmf_rules


@pytest.mark.parametrize(
    ("buffer", "tone"),
    [(30.0, "good"), (ttpmf_rules.MIN_MARKETING_BUFFER_MONTHS.value, "good"), (3.0, "warn"),
     (0.0, "bad"), (-4.0, "bad"), (None, "muted")],
)  # fmt: skip
def test_the_runway_takes_the_tone_of_the_buffer_it_leaves(buffer, tone) -> None:
    assert runway_tone(buffer) == tone


def test_heatmap_cells_are_tinted_by_the_belonging_levels() -> None:
    weak, strong = belonging_rules.DEVELOPING_INDEX.value, belonging_rules.STRONG_INDEX.value
    scale = tone_threshold_scale(weak, strong).to_dict()
    assert scale == {
        "type": "threshold",
        "domain": [weak, strong],
        "range": [TONE_TINTS["bad"], TONE_TINTS["warn"], TONE_TINTS["good"]],
    }
    assert [tone_of(v, weak, strong) for v in (weak - 1, weak, strong, None)] == [
        "bad",
        "warn",
        "good",
        "none",
    ]


def test_the_belonging_heatmap_uses_the_tone_tints() -> None:
    from workbook import belonging, charts, io

    result = belonging.assess(io.load_company("ledgerly"))
    spec = charts.belonging_segment_heatmap(result).to_dict()
    cells = spec["layer"][0]["encoding"]["color"]
    assert cells["scale"]["type"] == "threshold"
    assert cells["scale"]["range"][0] == TONE_TINTS["bad"]
