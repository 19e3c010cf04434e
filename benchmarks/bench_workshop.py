"""Benchmark: how fast a workshop editor answers a change, against re-reading and re-assessing.

Run from the project folder: ``.venv/bin/python benchmarks/bench_workshop.py``. For every sample
company (copied to a temporary folder) and every editor, one change is made again and again (a
feature's change, a checklist answer, the runway or the start date, alternating between two
values so that each is a real change) and the time from setting the widget's value to the live
results being on screen is measured (best of several). The baseline, measured in the same run on
the same company, is what a team would wait for without the editor: ``io.load_company`` plus the
registered assessment. The budget is 150 ms per change until the results are shown; TTPMF then
redraws its timeline chart (the "+charts" column).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from timing import best_time

from workbook import io, registry, workshop
from workbook.workshop.base import Editor

BUDGET_SECONDS = 0.150
REPEATS = 7
DATA = Path(__file__).resolve().parents[1] / "data"


def toggler(set_value: Callable[[str], None], first: str, second: str) -> Callable[[], None]:
    """A change that alternates between two values (each call is a real change)."""
    state = {"next": first}

    def change() -> None:
        value = state["next"]
        state["next"] = second if value == first else first
        set_value(value)

    return change


def changes(editor: Editor) -> dict[str, Callable[[], None]]:
    """The changes timed for one editor, by name."""
    if editor.assessment_id == "differentiation":
        cell = editor.features.rows[0].cells["change"]
        return {
            "feature kept ⇄ reinvented": toggler(
                lambda v: setattr(cell, "value", v), "reinvented", "kept"
            )
        }
    if editor.assessment_id == "belonging":
        toggle = editor.practices["harm_reporting"]
        founding = editor.founding.widget
        return {
            "checklist answer": toggler(lambda v: setattr(toggle, "value", v), "no", "partly"),
            "founding members": toggler(lambda v: setattr(founding, "value", v), "8", "30"),
        }
    runway, started = editor.runway.widget, editor.started.widget
    return {
        "runway": toggler(lambda v: setattr(runway, "value", v), "3", "40"),
        "start date": toggler(lambda v: setattr(started, "value", v), "2023-01-01", started.value),
    }


def best_refresh(editor: Editor, change: Callable[[], None], repeats: int) -> dict[str, float]:
    """The fastest refresh after ``change`` over ``repeats`` runs: until the results are shown,
    and in all (with the chart redrawn)."""
    change()  # warm: first imports and caches
    best = {"results": float("inf"), "total": float("inf")}
    for _ in range(repeats):
        change()
        for phase in best:
            best[phase] = min(best[phase], editor.timings[phase])
    return best


def main() -> None:
    slowest = 0.0
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "data"
        shutil.copytree(DATA / "instruments", root / "instruments")
        shutil.copytree(DATA / "companies", root / "companies")
        print(f"Workshop editors: one change until the live results are shown (best of {REPEATS})")
        print(
            f"  {'company':<10} {'editor':<16} {'change':<26} {'results':>9} {'+charts':>9} "
            f"{'reload':>9}  speed-up"
        )
        for slug in io.list_companies(root):
            for assessment_id in workshop.editor_ids():
                editor = workshop.editor(assessment_id, slug, root)

                def reload(slug: str = slug, assessment_id: str = assessment_id) -> object:
                    company = io.load_company(slug, root)
                    return registry.assess_company(company, only=[assessment_id])

                baseline = best_time(reload, 3)
                for name, change in changes(editor).items():
                    best = best_refresh(editor, change, REPEATS)
                    slowest = max(slowest, best["results"])
                    print(
                        f"  {slug:<10} {assessment_id:<16} {name:<26} "
                        f"{best['results'] * 1000:6.1f} ms {best['total'] * 1000:6.1f} ms "
                        f"{baseline * 1000:6.1f} ms  {baseline / best['results']:5.1f}x"
                    )
    verdict = "within" if slowest <= BUDGET_SECONDS else "OVER"
    print(
        "  results: validation + assessment + panel; +charts: with the timeline redrawn; reload: "
        "io.load_company + the assessment (baseline); speed-up = reload / results"
    )
    print(
        f"  slowest live update: {slowest * 1000:.1f} ms, {verdict} the "
        f"{BUDGET_SECONDS * 1000:.0f} ms budget ({BUDGET_SECONDS / slowest:.1f}x)"
    )


if __name__ == "__main__":
    main()
