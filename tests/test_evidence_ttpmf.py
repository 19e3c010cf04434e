"""Issue 18 for TTPMF: every status, claim and piece of advice holds only on the evidence behind it.

Each test builds its data in the test (not the samples), one class of the issue at a time: thin
waves, refuting waves, projections, trend and segment claims (with null simulations), the
observation window, retention, survivorship, advice premises and the one ranking by impact.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from workbook import coherence, io, results, ttpmf
from workbook.evidence import Evidence
from workbook.results import Recommendation, Severity
from workbook.stats import wilson_interval
from workbook.ttpmf import checks, compute, present, rules, wording

STARTED = date(2025, 1, 1)


# --------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------


def company_yaml(**extra: object) -> str:
    """A valid company.yaml started 2025-01-01 with extra keys (as_of, runway_months…)."""
    lines = ["name: Test Co", "stage: pre-pmf", "started: 2025-01-01", "network_effects: false"]
    return "\n".join(lines + [f"{key}: {value}" for key, value in extra.items()]) + "\n"


def wave(day: str, very: int, somewhat: int, na: int = 0, segment: str = "") -> list[tuple]:
    """Survey rows of one day: (day, answer, segment)."""
    codes = ["very"] * very + ["somewhat"] * somewhat + ["na"] * na
    return [(day, code, segment) for code in codes]


def survey_csv(rows: list[tuple], ids: list[str] | None = None) -> str:
    """pmf_survey.csv text; each row its own respondent unless ``ids`` are given."""
    ids = ids or [f"r{i}" for i in range(len(rows))]
    lines = ["respondent_id,submitted_at,answer,segment,main_benefit,improvement"]
    lines += [
        f"{who},{day},{answer},{segment},,"
        for who, (day, answer, segment) in zip(ids, rows, strict=True)
    ]
    return "\n".join(lines) + "\n"


def retention_csv(cohorts: dict[str, list[int]]) -> str:
    """retention.csv text from each cohort's active users per period (period 0: its size)."""
    return "cohort,period,active_users\n" + "".join(
        f"{cohort},{period},{active}\n"
        for cohort, actives in cohorts.items()
        for period, active in enumerate(actives)
    )


def assess(make_company, data_dir: Path, slug: str, **files: str) -> ttpmf.TTPMFResult:
    """Assess a company made of the given files (``company_yaml`` defaults to a bare one)."""
    contents = {name.replace("_csv", ".csv"): text for name, text in files.items()}
    contents.setdefault("company.yaml", company_yaml())
    make_company(slug, contents)
    return ttpmf.assess(io.load_company(slug, data_dir))


def topics(result: ttpmf.TTPMFResult) -> list[str]:
    return [r.topic for r in result.recommendations]


# --------------------------------------------------------------------------------------------
# 1. The latest data never wins however thin
# --------------------------------------------------------------------------------------------


def test_three_answers_never_give_a_green_status(make_company, data_dir: Path) -> None:
    rows = wave("2025-05-05", 2, 1)
    result = assess(
        make_company,
        data_dir,
        "three",
        pmf_survey_csv=survey_csv(rows),
        **{"company.yaml": company_yaml(as_of="2025-06-01", runway_months=24)},
    )
    assert result.figures["fit"] == "provisional"  # the share is shown for what it is
    assert result.status == "insufficient data"
    fit = next(c for c in result.checks if c.name == "Sean Ellis fit")
    assert fit.evidence is not None and not fit.evidence.sufficient
    assert "27 more respondents would settle it" in fit.evidence.note
    assert "scale" not in topics(result)


def test_one_answer_out_of_three_does_not_lift_an_overdue_company(
    make_company, data_dir: Path
) -> None:
    """Past the 24-month mark below the bar, a last wave of 2 of 3 very disappointed used to
    flip "overdue / critical" to "at risk / high"."""
    rows = wave("2026-10-01", 15, 85) + wave("2026-12-01", 16, 84) + wave("2027-02-01", 2, 1)
    result = assess(
        make_company,
        data_dir,
        "flip",
        pmf_survey_csv=survey_csv(rows),
        **{"company.yaml": company_yaml(as_of="2027-02-15", runway_months=4)},
    )
    assert result.status == "overdue"
    assert result.recommendations[0].severity == Severity.CRITICAL


# --------------------------------------------------------------------------------------------
# 4. A status that follows the evidence
# --------------------------------------------------------------------------------------------


def test_a_decisive_later_wave_refutes_fit(make_company, data_dir: Path) -> None:
    """60 of 100 confirmed fit; a later wave of 1 in 29 (interval 0.6–17%) refutes it."""
    rows = wave("2025-06-02", 60, 40) + wave("2025-09-01", 1, 28)
    result = assess(
        make_company,
        data_dir,
        "refuted",
        pmf_survey_csv=survey_csv(rows),
        retention_csv=retention_csv({"2024-09-01": [100, 50, 45, 44, 44, 44, 44]}),
        **{"company.yaml": company_yaml(as_of="2025-09-30", runway_months=24)},
    )
    assert result.fit.level == "none" and result.status != "reached"
    assert "scale" not in topics(result)
    # Without the late wave the same company is reached.
    kept = assess(
        make_company,
        data_dir,
        "standing",
        pmf_survey_csv=survey_csv(wave("2025-06-02", 60, 40)),
        **{"company.yaml": company_yaml(as_of="2025-09-30", runway_months=24)},
    )
    assert kept.status == "reached"


def test_one_large_wave_far_below_the_bar_late_gets_a_colour_and_runway_advice(
    make_company, data_dir: Path
) -> None:
    """8% of 400 at month 21 with 5 months of runway used to be "insufficient data"."""
    rows = wave("2026-09-15", 32, 368)
    result = assess(
        make_company,
        data_dir,
        "late",
        pmf_survey_csv=survey_csv(rows),
        **{"company.yaml": company_yaml(as_of="2026-10-01", runway_months=5)},
    )
    assert result.status == "at risk"
    first = result.recommendations[0]
    assert first.severity == Severity.CRITICAL
    assert "runway" in topics(result)
    assert "narrow to the segment" not in " ".join(r.title for r in result.recommendations)
    # Early in the clock with a long runway, one low wave is not yet a verdict.
    early = compute.judge_timeline(
        STARTED,
        date(2025, 5, 1),
        24,
        fit=compute.read_fit(compute.wave_scores(_frame(rows), STARTED)),
        waves=1,
        trend_waves=1,
        projection=None,
    )
    assert early.status == "insufficient data"


def _frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["submitted_at", "answer", "segment"])
    frame.insert(0, "respondent_id", [f"r{i}" for i in range(len(frame))])
    frame["submitted_at"] = pd.to_datetime(frame["submitted_at"])
    return frame


def waves_frame(months: list[float], n: list[int], very: list[int]) -> pd.DataFrame:
    """A wave table (as :func:`compute.wave_scores` returns) from months, answers and fans."""
    rows = []
    for index, (month, answers, fans) in enumerate(zip(months, n, very, strict=True)):
        score = compute.SeanEllisScore.from_counts(fans, answers - fans, 0, 0)
        day = pd.Timestamp(compute.date_at_month(STARTED, month))
        rows.append(
            {
                "wave": index + 1,
                "start": day,
                "end": day,
                "date": day,
                "months": month,
                "n": answers,
                "very": fans,
                "somewhat": answers - fans,
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


def status_of(waves: pd.DataFrame, as_of: date, runway: float = 24) -> compute.FitTimeline:
    fit = compute.read_fit(waves)
    trend, projection = compute.project_fit(waves, STARTED, as_of)
    return compute.judge_timeline(
        STARTED,
        as_of,
        runway,
        fit=fit,
        waves=len(waves),
        trend_waves=len(compute.trend_waves(waves)),
        projection=projection if fit.level == "none" else None,
        trend=trend,
    )


def test_the_projection_targets_confirmed_fit_and_starts_no_earlier_than_as_of() -> None:
    waves = waves_frame([0, 3, 6], [300, 300, 300], [60, 75, 90])  # 20%, 25%, 30%
    trend, projection = compute.project_fit(waves, STARTED, date(2025, 8, 1))
    target = compute.confirmation_share(300)
    assert projection.target == target and target > rules.FIT_THRESHOLD.value
    # Wilson's lower bound at that share and size is exactly the bar.
    assert wilson_interval(math.ceil(target * 300), 300).ci_low >= 0.40
    assert wilson_interval(math.floor(target * 300), 300).ci_low < 0.40
    assert projection.month == pytest.approx((target - trend.intercept) / trend.slope)
    assert projection.month > (0.40 - trend.intercept) / trend.slope
    assert projection.low_date >= date(2025, 8, 1)


def test_two_waves_of_thirty_within_noise_are_not_on_track() -> None:
    waves = waves_frame([0, 3], [30, 30], [9, 12])  # 30% then 40%: p ≈ 0.4
    timeline = status_of(waves, date(2025, 5, 1))
    assert timeline.status == "at risk" and "within noise" in wording.timeline_reason(timeline)


def test_a_range_that_includes_never_is_not_on_track() -> None:
    projection = compute.Projection(10.0, date(2025, 11, 1), 8.0, None, date(2025, 9, 1), None)
    timeline = compute.judge_timeline(
        STARTED, date(2025, 6, 1), 24, waves=3, trend_waves=3, projection=projection
    )
    assert timeline.status == "at risk" and "never" in wording.timeline_reason(timeline)


def test_a_stalled_share_is_not_green() -> None:
    """35.6 → 40.3 → 42.3 → 42.8% (the issue's example) on waves of 104–152."""
    waves = waves_frame([9, 12, 15, 18], [104, 124, 142, 152], [37, 50, 60, 65])
    timeline = status_of(waves, date(2026, 7, 1))
    assert compute.read_fit(waves).level == "provisional"
    assert timeline.status == "at risk"
    # The same shares rising steadily on waves large enough to show it would be on track.
    rising = waves_frame([9, 12, 15], [1500, 1500, 1500], [450, 525, 600])  # 30, 35, 40%
    assert status_of(rising, date(2025, 4, 20)).status in ("on track", "reached")


@pytest.mark.parametrize("later", [120, 100])
def test_flat_or_falling_trends_are_not_on_track(later: int) -> None:
    waves = waves_frame([0, 6], [400, 400], [120, later])
    assert status_of(waves, date(2025, 8, 1)).status == "at risk"


def test_trend_claims_under_the_null_stay_at_or_below_the_level() -> None:
    """Three waves of 60 drawn from one true share (30%): a rise is claimed at most 5% of the
    time (the Cochran–Armitage test, two-sided at 5%)."""
    rng = np.random.default_rng(18)
    claims = 0
    runs = 400
    for _ in range(runs):
        fans = rng.binomial(60, 0.30, size=3)
        waves = waves_frame([0, 2, 4], [60, 60, 60], list(fans))
        trend, _ = compute.fit_trend(waves)
        claims += bool(trend is not None and trend.rise_shown)
    assert claims / runs <= rules.TREND_TEST.level


# --------------------------------------------------------------------------------------------
# 3. Segments: by test, on distinct people
# --------------------------------------------------------------------------------------------


def segment_survey(shares: dict[str, int], n: int, rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for segment, share in shares.items():
        fans = rng.binomial(n, share / 100)
        rows += [("2025-05-05", "very", segment)] * fans
        rows += [("2025-05-05", "somewhat", segment)] * (n - fans)
    frame = _frame(rows)
    frame["main_benefit"] = None
    frame["improvement"] = None
    return frame


def test_segment_claims_under_the_null_stay_at_or_below_the_level() -> None:
    """Four segments of 50 with the same true share (35%): "stands out" used to fire in most
    simulated surveys; with the Holm-corrected two-proportion test it fires at most 5%."""
    rng = np.random.default_rng(20240501)
    runs = 300
    claims = 0
    for _ in range(runs):
        survey = segment_survey({"a": 35, "b": 35, "c": 35, "d": 35}, 50, rng)
        analysis = compute.analyse_segments(survey, compute.segment_scores(survey))
        claims += analysis.stands_out
        assert analysis.lifted or not analysis.stands_out
    assert claims / runs <= rules.SEGMENT_TEST.level


def test_a_segment_that_truly_stands_out_is_found() -> None:
    survey = segment_survey({"fans": 70, "b": 20, "c": 20}, 80, np.random.default_rng(7))
    analysis = compute.analyse_segments(survey, compute.segment_scores(survey))
    assert analysis.segment == "fans" and analysis.stands_out
    assert analysis.evidence is not None and analysis.evidence.p_value < 0.001
    advice = ttpmf.advice._segment_advice(analysis, "none")
    assert advice[0].evidence is analysis.evidence and "p = " in advice[0].reason


def test_segments_count_people_not_answers(make_company, data_dir: Path) -> None:
    """Ten people answering three waves are ten respondents, not thirty."""
    rows, ids = [], []
    for day in ("2025-03-03", "2025-06-02", "2025-09-01"):
        rows += wave(day, 8, 2, segment="loyal")
        ids += [f"p{i}" for i in range(10)]
    rows += wave("2025-09-01", 10, 30, segment="rest")
    ids += [f"q{i}" for i in range(40)]
    result = assess(
        make_company,
        data_dir,
        "panel",
        pmf_survey_csv=survey_csv(rows, ids),
        **{"company.yaml": company_yaml(as_of="2025-09-30")},
    )
    loyal = result.segments.set_index("segment").loc["loyal"]
    assert int(loyal["n"]) == 10 and not bool(loyal["eligible"])
    assert result.segment_analysis.segment != "loyal" and not result.segment_analysis.stands_out


# --------------------------------------------------------------------------------------------
# 2. One observation window
# --------------------------------------------------------------------------------------------


def test_rows_after_as_of_are_dropped_with_a_warning(make_company, data_dir: Path) -> None:
    rows = wave("2025-05-05", 20, 20) + wave("2025-08-01", 5, 0)
    result = assess(
        make_company,
        data_dir,
        "after",
        pmf_survey_csv=survey_csv(rows),
        **{"company.yaml": company_yaml(as_of="2025-06-01")},
    )
    assert result.answers_after_as_of == 5
    window = next(c for c in result.checks if c.name == "Observation window")
    assert window.outcome == "warn" and "5 survey answer(s)" in window.reason
    assert result.figures["waves"][-1]["n"] == 40


def test_a_mistyped_year_does_not_move_the_clock(make_company, data_dir: Path) -> None:
    rows = wave("2025-05-05", 20, 20) + wave("2025-06-02", 21, 20) + [("2052-06-03", "very", "")]
    make_company("typo", {"pmf_survey.csv": survey_csv(rows)})
    company = io.load_company("typo", data_dir)
    assert company.as_of == date(2025, 6, 2)
    flagged = [p for p in company.problems if "2052-06-03" in p.expected]
    assert flagged and flagged[0].severity == "warning"
    assert io.data_as_of(company) == date(2025, 6, 2)
    assert ttpmf.assess(company).timeline.elapsed_months < 6


def test_a_full_cohort_grid_is_censored_not_read_as_zero(make_company, data_dir: Path) -> None:
    """Analytics tools export retention as a full cohort × period grid, 0 in the future cells:
    the as-of date does not move, and a curve that flattens at 44% still reads "flattens"."""
    cohorts = [f"2025-{m:02d}-01" for m in range(1, 7)]
    kept = [100, 50, 45, 44, 44, 44, 44, 44, 44, 44, 44, 44]
    grid = {
        cohort: [a if p <= 9 - index else 0 for p, a in enumerate(kept)]
        for index, cohort in enumerate(cohorts)
    }
    rows = wave("2025-10-20", 20, 20)
    make_company("grid", {"pmf_survey.csv": survey_csv(rows), "retention.csv": retention_csv(grid)})
    company = io.load_company("grid", data_dir)
    assert company.as_of == date(2025, 10, 20)  # the zeros up to month 12 do not move it
    result = ttpmf.assess(company)
    assert result.retention.shape.verdict == "flattens"
    assert result.retention.censored_cells > 0
    check = next(c for c in result.checks if c.name == "Retention flattens")
    assert check.outcome == "pass" and "censored" in check.reason


def test_the_current_unfinished_month_is_not_a_collapse(make_company, data_dir: Path) -> None:
    cohorts = {f"2025-{m:02d}-01": [100, 50, 45, 44, 44, 44, 44] for m in range(1, 4)}
    cohorts["2025-03-01"][-1] = 3  # September, five days in: three users so far
    result = assess(
        make_company,
        data_dir,
        "current",
        retention_csv=retention_csv(cohorts),
        **{"company.yaml": company_yaml(as_of="2025-09-05")},
    )
    assert result.retention.shape.verdict == "flattens"
    assert result.retention.censored_cells == 1


# --------------------------------------------------------------------------------------------
# Retention: consistent, weighted, required for scaling
# --------------------------------------------------------------------------------------------


def test_active_users_above_a_cohort_size_are_flagged() -> None:
    months = pd.to_datetime([f"2025-0{m}-01" for m in range(1, 5)])
    rows = [(m, p, a) for m in months[:3] for p, a in enumerate([100, 50, 45, 44, 44, 44])]
    rows += [(months[3], p, a) for p, a in enumerate([10, 12, 15, 20, 25, 30])]
    analysis = compute.analyse_retention(
        pd.DataFrame(rows, columns=["cohort", "period", "active_users"])
    )
    assert analysis.oversized_cohorts == ("2025-04",)
    assert not analysis.shape.turns_up and analysis.shape.verdict == "flattens"
    check = checks.retention_check(analysis)
    assert check.outcome == "warn" and "more active users than the cohort's size" in check.reason


def test_a_tail_of_beta_users_does_not_outweigh_the_large_cohorts() -> None:
    """Three beta cohorts of 3–4 users reach periods 6–8 and keep everyone; the 400-user cohorts
    stop at period 5. The tail steps rest on 10 users, fewer than the rule's minimum."""
    big = [400, 200, 160, 140, 130, 125]
    rows = [(pd.Timestamp(f"2025-0{m}-01"), p, a) for m in (4, 5, 6) for p, a in enumerate(big)]
    for m, size in ((1, 3), (2, 3), (3, 4)):
        rows += [(pd.Timestamp(f"2025-0{m}-01"), p, size) for p in range(9)]
    analysis = compute.analyse_retention(
        pd.DataFrame(rows, columns=["cohort", "period", "active_users"])
    )
    assert int(analysis.average["period"].max()) == 5
    assert analysis.thin_periods == 3
    assert analysis.shape.verdict != "turns up"


# --------------------------------------------------------------------------------------------
# Survivorship
# --------------------------------------------------------------------------------------------


def test_a_high_share_of_former_users_qualifies_the_verdict(make_company, data_dir: Path) -> None:
    rows = wave("2025-05-05", 30, 30, na=40)
    result = assess(
        make_company,
        data_dir,
        "survivors",
        pmf_survey_csv=survey_csv(rows),
        **{"company.yaml": company_yaml(as_of="2025-06-01")},
    )
    check = next(c for c in result.checks if c.name == "Survivorship")
    assert check.outcome == "warn" and "40 of 100 answers (40.0%)" in check.reason
    assert result.figures["na_share"] == pytest.approx(0.4)
    few = checks.survivorship_check(compute.sean_ellis(["very"] * 9 + ["na"]))
    assert few.outcome == "pass"


# --------------------------------------------------------------------------------------------
# Advice premises, coherence and the one ranking
# --------------------------------------------------------------------------------------------


def test_the_ranking_is_by_severity_then_by_what_the_finding_blocks() -> None:
    polish = Recommendation(Severity.HIGH, "Polish", "", "community-practice")
    fit = Recommendation(Severity.HIGH, "Reach fit", "", "reach-fit")
    safety = Recommendation(Severity.HIGH, "Safety", "", "safety")
    runway = Recommendation(Severity.HIGH, "Runway", "", "runway")
    dark = Recommendation(Severity.MEDIUM, "Stop dark mode", "", "differentiate")
    critical = Recommendation(Severity.CRITICAL, "Critical", "", "differentiate")
    ranked = results.rank([dark, polish, safety, runway, fit, critical], limit=6)
    assert [r.title for r in ranked] == [
        "Critical",
        "Reach fit",
        "Runway",
        "Safety",
        "Polish",
        "Stop dark mode",
    ]
    assert set(coherence.TOPIC_ORDER) == set(coherence.TOPICS)


def test_contradictions_cover_safety_and_leaking_retention() -> None:
    scale = Recommendation(Severity.LOW, "Scale", "", "scale")
    safety = Recommendation(Severity.HIGH, "Safety basics", "", "safety")
    acquire = Recommendation(Severity.MEDIUM, "Aim acquisition", "", "acquisition")
    leaking = Recommendation(Severity.HIGH, "Why they leave", "", "retention")
    assert len(coherence.contradictions([scale, safety])) == 1
    assert len(coherence.contradictions([acquire, leaking])) == 1


def test_no_acquisition_advice_while_cohorts_keep_leaving(make_company, data_dir: Path) -> None:
    rows = wave("2025-05-05", 80, 20, segment="fans") + wave("2025-05-05", 40, 60, segment="rest")
    leaking = {f"2025-0{m}-01": [100, 60, 40, 25, 15, 8, 4] for m in (1, 2, 3)}
    result = assess(
        make_company,
        data_dir,
        "leaky",
        pmf_survey_csv=survey_csv(rows),
        retention_csv=retention_csv(leaking),
        **{"company.yaml": company_yaml(as_of="2025-10-31", runway_months=24)},
    )
    assert result.status == "reached"
    assert "retention" in topics(result) and "acquisition" not in topics(result)
    segment = next(r for r in result.recommendations if r.title.startswith("Double down"))
    assert "acquisition" not in segment.title  # the roadmap only, while cohorts leak
    assert coherence.contradictions(result.recommendations) == []


def test_every_check_and_recommendation_carries_its_evidence_into_the_json(
    make_company, data_dir: Path
) -> None:
    rows = wave("2025-03-03", 12, 48) + wave("2025-05-05", 18, 42) + wave("2025-07-07", 21, 39)
    result = assess(
        make_company,
        data_dir,
        "json",
        pmf_survey_csv=survey_csv(rows),
        **{"company.yaml": company_yaml(as_of="2025-08-01", runway_months=12)},
    )
    data = results.to_dict(result)
    by_name = {check["name"]: check for check in data["checks"]}
    fit = by_name["Sean Ellis fit"]["evidence"]
    assert fit["n"] == 60 and fit["needed"] == 30 and fit["test"] == "Wilson interval"
    time = by_name["Time to fit"]["evidence"]
    assert time["test"].startswith("Cochran–Armitage") and time["p_value"] is not None
    advice = [r for r in data["recommendations"] if not r["title"].startswith("Fix what")]
    assert advice and all(r["evidence"] is not None for r in advice)


def test_the_thresholds_table_states_the_evidence_rules() -> None:
    table = present.thresholds_table()
    values = dict(zip(table["Rule"], table["Value"], strict=True))
    assert values[rules.MIN_ANSWERS.label].endswith("; Wilson interval (95%)")
    assert "Holm" in values[rules.SEGMENT_TEST.label]
    assert "Cochran–Armitage" in values[rules.TREND_TEST.label]
    for rule in (rules.REFUTED_FIT, rules.PROJECTION_TARGET, rules.SURVIVORSHIP_SHARE):
        assert rule.label in values


# --------------------------------------------------------------------------------------------
# Retention against what the business needs
# --------------------------------------------------------------------------------------------


def six_month_cohorts(kept_at_six: int) -> str:
    """Three cohorts of 100 that keep ``kept_at_six`` users from period 3 on (to period 6)."""
    actives = [100, 80, 70, kept_at_six, kept_at_six, kept_at_six, kept_at_six]
    return retention_csv({f"2025-0{m}-01": actives for m in (1, 2, 3)})


@pytest.mark.parametrize(
    ("model", "kept", "outcome", "level"),
    [
        ("smb-saas", 59, "fail", "below good"),
        ("smb-saas", 60, "pass", "good"),  # exactly at the edge is good
        ("smb-saas", 80, "pass", "great"),
        ("consumer-social", 30, "pass", "good"),
    ],
)
def test_six_month_retention_is_judged_against_the_business_model(
    make_company, data_dir: Path, model: str, kept: int, outcome: str, level: str
) -> None:
    slug = f"{model}-{kept}"
    result = assess(
        make_company,
        data_dir,
        slug,
        retention_csv=six_month_cohorts(kept),
        **{"company.yaml": company_yaml(as_of="2025-12-31", business_model=model)},
    )
    check = next(c for c in result.checks if c.name == "Retention for the business model")
    assert check.outcome == outcome and f": {level}" in check.reason
    assert "Lenny Rachitsky and Casey Winters" in check.reason
    if level == "below good":
        assert "retention" in topics(result)


def test_without_a_business_model_the_floor_alone_applies(make_company, data_dir: Path) -> None:
    result = assess(
        make_company,
        data_dir,
        "no-model",
        retention_csv=six_month_cohorts(59),
        **{"company.yaml": company_yaml(as_of="2025-12-31")},
    )
    assert all(c.name != "Retention for the business model" for c in result.checks)
    assert "retention" not in topics(result)


def test_an_unknown_business_model_is_a_clear_error() -> None:
    config, problems = io.parse_company_config(company_yaml(business_model="b2b"))
    assert config is None
    assert problems[0].column == "business_model" and "smb-saas" in problems[0].expected
    config, _ = io.parse_company_config(company_yaml(business_model="enterprise-saas"))
    assert config is not None and config.business_model == "enterprise-saas"
    written = io.dump_company_config_full(config)
    assert io.parse_company_config(written)[0] == config
    assert rules.RETENTION_BANDS.names == io.BUSINESS_MODELS


def test_the_notebook_prose_types_no_threshold() -> None:
    """The TTPMF notebook's Markdown cells state no number of their own (section numbers aside):
    every threshold in its prose is generated from the rules."""
    notebook = json.loads(
        (Path(__file__).parent.parent / "notebooks" / "03_ttpmf.ipynb").read_text("utf-8")
    )
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = re.sub(r"^#+ \d+\. ", "", "".join(cell["source"]), flags=re.MULTILINE)
        assert not re.search(r"\d", text), text[:200]
    prose = present.status_intro() + present.trajectory_intro() + present.sean_ellis_intro()
    assert rules.DECISIVE_SHORTFALL.value in prose and rules.REFUTED_FIT.text in prose
    assert rules.SEGMENT_TEST.test in present.segments_intro()


def test_a_strong_belonging_level_from_too_few_answers_unlocks_no_scaling() -> None:
    """A network-effect product with confirmed fit may scale only on a strong belonging level
    that rests on an adequate wave; a "strong" read from a thin wave asks to rebuild (measure)
    the community first, never to scale."""
    from dataclasses import dataclass as _dataclass

    from test_ttpmf import advice_for, confirmed, topics

    from workbook.belonging.rules import WAVE_EVIDENCE

    @_dataclass(frozen=True)
    class ThinBelonging:
        status: str
        recommendations: tuple[Recommendation, ...] = ()
        level_evidence: Evidence | None = None

    fit = confirmed(date(2025, 1, 1))
    reading = ThinBelonging("strong", level_evidence=WAVE_EVIDENCE.judge(4))
    thin = advice_for(fit, reading, network_effects=True)  # type: ignore[arg-type]
    assert topics(thin) == [(Severity.HIGH, "rebuild-community")]
    assert "too few answers" in thin[0].reason
    adequate = ThinBelonging("strong", level_evidence=WAVE_EVIDENCE.judge(200))
    assert topics(advice_for(fit, adequate, network_effects=True)) == [(Severity.LOW, "scale")]  # type: ignore[arg-type]


@pytest.mark.parametrize("slug", io.list_companies(), ids=str)
def test_the_summary_never_blames_a_deadline_the_projection_meets(slug: str) -> None:
    """An "at risk" summary names the mark or the runway only when the projected date is after
    it; a projection that lands in time but lacks evidence says so instead (tandem once read
    "projected for 2027-04-17, after the runway ends (2028-06-30)")."""
    result = ttpmf.assess(io.load_company(slug))
    projected = result.figures.get("projected_fit_date")
    match = re.search(r"after the runway ends \((\d{4}-\d{2}-\d{2})\)", result.summary)
    if match and projected is not None:
        assert projected > date.fromisoformat(match.group(1)), result.summary
    match = re.search(r"after the \d+-month mark \((\d{4}-\d{2}-\d{2})\)", result.summary)
    if match and projected is not None:
        assert projected > date.fromisoformat(match.group(1)), result.summary


@pytest.mark.parametrize("slug", io.list_companies(), ids=str)
def test_the_result_is_the_same_whoever_computes_belonging(slug: str) -> None:
    """The TTPMF page assesses on its own while the summary passes the belonging result: both
    must give the same JSON, or a page compares itself with its own render and reports that
    "details changed" (the pages' history)."""
    company = io.load_company(slug)
    from workbook import registry

    assert results.to_dict(ttpmf.assess(company)) == results.to_dict(
        registry.assess_company(company)["ttpmf"]
    )
