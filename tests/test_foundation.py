"""The shared layers every assessment uses: result protocol, rules, formatting and statistics."""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from workbook import format as fmt
from workbook.results import (
    MAX_RECOMMENDATIONS,
    AssessmentResult,
    Check,
    Recommendation,
    Severity,
    plain,
    rank,
    to_dict,
)
from workbook.rules import Rule, rules_in, rules_table
from workbook.stats import Estimate, is_blank, mean_interval, t_quantile, wilson_interval


def test_rank_puts_the_most_severe_first_keeps_ties_in_order_and_cuts_to_the_limit():
    low = Recommendation(Severity.LOW, "polish", "nice to have")
    high_a = Recommendation(Severity.HIGH, "first high", "a")
    high_b = Recommendation(Severity.HIGH, "second high", "b")
    critical = Recommendation(Severity.CRITICAL, "now", "runway")
    ranked = rank([low, high_a, high_b, critical])
    assert ranked == (critical, high_a, high_b)
    assert len(rank([low] * 10)) == MAX_RECOMMENDATIONS


def test_results_are_frozen_and_serialise_to_plain_json():
    result = AssessmentResult(
        status="on track",
        summary="Fit is projected before the 24-month mark.",
        figures={
            "share": np.float64(0.42),
            "missing": float("nan"),
            "n": np.int64(120),
            "when": date(2026, 3, 31),
            "stamp": pd.Timestamp("2026-04-01"),
            "range": (date(2026, 1, 1), None),
            "nested": {"alpha": {"value": 0.81, "band": "good"}},
        },
        checks=(Check("Fit bar", "pass", "above the bar"),),
        recommendations=(Recommendation(Severity.MEDIUM, "Do it", "because"),),
        missing={"retention.csv": "Add retention.csv."},
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.status = "reached"  # type: ignore[misc]
    data = to_dict(result)
    text = json.dumps(data, allow_nan=False)  # no NaN can slip through
    assert data["figures"] == {
        "share": 0.42,
        "missing": None,
        "n": 120,
        "when": "2026-03-31",
        "stamp": "2026-04-01",
        "range": ["2026-01-01", None],
        "nested": {"alpha": {"value": 0.81, "band": "good"}},
    }
    assert data["checks"] == [
        {"name": "Fit bar", "outcome": "pass", "reason": "above the bar", "evidence": None}
    ]
    assert data["recommendations"] == [
        {"severity": "medium", "title": "Do it", "reason": "because", "topic": "", "evidence": None}
    ]
    assert "NaN" not in text


def test_plain_keeps_the_time_of_a_timestamp_that_has_one():
    assert plain(datetime(2026, 1, 2, 15, 30)) == "2026-01-02T15:30:00"
    assert plain(pd.NaT) is None
    assert plain(pd.NA) is None


def test_a_rule_reads_its_value_through_its_template_and_the_table_follows_the_value():
    bar = Rule("Fit bar", 0.4, "{value:.0%} very disappointed", "The usual sign of fit.")
    assert bar.text == "40% very disappointed"
    assert str(bar) == bar.text
    table = rules_table([bar, dataclasses.replace(bar, label="Higher bar", value=0.5)])
    assert table.columns.tolist() == ["Rule", "Value", "Why"]
    assert table["Value"].tolist() == ["40% very disappointed", "50% very disappointed"]


def test_rules_in_collects_a_namespace_rules_in_declaration_order():
    first = Rule("A", 1, "{value}", "why a")
    second = Rule("B", 2, "{value}", "why b")
    assert rules_in({"FIRST": first, "other": 3, "SECOND": second}) == (first, second)


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: fmt.share(0.4234), "42%"),
        (lambda: fmt.share(0.4234, 1), "42.3%"),
        (lambda: fmt.share(None), "not defined"),
        (lambda: fmt.share(float("nan")), "not defined"),
        (lambda: fmt.points(0.05), "5 percentage points"),
        (lambda: fmt.number(2.345, 2), "2.35"),
        (lambda: fmt.number(None, placeholder="–"), "–"),
        (lambda: fmt.interval(0.382, 0.451), "38.2%–45.1%"),
        (lambda: fmt.interval(3.14, 4.5, as_share=False), "3.1–4.5"),
        (lambda: fmt.interval(None, 0.5), "not defined"),
        (lambda: fmt.day(date(2026, 1, 31)), "2026-01-31"),
        (lambda: fmt.day(pd.Timestamp("2026-01-31 10:00")), "2026-01-31"),
        (lambda: fmt.day(pd.NaT), "not defined"),
        (lambda: fmt.months(14.24), "14.2 months"),
    ],
)
def test_formatters(call, expected):
    assert call() == expected


def test_estimate_text_has_interval_and_n_and_flags_too_few_answers():
    assert fmt.estimate(Estimate(72.44, 70.1, 74.7, 300)) == "72.4 (95% CI 70.1–74.7, n = 300)"
    few = fmt.estimate(Estimate(60.0, None, None, 1))
    assert few == "60.0 (n = 1; fewer than 30 answers, too few to trust)"
    assert fmt.estimate(Estimate(None, None, None, 0), placeholder="none yet") == "none yet"


def test_escape_neutralises_html_and_markdown():
    assert fmt.escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert fmt.escape("a_b*c|d") == "a\\_b\\*c\\|d"


def test_t_quantile_matches_published_table_values():
    # Student-t table: t(0.975; 1) = 12.706, t(0.975; 10) = 2.228, t(0.975; 100) = 1.984.
    assert t_quantile(0.975, 1) == pytest.approx(12.7062, abs=1e-4)
    assert t_quantile(0.975, 10) == pytest.approx(2.2281, abs=1e-4)
    assert t_quantile(0.975, 100) == pytest.approx(1.9840, abs=1e-4)


def test_mean_interval_on_a_worked_example():
    estimate = mean_interval([1.0, 2.0, 3.0, float("nan")])
    half = 4.3027 * 1.0 / math.sqrt(3)  # t(0.975; 2) = 4.3027, standard deviation 1
    assert estimate.value == 2.0 and estimate.n == 3
    assert estimate.ci_low == pytest.approx(2.0 - half, abs=1e-3)
    assert estimate.ci_high == pytest.approx(2.0 + half, abs=1e-3)
    assert mean_interval([]).value is None
    assert mean_interval([5.0]) == Estimate(5.0, None, None, 1)


def test_wilson_interval_matches_a_worked_example_and_stays_within_zero_and_one():
    # 40 of 100: Wilson 95% interval 30.94%–49.80% (as published tables and statsmodels give).
    estimate = wilson_interval(40, 100)
    assert estimate.ci_low == pytest.approx(0.3094, abs=1e-4)
    assert estimate.ci_high == pytest.approx(0.4980, abs=1e-4)
    assert wilson_interval(0, 5).ci_low == 0.0
    assert wilson_interval(5, 5).ci_high == 1.0


@pytest.mark.parametrize(
    ("value", "blank"),
    [
        (None, True),
        (float("nan"), True),
        (pd.NA, True),
        (pd.NaT, True),
        ("  ", True),
        ("x", False),
        (0, False),
        (False, False),
    ],
)
def test_is_blank(value, blank):
    assert is_blank(value) is blank
