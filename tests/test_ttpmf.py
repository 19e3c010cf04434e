"""Unit tests for workbook.ttpmf: worked examples with hand-computed expectations."""

from __future__ import annotations

import dataclasses
import json
import math
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from workbook import charts, coherence, io, registry, results, ttpmf, waves
from workbook import format as fmt
from workbook.results import Recommendation, Severity
from workbook.ttpmf import checks, compute, present, rules, wording

MIN_RELIABLE_N = rules.MIN_ANSWERS.value

# Wilson score intervals without continuity correction published by Newcombe (1998),
# "Two-sided confidence intervals for the single proportion", Statistics in Medicine 17,
# Table II (method 3), plus 40/100 and 0/10 from standard tables: (successes, n, low, high).
PUBLISHED_WILSON = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
    (40, 100, 0.3094, 0.4980),
    (0, 10, 0.0000, 0.2775),
]


# --------------------------------------------------------------------------------------------
# Builders for small hand-made inputs
# --------------------------------------------------------------------------------------------


def answers(very: int = 0, somewhat: int = 0, not_: int = 0, na: int = 0) -> list[str]:
    """A list of answer codes with the given counts."""
    return ["very"] * very + ["somewhat"] * somewhat + ["not"] * not_ + ["na"] * na


def make_pmf_survey(
    rows: list[tuple[str, str, str | None, str | None, str | None]],
) -> pd.DataFrame:
    """A typed pmf_survey frame from (submitted_at, answer, segment, main_benefit, improvement)."""
    frame = pd.DataFrame(
        rows, columns=["submitted_at", "answer", "segment", "main_benefit", "improvement"]
    )
    frame.insert(0, "respondent_id", [f"r{i}" for i in range(len(frame))])
    frame["submitted_at"] = pd.to_datetime(frame["submitted_at"])
    return frame


def wave_rows(day: str, very: int, somewhat: int, not_: int = 0, na: int = 0) -> list[tuple]:
    """Survey rows of one day with the given answer counts and no segment or texts."""
    return [(day, code, None, None, None) for code in answers(very, somewhat, not_, na)]


def scored_frame(counts: list[tuple[int, int]], months: list[float] | None = None) -> pd.DataFrame:
    """A wave table from (very, answers) per wave: waves two months apart from 2025-01-01, each
    answered over a week (its ``end`` six days after its ``start``), no N/A answers."""
    rows = []
    for index, (very, n) in enumerate(counts):
        score = compute.SeanEllisScore.from_counts(very, n - very, 0, 0)
        start = pd.Timestamp(2025, 1, 1) + pd.DateOffset(months=2 * index)
        rows.append(
            {
                "wave": index + 1,
                "start": start,
                "end": start + pd.Timedelta(days=6),
                "date": start + pd.Timedelta(days=3),
                "months": 2.0 * index if months is None else months[index],
                "n": n,
                "very": very,
                "somewhat": n - very,
                "not": 0,
                "na": 0,
                "share": score.share,
                "ci_low": score.ci_low,
                "ci_high": score.ci_high,
                "too_few": score.too_few,
                "fit": score.fit,
            }
        )
    return pd.DataFrame(rows)


def waves_frame(months: list[float], n: list[int], very: list[int]) -> pd.DataFrame:
    """A wave table with the given months, answers and very disappointed counts."""
    return scored_frame(list(zip(very, n, strict=True)), months)


def projection_at(day: date | None, late: date | None = None) -> compute.Projection:
    """A projection whose crossing falls on ``day`` (None: no crossing), its range ending ``late``
    (None: beyond the horizon)."""
    month = None if day is None else 1.0
    return compute.Projection(month, day, None, month, None, late)


def company_yaml(**extra: str) -> str:
    """A valid company.yaml (started 2025-01-01) with extra keys such as ``as_of``."""
    lines = ["name: Test Co", "stage: pre-pmf", "started: 2025-01-01", "network_effects: false"]
    return "\n".join(lines + [f"{key}: {value}" for key, value in extra.items()]) + "\n"


def curve(values: list[float]) -> pd.Series:
    """An average retention curve indexed by period 0, 1, ..."""
    return pd.Series(values, index=range(len(values)), dtype="float64")


# --------------------------------------------------------------------------------------------
# Answers and the Sean Ellis score
# --------------------------------------------------------------------------------------------


def test_answers_accept_codes_full_texts_and_any_case() -> None:
    given = [
        "very",
        "Very disappointed",
        "  SOMEWHAT   disappointed ",
        "not",
        "Not disappointed (it isn't really that useful)",
        "N/A - I no longer use it",
        "n/a",
    ]
    assert list(compute.normalize_answers(given)) == [
        "very",
        "very",
        "somewhat",
        "not",
        "not",
        "na",
        "na",
    ]


@pytest.mark.parametrize(
    ("junk", "named"),
    [
        ("maybe", "'maybe'"),
        ("", "''"),
        ("very very", "'very very'"),
        (3, ": 3."),
        (None, "a missing answer"),
        (float("nan"), "a missing answer"),
    ],
)
def test_unrecognised_answers_raise_and_name_the_value(junk: object, named: str) -> None:
    with pytest.raises(ValueError, match="1 unrecognised Sean Ellis answer") as caught:
        compute.sean_ellis(["very", junk, "not"])
    assert named in str(caught.value)


def test_sean_ellis_leaves_na_out_of_the_denominator() -> None:
    score = compute.sean_ellis(["Very disappointed", "very", "somewhat", "not", "na", "N/A"])
    assert (score.very, score.somewhat, score.not_disappointed, score.na) == (2, 1, 1, 2)
    assert score.n == 4
    assert score.share == pytest.approx(0.5)


def test_sean_ellis_without_usable_answers_is_not_defined() -> None:
    for given in ([], ["na", "na"]):
        score = compute.sean_ellis(given)
        assert score.share is None and score.ci_low is None and score.ci_high is None
        assert score.fit == "not defined"
        assert score.too_few


@pytest.mark.parametrize(("very", "n", "low", "high"), PUBLISHED_WILSON)
def test_wilson_bounds_match_published_values(very: int, n: int, low: float, high: float) -> None:
    score = compute.sean_ellis(answers(very=very, not_=n - very, na=3))
    assert score.n == n and score.na == 3
    assert score.ci_low == pytest.approx(low, abs=5e-5)
    assert score.ci_high == pytest.approx(high, abs=5e-5)


@pytest.mark.parametrize(
    ("very", "n", "label"),
    [
        (60, 100, "confirmed"),  # interval 50.2%–69.1%: lower bound above 40%
        (45, 100, "provisional"),  # 45% but interval 35.6%–54.8%
        (40, 100, "provisional"),  # exactly at the bar
        (39, 100, "not reached"),
        (10, 10, "provisional"),  # interval 72.2%–100%, but only 10 answers
        (30, 30, "confirmed"),  # interval 88.6%–100% on 30 answers
    ],
)
def test_fit_is_confirmed_only_when_the_lower_bound_clears_the_bar(
    very: int, n: int, label: str
) -> None:
    """Defect 6: "confirmed" needs the lower bound at or above the bar AND at least the minimum
    reliable number of answers (10 of 10 used to read "confirmed")."""
    assert compute.sean_ellis(answers(very=very, somewhat=n - very)).fit == label


def test_fewer_than_thirty_answers_are_flagged() -> None:
    assert compute.sean_ellis(answers(very=10, somewhat=MIN_RELIABLE_N - 11, na=5)).too_few
    assert not compute.sean_ellis(answers(very=10, somewhat=MIN_RELIABLE_N - 10)).too_few


# --------------------------------------------------------------------------------------------
# Waves and segments
# --------------------------------------------------------------------------------------------


def test_ttpmf_reads_waves_through_the_shared_module_only() -> None:
    """Defect 5: the assessment has no wave rule or wave grouping of its own any more."""
    assert not hasattr(rules, "WAVE_GAP_DAYS")
    assert compute.assign_waves is waves.assign_waves
    shared = {waves.WAVE_GAP_DAYS, waves.CONTINUOUS_AFTER_DAYS, waves.MIN_PERIOD_ANSWERS}
    assert shared <= set(rules.all_rules())


def continuous_survey_rows() -> list[tuple]:
    """A survey answered every third day through 2025, four answers a day (about forty a month):
    one very disappointed in four until June, two in four from July."""
    rows = []
    for day in pd.date_range("2025-01-01", "2025-12-29", freq="3D"):
        very = 1 if day.month <= 6 else 2
        rows += wave_rows(day.strftime("%Y-%m-%d"), very=very, somewhat=4 - very)
    return rows


def test_a_continuous_survey_is_read_in_calendar_months(make_company, data_dir: Path) -> None:
    """Defect 5: answers every few days over a year used to form one "wave" (no trend, status
    "insufficient data"); they are now read in calendar months, and the notebook says so."""
    survey = make_pmf_survey(continuous_survey_rows())
    assignment = waves.assign_waves(survey["submitted_at"])
    assert assignment.grouping == "months"
    scored = compute.wave_scores(survey, date(2024, 6, 1), assignment.numbers)
    assert len(scored) == 12 and (scored["n"] >= MIN_RELIABLE_N).all()
    assert scored["share"].iloc[0] == pytest.approx(0.25)
    assert scored["share"].iloc[-1] == pytest.approx(0.5)

    rows = [(day, answer, "teams") for day, answer, *_ in continuous_survey_rows()]
    folder = make_company("continuous", {"pmf_survey.csv": survey_csv(rows)})
    config = (folder / "company.yaml").read_text(encoding="utf-8")
    (folder / "company.yaml").write_text(config + "as_of: 2026-01-15\n", encoding="utf-8")
    result = ttpmf.assess(io.load_company("continuous", data_dir))
    data = check_protocol(result)
    assert data["figures"]["grouping"] == "months" and len(data["figures"]["waves"]) == 12
    assert result.trajectory is not None and result.trajectory.trend is not None
    assert result.status != "insufficient data"
    assert "calendar months" in present.score_markdown(result)
    assert "calendar months" in present.sean_ellis_intro()


def test_wave_scores_count_answers_and_date_each_wave() -> None:
    survey = make_pmf_survey(
        wave_rows("2025-03-01", very=1, somewhat=1, na=1)
        + wave_rows("2025-03-03", very=1, somewhat=0)
        + wave_rows("2025-05-01", very=0, somewhat=1, not_=1)
    )
    waves = compute.wave_scores(survey, date(2025, 1, 1))
    assert list(waves["wave"]) == [1, 2]
    assert list(waves["n"]) == [3, 2] and list(waves["na"]) == [1, 0]
    assert list(waves["very"]) == [2, 0]
    assert waves["share"].tolist() == pytest.approx([2 / 3, 0.0])
    # Wave 1's answer days: 1, 1, 1 and 3 March: the median day is 1 March (59 days in).
    assert compute.as_date(waves["date"].iloc[0]) == date(2025, 3, 1)
    assert waves["months"].iloc[0] == pytest.approx(59 / (365.25 / 12))
    assert compute.as_date(waves["end"].iloc[0]) == date(2025, 3, 3)
    assert waves["too_few"].all()


def test_a_wave_of_only_na_answers_has_no_share() -> None:
    survey = make_pmf_survey(
        wave_rows("2025-03-01", very=3, somewhat=1) + wave_rows("2025-05-01", 0, 0, na=4)
    )
    waves = compute.wave_scores(survey, date(2025, 1, 1))
    assert list(waves["n"]) == [4, 0] and list(waves["fit"]) == ["provisional", "not defined"]
    trend, projection = compute.project_fit(waves, date(2025, 1, 1))
    assert (
        trend is None
        and "at least 2 waves with 30 or more answers" in wording.projection_reason(projection)
    )
    assert "Wave 1 has fewer than 30 answers" in wording.projection_reason(projection)
    timeline = compute.judge_timeline(
        date(2025, 1, 1), date(2025, 6, 1), None, waves=1, projection=projection
    )
    result = ttpmf.TTPMFResult(
        status=timeline.status,
        summary="",
        company="Test",
        timeline=timeline,
        trajectory=compute.Trajectory(date(2025, 1, 1), waves, trend, projection),
    )
    table = present.waves_table(result)
    assert list(table["Share very disappointed"]) == ["75.0%", "not defined"]
    assert list(table["95% interval"])[1] == "not defined"
    assert result.latest_wave is not None and result.latest_wave.n == 4


def test_best_segment_needs_enough_answers_and_a_name() -> None:
    rows = (
        [("2025-03-01", code, "small", None, None) for code in answers(very=9, somewhat=1)]
        + [("2025-03-01", code, "teams", None, None) for code in answers(very=18, somewhat=12)]
        + [("2025-03-01", code, "agencies", None, None) for code in answers(very=15, not_=15)]
        + [("2025-03-01", code, None, None, None) for code in answers(very=40)]
    )
    segments = compute.segment_scores(make_pmf_survey(rows))
    # Ordered by share: unnamed 100%, small 90%, teams 60%, agencies 50%.
    assert list(segments["segment"]) == [rules.NO_SEGMENT, "small", "teams", "agencies"]
    assert list(segments["eligible"]) == [False, False, True, True]
    assert compute.best_segment(segments) == "teams"


def test_best_segment_ties_go_to_more_answers_then_name() -> None:
    rows = (
        [("2025-03-01", code, "b", None, None) for code in answers(very=15, somewhat=15)]
        + [("2025-03-01", code, "a", None, None) for code in answers(very=15, somewhat=15)]
        + [("2025-03-01", code, "c", None, None) for code in answers(very=20, somewhat=20)]
    )
    segments = compute.segment_scores(make_pmf_survey(rows))
    assert list(segments["segment"]) == ["c", "a", "b"]
    assert compute.best_segment(segments) == "c"


def test_no_best_segment_when_none_has_enough_answers() -> None:
    rows = [("2025-03-01", code, "tiny", None, None) for code in answers(very=5, somewhat=5)]
    assert compute.best_segment(compute.segment_scores(make_pmf_survey(rows))) is None


# --------------------------------------------------------------------------------------------
# Phrases and words
# --------------------------------------------------------------------------------------------


def test_phrases_are_normalised_and_ordered_by_count_then_text() -> None:
    texts = ["Bank sync!", "bank  sync", "Audit trail", "zero-effort close", None, "  ", "!!!"]
    phrases = compute.count_phrases(texts)
    assert list(phrases["term"]) == ["bank sync", "audit trail", "zero-effort close"]
    assert list(phrases["mentions"]) == [2, 1, 1]
    assert phrases["share"].tolist() == pytest.approx([2 / 4, 1 / 4, 1 / 4])


def test_phrases_keep_the_words_that_qualify_them() -> None:
    """Fans' phrases: "less like instagram" is not a vote for "instagram", and "reviews without
    leaving the terminal" is not about "leaving": no single word is torn from an answer, and no
    phrase starts right after a word that changes its meaning."""
    texts = [
        "Less like Instagram!",
        "less like instagram",
        "feels less like instagram",
        "reviews without leaving the terminal",
        "code reviews without leaving the terminal",
        "I hate leaving the terminal",
        "the",
    ]
    phrases = compute.count_phrases(texts, top=50).set_index("term")["mentions"]
    assert phrases["less like instagram"] == 3
    assert phrases["without leaving the terminal"] == 2
    assert phrases["i hate leaving the terminal"] == 1  # the one answer about leaving
    for torn in ("instagram", "like instagram", "leaving", "terminal", "the terminal", "the"):
        assert torn not in phrases.index
    # A phrase that never appears outside a longer one is listed as the longer one.
    assert "without leaving" not in phrases.index
    assert all(len(term.split()) >= 2 for term in phrases.index)
    assert compute.count_phrases([None, "the and of"]).empty


def test_a_whole_short_answer_is_a_phrase_even_of_one_word() -> None:
    """A one-word answer is the respondent's whole answer, not a word torn from one."""
    phrases = compute.count_phrases(["cheap", "Cheap.", "cheap and fast to set up"])
    assert phrases.set_index("term").loc["cheap", "mentions"] == 2
    assert compute.phrases_of("not fast enough") == frozenset({"not fast enough", "not fast"})
    assert "fast enough" not in compute.phrases_of("it is not fast enough for teams")


def test_quotes_are_short_verbatim_answers_and_escaped_when_shown() -> None:
    """A few verbatim answers show each top phrase in context (never the same answer twice),
    and they are escaped when displayed."""
    texts = [
        "bank sync",
        "bank sync",
        "Bank sync that *just works* <b>",
        "audit trail",
        "a very long answer about bank sync " + "that goes on " * 20,
    ]
    quotes = compute.short_quotes(texts, ["bank sync", "audit trail", "bank sync"])
    assert quotes == ("Bank sync that *just works* <b>", "audit trail", "bank sync")
    shown = present.quotes_markdown(quotes, "the fans")
    assert "\\*just works\\*" in shown and "&lt;b&gt;" in shown and "<b>" not in shown
    assert present.quotes_markdown((), "the fans") == ""


def fans_survey() -> pd.DataFrame:
    """One wave in which "teams" love the product and some somewhat disappointed value the same."""

    def rows(segment: str, code: str, benefit: str | None, improvement: str | None, k: int):
        return [("2025-03-01", code, segment, benefit, improvement)] * k

    return make_pmf_survey(
        rows("teams", "very", "Fast bank sync", None, 12)
        + rows("teams", "very", "audit trail", None, 6)
        + rows("teams", "not", None, None, 12)
        + rows("solo", "very", "cheap", None, 3)
        + rows("solo", "not", None, None, 27)
        + rows("solo", "somewhat", "bank sync", "More integrations", 4)  # values the same
        + rows("teams", "somewhat", "the sync", "custom reports", 2)  # one word in common
        + rows("solo", "somewhat", "cheap", "mobile app", 5)  # values something else
    )


def test_segment_analysis_finds_what_fans_value_and_what_holds_others_back() -> None:
    survey = fans_survey()
    segments = compute.segment_scores(survey)
    analysis = compute.analyse_segments(survey, segments)
    assert analysis.segment == "teams"  # 18 of 32 (56%) against 3 of 39 (8%) for solo
    assert analysis.fans == 18 and analysis.fans_with_benefit == 18
    # "fast bank", "bank sync" appear only inside "fast bank sync": listed as the longer one.
    assert list(analysis.benefit_phrases["term"]) == ["fast bank sync", "audit trail"]
    assert analysis.matching_phrases == ("fast bank sync", "audit trail")
    # "bank sync" shares a phrase with the fans' "fast bank sync"; "the sync" shares one word.
    assert analysis.held_back == 4
    assert list(analysis.improvement_phrases["term"]) == ["more integrations"]
    assert analysis.improvement_quotes == ("More integrations",)
    assert analysis.benefit_quotes == ("Fast bank sync", "audit trail")
    assert analysis.stands_out  # 56% against 21 of 71 (30%) overall: more than 5 points


# --------------------------------------------------------------------------------------------
# Retention
# --------------------------------------------------------------------------------------------


def test_flat_curve_flattens() -> None:
    shape = compute.retention_shape(curve([1.0, 0.5, 0.42, 0.41, 0.405, 0.40]))
    assert shape.verdict == "flattens" and shape.flattening
    # Least-squares slope of 0.42, 0.41, 0.405, 0.40 over periods 2..5: -0.0325 / 5.
    assert shape.change_per_period == pytest.approx(-0.0065)


def test_decaying_curve_keeps_falling() -> None:
    shape = compute.retention_shape(curve([0.7**period for period in range(6)]))
    assert shape.verdict == "keeps falling"
    assert shape.flattening is False and not shape.turns_up


def test_smiling_curve_turns_up() -> None:
    shape = compute.retention_shape(curve([1.0, 0.5, 0.38, 0.39, 0.42, 0.45]))
    assert shape.verdict == "turns up" and shape.turns_up and shape.flattening
    assert shape.change_per_period == pytest.approx(0.024)  # 0.12 / 5


def test_flattening_limit_is_one_point_per_period() -> None:
    assert compute.retention_shape(curve([1, 0.5, 0.427, 0.418, 0.409, 0.4])).verdict == "flattens"
    assert compute.retention_shape(curve([1, 0.5, 0.433, 0.422, 0.411, 0.4])).verdict == (
        "keeps falling"
    )


def test_curve_at_zero_and_short_curves() -> None:
    assert compute.retention_shape(curve([1.0, 0.3, 0.1, 0.0, 0.0, 0.0])).verdict == "falls to zero"
    short = compute.retention_shape(curve([1.0, 0.5, 0.4, 0.39]))
    assert short.verdict == "not enough periods" and short.flattening is None
    assert short.change_per_period is None


def test_average_is_size_weighted_over_cohorts_that_reached_the_period() -> None:
    months = pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"])
    rows = (
        [(months[0], p, a) for p, a in enumerate([100, 50, 40, 38, 37])]
        + [(months[1], p, a) for p, a in enumerate([200, 80, 70, 66])]
        + [(months[2], p, a) for p, a in enumerate([100, 30, 25])]
        + [(months[3], 0, 0)]
    )
    retention = pd.DataFrame(rows, columns=["cohort", "period", "active_users"])
    analysis = compute.analyse_retention(retention)
    assert analysis.empty_cohorts == 1
    # Periods 3 and 4 are reached by fewer than 3 cohorts: kept per cohort, not averaged.
    assert analysis.thin_periods == 2
    assert list(analysis.average["period"]) == [0, 1, 2]
    assert analysis.average["retention"].tolist() == pytest.approx([1.0, 160 / 400, 135 / 400])
    assert len(analysis.curves) == 12
    first = analysis.curves[analysis.curves["cohort"] == months[0]]
    assert first["retention"].tolist() == pytest.approx([1.0, 0.5, 0.4, 0.38, 0.37])
    assert analysis.shape.verdict == "not enough periods"
    assert "Not enough periods" in present.retention_summary(analysis)


def test_with_fewer_cohorts_than_the_minimum_every_cohort_must_reach_the_period() -> None:
    months = pd.to_datetime(["2025-01-01", "2025-02-01"])
    rows = [(months[0], p, a) for p, a in enumerate([100, 60, 50, 49, 48, 48, 46])] + [
        (months[1], p, a) for p, a in enumerate([100, 40, 30, 29, 28, 28])
    ]
    analysis = compute.analyse_retention(
        pd.DataFrame(rows, columns=["cohort", "period", "active_users"])
    )
    assert analysis.min_cohorts == 2 and analysis.thin_periods == 1
    assert analysis.average["retention"].tolist() == pytest.approx(
        [1.0, 0.5, 0.4, 0.39, 0.38, 0.38]
    )
    assert analysis.shape.verdict == "flattens"


def mixed_cohorts() -> pd.DataFrame:
    """The issue's worked example: three old cohorts of 100 users losing 2 points a period
    (50%, 48%, … 40% over periods 1–6) and three newer cohorts of 1,000 users at 30% and
    falling 2 points a period (periods 1–4)."""
    months = pd.to_datetime([f"2025-{m:02d}-01" for m in range(1, 7)])
    old = [100, 50, 48, 46, 44, 42, 40]
    new = [1000, 300, 280, 260, 240]
    rows = [(m, p, a) for m in months[:3] for p, a in enumerate(old)]
    rows += [(m, p, a) for m in months[3:] for p, a in enumerate(new)]
    return pd.DataFrame(rows, columns=["cohort", "period", "active_users"])


def test_the_average_only_shows_a_shape_the_cohorts_show(make_company, data_dir: Path) -> None:
    """Defect 1: averaging the cohorts period by period mixed them: at period 5 only the old
    cohorts remain (126 of 300 = 42%) after 852 of 3,300 (26%) at period 4, so the average
    "turned up" (a hint of a network effect) although every cohort keeps falling. Chaining each
    period's step over the cohorts that reached both periods compares like with like."""
    naive = [852 / 3300, 126 / 300, 120 / 300]  # what the old average showed at periods 4-6
    assert naive[1] > naive[0]
    analysis = compute.analyse_retention(mixed_cohorts())
    average = analysis.average
    assert list(average["period"]) == list(range(7)) and analysis.thin_periods == 0
    assert average["step"].iloc[1:].lt(1).all()  # every step loses users, like every cohort
    assert average["retention"].is_monotonic_decreasing
    assert average["retention"].iloc[1] == pytest.approx(1050 / 3300)
    assert average["step"].iloc[5] == pytest.approx(126 / 132)  # old cohorts: period 4 to 5
    assert average["retention"].iloc[-1] == pytest.approx(0.2347, abs=1e-4)
    assert analysis.shape.verdict == "keeps falling"

    lines = "".join(
        f"{cohort:%Y-%m-%d},{period},{active}\n"
        for cohort, period, active in mixed_cohorts().itertuples(index=False)
    )
    # The last cohort's period 4 (October 2025) must have ended by the as-of date to count.
    files = {"retention.csv": "cohort,period,active_users\n" + lines}
    make_company("mixed", {**files, "company.yaml": company_yaml(as_of="2025-10-31")})
    result = ttpmf.assess(io.load_company("mixed", data_dir))
    assert check_protocol(result)["figures"]["retention_shape"] == "keeps falling"
    level = 1050 / 3300 * 984 / 1050 * 918 / 984 * 852 / 918 * 126 / 132
    assert average["retention"].iloc[5] == pytest.approx(level)
    table = present.retention_table(result)
    assert table["Average retention (chained)"].iloc[5] == f"{level:.1%}"


def test_flattening_below_the_floor_is_no_real_retention(make_company, data_dir: Path) -> None:
    """Defect 2: a curve that falls to about 4.7% and stays there used to read "flattens: the
    users still there tend to stay"; below the retention floor it flattens low, fails the check
    and gets retention advice."""
    shape = compute.retention_shape(curve([1.0, 0.3, 0.1, 0.05, 0.047, 0.047, 0.047]))
    assert shape.verdict == "flattens low" and shape.flattening is False and shape.weak
    assert "flattens low" in rules.RETENTION_SHAPES
    assert compute.retention_shape(curve([1, 0.5, 0.3, 0.2, 0.2, 0.2, 0.2])).verdict == "flattens"
    at_floor = curve([1, 0.3, 0.12, 0.1, 0.1, 0.1, 0.1])
    assert compute.retention_shape(at_floor).verdict == "flattens"  # at the floor, not below

    months = pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01"])
    retention = "cohort,period,active_users\n" + "".join(
        f"{m:%Y-%m-%d},{p},{a}\n"
        for m in months
        for p, a in enumerate([1000, 300, 100, 50, 47, 47, 47])
    )
    make_company(
        "low", {"retention.csv": retention, "company.yaml": company_yaml(as_of="2025-09-30")}
    )
    result = ttpmf.assess(io.load_company("low", data_dir))
    data = check_protocol(result)
    assert data["figures"]["retention_shape"] == "flattens low"
    check = next(c for c in data["checks"] if c["name"] == "Retention flattens")
    assert check["outcome"] == "fail" and "below the 10% floor" in check["reason"]
    summary = present.retention_markdown(result)
    assert "4.7%" in summary and "no real retention" in summary
    assert "tend to stay" not in summary
    assert "retention" in [r["topic"] for r in data["recommendations"]]


# --------------------------------------------------------------------------------------------
# Trend, projection and bootstrap
# --------------------------------------------------------------------------------------------


def test_weighted_trend_matches_a_hand_computed_fit() -> None:
    # x = 0, 1, 2; y = 0, 1, 1; weights 1, 1, 2 → slope 1.25 / 2.75 = 5/11, intercept 2/11.
    intercepts, slopes = compute.weighted_trend(
        np.array([0, 1, 2]), np.array([0, 1, 1]), np.array([1, 1, 2])
    )
    assert slopes[0] == pytest.approx(5 / 11)
    assert intercepts[0] == pytest.approx(2 / 11)


def test_weighted_trend_is_undefined_without_spread_in_time() -> None:
    intercepts, slopes = compute.weighted_trend(
        np.array([3, 3]), np.array([0.1, 0.2]), np.array([1, 1])
    )
    assert math.isnan(slopes[0]) and math.isnan(intercepts[0])


def test_rising_trend_projects_the_crossing_with_a_range() -> None:
    started = date(2025, 1, 1)
    # 20% at month 0 and 30% at month 10: one point a month. Issue 18: the target is the share
    # at which a wave of 400 would confirm fit (44.8%), not the bar, so month 24.8, not 20.
    trend, projection = compute.project_fit(waves_frame([0, 10], [400, 400], [80, 120]), started)
    assert trend is not None and trend.slope == pytest.approx(0.01)
    target = compute.confirmation_share(400)
    assert target == pytest.approx(0.448, abs=0.001) and projection.target == target
    expected = (target - 0.2) / 0.01
    assert projection.month == pytest.approx(expected)
    assert projection.date == started + timedelta(days=round(expected * 365.25 / 12))
    assert projection.low_month is not None and projection.high_month is not None
    assert projection.low_month < expected < projection.high_month
    assert (
        "reaches 44.8% (where a wave of 400 answers would confirm fit)"
        in wording.projection_reason(projection)
    )
    assert projection.firm  # p < 0.001 on 800 answers: the rise is shown


@pytest.mark.parametrize(
    ("later", "per_year"),
    [(120, "+0.0 percentage points a year"), (100, "-6.0 percentage points a year")],
)
def test_flat_or_falling_trend_gives_no_projection(later: int, per_year: str) -> None:
    # 30% at month 0, then 30% (flat) or 25% (half a point a month down) at month 10.
    waves = waves_frame([0, 10], [400, 400], [120, later])
    trend, projection = compute.project_fit(waves, date(2025, 1, 1))
    assert trend is not None and not trend.rising
    assert wording.per_year_text(trend) == per_year
    assert projection.month is None and projection.date is None
    assert projection.low_month is None and projection.high_month is None
    assert "flat or falling" in wording.projection_reason(
        projection
    ) and per_year in wording.projection_reason(projection)


def test_one_wave_gives_no_trend() -> None:
    trend, projection = compute.project_fit(waves_frame([3], [50], [10]), date(2025, 1, 1))
    assert trend is None and projection.month is None
    assert "at least 2 waves" in wording.projection_reason(projection)


def test_crossings_beyond_the_horizon_are_infinite() -> None:
    months = compute.crossing_months(np.array([0.2, 0.2, 0.2]), np.array([0.01, 0.0, 0.001]))
    assert months[0] == pytest.approx(20.0)
    assert math.isinf(months[1]) and math.isinf(months[2])


def test_projection_draws_are_repeatable() -> None:
    first = compute.bootstrap_crossings([0, 10], [80, 120], [400, 400], draws=200)
    again = compute.bootstrap_crossings([0, 10], [80, 120], [400, 400], draws=200)
    assert np.array_equal(first, again) and first.shape == (200,)
    assert np.median(first) == pytest.approx(20.0, abs=2.0)


def test_the_projection_range_never_collapses_to_a_point() -> None:
    """Defect 3: waves at 0% and 100% have no resampling variance, so every resample used to
    cross at exactly month 4; each wave's share is now drawn from its Beta posterior."""
    crossings = compute.bootstrap_crossings([0, 10], [0, 50], [50, 50], draws=200)
    assert np.median(crossings) == pytest.approx(4.0, abs=0.5)
    low, high = np.quantile(crossings, rules.PROJECTION_RANGE.value)
    assert high - low > 0.25  # before: every resample crossed at exactly month 4
    # 0% at months 0 and 5 then 30% at month 10 (50 answers each): still a range.
    _, projection = compute.project_fit(waves_frame([0, 5, 10], [50] * 3, [0, 0, 15]), STARTED)
    assert projection.month is not None and projection.low_month < projection.high_month


def test_a_projection_never_lies_before_the_latest_wave() -> None:
    """Defect 3: 10%, 50% and 38% at months 0, 6 and 12 (100 answers each): the line crosses 40%
    at month 9.1, before the latest wave, whose share is still below the bar. The projection
    used to be dated there, in the past; it is now the latest wave at the earliest, and (issue
    18) never before the as-of date, and a trend that fell back below the bar is no path."""
    waves_ = waves_frame([0, 6, 12], [100, 100, 100], [10, 50, 38])
    assert compute.read_fit(waves_).level == "none"  # the latest reliable wave is below 40%
    trend, projection = compute.project_fit(waves_, date(2025, 1, 1))
    assert trend is not None
    crossing = (0.4 - trend.intercept) / trend.slope
    assert crossing == pytest.approx(9.14, abs=0.01)
    # To the confirming share (49.7% at 100 answers) the line gets at month 13.3, after month 12.
    assert projection.month == pytest.approx((0.497 - trend.intercept) / trend.slope, abs=0.05)
    assert projection.low_month is not None and projection.low_month >= 12.0
    assert "fell back below 40%" in wording.doubt_text(projection) and not projection.firm
    # As of month 15 (2026-04-01) nothing is projected before that day.
    _, late = compute.project_fit(waves_, date(2025, 1, 1), date(2026, 4, 1))
    as_of_month = compute.months_between(date(2025, 1, 1), date(2026, 4, 1))
    assert late.month == pytest.approx(as_of_month) and late.date == date(2026, 4, 1)
    assert late.low_month is not None and late.low_month >= as_of_month
    assert "no earlier than that" in wording.projection_reason(late)
    timeline = compute.judge_timeline(
        date(2025, 1, 1), date(2026, 4, 1), 24, waves=3, projection=late, trend=trend
    )
    assert timeline.status == "at risk" and "fell back" in wording.timeline_reason(timeline)


def test_waves_too_small_to_trust_do_not_steer_the_trend() -> None:
    """Defect 3: a wave of one respondent used to decide a two-wave trend; waves with fewer than
    the minimum answers are now left out of the trend, and named."""
    alone = compute.project_fit(waves_frame([0, 6], [200, 1], [40, 1]), date(2025, 1, 1))
    assert alone[0] is None and alone[1].month is None
    assert "Wave 2 has fewer than 30 answers: shown, but left out" in wording.projection_reason(
        alone[1]
    )
    # 20% and 30% at months 0 and 6 (100 answers each): a steady line, whatever wave 3 says.
    trend, projection = compute.project_fit(
        waves_frame([0, 6, 7], [100, 100, 1], [20, 30, 1]), date(2025, 1, 1)
    )
    assert trend is not None and trend.slope == pytest.approx(0.1 / 6)
    # The line, not wave 3, sets the month it reaches the confirming share (issue 18).
    assert projection.month == pytest.approx((compute.confirmation_share(100) - 0.2) * 60)
    assert "Wave 3 has fewer than 30 answers" in wording.projection_reason(projection)


@pytest.mark.parametrize(
    ("counts", "level", "confirming"),
    [
        ([(15, 50), (30, 50)], "confirmed", 2),  # 60%, lower bound 46.1%
        ([(15, 50), (23, 50)], "provisional", None),  # 46%, lower bound 33%
        ([(23, 50), (15, 50)], "none", None),  # the latest reliable wave fell back
        ([(30, 50), (1, 10)], "confirmed", 1),  # a small wave does not decide
        ([(6, 10), (7, 10)], "provisional", None),  # above the bar on too few answers
        ([(6, 10), (2, 10)], "none", None),
    ],
)
def test_fit_is_judged_on_the_latest_reliable_wave(
    counts: list[tuple[int, int]], level: str, confirming: int | None
) -> None:
    """Defect 6: provisional fit is never fit; a company above the bar on small waves only is
    provisional (it used to read "none", then be told the share "does not reach 40%")."""
    finding = compute.read_fit(scored_frame(counts))
    assert finding.level == level and finding.wave == confirming


def test_fit_is_dated_the_last_day_of_the_first_confirming_wave() -> None:
    """Defect 6: one fit date: the last day of the first wave that confirms fit, within the
    latest unbroken run of reliable waves at or above the bar (not the first day or the median
    day of the run's first wave, which may be only provisional)."""
    # 46% (provisional), 30%, 1 of 10 (too small to break the run), 44% (provisional),
    # 60% (confirmed), 46% (provisional again: the run still stands).
    counts = [(23, 50), (15, 50), (1, 10), (22, 50), (30, 50), (23, 50)]
    finding = compute.read_fit(scored_frame(counts))
    assert finding.level == "confirmed" and finding.wave == 5 and finding.judged_wave == 6
    assert finding.date == date(2025, 9, 7)  # wave 5 runs 2025-09-01 to 2025-09-07
    assert compute.read_fit(scored_frame(counts[:4])).level == "provisional"
    assert compute.read_fit(scored_frame(counts[:2])).level == "none"


# --------------------------------------------------------------------------------------------
# Status and buffer
# --------------------------------------------------------------------------------------------

STARTED = date(2024, 1, 1)  # 12-month mark 2025-01-01, 24-month mark 2026-01-01


def judge(as_of: date, runway: float | None = None, **facts) -> compute.FitTimeline:
    facts.setdefault("waves", 3)
    facts.setdefault("projection", None)
    return compute.judge_timeline(STARTED, as_of, runway, **facts)


def confirmed(day: date) -> compute.FitFinding:
    """Fit confirmed by wave 1 (60 of 100), dated ``day``."""
    return compute.FitFinding("confirmed", compute.sean_ellis(answers(60, 40)), 1, 1, day)


def provisional(very: int = 45, n: int = 100) -> compute.FitFinding:
    """Fit at the bar on wave 2 but not confirmed (45 of 100: lower bound 35.6%)."""
    return compute.FitFinding("provisional", compute.sean_ellis(answers(very, n - very)), 2)


def test_status_reached_and_buffer_counts_from_as_of() -> None:
    timeline = judge(date(2025, 3, 1), 12, fit=confirmed(date(2024, 12, 1)))
    assert timeline.status == "reached"
    assert timeline.months_to_fit == pytest.approx(335 / (365.25 / 12))
    assert timeline.runway_end == date(2026, 3, 1)
    assert timeline.buffer_months == pytest.approx(12.0)  # calendar months from as of
    assert timeline.buffer_flag is False


def test_buffer_counts_calendar_months() -> None:
    """Defect 7: a runway of exactly six months after fit counted 181 / 30.44 = 5.95 average
    months (February to August) and was flagged under six; calendar months give 6."""
    timeline = judge(date(2025, 2, 1), 6, fit=confirmed(date(2024, 12, 1)))
    assert timeline.runway_end == date(2025, 8, 1)
    assert timeline.buffer_months == 6.0 and timeline.buffer_flag is False
    assert compute.figures(timeline, None, confirmed(date(2024, 12, 1)), None, None)[
        "buffer_months"
    ] == pytest.approx(6.0)
    assert compute.calendar_months_between(date(2025, 1, 31), date(2025, 2, 28)) == 1.0
    assert compute.calendar_months_between(date(2025, 1, 1), date(2025, 1, 16)) == 15 / 31
    assert compute.calendar_months_between(date(2025, 3, 1), date(2025, 1, 1)) == -2.0


def test_a_short_runway_when_overdue_or_at_risk_gets_runway_advice() -> None:
    """Defect 7: an overdue or at-risk company without a fit date in sight and with a short
    runway used to read only "buffer not defined"; it now gets a critical runway
    recommendation, and the buffer says the runway is short."""
    overdue = judge(date(2026, 3, 1), 4, projection=projection_at(None))
    at_risk = judge(date(2025, 6, 1), 3, projection=projection_at(None))
    assert (overdue.status, at_risk.status) == ("overdue", "at risk")
    for timeline in (overdue, at_risk):
        assert timeline.buffer_months is None and timeline.runway_short
        advice = ttpmf.advice.recommend(
            timeline=timeline, trajectory=None, segment_analysis=None, retention=None
        )
        runway = next(r for r in advice if r.topic == "runway")
        assert runway.severity == Severity.CRITICAL
        assert "not defined" not in present.buffer_text(timeline)
        assert "can only be shorter" in present.buffer_text(timeline)
        check = checks.buffer_check(timeline)
        assert check.outcome == "fail" and "runway" in check.reason
    roomy = judge(date(2025, 6, 1), 12, projection=projection_at(None))
    assert not roomy.runway_short and "not defined" in present.buffer_text(roomy)


def test_status_on_track() -> None:
    projection = projection_at(date(2025, 6, 1), late=date(2025, 12, 1))
    timeline = judge(date(2024, 10, 1), 24, projection=projection)
    assert timeline.status == "on track" and "Caution" not in wording.timeline_reason(timeline)
    assert timeline.runway_end == date(2026, 10, 1)
    assert timeline.buffer_months == pytest.approx(16.0)  # 2025-06-01 → 2026-10-01
    assert not timeline.buffer_flag


def test_on_track_warns_when_the_range_ends_past_the_window() -> None:
    wide = judge(
        date(2024, 10, 1), 36, projection=projection_at(date(2025, 6, 1), date(2026, 2, 1))
    )
    assert (
        wide.status == "on track"
        and "range (2026-02-01) falls outside" in wording.timeline_reason(wide)
    )
    open_ended = judge(date(2024, 10, 1), 36, projection=projection_at(date(2025, 6, 1)))
    assert "beyond 120 months" in wording.timeline_reason(open_ended)


def test_status_at_risk_when_projected_after_24_months() -> None:
    timeline = judge(date(2024, 10, 1), 36, projection=projection_at(date(2026, 3, 1)))
    assert timeline.status == "at risk" and "24-month mark" in wording.timeline_reason(timeline)


def test_status_at_risk_when_projected_after_the_runway() -> None:
    timeline = judge(date(2024, 10, 1), 6, projection=projection_at(date(2025, 10, 1)))
    assert timeline.status == "at risk" and "runway ends" in wording.timeline_reason(timeline)
    assert timeline.buffer_months is not None and timeline.buffer_months < 0
    assert timeline.buffer_flag is True


def test_status_at_risk_when_the_trend_does_not_rise() -> None:
    timeline = judge(date(2024, 10, 1), 24, projection=projection_at(None))
    assert timeline.status == "at risk"
    assert timeline.buffer_months is None and timeline.buffer_flag is None


def test_status_overdue_past_24_months_without_fit() -> None:
    timeline = judge(date(2026, 1, 2), 24, waves=1, projection=projection_at(date(2026, 6, 1)))
    assert timeline.status == "overdue"
    assert judge(date(2026, 1, 1), 24, projection=projection_at(None)).status == "at risk"


def test_status_insufficient_data() -> None:
    assert judge(date(2024, 10, 1), waves=0).status == "insufficient data"
    assert judge(date(2027, 1, 1), waves=0).status == "insufficient data"
    assert judge(date(2024, 10, 1), waves=1).status == "insufficient data"
    assert judge(date(2024, 10, 1), waves=3, trend_waves=1).status == "insufficient data"


def test_provisional_fit_is_never_reached() -> None:
    """Defect 6: a share at the bar whose interval's lower bound is under it used to give
    status "reached"; it is judged on confirming fit instead: on track within the window, at
    risk past the 24-month mark or with a runway shorter than the marketing buffer."""
    on_track = judge(
        date(2025, 6, 1), 24, fit=provisional(), projection=projection_at(date(2025, 3, 1))
    )
    assert on_track.status == "on track" and on_track.fit == "provisional"
    assert on_track.fit_date is None and on_track.projection is None
    assert "Fit is provisional" in wording.timeline_reason(
        on_track
    ) and "(35.6%)" in wording.timeline_reason(on_track)
    assert on_track.buffer_months == pytest.approx(24.0)  # counted from the as-of date
    late = judge(date(2026, 2, 1), 24, fit=provisional())
    assert late.status == "at risk" and "past the 24-month mark" in wording.timeline_reason(late)
    short = judge(date(2025, 6, 1), 4, fit=provisional())
    assert short.status == "at risk" and short.runway_short
    # Issue 18: at the bar on 10 answers is no evidence either way: never a green status.
    small = judge(date(2025, 6, 1), 24, fit=provisional(7, 10))
    assert small.status != "on track" and small.fit == "none"
    thin = judge(date(2025, 6, 1), 24, fit=provisional(2, 3), waves=1, trend_waves=0)
    assert thin.status == "insufficient data"


def test_buffer_flag_below_six_months_even_on_track() -> None:
    timeline = judge(
        date(2024, 10, 1), 10, projection=projection_at(date(2025, 6, 1), date(2025, 7, 1))
    )
    assert timeline.status == "on track"
    assert timeline.runway_end == date(2025, 8, 1)
    assert timeline.buffer_months == pytest.approx(2.0)
    assert timeline.buffer_flag is True
    assert "below the 6 months" in present.buffer_text(timeline)


def test_buffer_not_defined_without_runway() -> None:
    timeline = judge(date(2024, 10, 1), None, projection=projection_at(date(2025, 6, 1)))
    assert timeline.buffer_months is None and timeline.buffer_flag is None
    assert "runway_months" in present.buffer_text(timeline)


def test_timeline_milestones_are_in_date_order() -> None:
    projection = compute.Projection(15.0, date(2025, 4, 1), 13.0, None, date(2025, 2, 1), None)
    timeline = judge(date(2024, 10, 1), 12, projection=projection)
    milestones = present.timeline_milestones(timeline)
    assert list(milestones["milestone"]) == [
        "Started",
        "As of",
        "12-month mark",
        "Projected fit",
        "Runway end",
        "24-month mark",
    ]
    projected = milestones.set_index("milestone").loc["Projected fit"]
    assert projected["note"] == "95% range 2025-02-01 to beyond the horizon"
    assert pd.isna(projected["range_end"])


# --------------------------------------------------------------------------------------------
# The whole assessment
# --------------------------------------------------------------------------------------------


def test_assess_without_optional_files_explains_what_to_add(make_company, data_dir: Path) -> None:
    make_company("bare")
    result = ttpmf.assess(io.load_company("bare", data_dir))
    assert result.status == "insufficient data"
    assert result.trajectory is None and result.retention is None
    assert "pmf_survey.csv" in result.missing["pmf_survey.csv"]
    assert "retention.csv" in result.missing["retention.csv"]
    assert present.score_markdown(result) == result.missing["pmf_survey.csv"]
    assert present.retention_markdown(result) == result.missing["retention.csv"]
    assert present.waves_table(result).empty and present.segments_table(result).empty
    assert present.benefits_table(result).empty and present.retention_table(result).empty
    assert present.timeline_table(result)["Milestone"].iloc[0] == "Started"
    assert [r.title for r in result.recommendations] == [
        "Run the Sean Ellis survey in waves (every month or two) to active users"
    ]
    assert charts.timeline_chart(result.timeline).to_dict()["title"]


def survey_csv(rows: list[tuple[str, str, str]]) -> str:
    lines = ["respondent_id,submitted_at,answer,segment,main_benefit,improvement"]
    lines += [f"r{i},{day},{answer},{segment},," for i, (day, answer, segment) in enumerate(rows)]
    return "\n".join(lines) + "\n"


def test_assess_end_to_end_from_files(make_company, data_dir: Path) -> None:
    rows = (
        [("2025-03-03", a, "teams") for a in answers(very=10, somewhat=25, not_=5, na=2)]
        + [("2025-06-02", a, "teams") for a in ["Very disappointed"] * 30 + ["somewhat"] * 10]
        + [("2025-08-01", "very", "teams")]  # after as_of: left out
    )
    # Cohorts whose periods have all ended by the as-of date (later ones would be censored).
    cohorts = {"2024-11-01": [100, 50, 45, 44, 44, 44, 44], "2024-12-01": [100, 60, 52, 51, 51, 51]}
    retention = "cohort,period,active_users\n" + "".join(
        f"{cohort},{period},{active}\n"
        for cohort, actives in cohorts.items()
        for period, active in enumerate(actives)
    )
    folder = make_company("full", {"pmf_survey.csv": survey_csv(rows), "retention.csv": retention})
    config = (folder / "company.yaml").read_text(encoding="utf-8")
    (folder / "company.yaml").write_text(
        config + "as_of: 2025-07-01\nrunway_months: 4\n", encoding="utf-8"
    )

    result = ttpmf.assess(io.load_company("full", data_dir))
    assert result.answers_after_as_of == 1
    assert list(present.waves_table(result)["Share very disappointed"]) == ["25.0%", "75.0%"]
    assert list(present.waves_table(result)["Fit"]) == ["not reached", "confirmed"]
    assert result.status == "reached"
    assert result.timeline.fit_date == date(2025, 6, 2)
    assert result.timeline.buffer_months == 4.0  # 2025-07-01 to 2025-11-01
    assert result.timeline.buffer_flag is True
    first = result.recommendations[0]
    assert (first.severity, first.topic) == (Severity.CRITICAL, "runway")
    assert all(r.topic != "scale" for r in result.recommendations)
    assert result.retention is not None and result.retention.shape.verdict == "flattens"
    assert "**TTPMF status: reached**" in present.status_markdown(result)


def test_charts_take_aggregated_parts_and_have_titles(make_company, data_dir: Path) -> None:
    rows = [("2025-03-03", a, "teams") for a in answers(very=10, somewhat=25)] + [
        ("2025-05-05", a, "solo") for a in answers(very=14, somewhat=21)
    ]
    make_company("charted", {"pmf_survey.csv": survey_csv(rows)})
    result = ttpmf.assess(io.load_company("charted", data_dir))
    assert result.trajectory is not None and result.segments is not None
    built = [
        charts.wave_scores_chart(result.trajectory),
        charts.segment_scores_chart(result.segments),
        charts.trajectory_chart(result.trajectory),
        charts.trajectory_chart(result.trajectory, fit_date=date(2025, 5, 5)),
        charts.timeline_chart(result.timeline),
    ]
    for chart in built:
        spec = chart.to_dict()
        assert spec["title"]
        rows_embedded = sum(len(v) for v in spec.get("datasets", {}).values())
        assert 0 < rows_embedded < 50
    assert set(charts.ttpmf.__all__) <= set(dir(charts))


# --------------------------------------------------------------------------------------------
# The result protocol: frozen, figures, missing files, ranked advice
# --------------------------------------------------------------------------------------------

REQUIRED_FIGURES = set(registry.get("ttpmf").figures)
WAVE_KEYS = {"start", "end", "n", "share", "ci_low", "ci_high"}


def check_protocol(result: ttpmf.TTPMFResult) -> dict:
    """Assert what every TTPMF result promises tools, and return it as JSON-ready data."""
    assert result.status in rules.STATUSES
    assert result.summary and "\n" not in result.summary and "**" not in result.summary
    figures = result.figures
    assert set(figures) >= REQUIRED_FIGURES
    assert figures["fit"] in rules.FIT_LEVELS
    assert figures["retention_shape"] in (*rules.RETENTION_SHAPES, None)
    for wave in figures["waves"]:
        assert set(wave) >= WAVE_KEYS
        assert isinstance(wave["start"], date) and isinstance(wave["end"], date)
        assert type(wave["n"]) is int
        for key in ("share", "ci_low", "ci_high"):
            assert wave[key] is None or type(wave[key]) is float
    for key in ("fit_date", "projected_fit_date"):
        assert figures[key] is None or isinstance(figures[key], date)
    for key in ("months_elapsed", "buffer_months"):
        assert figures[key] is None or type(figures[key]) is float
    span = figures["projected_fit_range"]
    assert span is None or (len(span) == 2 and figures["projected_fit_date"] is not None)
    for check in result.checks:
        assert check.outcome in ("pass", "warn", "fail", "not assessed") and check.reason
    for recommendation in result.recommendations:
        assert "**" not in recommendation.reason and "\n" not in recommendation.reason
    severities = [r.severity for r in result.recommendations]
    assert severities == sorted(severities, reverse=True)
    assert len(severities) <= results.MAX_RECOMMENDATIONS
    data = results.to_dict(result)
    return json.loads(json.dumps(data, allow_nan=False))  # no NaN, nothing JSON cannot carry


def test_the_result_is_frozen(make_company, data_dir: Path) -> None:
    make_company("bare")
    result = ttpmf.assess(io.load_company("bare", data_dir))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.status = "reached"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.recommendations = ()  # type: ignore[misc]
    assert isinstance(result, results.AssessmentResult)


def test_bare_company_figures_and_missing_files(make_company, data_dir: Path) -> None:
    make_company("bare")
    result = ttpmf.assess(io.load_company("bare", data_dir))
    data = check_protocol(result)
    assert set(result.missing) == {"pmf_survey.csv", "retention.csv"}
    assert data["figures"]["waves"] == [] and data["figures"]["fit"] == "none"
    assert data["figures"]["retention_shape"] is None and data["figures"]["buffer_months"] is None
    assert data["figures"]["months_elapsed"] > 0
    assert [c["outcome"] for c in data["checks"]] == ["not assessed"] * 5  # survivorship too


def test_missing_names_only_the_absent_file(make_company, data_dir: Path) -> None:
    rows = [("2025-03-03", a, "teams") for a in answers(very=10, somewhat=25)]
    make_company("survey-only", {"pmf_survey.csv": survey_csv(rows)})
    result = ttpmf.assess(io.load_company("survey-only", data_dir))
    assert set(result.missing) == {"retention.csv"}
    assert "retention.csv" in result.missing["retention.csv"]
    assert present.retention_markdown(result) == result.missing["retention.csv"]
    check_protocol(result)


def test_a_survey_dated_after_as_of_counts_as_missing(make_company, data_dir: Path) -> None:
    rows = [("2025-09-01", a, "teams") for a in answers(very=10, somewhat=25)]
    folder = make_company("future", {"pmf_survey.csv": survey_csv(rows)})
    config = (folder / "company.yaml").read_text(encoding="utf-8")
    (folder / "company.yaml").write_text(config + "as_of: 2025-07-01\n", encoding="utf-8")
    result = ttpmf.assess(io.load_company("future", data_dir))
    assert result.trajectory is None and result.answers_after_as_of == 35
    assert "no answers dated on or before 2025-07-01" in result.missing["pmf_survey.csv"]
    assert present.score_markdown(result) == result.missing["pmf_survey.csv"]


def company_with(make_company, slug: str, rows: list[tuple[str, str, str]], extra: str) -> Path:
    """A company folder with the survey rows and extra company.yaml lines."""
    folder = make_company(slug, {"pmf_survey.csv": survey_csv(rows)})
    config = (folder / "company.yaml").read_text(encoding="utf-8")
    (folder / "company.yaml").write_text(config + extra, encoding="utf-8")
    return folder


def test_provisional_fit_end_to_end(make_company, data_dir: Path) -> None:
    """Defect 6: 20 of 40 (Wilson 35.2%–64.8%) used to give status "reached", a fit date and
    advice to move to marketing; provisional fit now gives neither, in the JSON too."""
    rows = [("2025-03-03", a, "teams") for a in answers(very=10, somewhat=25, not_=5)] + [
        ("2025-06-02", a, "teams") for a in answers(very=20, somewhat=20)
    ]
    company_with(make_company, "figures", rows, "as_of: 2025-07-01\nrunway_months: 12\n")
    result = ttpmf.assess(io.load_company("figures", data_dir))
    figures = result.figures
    assert [(w["start"], w["n"]) for w in figures["waves"]] == [
        (date(2025, 3, 3), 40),
        (date(2025, 6, 2), 40),
    ]
    assert [w["share"] for w in figures["waves"]] == pytest.approx([0.25, 0.5])
    assert figures["waves"][1]["ci_low"] == pytest.approx(0.352, abs=5e-4)
    assert figures["fit"] == "provisional" and figures["fit_date"] is None
    assert result.status == "on track" and "provisional" in result.summary
    assert figures["months_elapsed"] == pytest.approx(result.timeline.elapsed_months)
    assert figures["buffer_months"] == pytest.approx(12.0)  # the runway left after as of
    assert figures["projected_fit_date"] is None and figures["projected_fit_range"] is None
    assert figures["retention_shape"] is None
    data = check_protocol(result)
    assert data["status"] == "on track" and data["figures"]["fit_date"] is None
    assert data["checks"][0]["outcome"] == "warn"
    assert data["checks"][0]["reason"].startswith(
        "Fit is provisional: wave 2 stands at 50.0% very disappointed, at or above 40%, but the "
        "lower bound of its 95% interval (35.2%) is under the bar."
    )
    topics = [r["topic"] for r in data["recommendations"]]
    assert "scale" not in topics and topics[0] == "confirm-fit"
    assert "Fit confirmed" not in present.timeline_table(result)["Milestone"].tolist()


def test_above_the_bar_is_judged_on_confirming_fit(make_company, data_dir: Path) -> None:
    """Defect 3: shares falling from 70% to 50% (above the bar throughout, on waves too small
    to confirm it) used to be told "does not reach 40%" and "at risk"; such a company is
    judged on confirming fit, with no crossing projected."""
    rows = [("2025-03-03", a, "teams") for a in answers(very=14, somewhat=6)] + [
        ("2025-06-02", a, "teams") for a in answers(very=10, somewhat=10)
    ]
    company_with(make_company, "above", rows, "as_of: 2025-07-01\n")
    result = ttpmf.assess(io.load_company("above", data_dir))
    data = check_protocol(result)
    # Issue 18: above the bar on waves of 20 is no evidence: not "on track" (green).
    assert data["figures"]["fit"] == "provisional" and data["status"] == "insufficient data"
    assert data["figures"]["projected_fit_date"] is None
    assert data["figures"]["trend_left_out"] == [1, 2]
    everything = json.dumps(data) + present.trajectory_markdown(result)
    assert "does not reach" not in everything
    assert "judged on confirming fit" in present.trajectory_markdown(result)
    assert "rests on 20 answers" in data["checks"][0]["reason"]


def test_the_fit_date_is_the_same_everywhere(make_company, data_dir: Path) -> None:
    """Defect 6: one fit-date definition (the last day of the first wave that confirms fit)
    in the figures, the checks, the prose, the timeline and the chart. Wave 1 (45 of 100) is
    only provisional; wave 2 (60 of 100, answered 2 to 6 June) confirms fit."""
    rows = (
        [("2025-03-03", a, "teams") for a in answers(very=45, somewhat=55)]
        + [("2025-06-02", a, "teams") for a in answers(very=30, somewhat=20)]
        + [("2025-06-06", a, "teams") for a in answers(very=30, somewhat=20)]
    )
    company_with(make_company, "dated", rows, "as_of: 2025-07-01\nrunway_months: 18\n")
    result = ttpmf.assess(io.load_company("dated", data_dir))
    data = check_protocol(result)
    assert data["figures"]["fit"] == "confirmed" and data["figures"]["fit_wave"] == 2
    assert data["figures"]["fit_date"] == "2025-06-06"
    assert data["status"] == "reached"
    assert "2025-06-06" in data["checks"][0]["reason"] and "2025-06-06" in data["summary"]
    assert "2025-06-06" in present.trajectory_markdown(result)
    milestones = present.timeline_table(result).set_index("Milestone")
    assert milestones.loc["Fit confirmed", "Date"] == "2025-06-06"
    assert milestones.loc["Fit confirmed", "Note"] == rules.FIT_DATE.value
    assert rules.FIT_DATE.value in present.sean_ellis_intro()
    spec = charts.trajectory_chart(result.trajectory, result.timeline.fit_date).to_dict()
    assert "2025-06-06" in json.dumps(spec)


@pytest.mark.parametrize("slug", io.list_companies(), ids=str)
def test_every_sample_company_keeps_the_protocol(slug: str) -> None:
    result = ttpmf.assess(io.load_company(slug))
    data = check_protocol(result)
    if result.timeline.projection is not None and result.timeline.projection.date is not None:
        low, high = data["figures"]["projected_fit_range"]
        assert low is not None and low <= data["figures"]["projected_fit_date"]
        assert high is None or high >= data["figures"]["projected_fit_date"]


def test_recommendations_are_ranked_by_severity_and_capped() -> None:
    # Overdue, runway ending a month after the projected fit, retention that keeps falling and
    # a segment that stands out: five findings, of which the three most severe are kept.
    timeline = judge(date(2026, 1, 2), 3, projection=projection_at(date(2026, 3, 1)))
    assert timeline.status == "overdue" and timeline.buffer_flag
    months = pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01"])
    decaying = pd.DataFrame(
        [(m, p, round(100 * 0.7**p)) for m in months for p in range(6)],
        columns=["cohort", "period", "active_users"],
    )
    survey = fans_survey()
    analysis = compute.analyse_segments(survey, compute.segment_scores(survey))
    waves = compute.wave_scores(survey, STARTED)
    advice = ttpmf.advice.recommend(
        timeline=timeline,
        trajectory=compute.Trajectory(STARTED, waves, None, None),
        segment_analysis=analysis,
        retention=compute.analyse_retention(decaying),
    )
    # Issue 18: one ranking by impact: severity, then what the finding blocks (fit first).
    assert [(r.severity, r.title.split()[0], r.topic) for r in advice] == [
        (Severity.CRITICAL, "Reinvent", "reach-fit"),
        (Severity.CRITICAL, "Extend", "runway"),
        (Severity.HIGH, "Find", "retention"),
    ]
    without_retention = ttpmf.advice.recommend(
        timeline=judge(date(2025, 3, 1), 24, fit=confirmed(date(2024, 12, 1))),
        trajectory=compute.Trajectory(STARTED, waves, None, None),
        segment_analysis=analysis,
        retention=None,
    )
    # Issue 18: without retention data scaling is never advised; measuring retention is.
    assert [(r.severity, r.topic) for r in without_retention] == [
        (Severity.MEDIUM, "measure"),
        (Severity.MEDIUM, "acquisition"),
    ]
    assert without_retention[0].title.startswith("Measure retention")
    assert all(r.topic in coherence.TOPICS for r in (*advice, *without_retention))


@dataclasses.dataclass(frozen=True)
class Belonging:
    """A stand-in for the belonging result: its status and its recommendations."""

    status: str
    recommendations: tuple[Recommendation, ...] = ()


def holding_cohorts() -> pd.DataFrame:
    """Three cohorts of 100 whose retention flattens at 44% (scaling needs retention that holds)."""
    months = pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"])
    kept = [100, 50, 45, 44, 44, 44, 44]
    rows = [(m, p, a) for m in months for p, a in enumerate(kept)]
    return pd.DataFrame(rows, columns=["cohort", "period", "active_users"])


def holding_csv() -> str:
    """:func:`holding_cohorts` as a retention.csv."""
    return "cohort,period,active_users\n" + "".join(
        f"{c:%Y-%m-%d},{p},{a}\n" for c, p, a in holding_cohorts().itertuples(index=False)
    )


def advice_for(
    fit: compute.FitFinding, belonging: Belonging | None, network_effects: bool = False
) -> tuple[Recommendation, ...]:
    """TTPMF advice for a company 15 months in with two years of runway and the given fit."""
    timeline = judge(date(2025, 4, 1), 24, fit=fit)
    return ttpmf.advice.recommend(
        timeline=timeline,
        trajectory=compute.Trajectory(STARTED, scored_frame([(60, 100)]), None, None),
        segment_analysis=None,
        retention=compute.analyse_retention(holding_cohorts()),
        belonging=belonging,
        network_effects=network_effects,
    )


def topics(advice: tuple[Recommendation, ...]) -> list[tuple[Severity, str]]:
    return [(r.severity, r.topic) for r in advice]


def test_scaling_needs_confirmed_fit_and_a_community_that_holds() -> None:
    """Cross-assessment rules: advice to scale only with confirmed fit and belonging not weak
    (strong for a networked product, which must have its belonging assessed); provisional fit
    with weak belonging means strengthening the community while confirming fit."""
    fit = confirmed(date(2025, 1, 1))
    assert topics(advice_for(fit, Belonging("strong"))) == [(Severity.LOW, "scale")]
    assert topics(advice_for(fit, Belonging("developing"))) == [(Severity.LOW, "scale")]
    assert topics(advice_for(fit, Belonging("weak"))) == [(Severity.HIGH, "strengthen-community")]
    assert topics(advice_for(fit, Belonging("not assessed"), network_effects=True)) == [
        (Severity.HIGH, "rebuild-community")
    ]
    assert topics(advice_for(fit, Belonging("weak"), network_effects=True)) == [
        (Severity.HIGH, "rebuild-community")
    ]
    assert topics(advice_for(fit, Belonging("developing"), network_effects=True)) == [
        (Severity.MEDIUM, "strengthen-community")
    ]
    assert topics(advice_for(fit, Belonging("strong"), network_effects=True)) == [
        (Severity.LOW, "scale")
    ]
    # The belonging assessment itself asks to strengthen the community first: no scaling.
    asked = Recommendation(Severity.HIGH, "Repair trust", "…", "strengthen-community")
    held = advice_for(fit, Belonging("developing", (asked,)))
    assert topics(held) == [(Severity.MEDIUM, "strengthen-community")]
    assert coherence.contradictions([*held, asked]) == []

    assert topics(advice_for(provisional(), Belonging("weak"))) == [
        (Severity.HIGH, "strengthen-community")
    ]
    assert topics(advice_for(provisional(), Belonging("strong"))) == [
        (Severity.HIGH, "confirm-fit")
    ]
    assert topics(advice_for(compute.FitFinding(), None)) == [(Severity.HIGH, "reach-fit")]


def test_assess_receives_or_computes_the_belonging_result(make_company, data_dir: Path) -> None:
    """``assess(company, belonging=…)`` uses the result it is given (the registry's), and
    computes belonging itself when fit is at or above the bar and none is given."""
    rows = [("2025-03-03", a, "teams") for a in answers(very=30, somewhat=10)]
    folder = company_with(make_company, "fit", rows, "as_of: 2025-07-01\nrunway_months: 24\n")
    (folder / "retention.csv").write_text(holding_csv(), encoding="utf-8")  # users stay
    company = io.load_company("fit", data_dir)
    weak = ttpmf.assess(company, belonging=Belonging("weak"))
    assert weak.figures["belonging_level"] == "weak" and weak.status == "reached"
    assert "scale" not in [r.topic for r in weak.recommendations]
    assert "strengthen-community" in [r.topic for r in weak.recommendations]
    computed = ttpmf.assess(company)
    assert computed.figures["belonging_level"] == "not assessed"  # no community data
    assert "scale" in [r.topic for r in computed.recommendations]
    registry_result = registry.assess_company(company, only=["ttpmf"])["ttpmf"]
    assert registry_result.figures["belonging_level"] == "not assessed"


# --------------------------------------------------------------------------------------------
# Rules as data: the thresholds table and the prose follow the rules
# --------------------------------------------------------------------------------------------


def test_thresholds_table_lists_every_rule() -> None:
    table = present.thresholds_table()
    assert list(table.columns) == ["Rule", "Value", "Why"]
    declared = rules.all_rules()
    assert list(table["Rule"]) == [rule.label for rule in declared]
    assert list(table["Value"]) == [rule.text for rule in declared]
    assert table.set_index("Rule").loc["Fit bar (Sean Ellis)", "Value"] == "40% very disappointed"
    assert table.set_index("Rule").loc["Flat trend", "Value"] == (
        "rises 1.2 percentage points a year or less"
    )
    assert table["Why"].str.len().min() > 20


PROSE = [
    present.time_to_fit_intro,
    present.sean_ellis_intro,
    present.segments_intro,
    present.retention_intro,
    present.trajectory_intro,
    present.timeline_intro,
    present.status_intro,
]


def test_a_changed_rule_changes_the_table_the_prose_and_the_verdict(monkeypatch) -> None:
    before = {f.__name__: f() for f in PROSE}
    assert "40%" in before["sean_ellis_intro"] and "21 days" in before["sean_ellis_intro"]
    assert "1–2 years" in before["time_to_fit_intro"]
    assert compute.fit_label(0.45, 0.35, 100) == "provisional"

    monkeypatch.setattr(rules, "FIT_THRESHOLD", dataclasses.replace(rules.FIT_THRESHOLD, value=0.5))
    monkeypatch.setattr(waves, "WAVE_GAP_DAYS", dataclasses.replace(waves.WAVE_GAP_DAYS, value=14))
    monkeypatch.setattr(
        rules, "FIT_DEADLINE_MONTHS", dataclasses.replace(rules.FIT_DEADLINE_MONTHS, value=36)
    )
    monkeypatch.setattr(
        rules, "FLAT_TREND_SLOPE", dataclasses.replace(rules.FLAT_TREND_SLOPE, value=0.002)
    )
    table = present.thresholds_table().set_index("Rule")["Value"]
    assert table["Fit bar (Sean Ellis)"] == "50% very disappointed"
    assert table["Survey waves"] == "answer days at most 14 days apart form one wave"
    assert table["Flat trend"] == "rises 2.4 percentage points a year or less"
    after = {f.__name__: f() for f in PROSE}
    assert "50%" in after["sean_ellis_intro"] and "40%" not in after["sean_ellis_intro"]
    assert "14 days" in after["sean_ellis_intro"]
    assert "1–3 years" in after["time_to_fit_intro"] and "36-month" in after["time_to_fit_intro"]
    assert "more than 36 months" in after["status_intro"] and "50%" in after["status_intro"]
    assert "2.4 percentage points a year" in after["trajectory_intro"]
    assert "50%" in present.fit_rule_text()
    assert compute.fit_label(0.45, 0.35, 100) == "not reached"  # the verdict follows the rule
    dates = pd.Series(pd.to_datetime(["2025-01-01", "2025-01-16"]))
    assert list(waves.assign_waves(dates).numbers) == [1, 2]


def test_the_prose_documents_every_status_and_retention_shape() -> None:
    retention = present.retention_intro()
    for word in rules.RETENTION_SHAPES:
        assert f"**{word}**" in retention
    status = present.status_intro()
    for word in rules.STATUSES:
        assert f"**{word}**" in status
    assert set(rules.STATUSES) == set(registry.get("ttpmf").statuses)


def test_importing_the_assessment_stays_light() -> None:
    code = (
        "import sys, workbook.ttpmf; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'altair', 'pandera'}), "
        "'scipy.stats' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["[]", "False"]


def test_a_short_runway_is_flagged_with_a_shape_not_an_emoji() -> None:
    result = ttpmf.assess(io.load_company("snapplate"))
    assert result.timeline.buffer_flag or result.timeline.runway_short
    text = present.status_markdown(result)
    assert '<svg class="wbs-mark"' in text and 'aria-label="short marketing buffer"' in text
    assert "\u26a0" not in text and "\ufe0f" not in text


def test_a_passing_time_check_speaks_of_time_not_of_fit_again():
    """With a provisional fit the fit check warns; the time check beside it says how the clock
    stands, without repeating the fit check's reason (which read as a second verdict)."""
    result = registry.assess_company(io.load_company("stallhop"))["ttpmf"]
    by_name = {check.name: check for check in result.checks}
    fit, time = by_name["Sean Ellis fit"], by_name["Time to fit"]
    assert fit.outcome == "warn" and result.fit.level == "provisional"
    # Issue 18: stallhop's share stalls (35.6 → 40.3 → 42.3 → 42.8%): the clock warns.
    assert time.outcome == "warn" and "not shown to be still rising" in time.reason
    assert fit.reason not in time.reason
    assert "months since the start, within the 24-month window" in time.reason


#: The TTPMF modules in the one order they may import each other (a module imports only those
#: of a lower layer): rules, the compute side, the sentences, advice and checks, the pages, and
#: the wiring of :func:`workbook.ttpmf.assess`.
TTPMF_LAYERS = {
    "rules": 0,
    "dates": 1,
    "survey": 2,
    "trajectory": 3,
    "retention": 4,
    "segments": 4,
    "timeline": 5,
    "compute": 6,
    "wording": 7,
    "advice": 8,
    "checks": 8,
    "prose": 9,
    "present": 10,
    "assess": 11,
}
#: The compute side: numbers, enums and frozen dataclasses, no sentence formatting.
TTPMF_COMPUTE = (
    "rules",
    "dates",
    "survey",
    "trajectory",
    "retention",
    "segments",
    "timeline",
    "compute",
)


def _ttpmf_imports(name: str) -> tuple[set[str], set[str]]:
    """The ``workbook.ttpmf`` modules one module imports (any import statement, at any depth)
    and the other ``workbook`` modules it imports, read from its source."""
    import ast

    source = Path(ttpmf.__file__).with_name(f"{name}.py").read_text(encoding="utf-8")
    own, other = set(), set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        for target in targets:
            parts = target.split(".")
            if parts[:2] == ["workbook", "ttpmf"] and len(parts) > 2 and parts[2] in TTPMF_LAYERS:
                own.add(parts[2])
            elif parts[0] == "workbook" and len(parts) > 1:
                other.add(parts[1])
    return own, other


def test_ttpmf_modules_import_in_one_direction_and_compute_writes_no_sentences() -> None:
    """Each module of the package imports only modules of a lower layer (rules, compute side,
    wording, advice and checks, pages, the wiring), so compute never reaches advice or the
    pages and no cycle can form; the compute side neither formats numbers into text nor
    imports the assessment's sentences, and every module stays under about 600 lines."""
    package = Path(ttpmf.__file__).parent
    assert {p.stem for p in package.glob("*.py")} - {"__init__", "inputs", "card"} == set(
        TTPMF_LAYERS
    )
    for name, layer in TTPMF_LAYERS.items():
        own, other = _ttpmf_imports(name)
        upward = {m for m in own if TTPMF_LAYERS[m] >= layer and m != name}
        assert not upward, f"{name} imports {sorted(upward)} of its own or a later layer"
        if name in TTPMF_COMPUTE:
            assert "format" not in other, f"{name} formats text on the compute side"
        lines = (package / f"{name}.py").read_text(encoding="utf-8").count("\n")
        assert lines <= 630, f"{name}.py has {lines} lines"


#: Words of the tool, not of the founder's question: the data contract's file names, module
#: paths, the notebook machinery, the projection's statistics. None may appear in the page's
#: reading path (they belong in the folded method, the footer or advice on missing data).
ENGINEERING_WORDS = (
    "company.yaml",
    ".csv",
    "workbook.",
    "workbook ",
    "notebook",
    "papermill",
    "jeffreys",
    "seed",
)


@pytest.mark.parametrize("slug", io.list_companies(), ids=str)
def test_every_section_opens_with_a_finding_in_the_founders_words(slug: str) -> None:
    """Each numbered section of the page (1–7) opens with a one-line finding computed from the
    result, the first one stating both clocks (months since the start against the window, and
    the runway left); and nothing the reading path shows (the verdict, the findings, the
    sections' Markdown and tables) uses the tool's own words."""
    company = io.load_company(slug)
    result = ttpmf.assess(company)
    found = present.section_findings(result).by_section
    assert set(found) == set(range(1, 8))
    assert all(text and "\n" not in text for text in found.values())
    timeline = result.timeline
    assert found[1].startswith(f"{fmt.number(timeline.elapsed_months)} months since the start")
    assert f"{fmt.number(timeline.runway_left)} months of runway left" in found[1]
    shown = [
        result.summary,
        present.header(company, result),
        *[check.reason for check in result.checks],
        *[f"{r.title} {r.reason}" for r in result.recommendations],
        *found.values(),
        *[
            function(result)
            for function in (
                present.score_markdown,
                present.segment_markdown,
                present.benefits_markdown,
                present.improvements_markdown,
                present.retention_markdown,
                present.trajectory_markdown,
                present.status_markdown,
            )
        ],
        *[
            table(result).to_csv()
            for table in (
                present.waves_table,
                present.segments_table,
                present.benefits_table,
                present.improvements_table,
                present.retention_table,
                present.timeline_table,
            )
        ],
        present.timeline_intro(),
    ]
    for text in shown:
        lowered = text.lower()
        assert not [w for w in ENGINEERING_WORDS if w in lowered], text
