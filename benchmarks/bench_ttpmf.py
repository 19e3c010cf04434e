"""Benchmark the TTPMF assessment on a large survey and its projection range against a naive loop.

Run from the project folder:  .venv/bin/python benchmarks/bench_ttpmf.py [--answers 100000]

It builds a synthetic survey (10 waves, rising share), times ``ttpmf.assess`` end to end, then
times the projection's draws two ways in the same run:

* vectorised (the library): one Beta draw of each wave's share per draw (its posterior under
  the Jeffreys prior), all trends refitted with one matrix product;
* naive: a Bayesian bootstrap of the respondents written as a Python loop (an exponential weight
  for every respondent of every wave, plus the prior's two gamma weights, whose weighted share
  has exactly that Beta distribution), then the trend refitted in Python, draw after draw.

The naive loop is far too slow for all draws of a large survey, so it runs a few and the
comparison is per draw. Both medians are printed to show that they estimate the same thing.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from timing import best_time

from workbook import io, ttpmf
from workbook.ttpmf import compute, rules

STARTED = date(2024, 1, 1)
WAVES = 10
WAVE_SPACING_DAYS = 45
SEED = 7


def synthetic_survey(answers: int) -> pd.DataFrame:
    """A survey whose share of "very disappointed" rises from 15% to 33% over 10 waves."""
    rng = np.random.default_rng(SEED)
    wave = rng.integers(0, WAVES, answers)
    first_day = pd.Timestamp(STARTED) + pd.Timedelta(days=90)
    days = first_day + pd.to_timedelta(wave * WAVE_SPACING_DAYS + rng.integers(0, 10, answers), "D")
    very_share = 0.15 + 0.02 * wave
    draw = rng.random(answers)
    answer = np.select(
        [draw < very_share, draw < very_share + 0.35, draw < 0.92],
        ["very", "somewhat", "not"],
        "na",
    )
    return pd.DataFrame(
        {
            "respondent_id": [f"r{i}" for i in range(answers)],
            "submitted_at": days,
            "answer": answer,
            "segment": rng.choice(["finance", "operations", "founders"], answers),
            "main_benefit": rng.choice(["faster close", "bank sync", "audit trail"], answers),
            "improvement": rng.choice(["more integrations", "custom reports", None], answers),
        }
    )


def synthetic_company(survey: pd.DataFrame) -> io.Company:
    """A company holding only the survey (no retention file)."""
    config = io.CompanyConfig(
        name="Benchmark Co",
        stage="pre-pmf",
        started=STARTED,
        network_effects=False,
        runway_months=18,
    )
    as_of = survey["submitted_at"].max().date()
    return io.Company(
        slug="benchmark",
        path=Path("benchmark"),
        config=config,
        as_of=as_of,
        pmf_survey=survey,
        sources={"pmf_survey.csv": "ok"},
    )


def naive_bootstrap(
    months: list[float], very: list[int], answers: list[int], draws: int, seed: int
) -> list[float]:
    """The draws written the slow way: loop over draws, waves and respondents."""
    rng = random.Random(seed)
    prior = rules.PROJECTION_PRIOR.value
    crossings = []
    for _ in range(draws):
        shares = []
        for k, n in zip(very, answers, strict=True):
            weights = [rng.expovariate(1.0) for _ in range(n)]
            fans = sum(weights[:k]) + rng.gammavariate(prior, 1.0)
            others = sum(weights[k:]) + rng.gammavariate(prior, 1.0)
            shares.append(fans / (fans + others))
        total = sum(answers)
        x_mean = sum(w * x for w, x in zip(answers, months, strict=True)) / total
        y_mean = sum(w * y for w, y in zip(answers, shares, strict=True)) / total
        spread = sum(w * (x - x_mean) ** 2 for w, x in zip(answers, months, strict=True))
        slope = (
            sum(
                w * (x - x_mean) * (y - y_mean)
                for w, x, y in zip(answers, months, shares, strict=True)
            )
            / spread
        )
        intercept = y_mean - slope * x_mean
        crossing = math.inf
        if slope > rules.FLAT_TREND_SLOPE.value:
            crossing = (rules.FIT_THRESHOLD.value - intercept) / slope
        horizon = rules.PROJECTION_HORIZON_MONTHS.value
        crossings.append(crossing if crossing <= horizon else math.inf)
    return crossings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000, help="survey size")
    parser.add_argument("--naive-draws", type=int, default=5, help="draws for the naive loop")
    options = parser.parse_args()

    survey = synthetic_survey(options.answers)
    company = synthetic_company(survey)
    assess_seconds = best_time(lambda: ttpmf.assess(company), repeats=3)
    result = ttpmf.assess(company)
    print(f"assess() on {options.answers:,} answers: {assess_seconds:.2f} s (best of 3)")
    print(f"  status: {result.status}; {result.timeline.reason}")

    waves = compute.wave_scores(survey, STARTED)
    months = waves["months"].tolist()
    very = waves["very"].astype(int).tolist()
    answers = waves["n"].astype(int).tolist()

    draws = rules.PROJECTION_DRAWS.value
    vectorised = best_time(lambda: compute.bootstrap_crossings(months, very, answers), repeats=5)
    naive = best_time(
        lambda: naive_bootstrap(months, very, answers, options.naive_draws, SEED), repeats=1
    )
    per_vectorised = vectorised / draws
    per_naive = naive / options.naive_draws
    print(
        f"vectorised draws: {draws:,} draws in {vectorised * 1000:.1f} ms "
        f"({per_vectorised * 1e6:.1f} µs per draw)"
    )
    print(
        f"naive loop draws: {options.naive_draws} draws in {naive:.2f} s "
        f"({per_naive * 1000:.1f} ms per draw)"
    )
    print(f"speed-up per draw (naive / vectorised): {per_naive / per_vectorised:,.0f}x")
    print(f"naive loop for all {draws:,} draws would take about {per_naive * draws:.0f} s")
    fast = compute.bootstrap_crossings(months, very, answers)
    slow = naive_bootstrap(months, very, answers, options.naive_draws, SEED)
    print(
        f"median crossing month: vectorised {np.median(fast):.2f}, "
        f"naive {statistics.median(slow):.2f} (same estimate, different random draws)"
    )


if __name__ == "__main__":
    main()
