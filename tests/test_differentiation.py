"""Tests for the differentiation assessment, on small hand-made frames with worked examples."""

from __future__ import annotations

import math
import sys
import time
import types
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from workbook import charts
from workbook import differentiation as diff
from workbook.common import Check, Estimate
from workbook.io import DATA_FILES, CommunityConfig, Company, CompanyConfig

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
    """A stand-in for workbook.belonging's result, honouring the agreed contract."""

    level: str
    index: Estimate | None = None
    launch_checks: list[Check] = field(default_factory=list)


# A feature inventory whose weighted and unweighted shares differ:
# not removed: A 5 + B 4 + C 1 + D 5 + F 5 = 20; reinvented or new: B 4 + C 1 = 5 → 25%
# (by count it would be 2 of 5 = 40%). Of the 5 reinvented, B's 4 is core → core share 80%.
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
    categories = [expected_category(f, d) for f, d in ALL_CELLS]
    assert len(categories) == 25
    counts = {c: categories.count(c) for c in "MOAIRQ"}
    # 3 must-be, 1 one-dimensional, 3 attractive, 9 indifferent, 7 reverse, 2 questionable.
    assert counts == {"M": 3, "O": 1, "A": 3, "I": 9, "R": 7, "Q": 2}


@pytest.mark.parametrize(("functional", "dysfunctional"), ALL_CELLS)
def test_kano_category_every_cell(functional: str, dysfunctional: str) -> None:
    assert diff.kano_category(functional, dysfunctional) == expected_category(
        functional, dysfunctional
    )


def test_kano_category_named_cells() -> None:
    assert diff.kano_category("like", "like") == "Q"
    assert diff.kano_category("dislike", "dislike") == "Q"
    assert diff.kano_category("like", "dislike") == "O"
    assert diff.kano_category("expect", "dislike") == "M"
    assert diff.kano_category("like", "tolerate") == "A"
    assert diff.kano_category("neutral", "like") == "R"
    assert diff.kano_category("tolerate", "expect") == "I"


def test_kano_category_accepts_case_and_spaces_and_rejects_unknown() -> None:
    assert diff.kano_category(" Like ", "DISLIKE") == "O"
    with pytest.raises(ValueError, match="expected one of"):
        diff.kano_category("love", "dislike")


def test_vectorised_classification_matches_the_table() -> None:
    functional = pd.Series([f for f, _ in ALL_CELLS], index=range(100, 125))
    dysfunctional = pd.Series([d for _, d in ALL_CELLS], index=range(100, 125))
    result = diff.classify_kano(functional, dysfunctional)
    assert list(result) == [expected_category(f, d) for f, d in ALL_CELLS]
    assert list(result.index) == list(range(100, 125))
    assert list(diff.classify_kano(["Like ", "neutral"], ["dislike", " Dislike"])) == ["O", "M"]
    with pytest.raises(ValueError, match="'maybe'"):
        diff.classify_kano(["like", "maybe"], ["like", "like"])


def test_vectorised_classification_of_100k_answers_is_fast() -> None:
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


def test_exact_ties_go_to_must_be_then_one_dimensional_then_attractive() -> None:
    assert diff.kano_dominant({"A": 10, "M": 10, "I": 5}) == "M"
    assert diff.kano_dominant({"A": 10, "O": 10, "I": 10}) == "O"
    assert diff.kano_dominant({"I": 10, "A": 10}) == "A"
    assert diff.kano_dominant({"I": 7, "R": 2}) == "I"
    assert diff.kano_dominant({}) is None


def test_near_ties_within_the_margin() -> None:
    # 100 answers, margin 5% → anything within 5 answers of the highest count is a contender.
    assert diff.KANO_NEAR_TIE_MARGIN == 0.05
    assert diff.kano_dominant({"A": 40, "M": 36, "I": 24}) == "M"
    assert diff.kano_dominant({"A": 40, "M": 35, "I": 25}) == "M"  # exactly at the margin
    assert diff.kano_dominant({"A": 40, "M": 34, "I": 26}) == "A"  # just outside
    assert diff.kano_dominant({"R": 40, "I": 38, "Q": 22}) == "I"  # R loses to a near-tied I
    assert diff.kano_dominant({"R": 50, "I": 30, "A": 20}) == "R"  # clearly reverse
    assert diff.kano_dominant({"A": 40, "M": 34, "I": 26}, margin=0.10) == "M"


def test_fong_worked_example() -> None:
    # a = 40, b = 30, n = 100: (a+b)(2n−a−b)/(2n) = 70·130/200 = 45.5; √45.5 = 6.74537;
    # × 1.65 = 11.1299. |40 − 30| = 10 < 11.13 → no significant difference.
    assert diff.fong_critical(40, 30, 100) == pytest.approx(11.1299, abs=1e-4)
    top = diff.kano_top_two({"A": 40, "M": 30, "I": 20, "R": 10})
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
    top = diff.kano_top_two({"A": 50, "M": 20, "I": 20, "R": 10})
    assert top is not None and top.significant is True
    # a = 12, b = 4, n = 20: 16·24/40 = 9.6; √9.6 = 3.09839; × 1.65 = 5.1123; |8| ≥ 5.11.
    assert diff.fong_critical(12, 4, 20) == pytest.approx(5.1123, abs=1e-4)
    assert diff.fong_critical(0, 0, 0) is None
    assert diff.kano_top_two({}) is None


def test_top_two_ties_follow_category_order() -> None:
    top = diff.kano_top_two({"I": 5, "A": 5, "O": 5})
    assert top is not None and (top.first, top.second) == ("O", "A")


def test_better_worse_exclude_reverse_and_questionable() -> None:
    # A 6 + O 4 + M 3 + I 7 = 20 (R 5 and Q 5 left out): Better = 10/20, Worse = −7/20.
    better, worse = diff.better_worse({"A": 6, "O": 4, "M": 3, "I": 7, "R": 5, "Q": 5})
    assert better == pytest.approx(0.5)
    assert worse == pytest.approx(-0.35)
    assert diff.better_worse({"R": 3, "Q": 2}) == (None, None)
    assert diff.better_worse({"I": 4}) == (0.0, 0.0)
    assert math.copysign(1, diff.better_worse({"I": 4})[1]) == 1  # no "−0.0" shown


def test_kano_quadrants() -> None:
    assert diff.kano_quadrant(0.7, -0.6) == "one-dimensional"
    assert diff.kano_quadrant(0.7, -0.2) == "attractive"
    assert diff.kano_quadrant(0.2, -0.6) == "must-be"
    assert diff.kano_quadrant(0.2, -0.2) == "indifferent"
    assert diff.kano_quadrant(0.5, -0.5) == "one-dimensional"  # the threshold counts as high
    assert diff.kano_quadrant(None, None) is None


def test_assess_kano_counts_and_cross_checks() -> None:
    survey = make_kano(
        {
            "B": pairs_for(I=6, A=2, R=1, Q=1),  # reinvented, indifferent → effort
            "E": pairs_for(M=5, O=1),  # removed must-be → risk
            "A": pairs_for(M=3, O=3),  # kept; tie → M but kept → fine
            "Z": pairs_for(A=4),  # not in features.csv
        }
    )
    finding = diff.assess_kano(survey, make_features(INVENTORY))
    table = finding.per_feature.set_index("feature")
    assert table.loc["B", ["M", "O", "A", "I", "R", "Q", "n"]].tolist() == [0, 0, 2, 6, 1, 1, 10]
    assert table.loc["B", "better"] == pytest.approx(2 / 8)
    assert table.loc["B", "worse"] == pytest.approx(0.0)
    assert table.loc["E", "category"] == "M"
    assert table.loc["E", "worse"] == pytest.approx(-1.0)
    assert table.loc["A", "category"] == "M"
    assert pd.isna(table.loc["Z", "change"])
    # Sorted by category (M, O, A, I, R, Q) then name.
    assert finding.per_feature["feature"].tolist() == ["A", "E", "Z", "B"]
    assert finding.features_in(diff.MUST_BE_CHANGED) == ["E"]
    assert finding.features_in(diff.INDIFFERENT_EFFORT) == ["B"]
    statuses = {c.name: c.status for c in finding.checks}
    assert statuses == {
        "Must-be features kept as they were": "fail",
        "Reinvention customers care about": "warn",
    }
    shown = finding.table()
    assert shown["Change"].tolist() == ["kept", "removed", "not listed", "reinvented"]
    assert shown["Too few answers"].tolist() == ["yes"] * 4
    quadrants = finding.quadrant_frame().set_index("feature")
    assert quadrants.loc["E", "quadrant"] == "must-be"
    assert quadrants.loc["Z", "quadrant"] == "attractive"


def test_assess_kano_without_features_is_not_cross_checked() -> None:
    finding = diff.assess_kano(make_kano({"B": pairs_for(I=3)}))
    assert finding.cross_checked is False
    assert finding.risks.empty
    assert {c.status for c in finding.checks} == {"not assessed"}
    assert "Change" not in finding.table().columns


def test_assess_kano_on_an_empty_survey() -> None:
    empty = make_kano({})
    finding = diff.assess_kano(empty, make_features(INVENTORY))
    assert finding.per_feature.empty and finding.risks.empty
    assert finding.table().empty and finding.quadrant_frame().empty
    assert {c.status for c in finding.checks} == {"pass"}


# --------------------------------------------------------------------------------------------
# Reinvention share, core share, time to differentiation
# --------------------------------------------------------------------------------------------


def test_weighted_reinvention_and_core_share() -> None:
    finding = diff.assess_reinvention(make_features(INVENTORY))
    assert finding.share == pytest.approx(5 / 20)
    assert finding.core_share == pytest.approx(4 / 5)
    assert finding.reading == "on target"  # 25% is inside the band (inclusive)
    table = finding.inventory_table()
    assert table.loc["kept", "Core importance"] == 10
    assert table.loc["kept", "Peripheral importance"] == 5
    assert table.loc["removed", "All features"] == 1
    assert table["All importance"].sum() == 25


def test_shares_not_defined_without_denominators() -> None:
    only_removed = diff.assess_reinvention(make_features([("A", "core", "removed", 3, None)]))
    assert only_removed.share is None and only_removed.core_share is None
    assert only_removed.reading == "not defined"
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
    assert diff.reinvention_reading(share) == reading


def time_check(rows: list[tuple[str, str, str, int, float | None]]) -> diff.ReinventionFinding:
    return diff.assess_reinvention(make_features([("K", "core", "kept", 5, None), *rows]))


def test_time_to_differentiation_uses_fastest_measured_core_feature() -> None:
    finding = time_check(
        [
            ("slow", "core", "reinvented", 2, 45.0),
            ("quick", "core", "new", 1, 25.0),
            ("peripheral", "peripheral", "new", 1, 3.0),  # fast but not in the core
        ]
    )
    assert (finding.fastest_feature, finding.fastest_seconds) == ("quick", 25.0)
    assert finding.felt_fast
    assert finding.time_check.status == "pass"


def test_thirty_seconds_exactly_is_within_the_limit() -> None:
    finding = time_check([("X", "core", "reinvented", 2, 30.0)])
    assert finding.felt_fast and finding.time_check.status == "pass"


def test_missing_seconds_are_not_measured() -> None:
    finding = time_check(
        [("slow", "core", "reinvented", 2, 45.0), ("unknown", "core", "new", 2, None)]
    )
    assert finding.fastest_seconds == 45.0
    assert finding.not_measured == ("unknown",)
    assert finding.time_check.status == "warn"  # the unmeasured one might be faster
    table = finding.differentiating_table().set_index("Feature")
    assert table.loc["unknown", "Seconds to experience"] == "not measured"
    assert table.loc["unknown", "Felt within 30 s"] == "not measured"
    assert table.loc["slow", "Felt within 30 s"] == "no"


def test_all_seconds_missing_says_not_measured() -> None:
    finding = time_check([("a", "core", "reinvented", 2, None), ("b", "core", "new", 1, None)])
    assert finding.fastest_seconds is None
    check = finding.time_check
    assert check.status == "not assessed"
    assert check.reason.startswith("Not measured")


def test_all_measured_and_slow_fails() -> None:
    finding = time_check([("slow", "core", "reinvented", 2, 45.0)])
    assert finding.time_check.status == "fail"


# --------------------------------------------------------------------------------------------
# Strategy canvas
# --------------------------------------------------------------------------------------------


def test_divergence_and_competitor_gaps() -> None:
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
    assert finding.checks[0].status == "pass"
    assert len(finding.value_curves) == 9
    curves = finding.value_curves
    assert set(curves.loc[curves["role"] == "your product", "product"]) == {"Us"}


def test_curve_that_tracks_the_others_is_flagged() -> None:
    canvas = pd.DataFrame({"factor": ["a", "b", "c"], "Us": [5.0, 5.0, 5.0], "X": [5.0, 5.5, 5.0]})
    finding = diff.assess_canvas(canvas)
    assert finding.divergence == pytest.approx(0.5 / 3)
    assert finding.top_factors == ("b",)  # factors with no difference are not named
    assert finding.checks[0].status == "warn"


def test_curve_close_to_one_product_is_flagged_even_when_divergence_is_high() -> None:
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
    assert finding.checks[0].status == "warn"
    assert "Near" in finding.checks[0].reason
    result = diff.assess(make_company(strategy_canvas=canvas))
    assert result.recommendations[0].because == finding.checks[0].reason


# --------------------------------------------------------------------------------------------
# Network effects and the community
# --------------------------------------------------------------------------------------------


def test_network_effects_with_community_reads_belonging() -> None:
    company = make_company(network_effects=True, community=CommunityConfig("founder", 30, 2))
    stand_in = StandInBelonging(
        level="developing",
        index=Estimate(62.4, 58.0, 66.8, 120),
        launch_checks=[
            Check("Founding members", "pass", "30 members"),
            Check("Channels", "warn", "too many"),
        ],
    )
    finding = diff.assess_network_effects(company, stand_in)
    assert finding.applicable and finding.community_data
    assert not finding.clone_without_community
    assert finding.level == "developing"
    assert finding.index == stand_in.index
    assert finding.check.status == "warn"
    assert "index 62/100 from 120 answers" in finding.check.reason
    assert "Channels" in finding.check.reason and "Founding members" not in finding.check.reason
    strong = diff.assess_network_effects(company, StandInBelonging(level="strong"))
    assert strong.check.status == "pass"
    weak = diff.assess_network_effects(company, StandInBelonging(level="weak"))
    assert weak.check.status == "fail"


def test_network_effects_calls_belonging_assess_by_default(monkeypatch) -> None:
    calls: list[Company] = []

    def fake_assess(company: Company) -> StandInBelonging:
        calls.append(company)
        return StandInBelonging(level="strong")

    module = types.ModuleType("workbook.belonging")
    module.assess = fake_assess  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "workbook.belonging", module)
    survey = pd.DataFrame({"respondent_id": ["r1"], "q1": [4.0]})
    with_data = make_company(network_effects=True, belonging_survey=survey)
    assert diff.assess_network_effects(with_data).check.status == "pass"
    assert calls == [with_data]
    diff.assess_network_effects(make_company(network_effects=True))
    diff.assess_network_effects(make_company(network_effects=False, belonging_survey=survey))
    assert calls == [with_data]  # not called without data, nor without network effects


def test_network_effects_without_community_is_a_clone_of_the_product_only() -> None:
    finding = diff.assess_network_effects(make_company(network_effects=True))
    assert finding.clone_without_community
    assert finding.check.status == "fail"
    assert diff.CLONE_WITHOUT_COMMUNITY in finding.check.reason.lower()


def test_network_effects_not_applicable() -> None:
    company = make_company(network_effects=False, community=CommunityConfig("founder", 30, 2))
    finding = diff.assess_network_effects(company, StandInBelonging(level="weak"))
    assert not finding.applicable
    assert not finding.clone_without_community
    assert finding.check.status == "not assessed"
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
        (inventory_with(7, 13), "scattered"),  # 35%: above the band, not beyond
        (inventory_with(8, 12), "rebuild-everything"),  # 40%
    ],
)
def test_verdict_rules(features: pd.DataFrame, verdict: str) -> None:
    assert diff.decide_verdict(diff.assess_reinvention(features))[0] == verdict


def test_verdict_reason_names_what_is_missing() -> None:
    features = make_features(
        [("kept", "core", "kept", 16, None), ("different", "core", "reinvented", 4, None)]
    )
    verdict, reason = diff.decide_verdict(diff.assess_reinvention(features))
    assert verdict == "scattered"
    assert "measured time" in reason
    assert diff.decide_verdict(None)[0] == "not assessed"


def test_assess_without_optional_files() -> None:
    company = make_company()
    result = diff.assess(company)
    assert result.reinvention is None and result.kano is None and result.canvas is None
    assert result.verdict == "not assessed"
    assert set(result.missing) == {"features.csv", "kano_survey.csv", "strategy_canvas.csv"}
    for file, message in result.missing.items():
        assert message == company.missing_message(file)
        assert file in message
    assert {c.status for c in result.checks} == {"not assessed"}
    assert result.recommendations == []
    assert "not assessed" in result.verdict_markdown()


def test_assess_without_files_but_with_network_effects_recommends_the_community() -> None:
    result = diff.assess(make_company(network_effects=True))
    assert result.network.clone_without_community
    assert len(result.recommendations) == 1
    assert diff.CLONE_WITHOUT_COMMUNITY in result.recommendations[0].because


def test_assess_full_company_and_recommendations_tied_to_findings() -> None:
    features = make_features(
        [
            ("login", "core", "removed", 5, None),
            ("editor", "core", "kept", 5, None),
            ("themes", "peripheral", "reinvented", 3, 50.0),
            ("badges", "peripheral", "new", 3, None),
            ("sync", "core", "kept", 4, None),
        ]
    )
    survey = make_kano({"login": pairs_for(M=8, I=2), "badges": pairs_for(I=7, A=3)})
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
    # 6 of 15 reinvented → 40%: rebuild-everything.
    assert result.reinvention is not None and result.reinvention.share == pytest.approx(0.4)
    assert result.verdict == "rebuild-everything"
    actions = [r.action for r in result.recommendations]
    assert len(actions) == diff.MAX_RECOMMENDATIONS
    assert actions[0].startswith("Rebuild the community")
    assert actions[1] == "Restore login to work the way customers know from Notion"
    assert actions[2].startswith("Keep more of Notion")
    assert result.missing == {}
    assert len(result.checks) == 7


def test_recommendations_point_at_measuring_time_when_unmeasured() -> None:
    features = make_features(
        [("kept", "core", "kept", 16, None), ("different", "core", "reinvented", 4, None)]
    )
    result = diff.assess(make_company(features=features))
    assert [r.action for r in result.recommendations] == [
        "Time how long new users take to experience each reinvented core feature"
    ]


def test_markdown_escapes_user_supplied_names() -> None:
    features = make_features(
        [("kept", "core", "kept", 16, None), ("<b>*bold*</b>", "core", "reinvented", 4, 5.0)]
    )
    company = make_company(features=features, reference_product="Acme_[beta]")
    result = diff.assess(company)
    assert result.verdict == "focused differentiation"
    assert "&lt;b&gt;\\*bold\\*&lt;/b&gt;" in result.verdict_markdown()
    assert "Acme\\_\\[beta\\]" in result.heading_markdown()
    assert "<b>" not in result.verdict_markdown() + result.heading_markdown()


def test_network_markdown_lists_launch_checks() -> None:
    company = make_company(network_effects=True, community=CommunityConfig("founder", 30, 2))
    stand_in = StandInBelonging(level="strong", launch_checks=[Check("Owner", "pass", "founder")])
    text = diff.assess_network_effects(company, stand_in).markdown()
    assert "Community rebuilt with the product" in text
    assert "Launch readiness" in text and "| Owner |" in text
    no_launch = diff.assess_network_effects(make_company(network_effects=True)).markdown()
    assert "Launch readiness" not in no_launch


def test_thresholds_table_quotes_the_constants() -> None:
    table = diff.thresholds_table().set_index("Rule")["Value"]
    assert table["Target band"] == "15%–25%"
    assert table["Clone below"] == "10%"
    assert table["Rebuild-everything above"] == "35%"
    assert table["Felt within"] == "30 s"


# --------------------------------------------------------------------------------------------
# Charts (built from the aggregated frames; small data, valid specs)
# --------------------------------------------------------------------------------------------


def test_charts_build_from_aggregated_frames() -> None:
    features = make_features(INVENTORY)
    survey = make_kano({"B": pairs_for(A=6, I=2), "E": pairs_for(M=5, O=1)})
    canvas = pd.DataFrame({"factor": ["p", "q"], "Us": [8.0, 2.0], "X": [4.0, 4.0]})
    company = make_company(features=features, kano_survey=survey, strategy_canvas=canvas)
    result = diff.assess(company)
    assert result.reinvention is not None and result.kano is not None and result.canvas is not None
    built = [
        charts.feature_inventory_chart(result.reinvention.inventory),
        charts.reinvention_share_chart(result.reinvention.band_frame(), result.reinvention.share),
        charts.kano_quadrant_chart(result.kano.quadrant_frame()),
        charts.strategy_canvas_chart(result.canvas.value_curves),
    ]
    for chart in built:
        spec = chart.to_dict()
        assert spec["title"]
        rows = sum(len(values) for values in spec.get("datasets", {}).values())
        assert 0 < rows < 50
    band = result.reinvention.band_frame()
    wide = diff.assess_reinvention(inventory_with(13, 7)).band_frame()  # 65% reinvented
    assert wide["end"].iloc[-1] == pytest.approx(0.7)
    assert band["zone"].tolist()[2] == "on target"
    assert band[["start", "end"]].iloc[2].tolist() == [diff.TARGET_LOW, diff.TARGET_HIGH]
