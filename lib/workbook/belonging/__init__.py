"""The belonging assessment: does the product's community give its members a sense of belonging?

``rules`` declares every threshold; the compute side (``scoring``, ``survey``, ``alpha``,
``health``, ``goals``, ``launch``, ``safety``, ``result``; one import as ``compute``) scores the
survey, checks reliability, community health, SPACES goals, the launch and trust & safety;
``wording`` writes the summary and check reasons; ``advice`` ranks what to do; ``present`` turns
the result into tables, Markdown and the notebook's prose; :func:`assess` wires them into one
frozen :class:`BelongingResult`. Imports run one way: rules → compute → wording → advice →
present. Typical use::

    from workbook import belonging, io

    result = belonging.assess(io.load_company("ledgerly"))
    result.status, result.figures["index"], belonging.present.subscale_table(result)
    belonging.present.waves_table(result)  # the belonging trend, one row per survey wave
"""

from workbook.belonging import advice, compute, present, rules, wording
from workbook.belonging.assess import assess
from workbook.belonging.compute import (
    BelongingResult,
    GoalTrace,
    HealthMeasure,
    SegmentSubscale,
    SpacesResult,
    SubscaleReliability,
    SurveyWaves,
    TrustSafetyResult,
    WaveIndex,
    alpha_band,
    assign_survey_waves,
    belonging_index,
    community_health,
    cronbach_alpha,
    index_scores,
    reliability,
    reverse_scored,
    score_range,
    score_responses,
    segment_indices,
    segment_subscales,
    shown_alpha,
    spaces_fit,
    subscale_indices,
    survey_waves,
    trust_safety,
    weekly_health,
)
from workbook.belonging.wording import launch_readiness

__all__ = [
    "BelongingResult",
    "GoalTrace",
    "HealthMeasure",
    "SegmentSubscale",
    "SpacesResult",
    "SubscaleReliability",
    "SurveyWaves",
    "TrustSafetyResult",
    "WaveIndex",
    "advice",
    "alpha_band",
    "assess",
    "assign_survey_waves",
    "belonging_index",
    "community_health",
    "compute",
    "cronbach_alpha",
    "index_scores",
    "launch_readiness",
    "present",
    "reliability",
    "reverse_scored",
    "rules",
    "score_range",
    "score_responses",
    "segment_indices",
    "segment_subscales",
    "shown_alpha",
    "spaces_fit",
    "subscale_indices",
    "survey_waves",
    "trust_safety",
    "weekly_health",
    "wording",
]
