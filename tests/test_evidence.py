"""The shared evidence discipline and observation window: the tests behave at their stated level
under the null, the rules say what would settle a thin judgement, and the window never lets a
typo or an unfinished period move the clock or read as data."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from workbook import results
from workbook.evidence import (
    Evidence,
    EvidenceRule,
    holm,
    two_proportion_p,
    welch_p,
    welch_p_from_stats,
)
from workbook.window import (
    complete_periods,
    default_as_of,
    drop_after,
    is_complete,
    period_end,
    period_start,
)

RULE = EvidenceRule(
    "Answers for a share",
    30,
    "at least {value} people",
    "Fewer answers leave the interval too wide to act on.",
    test="Wilson interval",
)


def test_rule_text_states_minimum_and_test() -> None:
    """The generated rule text carries both the minimum and the deciding test."""
    assert RULE.text == "at least 30 people; Wilson interval (95%)"


def test_thin_evidence_says_what_would_settle_it() -> None:
    """Below the minimum the judgement is not sufficient and says how many more are needed."""
    record = RULE.judge(12)
    assert not record.sufficient
    assert record.more_needed == 18
    assert "18 more answers" in record.note
    assert RULE.judge(29).note.endswith("1 more answer would settle it")


def test_a_test_that_does_not_decide_is_not_sufficient() -> None:
    """Enough people but a non-significant test: not sufficient, and the p-value is named."""
    record = RULE.judge(200, decided=False, p_value=0.31)
    assert not record.sufficient
    assert "p = 0.31" in record.note
    assert RULE.judge(200, decided=True, p_value=0.001).sufficient


def test_evidence_travels_in_the_json() -> None:
    """``to_dict`` carries each check's evidence so other tools can tell firm from tentative."""
    check = results.Check("Sean Ellis share", "pass", "why", evidence=RULE.judge(12))
    result = results.AssessmentResult(status="x", summary="y", checks=(check,))
    payload = results.to_dict(result)["checks"][0]["evidence"]
    assert payload["n"] == 12 and payload["needed"] == 30 and payload["sufficient"] is False
    assert results.to_dict(result)["checks"][0]["evidence"]["test"] == "Wilson interval"
    plain = results.Check("other", "pass", "why")
    assert (
        results.to_dict(results.AssessmentResult(status="x", summary="y", checks=(plain,)))[
            "checks"
        ][0]["evidence"]
        is None
    )


def test_two_proportion_matches_known_values() -> None:
    """The z-test's p-value for 40/100 vs 25/100, and Fisher's exact test for tiny counts."""
    assert two_proportion_p(40, 100, 25, 100) == pytest.approx(0.0237, abs=5e-4)
    assert two_proportion_p(2, 5, 0, 5) == pytest.approx(0.4444, abs=1e-3)  # Fisher
    assert two_proportion_p(0, 0, 5, 10) == 1.0


def test_welch_matches_scipy() -> None:
    """Welch's t-test agrees with scipy's unequal-variance t-test."""
    from scipy.stats import ttest_ind

    rng = np.random.default_rng(1)
    a, b = rng.normal(3, 1, 14), rng.normal(3.6, 2, 25)
    expected = ttest_ind(a, b, equal_var=False).pvalue
    assert welch_p(a, b) == pytest.approx(expected, rel=1e-9)
    assert welch_p([1.0], [2.0, 3.0]) == 1.0
    assert welch_p_from_stats(3, 0, 10, 3, 0, 10) == 1.0


def test_holm_steps_down() -> None:
    """Holm rejects in order of p-value and stops at the first that fails its bound."""
    assert holm([0.01, 0.04, 0.03]) == (True, False, False)
    assert holm([0.01, 0.02, 0.04], level=0.05) == (True, True, True)
    assert holm([]) == ()


@pytest.mark.parametrize("n", [12, 30])
def test_null_simulation_welch_false_claims_at_level(n: int) -> None:
    """Two waves drawn from one distribution: a change is claimed at most at the stated level."""
    rng = np.random.default_rng(20261201)
    trials = 600
    claims = sum(
        welch_p(rng.integers(1, 6, n).astype(float), rng.integers(1, 6, n).astype(float)) < 0.05
        for _ in range(trials)
    )
    assert claims / trials <= 0.07


def test_null_simulation_segments_with_holm_at_level() -> None:
    """Every segment with the same true share: Holm-corrected tests against the rest claim a
    segment "stands out" in at most the stated share of surveys."""
    rng = np.random.default_rng(7)
    trials, surveys_with_claim = 400, 0
    for _ in range(trials):
        sizes = rng.integers(15, 60, 5)
        hits = rng.binomial(sizes, 0.35)
        p = [
            two_proportion_p(hits[i], sizes[i], hits.sum() - hits[i], sizes.sum() - sizes[i])
            for i in range(5)
        ]
        surveys_with_claim += any(holm(p))
    assert surveys_with_claim / trials <= 0.07


def test_periods() -> None:
    """Periods start and end on calendar boundaries; a period is complete once it has ended."""
    assert period_start(date(2026, 5, 14), "quarter") == date(2026, 4, 1)
    assert period_start(date(2026, 12, 3), "week") == date(2026, 11, 30)
    assert period_end(date(2026, 2, 3), "month") == date(2026, 2, 28)
    assert is_complete(date(2026, 1, 1), "month", date(2026, 1, 31))
    assert not is_complete(date(2026, 1, 1), "month", date(2026, 1, 30))


@pytest.mark.parametrize(
    ("start", "as_of", "freq", "whole"),
    [
        (date(2026, 1, 1), date(2026, 1, 31), "month", 1),
        (date(2026, 1, 1), date(2026, 1, 30), "month", 0),
        (date(2026, 1, 15), date(2026, 2, 14), "month", 1),
        (date(2026, 1, 15), date(2026, 2, 13), "month", 0),
        (date(2026, 1, 31), date(2026, 2, 28), "month", 1),
        (date(2026, 1, 5), date(2026, 1, 11), "week", 1),
        (date(2026, 1, 5), date(2026, 1, 10), "week", 0),
        (date(2026, 1, 1), date(2026, 12, 31), "quarter", 4),
        (date(2026, 3, 1), date(2026, 1, 1), "month", 0),
    ],
)
def test_complete_periods(start: date, as_of: date, freq: str, whole: int) -> None:
    """Whole periods elapsed: a cohort's period k is observed only when k < this count."""
    assert complete_periods(start, as_of, freq) == whole  # type: ignore[arg-type]


def test_drop_after_counts_rows() -> None:
    """Rows after as_of are removed and counted; undated rows stay for their own check."""
    frame = pd.DataFrame(
        {"submitted_at": ["2026-01-01", "2026-02-01T10:00:00+01:00", None, "2026-03-05"]}
    )
    kept, dropped = drop_after(frame, "submitted_at", date(2026, 2, 1))
    assert dropped == 1 and len(kept) == 3


def test_default_as_of_ignores_typos_and_future_dates() -> None:
    """A mistyped year or a future date never moves the clock; both are returned to flag."""
    rows = [date(2024, 1, 1)] * 40 + [date(2024, 5, 1)] * 30
    as_of, ignored = default_as_of([*rows, date(2052, 5, 1)], today=date(2026, 1, 1))
    assert as_of == date(2024, 5, 1) and ignored == (date(2052, 5, 1),)
    as_of, ignored = default_as_of([*rows, date(2026, 6, 1)], today=date(2026, 1, 1))
    assert as_of == date(2024, 5, 1) and ignored == (date(2026, 6, 1),)
    # A real later wave (many rows) after a long pause is data, not a typo.
    late_wave = [date(2025, 12, 1)] * 30
    assert default_as_of([*rows, *late_wave], today=date(2026, 1, 1)) == (date(2025, 12, 1), ())
    assert default_as_of([], today=date(2026, 1, 1)) == (None, ())


def test_evidence_is_frozen() -> None:
    """Evidence records are values: they cannot be changed after the judgement."""
    record = Evidence(n=1, needed=2, test="t", level=0.05, sufficient=False)
    with pytest.raises(AttributeError):
        record.n = 3  # type: ignore[misc]
