"""The TTPMF assessment of one company: compute, then words, advice and checks, then the frozen
:class:`~workbook.ttpmf.compute.TTPMFResult` (the function the registry calls)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from workbook import belonging as belonging_assessment
from workbook.ttpmf import advice, checks, wording
from workbook.ttpmf.compute import (
    RETENTION_FILE,
    SURVEY_FILE,
    BelongingReading,
    FitFinding,
    FitTimeline,
    SeanEllisScore,
    SegmentAnalysis,
    Trajectory,
    TTPMFResult,
    analyse_retention,
    analyse_segments,
    figures,
    fit_evidence,
    fit_trend,
    latest_answers,
    project_fit,
    read_fit,
    retention_band,
    sean_ellis,
    segment_scores,
    trend_evidence,
    trend_waves,
    wave_scores,
)
from workbook.ttpmf.timeline import judge_timeline
from workbook.waves import assign_waves
from workbook.window import drop_after

if TYPE_CHECKING:
    from workbook.io import Company


def assess(company: Company, belonging: BelongingReading | None = None) -> TTPMFResult:
    """Assess time to product/market fit for a loaded company; missing files degrade gracefully.

    Answers dated after the company's as-of date are left out (counted in
    ``answers_after_as_of``); a survey left empty by that is reported in ``missing``.
    ``belonging`` is the belonging result when the caller has it (the registry passes it; tests
    pass a stand-in); when fit is confirmed or provisional and none is given, it is computed
    with ``workbook.belonging.assess``, because the advice to scale depends on it
    (:data:`SCALING_NEEDS`).
    """
    config = company.config
    missing = {
        name: advice_text
        for name in (SURVEY_FILE, RETENTION_FILE)
        if (advice_text := company.missing_message(name))
    }
    retention = (
        None if company.retention is None else analyse_retention(company.retention, company.as_of)
    )

    survey = company.pmf_survey
    after = 0
    if survey is not None:
        survey, after = drop_after(survey, "submitted_at", company.as_of)
        survey = survey.reset_index(drop=True)
        if survey.empty:
            missing[SURVEY_FILE] = wording.no_answers_before(SURVEY_FILE, company.as_of)
            survey = None
    read = _read_survey(company, survey)
    timeline, fit, trajectory, analysis = read.timeline, read.fit, read.trajectory, read.analysis
    timeline = dataclasses.replace(timeline, reason=wording.timeline_reason(timeline))
    band = retention_band(retention, config.business_model)
    if belonging is None and fit.level in ("confirmed", "provisional"):
        # Only a company at or above the bar needs it.
        belonging = belonging_assessment.assess(company)
    recommendations = advice.recommend(
        timeline=timeline,
        trajectory=trajectory,
        segment_analysis=analysis,
        retention=retention,
        belonging=belonging,
        network_effects=config.network_effects,
        fit_evidence=fit_evidence(fit),
        trend_evidence=trend_evidence(trajectory),
        retention_band=band,
    )
    # The level the advice was checked against: only at or above the bar is it needed, so the
    # result is the same whether or not the caller passed the belonging result.
    needed = fit.level in ("confirmed", "provisional")
    level = belonging.status if belonging is not None and needed else None
    return TTPMFResult(
        status=timeline.status,
        summary=wording.summarise(timeline),
        figures=figures(timeline, trajectory, fit, analysis, retention, level),
        checks=checks.checks(
            timeline,
            trajectory,
            fit,
            retention,
            read.overall,
            after,
            checks.retention_band_check(band, config.business_model),
        ),
        recommendations=recommendations,
        missing=missing,
        company=config.name,
        timeline=timeline,
        fit=fit,
        answers_after_as_of=after,
        overall=read.overall,
        trajectory=trajectory,
        segments=read.segments,
        segment_analysis=analysis,
        retention=retention,
        belonging_level=level,
    )


@dataclass(frozen=True)
class _SurveyReading:
    """What the survey says: the timeline judged on it, the fit, the overall score, the
    trajectory and the segments (the survey parts None without usable answers)."""

    timeline: FitTimeline
    fit: FitFinding = field(default_factory=FitFinding)
    overall: SeanEllisScore | None = None
    trajectory: Trajectory | None = None
    segments: pd.DataFrame | None = None
    analysis: SegmentAnalysis | None = None


def _read_survey(company: Company, survey: pd.DataFrame | None) -> _SurveyReading:
    """Score the waves, read fit, project it when needed, judge the timeline and read the
    segments (each respondent once); without answers, the timeline alone."""
    config = company.config
    if survey is None:
        return _SurveyReading(
            judge_timeline(
                config.started, company.as_of, config.runway_months, waves=0, projection=None
            )
        )
    assignment = assign_waves(survey["submitted_at"])
    waves = wave_scores(survey, config.started, assignment.numbers)
    fit = read_fit(waves)
    if fit.level == "none" or not fit.adequate:
        trend, projection = project_fit(waves, config.started, company.as_of)
    else:
        trend, projection = fit_trend(waves)[0], None
    timeline = judge_timeline(
        config.started,
        company.as_of,
        config.runway_months,
        fit=fit,
        waves=int((waves["n"] > 0).sum()),
        trend_waves=len(trend_waves(waves)),
        projection=projection,
        trend=trend,
    )
    trajectory = Trajectory(config.started, waves, trend, timeline.projection, assignment.grouping)
    people = latest_answers(survey)
    segments = segment_scores(people)
    return _SurveyReading(
        timeline,
        fit,
        sean_ellis(survey["answer"]),
        trajectory,
        segments,
        analyse_segments(people, segments),
    )
