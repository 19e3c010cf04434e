"""Unit tests for workbook.belonging: worked examples with hand-computed expectations."""

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

from workbook import belonging, charts, coherence, io, registry, results, waves
from workbook.belonging import alpha as alpha_module
from workbook.belonging import compute, health, present, rules, wording
from workbook.results import Check, Severity
from workbook.stats import MIN_RELIABLE_N, Estimate, mean_interval

# Two-sided 95% Student-t critical value with 2 degrees of freedom (statistical tables).
T_975_DF2 = 4.302652729911275


# --------------------------------------------------------------------------------------------
# Builders for small hand-made inputs
# --------------------------------------------------------------------------------------------


def make_instrument(
    layout: dict[str, list[bool]],
    scale: tuple[int, int] = (1, 5),
    scoring: str = "mean",
) -> io.Instrument:
    """An instrument with placeholder texts: ``layout`` maps subscale id -> reversed flags."""
    items = []
    number = 0
    for subscale, flags in layout.items():
        for position, flag in enumerate(flags, start=1):
            number += 1
            items.append(io.Item(f"{subscale}_{position}", f"Placeholder {number}", subscale, flag))
    return io.Instrument(
        name="Test scale",
        scale_min=scale[0],
        scale_max=scale[1],
        scoring=scoring,
        subscales=tuple(io.Subscale(s, s.capitalize()) for s in layout),
        items=tuple(items),
    )


def make_survey(answers: dict[str, list[float]], **context: list) -> pd.DataFrame:
    """A survey frame: context columns (respondent_id, segment, ...) then answer columns."""
    rows = len(next(iter(answers.values())))
    frame = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(rows)], **context})
    for item_id, values in answers.items():
        frame[item_id] = pd.Series(values, dtype="float64")
    return frame


def sci2_shaped() -> io.Instrument:
    """24 items scored 0–3, four subscales of six items (two reversed each), sum scoring."""
    flags = [False, False, True, False, False, True]
    return make_instrument({f"s{k}": flags for k in range(1, 5)}, scale=(0, 3), scoring="sum")


def build_company(**overrides) -> io.Company:
    """A minimal company, built directly; files not passed are missing."""
    config = io.CompanyConfig(
        name=overrides.pop("name", "Testco"),
        stage=overrides.pop("stage", "pre-pmf"),
        started=date(2025, 1, 1),
        network_effects=False,
        community=overrides.pop("community", None),
    )
    sources = {
        f"{name}.csv": "ok"
        for name in ("belonging_survey", "community_activity", "community_goals")
        if overrides.get(name) is not None
    }
    return io.Company(
        slug="testco",
        path=Path("testco"),
        config=config,
        as_of=overrides.pop("as_of", date(2025, 6, 30)),
        sources=sources,
        **overrides,
    )


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------


def test_reverse_items_are_flipped_min_plus_max_minus_value():
    instrument = make_instrument({"a": [False, True]})
    survey = make_survey({"a_1": [4, 1], "a_2": [2, 5]})
    scores = belonging.score_responses(survey, instrument)
    # respondent 0: 4 and (1 + 5 - 2) = 4 -> mean 4; respondent 1: 1 and 1 -> mean 1
    assert scores["a"].tolist() == [4.0, 1.0]
    assert scores["respondent_id"].tolist() == ["r0", "r1"]
    assert survey["a_2"].tolist() == [2.0, 5.0], "the caller's raw answers stay unchanged"


def test_reverse_scored_frame_flips_only_reversed_items():
    instrument = make_instrument({"a": [False, True, False]})
    survey = make_survey({"a_1": [1], "a_2": [1], "a_3": [np.nan]})
    flipped = belonging.reverse_scored(survey, instrument)
    assert flipped.iloc[0, :2].tolist() == [1.0, 5.0]
    assert np.isnan(flipped.iloc[0, 2])


def test_sum_scoring_prorates_at_half_of_the_items_and_drops_below():
    instrument = make_instrument({"a": [False] * 4}, scoring="sum")
    survey = make_survey(
        {
            "a_1": [2, 4, 5, np.nan],
            "a_2": [3, 2, np.nan, np.nan],
            "a_3": [4, np.nan, np.nan, np.nan],
            "a_4": [5, np.nan, np.nan, 3],
        }
    )
    scores = belonging.score_responses(survey, instrument)["a"].tolist()
    assert scores[0] == 14.0  # complete: 2 + 3 + 4 + 5
    assert scores[1] == 12.0  # two of four answered (= half): mean 3 × 4 items
    assert math.isnan(scores[2])  # one of four: fewer than half
    assert math.isnan(scores[3])


def test_mean_scoring_uses_the_same_missing_rule():
    instrument = make_instrument({"a": [False, False, False]})
    survey = make_survey({"a_1": [2, 5], "a_2": [4, np.nan], "a_3": [np.nan, np.nan]})
    scores = belonging.score_responses(survey, instrument)["a"].tolist()
    assert scores[0] == 3.0  # two of three answered (≥ 1.5): mean of 2 and 4
    assert math.isnan(scores[1])  # one of three: below half


def test_total_applies_the_rule_to_all_items():
    instrument = make_instrument({"a": [False, False], "b": [False, False]}, scoring="sum")
    # b has one of two answered (= half) -> prorated; total: 3 of 4 answered -> mean × 4.
    survey = make_survey({"a_1": [1], "a_2": [3], "b_1": [5], "b_2": [np.nan]})
    scores = belonging.score_responses(survey, instrument).iloc[0]
    assert scores["a"] == 4.0
    assert scores["b"] == 10.0
    assert scores["total"] == pytest.approx((1 + 3 + 5) / 3 * 4)
    # only one of four answered: the total is missing even though subscale a is not
    lone = belonging.score_responses(
        make_survey({"a_1": [1], "a_2": [np.nan], "b_1": [np.nan], "b_2": [np.nan]}), instrument
    ).iloc[0]
    assert lone["a"] == 2.0
    assert math.isnan(lone["total"])


def test_scoring_rejects_missing_columns_and_answers_off_the_scale():
    instrument = make_instrument({"a": [False, False]})
    with pytest.raises(ValueError, match="a_2"):
        belonging.score_responses(make_survey({"a_1": [3]}), instrument)
    with pytest.raises(ValueError, match="scale 1–5"):
        belonging.score_responses(make_survey({"a_1": [3], "a_2": [6]}), instrument)


def test_sci2_shaped_layout_scores_subscales_0_to_18_and_totals_0_to_72():
    instrument = sci2_shaped()
    reversed_ids = {item.id for item in instrument.items if item.reversed}
    most = {i: [0.0 if i in reversed_ids else 3.0] for i in instrument.item_ids}
    least = {i: [3.0 if i in reversed_ids else 0.0] for i in instrument.item_ids}
    high = belonging.score_responses(make_survey(most), instrument).iloc[0]
    low = belonging.score_responses(make_survey(least), instrument).iloc[0]
    for subscale in ("s1", "s2", "s3", "s4"):
        assert high[subscale] == 18.0
        assert low[subscale] == 0.0
        assert belonging.score_range(instrument, subscale) == (0.0, 18.0)
    assert high["total"] == 72.0
    assert low["total"] == 0.0
    assert belonging.score_range(instrument) == (0.0, 72.0)

    rng = np.random.default_rng(7)
    answers = rng.integers(0, 4, size=(500, 24)).astype(float)
    answers[rng.random(answers.shape) < 0.3] = np.nan
    survey = pd.DataFrame(answers, columns=instrument.item_ids)
    scores = belonging.score_responses(survey, instrument)
    subscales = scores[["s1", "s2", "s3", "s4"]].stack().dropna()
    assert subscales.between(0, 18).all()
    assert scores["total"].dropna().between(0, 72).all()
    assert len(subscales) > 0
    assert scores["total"].notna().sum() > 0


def test_sci2_shaped_prorated_subscale_and_index():
    instrument = sci2_shaped()
    answers = {i: [np.nan] for i in instrument.item_ids}
    for position in (1, 2, 4):  # three of six s1 items, none reversed, all answered 2
        answers[f"s1_{position}"] = [2.0]
    scores = belonging.score_responses(make_survey(answers), instrument)
    assert scores.at[0, "s1"] == 12.0  # mean 2 × 6 items
    assert math.isnan(scores.at[0, "s2"])
    assert math.isnan(scores.at[0, "total"])  # 3 of 24 answered
    half = pd.DataFrame({"s1": [9.0], "s2": [0.0], "s3": [18.0], "s4": [4.5], "total": [36.0]})
    indexed = belonging.index_scores(half, instrument).iloc[0]
    assert indexed.tolist() == [50.0, 0.0, 100.0, 25.0, 50.0]


def test_the_project_instrument_scores_on_its_own_range():
    instrument = io.load_instrument(io.PROJECT_ROOT / "data" / "instruments" / "belonging.yaml")
    survey = make_survey({i: [instrument.scale_max] for i in instrument.item_ids})
    scores = belonging.score_responses(survey, instrument)
    reversed_count = sum(item.reversed for item in instrument.items)
    expected = (
        (len(instrument.items) - reversed_count) * instrument.scale_max
        + reversed_count * instrument.scale_min
    ) / len(instrument.items)
    assert scores.at[0, "total"] == pytest.approx(expected)


# --------------------------------------------------------------------------------------------
# Belonging Index
# --------------------------------------------------------------------------------------------


def test_index_is_the_mean_rescaled_total_with_a_t_interval():
    indexed = pd.DataFrame({"total": [40.0, 50.0, 60.0, np.nan]})
    estimate = belonging.belonging_index(indexed)
    half_width = T_975_DF2 * 10.0 / math.sqrt(3)  # sample sd of 40, 50, 60 is 10 (inside 0–100)
    assert estimate.n == 3
    assert estimate.value == pytest.approx(50.0)
    assert estimate.ci_low == pytest.approx(50.0 - half_width)
    assert estimate.ci_high == pytest.approx(50.0 + half_width)
    assert estimate.too_few


def test_subscale_and_segment_indices_flag_small_groups():
    instrument = make_instrument({"a": [False], "b": [False]}, scoring="sum")
    big, small = MIN_RELIABLE_N, 3
    survey = make_survey(
        {"a_1": [5.0] * big + [1.0] * small, "b_1": [3.0] * (big + small)},
        segment=["teams"] * big + [None] * small,
    )
    indexed = belonging.index_scores(belonging.score_responses(survey, instrument), instrument)
    subscales = belonging.subscale_indices(indexed, instrument)
    assert list(subscales) == ["a", "b"]
    assert subscales["b"].value == pytest.approx(50.0)
    assert subscales["a"].value == pytest.approx((big * 100 + small * 0) / (big + small))
    segments = belonging.segment_indices(indexed)
    assert list(segments) == ["teams", compute.NO_SEGMENT]
    assert segments["teams"].value == pytest.approx(75.0)  # a 100, b 50
    assert not segments["teams"].too_few
    assert segments[compute.NO_SEGMENT].value == pytest.approx(25.0)
    assert segments[compute.NO_SEGMENT].too_few


def test_segments_beyond_the_largest_few_are_pooled():
    instrument = make_instrument({"a": [False]})
    shown = rules.MAX_SEGMENTS_SHOWN.value
    names = [f"seg{k:02d}" for k in range(shown + 5)]
    segment = [name for k, name in enumerate(names) for _ in range(len(names) - k)]
    survey = make_survey({"a_1": [3.0] * len(segment)}, segment=segment)
    indexed = belonging.index_scores(belonging.score_responses(survey, instrument), instrument)
    segments = belonging.segment_indices(indexed)
    assert list(segments)[:shown] == names[:shown]
    assert list(segments)[-1] == compute.OTHER_SEGMENTS
    assert segments[compute.OTHER_SEGMENTS].n == sum(range(1, 6))
    heat = belonging.segment_subscales(indexed, instrument)
    assert len(heat) == shown + 1
    assert heat[-1].segment == compute.OTHER_SEGMENTS


# --------------------------------------------------------------------------------------------
# Cronbach's alpha
# --------------------------------------------------------------------------------------------


def test_cronbach_alpha_matches_a_hand_computed_example():
    items = pd.DataFrame({"x": [1, 2, 3, 4, 5], "y": [2, 3, 3, 5, 4], "z": [2, 3, 4, 4, 5]})
    # Sample variances by hand: x = 10/4 = 2.5; y: mean 3.4, squared deviations sum 5.2 -> 1.3;
    # z: mean 3.6, squared deviations sum 5.2 -> 1.3. Row sums 5, 8, 10, 13, 14: mean 10,
    # squared deviations 25 + 4 + 0 + 9 + 16 = 54 -> 13.5.
    # alpha = 3/2 × (1 − (2.5 + 1.3 + 1.3) / 13.5) = 1.5 × 8.4 / 13.5 = 14/15.
    assert belonging.cronbach_alpha(items) == pytest.approx(14 / 15)


def test_cronbach_alpha_drops_incomplete_rows_listwise():
    items = pd.DataFrame(
        {"x": [1, 2, 3, 4, 5, 9], "y": [2, 3, 3, 5, 4, np.nan], "z": [2, 3, 4, 4, 5, 1]}
    )
    assert belonging.cronbach_alpha(items) == pytest.approx(14 / 15)


def test_cronbach_alpha_equals_the_covariance_form_on_random_data():
    rng = np.random.default_rng(3)
    base = rng.normal(size=(200, 1))
    items = pd.DataFrame(base + rng.normal(scale=0.8, size=(200, 5)))
    covariance = np.cov(items.to_numpy(), rowvar=False)
    k = covariance.shape[0]
    expected = k / (k - 1) * (1 - np.trace(covariance) / covariance.sum())
    assert belonging.cronbach_alpha(items) == pytest.approx(expected)


def test_cronbach_alpha_is_not_defined_without_enough_data():
    assert belonging.cronbach_alpha(pd.DataFrame({"x": [1.0, 2.0, 3.0]})) is None
    assert belonging.cronbach_alpha(pd.DataFrame({"x": [1.0], "y": [2.0]})) is None
    assert belonging.cronbach_alpha(pd.DataFrame({"x": [2.0, 2.0], "y": [3.0, 3.0]})) is None


def test_identical_items_have_alpha_one():
    items = pd.DataFrame({"x": [1.0, 3.0, 4.0], "y": [1.0, 3.0, 4.0]})
    assert belonging.cronbach_alpha(items) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("alpha", "band"),
    [
        (0.95, "excellent"),
        (0.9, "excellent"),
        (0.8999999999999998, "excellent"),  # 0.9 after floating-point error
        (0.7999999999999998, "good"),
        (0.6999999999999997, "acceptable"),
        (0.7986, "good"),  # shown as 0.80, banded as shown
        (0.6949, "questionable"),  # shown as 0.69
        (0.89, "good"),
        (0.8, "good"),
        (0.7, "acceptable"),
        (0.69, "questionable"),
        (0.6, "questionable"),
        (0.5, "poor"),
        (0.49, "unacceptable"),
        (-0.3, "unacceptable"),
        (None, "not defined"),
    ],
)
def test_alpha_bands(alpha, band):
    assert belonging.alpha_band(alpha) == band


def test_reliability_reverse_scores_first_and_warns_below_point_seven():
    instrument = make_instrument({"a": [False, True], "b": [False, False]})
    survey = make_survey(
        {
            "a_1": [1, 2, 4, 5],
            "a_2": [5, 4, 2, 1],  # the mirror image: once flipped, identical to a_1
            "b_1": [1, 5, 2, 4],
            "b_2": [2, 1, 5, 3],
        }
    )
    by_id = {r.subscale: r for r in belonging.reliability(survey, instrument)}
    assert by_id["a"].alpha == pytest.approx(1.0)
    assert by_id["a"].band == "excellent"
    assert not by_id["a"].warning
    assert by_id["b"].alpha < rules.ALPHA_WARNING_BELOW.value
    assert by_id["b"].warning
    assert by_id["total"].items == 4
    assert by_id["a"].n == 4


# --------------------------------------------------------------------------------------------
# Community health
# --------------------------------------------------------------------------------------------

END = date(2025, 6, 30)  # a Monday


def make_activity(weeks: int = 24, **columns: list) -> pd.DataFrame:
    """Weekly rows ending on END; columns default to constant counts."""
    week = pd.date_range(end=pd.Timestamp(END), periods=weeks, freq="7D")
    defaults = {
        "members": [100] * weeks,
        "active_members": [20] * weeks,
        "posts": [30] * weeks,
        "replies": [10] * weeks,
        "questions": [10] * weeks,
        "questions_answered": [8] * weeks,
        "median_first_response_hours": [4.0] * weeks,
    }
    defaults.update(columns)
    frame = pd.DataFrame({"week": week, **defaults})
    frame["median_first_response_hours"] = frame["median_first_response_hours"].astype(float)
    return frame


def by_measure(measures: list[belonging.HealthMeasure]) -> dict[str, belonging.HealthMeasure]:
    return {m.measure: m for m in measures}


def test_health_pools_each_window_and_compares_them():
    active = [10] * 12 + [30] * 12  # previous window, then latest
    # six measured weeks in the latest window: enough for the change rule (issue 18)
    hours = [6.0] * 12 + [2.0, 3.0, 3.0, 2.0, 3.0, 3.0] + [np.nan] * 6
    activity = make_activity(active_members=active, median_first_response_hours=hours)
    measures = by_measure(belonging.community_health(activity, None, END))
    share = measures["Active share of members"]
    assert (share.latest, share.previous) == (pytest.approx(0.3), pytest.approx(0.1))
    assert (share.latest_basis, share.previous_basis) == (12, 12)
    assert share.direction == "rising"
    assert share.verdict == "improving"
    per_member = measures["Posts and replies per active member"]
    assert per_member.latest == pytest.approx(40 / 30)
    assert per_member.previous == pytest.approx(4.0)
    assert per_member.verdict == "worsening"
    answered = measures["Share of questions answered"]
    assert answered.latest == pytest.approx(0.8)
    assert answered.direction == "steady"
    hours_measure = measures["Median first response (hours)"]
    assert hours_measure.latest == 3.0  # median of the weekly medians that were given
    assert hours_measure.previous == 6.0
    assert hours_measure.direction == "falling"
    assert hours_measure.verdict == "improving"  # lower is better


def test_health_zero_denominators_are_not_defined():
    zeros = [0] * 24
    activity = make_activity(
        members=zeros,
        active_members=zeros,
        posts=zeros,
        replies=zeros,
        questions=zeros,
        questions_answered=zeros,
        median_first_response_hours=[np.nan] * 24,
    )
    measures = belonging.community_health(activity, None, END)
    assert len(measures) == 4
    for measure in measures:
        assert measure.latest is None
        assert measure.previous is None
        assert measure.direction == "not defined"
        assert measure.verdict == "not defined"
        assert present.measure_text(measure, measure.latest) == "not defined"
    weekly = belonging.weekly_health(activity)
    numbers = weekly.drop(columns="Week").to_numpy(dtype=float)
    assert np.isnan(numbers).all()
    assert not np.isinf(numbers).any()


def test_health_with_a_short_history_leaves_the_earlier_window_undefined():
    measures = by_measure(belonging.community_health(make_activity(weeks=5), None, END))
    share = measures["Active share of members"]
    assert share.latest == pytest.approx(0.2)
    assert share.previous is None
    assert share.previous_basis == 0


def test_direction_from_zero_and_steady_tolerance():
    def measure(latest, previous, higher_is_better=True):
        return belonging.HealthMeasure(
            "activity", "m", "share", latest, previous, 12, 12, "weeks", higher_is_better
        )

    assert measure(0.0, 0.0).direction == "steady"
    assert measure(0.2, 0.0).direction == "rising"
    assert measure(1.04, 1.0).direction == "steady"
    assert measure(1.05, 1.0).direction == "steady"  # exactly 5%, computed as 5.0000000000000044%
    assert measure(0.95, 1.0).direction == "steady"
    assert measure(1.06, 1.0).direction == "rising"
    assert measure(0.9, 1.0).verdict == "worsening"
    assert measure(0.9, 1.0, higher_is_better=False).verdict == "improving"


def test_belonging_health_compares_the_latest_wave_with_the_one_before():
    """The belonging measure is built from survey waves, not date windows, so a panel answering
    every month is not pooled (and counted twice) inside one window."""
    indexed = pd.DataFrame(
        {
            "respondent_id": ["a", "b", "a", "b", "a"],
            "submitted_at": pd.to_datetime(
                ["2025-06-30", "2025-06-29", "2025-06-01", "2025-06-01", "2024-01-01"]
            ),
            "total": [80.0, 70.0, 60.0, 40.0, 0.0],
        }
    )
    waves = belonging.survey_waves(indexed, belonging.assign_survey_waves(indexed))
    # 2024-01-01 | 2025-06-01 | 2025-06-29..30: pauses of more than three weeks split them
    assert [w.label for w in waves.waves] == ["Wave 1", "Wave 2", "Wave 3"]
    assert [w.index.value for w in waves.waves] == [0.0, 50.0, 75.0]
    assert [w.returning for w in waves.waves] == [0, 1, 2]
    assert (waves.members, waves.panel_members, waves.answers) == (2, 2, 5)
    trend = belonging.community_health(None, waves, END)
    assert len(trend) == 1
    assert (trend[0].latest, trend[0].previous) == (pytest.approx(75.0), pytest.approx(50.0))
    assert (trend[0].latest_basis, trend[0].previous_basis) == (2, 2)
    assert trend[0].span == "waves"
    # issue 18: two answers per wave are too few for Welch's t-test to claim a change
    assert trend[0].verdict == "not defined"
    assert trend[0].evidence.more_needed == rules.BELONGING_CHANGE.value - 2


# --------------------------------------------------------------------------------------------
# SPACES
# --------------------------------------------------------------------------------------------


def make_goals(rows: list[tuple]) -> pd.DataFrame:
    columns = ["goal", "objective", "business_goal", "program", "metric", "target", "current"]
    return pd.DataFrame(rows, columns=columns)


def goal(name: str, objective: str, metric: object = "a metric") -> tuple:
    return (name, objective, "a business goal", "a program", metric, 10.0, 5.0)


def statuses(checks: tuple[Check, ...]) -> list[str]:
    return [check.outcome for check in checks]


def test_spaces_pre_pmf_with_acquisition_engagement_and_product_fits():
    goals = make_goals(
        [goal("grow", "acquisition"), goal("talk", "engagement"), goal("hear", "product")]
    )
    result = belonging.spaces_fit(goals, "pre-pmf")
    assert result.off_stage == []
    assert result.unowned == []
    assert result.gaps == {}
    assert statuses(wording.spaces_checks(result)) == ["pass", "pass", "pass"]
    assert present.goals_table(result)["Progress to target"].tolist() == ["50%"] * 3
    assert [g.progress for g in result.goals] == [0.5] * 3  # numbers in compute, text in present


def test_spaces_flags_goals_off_the_stage_and_unowned_needs():
    goals = make_goals([goal("help", "support"), goal("grow", "acquisition")])
    pre = belonging.spaces_fit(goals, "pre-pmf")
    assert pre.off_stage == ["help"]
    assert pre.unowned == ["engagement"]
    assert statuses(wording.spaces_checks(pre)) == ["pass", "warn", "warn"]
    after = belonging.spaces_fit(goals, "scaling")
    assert after.off_stage == ["grow"]
    assert after.unowned == ["success"]
    only_contribution = belonging.spaces_fit(make_goals([goal("make", "contribution")]), "pmf")
    assert only_contribution.unowned == ["support", "success"]
    assert statuses(wording.spaces_checks(only_contribution))[2] == "fail"


def test_spaces_traces_gaps_for_blank_or_missing_links():
    goals = make_goals(
        [
            goal("no metric", "support", metric=None),
            goal("nan metric", "success", metric=float("nan")),
            ("blank links", "support", "  ", None, "m", None, None),
        ]
    )
    result = belonging.spaces_fit(goals, "pmf")
    assert result.gaps == {
        "no metric": ["metric"],
        "nan metric": ["metric"],
        "blank links": ["business goal", "program"],
    }
    assert statuses(wording.spaces_checks(result))[0] == "warn"
    assert result.goals[0].metric is None
    table = present.goals_table(result)
    assert table.at[0, "Metric"] == present.MISSING_LINK
    assert table.at[2, "Progress to target"] == "not defined"


# --------------------------------------------------------------------------------------------
# Launch readiness
# --------------------------------------------------------------------------------------------


def launch(owner="founder", members=20, channels=2, stage="pre-pmf") -> list[str]:
    community = io.CommunityConfig(owner=owner, founding_members=members, channels=channels)
    return statuses(belonging.launch_readiness(community, stage))


@pytest.mark.parametrize(
    ("members", "status"),
    [
        (10, "pass"),
        (50, "pass"),
        (9, "warn"),
        (51, "warn"),
        (100, "warn"),
        (0, "fail"),
        (101, "fail"),
    ],
)
def test_launch_founding_members(members, status):
    assert launch(members=members)[0] == status


@pytest.mark.parametrize(
    ("channels", "status"),
    [(1, "pass"), (3, "pass"), (4, "warn"), (6, "warn"), (7, "fail"), (0, "fail")],
)
def test_launch_channels(channels, status):
    assert launch(channels=channels)[1] == status


@pytest.mark.parametrize(
    ("owner", "stage", "status"),
    [
        ("founder", "pre-pmf", "pass"),
        ("founder", "scaling", "pass"),
        ("community-team", "pre-pmf", "warn"),
        ("community-team", "pmf", "pass"),
        ("none", "pmf", "fail"),
        (None, "pmf", "not assessed"),
    ],
)
def test_launch_owner(owner, stage, status):
    assert launch(owner=owner, stage=stage)[2] == status


def test_launch_without_a_community_section_is_not_assessed():
    checks = belonging.launch_readiness(None, "pmf")
    assert statuses(checks) == ["not assessed"] * 3
    assert all("launch settings" in check.reason for check in checks)


def test_launch_reasons_state_the_numbers():
    community = io.CommunityConfig(owner="none", founding_members=400, channels=9)
    reasons = [check.reason for check in belonging.launch_readiness(community, "pmf")]
    assert "400" in reasons[0] and "50" in reasons[0]
    assert "9" in reasons[1] and "3" in reasons[1]


# --------------------------------------------------------------------------------------------
# Trust & safety checklist (answers parsed and validated by io, scored here)
# --------------------------------------------------------------------------------------------


def team(**answers: str) -> io.TeamAssessment:
    return io.TeamAssessment(practices=answers)


def parsed_team(text: str) -> tuple[io.TeamAssessment, list[io.Problem]]:
    return io.parse_team_assessment(text)


def test_checklist_scores_assessed_practices_only():
    answers, problems = parsed_team(
        "belonging:\n  practices:\n    code_of_conduct: yes\n"
        "    active_moderation: 'Partly '\n    harm_reporting: 'no'\n"
    )
    assert problems == []
    result = belonging.trust_safety(answers)
    assert result.assessed == 3
    assert result.score == pytest.approx(100 * (1 + 0.5 + 0) / 3)
    assert result.answers["member_contact"] == "not assessed"
    table = present.trust_safety_table(result)
    assert table["Answer"].tolist()[:4] == ["yes", "partly", "no", "not assessed"]
    assert table["Points"].tolist()[:3] == [1.0, 0.5, 0.0]
    assert statuses(wording.trust_safety_checks(result))[:4] == [
        "pass",
        "warn",
        "fail",
        "not assessed",
    ]


def test_checklist_missing_is_not_no():
    all_no = team(**{p.key: "no" for p in io.TRUST_SAFETY_PRACTICES})
    assert belonging.trust_safety(all_no).score == 0.0
    only_yes = team(code_of_conduct="yes")
    assert belonging.trust_safety(only_yes).score == 100.0  # six unanswered do not count as no
    for text in ("", "belonging:\n", "belonging:\n  practices: yes\n"):
        result = belonging.trust_safety(parsed_team(text)[0])
        assert result.score is None
        assert result.assessed == 0
    assert "0 of 7 practices answered" in present.trust_safety_summary(result)


def test_checklist_accepts_yaml_booleans():
    text = "belonging:\n  practices:\n    code_of_conduct: yes\n    harm_reporting: no\n"
    result = belonging.trust_safety(parsed_team(text)[0])  # YAML 1.1 booleans
    assert result.answers["code_of_conduct"] == "yes"
    assert result.answers["harm_reporting"] == "no"
    assert result.score == 50.0


def test_checklist_leaves_unrecognised_answers_to_io_validation():
    answers, problems = parsed_team("belonging:\n  practices:\n    code_of_conduct: maybe\n")
    assert [(p.severity, p.column, p.value, p.row) for p in problems] == [
        ("error", "code_of_conduct", "maybe", 3)
    ]
    result = belonging.trust_safety(answers)
    assert result.answers["code_of_conduct"] == "not assessed"  # never counted as "no"
    assert result.score is None
    assert "no answer yet" in wording.trust_safety_checks(result)[0].reason


def test_checklist_questions_cover_the_documented_keys():
    keys = [p.key for p in io.TRUST_SAFETY_PRACTICES]
    assert keys == [
        "code_of_conduct",
        "active_moderation",
        "harm_reporting",
        "member_contact",
        "shared_values",
        "no_ads_or_bait",
        "data_minimisation",
    ]
    assert list(belonging.trust_safety(team()).answers) == keys
    assert all(p.question.endswith("?") for p in io.TRUST_SAFETY_PRACTICES)


# --------------------------------------------------------------------------------------------
# assess()
# --------------------------------------------------------------------------------------------

ALL_YES = team(**{p.key: "yes" for p in io.TRUST_SAFETY_PRACTICES})
ALL_NO = team(**{p.key: "no" for p in io.TRUST_SAFETY_PRACTICES})


def uniform_survey(instrument: io.Instrument, answers: dict[str, float], rows: int) -> pd.DataFrame:
    """``rows`` respondents giving the same raw answer to every item of each subscale."""
    frame = make_survey(
        {item.id: [answers[item.subscale]] * rows for item in instrument.items},
        segment=["a"] * rows,
    )
    frame.insert(1, "submitted_at", pd.Timestamp(END))
    return frame


def minimal_company() -> io.Company:
    instrument = make_instrument({"trust": [False, False], "influence": [False, False]})
    survey = uniform_survey(instrument, {"trust": 5.0, "influence": 3.0}, rows=40)
    goals = make_goals([goal("grow", "acquisition"), goal("help", "support")])
    return build_company(
        instrument=instrument,
        belonging_survey=survey,
        community_activity=make_activity(),
        community_goals=goals,
        community=io.CommunityConfig("founder", 400, 2),
        team_assessment=ALL_YES,
    )


def test_assess_minimal_company():
    result = belonging.assess(minimal_company())
    # trust index 100, influence 50 -> total 75 (every respondent identical: zero-width interval)
    assert result.index.value == pytest.approx(75.0)
    assert result.index.n == 40
    assert result.status == "strong"
    assert result.weakest_subscale == "influence"
    assert statuses(result.launch_checks) == ["fail", "pass", "pass"]
    assert result.missing == {}
    assert len(result.recommendations) == results.MAX_RECOMMENDATIONS
    first, second, third = result.recommendations
    # the failed launch check is HIGH; the weakest subscale (not weak) and the unowned stage
    # objective are MEDIUM, in that order
    assert first.severity == Severity.HIGH
    assert "400" in first.reason
    assert second.severity == Severity.MEDIUM
    assert second.title == belonging.advice.SUBSCALE_ADVICE["influence"]
    assert "Influence" in second.reason
    assert third.severity == Severity.MEDIUM
    assert "engagement" in third.title.lower()
    assert present.subscale_table(result)["Mean score"].tolist() == [5.0, 3.0]
    assert present.segment_table(result)["Segment"].tolist() == ["a"]
    assert {m.pillar for m in result.health} == {"activity", "value", "belonging"}
    assert result.spaces.unowned == ["engagement"]
    assert "strong" in present.verdict_markdown(result)
    assert result.checks == (
        result.launch_checks
        + wording.spaces_checks(result.spaces)
        + wording.trust_safety_checks(result.trust_safety)
        + tuple(wording.reliability_check(r) for r in result.reliability)
    )


@pytest.mark.parametrize(
    ("answer", "answers", "level"),
    [
        (5.0, ALL_YES, "strong"),
        (5.0, ALL_NO, "developing"),  # trust & safety caps a strong index
        (3.0, ALL_YES, "developing"),  # index exactly 50
        (2.0, ALL_YES, "weak"),  # index 25
    ],
)
def test_assess_levels(answer, answers, level):
    instrument = make_instrument({"trust": [False, True]})
    # the reversed item gets min + max - answer back, so answer it so that both items agree
    survey = uniform_survey(instrument, {"trust": answer}, rows=5)
    survey["trust_2"] = 6.0 - answer
    result = belonging.assess(
        build_company(instrument=instrument, belonging_survey=survey, team_assessment=answers)
    )
    assert result.status == level
    reason = present.level_reason(result)
    assert f"{rules.STRONG_INDEX.text} or more is strong" in reason
    assert "provisional" in reason  # 5 respondents are too few
    assert result.summary.startswith(f"Belonging is {level}")


def test_assess_company_without_optional_files():
    result = belonging.assess(build_company())
    assert result.index is None
    assert result.status == "not assessed"
    assert result.weakest_subscale is None
    assert set(result.missing) == {
        "belonging_survey.csv",
        "community_activity.csv",
        "community_goals.csv",
    }
    assert all("Add " in message for message in result.missing.values())
    assert result.health == ()
    assert result.weekly is None
    assert result.spaces is None
    assert statuses(result.launch_checks) == ["not assessed"] * 3
    assert result.trust_safety.score is None
    assert result.recommendations[0].title == "Survey members with the belonging instrument"
    assert result.recommendations[0].severity == Severity.HIGH
    assert present.subscale_table(result).empty
    assert present.reliability_table(result).empty
    assert present.health_table(result).empty
    assert "not assessed" in present.verdict_markdown(result)


def test_missing_names_the_absent_file_with_advice():
    company = minimal_company()
    company.community_activity = None
    company.sources.pop("community_activity.csv")
    result = belonging.assess(company)
    assert set(result.missing) == {"community_activity.csv"}
    assert result.missing["community_activity.csv"] == company.missing_message(
        "community_activity.csv"
    )
    assert "community_activity.csv" in result.missing["community_activity.csv"]
    assert (
        present.missing_markdown(result, "community_activity.csv", "belonging_survey.csv")
        == (result.missing["community_activity.csv"])
    )


def test_assess_escapes_company_text_in_markdown():
    result = belonging.assess(build_company(name="Acme *bold* <b>"))
    markdown = present.verdict_markdown(result)
    assert "<b>" not in markdown
    assert "\\*bold\\*" in markdown
    assert "<b>" not in present.header_markdown(result.company, "pmf", END)


# --------------------------------------------------------------------------------------------
# The shared result protocol
# --------------------------------------------------------------------------------------------


def test_result_is_frozen():
    result = belonging.assess(minimal_company())
    assert isinstance(result, results.AssessmentResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.status = "weak"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.index = None  # type: ignore[misc]
    assert isinstance(result.launch_checks, tuple)
    assert all(isinstance(check, Check) for check in result.launch_checks)
    assert isinstance(result.index, Estimate)


@pytest.mark.parametrize("with_data", [True, False], ids=["full", "bare"])
def test_figures_are_plain_and_json_ready(with_data):
    result = belonging.assess(minimal_company() if with_data else build_company())
    figures = result.figures
    assert {"index", "index_ci", "n", "alpha", "trust_safety_score"} <= set(figures)
    text = json.dumps(results.to_dict(result), allow_nan=False)  # no NaN, no objects
    assert json.loads(text)["figures"]["n"] == figures["n"]
    if with_data:
        assert figures["index"] == pytest.approx(75.0)
        assert figures["index_ci"] == [pytest.approx(75.0), pytest.approx(75.0)]
        assert figures["n"] == 40
        assert figures["trust_safety_score"] == 100.0
        assert set(figures["alpha"]) == {"trust", "influence", "total"}
        for entry in figures["alpha"].values():
            assert set(entry) == {"value", "band"}
        assert figures["alpha"]["trust"] == {"value": None, "band": "not defined"}
        assert figures["subscales"] == {"trust": 100.0, "influence": 50.0}
    else:
        assert figures["index"] is None
        assert figures["index_ci"] is None
        assert figures["n"] == 0
        assert figures["alpha"] == {}
        assert figures["trust_safety_score"] is None
    assert result.status in registry.get("belonging").statuses
    assert result.status in rules.LEVELS


def test_figures_of_every_sample_company_are_json_ready():
    for slug in io.list_companies():
        result = belonging.assess(io.load_company(slug))
        json.dumps(results.to_dict(result), allow_nan=False)
        ci = result.figures["index_ci"]
        assert ci is None or (len(ci) == 2 and ci[0] <= result.figures["index"] <= ci[1])


def test_recommendations_are_ranked_by_severity():
    companies = [minimal_company(), build_company()] + [
        io.load_company(slug) for slug in io.list_companies()
    ]
    for company in companies:
        recommendations = belonging.assess(company).recommendations
        assert 0 < len(recommendations) <= results.MAX_RECOMMENDATIONS
        severities = [r.severity for r in recommendations]
        assert severities == sorted(severities, reverse=True)
        assert all("**" not in r.reason for r in recommendations)  # plain sentences


def test_weakest_subscale_in_the_weak_range_is_high():
    instrument = make_instrument({"trust": [False], "influence": [False]})
    survey = uniform_survey(instrument, {"trust": 3.0, "influence": 1.0}, rows=40)
    result = belonging.assess(
        build_company(instrument=instrument, belonging_survey=survey, team_assessment=ALL_YES)
    )
    assert result.status == "weak"
    assert result.recommendations[0].severity == Severity.HIGH
    assert result.recommendations[0].title == belonging.advice.SUBSCALE_ADVICE["influence"]


# --------------------------------------------------------------------------------------------
# Charts stay small at scale
# --------------------------------------------------------------------------------------------


def chart_rows(chart) -> int:
    return sum(len(rows) for rows in chart.to_dict()["datasets"].values())


def test_chart_data_stays_small_for_100k_respondents():
    instrument = sci2_shaped()
    rng = np.random.default_rng(11)
    rows = 100_000
    answers = rng.integers(0, 4, size=(rows, 24)).astype(float)
    answers[rng.random(answers.shape) < 0.05] = np.nan
    survey = pd.DataFrame(answers, columns=instrument.item_ids)
    survey.insert(0, "respondent_id", [f"r{i}" for i in range(rows)])
    days = rng.integers(0, 168, rows)  # answers every day for half a year: read in months
    survey.insert(1, "submitted_at", pd.Timestamp(END) - pd.to_timedelta(days, "D"))
    survey.insert(2, "segment", rng.choice([f"segment {k}" for k in range(40)], size=rows))
    company = build_company(
        instrument=instrument, belonging_survey=survey, community_activity=make_activity(weeks=104)
    )
    result = belonging.assess(company)
    assert result.waves.grouping == "months"
    assert result.waves.answers == rows
    in_june = int((survey["submitted_at"] >= pd.Timestamp("2025-06-01")).sum())
    assert result.respondents == in_june  # the current state is the latest month
    built = [
        charts.belonging_subscale_bars(result),
        charts.belonging_segment_heatmap(result),
        charts.community_activity_trend(result.weekly),
        charts.community_value_trend(result.weekly),
        charts.belonging_wave_bars(result),
    ]
    sizes = [chart_rows(chart) for chart in built]
    assert max(sizes) <= 300, sizes
    shown = rules.MAX_SEGMENTS_SHOWN.value
    assert sizes[1] == (shown + 1) * 4
    assert len(present.segment_table(result)) == shown + 1
    assert all(chart.to_dict().get("title") for chart in built)


def test_chart_builders_keep_the_instrument_order():
    instrument = make_instrument({"zeta": [False], "alpha": [False]})
    survey = uniform_survey(instrument, {"zeta": 4.0, "alpha": 2.0}, rows=3)
    result = belonging.assess(build_company(instrument=instrument, belonging_survey=survey))
    spec = charts.belonging_subscale_bars(result).to_dict()
    assert spec["layer"][0]["encoding"]["y"]["sort"] == ["Zeta", "Alpha"]
    heatmap = charts.belonging_segment_heatmap(result).to_dict()
    cells = next(iter(heatmap["datasets"].values()))
    assert [cell["Label"] for cell in cells] == ["75*", "25*"]  # 3 answers: too few, marked


def test_weekly_health_values():
    activity = make_activity(
        weeks=2, active_members=[20, 50], questions=[10, 0], questions_answered=[8, 0]
    )
    weekly = belonging.weekly_health(activity)
    assert weekly["Active share"].tolist() == [0.2, 0.5]
    assert weekly["Posts and replies per active member"].tolist() == [2.0, 0.8]
    assert weekly["Answered share"].iloc[0] == 0.8
    assert np.isnan(weekly["Answered share"].iloc[1])
    assert weekly["Week"].iloc[-1] == pd.Timestamp(END)


def test_windows_end_on_the_as_of_date():
    latest, previous = health._windows(END)
    assert latest == (pd.Timestamp(END - timedelta(weeks=12)), pd.Timestamp(END))
    assert previous[1] == latest[0]


# --------------------------------------------------------------------------------------------
# Inputs, rules and the path from files on disk
# --------------------------------------------------------------------------------------------


def test_assess_survey_with_no_scorable_respondent():
    instrument = make_instrument({"a": [False, False, False, False]})
    survey = make_survey({"a_1": [3.0], "a_2": [np.nan], "a_3": [np.nan], "a_4": [np.nan]})
    result = belonging.assess(build_company(instrument=instrument, belonging_survey=survey))
    assert result.index is None
    assert result.status == "not assessed"
    assert result.missing["belonging_survey.csv"] == wording.unscored_survey_message()
    assert "50%" in wording.unscored_survey_message()
    assert result.recommendations[0].reason == wording.unscored_survey_message()


def test_inputs_table_and_thresholds_table():
    result = belonging.assess(build_company(community=io.CommunityConfig("founder", 12, 1)))
    inputs = present.inputs_table(result).set_index("Input")["Status"]
    assert inputs["belonging_survey.csv"] == "missing"
    assert inputs["company.yaml: community"] == "given"
    assert inputs["team_assessment.yaml: belonging practices"] == "0 of 7 answered"
    table = present.thresholds_table()
    assert list(table.columns) == ["Rule", "Value", "Why"]
    thresholds = table.set_index("Rule")["Value"]
    assert thresholds["Founding members at launch"] == "10–50"
    assert thresholds["Strong belonging: Belonging Index at least"] == "70"
    assert len(table) == len(rules.all_rules())
    assert table["Why"].str.len().min() > 0


def test_a_changed_rule_changes_the_table_the_prose_and_the_verdict(monkeypatch):
    before = belonging.assess(minimal_company())  # index 75: strong at 70
    assert before.status == "strong"
    monkeypatch.setattr(rules, "STRONG_INDEX", dataclasses.replace(rules.STRONG_INDEX, value=80.0))
    monkeypatch.setattr(
        rules, "FOUNDING_MEMBERS", dataclasses.replace(rules.FOUNDING_MEMBERS, value=(5, 500))
    )
    monkeypatch.setattr(
        rules, "HEALTH_WINDOW_WEEKS", dataclasses.replace(rules.HEALTH_WINDOW_WEEKS, value=8)
    )
    thresholds = present.thresholds_table().set_index("Rule")["Value"]
    assert thresholds["Strong belonging: Belonging Index at least"] == "80"
    assert thresholds["Founding members at launch"] == "5–500"
    assert "80 or more is **strong**" in present.level_intro()
    assert "between 5 and 500 founding members" in present.launch_intro()
    assert "latest 8 weeks" in present.health_intro()
    assert "80" in present.thresholds_markdown()
    after = belonging.assess(minimal_company())
    assert after.status == "developing"
    assert "80 or more is strong" in present.level_reason(after)
    assert statuses(after.launch_checks)[0] == "pass"  # 400 is within 5–500
    assert present.health_table(after)["Compares"].iloc[0] == "latest 8 weeks vs the 8 before"


def test_prose_states_every_alpha_band_from_the_rules(monkeypatch):
    text = present.reliability_intro()
    for rule, label in rules.alpha_bands():
        assert f"{rule.text}" in text and label in text
    monkeypatch.setattr(rules, "ALPHA_GOOD", dataclasses.replace(rules.ALPHA_GOOD, value=0.85))
    assert "0.85 good" in present.reliability_intro()
    assert belonging.alpha_band(0.82) == "acceptable"


def test_importing_the_assessment_stays_light():
    code = (
        "import sys, workbook.belonging; "
        "heavy = [m for m in ('altair', 'scipy.stats', 'pandera') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert output.strip() == ""


def test_assess_from_files_on_disk(make_company, data_dir):
    # conftest's instrument: t1, t2 (reversed) in trust; s1 in safety; 1–5, mean scoring
    survey = (
        "respondent_id,submitted_at,segment,t1,t2,s1\nr1,2025-03-03,a,5,1,3\nr2,2025-03-03,b,4,,2\n"
    )
    answers = "belonging:\n  practices:\n    code_of_conduct: yes\n    harm_reporting: partly\n"
    make_company("disk-co", {"belonging_survey.csv": survey, "team_assessment.yaml": answers})
    result = belonging.assess(io.load_company("disk-co", data_dir))
    # r1: trust mean(5, 5) = 5, safety 3, total mean(5, 5, 3) = 13/3 -> index (13/3 - 1) / 4
    # r2: trust 4 (one of two answered), safety 2, total mean(4, 2) = 3 -> index 50
    assert result.subscales["trust"].value == pytest.approx((100 + 75) / 2)
    assert result.index.value == pytest.approx(((13 / 3 - 1) / 4 * 100 + 50) / 2)
    assert result.trust_safety.score == pytest.approx(75.0)
    assert "community_activity.csv" in result.missing
    assert list(result.segments) == ["a", "b"]


# --------------------------------------------------------------------------------------------
# Issue 9: values on band boundaries and their display, panels across waves, advice topics
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "exact", "band"),
    [
        # x = 2 5 4 3 3, y = 4 5 4 2 3: item variances 1.3 and 1.3, total variance 4,
        # α = 2 × (1 − 2.6 / 4) = 0.7 exactly; floating point gives 0.6999999999999997
        ([(2, 4), (5, 5), (4, 4), (3, 2), (3, 3)], 0.7, "acceptable"),
        # item variances 1.7 and 2.2, total variance 6.5: α = 2 × (1 − 3.9 / 6.5) = 0.8
        ([(4, 4), (2, 1), (1, 3), (3, 3), (4, 5)], 0.8, "good"),
        ([(5, 5, 5), (3, 1, 2), (3, 4, 4), (5, 3, 5), (1, 2, 2)], 0.9, "excellent"),
    ],
)
def test_alpha_exactly_on_a_band_bound_keeps_its_band(rows, exact, band):
    """An α of exactly 0.7, 0.8 or 0.9 computes a hair below the bound: it keeps its band (and
    raises no reliability warning at 0.7)."""
    items = pd.DataFrame(rows, dtype=float)
    alpha = belonging.cronbach_alpha(items)
    assert alpha < exact  # the floating-point error this guards against
    assert belonging.alpha_band(alpha) == band
    reliability = belonging.SubscaleReliability("a", "A", items.shape[1], len(rows), alpha)
    assert reliability.shown == exact
    assert not reliability.warning
    # issue 18: five answers are too few for α to pass; with enough it passes on its band
    assert wording.reliability_check(reliability).outcome == "not assessed"
    assert reliability.outcome == "not assessed"
    enough = dataclasses.replace(reliability, n=MIN_RELIABLE_N)
    assert wording.reliability_check(enough).outcome == enough.outcome == "pass"


def test_alpha_shown_agrees_with_its_band_in_tables_checks_and_json(monkeypatch):
    """An α of 0.7986 shows as 0.80 and is banded "good", the band of the value shown, in the
    table, the check and the JSON (never "0.80, acceptable")."""
    raw = 0.7986
    monkeypatch.setattr(alpha_module, "cronbach_alpha", lambda items: raw)
    result = belonging.assess(minimal_company())
    row = present.reliability_table(result).set_index("Subscale").loc["Trust"]
    assert (row["Alpha"], row["Band"]) == (0.8, "good")
    assert result.figures["alpha"]["trust"] == {"value": 0.8, "band": "good"}
    exported = results.to_dict(result)
    check = next(c for c in exported["checks"] if c["name"] == "Reliability: Trust")
    evidence = check.pop("evidence")  # issue 18: the JSON carries the evidence behind α
    assert evidence["n"] == 40 and evidence["sufficient"]
    assert check == {
        "name": "Reliability: Trust",
        "outcome": "pass",
        "reason": "α = 0.80 (good) over 40 complete answers",
    }
    assert f"{rules.ALPHA_DIGITS.text} before it is banded" in present.reliability_intro()


def test_index_intervals_are_clipped_to_the_scale():
    """Two members answering at the bottom and the top of the scale (index 0 and 100) give a
    Student-t interval of −585 to 685: it is cut at 0–100, which no mean of the index leaves."""
    instrument = make_instrument({"trust": [False]})
    survey = make_survey({"trust_1": [1.0, 5.0]}, segment=["a", "a"])
    result = belonging.assess(build_company(instrument=instrument, belonging_survey=survey))
    # t(0.975, 1 df) = 12.706, sd = 70.71, se = 50: the raw interval is 50 ± 635
    unclipped = mean_interval([0.0, 100.0])
    assert (unclipped.ci_low, unclipped.ci_high) == (
        pytest.approx(-585.3, abs=0.1),
        pytest.approx(685.3, abs=0.1),
    )
    index = result.index
    assert index.value == pytest.approx(50.0)
    assert (index.ci_low, index.ci_high) == (0.0, 100.0)
    assert result.subscales["trust"].ci_low == 0.0
    assert result.segments["a"].ci_high == 100.0
    assert result.figures["index_ci"] == [0.0, 100.0]
    assert "95% CI 0.0–100.0" in result.summary
    assert "cut at the ends of the scale" in present.index_intro()


def test_a_rise_from_zero_is_not_steady():
    """From an earlier value of zero there is no relative change: an active share rising from
    0% to 3% (under the 5% steady band) reads rising, never "steady"."""
    active = [0] * 12 + [3] * 12  # no active member before, 3 of 100 in the latest weeks
    measures = by_measure(
        belonging.community_health(make_activity(active_members=active), None, END)
    )
    share = measures["Active share of members"]
    assert (share.previous, share.latest) == (0.0, pytest.approx(0.03))
    assert share.direction == "rising"
    assert share.verdict == "improving"
    falling = belonging.HealthMeasure("value", "m", "hours", 0.0, 0.0, 12, 12, "weeks", False)
    assert falling.direction == "steady"  # zero to zero did not move
    to_zero = belonging.HealthMeasure("value", "m", "share", 0.0, 0.02, 12, 12, "weeks")
    assert to_zero.direction == "falling"  # a fall to nothing is a fall (−100%)
    assert "any rise from nothing counts as rising" in present.health_intro()


def panel_company(**overrides) -> io.Company:
    """Four members surveyed twice (2025-03-03 and 2025-06-30) plus one who answered only the
    first wave; one trust subscale of two statements on a 1–5 scale (mean scoring).

    Wave 1: r0–r3 answer 2 and 2 (index 25), r4 answers 1 and 1 (index 0): index 20, n 5.
    Wave 2: r0–r3 answer 4/4, 4/4, 5/5, 3/3 (index 75, 75, 100, 50): index 75, n 4.
    """
    instrument = make_instrument({"trust": [False, False]})
    first = [2.0, 2.0, 2.0, 2.0, 1.0]
    second = [4.0, 4.0, 5.0, 3.0]
    survey = make_survey(
        {"trust_1": first + second, "trust_2": first + second},
        segment=["a"] * 9,
    )
    survey["respondent_id"] = [f"r{i}" for i in range(5)] + [f"r{i}" for i in range(4)]
    dates = [pd.Timestamp("2025-03-03")] * 5 + [pd.Timestamp(END)] * 4
    survey.insert(1, "submitted_at", dates)
    return build_company(
        instrument=instrument,
        belonging_survey=survey,
        team_assessment=overrides.pop("team_assessment", ALL_YES),
        **overrides,
    )


def test_a_panel_member_counts_once_in_the_current_state():
    """A survey that keeps the same members across waves does not pool every answer (that gives
    index 44.4 over 9 "respondents" here): the current state is the latest wave."""
    result = belonging.assess(panel_company())
    assert result.index.value == pytest.approx(75.0)
    assert result.index.n == 4
    assert result.respondents == 4
    assert result.subscales["trust"].n == 4
    assert result.segments["a"].n == 4
    assert [r.n for r in result.reliability] == [4, 4]  # α on the latest wave's answers
    assert result.reliability[0].alpha == pytest.approx(1.0)
    assert result.summary.startswith(
        "Belonging is strong: the Belonging Index in the latest survey wave (2025-06-30) is 75.0"
    )
    figures = results.to_dict(result)["figures"]
    assert (figures["n"], figures["answers"], figures["members"]) == (4, 9, 5)
    assert (figures["panel_members"], figures["grouping"]) == (4, "waves")
    text = present.survey_waves_markdown(result)
    assert "9 answers from 5 members in 2 waves" in text
    assert "describe the **latest wave** (Wave 2, 2025-06-30, 4 answers)" in text
    assert "4 of its members also answered an earlier wave" in text
    assert f"Grouping: {waves.WAVE_GAP_DAYS.text}." in text
    assert "in the latest survey wave (2025-06-30)" in present.level_reason(result)


def test_the_belonging_trend_follows_the_waves():
    """A repeated survey shows its trend: a per-wave table and chart, and the health measure
    comparing the latest wave with the one before."""
    result = belonging.assess(panel_company())
    table = present.waves_table(result)
    assert table["Wave"].tolist() == ["Wave 1", "Wave 2"]
    assert table["From"].tolist() == ["2025-03-03", "2025-06-30"]
    assert table["Index"].tolist() == [20.0, 75.0]
    assert table["n"].tolist() == [5, 4]
    assert table["Answered before"].tolist() == [0, 4]
    belonging_measure = by_measure(result.health)["Belonging Index"]
    assert (belonging_measure.previous, belonging_measure.latest) == (20.0, 75.0)
    assert belonging_measure.verdict == "improving"
    health = present.health_table(result).set_index("Measure").loc["Belonging Index"]
    assert health["Compares"] == "latest survey wave vs the one before"
    assert health["Based on (latest / before)"] == "4 / 5 respondents"
    exported = results.to_dict(result)["figures"]
    assert [w["index"] for w in exported["waves"]] == [20.0, 75.0]
    assert exported["waves"][1]["start"] == "2025-06-30"
    assert exported["health"]["belonging_index"]["direction"] == "rising"
    spec = charts.belonging_wave_bars(result).to_dict()
    bars = next(iter(spec["datasets"].values()))
    assert [row["Wave"] for row in bars] == ["Wave 1", "Wave 2"]
    assert (
        present.inputs_table(result).set_index("Input").loc["belonging_survey.csv", "Status"]
        == "ok (9 answers in 2 waves)"
    )
    assert "oldest first. Grouping:" in present.trend_intro(result)


def test_a_falling_belonging_trend_is_advised_on():
    """A belonging index that falls from one wave to the next asks the team what changed."""
    company = panel_company()
    survey = company.belonging_survey
    survey.loc[:4, ["trust_1", "trust_2"]] = 5.0  # wave 1 at 100
    # wave 2 at 68.75 (75, 75, 75, 50): clear enough for Welch's t-test (issue 18)
    survey.loc[5:, ["trust_1", "trust_2"]] = [[4.0, 4.0], [4.0, 4.0], [4.0, 4.0], [3.0, 3.0]]
    result = belonging.assess(company)
    assert by_measure(result.health)["Belonging Index"].verdict == "worsening"
    advice = {r.title: r for r in result.recommendations}
    worsening = advice["Find out with members what changed in the community"]
    assert worsening.reason == "worsening since the previous survey wave: Belonging Index"
    assert worsening.severity == Severity.MEDIUM
    assert worsening.topic == "community-practice"  # belonging is strong: not a weak community


def test_a_continuous_survey_is_read_in_calendar_periods():
    """A continuous survey: answers every three days for a year form no pause, so they are
    read in calendar quarters (ten answers a month is too thin for months) and the current state
    is the latest quarter."""
    instrument = make_instrument({"trust": [False]})
    days = pd.date_range(end=pd.Timestamp(END), periods=120, freq="3D")
    answers = [5.0 if day >= pd.Timestamp("2025-04-01") else 3.0 for day in days]
    survey = make_survey({"trust_1": answers})
    survey.insert(1, "submitted_at", days)
    result = belonging.assess(build_company(instrument=instrument, belonging_survey=survey))
    assert result.waves.grouping == "quarters"
    labels = [wave.label for wave in result.waves.waves]
    assert labels == ["2024 Q3", "2024 Q4", "2025 Q1", "2025 Q2"]
    in_q2 = int((days >= pd.Timestamp("2025-04-01")).sum())
    assert result.index.n == in_q2
    assert result.index.value == pytest.approx(100.0)
    assert "in the latest quarter, 2025 Q2 (2025-04-" in result.summary
    text = present.survey_waves_markdown(result)
    assert "so it is read in calendar quarters" in text
    assert waves.MIN_PERIOD_ANSWERS.text in text
    assert present.health_table(result)["Compares"].tolist() == [
        "latest survey quarter vs the one before"
    ]


def test_every_recommendation_has_a_topic_and_never_advises_scaling():
    companies = [minimal_company(), build_company(), panel_company()] + [
        io.load_company(slug) for slug in io.list_companies()
    ]
    for company in companies:
        for recommendation in belonging.assess(company).recommendations:
            assert recommendation.topic in coherence.TOPICS, recommendation.title
            assert recommendation.topic != "scale"


def test_topics_follow_the_level():
    """Weak belonging is told to strengthen the community (the cross-assessment rules then rule
    out scaling); a community that is not weak gets advice on how it is run, so a company with
    confirmed fit and strong belonging can be told to scale without contradiction."""
    instrument = make_instrument({"trust": [False], "influence": [False]})
    weak = uniform_survey(instrument, {"trust": 3.0, "influence": 1.0}, rows=40)
    result = belonging.assess(
        build_company(instrument=instrument, belonging_survey=weak, team_assessment=ALL_NO)
    )
    assert result.status == "weak"
    topics = {r.title: r.topic for r in result.recommendations}
    assert topics[belonging.advice.SUBSCALE_ADVICE["influence"]] == "strengthen-community"
    basics = next(title for title in topics if title.startswith("Put the missing trust"))
    assert topics[basics] == "strengthen-community"
    strong = belonging.assess(minimal_company())
    assert strong.status == "strong"
    assert {r.topic for r in strong.recommendations} == {"community-practice"}
    bare = belonging.assess(build_company())
    assert [r.topic for r in bare.recommendations] == ["measure", "measure"]


def test_a_single_wave_asks_for_a_repeat_survey():
    instrument = make_instrument({"trust": [False]})
    survey = uniform_survey(instrument, {"trust": 5.0}, rows=40)
    result = belonging.assess(
        build_company(instrument=instrument, belonging_survey=survey, team_assessment=ALL_YES)
    )
    assert [(r.title, r.severity, r.topic) for r in result.recommendations] == [
        (belonging.advice.REPEAT_ACTION, Severity.LOW, "measure")
    ]
    assert "Repeat the survey with the same members" in present.survey_waves_markdown(result)
    assert present.trend_intro(result).endswith("With a single wave there is no trend yet.")


def test_a_re_surveyed_panel_from_files_on_disk(make_company, data_dir):
    """Panels end to end: the loader keeps r1's and r2's answers in both waves, and the
    assessment reads the latest wave as the current state and both waves as the trend."""
    survey = (
        "respondent_id,submitted_at,segment,t1,t2,s1\n"
        "r1,2025-03-03,a,2,4,2\nr2,2025-03-04,a,2,4,2\n"
        "r1,2025-06-02,a,5,1,5\nr2,2025-06-03,a,4,2,4\n"
    )
    make_company("panel-co", {"belonging_survey.csv": survey})
    result = belonging.assess(io.load_company("panel-co", data_dir))
    # wave 1: every answer 2 after flipping t2 -> index 25; wave 2: 100 and 75 -> 87.5
    assert [w.index.value for w in result.waves.waves] == [25.0, 87.5]
    assert result.index.value == pytest.approx(87.5)
    assert result.index.n == 2
    assert result.waves.panel_members == 2


def test_a_company_without_community_data_is_told_once_what_to_add() -> None:
    """Sections built on a missing file point at the advice given once at the top of the page;
    launch checks that all miss the same section say so once."""
    result = belonging.assess(io.load_company("snapplate"))
    survey = result.missing["belonging_survey.csv"]
    gap = present.survey_gap_markdown(result)
    assert "the members' survey" in gap and survey not in gap and "At a glance" in gap
    assert ".csv" not in gap  # the file to add is named once, in the advice at the top
    launch = present.launch_markdown(result)
    assert launch.startswith("**Not assessed:**") and "|" not in launch
    assert launch.count("launch settings") == 1
    ledgerly = belonging.assess(io.load_company("ledgerly"))
    assert present.launch_markdown(ledgerly).startswith("| Status | Check | Why |")


# --------------------------------------------------------------------------------------------
# Layers and the reading path of the page
# --------------------------------------------------------------------------------------------

PACKAGE = Path(belonging.__file__).parent
#: Each module of the package and the package modules it may import: compute never imports the
#: sentences, the advice or the page; the sentences never import the advice or the page; the
#: advice never imports the page. Only ``assess`` wires them all together.
COMPUTE_SIDE = {"rules", "scoring", "survey", "alpha", "health", "goals", "launch", "safety"}
ALLOWED_IMPORTS = {
    "rules": set(),
    **{name: COMPUTE_SIDE for name in COMPUTE_SIDE - {"rules"}},
    "result": COMPUTE_SIDE,
    "compute": COMPUTE_SIDE | {"result"},
    "wording": COMPUTE_SIDE | {"result"},
    "advice": COMPUTE_SIDE | {"result", "wording"},
    "prose": COMPUTE_SIDE | {"result", "wording"},
    "present": COMPUTE_SIDE | {"result", "wording", "prose"},
    "assess": COMPUTE_SIDE | {"result", "wording", "advice"},
    "__init__": COMPUTE_SIDE | {"result", "compute", "wording", "advice", "present", "assess"},
}
#: Words of the tool and of the data contract a reader should meet only in folded notes, the
#: footer or the advice on what to add.
ENGINEERING_WORDS = (".csv", ".yaml", "workbook.", "workbook ", "notebook", "papermill", "seed")


def _package_imports(path: Path) -> tuple[set[str], list[int]]:
    """The package modules a module imports, and the lines of any import inside a function."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    nested: list[int] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "workbook.belonging":
                found |= {alias.name for alias in node.names}
            elif node.module.startswith("workbook.belonging."):
                found.add(node.module.split(".")[2])
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            nested += [
                inner.lineno
                for inner in ast.walk(node)
                if isinstance(inner, ast.Import | ast.ImportFrom)
            ]
    return found, nested


def test_the_package_imports_run_one_way():
    """rules → compute → wording → advice → present, with assess wiring them: no module imports
    a later layer, and none hides an import inside a function to dodge a cycle."""
    modules = sorted(path.stem for path in PACKAGE.glob("*.py"))
    for name in modules:
        if name not in ALLOWED_IMPORTS:
            continue  # files declared for other layers (inputs, card) import only the compute side
        imported, nested = _package_imports(PACKAGE / f"{name}.py")
        assert imported <= ALLOWED_IMPORTS[name], (name, imported - ALLOWED_IMPORTS[name])
        assert nested == [], (name, nested)
    assert {"rules", "compute", "wording", "advice", "present", "assess"} <= set(modules)


def test_the_package_modules_stay_small():
    """No module of the package grows past about 600 lines: one concern each."""
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.glob("*.py")}
    assert max(sizes.values()) <= 600, sizes


@pytest.mark.parametrize("slug", io.list_companies())
def test_every_section_opens_with_a_one_line_finding_in_plain_words(slug):
    """Each of the page's eight sections has its finding, on every sample company (also where
    data is missing), in one line without file names or tool words."""
    result = belonging.assess(io.load_company(slug))
    found = present.section_findings(result).by_section
    assert sorted(found) == list(range(1, 9))
    for number, text in found.items():
        assert text and "\n" not in text, (number, text)
        assert not [w for w in ENGINEERING_WORDS if w in text.casefold()], (number, text)
    assert found[8] == result.summary


def _measure(name: str, latest: float | None, previous: float | None) -> belonging.HealthMeasure:
    return belonging.HealthMeasure("activity", name, "share", latest, previous, 12, 12, "weeks")


def test_the_health_finding_names_the_measures_that_move():
    """Section 4's finding counts the measures by verdict and names those that improve or
    worsen; without any measure it says the section is not assessed."""
    result = belonging.assess(minimal_company())
    health = (
        _measure("Active share", 0.5, 0.3),
        _measure("Answered share", 0.2, 0.5),
        _measure("Replies", 0.4, 0.4),
        _measure("Response", None, 0.4),
        _measure("Posts", 0.1, 0.3),
    )
    assert [m.verdict for m in health] == [
        "improving",
        "worsening",
        "steady",
        "not defined",
        "worsening",
    ]
    text = present.health_finding(dataclasses.replace(result, health=health))
    assert text == (
        "Of 5 health measures, 2 worsening: Answered share, Posts; 1 improving: Active share; "
        "1 steady; 1 not defined."
    )
    assert present.health_finding(dataclasses.replace(result, health=())).startswith("Not assessed")


def test_the_reliability_finding_survives_an_alpha_that_is_not_defined():
    """With too few complete answers α is not defined for every subscale: the finding says so
    instead of failing to compare missing values."""
    result = belonging.assess(minimal_company())
    undefined = (belonging.SubscaleReliability("trust", "Trust", 2, 1, None),)
    text = present.reliability_finding(dataclasses.replace(result, reliability=undefined))
    assert text == "Cronbach's α is not defined: too few complete answers."
    assert present.reliability_finding(dataclasses.replace(result, reliability=())) == (
        "No survey answers yet."
    )


def test_a_section_without_its_data_names_what_is_missing_in_words():
    """A section whose input could not be used says which part is missing in plain words and
    points at the advice at the top of the page, where the file to add is named."""
    result = belonging.assess(build_company())
    text = present.gap_text(result, compute.ACTIVITY_FILE, compute.SURVEY_FILE)
    assert "the weekly community activity and the members' survey" in text
    assert "At a glance" in text and ".csv" not in text
    assert present.gap_text(belonging.assess(minimal_company()), compute.SURVEY_FILE) == ""
    assert ".csv" not in present.survey_gap_markdown(result)


@pytest.mark.slow
def test_the_rendered_page_keeps_tool_words_out_of_the_reading_path(tmp_path):
    """Rendered for the sample company that lacks every belonging input, the page opens each
    section with its finding and shows file names and commands only in folded notes, the footer
    and the advice on what to add."""
    import io as text_io
    import itertools
    import re
    import shutil
    from html.parser import HTMLParser

    from workbook.render import runner

    samples = Path(__file__).resolve().parents[1] / "data"
    shutil.copytree(samples / "instruments", tmp_path / "instruments")
    shutil.copytree(samples / "companies" / "snapplate", tmp_path / "companies" / "snapplate")
    options = runner.Options(data_dir=tmp_path, out_dir=tmp_path / "out", jobs=1, progress=False)
    summary = runner.render_reports(["snapplate"], options, log=text_io.StringIO())
    assert summary.ok, runner.report_text(summary)
    page = (tmp_path / "out" / "snapplate" / "belonging.html").read_text(encoding="utf-8")

    class Reading(HTMLParser):
        """The text outside <details>, the footer, the advice block and styles."""

        SKIP = frozenset({"details", "footer", "style", "script", "svg", "title"})

        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.depth, self.advice, self.text = 0, 0, []

        def handle_starttag(self, tag, attrs):
            classes = (dict(attrs).get("class") or "").split()
            if tag in self.SKIP:
                self.depth += 1
            elif "wb-verdict" in classes:
                self.advice += 1
            elif self.advice:
                self.advice += tag == "div"

        def handle_endtag(self, tag):
            if tag in self.SKIP:
                self.depth -= 1
            elif self.advice and tag == "div":
                self.advice -= 1

        def handle_data(self, data):
            if not self.depth and not self.advice:
                self.text.append(data)

    reader = Reading()
    reader.feed(page)
    reading = " ".join(" ".join(reader.text).split())
    # the launch section's one note says what to add to the company settings (advice to act)
    assert wording.NO_COMMUNITY in reading
    reading = reading.replace(wording.NO_COMMUNITY, "")
    assert not [w for w in ENGINEERING_WORDS if w in reading.casefold()], reading
    headings = [m.start() for m in re.finditer(r"<h2>\d\. ", page)] + [len(page)]
    for start, end in itertools.pairwise(headings):
        assert 'class="wb-finding"' in page[start:end]
