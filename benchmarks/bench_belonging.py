"""Benchmark: scoring 100,000 belonging-survey respondents × 24 items.

Times :func:`workbook.belonging.score_responses` on synthetic answers and compares it with a
baseline measured in the same run: a plain per-respondent Python loop applying the same rules
(reverse scoring, ≥ half answered, prorated sums), timed on a subset and scaled up. The baseline
must give the same scores on that subset, so the comparison is like for like.

Run from the project folder: ``.venv/bin/python benchmarks/bench_belonging.py``. Exits with
status 1 when scoring takes longer than the budget.
"""

from __future__ import annotations

import math
import sys
import time

import numpy as np
import pandas as pd
from timing import best_time

from workbook.belonging import rules, score_responses
from workbook.io import Instrument, Item, Subscale

RESPONDENTS = 100_000
BASELINE_RESPONDENTS = 2_000
REPEATS = 3
MISSING_SHARE = 0.05
#: Scoring all respondents must take less than this many seconds.
BUDGET_SECONDS = 1.0


def sci2_shaped_instrument() -> Instrument:
    """24 items scored 0–3 in four subscales of six (two reversed each), sum scoring."""
    subscales = tuple(Subscale(f"s{k}", f"Subscale {k}") for k in range(1, 5))
    items = tuple(
        Item(f"{s.id}_{i}", f"Placeholder {s.id} {i}", s.id, reversed=i in (3, 6))
        for s in subscales
        for i in range(1, 7)
    )
    return Instrument("Benchmark scale", 0, 3, "sum", subscales, items)


def synthetic_survey(instrument: Instrument, rows: int, seed: int = 1) -> pd.DataFrame:
    """Random answers on the instrument's scale with a share of them left blank."""
    rng = np.random.default_rng(seed)
    shape = (rows, len(instrument.items))
    answers = rng.integers(instrument.scale_min, instrument.scale_max + 1, size=shape).astype(float)
    answers[rng.random(shape) < MISSING_SHARE] = np.nan
    survey = pd.DataFrame(answers, columns=instrument.item_ids)
    survey.insert(0, "respondent_id", [f"r{i}" for i in range(rows)])
    return survey


def naive_scores(survey: pd.DataFrame, instrument: Instrument) -> list[dict[str, float]]:
    """The baseline: score one respondent at a time with plain Python."""

    def score(values: list[float]) -> float:
        answered = [v for v in values if not math.isnan(v)]
        if not answered or len(answered) < rules.MIN_ANSWERED_SHARE.value * len(values):
            return math.nan
        mean = sum(answered) / len(answered)
        return mean * len(values) if instrument.scoring == "sum" else mean

    results = []
    for _, row in survey.iterrows():
        flipped = {
            item.id: (
                instrument.scale_min + instrument.scale_max - row[item.id]
                if item.reversed
                else row[item.id]
            )
            for item in instrument.items
        }
        scores = {
            s.id: score([flipped[item.id] for item in instrument.items_of(s.id)])
            for s in instrument.subscales
        }
        scores["total"] = score(list(flipped.values()))
        results.append(scores)
    return results


def main() -> int:
    instrument = sci2_shaped_instrument()
    survey = synthetic_survey(instrument, RESPONDENTS)
    subset = survey.iloc[:BASELINE_RESPONDENTS]

    expected = pd.DataFrame(naive_scores(subset, instrument))
    actual = score_responses(subset, instrument).drop(columns="respondent_id")
    pd.testing.assert_frame_equal(actual.reset_index(drop=True), expected, check_exact=False)

    vectorised = best_time(lambda: score_responses(survey, instrument), REPEATS)
    start = time.perf_counter()
    naive_scores(subset, instrument)
    baseline = (time.perf_counter() - start) * RESPONDENTS / BASELINE_RESPONDENTS

    print(f"respondents × items:        {RESPONDENTS:,} × {len(instrument.items)}")
    print(f"score_responses (best of {REPEATS}): {vectorised:.3f} s")
    print(
        f"per-row Python loop:        {baseline:.1f} s "
        f"(measured on {BASELINE_RESPONDENTS:,} rows, scaled up)"
    )
    print(f"speed-up:                   {baseline / vectorised:,.0f}×")
    within = vectorised < BUDGET_SECONDS
    print(f"within the {BUDGET_SECONDS:g} s budget: {'yes' if within else 'NO'}")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
