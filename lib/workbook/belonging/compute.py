"""The belonging assessment's numbers and checks, one import for the whole compute side.

The work is split by concern, each module importing only :mod:`~workbook.belonging.rules` and
the modules listed before it:

* :mod:`~workbook.belonging.scoring`: the survey scored with an instrument (reverse items
  flipped, short answers prorated), summarised as a 0–100 Belonging Index with its interval
  overall, per subscale and per segment;
* :mod:`~workbook.belonging.survey`: the survey's waves, the index of each (the belonging trend)
  and the wave that sets the level;
* :mod:`~workbook.belonging.alpha`: reliability with Cronbach's α (banded on the value shown);
* :mod:`~workbook.belonging.health`: community health (activity, value, belonging), the latest
  weeks against those before and the latest survey wave against the one before;
* :mod:`~workbook.belonging.goals`, :mod:`~workbook.belonging.launch`,
  :mod:`~workbook.belonging.safety`: SPACES goals, launch readiness, trust & safety;
* :mod:`~workbook.belonging.result`: the level and the frozen :class:`BelongingResult`.

They return numbers, outcomes and frozen dataclasses; the sentences are written by
:mod:`~workbook.belonging.wording` and :mod:`~workbook.belonging.present`, and
:func:`workbook.belonging.assess` wires everything into one result. Every threshold is read
from :mod:`workbook.belonging.rules`.
"""

from __future__ import annotations

from workbook.belonging.alpha import (
    SubscaleReliability,
    alpha_band,
    alpha_warning,
    cronbach_alpha,
    reliability,
    shown_alpha,
)
from workbook.belonging.goals import GoalTrace, SpacesResult, goal_progress, spaces_fit
from workbook.belonging.health import (
    ACTIVITY_INPUTS,
    ACTIVITY_MEASURES_MISSING,
    HealthMeasure,
    community_health,
    missing_activity_measures,
    wave_change_evidence,
    weekly_change_evidence,
    weekly_health,
)
from workbook.belonging.launch import LAUNCH_CHECK_NAMES, LaunchFinding, launch_findings
from workbook.belonging.result import (
    BelongingResult,
    banded,
    community_size,
    level_of,
    weakest,
)
from workbook.belonging.safety import TrustSafetyResult, trust_safety
from workbook.belonging.scoring import (
    ACTIVITY_FILE,
    DATA_FILES,
    GOALS_FILE,
    NO_SEGMENT,
    OTHER_SEGMENTS,
    SURVEY_FILE,
    TOTAL,
    SegmentSubscale,
    belonging_index,
    clipped,
    index_scores,
    mean_score,
    reverse_scored,
    score_range,
    score_responses,
    segment_indices,
    segment_subscales,
    subscale_indices,
)
from workbook.belonging.survey import (
    SurveyWaves,
    WaveIndex,
    assign_survey_waves,
    change_p,
    in_wave,
    survey_waves,
)

__all__ = [
    "ACTIVITY_FILE",
    "ACTIVITY_INPUTS",
    "ACTIVITY_MEASURES_MISSING",
    "DATA_FILES",
    "GOALS_FILE",
    "LAUNCH_CHECK_NAMES",
    "NO_SEGMENT",
    "OTHER_SEGMENTS",
    "SURVEY_FILE",
    "TOTAL",
    "BelongingResult",
    "GoalTrace",
    "HealthMeasure",
    "LaunchFinding",
    "SegmentSubscale",
    "SpacesResult",
    "SubscaleReliability",
    "SurveyWaves",
    "TrustSafetyResult",
    "WaveIndex",
    "alpha_band",
    "alpha_warning",
    "assign_survey_waves",
    "banded",
    "belonging_index",
    "change_p",
    "clipped",
    "community_health",
    "community_size",
    "cronbach_alpha",
    "goal_progress",
    "in_wave",
    "index_scores",
    "launch_findings",
    "level_of",
    "mean_score",
    "missing_activity_measures",
    "reliability",
    "reverse_scored",
    "score_range",
    "score_responses",
    "segment_indices",
    "segment_subscales",
    "shown_alpha",
    "spaces_fit",
    "subscale_indices",
    "survey_waves",
    "trust_safety",
    "wave_change_evidence",
    "weakest",
    "weekly_change_evidence",
    "weekly_health",
]
