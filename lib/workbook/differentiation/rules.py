"""The differentiation assessment's rules: every threshold and method constant, declared once.

Code compares against ``RULE.value``; the thresholds table and every sentence of notebook prose
that states a threshold are generated from these declarations by :mod:`.present`. The fixed
vocabularies (verdicts, readings of the share, Kano categories, cross-check findings) live here
too.
"""

from __future__ import annotations

from typing import Literal, get_args

from workbook.evidence import EvidenceRule
from workbook.io import DATA_FILES
from workbook.results import Outcome
from workbook.rules import Rule, rules_in
from workbook.stats import MIN_RELIABLE_N

# --------------------------------------------------------------------------------------------
# Thresholds (in the order of the thresholds table)
# --------------------------------------------------------------------------------------------

TARGET_SHARE = Rule(
    "Target share",
    0.20,
    "about {value:.0%}",
    "About a fifth of the product, by importance, is enough to give customers a reason to "
    "switch while keeping what they already know.",
)
TARGET_BAND = Rule(
    "Target band",
    (0.15, 0.25),
    "{value[0]:.0%}–{value[1]:.0%}",
    "A reinvention share inside this band (both ends included) is on target.",
)
CLONE_BELOW = Rule(
    "Clone below",
    0.10,
    "{value:.0%}",
    "Below this share the product reads as a clone: nothing of its own, always catching up.",
)
REBUILD_ABOVE = Rule(
    "Rebuild-everything above",
    0.35,
    "{value:.0%}",
    "Above this share so little that is proven is kept that the road to fit is almost as long "
    "as starting from nothing.",
)
MOSTLY_CORE = Rule(
    "Mostly core",
    0.5,
    "more than {value:.0%}",
    "The share of the reinvention (by importance) that must sit in the core for the difference "
    "to shape the main experience.",
)
BOLD_ALL_CORE = Rule(
    "Bold: all in the core",
    1.0,
    "{value:.0%} of the reinvention in the core",
    "Above the band (but not beyond the rebuild rule), the verdict is bold differentiation only "
    "when this share of the reinvention (by importance) sits in the core and is felt in time: "
    "one concentrated bet on what customers meet first. Change that spreads outside the core is "
    "scattered.",
)
FELT_WITHIN_SECONDS = Rule(
    "Felt within",
    30.0,
    "{value:.0f} s",
    "The fastest of the most important reinvented or new core features should be felt this "
    "soon after first use: a minor feature felt at once does not make up for the main "
    "reinvention taking minutes.",
)
CORE_REMOVED_ABOVE = Rule(
    "Core removed, at most",
    0.5,
    "{value:.0%} of the reference product's core (by importance)",
    "Removed features count as change. Removing more than this share of the core the "
    "customers know leaves them without the fundamentals they came for: it is flagged and the "
    "verdict cannot be focused.",
)
KANO_NEAR_TIE_MARGIN = Rule(
    "Kano near-tie margin",
    0.05,
    "{value:.0%} of answers",
    "Category counts this close to the top one make a near-tie: the feature is shown with every "
    "tied category, the most frequent first (e.g. A/M), and no single category is claimed.",
)
KANO_NEAR_TIE_STEP = Rule(
    "Near-tie risk",
    1,
    "warns, never fails; advice {value} severity level lower",
    "A near-tie is a risk for each category in it (a changed feature part of the customers see "
    "as must-be, effort part of them are indifferent to), but only part of the customers see it "
    "that way: its check warns instead of failing and its advice is less urgent than for a "
    "clear category.",
)
FONG_Z = Rule(
    "Fong factor",
    1.65,
    "{value}",
    "Fong's critical factor for whether the two most frequent Kano categories really differ. "
    "When they do not, the feature is mixed: shown with both categories, like a near-tie, and "
    "no single category is claimed.",
)
KANO_MIN_ANSWERS = EvidenceRule(
    "Answers per feature",
    MIN_RELIABLE_N,
    "at least {value}",
    "A feature's Kano category from fewer answers is shown but flagged as too few to trust, "
    "and it drives no check or advice.",
    test="Fong's test",
    level=0.10,
)
QUADRANT_THRESHOLD = Rule(
    "Quadrant split",
    0.5,
    "{value}",
    "Better and |Worse| at or above this value count as high in the Better/Worse quadrants.",
)
MIN_DIVERGENCE = Rule(
    "Minimum divergence",
    1.0,
    "{value:.1f} points",
    "A value curve closer than this to the others' mean curve, or to any one product, tracks "
    "it rather than standing apart.",
)
TOP_FACTORS = Rule(
    "Factors named",
    3,
    "{value}",
    "How many factors are named as the ones where the value curve departs most.",
)


def all_rules() -> tuple[Rule, ...]:
    """Every rule of the assessment as currently declared, in declaration order."""
    return rules_in(globals())


# --------------------------------------------------------------------------------------------
# The files this assessment reads, and the scales of their columns
# --------------------------------------------------------------------------------------------

FEATURES_FILE = "features.csv"
KANO_FILE = "kano_survey.csv"
CANVAS_FILE = "strategy_canvas.csv"


def _column_range(file: str, column: str) -> tuple[int, int]:
    """The declared bounds of a numeric column of the data contract."""
    rule = next(c for c in DATA_FILES[file].columns if c.name == column)
    if rule.minimum is None or rule.maximum is None:
        raise ValueError(f"{file}: column {column} declares no range")
    return int(rule.minimum), int(rule.maximum)


#: A feature's importance to customers, from minor to central (see docs/data-contract.md).
IMPORTANCE_SCALE = _column_range(FEATURES_FILE, "importance")
#: How much a product offers on a strategy canvas factor (see docs/data-contract.md).
CANVAS_SCALE = (0, 10)

# --------------------------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------------------------

Verdict = Literal[
    "focused differentiation",
    "bold differentiation",
    "scattered",
    "clone",
    "rebuild-everything",
    "not assessed",
]
#: The verdicts, from the best to "not assessed" (the assessment's status vocabulary).
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)
Reading = Literal[
    "clone",
    "below the band",
    "on target",
    "above the band",
    "rebuild-everything",
    "not defined",
]
#: Where a reinvention share falls on the scale, from low to high (or "not defined").
READINGS: tuple[Reading, ...] = get_args(Reading)

#: The changes that make a product different from the one it builds on.
DIFFERENTIATING_CHANGES = ("reinvented", "new")

#: Kano categories in the order used to break ties (must-be first): M must-be,
#: O one-dimensional, A attractive, I indifferent, R reverse, Q questionable.
KANO_CATEGORIES = ("M", "O", "A", "I", "R", "Q")
KANO_LABELS = {
    "M": "must-be",
    "O": "one-dimensional",
    "A": "attractive",
    "I": "indifferent",
    "R": "reverse",
    "Q": "questionable",
}
#: The standard Kano evaluation table: rows are the answer to the functional question ("how do
#: you feel if the product has this?"), columns the answer to the dysfunctional one ("... if it
#: does not?"), both in the order like, expect, neutral, tolerate, dislike.
KANO_TABLE: tuple[tuple[str, ...], ...] = (
    ("Q", "A", "A", "A", "O"),  # like
    ("R", "I", "I", "I", "M"),  # expect
    ("R", "I", "I", "I", "M"),  # neutral
    ("R", "I", "I", "I", "M"),  # tolerate
    ("R", "R", "R", "R", "Q"),  # dislike
)

#: Cross-check findings (the ``finding`` column of ``KanoFinding.risks``).
MUST_BE_CHANGED = "must-be feature changed: a fundamental customers expect as it was"
INDIFFERENT_EFFORT = "reinvented or new but indifferent: effort without differentiation"
REVERSE_REINVENTED = "reinvented or new but rejected: customers would rather not have it (reverse)"

#: What a networked product without any community data is doing.
CLONE_WITHOUT_COMMUNITY = "cloning the product without its community"
#: The outcome of the community check for each belonging level.
BELONGING_OUTCOME: dict[str, Outcome] = {
    "strong": "pass",
    "developing": "warn",
    "weak": "fail",
    "not assessed": "fail",
}
#: Belonging levels at which a networked product must rebuild its community before growth
#: (the "Network effects and weak belonging" rule of ``workbook.coherence.CROSS_RULES``); no
#: community data at all counts the same way.
REBUILD_COMMUNITY_LEVELS = ("weak", "not assessed")
#: The name of that cross-assessment rule in ``workbook.coherence.CROSS_RULES``.
NETWORK_CROSS_RULE = "Network effects and weak belonging"
