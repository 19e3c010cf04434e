"""The TTPMF rules: every threshold and method choice, declared once, plus the fixed vocabularies.

The compute layer compares against ``RULE.value``; the thresholds table and every sentence of the
notebook that states a threshold are generated from these declarations (see
:mod:`workbook.ttpmf.present`), so no number is typed twice. Rules are listed in the order the
thresholds table shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from workbook.rules import Rule, rules_in
from workbook.stats import CONFIDENCE, MIN_RELIABLE_N


@dataclass(frozen=True)
class ScaledRule(Rule):
    """A rule on shares that people read in other units: ``text`` formats ``value × scale``.

    ``FLAT_TREND_SLOPE`` is compared as a share per month (0.001) but reads "1.2 percentage
    points a year" (``scale`` 1,200); a difference of shares reads in percentage points
    (``scale`` 100).
    """

    scale: float = 100

    @property
    def text(self) -> str:
        """The scaled value as people read it, e.g. "1 percentage point per period"."""
        return self.template.format(value=self.value * self.scale)


# --------------------------------------------------------------------------------------------
# The Sean Ellis score and fit
# --------------------------------------------------------------------------------------------

FIT_THRESHOLD = Rule(
    "Fit bar (Sean Ellis)",
    0.40,
    "{value:.0%} very disappointed",
    "Sean Ellis found that products which reach this share of very disappointed users tend to "
    "grow; below it growth spending mostly leaks away.",
)
CONFIRMED_FIT = Rule(
    "Confirmed fit",
    CONFIDENCE,
    "the {value:.0%} Wilson interval's lower bound is at or above the bar",
    "A share just above the bar can be chance; when even the interval's lower bound clears it, "
    "the fit is unlikely to be a fluke of who answered.",
)
MIN_ANSWERS = Rule(
    "Too few answers",
    MIN_RELIABLE_N,
    "fewer than {value} answers (N/A excluded)",
    "The share of a small wave or segment swings widely by chance, so it is shown but flagged, "
    "and it cannot decide fit.",
)
WAVE_GAP_DAYS = Rule(
    "Survey waves",
    21,
    "answer days at most {value} days apart form one wave",
    "A survey sent out once collects answers over a few weeks; a longer pause means a new "
    "round of the survey.",
)
FIT_REACHED = Rule(
    "Fit reached",
    "the first wave of the latest unbroken run of waves with enough answers at or above the bar",
    "{value}, a run that continues through the latest such wave",
    "One good wave after a bad one is not fit; a run that is still unbroken at the latest "
    "reliable wave is, and it started at its first wave.",
)
FIT_EVIDENCE = Rule(
    "Fit: confirmed or provisional",
    "the latest wave with enough answers",
    "judged on {value}: confirmed when its interval's lower bound clears the bar, provisional "
    "when only its share does",
    "The latest reliable wave is the one that keeps the run going, so it says whether fit "
    "still stands and how sure we are.",
)

# --------------------------------------------------------------------------------------------
# Segments and what fans value
# --------------------------------------------------------------------------------------------

MIN_SEGMENT_ANSWERS = Rule(
    "Best segment",
    MIN_RELIABLE_N,
    "highest share among named segments with {value}+ answers",
    "Fit usually appears in one group first; a handful of enthusiasts must not win by chance.",
)
SEGMENT_LIFT = ScaledRule(
    "Segment stands out",
    0.05,
    "share at least {value:g} percentage points above the overall share",
    "A segment only slightly above the average is not worth narrowing the product for.",
    scale=100,
)
FAN_BENEFIT_WORDS = Rule(
    "Benefit match",
    3,
    "the fans' top {value} benefit words",
    "The somewhat disappointed who name the same benefit as fans are the closest to becoming "
    "fans; a few words catch them without matching everyone.",
)
TOP_TERMS = Rule(
    "Phrases and words listed",
    8,
    "the top {value} of each",
    "Enough to see the themes without a long tail of single mentions.",
)

IMPROVEMENT_THEMES = Rule(
    "Improvement themes named",
    3,
    "the {value} most common improvement words",
    "A recommendation names a few themes to fix; the full list is in the improvements table.",
)

# --------------------------------------------------------------------------------------------
# Retention
# --------------------------------------------------------------------------------------------

MIN_COHORTS_PER_PERIOD = Rule(
    "Retention average",
    3,
    "size-weighted, over periods reached by {value}+ cohorts (all of them when there are fewer)",
    "The tail of the average curve must not rest on one or two cohorts.",
)
FLAT_PERIODS = Rule(
    "Retention window",
    3,
    "the last {value} periods of the average curve",
    "The shape of the curve's end is what matters; its slope over a few periods moves less "
    "with one noisy point than a difference of two ends.",
)
FLAT_MAX_LOSS_PER_PERIOD = ScaledRule(
    "Retention flattens",
    0.01,
    "loses less than {value:g} percentage point per period over the window",
    "A curve that levels off means a core of users has found lasting value.",
    scale=100,
)
TURN_UP_MIN_GAIN_PER_PERIOD = ScaledRule(
    "Retention turns up",
    0.01,
    "gains {value:g} percentage point or more per period over the window",
    "Retention that rises again is a possible sign of a network effect: users get more from "
    "the product as others join.",
    scale=100,
)

# --------------------------------------------------------------------------------------------
# Trajectory and projection
# --------------------------------------------------------------------------------------------

TREND_MODEL = Rule(
    "Trend model",
    "weighted least squares of each wave's share on months since the start, weighted by the "
    "wave's number of answers (N/A excluded)",
    "{value}",
    "A straight line is the simplest honest summary of the pace; bigger waves count more.",
)
MIN_TREND_WAVES = Rule(
    "Trend",
    2,
    "needs at least {value} waves with answers",
    "One wave shows where the share is, not which way it moves.",
)
FLAT_TREND_SLOPE = ScaledRule(
    "Flat trend",
    0.001,
    "rises {value:g} percentage points a year or less",
    "At such a pace fit would take decades, so no date is projected.",
    scale=1200,
)
PROJECTION_HORIZON_MONTHS = Rule(
    "Projection horizon",
    120,
    "{value} months from the start",
    "A crossing later than this is not a plan; it is reported as beyond the horizon.",
)
BOOTSTRAP_RESAMPLES = Rule(
    "Projection range",
    1_000,
    "{value:,} bootstrap resamples of the respondents",
    "Enough resamples for a stable range that still computes in milliseconds.",
)
PROJECTION_RANGE = Rule(
    "Projection range quantiles",
    (0.025, 0.975),
    "between the {value[0]:.1%} and {value[1]:.1%} quantiles of the resampled crossings",
    "The same coverage as every other interval in the workbook; it reflects sampling noise "
    "only and assumes the pace stays what it has been.",
)
BOOTSTRAP_SEED = Rule(
    "Bootstrap seed",
    20_240_501,
    "{value} (fixed)",
    "A fixed seed makes the range the same on every run, so reports can be compared.",
)
DAYS_PER_MONTH = Rule(
    "Average month",
    365.25 / 12,
    "{value:.2f} days",
    "Months since the start are counted in average months so that the trend is not bent by "
    "month lengths.",
)

# --------------------------------------------------------------------------------------------
# The timeline, status and buffer
# --------------------------------------------------------------------------------------------

EARLY_FIT_MONTHS = Rule(
    "Ambitious time to fit",
    12,
    "{value} months after the start",
    "Fit within a year is ambitious and leaves most of the runway for growth.",
)
FIT_DEADLINE_MONTHS = Rule(
    "Latest healthy time to fit",
    24,
    "{value} months after the start",
    "Teams that search longer than this tend to lose energy and conviction; past it without "
    "fit the company is overdue.",
)
RUNWAY_START = Rule(
    "Runway",
    "the as-of date",
    "counted in months from {value}",
    "runway_months in company.yaml is the runway left when the data was taken.",
)
MIN_MARKETING_BUFFER_MONTHS = Rule(
    "Marketing buffer",
    6,
    "at least {value} months of runway after fit",
    "After fit the job becomes finding the channels and messages that scale, which takes time "
    "and money.",
)


def all_rules() -> tuple[Rule, ...]:
    """Every TTPMF rule in declaration order, read when called (so a replaced rule shows)."""
    return rules_in(globals())


# --------------------------------------------------------------------------------------------
# Vocabularies and fixed labels
# --------------------------------------------------------------------------------------------

TTPMFStatus = Literal["reached", "on track", "at risk", "overdue", "insufficient data"]
#: The TTPMF statuses, in the order the status rules are applied (see the registry's tones).
STATUSES: tuple[TTPMFStatus, ...] = (
    "reached",
    "on track",
    "at risk",
    "overdue",
    "insufficient data",
)

WaveFit = Literal["confirmed", "provisional", "not reached", "not defined"]
#: How one group's share reads against the bar (the "Fit" column of the wave and segment tables).
WAVE_FIT_LABELS: tuple[WaveFit, ...] = ("confirmed", "provisional", "not reached", "not defined")

Fit = Literal["confirmed", "provisional", "none"]
#: The company's fit figure (see :data:`FIT_EVIDENCE`).
FIT_LEVELS: tuple[Fit, ...] = ("confirmed", "provisional", "none")

RetentionShapeWord = Literal[
    "flattens", "turns up", "keeps falling", "falls to zero", "not enough periods"
]
#: The shapes an average retention curve can take, in the order they are tested.
RETENTION_SHAPES: tuple[RetentionShapeWord, ...] = (
    "not enough periods",
    "falls to zero",
    "turns up",
    "flattens",
    "keeps falling",
)

#: Label of answers without a segment; they are shown but never picked as the best segment.
NO_SEGMENT = "(no segment)"

_STOP_WORDS_TEXT = """
    a about after all also am an and any are as at be because been being but by can could did do
    does doing for from get gets got had has have having i if in into is it its it's just less
    like lot make makes me more most much my need no not of on one or our out over so some such
    than that the their them then there these they this those to too up us use used using very
    was we were what when which while will with would you your
"""
#: Words too common to say anything about a benefit or an improvement (our own short list).
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
