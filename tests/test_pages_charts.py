"""Chart colours follow the status tones: the belonging heatmap and the runway."""

from __future__ import annotations

import re

import pytest

from workbook.belonging import rules as belonging_rules
from workbook.charts.base import TONE_TINTS, runway_tone, tone_of, tone_threshold_scale
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


def test_retention_reads_as_a_cohort_table_with_unfinished_periods_blank() -> None:
    import pandas as pd

    from workbook.tables import cohort_table

    curves = pd.DataFrame(
        {
            "cohort": pd.to_datetime(["2025-01-01"] * 3 + ["2025-02-01"] * 2),
            "period": [0, 1, 2, 0, 1],
            "size": [100, 100, 100, 40, 40],
            "retention": [1.0, 0.5, 0.25, 1.0, 0.1],
        }
    )
    table = cohort_table(curves)
    assert table.text.splitlines() == [
        "Cohort (users) 0 1 2",
        "2025-01-01 (100) 100% 50% 25%",
        "2025-02-01 (40) 100% 10%",
    ]
    # The February cohort has not reached period 2: a hatched blank, never 0%.
    assert table.html.count('class="wb-censored"') == 1 and ">0%<" not in table.html
    shades = [float(a) for a in re.findall(r"rgba\(47, 93, 138, ([\d.]+)\)", table.html)]
    # Darker as more users stay: 100% > 50% > 25% > 10%.
    assert shades[0] == shades[3] > shades[1] > shades[2] > shades[4]


def test_the_timeline_runway_is_green_with_a_long_buffer() -> None:
    from workbook import charts, io, ttpmf
    from workbook.charts.base import PALETTE

    result = ttpmf.assess(io.load_company("ledgerly"))  # 30 months of runway, fit reached
    assert runway_tone(result.timeline.buffer_months) == "good"
    found = []

    def scales(node: object) -> None:
        if isinstance(node, dict):
            scale = node.get("scale")
            if isinstance(scale, dict) and "runway" in (scale.get("domain") or []):
                found.append(scale["range"][scale["domain"].index("runway")])
            for value in node.values():
                scales(value)
        elif isinstance(node, list):
            for value in node:
                scales(value)

    scales(charts.timeline_chart(result.timeline).to_dict())
    assert found and set(found) == {PALETTE["good"]}


# -- wave labels and the retention average ---------------------------------------------------


@pytest.mark.parametrize(
    ("grouping", "start", "end", "label"),
    [("quarters", "2024-11-04", "2024-12-20", "2024 Q4"),
     ("months", "2024-11-04", "2024-11-28", "Nov 2024"),
     ("waves", "2025-03-03", "2025-03-21", "Wave 2 · 3–21 Mar 2025"),
     ("waves", "2025-03-23", "2025-04-02", "Wave 2 · 23 Mar–2 Apr 2025"),
     ("waves", "2025-12-23", "2026-01-02", "Wave 2 · 23 Dec 2025–2 Jan 2026"),
     ("waves", "2025-03-03", "2025-03-03", "Wave 2 · 3 Mar 2025")],
)  # fmt: skip
def test_a_wave_is_named_by_its_period_or_its_days(grouping, start, end, label) -> None:
    import pandas as pd

    from workbook.waves import period_label

    assert period_label(2, pd.Timestamp(start), pd.Timestamp(end), grouping) == label


def _chart_text(chart) -> str:
    import json

    return json.dumps(chart.to_dict(), ensure_ascii=False)


def test_a_survey_read_in_quarters_is_charted_by_quarter() -> None:
    from workbook import charts, io, ttpmf

    result = ttpmf.assess(io.load_company("snapplate"))
    assert result.trajectory is not None and result.trajectory.grouping == "quarters"
    for chart in (
        charts.wave_scores_chart(result.trajectory),
        charts.trajectory_chart(result.trajectory, result.timeline.fit_date),
    ):
        text = _chart_text(chart)
        assert re.search(r"20\d\d Q[1-4]", text)
        assert "Wave 1 ·" not in text


def test_the_retention_chart_says_why_its_average_sits_above_the_long_cohorts() -> None:
    from workbook import charts, io, ttpmf

    retention = ttpmf.assess(io.load_company("ledgerly")).retention
    assert retention is not None
    last = retention.average.iloc[-1]
    reached = retention.curves[retention.curves["period"] == last["period"]]["retention"]
    assert last["retention"] > reached.max()  # the case the sentence is about
    text = _chart_text(charts.retention_chart(retention))
    assert f"At period {int(last['period'])} the average" in text
    assert f"all {len(reached)} cohorts that got that far" in text
    assert "weighted by cohort size" in text


def test_an_average_within_its_cohorts_is_explained_without_claiming_it_is_above() -> None:
    from workbook import io, ttpmf
    from workbook.ttpmf import present

    retention = ttpmf.assess(io.load_company("tandem")).retention
    assert retention is not None
    last = retention.average.iloc[-1]
    reached = retention.curves[retention.curves["period"] == last["period"]]["retention"]
    assert last["retention"] <= reached.max()
    note = present.average_note(retention)
    assert note.startswith("The average chains") and "sits above" not in note
