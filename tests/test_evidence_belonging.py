"""Issue 18 for belonging: every judgement holds only on the evidence its rule asks for.

Each test builds its data here (never the samples) and states the class of issue 18 it guards.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from workbook import belonging, coherence, differentiation, io, results
from workbook.belonging import advice, compute, rules, wording
from workbook.results import Severity
from workbook.stats import Estimate

AS_OF = date(2025, 6, 30)
ALL_YES = io.TeamAssessment(practices={p.key: "yes" for p in io.TRUST_SAFETY_PRACTICES})


def instrument() -> io.Instrument:
    """One subscale of two statements on a 1–5 scale (mean scoring): index = (answer − 1) × 25."""
    items = (
        io.Item("trust_1", "Placeholder 1", "trust", False),
        io.Item("trust_2", "Placeholder 2", "trust", False),
    )
    return io.Instrument(
        name="Test scale",
        scale_min=1,
        scale_max=5,
        scoring="mean",
        subscales=(io.Subscale("trust", "Trust"),),
        items=items,
    )


def survey(waves: list[tuple[str, list[float]]]) -> pd.DataFrame:
    """Answers per wave: (day, answers); each answer fills both statements; new ids per row."""
    rows = []
    for day, answers in waves:
        for answer in answers:
            rows.append(
                {
                    "respondent_id": f"r{len(rows)}",
                    "submitted_at": pd.Timestamp(day),
                    "segment": "a",
                    "trust_1": answer,
                    "trust_2": answer,
                }
            )
    return pd.DataFrame(rows)


def company(frame: pd.DataFrame, **overrides) -> io.Company:
    config = io.CompanyConfig(
        name="Testco",
        stage=overrides.pop("stage", "pmf"),
        started=date(2024, 1, 1),
        network_effects=overrides.pop("network_effects", False),
        community=overrides.pop("community", None),
    )
    sources = {"belonging_survey.csv": "ok"}
    if overrides.get("community_activity") is not None:
        sources["community_activity.csv"] = "ok"
    if overrides.get("community_goals") is not None:
        sources["community_goals.csv"] = "ok"
    return io.Company(
        slug="testco",
        path=Path("testco"),
        config=config,
        as_of=overrides.pop("as_of", AS_OF),
        instrument=instrument(),
        belonging_survey=frame,
        team_assessment=overrides.pop("team_assessment", ALL_YES),
        sources=sources,
        **overrides,
    )


def spread(centre: float, n: int) -> list[float]:
    """``n`` answers around ``centre`` (±1 alternating, inside the 1–5 scale)."""
    return [min(5.0, max(1.0, centre + (1 if i % 2 else -1))) for i in range(n)]


# --------------------------------------------------------------------------------------------
# Class 1: the latest data wins however thin
# --------------------------------------------------------------------------------------------


def test_a_thin_wave_after_a_full_one_does_not_turn_weak_into_strong():
    """A wave of 2 answers (index 100) after one of 80 (index 25) used to read "strong"."""
    frame = survey([("2025-03-03", spread(2.0, 80)), ("2025-06-30", [5.0, 5.0])])
    result = belonging.assess(company(frame))
    assert result.status == "weak"
    assert result.index.n == 80  # the level is read from the adequate wave
    assert result.waves.latest.index.n == 2
    assert not result.waves.latest.adequate
    assert result.waves.current.number == 1
    assert "with enough answers" in result.summary
    assert result.figures["evidence"].sufficient
    # The thin wave shows in the trend but claims no change (too few for the change rule).
    change = next(m for m in result.health if m.key == "belonging_index")
    assert change.verdict == "not defined"


def test_the_unfinished_current_month_of_an_always_open_survey_is_censored():
    """A survey that runs all year is read in months; June 2025 is 5 days in at the as-of date
    and its 3 glowing answers do not set the level."""
    days = pd.date_range("2024-07-01", "2025-05-31", freq="D")
    rows = [(str(day.date()), [2.0, 2.0]) for day in days]  # two answers a day, index 25
    frame = survey([*rows, ("2025-06-02", [5.0, 5.0, 5.0])])
    result = belonging.assess(company(frame, as_of=date(2025, 6, 5)))
    assert result.waves.grouping == "months"
    latest = result.waves.latest
    assert latest.label == "2025-06" and not latest.complete
    assert "had not ended" in latest.evidence.note
    assert result.waves.current.label == "2025-05"
    assert result.status == "weak"
    assert result.index.value == pytest.approx(25.0)


def test_without_an_adequate_wave_the_level_is_provisional_and_unlocks_nothing():
    """Five glowing answers keep their level word but say they are provisional, ask for more
    answers, and never pass the network-effects check of a networked product."""
    frame = survey([("2025-06-30", [5.0] * 5)])
    result = belonging.assess(
        company(frame, network_effects=True, community=io.CommunityConfig("founder", 30, 2))
    )
    assert result.status == "strong"
    assert not result.level_evidence.sufficient
    assert result.level_evidence.more_needed == rules.WAVE_EVIDENCE.value - 5
    assert "provisional" in result.summary
    titles = [r.title for r in result.recommendations]
    assert "Survey more members before acting on the belonging level" in titles
    network = differentiation.assess_network_effects(
        company(frame, network_effects=True, community=io.CommunityConfig("founder", 30, 2)),
        result,
    )
    assert network.check.outcome == "warn"
    assert "provisional" in network.check.reason
    assert network.check.evidence is not None and not network.check.evidence.sufficient


def test_alpha_does_not_pass_on_two_answers():
    """α of two perfectly agreeing answers is 1.0, but two answers are no evidence."""
    frame = survey([("2025-06-30", [1.0, 5.0])])
    result = belonging.assess(company(frame))
    trust = result.reliability[0]
    assert trust.shown == pytest.approx(1.0)
    check = wording.reliability_check(trust)
    assert check.outcome == "not assessed"
    assert "not enough evidence" in check.reason
    assert check.evidence is not None
    assert check.evidence.more_needed == rules.ALPHA_EVIDENCE.value - 2


# --------------------------------------------------------------------------------------------
# Class 3: change claimed from noise
# --------------------------------------------------------------------------------------------


def _claim_rate(draw_waves, trials: int) -> float:
    claims = 0
    for trial in range(trials):
        earlier, later = draw_waves(np.random.default_rng(trial))
        first = compute.WaveIndex(1, "Wave 1", None, None, len(earlier), _estimate(earlier), 0)
        p_value = compute.change_p(earlier, later)
        second = compute.WaveIndex(
            2, "Wave 2", None, None, len(later), _estimate(later), 0, change_p=p_value
        )
        measure = compute.HealthMeasure(
            "belonging",
            "Belonging Index",
            "index",
            second.index.value,
            first.index.value,
            second.index.n,
            first.index.n,
            "respondents",
            evidence=compute.wave_change_evidence(first, second),
        )
        claims += measure.verdict in ("improving", "worsening")
    return claims / trials


def _estimate(values: list[float]):
    from workbook.stats import mean_interval

    return mean_interval(values)


@pytest.mark.parametrize("n", [12, 30])
def test_null_simulation_belonging_change_claims_stay_at_the_level(n):
    """Two waves drawn from the same distribution used to claim a direction 73% of the time at
    n = 12 and 60% at n = 30. Welch's t-test keeps false claims at its 5% level."""
    level = rules.BELONGING_CHANGE.level

    def same_community(rng):
        answers = rng.integers(1, 6, size=(2, n)).astype(float)
        indexed = (answers - 1) * 25
        return indexed[0].tolist(), indexed[1].tolist()

    rate = _claim_rate(same_community, trials=400)
    assert rate <= level + 0.03  # binomial noise of 400 trials at 5% is about ±2.2 points


def test_a_real_fall_in_belonging_is_still_found():
    """The test that removes false claims must still see a real change."""

    def real_fall(rng):
        before = np.clip(rng.normal(75, 15, 60), 0, 100)
        after = np.clip(rng.normal(55, 15, 60), 0, 100)
        return before.tolist(), after.tolist()

    assert _claim_rate(real_fall, trials=50) >= 0.95


def activity(active: list[int], end: date = AS_OF) -> pd.DataFrame:
    weeks = len(active)
    return pd.DataFrame(
        {
            "week": pd.date_range(end=pd.Timestamp(end), periods=weeks, freq="7D"),
            "members": [200] * weeks,
            "active_members": active,
            "posts": [30] * weeks,
            "replies": [10] * weeks,
            "questions": [10] * weeks,
            "questions_answered": [8] * weeks,
            "median_first_response_hours": [4.0] * weeks,
        }
    )


def test_null_simulation_activity_trend_claims_stay_at_the_level():
    """Weekly active members drawn from one distribution (Poisson, mean 40 of 200): the latest
    12 weeks against the 12 before claim a change no more often than the test's level."""
    level = rules.ACTIVITY_CHANGE.level
    claims = 0
    trials = 300
    for trial in range(trials):
        weekly = np.random.default_rng(1000 + trial).poisson(40, 24).tolist()
        measures = compute.community_health(activity(weekly), None, AS_OF)
        share = next(m for m in measures if m.key == "active_share")
        claims += share.verdict in ("improving", "worsening")
    assert claims / trials <= level + 0.035


def test_no_activity_trend_against_a_baseline_of_one_launch_week():
    """One launch week of 150 active members before 12 quieter weeks used to read
    "worsening"; one week is no baseline."""
    weekly = [150] + [40] * 12
    measures = compute.community_health(activity(weekly), None, AS_OF)
    share = next(m for m in measures if m.key == "active_share")
    assert share.previous == pytest.approx(0.75)
    assert share.verdict == "not defined"
    assert share.evidence.n == 1
    assert share.evidence.more_needed == rules.ACTIVITY_CHANGE.value - 1


def test_a_clear_activity_fall_is_claimed_with_its_test():
    weekly = [60, 62, 58, 61, 59, 60, 63, 57, 60, 61, 59, 60] + [30, 31, 29, 32, 28, 30] * 2
    measures = compute.community_health(activity(weekly), None, AS_OF)
    share = next(m for m in measures if m.key == "active_share")
    assert share.verdict == "worsening"
    assert share.evidence.sufficient and share.evidence.p_value < rules.ACTIVITY_CHANGE.level
    assert share.evidence.test == "Welch's t-test"


# --------------------------------------------------------------------------------------------
# Class 5: trust & safety and band edges
# --------------------------------------------------------------------------------------------


def big_strong_wave() -> pd.DataFrame:
    return survey([("2025-06-30", spread(4.2, 60))])  # index about 80


@pytest.mark.parametrize(
    ("practices", "level"),
    [
        ({}, "developing"),  # nothing answered: no evidence that belonging is protected
        ({"code_of_conduct": "yes"}, "developing"),  # one of seven answered
        ({p.key: "yes" for p in io.TRUST_SAFETY_PRACTICES}, "strong"),
        ({p.key: "no" for p in io.TRUST_SAFETY_PRACTICES}, "developing"),
    ],
)
def test_an_unanswered_checklist_cannot_keep_strong(practices, level):
    """Answering "no" dropped strong while not answering kept it: unanswered is now missing
    evidence, not a pass."""
    result = belonging.assess(
        company(big_strong_wave(), team_assessment=io.TeamAssessment(practices=practices))
    )
    assert result.index.value >= rules.STRONG_INDEX.value
    assert result.status == level
    if not practices:
        assert "practices are answered" in result.summary


def test_an_index_of_exactly_fifty_is_fifty():
    """(0.1 + 0.2) × … style floating-point error: an index that is exactly the developing bound
    in exact arithmetic is banded as developing, not weak."""
    estimate = Estimate(50 - 1e-12, None, None, 40)
    assert compute.level_of(estimate, 100.0) == "developing"
    assert compute.banded(49.99999999) == 50.0
    assert compute.level_of(Estimate(49.94, None, None, 40), 100.0) == "weak"


def test_a_trust_and_safety_score_on_the_bar_is_on_the_bar():
    """Answers worth 3.5 of 5 points are exactly 70/100, the strong bar: computed in exact
    fractions and banded once, the score is 70 and a strong index stays strong."""
    answers = {"a": "yes", "b": "yes", "c": "yes", "d": "partly", "e": "no"}
    score = compute.TrustSafetyResult(answers).score
    assert score == 70.0
    strong_index = Estimate(80.0, None, None, 60)
    assert compute.level_of(strong_index, score) == "strong"
    assert compute.level_of(strong_index, 70.0 - 1e-12) == "strong"  # float noise below the bar
    assert compute.level_of(strong_index, 69.94) == "developing"
    assert compute.level_of(strong_index, score, checklist_complete=False) == "developing"


# --------------------------------------------------------------------------------------------
# Class 6: advice premises
# --------------------------------------------------------------------------------------------


def test_no_relaunch_around_founding_members_for_a_community_of_thousands():
    weekly = activity([900] * 24)
    weekly["members"] = 3799
    frame = big_strong_wave()
    grown = belonging.assess(
        company(
            frame,
            community_activity=weekly,
            community=io.CommunityConfig("founder", 400, 2),
        )
    )
    titles = [r.title for r in grown.recommendations]
    assert not any(title.startswith("Relaunch") for title in titles)
    assert grown.launch_checks[0].outcome == "fail"  # the launch was oversized: still shown
    small = belonging.assess(company(frame, community=io.CommunityConfig("founder", 400, 2)))
    assert any(r.title.startswith("Relaunch") for r in small.recommendations)


def test_missing_safety_basics_always_strengthen_the_community():
    """Safety basics missing next to "move to scaling": the basics advice carries the topic that
    contradicts scaling, whatever the level."""
    practices = {p.key: "yes" for p in io.TRUST_SAFETY_PRACTICES} | {"harm_reporting": "no"}
    result = belonging.assess(
        company(big_strong_wave(), team_assessment=io.TeamAssessment(practices=practices))
    )
    basics = next(r for r in result.recommendations if r.title.startswith("Put the missing"))
    assert basics.topic == advice.STRENGTHEN
    assert basics.severity == Severity.HIGH
    scale = results.Recommendation(Severity.LOW, "Move to scaling", "fit confirmed", "scale")
    assert coherence.contradictions([basics, scale])


@pytest.mark.parametrize(
    ("direction", "current", "progress", "met"),
    [
        ("lower", 25.0, 0.8, False),  # 25 tickets against a target of 20: 80%, not met
        ("lower", 16.0, 1.25, True),
        ("higher", 25.0, 1.25, True),
        (None, 16.0, 0.8, False),  # blank means higher
    ],
)
def test_goals_carry_a_direction(direction, current, progress, met):
    """Support tickets at 25 against a target of 20 used to show 125% progress."""
    goals = pd.DataFrame(
        {
            "goal": ["fewer tickets"],
            "objective": ["support"],
            "business_goal": ["retention"],
            "program": ["forum"],
            "metric": ["tickets a week"],
            "target": [20.0],
            "current": [current],
            "direction": [direction],
        }
    )
    trace = compute.spaces_fit(goals, "pmf").goals[0]
    assert trace.progress == pytest.approx(progress)
    assert trace.met is met


def test_the_direction_column_is_in_the_contract(tmp_path):
    """community_goals.csv accepts higher/lower and rejects anything else, naming row and
    column."""
    header = "goal,objective,business_goal,program,metric,target,current,direction\n"
    good = (
        "fewer tickets,support,retention,forum,tickets,20,25,lower\n"
        "more posts,engagement,retention,forum,posts,20,25,\n"
    )
    path = tmp_path / "community_goals.csv"
    path.write_text(header + good, encoding="utf-8")
    loaded = io.load_data_file(path)
    assert loaded.frame is not None and not loaded.problems
    assert loaded.frame["direction"].iloc[0] == "lower"
    path.write_text(header + good + "odd,support,r,f,t,20,25,sideways\n", encoding="utf-8")
    problem = io.load_data_file(path).problems[0]
    assert (problem.file, problem.row, problem.column) == ("community_goals.csv", 4, "direction")
    assert problem.value == "sideways" and "higher, lower" in problem.expected


# --------------------------------------------------------------------------------------------
# Evidence in the JSON and in the rules table
# --------------------------------------------------------------------------------------------


def test_evidence_rules_show_in_the_rules_table_and_prose():
    table = belonging.present.thresholds_table().set_index("Rule")
    for rule in (rules.WAVE_EVIDENCE, rules.ALPHA_EVIDENCE, rules.BELONGING_CHANGE):
        assert rule.label in table.index
    text = belonging.present.health_intro()
    assert rules.ACTIVITY_CHANGE.text in text and rules.BELONGING_CHANGE.text in text


def test_checks_and_advice_carry_their_evidence():
    result = belonging.assess(company(big_strong_wave()))
    alpha = wording.reliability_check(result.reliability[0])
    assert alpha.evidence is not None and alpha.evidence.n == 60
    thin = belonging.assess(company(survey([("2025-06-30", [5.0] * 5)])))
    ask = next(r for r in thin.recommendations if r.topic == advice.MEASURE)
    assert ask.evidence is not None and not ask.evidence.sufficient


def test_the_waves_table_says_which_wave_sets_the_level():
    frame = survey([("2025-03-03", spread(2.0, 80)), ("2025-06-30", [5.0, 5.0])])
    table = belonging.present.waves_table(belonging.assess(company(frame)))
    assert table["Sets the level"].tolist() == ["yes", "no: too few"]
