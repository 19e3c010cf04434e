"""The TTPMF rules: every threshold and method choice, declared once, plus the fixed vocabularies.

The compute layer compares against ``RULE.value``; the thresholds table and every sentence of the
notebook that states a threshold are generated from these declarations (see
:mod:`workbook.ttpmf.present`), so no number is typed twice. Rules are listed in the order the
thresholds table shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from workbook import waves
from workbook.evidence import EvidenceRule
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
    "a wave with enough answers whose {value:.0%} Wilson interval's lower bound is at or above "
    "the bar",
    "A share just above the bar can be chance; when even the interval's lower bound clears it, "
    "on enough answers, the fit is unlikely to be a fluke of who answered.",
)
MIN_ANSWERS = EvidenceRule(
    "Evidence for a wave's share",
    MIN_RELIABLE_N,
    "at least {value} distinct respondents who still use the product (N/A excluded)",
    "The share of a smaller wave or segment swings widely by chance, so it is shown but "
    "flagged: it can neither confirm fit, steer the trend nor turn a status green.",
    test="Wilson interval",
    level=round(1 - CONFIDENCE, 10),
)
FIT_EVIDENCE = Rule(
    "Fit: confirmed, provisional or none",
    "the latest wave with enough answers (the latest wave with answers when none has enough)",
    "judged on {value}: confirmed when a wave of the unbroken run that reaches it confirms fit, "
    "provisional when its share is at or above the bar without that, none below the bar",
    "The latest reliable wave says whether fit still stands; a share at the bar that no "
    "reliable wave confirms is provisional and is never treated as fit.",
)
REFUTED_FIT = Rule(
    "Fit refuted",
    CONFIDENCE,
    "a later wave whose whole {value:.0%} Wilson interval lies below the bar (however few "
    "its answers)",
    "Fit stands only while the evidence does: a wave whose interval cannot even reach the bar "
    "says the share has fallen back, and its size is already counted in its interval.",
)
FIT_DATE = Rule(
    "Fit date",
    "the last day of the first wave that confirms fit",
    "{value}, within the latest unbroken run of waves with enough answers at or above the bar",
    "Fit is dated when the evidence for it was complete: the day its first confirming wave "
    "closed. The figures, the prose and the timeline all use this one date.",
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
SEGMENT_TEST = EvidenceRule(
    "Segment stands out: evidence",
    MIN_RELIABLE_N,
    "at least {value} distinct respondents in the segment, each counted once (their latest answer)",
    "With several segments one is always highest by chance; only a difference the test "
    "separates from noise, after allowing for the number of segments, is worth narrowing for.",
    test="two-proportion test against everyone else, Holm-corrected across the segments",
    level=0.05,
)
SEGMENT_LIFT = ScaledRule(
    "Segment stands out",
    0.05,
    "share at least {value:g} percentage points above the overall share",
    "A segment only slightly above the average is not worth narrowing the product for.",
    scale=100,
)
PHRASE_WORDS = Rule(
    "Phrases",
    (2, 4),
    "runs of {value[0]} to {value[1]} words, or a whole answer of up to the short-answer length",
    "A single word torn from an answer can mean its opposite (“less like” someone, "
    "“without leaving” somewhere); a run of words keeps what it was said about.",
)
SHORT_ANSWER_WORDS = Rule(
    "Short answer",
    6,
    "a whole answer of at most {value} words counts as a phrase",
    "A short answer is already a phrase in the respondent's own words, even a single word.",
)
PHRASE_EDGES = Rule(
    "Phrase edges",
    "neither starts nor ends with a filler word (the, and, of…), never ends with a word that "
    "changes what follows it (not, no, without, less, more…) and never starts right after one",
    "a phrase {value}",
    "A phrase cut out of “not fast enough” or “without leaving the terminal” would say the "
    "opposite of the answer it came from.",
)
FAN_BENEFIT_PHRASES = Rule(
    "Benefit match",
    3,
    "a benefit sharing a phrase with one of the fans' top {value} benefit phrases",
    "The somewhat disappointed who name the same benefit as fans are the closest to becoming "
    "fans; a few phrases catch them without matching everyone.",
)
TOP_PHRASES = Rule(
    "Phrases listed",
    8,
    "the top {value}; a phrase that only ever appears inside a longer one is listed as that one",
    "Enough to see the themes without a long tail of single mentions or the same phrase twice.",
)
QUOTES = Rule(
    "Quotes",
    3,
    "up to {value} verbatim answers, one per top phrase",
    "The respondents' own words show what a phrase meant to them.",
)
QUOTE_MAX_CHARACTERS = Rule(
    "Quote length",
    120,
    "answers of at most {value} characters are quoted",
    "A short answer can be quoted whole, so nothing is cut out of context.",
)
IMPROVEMENT_THEMES = Rule(
    "Improvement themes named",
    3,
    "the {value} most common improvement phrases",
    "A recommendation names a few themes to fix; the full list is in the improvements table.",
)

# --------------------------------------------------------------------------------------------
# Retention
# --------------------------------------------------------------------------------------------

RETENTION_AVERAGE = Rule(
    "Retention average",
    "each period's share of the users active the period before, over the cohorts that reached "
    "both periods, chained from period 0",
    "{value}",
    "Averaging whole cohorts period by period mixes them: later periods are reached only by the "
    "older cohorts, so such an average can rise while every cohort falls. Chaining compares "
    "like with like, so the average only shows a shape that the cohorts show.",
)
MIN_COHORTS_PER_PERIOD = Rule(
    "Retention average depth",
    3,
    "periods whose step {value}+ cohorts reached (all of them when there are fewer)",
    "The tail of the average curve must not rest on one or two cohorts.",
)
RETENTION_STEP_USERS = EvidenceRule(
    "Retention step evidence",
    MIN_RELIABLE_N,
    "each period's step rests on at least {value} users of the cohorts that reached it",
    "The tail of the curve is reached only by the oldest cohorts; a step that rests on a "
    "handful of early users (a beta cohort of ten) must not outweigh the large cohorts before.",
)
RETENTION_WINDOW = Rule(
    "Retention periods observed",
    "a cohort's period counts once it has ended on or before the as-of date",
    "{value}; later or unfinished periods are censored, not zero",
    "Exports lay retention out as a full cohort × period grid with 0 in the periods that have "
    "not happened; read as data they would turn any curve into a collapse.",
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
RETENTION_FLOOR = Rule(
    "Retention floor",
    0.10,
    "a curve that levels off below {value:.0%} still active flattens low",
    "A curve can level off at a level that is no real retention: when almost every user of a "
    "cohort is gone, the few who stay are too few to build on.",
)

RETENTION_MONTH = Rule(
    "Retention benchmark period",
    6,
    "the average curve at period {value} (month {value} after sign-up)",
    "Half a year in, the users who stay are the ones the business is built on; it is the "
    "period the published benchmarks compare.",
)


@dataclass(frozen=True)
class BandsRule(Rule):
    """A rule whose value maps each business model to its (good, great) shares; ``text`` lists
    them, so the table and the prose read the bands from the one declaration."""

    @property
    def text(self) -> str:
        """Every band as people read it ("smb-saas 60% / 80%; …")."""
        bands = "; ".join(f"{name} {good:.0%} / {great:.0%}" for name, good, great in self.value)
        return self.template.format(value=bands)

    @property
    def names(self) -> tuple[str, ...]:
        """The business models the rule knows, in declaration order."""
        return tuple(name for name, _, _ in self.value)

    def band(self, name: str) -> tuple[float, float]:
        """The (good, great) shares of one business model."""
        return next((good, great) for known, good, great in self.value if known == name)


RETENTION_BANDS = BandsRule(
    "Retention for the business model",
    (
        ("consumer-social", 0.25, 0.45),
        ("consumer-transactional", 0.30, 0.50),
        ("consumer-subscription", 0.40, 0.70),
        ("smb-saas", 0.60, 0.80),
        ("enterprise-saas", 0.70, 0.90),
    ),
    "good / great at the benchmark period: {value}",
    "Lenny Rachitsky and Casey Winters' survey of growth leaders: what good and great retention "
    "look like depends on the kind of business. With business_model in company.yaml the curve "
    "is judged against its band; below good it is no retention to scale on. Without it, the "
    "floor alone applies.",
)

# --------------------------------------------------------------------------------------------
# Trajectory and projection
# --------------------------------------------------------------------------------------------

TREND_MODEL = Rule(
    "Trend model",
    "weighted least squares of each wave's share on months since the start, weighted by the "
    "wave's number of answers (N/A excluded), over the waves with enough answers",
    "{value}",
    "A straight line is the simplest honest summary of the pace; bigger waves count more, and "
    "a wave too small to trust does not steer it.",
)
MIN_TREND_WAVES = Rule(
    "Trend",
    2,
    "needs at least {value} waves with enough answers",
    "One wave shows where the share is, not which way it moves.",
)
TREND_TEST = EvidenceRule(
    "Rising trend: evidence",
    MIN_RELIABLE_N,
    "waves of at least {value} respondents each, whose shares rise by test",
    "Two or three waves always differ a little; a rise (or a fall) is claimed only when a test "
    "for trend separates it from the noise of the waves' sizes.",
    test="Cochran–Armitage test for trend in proportions",
    level=0.05,
)
RECENT_TREND_WAVES = Rule(
    "Recent pace",
    3,
    "the line through the latest {value} waves with enough answers must still rise (not flat)",
    "A share that rose early and has since stalled is not on track: the pace that counts is "
    "the recent one.",
)
FLAT_TREND_SLOPE = ScaledRule(
    "Flat trend",
    0.001,
    "rises {value:g} percentage points a year or less",
    "At such a pace fit would take decades, so no date is projected.",
    scale=1200,
)
PROJECTION_TARGET = Rule(
    "Projection target",
    "the share at which a wave of the usual size (the median of the waves with enough "
    "answers) would confirm fit",
    "{value}",
    "Crossing the bar only makes fit provisional; the date that matters is when a wave of the "
    "size you run would confirm it.",
)
PROJECTION_HORIZON_MONTHS = Rule(
    "Projection horizon",
    120,
    "{value} months from the start",
    "A crossing later than this is not a plan; it is reported as beyond the horizon.",
)
EARLIEST_PROJECTION = Rule(
    "Earliest projection",
    "the as-of date (and the latest wave)",
    "never before {value}",
    "A crossing the line places in the past is not a forecast: the waves already show where the "
    "share stood then.",
)
PROJECTION_DRAWS = Rule(
    "Projection range",
    1_000,
    "{value:,} draws of every wave's share from its Beta posterior, trend refitted each time",
    "Enough draws for a stable range that still computes in milliseconds.",
)
PROJECTION_PRIOR = Rule(
    "Projection prior",
    0.5,
    "a Jeffreys prior, Beta({value}, {value}), updated with each wave's answers",
    "Even a wave at 0% or 100% leaves doubt about its true share, so the range never collapses "
    "to a point; this prior adds the least information of the usual choices.",
)
PROJECTION_RANGE = Rule(
    "Projection range quantiles",
    (0.025, 0.975),
    "between the {value[0]:.1%} and {value[1]:.1%} quantiles of the drawn crossings",
    "The same coverage as every other interval in the workbook; it reflects sampling noise "
    "only and assumes the pace stays what it has been.",
)
PROJECTION_SEED = Rule(
    "Projection seed",
    20_240_501,
    "{value} (fixed)",
    "A fixed seed makes the range the same on every run, so reports can be compared.",
)
DAYS_PER_MONTH = Rule(
    "Average month",
    365.25 / 12,
    "{value:.2f} days",
    "Months since the start (the trend and the time to fit) are counted in average months so "
    "that the trend is not bent by month lengths.",
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
DECISIVE_SHORTFALL = Rule(
    "One wave far below the bar",
    "after the ambitious mark, or with less runway than the marketing buffer",
    "a wave with enough answers whose whole interval lies below the bar, {value}, is at risk "
    "without waiting for a trend",
    "A large wave far below the bar late in the clock is evidence enough that fit is not "
    "near; waiting for a second wave would spend the months the runway lacks.",
)
SURVIVORSHIP_SHARE = Rule(
    "Survivorship",
    0.20,
    "N/A answers (“I no longer use it”) at {value:.0%} or more of all answers qualify the verdict",
    "The Sean Ellis share counts only people who still use the product; when many have already "
    "left, the share describes the survivors and can look better than the product is.",
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
    "at least {value} calendar months of runway after fit",
    "After fit the job becomes finding the channels and messages that scale, which takes time "
    "and money. It is counted in calendar months, like the runway, so that a runway of exactly "
    "that many months is not flagged for month lengths.",
)
SCALING_NEEDS = Rule(
    "Advice to scale",
    "fit is confirmed, a retention curve shows users staying (it flattens or turns up, and is "
    "not below the business model's good band), belonging is not weak (strong for a product "
    "that lives on network effects), and the belonging assessment does not itself advise "
    "strengthening the community or its safety",
    "only when {value}",
    "The three assessments tell one story: scaling on a provisional fit or into a community that "
    "cannot hold people yet spends the runway on users who will not stay.",
)


def all_rules() -> tuple[Rule, ...]:
    """Every TTPMF rule in declaration order, read when called (so a replaced rule shows), with
    the shared survey-wave rules of :mod:`workbook.waves` after the answer minimum."""
    own = rules_in(globals())
    after = own.index(MIN_ANSWERS) + 1
    shared = (waves.WAVE_GAP_DAYS, waves.CONTINUOUS_AFTER_DAYS, waves.MIN_PERIOD_ANSWERS)
    return (*own[:after], *shared, *own[after:])


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
    "flattens", "flattens low", "turns up", "keeps falling", "falls to zero", "not enough periods"
]
#: The shapes an average retention curve can take, in the order they are tested.
RETENTION_SHAPES: tuple[RetentionShapeWord, ...] = (
    "not enough periods",
    "falls to zero",
    "flattens low",
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
#: Words that change the meaning of what follows them: a phrase never starts right after one
#: (or ends on one), so "without leaving the terminal" never yields "leaving the terminal".
QUALIFIERS = frozenset(
    {"not", "no", "never", "without", "less", "more", "too", "very", "hardly", "barely", "instead"}
)
#: Filler words: a phrase never starts or ends with one (qualifiers may start a phrase).
FILLER_WORDS = STOP_WORDS - QUALIFIERS
