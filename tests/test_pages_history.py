"""What changed since the last render: the kept results and how pages word the change."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from workbook.present import NOTHING_TO_COMPARE, change_html
from workbook.render import history
from workbook.render.manifest import Manifest


def record(status: str = "reached", share: float | None = 0.45, index: float = 70.0,
           advice: tuple[str, ...] = ("Keep surveying",)) -> dict[str, Any]:  # fmt: skip
    """A company's ``assess --json`` record with the parts pages compare."""
    return {
        "slug": "acme",
        "name": "Acme",
        "as_of": "2026-01-31",
        "assessed": True,
        "problems": [],
        "assessments": {
            "belonging": {"status": "strong", "figures": {"index": index}, "recommendations": []},
            "ttpmf": {
                "status": status,
                "figures": {"waves": [{"share": 0.2}, {"share": share}]},
                "recommendations": [{"title": title} for title in advice],
            },
        },
    }


def at(day: int) -> datetime:
    return datetime(2026, 3, day, 12, tzinfo=UTC)


def test_a_render_keeps_results_only_when_they_differ(tmp_path: Path) -> None:
    first = history.keep(tmp_path, "acme", record(), now=at(1))
    assert first is not None and first.parent == tmp_path / "acme"
    assert json.loads(first.read_text(encoding="utf-8")) == record()
    assert history.keep(tmp_path, "acme", record(), now=at(2)) is None  # unchanged: not kept
    assert history.keep(tmp_path, "acme", record(status="at risk"), now=at(3)) is not None
    kept = history.load(tmp_path, "acme")
    assert [k.day for k in kept] == ["2026-03-01", "2026-03-03"]


def test_pages_compare_with_the_previous_render_that_differs(tmp_path: Path) -> None:
    assert history.previous(tmp_path, "acme", record()) is None  # nothing kept: first render
    history.keep(tmp_path, "acme", record(), now=at(1))
    assert history.previous(tmp_path, "acme", record()) is None  # the same: nothing to compare
    history.keep(tmp_path, "acme", record(status="at risk", share=0.3), now=at(5))
    current = record(status="at risk", share=0.3)
    before = history.previous(tmp_path, "acme", current)
    assert before is not None and before.day == "2026-03-01"  # skips the identical latest one
    # An assessment page compares its own assessment only: belonging did not change.
    assert history.previous(tmp_path, "acme", current, ["belonging"]) is None


def test_a_change_lists_statuses_figures_and_advice(tmp_path: Path) -> None:
    history.keep(tmp_path, "acme", record(), now=at(1))
    current = record(status="at risk", share=0.3, index=74.5, advice=("Find the segment",))
    before = history.previous(tmp_path, "acme", current)
    assert before is not None
    change = history.compare(before, current)
    assert change.since == "2026-03-01"
    assert change.statuses == (("ttpmf", "reached", "at risk"),)
    figures = {f.label: (f.before, f.after) for f in change.figures}
    assert figures == {"Belonging Index": (70.0, 74.5), "Sean Ellis share": (0.45, 0.3)}
    assert change.new_advice == ("Find the segment",)
    assert change.resolved_advice == ("Keep surveying",)
    assert change.count == 5
    text = change_html(change).text
    assert text.splitlines() == [
        "Since the render of 2026-03-01:",
        "- Time to product/market fit: ● reached → ▲ at risk",
        "- ▲ Belonging Index: 70.0 → 74.5 (+4.5)",
        "- ▼ Sean Ellis share: 45% → 30% (-15.0 percentage points)",
        "- New advice: Find the segment",
        "- No longer advised: Keep surveying",
    ]
    block = change_html(change).html
    assert 'aria-label="down"' in block and 'aria-label="up"' in block


def test_a_change_outside_the_headline_is_still_said(tmp_path: Path) -> None:
    history.keep(tmp_path, "acme", record(), now=at(1))
    current = record()
    current["assessments"]["ttpmf"]["summary"] = "worded differently"
    before = history.previous(tmp_path, "acme", current)
    assert before is not None
    change = history.compare(before, current)
    assert change.count == 0 and change.other
    assert "Details changed" in change_html(change).text


def test_nothing_to_compare_is_said() -> None:
    assert change_html(None).text == NOTHING_TO_COMPARE
    assert history.previous(None, "acme", record()) is None


def test_damaged_history_files_are_ignored(tmp_path: Path) -> None:
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    (folder / "20260301T120000000000Z.json").write_text("{not json", encoding="utf-8")
    assert history.load(tmp_path, "acme") == []


def test_the_manifest_lists_the_history_and_keeps_it(tmp_path: Path) -> None:
    history.keep(tmp_path / "history", "acme", record(), now=at(1))
    listed = history.listing(tmp_path)
    assert listed == {"acme": ["history/acme/20260301T120000000000Z.json"]}
    manifest = Manifest(tmp_path)
    manifest.history = listed
    manifest.save()
    assert Manifest.load(tmp_path).history == listed
