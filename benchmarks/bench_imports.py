"""Benchmark: what importing the workbook costs every notebook kernel and every CLI call.

Two measurements, each against a baseline measured in the same run, in fresh interpreters (the
best of several, the least disturbed by other work):

* importing the three assessments (without charts) against ``import pandas``, which they need
  anyway: our own cost on top must stay under 0.4 s;
* ``workbook --help`` against an empty interpreter (``python -c pass``): under 0.3 s more.

Run: ``.venv/bin/python benchmarks/bench_imports.py`` (or ``make bench``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from timing import best_time

REPEATS = 7
ASSESSMENTS = "import workbook.belonging, workbook.differentiation, workbook.ttpmf"
CLI = str(Path(sys.executable).with_name("workbook"))
TARGET_EXTRA_IMPORT_S = 0.4
TARGET_EXTRA_HELP_S = 0.3


def timed(command: list[str]) -> float:
    """The best wall time of ``command`` in a fresh process, in seconds."""
    return best_time(
        lambda: subprocess.run(command, check=True, stdout=subprocess.DEVNULL), REPEATS
    )


def report(name: str, measured: float, baseline: float, label: str, target: float) -> None:
    extra = measured - baseline
    print(
        f"imports: {name} {measured:.2f} s; {label} {baseline:.2f} s; "
        f"extra {extra:.2f} s, ratio {measured / baseline:.2f}x "
        f"(target extra < {target:.1f} s) " + ("OK" if extra < target else "SLOW")
    )


def main() -> None:
    """Time the imports against their baselines and print the differences and ratios."""
    python = sys.executable
    pandas_only = timed([python, "-c", "import pandas"])
    assessments = timed([python, "-c", ASSESSMENTS])
    report("three assessments", assessments, pandas_only, "import pandas", TARGET_EXTRA_IMPORT_S)
    empty = timed([python, "-c", "pass"])
    help_text = timed([CLI, "--help"])
    report("workbook --help", help_text, empty, "python -c pass", TARGET_EXTRA_HELP_S)


if __name__ == "__main__":
    main()
