"""Tests for the differentiation assessment, on small hand-made frames with worked examples."""

from __future__ import annotations

import dataclasses
import json
import math
import re
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import workbook
from workbook import charts, io, registry, results
from workbook import differentiation as diff
from workbook.charts.differentiation import quadrant_frame
from workbook.differentiation import compute, present, rules
from workbook.io import DATA_FILES, CommunityConfig, Company, CompanyConfig
from workbook.results import Check, Severity
from workbook.stats import Estimate

ANSWERS = ("like", "expect", "neutral", "tolerate", "dislike")
MIDDLE = ("expect", "neutral", "tolerate")


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def make_features(rows: list[tuple[str, str, str, int, float | None]]) -> pd.DataFrame:
    """A features frame typed as io.load_company returns it."""
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


def make_kano(answers: dict[str, list[tuple[str, str]]]) -> pd.DataFrame:
    """A Kano survey with one respondent per answer pair."""
    rows = [
        (f"r{number}", feature, functional, dysfunctional)
        for feature, pairs in answers.items()
        for number, (functional, dysfunctional) in enumerate(pairs)
    ]
    return pd.DataFrame(rows, columns=["respondent_id", "feature", "functional", "dysfunctional"])


def pairs_for(**counts: int) -> list[tuple[str, str]]:
    """Answer pairs producing the given number of each Kano category."""
    one_pair = {
        "M": ("neutral", "dislike"),
        "O": ("like", "dislike"),
        "A": ("like", "neutral"),
        "I": ("neutral", "neutral"),
        "R": ("dislike", "like"),
        "Q": ("like", "like"),
    }
    return [one_pair[category] for category, n in counts.items() for _ in range(n)]


def make_company(
    *,
    features: pd.DataFrame | None = None,
    kano_survey: pd.DataFrame | None = None,
    strategy_canvas: pd.DataFrame | None = None,
    belonging_survey: pd.DataFrame | None = None,
    network_effects: bool = False,
    community: CommunityConfig | None = None,
    reference_product: str | None = None,
) -> Company:
    config = CompanyConfig(
        name="Acme",
        stage="pre-pmf",
        started=date(2023, 1, 1),
        network_effects=network_effects,
        reference_product=reference_product,
        community=community,
    )
    frames = {
        "features": features,
        "kano_survey": kano_survey,
        "strategy_canvas": strategy_canvas,
        "belonging_survey": belonging_survey,
    }
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


@dataclass(frozen=True)
class StandInBelonging:
    """A stand-in for workbook.belonging's result: only what differentiation reads of it.

    ``status`` is the belonging level, ``index`` the Belonging Index and ``launch_checks`` the
    launch-readiness checks (``results.Check``, field ``outcome``).
    """

    status: str
    index: Estimate | None = None
    launch_checks: tuple[Check, ...] = ()


# A feature inventory whose weighted and unweighted shares differ: all features A 5 + B 4 +
# C 1 + D 5 + E 5 + F 5 = 25; changed (reinvented, new or removed, issue 18): B 4 + C 1 + E 5
# = 10 → 40% (by count 3 of 6 = 50%). Of the 5 reinvented or new, B's 4 is core → core share
# 80%.
INVENTORY = [
    ("A", "core", "kept", 5, None),
    ("B", "core", "reinvented", 4, 20.0),
    ("C", "peripheral", "new", 1, 5.0),
    ("D", "peripheral", "kept", 5, None),
    ("E", "core", "removed", 5, None),
    ("F", "core", "kept", 5, None),
]


# --------------------------------------------------------------------------------------------
# Kano evaluation table
# --------------------------------------------------------------------------------------------


def expected_category(functional: str, dysfunctional: str) -> str:
    """The evaluation table written as its rules, independently of the module's table."""
    if functional == dysfunctional and functional in ("like", "dislike"):
        return "Q"
    if functional == "like":
        return "O" if dysfunctional == "dislike" else "A"
    if functional == "dislike" or dysfunctional == "like":
        return "R"
    return "M" if dysfunctional == "dislike" else "I"


ALL_CELLS = [(f, d) for f in ANSWERS for d in ANSWERS]


def test_evaluation_table_has_25_cells_with_the_expected_spread() -> None:
    """The Kano evaluation table has every answer pair, with the standard count of each category."""
    categories = [expected_category(f, d) for f, d in ALL_CELLS]
    assert len(categories) == 25
    counts = {c: categories.count(c) for c in "MOAIRQ"}
    # 3 must-be, 1 one-dimensional, 3 attractive, 9 indifferent, 7 reverse, 2 questionable.
    assert counts == {"M": 3, "O": 1, "A": 3, "I": 9, "R": 7, "Q": 2}


@pytest.mark.parametrize(("functional", "dysfunctional"), ALL_CELLS)
def test_kano_category_every_cell(functional: str, dysfunctional: str) -> None:
    """Every answer pair is classified as the evaluation table says."""
    assert diff.kano_category(functional, dysfunctional) == expected_category(
        functional, dysfunctional
    )


def test_kano_category_named_cells() -> None:
    """The pairs the Kano literature names (like/dislike is one-dimensional, and so on) get their
    category."""
    assert diff.kano_category("like", "like") == "Q"
    assert diff.kano_category("dislike", "dislike") == "Q"
    assert diff.kano_category("like", "dislike") == "O"
    assert diff.kano_category("expect", "dislike") == "M"
    assert diff.kano_category("like", "tolerate") == "A"
    assert diff.kano_category("neutral", "like") == "R"
    assert diff.kano_category("tolerate", "expect") == "I"


def test_kano_category_accepts_case_and_spaces_and_rejects_unknown() -> None:
    """Answers are read whatever their case and spacing; an unknown answer is refused with the
    expected ones named."""
    assert diff.kano_category(" Like ", "DISLIKE") == "O"
    with pytest.raises(ValueError, match="expected one of"):
        diff.kano_category("love", "dislike")


def test_vectorised_classification_matches_the_table() -> None:
    """Classifying a whole survey at once gives the same category as classifying pair by pair."""
    functional = pd.Series([f for f, _ in ALL_CELLS], index=range(100, 125))
    dysfunctional = pd.Series([d for _, d in ALL_CELLS], index=range(100, 125))
    result = diff.classify_kano(functional, dysfunctional)
    assert list(result) == [expected_category(f, d) for f, d in ALL_CELLS]
    assert list(result.index) == list(range(100, 125))
    assert list(diff.classify_kano(["Like ", "neutral"], ["dislike", " Dislike"])) == ["O", "M"]
    with pytest.raises(ValueError, match="'maybe'"):
        diff.classify_kano(["like", "maybe"], ["like", "like"])


def test_vectorised_classification_of_100k_answers_is_fast() -> None:
    """A survey of 100,000 answers is classified in under a second, with the
    table's categories."""
    rng = np.random.default_rng(7)
    functional = rng.choice(ANSWERS, 100_000)
    dysfunctional = rng.choice(ANSWERS, 100_000)
    start = time.perf_counter()
    result = diff.classify_kano(functional, dysfunctional)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0
    sample = range(0, 100_000, 9_973)
    assert [result[i] for i in sample] == [
        diff.kano_category(functional[i], dysfunctional[i]) for i in sample
    ]


# --------------------------------------------------------------------------------------------
# Category by most frequent answer, Fong test, Better/Worse
# --------------------------------------------------------------------------------------------


def test_exact_ties_are_shown_with_every_tied_category_in_category_order() -> None:
    """An exact tie claims no single category: every tied category is shown, in M, O, A, I, R, Q
    order."""
    assert compute.kano_dominant({"A": 10, "M": 10, "I": 5}) == "M/A"
    assert compute.kano_dominant({"A": 10, "O": 10, "I": 10}) == "O/A/I"
    assert compute.kano_dominant({"I": 10, "A": 10}) == "A/I"
    assert compute.kano_dominant({"I": 7, "R": 2}) == "I"
    assert compute.kano_dominant({}) is None
    assert compute.kano_contenders({}) == ()


def test_near_ties_within_the_margin() -> None:
    # 100 answers, margin 5% → anything within 5 answers of the highest count is a contender,
    # shown after the top category (most answers first).
    """Categories within the near-tie margin of the top count are shown together; the margin is a
    parameter."""
    assert rules.KANO_NEAR_TIE_MARGIN.value == 0.05
    assert compute.kano_dominant({"A": 40, "M": 36, "I": 24}) == "A/M"
    assert compute.kano_dominant({"A": 40, "M": 35, "I": 25}) == "A/M"  # exactly at the margin
    assert compute.kano_dominant({"A": 40, "M": 34, "I": 26}) == "A"  # just outside
    assert compute.kano_dominant({"R": 40, "I": 38, "Q": 22}) == "R/I"
    assert compute.kano_dominant({"R": 50, "I": 30, "A": 20}) == "R"  # clearly reverse
    assert compute.kano_dominant({"A": 40, "M": 34, "I": 26}, margin=0.10) == "A/M"
    assert compute.kano_contenders({"A": 34, "M": 33, "I": 33}) == ("A", "M", "I")


def test_a_near_tie_is_shown_as_both_categories_everywhere() -> None:
    """With 52 attractive and 48 must-be answers no single category is claimed: not "must-be"
    (the tie going to M) while the top-two column shows attractive first, and no must-be risk
    failing as if customers clearly expected the feature as it was. A near-tie is "A/M" in the
    table, the chart and the JSON (with ``near_tie``), and the risk check warns instead of
    failing, with advice one level less severe."""
    survey = make_kano(
        {
            "reviews": pairs_for(A=52, M=48),  # near-tie, reinvented
            "login": pairs_for(M=60, O=40),  # clear must-be, kept
            "feed": pairs_for(A=70, I=30),  # clear attractive, new
        }
    )
    features = make_features(
        [
            ("reviews", "core", "reinvented", 4, 10.0),
            ("login", "core", "kept", 10, None),
            ("feed", "core", "new", 1, 20.0),
            ("other", "core", "kept", 5, None),
        ]
    )
    result = diff.assess(make_company(features=features, kano_survey=survey))
    kano = result.kano
    assert kano is not None
    row = kano.per_feature.set_index("feature").loc["reviews"]
    assert (row["category"], row["categories"], row["near_tie"]) == ("A/M", ("A", "M"), True)
    assert (row["first"], row["second"]) == ("A", "M")  # the same order as the category
    # Table: both categories, in the top-two column's order.
    table = present.kano_table(kano).set_index("Feature")
    assert table.loc["reviews", "Category"] == "A/M (near-tie: attractive or must-be)"
    assert table.loc["reviews", "Top two"] == "A 52 vs M 48"
    assert table.loc["login", "Category"] == "M (must-be)"
    # Chart: coloured as a near-tie, labelled with both codes, never as must-be.
    points = quadrant_frame(kano).set_index("feature")
    assert points.loc["reviews", "category"] == "near-tie"
    assert points.loc["reviews", "label"] == "reviews (A/M)"
    assert points.loc["reviews", "categories"] == "attractive or must-be"
    assert points.loc["login", "category"] == "must-be"
    # Checks: a risk for part of the customers, a warning rather than a failure.
    check = next(c for c in result.checks if c.name == "Must-be features kept as they were")
    assert check.outcome == "warn"
    assert "near-tie" in check.reason and "reviews" in check.reason
    assert present.risks_table(kano)["Customers see it as"].tolist() == [
        "attractive or must-be (near-tie)"
    ]
    # Advice: one severity level below the clear must-be risk (HIGH).
    advice = [r for r in result.recommendations if "reviews" in r.title]
    assert [(r.severity, r.topic) for r in advice] == [(Severity.MEDIUM, "differentiate")]
    assert not any(r.title.startswith("Restore") for r in result.recommendations)
    # JSON: the same category and the tied categories.
    document = json.loads(json.dumps(results.to_dict(result), allow_nan=False))
    figures = document["figures"]["kano"]
    assert figures["reviews"]["category"] == "A/M"
    assert figures["reviews"]["near_tie"] == ["A", "M"]
    assert figures["login"]["category"] == "M" and figures["login"]["near_tie"] == []
    warned = next(c for c in document["checks"] if c["name"] == check.name)
    assert warned["outcome"] == "warn"


def test_a_clear_must_be_still_fails_beside_a_near_tie() -> None:
    """The near-tie rule softens only near-ties: a clear must-be that was changed still fails
    and is advised HIGH, and an indifferent near-tie is advised one level below MEDIUM."""
    survey = make_kano(
        {
            "login": pairs_for(M=60, O=40),
            "reviews": pairs_for(A=52, M=48),
            "badges": pairs_for(I=40, A=38, M=22),
        }
    )
    features = make_features(
        [
            ("login", "core", "reinvented", 4, 10.0),
            ("reviews", "core", "reinvented", 4, 10.0),
            ("badges", "peripheral", "new", 1, None),
            ("other", "core", "kept", 30, None),
        ]
    )
    result = diff.assess(make_company(features=features, kano_survey=survey))
    kano = result.kano
    assert kano is not None
    checks = {c.name: c for c in kano.checks}
    assert checks["Must-be features kept as they were"].outcome == "fail"
    assert checks["Reinvention customers care about"].outcome == "warn"
    assert kano.features_in(rules.MUST_BE_CHANGED) == ["login", "reviews"]
    assert kano.features_in(rules.MUST_BE_CHANGED, near_tie=False) == ["login"]
    assert kano.features_in(rules.INDIFFERENT_EFFORT, near_tie=True) == ["badges"]
    assert result.status == "focused differentiation"  # 9 of 39 reinvented, 8 of 9 core
    advice = {r.title.split(" ")[0]: r.severity for r in result.recommendations}
    assert advice["Restore"] is Severity.HIGH
    assert advice["Ask"] is Severity.MEDIUM
    assert advice["Find"] is Severity.LOW


def test_near_tie_severity_steps_down_and_stops_at_low(monkeypatch) -> None:
    """Advice resting on a near-tie is one step less severe (the rule's step), never below low."""
    assert diff.advice.near_tie_severity(Severity.HIGH) is Severity.MEDIUM
    assert diff.advice.near_tie_severity(Severity.LOW) is Severity.LOW
    monkeypatch.setattr(
        rules, "KANO_NEAR_TIE_STEP", dataclasses.replace(rules.KANO_NEAR_TIE_STEP, value=2)
    )
    assert diff.advice.near_tie_severity(Severity.HIGH) is Severity.LOW
    assert "two severity levels" not in present.kano_rules_markdown()
    assert "2 severity levels lower" in present.kano_rules_markdown()


def test_fong_worked_example() -> None:
    # a = 40, b = 30, n = 100: (a+b)(2n−a−b)/(2n) = 70·130/200 = 45.5; √45.5 = 6.74537;
    # × 1.65 = 11.1299. |40 − 30| = 10 < 11.13 → no significant difference.
    """Fong's critical difference matches a worked example, and decides whether the top two
    categories differ."""
    assert compute.fong_critical(40, 30, 100) == pytest.approx(11.1299, abs=1e-4)
    top = compute.kano_top_two({"A": 40, "M": 30, "I": 20, "R": 10})
    assert top is not None
    assert (top.first, top.second, top.first_count, top.second_count, top.n) == (
        "A",
        "M",
        40,
        30,
        100,
    )
    assert top.critical == pytest.approx(11.1299, abs=1e-4)
    assert top.significant is False
    # a = 50, b = 20: same critical value (a+b and n unchanged); |30| ≥ 11.13 → significant.
    top = compute.kano_top_two({"A": 50, "M": 20, "I": 20, "R": 10})
    assert top is not None and top.significant is True
    # a = 12, b = 4, n = 20: 16·24/40 = 9.6; √9.6 = 3.09839; × 1.65 = 5.1123; |8| ≥ 5.11.
    assert compute.fong_critical(12, 4, 20) == pytest.approx(5.1123, abs=1e-4)
    assert compute.fong_critical(0, 0, 0) is None
    assert compute.kano_top_two({}) is None


def test_top_two_ties_follow_category_order() -> None:
    """When the two most frequent categories tie, the order is M, O, A, I, R, Q."""
    top = compute.kano_top_two({"I": 5, "A": 5, "O": 5})
    assert top is not None and (top.first, top.second) == ("O", "A")


def test_better_worse_exclude_reverse_and_questionable() -> None:
    # A 6 + O 4 + M 3 + I 7 = 20 (R 5 and Q 5 left out): Better = 10/20, Worse = −7/20.
    """Better and Worse leave reverse and questionable answers out, and are undefined without any
    other answer."""
    better, worse = compute.better_worse({"A": 6, "O": 4, "M": 3, "I": 7, "R": 5, "Q": 5})
    assert better == pytest.approx(0.5)
    assert worse == pytest.approx(-0.35)
    assert compute.better_worse({"R": 3, "Q": 2}) == (None, None)
    assert compute.better_worse({"I": 4}) == (0.0, 0.0)
    assert math.copysign(1, compute.better_worse({"I": 4})[1]) == 1  # no "−0.0" shown


def test_kano_quadrants() -> None:
    """Better and Worse place a feature in the quadrant the split rule says, and none when
    undefined."""
    assert compute.kano_quadrant(0.7, -0.6) == "one-dimensional"
    assert compute.kano_quadrant(0.7, -0.2) == "attractive"
    assert compute.kano_quadrant(0.2, -0.6) == "must-be"
    assert compute.kano_quadrant(0.2, -0.2) == "indifferent"
    assert compute.kano_quadrant(0.5, -0.5) == "one-dimensional"  # the threshold counts as high
    assert compute.kano_quadrant(None, None) is None


def test_assess_kano_counts_and_cross_checks() -> None:
    """The per-feature counts, categories and cross-checks against the feature inventory come out as
    counted by hand."""
    survey = make_kano(
        {
            # enough answers per feature to judge (issue 18), in the same proportions as before
            "B": pairs_for(I=18, A=6, R=3, Q=3),  # reinvented, indifferent → effort
            "E": pairs_for(M=25, O=5),  # removed must-be → risk
            "A": pairs_for(M=15, O=15),  # kept; exact tie → M/O, kept → fine
            "Z": pairs_for(A=4),  # not in features.csv
        }
    )
    finding = diff.assess_kano(survey, make_features(INVENTORY))
    table = finding.per_feature.set_index("feature")
    assert table.loc["B", ["M", "O", "A", "I", "R", "Q", "n"]].tolist() == [0, 0, 6, 18, 3, 3, 30]
    assert table.loc["B", "better"] == pytest.approx(2 / 8)
    assert table.loc["B", "worse"] == pytest.approx(0.0)
    assert table.loc["E", "category"] == "M"
    assert table.loc["E", "worse"] == pytest.approx(-1.0)
    assert table.loc["A", "category"] == "M/O"
    assert pd.isna(table.loc["Z", "change"])
    # Sorted by (first) category (M, O, A, I, R, Q), clear before near-ties, then name.
    assert finding.per_feature["feature"].tolist() == ["E", "A", "Z", "B"]
    assert finding.features_in(rules.MUST_BE_CHANGED) == ["E"]
    assert finding.features_in(rules.INDIFFERENT_EFFORT) == ["B"]
    statuses = {c.name: c.outcome for c in finding.checks}
    assert statuses == {
        "Must-be features kept as they were": "fail",
        "Reinvention customers care about": "warn",
    }
    shown = present.kano_table(finding)
    assert shown["Change"].tolist() == ["removed", "kept", "not listed", "reinvented"]
    assert shown["Too few answers"].tolist() == ["", "", "yes", ""]
    quadrants = quadrant_frame(finding).set_index("feature")
    assert quadrants.loc["E", "quadrant"] == "must-be"
    assert quadrants.loc["Z", "quadrant"] == "attractive"


def test_assess_kano_without_features_is_not_cross_checked() -> None:
    """Without a feature inventory the Kano cross-checks are not assessed rather than passed."""
    finding = diff.assess_kano(make_kano({"B": pairs_for(I=3)}))
    assert finding.cross_checked is False
    assert finding.risks.empty
    assert {c.outcome for c in finding.checks} == {"not assessed"}
    assert "Change" not in present.kano_table(finding).columns


def test_assess_kano_on_an_empty_survey() -> None:
    """A survey with no answers gives empty tables and passing cross-checks, not an error."""
    empty = make_kano({})
    finding = diff.assess_kano(empty, make_features(INVENTORY))
    assert finding.per_feature.empty and finding.risks.empty
    assert present.kano_table(finding).empty and quadrant_frame(finding).empty
    assert {c.outcome for c in finding.checks} == {"pass"}


# --------------------------------------------------------------------------------------------
# Reinvention share, core share, time to differentiation
# --------------------------------------------------------------------------------------------


def test_weighted_reinvention_and_core_share() -> None:
    """The reinvention and core shares are weighted by importance, not by counting features."""
    finding = diff.assess_reinvention(make_features(INVENTORY))
    # issue 18: removed features count as change (B 4 + C 1 + E 5 of 25)
    assert finding.share == pytest.approx(10 / 25)
    assert finding.core_share == pytest.approx(4 / 5)
    assert finding.core_removed == pytest.approx(5 / 19)  # E of the core A, B, E, F
    assert finding.reading == "rebuild-everything"
    table = present.inventory_table(finding)
    assert table.loc["kept", "Core importance"] == 10
    assert table.loc["kept", "Peripheral importance"] == 5
    assert table.loc["removed", "All features"] == 1
    assert table["All importance"].sum() == 25


def test_shares_not_defined_without_denominators() -> None:
    """A share with nothing to divide by is not defined (None), never zero."""
    only_removed = diff.assess_reinvention(make_features([("A", "core", "removed", 3, None)]))
    # issue 18: removing is change, and removing the whole core is flagged
    assert only_removed.share == 1.0 and only_removed.core_share is None
    assert only_removed.core_gutted
    nothing = make_features([("A", "core", "removed", 3, None)]).iloc[:0]
    assert diff.assess_reinvention(nothing).share is None
    nothing_reinvented = diff.assess_reinvention(make_features([("A", "core", "kept", 3, None)]))
    assert nothing_reinvented.share == 0.0
    assert nothing_reinvented.core_share is None


@pytest.mark.parametrize(
    ("share", "reading"),
    [
        (0.0, "clone"),
        (0.099, "clone"),
        (0.10, "below the band"),
        (0.15, "on target"),
        (0.25, "on target"),
        (0.30, "above the band"),
        (0.35, "above the band"),
        (0.36, "rebuild-everything"),
        (None, "not defined"),
    ],
)
def test_reinvention_reading(share: float | None, reading: str) -> None:
    """A share is read as clone, below, on target, above or rebuild-everything at the declared
    edges."""
    assert compute.reinvention_reading(share) == reading


def time_check(rows: list[tuple[str, str, str, int, float | None]]) -> diff.ReinventionFinding:
    return diff.assess_reinvention(make_features([("K", "core", "kept", 5, None), *rows]))


def test_time_to_differentiation_uses_fastest_measured_core_feature() -> None:
    """The time to differentiation is the fastest measured of the most important reinvented or new
    core features."""
    finding = time_check(
        [
            ("slow", "core", "reinvented", 2, 45.0),
            ("quick", "core", "new", 1, 25.0),
            ("peripheral", "peripheral", "new", 1, 3.0),  # fast but not in the core
        ]
    )
    # issue 18: judged on the most important reinvented core feature; the minor "quick" one
    # cannot pass the check for it
    assert (finding.fastest_feature, finding.fastest_seconds) == ("slow", 45.0)
    assert not finding.felt_fast
    assert finding.time_check.outcome == "fail"


def test_thirty_seconds_exactly_is_within_the_limit() -> None:
    """A difference felt exactly at the limit counts as felt in time."""
    finding = time_check([("X", "core", "reinvented", 2, 30.0)])
    assert finding.felt_fast and finding.time_check.outcome == "pass"


def test_missing_seconds_are_not_measured() -> None:
    """A blank time is not measured, and the check says so instead of guessing."""
    finding = time_check(
        [("slow", "core", "reinvented", 2, 45.0), ("unknown", "core", "new", 2, None)]
    )
    assert finding.fastest_seconds == 45.0
    assert finding.not_measured == ("unknown",)
    assert finding.time_check.outcome == "warn"  # the unmeasured one might be faster
    table = present.differentiating_table(finding).set_index("Feature")
    assert table.loc["unknown", "Seconds to experience"] == "not measured"
    assert table.loc["unknown", "Felt within 30 s"] == "not measured"
    assert table.loc["slow", "Felt within 30 s"] == "no"


def test_all_seconds_missing_says_not_measured() -> None:
    """When no core difference is timed the time check is not assessed and says it was not
    measured."""
    finding = time_check([("a", "core", "reinvented", 2, None), ("b", "core", "new", 1, None)])
    assert finding.fastest_seconds is None
    check = finding.time_check
    assert check.outcome == "not assessed"
    assert check.reason.startswith("Not measured")


def test_all_measured_and_slow_fails() -> None:
    """When every core difference is timed and all are too slow, the time check fails."""
    finding = time_check([("slow", "core", "reinvented", 2, 45.0)])
    assert finding.time_check.outcome == "fail"


# --------------------------------------------------------------------------------------------
# Strategy canvas
# --------------------------------------------------------------------------------------------


def test_divergence_and_competitor_gaps() -> None:
    """Divergence and the gap to each other product are computed as by hand, factor by factor."""
    canvas = pd.DataFrame(
        {
            "factor": ["price", "speed", "support"],
            "Us": [8.0, 2.0, 5.0],
            "X": [4.0, 4.0, 5.0],
            "Y": [6.0, 2.0, 3.0],
        }
    )
    finding = diff.assess_canvas(canvas)
    # Others' mean per factor: 5, 3, 4 → differences +3, −1, +1 → mean |difference| = 5/3.
    assert finding.company_product == "Us"
    assert finding.factor_gaps["others_mean"].tolist() == [5.0, 3.0, 4.0]
    assert finding.factor_gaps["difference"].tolist() == [3.0, -1.0, 1.0]
    assert finding.divergence == pytest.approx(5 / 3)
    # Against X: |4|, |−2|, |0| → 2; signed (4 − 2 + 0)/3. Against Y: |2|, 0, |2| → 4/3.
    gaps = finding.competitor_gaps.set_index("product")
    assert gaps.loc["X", "mean_absolute_difference"] == pytest.approx(2.0)
    assert gaps.loc["X", "mean_difference"] == pytest.approx(2 / 3)
    assert gaps.loc["Y", "mean_absolute_difference"] == pytest.approx(4 / 3)
    assert finding.top_factors == ("price", "speed", "support")
    assert finding.checks[0].outcome == "pass"
    assert len(finding.value_curves) == 9
    (curves,) = charts.strategy_canvas_chart(finding).to_dict()["datasets"].values()
    assert {row["product"] for row in curves if row["role"] == "your product"} == {"Us"}


def test_curve_that_tracks_the_others_is_flagged() -> None:
    """A value curve close to the others' mean curve warns that it tracks them."""
    canvas = pd.DataFrame({"factor": ["a", "b", "c"], "Us": [5.0, 5.0, 5.0], "X": [5.0, 5.5, 5.0]})
    finding = diff.assess_canvas(canvas)
    assert finding.divergence == pytest.approx(0.5 / 3)
    assert finding.top_factors == ("b",)  # factors with no difference are not named
    assert finding.checks[0].outcome == "warn"


def test_curve_close_to_one_product_is_flagged_even_when_divergence_is_high() -> None:
    """A curve far from the average but close to one rival still warns that it tracks that rival."""
    canvas = pd.DataFrame(
        {
            "factor": ["a", "b", "c"],
            "Us": [8.0, 2.0, 5.0],
            "Near": [8.0, 2.5, 5.0],
            "Far": [0.0, 10.0, 0.0],
        }
    )
    finding = diff.assess_canvas(canvas)
    # Others' mean 4, 6.25, 2.5 → |4| + |−4.25| + |2.5| = 10.75 → divergence 10.75/3 ≈ 3.58;
    # but against Near only (0 + 0.5 + 0)/3 ≈ 0.17.
    assert finding.divergence == pytest.approx(10.75 / 3)
    assert finding.closest_product == ("Near", pytest.approx(0.5 / 3))
    assert finding.checks[0].outcome == "warn"
    assert "Near" in finding.checks[0].reason
    result = diff.assess(make_company(strategy_canvas=canvas))
    advice = [r for r in result.recommendations if r.reason == finding.checks[0].reason]
    assert [r.topic for r in advice] == ["differentiate"]


def test_canvas_reason_says_which_distance_is_which() -> None:
    """The divergence (from the others' average) can be smaller than the distance from every
    single product; the reason names both so that they cannot read as a contradiction."""
    canvas = pd.DataFrame(
        {
            "factor": ["a", "b", "c", "d"],
            "Us": [8.0, 8.0, 8.0, 8.0],
            "X": [2.0, 10.0, 2.0, 10.0],
            "Y": [10.0, 2.0, 10.0, 2.0],
        }
    )
    finding = diff.assess_canvas(canvas)
    # Others' mean 6 everywhere → divergence 2; each product alone is 4 away on average.
    assert finding.divergence == pytest.approx(2.0)
    assert finding.closest_product == ("X", pytest.approx(4.0))
    check = finding.checks[0]
    assert check.outcome == "pass"
    assert "2.00 points" in check.reason and "average curve" in check.reason
    assert "at least 4.00 from each of them on its own (nearest: X)" in check.reason
    assert "cancel out" in check.reason  # why the average sits nearer than any one product
    assert "from any one product" not in check.reason


def test_clone_advice_names_the_clone_line_and_the_band_apart() -> None:
    """The advice to a clone names both the clone line and the target band, as separate numbers."""
    result = diff.assess(workbook.io.load_company("snapplate"))
    assert result.status == "clone"
    (advice,) = [r for r in result.recommendations if r.title.startswith("Choose one core")]
    low, high = rules.TARGET_BAND.value
    band = f"{low:.0%}–{high:.0%} band"
    assert f"{rules.CLONE_BELOW.value:.0%} that reads as a clone" in advice.reason
    assert band in advice.reason


# --------------------------------------------------------------------------------------------
# Network effects and the community
# --------------------------------------------------------------------------------------------


def test_network_effects_with_community_reads_belonging() -> None:
    """A networked product with community data takes its community check from the belonging level,
    index and launch checks."""
    company = make_company(network_effects=True, community=CommunityConfig("founder", 30, 2))
    stand_in = StandInBelonging(
        status="developing",
        index=Estimate(62.4, 58.0, 66.8, 120),
        launch_checks=(
            Check("Founding members", "pass", "30 members"),
            Check("Channels", "warn", "too many"),
        ),
    )
    finding = diff.assess_network_effects(company, stand_in)
    assert finding.applicable and finding.community_data
    assert not finding.clone_without_community
    assert finding.level == "developing"
    assert finding.index == stand_in.index
    assert finding.check.outcome == "warn"
    assert "index 62/100 from 120 answers" in finding.check.reason
    assert "Channels" in finding.check.reason and "Founding members" not in finding.check.reason
    strong = diff.assess_network_effects(company, StandInBelonging(status="strong"))
    assert strong.check.outcome == "pass"
    weak = diff.assess_network_effects(company, StandInBelonging(status="weak"))
    assert weak.check.outcome == "fail"


def test_network_effects_calls_belonging_assess_by_default(monkeypatch) -> None:
    """Without a belonging result given, it is computed only when the community check needs it."""
    calls: list[Company] = []

    def fake_assess(company: Company) -> StandInBelonging:
        calls.append(company)
        return StandInBelonging(status="strong")

    monkeypatch.setattr(workbook.belonging, "assess", fake_assess)
    survey = pd.DataFrame({"respondent_id": ["r1"], "q1": [4.0]})
    with_data = make_company(network_effects=True, belonging_survey=survey)
    assert diff.assess_network_effects(with_data).check.outcome == "pass"
    assert calls == [with_data]
    diff.assess_network_effects(make_company(network_effects=True))
    diff.assess_network_effects(make_company(network_effects=False, belonging_survey=survey))
    assert calls == [with_data]  # not called without data, nor without network effects


def test_network_effects_without_community_is_a_clone_of_the_product_only() -> None:
    """A networked product with no community data fails the community check as a clone without its
    community."""
    finding = diff.assess_network_effects(make_company(network_effects=True))
    assert finding.clone_without_community
    assert finding.check.outcome == "fail"
    assert rules.CLONE_WITHOUT_COMMUNITY in finding.check.reason.lower()


def test_network_effects_not_applicable() -> None:
    """A product without network effects is not judged on its community, even with community
    data."""
    company = make_company(network_effects=False, community=CommunityConfig("founder", 30, 2))
    finding = diff.assess_network_effects(company, StandInBelonging(status="weak"))
    assert not finding.applicable
    assert not finding.clone_without_community
    assert finding.check.outcome == "not assessed"
    assert finding.check.reason.startswith("Not applicable")


# --------------------------------------------------------------------------------------------
# Verdict, recommendations and assess()
# --------------------------------------------------------------------------------------------


def inventory_with(
    reinvented_importance: int, kept_importance: int, area: str = "core", seconds: float = 10.0
) -> pd.DataFrame:
    return make_features(
        [
            ("kept", "core", "kept", kept_importance, None),
            ("different", area, "reinvented", reinvented_importance, seconds),
        ]
    )


@pytest.mark.parametrize(
    ("features", "verdict"),
    [
        (inventory_with(1, 19), "clone"),  # 5%
        (inventory_with(2, 18), "scattered"),  # 10%: not a clone, below the band
        (inventory_with(4, 16), "focused differentiation"),  # 20%, core, 10 s
        (inventory_with(4, 16, area="peripheral"), "scattered"),  # not in the core
        (inventory_with(4, 16, seconds=45.0), "scattered"),  # felt too late
        (inventory_with(7, 13), "bold differentiation"),  # 35%: above the band, all core
        (inventory_with(8, 12), "rebuild-everything"),  # 40%
    ],
)
def test_verdict_rules(features: pd.DataFrame, verdict: str) -> None:
    """Each verdict follows from the share, where it sits and how fast it is felt, as the rules
    state."""
    assert compute.decide_verdict(diff.assess_reinvention(features)) == verdict


def test_verdict_reason_names_what_is_missing() -> None:
    """A scattered verdict's reason names what keeps it from focused (here: no timed core
    difference)."""
    features = make_features(
        [("kept", "core", "kept", 16, None), ("different", "core", "reinvented", 4, None)]
    )
    finding = diff.assess_reinvention(features)
    verdict = compute.decide_verdict(finding)
    assert verdict == "scattered"
    assert "measured time" in diff.wording.verdict_reason(verdict, finding)
    assert compute.decide_verdict(None) == "not assessed"


def split_inventory(core: int, peripheral: int, kept: int, seconds: float = 10.0) -> pd.DataFrame:
    """Reinvented importance ``core`` in the core and ``peripheral`` outside it, ``kept`` kept."""
    rows = [("kept", "core", "kept", kept, None), ("bold", "core", "reinvented", core, seconds)]
    if peripheral:
        rows.append(("edges", "peripheral", "new", peripheral, 5.0))
    return make_features(rows)


def test_bold_differentiation_is_told_apart_from_scattered() -> None:
    """Issue 9, the verdict split: more than the band but all in the core and felt at once was
    "scattered", like change spread outside the core. Worked examples (importance):

    * 6 core of 20 → 30%, all in the core, felt after 10 s → bold differentiation;
    * 5 core + 1 peripheral of 20 → 30%, a sixth (17%) outside the core → scattered, even though
      83% in the core is "mostly core";
    * 6 core of 20, felt after 45 s → scattered (not felt at once).
    """
    bold = diff.assess(make_company(features=split_inventory(6, 0, 14)))
    assert bold.reinvention is not None and bold.reinvention.share == pytest.approx(0.30)
    assert bold.status == "bold differentiation"
    assert "above the 15%–25% band, but all of it sits in the core" in bold.summary
    checks = {c.name: c.outcome for c in bold.checks}
    assert checks["Reinvention share in the target band"] == "warn"
    assert checks["Reinvention sits in the core"] == "pass"
    assert [(r.severity, r.topic) for r in bold.recommendations] == [
        (Severity.LOW, "differentiate")
    ]
    assert bold.recommendations[0].title.startswith("Change nothing else")

    spread = diff.assess(make_company(features=split_inventory(5, 1, 14)))
    assert spread.reinvention is not None
    assert spread.reinvention.core_share == pytest.approx(5 / 6)
    assert spread.reinvention.mostly_core and not spread.reinvention.all_core
    assert spread.status == "scattered"
    assert "17% of the reinvention sits outside the core" in spread.summary
    core_check = next(c for c in spread.checks if c.name == "Reinvention sits in the core")
    assert core_check.outcome == "fail" and "all of it must be" in core_check.reason
    assert [(r.severity, r.title.split(";")[0]) for r in spread.recommendations] == [
        (Severity.MEDIUM, "Keep more of the product you build on as it is")
    ]

    slow = diff.assess(make_company(features=split_inventory(6, 0, 14, seconds=45.0)))
    assert slow.status == "scattered"
    assert "above the 15%–25% band" in slow.summary and "45 s" in slow.summary

    # The JSON carries the new status; an in-band product stays focused.
    assert results.to_dict(bold)["status"] == "bold differentiation"
    assert diff.assess(make_company(features=split_inventory(4, 0, 16))).status == (
        "focused differentiation"
    )


def test_the_bold_rule_is_one_declaration(monkeypatch) -> None:
    """The bold verdict's rule is declared once: the verdict list, the prose, the table and the
    computation all follow it when it changes."""
    assert "bold differentiation" in diff.VERDICTS
    assert "**bold differentiation**" in present.verdict_rules_markdown()
    assert "but all of it sits in the core" in present.verdict_rules_markdown()
    table = present.thresholds_table().set_index("Rule")["Value"]
    assert table["Bold: all in the core"] == "100% of the reinvention in the core"
    assert compute.is_all_core(1.0) and compute.is_all_core(0.9999999999999999)
    assert not compute.is_all_core(0.99) and not compute.is_all_core(None)
    monkeypatch.setattr(rules, "BOLD_ALL_CORE", dataclasses.replace(rules.BOLD_ALL_CORE, value=0.8))
    assert "but 80% of it sits in the core" in present.verdict_rules_markdown()
    assert diff.assess(make_company(features=split_inventory(5, 1, 14))).status == (
        "bold differentiation"
    )


def test_kano_risks_stand_whatever_the_verdict() -> None:
    """Issue 9: a must-be feature that was reinvented and a reinvented feature customers are
    indifferent to stay risks in the checks, the advice and the verdict's reason, whether the
    verdict is focused or bold."""
    survey = make_kano({"search": pairs_for(M=50, O=10), "stickers": pairs_for(I=50, A=10)})
    for features, verdict in (
        (split_inventory(2, 0, 18), "focused differentiation"),  # 4 of 22 with the two below
        (split_inventory(4, 0, 12), "bold differentiation"),  # 6 of 18
    ):
        features = pd.concat(
            [
                features,
                make_features(
                    [
                        ("search", "core", "reinvented", 1, 40.0),
                        ("stickers", "core", "new", 1, 50.0),
                    ]
                ),
            ],
            ignore_index=True,
        )
        result = diff.assess(make_company(features=features, kano_survey=survey))
        assert result.status == verdict
        checks = {c.name: c.outcome for c in result.checks}
        assert checks["Must-be features kept as they were"] == "fail"
        assert checks["Reinvention customers care about"] == "warn"
        titles = [r.title for r in result.recommendations]
        assert any(t.startswith("Restore search") for t in titles)
        assert any(t.startswith("Stop investing in stickers") for t in titles)
        assert "Risks stand whatever the verdict" in result.summary
        assert "search changed although most customers see it as must-be" in result.summary


@pytest.mark.parametrize(
    ("belonging", "community", "severity", "topic", "outcome"),
    [
        ("weak", True, Severity.HIGH, "rebuild-community", "fail"),
        ("not assessed", True, Severity.HIGH, "rebuild-community", "fail"),
        (None, False, Severity.HIGH, "rebuild-community", "fail"),  # no community data at all
        ("developing", True, Severity.MEDIUM, "strengthen-community", "warn"),
        ("strong", True, None, None, "pass"),
    ],
)
def test_network_effects_and_weak_belonging_rebuild_the_community_first(
    belonging: str | None,
    community: bool,
    severity: Severity | None,
    topic: str | None,
    outcome: str,
) -> None:
    """The cross-assessment rule of workbook.coherence: a networked product whose belonging is
    weak or not measured rebuilds its community before growth (HIGH, "rebuild-community");
    differentiation never advises scaling."""
    company = make_company(
        features=split_inventory(4, 0, 16),
        network_effects=True,
        community=CommunityConfig("founder", 30, 2) if community else None,
    )
    stand_in = StandInBelonging(status=belonging) if belonging else None
    result = diff.assess(company, belonging=stand_in)
    assert result.checks[-1].outcome == outcome
    about_community = [
        r
        for r in result.recommendations
        if r.topic in ("rebuild-community", "strengthen-community")
    ]
    if severity is None:
        assert about_community == []
    else:
        assert [(r.severity, r.topic) for r in about_community] == [(severity, topic)]
        assert result.recommendations[0] == about_community[0]  # ranked first
    if topic == "rebuild-community":
        assert about_community[0].title.startswith("Rebuild the community before growth")
    assert all(r.topic != "scale" for r in result.recommendations)


def test_every_recommendation_has_a_known_topic_and_none_advises_scaling() -> None:
    """Every piece of advice has a topic the coherence rules know, and differentiation never advises
    scaling."""
    from workbook.coherence import TOPICS

    survey = make_kano(
        {"login": pairs_for(M=8, I=2), "badges": pairs_for(I=7, A=3), "r": pairs_for(A=5, M=5)}
    )
    canvas = pd.DataFrame({"factor": ["price", "speed"], "Us": [5.0, 5.0], "Them": [5.0, 6.0]})
    companies = [
        make_company(),
        make_company(network_effects=True),
        make_company(features=inventory_with(1, 19), kano_survey=survey, strategy_canvas=canvas),
        make_company(features=inventory_with(8, 12), kano_survey=survey),
        make_company(features=split_inventory(5, 1, 14, seconds=45.0)),
        make_company(features=split_inventory(6, 0, 14)),
        make_company(features=time_check_inventory()),
    ]
    for company in companies:
        for recommendation in diff.assess(company).recommendations:
            assert recommendation.topic in TOPICS, recommendation
            assert recommendation.topic != "scale", recommendation


def time_check_inventory() -> pd.DataFrame:
    return make_features(
        [("kept", "core", "kept", 16, None), ("different", "core", "reinvented", 4, None)]
    )


def test_assess_without_optional_files() -> None:
    """Without any data file there is no verdict, each part says which file to add, and
    the one piece of advice is to list the features."""
    company = make_company()
    result = diff.assess(company)
    assert result.reinvention is None and result.kano is None and result.canvas is None
    assert result.status == "not assessed"
    assert set(result.missing) == {"features.csv", "kano_survey.csv", "strategy_canvas.csv"}
    for file, message in result.missing.items():
        assert message == company.missing_message(file)
        assert file in message
    assert {c.outcome for c in result.checks} == {"not assessed"}
    # Without features.csv there is no verdict: the one piece of advice is to measure.
    assert [(r.severity, r.topic) for r in result.recommendations] == [(Severity.MEDIUM, "measure")]
    assert "features.csv" in result.recommendations[0].title
    assert "not assessed" in present.verdict_markdown(result)


def test_assess_without_files_but_with_network_effects_recommends_the_community() -> None:
    """Without any file, a networked product is first told to rebuild its community."""
    result = diff.assess(make_company(network_effects=True))
    assert result.network.clone_without_community
    assert [r.topic for r in result.recommendations] == ["rebuild-community", "measure"]
    assert rules.CLONE_WITHOUT_COMMUNITY in result.recommendations[0].reason


def test_assess_full_company_and_recommendations_tied_to_findings() -> None:
    """With every file, every recommendation is tied to a finding of the result."""
    features = make_features(
        [
            ("login", "core", "removed", 5, None),
            ("editor", "core", "kept", 5, None),
            ("themes", "peripheral", "reinvented", 3, 50.0),
            ("badges", "peripheral", "new", 3, None),
            ("sync", "core", "kept", 4, None),
        ]
    )
    survey = make_kano({"login": pairs_for(M=24, I=6), "badges": pairs_for(I=21, A=9)})
    canvas = pd.DataFrame({"factor": ["price", "speed"], "Us": [5.0, 5.0], "Them": [5.0, 6.0]})
    result = diff.assess(
        make_company(
            features=features,
            kano_survey=survey,
            strategy_canvas=canvas,
            reference_product="Notion",
            network_effects=True,
        )
    )
    # 11 of 20 changed (removed login counts as change) → 55%: rebuild-everything.
    assert result.reinvention is not None and result.reinvention.share == pytest.approx(0.55)
    assert result.status == "rebuild-everything"
    actions = [r.title for r in result.recommendations]
    assert len(actions) == results.MAX_RECOMMENDATIONS
    assert actions[0].startswith("Rebuild the community")
    assert actions[1] == "Restore login to work the way customers know from Notion"
    assert actions[2].startswith("Keep more of Notion")
    assert result.missing == {}
    assert len(result.checks) == 7


def test_recommendations_point_at_measuring_time_when_unmeasured() -> None:
    """When the core difference is not timed, the advice is to time it."""
    features = make_features(
        [("kept", "core", "kept", 16, None), ("different", "core", "reinvented", 4, None)]
    )
    result = diff.assess(make_company(features=features))
    assert [r.title for r in result.recommendations] == [
        "Time how long new users take to experience each reinvented core feature"
    ]


def test_markdown_escapes_user_supplied_names() -> None:
    """Company and product names are escaped, so they cannot inject Markdown or HTML into the
    page."""
    features = make_features(
        [("kept", "core", "kept", 16, None), ("<b>*bold*</b>", "core", "reinvented", 4, 5.0)]
    )
    company = make_company(features=features, reference_product="Acme_[beta]")
    result = diff.assess(company)
    assert result.status == "focused differentiation"
    assert "&lt;b&gt;\\*bold\\*&lt;/b&gt;" in present.verdict_markdown(result)
    assert "Acme\\_\\[beta\\]" in present.heading_markdown(result)
    assert "<b>" not in present.verdict_markdown(result) + present.heading_markdown(result)


def test_network_markdown_lists_launch_checks() -> None:
    """The community section lists the launch-readiness checks it read from the belonging
    assessment."""
    company = make_company(network_effects=True, community=CommunityConfig("founder", 30, 2))
    stand_in = StandInBelonging(status="strong", launch_checks=(Check("Owner", "pass", "founder"),))
    text = present.network_markdown(diff.assess_network_effects(company, stand_in))
    assert "Community rebuilt with the product" in text
    assert "Launch readiness" in text and "| Owner |" in text
    no_launch = present.network_markdown(
        diff.assess_network_effects(make_company(network_effects=True))
    )
    assert "Launch readiness" not in no_launch


def test_thresholds_table_quotes_the_constants() -> None:
    """The thresholds table shows the declared values, as a reader sees them."""
    table = present.thresholds_table().set_index("Rule")["Value"]
    assert table["Target band"] == "15%–25%"
    assert table["Clone below"] == "10%"
    assert table["Rebuild-everything above"] == "35%"
    assert table["Felt within"] == "30 s"


# --------------------------------------------------------------------------------------------
# Charts (built from the aggregated frames; small data, valid specs)
# --------------------------------------------------------------------------------------------


def test_charts_build_from_aggregated_frames() -> None:
    """Every chart builds from the finding's small aggregated frames, never from a display table."""
    features = make_features(INVENTORY)
    survey = make_kano({"B": pairs_for(A=6, I=2), "E": pairs_for(M=5, O=1)})
    canvas = pd.DataFrame({"factor": ["p", "q"], "Us": [8.0, 2.0], "X": [4.0, 4.0]})
    company = make_company(features=features, kano_survey=survey, strategy_canvas=canvas)
    result = diff.assess(company)
    assert result.reinvention is not None and result.kano is not None and result.canvas is not None
    built = [
        charts.feature_inventory_chart(result.reinvention),
        charts.reinvention_share_chart(result.reinvention),
        charts.kano_quadrant_chart(result.kano),
        charts.strategy_canvas_chart(result.canvas),
    ]
    for chart in built:
        spec = chart.to_dict()
        assert spec["title"]
        rows = sum(len(values) for values in spec.get("datasets", {}).values())
        assert 0 < rows < 50
    band = compute.share_zones(result.reinvention.share)
    wide = compute.share_zones(diff.assess_reinvention(inventory_with(13, 7)).share)  # 65%
    assert wide["end"].iloc[-1] == pytest.approx(0.7)
    assert band["zone"].tolist()[2] == "on target"
    assert band[["start", "end"]].iloc[2].tolist() == list(rules.TARGET_BAND.value)


# --------------------------------------------------------------------------------------------
# The shared result protocol: frozen, plain figures, ranked advice, missing files, rules as data
# --------------------------------------------------------------------------------------------


def full_company(**overrides: object) -> Company:
    """A company with every file, including a Kano feature with only reverse answers."""
    survey = make_kano(
        {"B": pairs_for(A=6, I=2), "E": pairs_for(M=5, O=1), "odd": pairs_for(R=3, Q=1)}
    )
    canvas = pd.DataFrame({"factor": ["p", "q"], "Us": [8.0, 2.0], "X": [4.0, 4.0]})
    arguments: dict[str, object] = {
        "features": make_features(INVENTORY),
        "kano_survey": survey,
        "strategy_canvas": canvas,
    }
    arguments.update(overrides)
    return make_company(**arguments)  # type: ignore[arg-type]


def test_result_is_frozen() -> None:
    """The result cannot be changed after it is built."""
    result = diff.assess(full_company())
    assert isinstance(result, results.AssessmentResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.status = "clone"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.reinvention = None  # type: ignore[misc]
    assert isinstance(result.checks, tuple) and isinstance(result.recommendations, tuple)


def test_figures_are_plain_and_json_ready() -> None:
    """The key figures are plain values, as computed by hand, ready for the JSON document."""
    result = diff.assess(full_company())
    figures = result.figures
    assert {
        "reinvention_share",
        "core_share",
        "seconds_to_differentiation",
        "divergence",
        "kano",
    } <= set(figures)
    assert figures["reinvention_share"] == pytest.approx(0.4)  # removed E counts as change
    assert figures["core_share"] == pytest.approx(0.8)
    assert figures["seconds_to_differentiation"] == 20.0
    assert figures["divergence"] == pytest.approx(3.0)
    kano = figures["kano"]
    assert set(kano) == {"B", "E", "odd"}
    assert kano["E"]["category"] == "M"
    assert kano["E"]["counts"] == {"M": 5, "O": 1, "A": 0, "I": 0, "R": 0, "Q": 0}
    assert kano["E"]["better"] == pytest.approx(1 / 6)
    assert kano["E"]["worse"] == pytest.approx(-1.0)
    assert kano["odd"]["better"] is None and kano["odd"]["worse"] is None  # not NaN
    for entry in kano.values():
        assert {"category", "counts", "better", "worse"} <= set(entry)
        assert all(type(count) is int for count in entry["counts"].values())
    document = results.to_dict(result)
    text = json.dumps(document, allow_nan=False)  # no NaN anywhere
    assert json.loads(text)["status"] == result.status
    assert json.loads(text)["figures"] == document["figures"]


def test_figures_of_a_company_without_files_are_none() -> None:
    """Without data, every figure is None rather than a made-up number."""
    result = diff.assess(make_company())
    figures = result.figures
    assert figures["reinvention_share"] is None and figures["core_share"] is None
    assert figures["seconds_to_differentiation"] is None and figures["divergence"] is None
    assert figures["kano"] == {}
    json.dumps(results.to_dict(result), allow_nan=False)


def test_recommendations_are_ranked_by_severity() -> None:
    # 10% reinvented (below the band: medium) and a weak community (high), advised later.
    """Recommendations come most severe first: a weak community (high) before a share below
    the band (medium)."""
    company = make_company(
        features=inventory_with(2, 18),
        network_effects=True,
        community=CommunityConfig("founder", 30, 2),
    )
    result = diff.assess(company, belonging=StandInBelonging(status="weak"))
    severities = [r.severity for r in result.recommendations]
    assert severities == sorted(severities, reverse=True)
    assert result.recommendations[0].severity is Severity.HIGH
    assert result.recommendations[0].title.startswith("Rebuild the community before growth")
    assert result.recommendations[1].title.startswith("Choose one core feature")
    assert all(isinstance(r.reason, str) and "**" not in r.reason for r in result.recommendations)


def test_registry_passes_the_belonging_result() -> None:
    """The belonging result the caller passes is the one the community check reads."""
    company = make_company(network_effects=True, community=CommunityConfig("founder", 30, 2))
    result = diff.assess(company, belonging=StandInBelonging(status="strong"))
    assert result.network.level == "strong"
    assert result.figures["belonging_level"] == "strong"
    assert result.checks[-1].outcome == "pass"


def test_missing_names_each_absent_file() -> None:
    """Each absent file is named in ``missing`` with the contract's advice, and its part's check
    says so."""
    company = make_company(features=make_features(INVENTORY))
    result = diff.assess(company)
    assert set(result.missing) == {"kano_survey.csv", "strategy_canvas.csv"}
    assert result.missing["kano_survey.csv"] == company.missing_message("kano_survey.csv")
    assert "features.csv" not in result.missing
    not_assessed = [c for c in result.checks if c.outcome == "not assessed"]
    assert any(c.reason == result.missing["strategy_canvas.csv"] for c in not_assessed)


def test_thresholds_table_and_prose_are_generated_from_the_rules(monkeypatch) -> None:
    """Changing a rule changes the table, the prose and the computation together: nothing restates a
    threshold by hand."""
    table = present.thresholds_table()
    assert list(table.columns) == ["Rule", "Value", "Why"]
    assert table["Rule"].tolist() == [rule.label for rule in rules.all_rules()]
    assert "From **15% to 25%** it is on target" in present.share_rules_markdown()
    assert "**first 30 seconds**" in present.aim_markdown()

    monkeypatch.setattr(
        rules, "TARGET_BAND", dataclasses.replace(rules.TARGET_BAND, value=(0.12, 0.28))
    )
    monkeypatch.setattr(
        rules, "FELT_WITHIN_SECONDS", dataclasses.replace(rules.FELT_WITHIN_SECONDS, value=45.0)
    )
    monkeypatch.setattr(rules, "FONG_Z", dataclasses.replace(rules.FONG_Z, value=1.96))
    values = present.thresholds_table().set_index("Rule")["Value"]
    assert values["Target band"] == "12%–28%"
    assert values["Felt within"] == "45 s"
    assert values["Fong factor"] == "1.96"
    assert "From **12% to 28%** it is on target" in present.share_rules_markdown()
    assert "12%–28%" in present.verdict_rules_markdown()
    assert "**first 45 seconds**" in present.aim_markdown()
    assert "**45 seconds**" in present.core_rules_markdown()
    assert "1.96·√" in present.kano_rules_markdown()
    # The computation reads the same declaration.
    assert compute.reinvention_reading(0.27) == "on target"
    assert compute.is_felt_fast(40.0)
    assert compute.fong_critical(40, 30, 100) == pytest.approx(11.1299 / 1.65 * 1.96, abs=1e-3)


def test_every_rule_is_stated_in_the_prose() -> None:
    """Every threshold the assessment applies is stated somewhere in the page's prose."""
    prose = " ".join(
        [
            present.aim_markdown(),
            present.share_rules_markdown(),
            present.core_rules_markdown(),
            present.kano_rules_markdown(),
            present.quadrant_markdown(),
            present.canvas_rules_markdown(),
            present.verdict_rules_markdown(),
        ]
    )
    for stated in ("20%", "15%", "25%", "10%", "35%", "50%", "30 seconds", "5% of the answers"):
        assert stated in prose
    for stated in ("bold differentiation", "all of it sits in the core", "near-tie"):
        assert stated in prose
    assert "one severity level lower" in prose
    assert "Network effects and weak belonging" in present.network_rules_markdown()
    for stated in ("1.65", "fewer than 30", "**0.5**", "1.0 points"):
        assert stated in prose


def test_notebook_markdown_states_no_number() -> None:
    """The notebook's own text states no number: every number comes from the declared rules or the
    data."""
    notebook = json.loads(
        (Path(__file__).parents[1] / "notebooks" / "02_differentiation.ipynb").read_text("utf-8")
    )
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for line in "".join(cell["source"]).splitlines():
            text = re.sub(r"^#+ \d+\. ", "", line)  # a section number is allowed
            assert not re.search(r"\d", text), line


# --------------------------------------------------------------------------------------------
# Layout of the package: one import direction, sentences only in the presentation layer
# --------------------------------------------------------------------------------------------

PACKAGE = Path(diff.__file__).parent
#: The package's layers, in import order: a module may import its own layer or an earlier one.
LAYERS = (
    ("rules",),
    ("reinvention", "kano", "canvas", "network", "verdict", "result", "compute"),
    ("wording",),
    ("advice",),
    ("present",),
    ("assess", "__init__"),
)


def _imports_of(module: str) -> tuple[list[str], list[str]]:
    """The package modules a module imports at top level, and those imported in a function."""
    import ast

    tree = ast.parse((PACKAGE / f"{module}.py").read_text("utf-8"))
    top, nested = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found = [
            n.removeprefix("workbook.differentiation.")
            for n in names
            if n.startswith("workbook.differentiation.")
            and n.removeprefix("workbook.differentiation.")
            in {m for layer in LAYERS for m in layer}
        ]
        (top if node in tree.body else nested).extend(found)
    return top, nested


def test_every_module_imports_in_one_direction_only() -> None:
    """Rules, then the compute side (numbers and outcomes), then the wording, then the advice,
    then the page: no module imports a later layer (so compute never reaches advice or the page,
    and advice never the page), nothing hides an import inside a function, and every module of
    the package has its place in the order."""
    layer_of = {module: i for i, layer in enumerate(LAYERS) for module in layer}
    assert {p.stem for p in PACKAGE.glob("*.py")} - {"inputs", "card"} == set(layer_of)
    for module, layer in layer_of.items():
        top, nested = _imports_of(module)
        assert nested == [], f"{module} imports {nested} inside a function"
        later = [name for name in top if layer_of[name] > layer]
        assert later == [], f"{module} imports the later layer(s) {later}"


def test_no_module_is_longer_than_six_hundred_lines() -> None:
    """Each module keeps to one concern, small enough to read in one sitting."""
    for path in PACKAGE.glob("*.py"):
        assert len(path.read_text("utf-8").splitlines()) <= 600, path.name


def test_the_compute_side_writes_no_check_and_no_sentence() -> None:
    """The compute side returns numbers, readings and outcomes; every check (and so every
    reason a reader sees) is built in the wording module, where the sentences live."""
    import ast

    for module in LAYERS[1]:
        tree = ast.parse((PACKAGE / f"{module}.py").read_text("utf-8"))
        built = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"Check", "Recommendation"}
        ]
        assert built == [], f"{module} builds a check or advice at line(s) {built}"
        formatted = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"share", "seconds", "number", "escape"}
        ]
        assert formatted == [], f"{module} formats numbers for reading at line(s) {formatted}"


def test_a_measured_part_carries_no_check_until_the_wording_attaches_them() -> None:
    """The compute side leaves the checks to the wording: the measured finding has none, and
    the assessed one has the wording's checks, whose outcomes are the compute side's."""
    features = make_features([("kept", "core", "kept", 16, None), ("new", "core", "new", 4, 12.0)])
    measured = compute.measure_reinvention(features)
    assert measured.checks == ()
    assessed = diff.assess_reinvention(features)
    assert assessed.checks == diff.wording.reinvention_checks(measured)
    assert [c.outcome for c in assessed.checks] == [
        compute.SHARE_OUTCOMES[measured.share_case],
        compute.CORE_OUTCOMES[measured.core_case],
        compute.TIME_OUTCOMES[measured.time_case],
    ]
    assert [c.outcome for c in assessed.checks] == ["pass", "pass", "pass"]


# --------------------------------------------------------------------------------------------
# The page's reading path: every section's finding, in the reader's words
# --------------------------------------------------------------------------------------------

SAMPLE_SLUGS = ("ledgerly", "tandem", "stallhop", "snapplate")
#: Words of the tool and of the data contract that a reader meets only in folded notes, the
#: footer or the advice on adding missing data.
ENGINEERING_WORDS = (
    *sorted({name for item in registry.ASSESSMENTS for name in item.inputs}),
    "company.yaml",
    ".csv",
    "workbook.",
    "workbook render",
    "workbook workshop",
    "notebook",
    "papermill",
    "Jeffreys",
    "seed",
)


def test_the_inventory_section_opens_with_what_was_listed() -> None:
    """The feature inventory's section has a finding of its own: how many features, how many
    in the core, and what happened to them, counted from the inventory (not from the rows of
    another section)."""
    features = make_features(
        [
            ("a", "core", "kept", 5, None),
            ("b", "core", "reinvented", 4, 10.0),
            ("c", "peripheral", "kept", 2, None),
            ("d", "peripheral", "new", 1, None),
        ]
    )
    finding = present.inventory_finding(diff.assess_reinvention(features))
    assert finding == "4 features listed, 2 in the core: 2 kept, 1 reinvented and 1 new."
    one = present.inventory_finding(
        diff.assess_reinvention(make_features([("a", "core", "removed", 5, None)]))
    )
    assert one == "1 feature listed, 1 in the core: 1 removed."
    result = diff.assess(make_company(features=features))
    assert present.section_findings(result).by_section[2] == finding
    empty = diff.assess(make_company())
    assert present.section_findings(empty).by_section[2] == "No feature inventory yet."


@pytest.mark.parametrize("slug", SAMPLE_SLUGS)
def test_every_section_opens_with_a_finding_in_the_readers_words(slug: str) -> None:
    """On every sample company, sections 2 to 8 each have their one-line finding, and neither
    the findings, the heading, the verdict's reason nor a check's reason (other than the advice
    on adding a missing file) names a data file, a module, a command or the method's jargon."""
    company = io.load_company(slug)
    result = registry.assess_company(company)["differentiation"]
    assert isinstance(result, diff.DifferentiationResult)
    findings = present.section_findings(result).by_section
    assert set(range(2, 9)) <= set(findings)
    missing = set(result.missing.values())
    texts = [
        present.heading_markdown(result),
        result.summary,
        *findings.values(),
        *(c.reason for c in result.checks if c.reason not in missing),
    ]
    found = [(w, t) for t in texts for w in ENGINEERING_WORDS if w.casefold() in t.casefold()]
    assert found == []


def test_the_community_check_names_no_file() -> None:
    """Whether the product is networked or not, and with or without community data, the
    community check says it in the reader's words, never through the settings file's name."""
    for company in (
        make_company(network_effects=False),
        make_company(network_effects=True),
    ):
        reason = diff.assess_network_effects(company).check.reason
        assert "company.yaml" not in reason and ".csv" not in reason
    no_community = diff.assess_network_effects(make_company(network_effects=True)).check.reason
    assert "no belonging survey" in no_community and "founding members" in no_community
