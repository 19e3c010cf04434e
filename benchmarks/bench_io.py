"""Benchmark: loading and validating a 100,000-respondent belonging survey.

Baseline, measured in the same run on the same file: a bare ``pandas.read_csv`` with type
inference and no checks at all. The ratio says what the data contract's checks cost on top of
merely reading the file; the target is a ratio below 15 (validation must never dominate a
batch run).

Run: ``.venv/bin/python benchmarks/bench_io.py`` (or ``make bench``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from timing import best_time

from workbook import io

RESPONDENTS = 100_000
TARGET_RATIO = 15.0


def write_survey(path: Path, instrument: io.Instrument, respondents: int) -> None:
    """Write a realistic survey: answers on the scale, ~3% blanks, a few segments."""
    rng = np.random.default_rng(7)
    answers = rng.integers(
        instrument.scale_min, instrument.scale_max + 1, (respondents, len(instrument.items))
    ).astype(float)
    answers[rng.random(answers.shape) < 0.03] = np.nan
    frame = pd.DataFrame(answers, columns=instrument.item_ids).astype("Int64")
    frame.insert(0, "respondent_id", [f"r{i:06d}" for i in range(respondents)])
    frame.insert(1, "submitted_at", "2026-01-15")
    frame.insert(2, "segment", rng.choice(["teams", "solo", "agencies"], respondents))
    frame["comment"] = ""
    frame.to_csv(path, index=False)


def main() -> None:
    """Time validation against a bare read of the same file and print the ratio."""
    instrument = io.load_instrument(io.PROJECT_ROOT / "data" / io.INSTRUMENT_RELATIVE_PATH)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "belonging_survey.csv"
        write_survey(path, instrument, RESPONDENTS)
        baseline = best_time(lambda: pd.read_csv(path), 3)
        loaded = io.load_data_file(path, instrument)
        assert loaded.status == "ok", loaded.problems[:3]
        measured = best_time(lambda: io.load_data_file(path, instrument), 3)
    ratio = measured / baseline
    print(
        f"io: validate {RESPONDENTS:,} survey rows in {measured:.2f} s; bare read_csv "
        f"{baseline:.2f} s; ratio {ratio:.1f}x (target < {TARGET_RATIO:.0f}x) "
        + ("OK" if ratio < TARGET_RATIO else "SLOW")
    )


if __name__ == "__main__":
    main()
