"""Timing shared by the benchmarks: the best of a few runs, the least disturbed by other work."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_time(run: Callable[[], object], repeats: int) -> float:
    """The fastest of ``repeats`` runs of ``run``, in seconds."""
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return min(timings)
