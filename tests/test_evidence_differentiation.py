"""Issue 18 for differentiation: Kano and reinvention safeguards applied, not just computed.

Each test builds its data here (never the samples) and states the class of issue 18 it guards.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from workbook import differentiation as diff
from workbook import results
from workbook.differentiation import rules
from workbook.io import DATA_FILES, Company, CompanyConfig
from workbook.results import Severity

PAIRS = {
    "M": ("neutral", "dislike"),
    "O": ("like", "dislike"),
    "A": ("like", "neutral"),
    "I": ("neutral", "neutral"),
    "R": ("dislike", "like"),
    "Q": ("like", "like"),
}


def kano(answers: dict[str, dict[str, int]]) -> pd.DataFrame:
    """A Kano survey: per feature, how many answers fall in each category."""
    rows = [
        (f"r{i}", feature, *PAIRS[category])
        for feature, counts in answers.items()
        for category, n in counts.items()
        for i in range(n)
    ]
    return pd.DataFrame(rows, columns=["respondent_id", "feature", "functional", "dysfunctional"])


def features(rows: list[tuple[str, str, str, int, float | None]]) -> pd.DataFrame:
    names, areas, changes, importance, seconds = zip(*rows, strict=True)
    return pd.DataFrame(
        {
            "feature": list(names),
            "area": list(areas),
            "change": list(changes),
            "importance": np.array(importance, dtype="int64"),
            "seconds_to_experience": np.array(
                [np.nan if s is None else s for s in seconds], dtype="float64"
            ),
        }
    )


def company(**frames: pd.DataFrame) -> Company:
    config = CompanyConfig(
        name="Acme",
        stage="pre-pmf",
        started=date(2023, 1, 1),
        network_effects=False,
        reference_product="Notion",
    )
    sources = {
        file: "ok" if frames.get(file.removesuffix(".csv")) is not None else "missing"
        for file in DATA_FILES
    }
    return Company(
        slug="acme",
        path=Path("acme"),
        config=config,
        as_of=date(2024, 1, 1),
        sources=sources,
        **frames,
    )


#: A focused inventory: 4 of 20 reinvented, all in the core, felt at once.
FOCUSED = [
    ("editor", "core", "kept", 5, None),
    ("sync", "core", "kept", 5, None),
    ("search", "core", "reinvented", 4, 10.0),
    ("sharing", "peripheral", "kept", 3, None),
    ("export", "peripheral", "kept", 3, None),
]


def test_no_restore_advice_from_three_answers():
    """Class 5: a must-be category from 3 answers used to drive "restore this feature"."""
    inventory = features([*FOCUSED, ("login", "core", "removed", 1, None)])
    thin = diff.assess(company(features=inventory, kano_survey=kano({"login": {"M": 3}})))
    assert not any(r.title.startswith("Restore") for r in thin.recommendations)
    check = next(c for c in thin.checks if c.name == "Must-be features kept as they were")
    assert check.outcome == "pass"
    assert "Too few answers to judge" in check.reason and "login" in check.reason
    assert check.evidence is not None and not check.evidence.sufficient
    assert check.evidence.more_needed == rules.KANO_MIN_ANSWERS.value - 3
    enough = diff.assess(company(features=inventory, kano_survey=kano({"login": {"M": 30}})))
    restore = next(r for r in enough.recommendations if r.title.startswith("Restore"))
    assert restore.severity == Severity.HIGH
    assert restore.evidence is not None and restore.evidence.sufficient


def test_fong_decides_dominant_versus_mixed():
    """Class 5: a 19/16/5 split used to read "most customers see it as must-be"."""
    finding = diff.assess_kano(
        kano({"mixed": {"M": 19, "O": 16, "A": 5}, "clear": {"M": 30, "O": 10}})
    )
    table = finding.per_feature.set_index("feature")
    assert not table.loc["mixed", "significant"]
    assert table.loc["mixed", "category"] == "M/O"  # no single category is claimed
    assert table.loc["mixed", "near_tie"]
    assert table.loc["clear", "significant"] and table.loc["clear", "category"] == "M"
    # Fong's critical difference for 19 vs 16 of 40: 1.65 × sqrt(35 × 45 / 80) ≈ 7.32 > 3
    assert table.loc["mixed", "critical"] == pytest.approx(1.65 * (35 * 45 / 80) ** 0.5)


def test_a_mixed_must_be_is_asked_about_not_restored():
    """A must-be that Fong's test cannot separate from another category leads to asking customers,
    not to restoring the feature."""
    inventory = features([*FOCUSED, ("login", "core", "reinvented", 2, 5.0)])
    result = diff.assess(
        company(features=inventory, kano_survey=kano({"login": {"M": 19, "O": 16, "A": 5}}))
    )
    titles = [r.title for r in result.recommendations]
    assert not any(t.startswith("Restore") for t in titles)
    assert any(t.startswith("Ask the customers who expect login") for t in titles)


def test_a_reinvented_feature_most_customers_reject_does_not_pass():
    """Class 5: Kano Reverse for a reinvented core feature used to pass unnoticed."""
    inventory = features(FOCUSED)
    result = diff.assess(
        company(features=inventory, kano_survey=kano({"search": {"R": 24, "A": 6}}))
    )
    check = next(c for c in result.checks if c.name == "Reinvention customers care about")
    assert check.outcome == "fail"
    assert "would rather not have" in check.reason
    rethink = next(r for r in result.recommendations if r.title.startswith("Rethink search"))
    assert rethink.severity == Severity.HIGH
    assert "would rather not have" in result.summary
    kept = diff.assess(company(features=inventory, kano_survey=kano({"editor": {"R": 30}})))
    assert all(c.outcome == "pass" for c in kept.checks if c.name.startswith("Reinvention cust"))


def test_removed_features_count_as_change():
    """Class 5: removed features were left out of the share, so removing half the product read
    as a small change."""
    finding = diff.assess_reinvention(
        features(
            [
                ("a", "core", "kept", 5, None),
                ("b", "core", "reinvented", 2, 10.0),
                ("c", "peripheral", "removed", 3, None),
            ]
        )
    )
    assert finding.share == pytest.approx(5 / 10)  # 2 reinvented + 3 removed of 10


def test_removing_most_of_the_core_is_flagged_not_focused():
    """Class 5: gutting the reference product's core used to read "focused differentiation"."""
    inventory = features(
        [
            ("editor", "core", "removed", 5, None),
            ("sync", "core", "removed", 5, None),
            ("search", "core", "kept", 4, None),
            ("canvas", "core", "reinvented", 4, 10.0),
            *[(f"p{i}", "peripheral", "kept", 5, None) for i in range(10)],
        ]
    )
    result = diff.assess(company(features=inventory))
    assert result.reinvention.core_removed == pytest.approx(10 / 18)
    assert result.reinvention.core_gutted
    assert result.status != "focused differentiation"
    share = result.reinvention.share_check
    assert share.outcome == "fail" and "core" in share.reason
    bring_back = next(r for r in result.recommendations if r.title.startswith("Bring back"))
    assert bring_back.severity == Severity.HIGH
    removed_edge = features([("a", "core", "removed", 1, None), ("b", "core", "kept", 1, None)])
    assert not diff.assess_reinvention(removed_edge).core_gutted  # exactly half is allowed


def test_felt_in_time_is_judged_on_the_main_reinvention():
    """Class 5: a minor feature felt in 5 s used to pass while the main reinvention took 900 s."""
    inventory = features(
        [
            ("editor", "core", "kept", 5, None),
            ("engine", "core", "reinvented", 5, 900.0),
            ("badge", "core", "new", 1, 5.0),
            *[(f"p{i}", "peripheral", "kept", 4, None) for i in range(6)],
        ]
    )
    result = diff.assess(company(features=inventory))
    assert result.reinvention.fastest_feature == "engine"
    assert result.reinvention.time_check.outcome == "fail"
    assert result.status != "focused differentiation"


def test_every_check_and_kano_advice_carries_evidence_in_the_json():
    """The Kano checks and advice carry the evidence behind them (answers, test), and it reaches the
    JSON."""
    inventory = features([*FOCUSED, ("login", "core", "removed", 1, None)])
    result = diff.assess(company(features=inventory, kano_survey=kano({"login": {"M": 30}})))
    kano_checks = [c for c in result.checks if c.name.startswith(("Must-be", "Reinvention cust"))]
    assert all(c.evidence is not None for c in kano_checks)
    restore = next(r for r in result.recommendations if r.title.startswith("Restore"))
    assert restore.evidence.n == 30 and restore.evidence.test == rules.KANO_MIN_ANSWERS.test
    document = results.to_dict(result)
    assert "recommendations" in document


def test_the_evidence_rules_are_in_the_rules_table():
    """The evidence rules (answers per feature, core removed) are listed in the rules table with
    their test."""
    labels = {rule.label for rule in rules.all_rules()}
    assert {rules.KANO_MIN_ANSWERS.label, rules.CORE_REMOVED_ABOVE.label} <= labels
    assert "Fong" in rules.KANO_MIN_ANSWERS.test
