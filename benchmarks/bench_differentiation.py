"""Benchmark: classifying a 100,000-answer Kano survey, vectorised vs one answer at a time.

Run from the project folder: ``.venv/bin/python benchmarks/bench_differentiation.py``. Both paths
are timed in the same run on the same synthetic answers (fixed seed), so the printed ratio
compares like with like on whatever machine runs it. The full per-feature summary
(``assess_kano``) is timed too, since that is what a notebook waits for.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from timing import best_time

from workbook.differentiation import assess_kano, classify_kano, kano_category
from workbook.io import KANO_ANSWERS

ROWS = 100_000
FEATURES = 12
REPEATS = 5
SEED = 20240101


def synthetic_survey(rows: int, seed: int) -> pd.DataFrame:
    """Random answer pairs over a dozen features (answers as io.load_company delivers them)."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "respondent_id": [f"r{i}" for i in range(rows)],
            "feature": rng.choice([f"feature {i:02d}" for i in range(FEATURES)], rows),
            "functional": rng.choice(KANO_ANSWERS, rows),
            "dysfunctional": rng.choice(KANO_ANSWERS, rows),
        }
    )


def main() -> None:
    survey = synthetic_survey(ROWS, SEED)
    functional, dysfunctional = survey["functional"], survey["dysfunctional"]

    def per_row() -> list[str]:
        return [kano_category(f, d) for f, d in zip(functional, dysfunctional, strict=True)]

    def vectorised() -> pd.Series:
        return classify_kano(functional, dysfunctional)

    if list(vectorised()) != per_row():
        raise SystemExit("The vectorised and per-row classifications disagree.")
    loop_seconds = best_time(per_row, max(1, REPEATS // 2))
    vector_seconds = best_time(vectorised, REPEATS)
    summary_seconds = best_time(lambda: assess_kano(survey), REPEATS)
    print(f"Kano classification of {ROWS:,} answer pairs")
    print(f"  per-row loop of kano_category: {loop_seconds * 1000:9.1f} ms")
    print(f"  vectorised classify_kano:      {vector_seconds * 1000:9.1f} ms")
    print(f"  speed-up (loop / vectorised):  {loop_seconds / vector_seconds:9.1f}x")
    print(f"  full per-feature summary:      {summary_seconds * 1000:9.1f} ms (assess_kano)")


if __name__ == "__main__":
    main()
