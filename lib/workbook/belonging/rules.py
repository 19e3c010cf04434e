"""The belonging assessment's rules: every threshold and method choice, declared once.

Code compares against ``rule.value``; the thresholds table and every notebook sentence that states
a threshold are generated from these declarations (see :mod:`workbook.belonging.present`), so a
changed value changes every place that states it. Read rules through this module at call time
(``rules.STRONG_INDEX.value``) so that a replaced rule takes effect everywhere.
"""

from __future__ import annotations

from typing import Final, Literal

from workbook import waves
from workbook.evidence import EvidenceRule
from workbook.io import TRUST_SAFETY_PRACTICES
from workbook.rules import Rule, rules_in
from workbook.stats import CONFIDENCE, MIN_RELIABLE_N

# --------------------------------------------------------------------------------------------
# Scoring and the Belonging Index
# --------------------------------------------------------------------------------------------

MIN_ANSWERED_SHARE = Rule(
    "Scored when at least this share of a scale's items is answered",
    0.5,
    "{value:.0%}",
    "A member who skipped most statements of a scale gets no score rather than a guess.",
)
INDEX_MAX = Rule(
    "Belonging Index scale",
    100,
    "0–{value:g}",
    "Zero means every answer at the bottom of the scale, the top value every answer at the top.",
)
CONFIDENCE_LEVEL = Rule(
    "Confidence of every interval",
    CONFIDENCE,
    "{value:.0%}",
    "The range that covers the true value in that share of repeated surveys (shared by every "
    "assessment).",
)
MIN_RELIABLE = Rule(
    "Too few answers to trust below",
    MIN_RELIABLE_N,
    "{value} respondents",
    "Smaller groups are shown but flagged: their interval is too wide to act on (shared by "
    "every assessment).",
)
MAX_SEGMENTS_SHOWN = Rule(
    "Segments shown on their own",
    12,
    "the {value} largest",
    "The remaining segments are pooled so that tables and charts stay readable.",
)

INDEX_DIGITS = Rule(
    "The Belonging Index and the trust & safety score are banded at",
    1,
    "{value} decimal",
    "Each is rounded once, before it is compared with a band: an index of exactly 50 that "
    "floating-point arithmetic computes as 49.999… keeps its band, and the band always matches "
    "the value shown.",
)

# --------------------------------------------------------------------------------------------
# Evidence: how much data a judgement needs before it is made
# --------------------------------------------------------------------------------------------

WAVE_EVIDENCE = EvidenceRule(
    "A survey wave sets the level with at least",
    MIN_RELIABLE_N,
    "{value} distinct respondents",
    "The level is read from the latest wave with this many members (and, for a survey that runs "
    "all the time, from a finished month or quarter): a handful of answers after a full wave "
    "cannot turn weak into strong. With no such wave the level is provisional and unlocks "
    "nothing.",
    test="Student-t interval of the mean",
    level=round(1 - CONFIDENCE, 10),
)
ALPHA_EVIDENCE = EvidenceRule(
    "Cronbach's α passes from at least",
    MIN_RELIABLE_N,
    "{value} complete answers",
    "α from fewer complete answers swings by chance: it is shown, but the reliability check "
    "does not pass on it.",
)
BELONGING_CHANGE = EvidenceRule(
    "A change in belonging between two waves is claimed with at least",
    3,
    "{value} respondents in each wave",
    "Two waves from the same community differ by chance; a rise or fall is claimed only when "
    "Welch's t-test (unequal variances) finds the difference unlikely under no change.",
    test="Welch's t-test",
    level=0.05,
)
ACTIVITY_CHANGE = EvidenceRule(
    "A change in activity or value is claimed with at least",
    6,
    "{value} weeks in each window",
    "Weekly figures wobble; a window of a few launch weeks is no baseline. A rise or fall is "
    "claimed only when Welch's t-test on the weekly values of the two windows finds it unlikely "
    "under no change.",
    test="Welch's t-test",
    level=0.05,
)

# --------------------------------------------------------------------------------------------
# Reliability (Cronbach's alpha)
# --------------------------------------------------------------------------------------------

ALPHA_EXCELLENT = Rule(
    "Cronbach's α: excellent from",
    0.9,
    "{value:g}",
    "Members answer the scale's statements very consistently: its score reads as one thing.",
)
ALPHA_GOOD = Rule(
    "Cronbach's α: good from",
    0.8,
    "{value:g}",
    "Consistent enough to compare groups with confidence.",
)
ALPHA_ACCEPTABLE = Rule(
    "Cronbach's α: acceptable from",
    0.7,
    "{value:g}",
    "Consistent enough to read the score, with care for small differences.",
)
ALPHA_QUESTIONABLE = Rule(
    "Cronbach's α: questionable from",
    0.6,
    "{value:g}",
    "The statements only partly agree: read the score next to its statements.",
)
ALPHA_POOR = Rule(
    "Cronbach's α: poor from",
    0.5,
    "{value:g}",
    "The statements barely agree; below this the consistency is unacceptable.",
)
ALPHA_DIGITS = Rule(
    "Cronbach's α is shown and banded at",
    2,
    "{value} decimals",
    "α is rounded once, before it is compared with the bands: a value that floating-point "
    "arithmetic lands a hair below a bound keeps its band, and the band always matches the value "
    "shown.",
)
ALPHA_WARNING_BELOW = Rule(
    "Reliability warning below α",
    0.7,
    "{value:g}",
    "Below it a subscale's statements do not hang together well enough to read its score alone.",
)

#: The band below the lowest bound, and the band of an α that could not be computed.
ALPHA_BAND_BELOW = "unacceptable"
ALPHA_NOT_DEFINED = "not defined"


def alpha_bands() -> tuple[tuple[Rule, str], ...]:
    """The α bands, highest first: α at or above a rule's value earns the label."""
    return (
        (ALPHA_EXCELLENT, "excellent"),
        (ALPHA_GOOD, "good"),
        (ALPHA_ACCEPTABLE, "acceptable"),
        (ALPHA_QUESTIONABLE, "questionable"),
        (ALPHA_POOR, "poor"),
    )


# --------------------------------------------------------------------------------------------
# Community health
# --------------------------------------------------------------------------------------------

HEALTH_WINDOW_WEEKS = Rule(
    "Health windows",
    12,
    "latest {value} weeks vs the {value} before",
    "A quarter of weekly data is long enough to smooth out a quiet week and short enough to "
    "show a change.",
)
STEADY_WITHIN = Rule(
    "Steady when the change is within",
    0.05,
    "{value:.0%} of the earlier value",
    "Smaller moves are within the noise of week-to-week activity. From an earlier value of zero "
    "a relative change is not defined: any rise from nothing is rising, never steady.",
)

# --------------------------------------------------------------------------------------------
# SPACES goals (objectives by stage: method choices without numbers)
# --------------------------------------------------------------------------------------------

#: Plain names of the SPACES objectives (the codes are those of community_goals.csv).
SPACES_LABELS: dict[str, str] = {
    "support": "Support",
    "product": "Product feedback",
    "acquisition": "Acquisition",
    "contribution": "Contribution",
    "engagement": "Engagement",
    "success": "Success",
}
#: Objectives each stage needs someone to own.
STAGE_NEEDS: dict[str, tuple[str, ...]] = {
    "pre-pmf": ("acquisition", "engagement"),
    "pmf": ("support", "success"),
    "scaling": ("support", "success"),
}
#: Objectives that also fit a stage without being required.
STAGE_ALSO_FITS: dict[str, tuple[str, ...]] = {
    "pre-pmf": ("product",),
    "pmf": (),
    "scaling": (),
}

# --------------------------------------------------------------------------------------------
# Launch readiness
# --------------------------------------------------------------------------------------------

FOUNDING_MEMBERS = Rule(
    "Founding members at launch",
    (10, 50),
    "{value[0]}–{value[1]}",
    "Fewer cannot carry a conversation; more cannot be welcomed one by one.",
)
MAX_LAUNCH_CHANNELS = Rule(
    "Channels at launch, at most",
    3,
    "{value}",
    "More channels spread the first conversations too thin.",
)
LAUNCH_ADVICE_UP_TO = Rule(
    "Relaunch advice only for a community of at most",
    500,
    "{value} members",
    "Restarting around a few founding members fits a small community; a community that has "
    "already grown past this is strengthened where it is, not relaunched.",
)
LAUNCH_FAIL_FACTOR = Rule(
    "A launch check fails beyond",
    2,
    "{value}× its limit",
    "A little outside a limit is worth a look; far outside it (or at zero) undermines the launch.",
)

# --------------------------------------------------------------------------------------------
# Trust & safety practices
# --------------------------------------------------------------------------------------------

ANSWER_POINTS = Rule(
    "Points per trust & safety answer",
    {"yes": 1.0, "partly": 0.5, "no": 0.0},
    "yes {value[yes]:g}, partly {value[partly]:g}, no {value[no]:g}",
    "A practice half in place earns half; unanswered practices do not count at all.",
)
TRUST_SAFETY_EVIDENCE = EvidenceRule(
    "Strong also needs the trust & safety checklist answered in full",
    len(TRUST_SAFETY_PRACTICES),
    "{value} practices answered",
    "An unanswered practice is not a pass: until every practice is answered there is not "
    "enough evidence that belonging is protected, so the level cannot be strong.",
)
TRUST_SAFETY_SCALE = Rule(
    "Trust & safety score scale",
    100.0,
    "0–{value:g}",
    "The mean points over the practices answered, times this value.",
)

# --------------------------------------------------------------------------------------------
# The level
# --------------------------------------------------------------------------------------------

STRONG_INDEX = Rule(
    "Strong belonging: Belonging Index at least",
    70.0,
    "{value:g}",
    "Most members agree with most statements: the community gives them a place.",
)
DEVELOPING_INDEX = Rule(
    "Developing belonging: Belonging Index at least",
    50.0,
    "{value:g}",
    "Members lean towards agreeing; below it they lean towards disagreeing (weak).",
)
TRUST_SAFETY_FOR_STRONG = Rule(
    "Strong also needs a trust & safety score of at least",
    70.0,
    "{value:g}",
    "Belonging that is not protected does not last, so weak practices cap the level.",
)

#: The level, the assessment's status vocabulary (the registry lists the same words).
Level = Literal["strong", "developing", "weak", "not assessed"]
LEVELS: tuple[Level, ...] = ("strong", "developing", "weak", "not assessed")
NOT_ASSESSED: Final = "not assessed"


def all_rules() -> tuple[Rule, ...]:
    """Every rule of the assessment, in declaration order (read at call time), followed by the
    shared survey-wave rules of :mod:`workbook.waves` that group the survey into waves."""
    shared = (waves.WAVE_GAP_DAYS, waves.CONTINUOUS_AFTER_DAYS, waves.MIN_PERIOD_ANSWERS)
    return rules_in(globals()) + shared
