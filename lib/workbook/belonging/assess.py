"""The belonging assessment end to end: compute, advice and wording wired into one result.

:func:`assess` is what the registry calls. It scores the survey wave by wave, judges community
health, goals, the launch and trust & safety (compute), asks :mod:`~workbook.belonging.advice`
what to do, has :mod:`~workbook.belonging.wording` write the summary and check reasons, and
builds one frozen :class:`~workbook.belonging.result.BelongingResult`. Each part degrades on its
own: when its input file is missing or invalid it is left out, and ``missing`` says which file
to add.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from workbook.belonging import advice, wording
from workbook.belonging.alpha import SubscaleReliability, reliability
from workbook.belonging.goals import spaces_fit
from workbook.belonging.health import (
    ACTIVITY_MEASURES_MISSING,
    community_health,
    missing_activity_measures,
    weekly_health,
)
from workbook.belonging.launch import launch_findings
from workbook.belonging.result import (
    BelongingResult,
    community_size,
    figures,
    level_of,
    weakest,
)
from workbook.belonging.safety import trust_safety
from workbook.belonging.scoring import (
    DATA_FILES,
    SURVEY_FILE,
    SegmentSubscale,
    belonging_index,
    index_scores,
    score_responses,
    segment_indices,
    segment_subscales,
    subscale_indices,
)
from workbook.belonging.survey import SurveyWaves, assign_survey_waves, in_wave, survey_waves
from workbook.io import Company
from workbook.stats import Estimate


@dataclass(frozen=True)
class _Survey:
    """What the survey gave: the waves, and the current wave's index, subscales, segments and
    α (empty without a usable survey)."""

    waves: SurveyWaves | None = None
    index: Estimate | None = None
    respondents: int = 0
    subscales: dict[str, Estimate] = field(default_factory=dict)
    segments: dict[str, Estimate] = field(default_factory=dict)
    cells: tuple[SegmentSubscale, ...] = ()
    alphas: tuple[SubscaleReliability, ...] = ()


def _survey(company: Company) -> _Survey:
    """Score the survey: every wave feeds the trend; the current state is the wave that sets the
    level, so a member re-surveyed in several waves is counted once."""
    survey, instrument = company.belonging_survey, company.instrument
    if survey is None or instrument is None:
        return _Survey()
    assignment = assign_survey_waves(survey)
    every_wave = index_scores(score_responses(survey, instrument), instrument)
    waves = survey_waves(every_wave, assignment, company.as_of)
    current = waves.current
    latest = in_wave(assignment, None if current is None else current.number)
    indexed = every_wave[latest]
    index: Estimate | None = belonging_index(indexed)
    return _Survey(
        waves=waves,
        index=None if index is None or index.value is None else index,
        respondents=len(indexed),
        subscales=subscale_indices(indexed, instrument),
        segments=segment_indices(indexed),
        cells=segment_subscales(indexed, instrument),
        alphas=reliability(survey[latest], instrument),
    )


def _missing(company: Company, scored: _Survey, activity: pd.DataFrame | None) -> dict[str, str]:
    """The advice for each input that could not be used (or gave nothing to judge)."""
    missing = {
        file: company.missing_message(file) for file in DATA_FILES if company.missing_message(file)
    }
    if scored.waves is not None and scored.index is None:
        missing[SURVEY_FILE] = wording.unscored_survey_message()
    absent_measures = missing_activity_measures(activity)
    if absent_measures:
        missing[ACTIVITY_MEASURES_MISSING] = wording.missing_activity_message(
            absent_measures, company.slug
        )
    return missing


def assess(company: Company) -> BelongingResult:
    """Run the belonging assessment on a loaded company; missing files leave their part out.

    The survey is grouped into waves (:mod:`workbook.waves`): the index, subscales, segments and
    α describe the latest wave, and every wave's index forms the belonging trend.
    """
    scored = _survey(company)
    activity = company.community_activity
    missing = _missing(company, scored, activity)
    goals = company.community_goals
    practices = trust_safety(company.team_assessment)
    health = community_health(activity, scored.waves, company.as_of)
    spaces = None if goals is None else spaces_fit(goals, company.config.stage)
    launch = wording.launch_checks(launch_findings(company.config.community, company.config.stage))
    weakest_subscale = weakest(scored.subscales)
    instrument = company.instrument
    labels = {s.id: s.label for s in instrument.subscales} if instrument else {}
    level = level_of(scored.index, practices.score, practices.evidence.sufficient)
    recommendations = advice.recommend(
        level=level,
        waves=scored.waves,
        index=scored.index,
        subscales=scored.subscales,
        subscale_labels=labels,
        weakest_subscale=weakest_subscale,
        trust_safety=practices,
        launch_checks=launch,
        spaces=spaces,
        reliability=scored.alphas,
        health=health,
        missing=missing,
        community_size=community_size(activity, scored.waves),
    )
    return BelongingResult(
        status=level,
        summary=wording.summary(level, scored.index, practices, scored.waves),
        figures=figures(
            scored.index,
            scored.subscales,
            scored.alphas,
            practices,
            health,
            scored.respondents,
            weakest_subscale,
            scored.waves,
        ),
        checks=launch
        + (wording.spaces_checks(spaces) if spaces else ())
        + wording.trust_safety_checks(practices)
        + tuple(wording.reliability_check(r) for r in scored.alphas),
        recommendations=recommendations,
        missing=missing,
        company=company.name,
        stage=company.config.stage,
        instrument=instrument,
        respondents=scored.respondents,
        waves=scored.waves,
        index=scored.index,
        subscales=scored.subscales,
        segments=scored.segments,
        segment_subscales=scored.cells,
        reliability=scored.alphas,
        health=health,
        weekly=None if activity is None else weekly_health(activity),
        spaces=spaces,
        launch_checks=launch,
        trust_safety=practices,
        weakest_subscale=weakest_subscale,
        community_given=company.config.community is not None,
        sources={file: company.sources.get(file, "missing") for file in DATA_FILES},
        rows={
            file: len(frame) for file in DATA_FILES if (frame := company.frame(file)) is not None
        },
    )
