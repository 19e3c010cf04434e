"""The differentiation assessment's numbers and checks: no tables for display, no Markdown.

Four sources are read:

* ``features.csv``: the **reinvention share** (importance-weighted share of reinvented and new
  features among those not removed), the **core share** (how much of that reinvention sits in the
  core of the product) and the **time to differentiation** (how fast the quickest reinvented or
  new core feature is felt);
* ``kano_survey.csv``: what customers say, classified with the **Kano model** (evaluation table,
  the category by most frequent answer, the **Fong test** and **Berger et al.**'s Better/Worse
  coefficients), cross-checked against the feature inventory;
* ``strategy_canvas.csv``: the **value curves** and how far the product's curve departs from
  the others;
* the belonging result, when the product depends on network effects: copying a networked
  product without also rebuilding its community copies an empty room.

:func:`assess` combines them into one frozen :class:`DifferentiationResult`, built once. Every
threshold is a rule of :mod:`.rules`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import pandas as pd

from workbook.differentiation import rules
from workbook.differentiation.advice import it_or_them, it_was, only_share, recommend
from workbook.differentiation.rules import (
    DIFFERENTIATING_CHANGES,
    INDIFFERENT_EFFORT,
    KANO_CATEGORIES,
    KANO_TABLE,
    MUST_BE_CHANGED,
    REVERSE_REINVENTED,
    Verdict,
)
from workbook.evidence import Evidence
from workbook.format import number, seconds, share
from workbook.io import FEATURE_AREAS, FEATURE_CHANGES, KANO_ANSWERS, Company
from workbook.results import AssessmentResult, Check, Outcome, Recommendation
from workbook.stats import Estimate, safe_ratio

FEATURES_FILE = "features.csv"
KANO_FILE = "kano_survey.csv"
CANVAS_FILE = "strategy_canvas.csv"

# --------------------------------------------------------------------------------------------
# Reinvention share, core share and time to differentiation (features.csv)
# --------------------------------------------------------------------------------------------


def reinvention_reading(value: float | None) -> str:
    """Place a reinvention share on the scale clone / below / on target / above / rebuild."""
    if value is None:
        return "not defined"
    low, high = rules.TARGET_BAND.value
    if value < rules.CLONE_BELOW.value:
        return "clone"
    if value < low:
        return "below the band"
    if value <= high:
        return "on target"
    if value <= rules.REBUILD_ABOVE.value:
        return "above the band"
    return "rebuild-everything"


def is_mostly_core(core_share: float | None) -> bool:
    """True when more than the :data:`~.rules.MOSTLY_CORE` share of the reinvention is core."""
    return core_share is not None and core_share > rules.MOSTLY_CORE.value


def is_all_core(core_share: float | None) -> bool:
    """True when the reinvention sits in the core as fully as :data:`~.rules.BOLD_ALL_CORE`
    asks (compared with a tolerance, so that a share computed as 0.9999999 counts)."""
    if core_share is None:
        return False
    bar = rules.BOLD_ALL_CORE.value
    return core_share >= bar or math.isclose(core_share, bar, rel_tol=1e-9)


def all_core_words() -> str:
    """The bold rule's core share in words: "all", or e.g. "90%" when the rule is lowered."""
    bar = rules.BOLD_ALL_CORE.value
    return "all" if bar >= 1 else share(bar)


def is_felt_fast(fastest_seconds: float | None) -> bool:
    """True when a core difference is felt within :data:`~.rules.FELT_WITHIN_SECONDS`."""
    return fastest_seconds is not None and fastest_seconds <= rules.FELT_WITHIN_SECONDS.value


def is_felt(seconds_to_experience: pd.Series) -> pd.Series:
    """Per feature: True when felt in time, False when later, NA when not measured."""
    felt = (seconds_to_experience <= rules.FELT_WITHIN_SECONDS.value).astype("boolean")
    return felt.mask(seconds_to_experience.isna())


def share_zones(value: float | None) -> pd.DataFrame:
    """The zones of the share scale (``zone``, ``start``, ``end``); the last ends past the share.

    The scale ends at the tenth above the share, and at least at 60%.
    """
    upper = max(0.6, (math.floor((value or 0) * 10) + 1) / 10)
    low, high = rules.TARGET_BAND.value
    edges = [0.0, rules.CLONE_BELOW.value, low, high, rules.REBUILD_ABOVE.value, upper]
    zones = [r for r in rules.READINGS if r != "not defined"]
    return pd.DataFrame({"zone": zones, "start": edges[:-1], "end": edges[1:]})


@dataclass(frozen=True, eq=False)
class ReinventionFinding:
    """What the feature inventory says about how much was reinvented, where, and how visibly.

    ``share`` (every change: reinvented, new and removed, by importance) and ``core_share``
    (the share of the reinvented and new features that sits in the core) are None when not
    defined. ``core_removed`` is the share of the reference product's core (by importance) that
    was removed. ``fastest_seconds`` is the quickest measured feature among the most important
    reinvented or new core features; those without a measurement are in ``not_measured``.
    ``inventory`` has one row per change and area with ``features`` and summed
    ``importance``; ``differentiating`` lists the reinvented and new features, core first,
    fastest first.
    """

    share: float | None
    core_share: float | None
    core_removed: float | None
    fastest_seconds: float | None
    fastest_feature: str | None
    core_candidates: int
    not_measured: tuple[str, ...]
    inventory: pd.DataFrame
    differentiating: pd.DataFrame
    checks: tuple[Check, ...]

    @property
    def share_check(self) -> Check:
        """Whether the reinvention share is in the target band."""
        return self.checks[0]

    @property
    def core_check(self) -> Check:
        """Whether the reinvention sits mostly in the core."""
        return self.checks[1]

    @property
    def time_check(self) -> Check:
        """Whether a reinvented or new core feature is felt within the time limit."""
        return self.checks[2]

    @property
    def reading(self) -> str:
        """Where the share falls: clone, below the band, on target, above the band, rebuild."""
        return reinvention_reading(self.share)

    @property
    def in_band(self) -> bool:
        """True when the share is within the target band."""
        return self.reading == "on target"

    @property
    def mostly_core(self) -> bool:
        """True when more than the mostly-core share of the reinvention sits in the core."""
        return is_mostly_core(self.core_share)

    @property
    def all_core(self) -> bool:
        """True when the reinvention sits in the core as fully as the bold rule asks."""
        return is_all_core(self.core_share)

    @property
    def felt_fast(self) -> bool:
        """True when a reinvented or new core feature is felt within the time limit."""
        return is_felt_fast(self.fastest_seconds)

    @property
    def core_gutted(self) -> bool:
        """True when more of the reference product's core was removed than the
        ``CORE_REMOVED_ABOVE`` rule allows."""
        return self.core_removed is not None and self.core_removed > rules.CORE_REMOVED_ABOVE.value


def assess_reinvention(features: pd.DataFrame) -> ReinventionFinding:
    """Reinvention share, core share and time to differentiation from a feature inventory.

    Shares are weighted by ``importance`` so that one big reinvented feature counts for more than
    a handful of small ones. Removed features count as change (the share is every change over
    every feature, removed ones included: customers miss what was taken away), and removing
    most of the reference product's core is flagged. The time to differentiation is that of the
    most important reinvented or new core features, so a minor feature felt at once cannot
    stand in for the main reinvention.
    """
    inventory = (
        features.assign(
            change=pd.Categorical(features["change"], categories=FEATURE_CHANGES),
            area=pd.Categorical(features["area"], categories=FEATURE_AREAS),
        )
        .groupby(["change", "area"], observed=False)
        .agg(features=("feature", "size"), importance=("importance", "sum"))
        .reset_index()
    )
    inventory["change"] = inventory["change"].astype(str)
    inventory["area"] = inventory["area"].astype(str)
    inventory["features"] = inventory["features"].astype("int64")
    inventory["importance"] = inventory["importance"].astype("int64")

    reinvented = features[features["change"].isin(DIFFERENTIATING_CHANGES)]
    changed = features[features["change"] != "kept"]
    value = safe_ratio(float(changed["importance"].sum()), float(features["importance"].sum()))
    core = reinvented[reinvented["area"] == "core"]
    core_share = safe_ratio(float(core["importance"].sum()), float(reinvented["importance"].sum()))
    reference_core = features[(features["area"] == "core") & (features["change"] != "new")]
    removed_core = reference_core[reference_core["change"] == "removed"]
    core_removed = safe_ratio(
        float(removed_core["importance"].sum()), float(reference_core["importance"].sum())
    )

    # "Felt in time" is judged on the most important reinvented or new core features only.
    main = core[core["importance"] == core["importance"].max()] if len(core) else core
    measured = main.dropna(subset=["seconds_to_experience"])
    fastest_seconds = fastest_feature = None
    if len(measured):
        fastest = measured.sort_values(["seconds_to_experience", "feature"], kind="stable").iloc[0]
        fastest_seconds = float(fastest["seconds_to_experience"])
        fastest_feature = str(fastest["feature"])
    not_measured = tuple(sorted(main.loc[main["seconds_to_experience"].isna(), "feature"]))

    differentiating = (
        reinvented.assign(_peripheral=reinvented["area"] != "core")
        .sort_values(["_peripheral", "seconds_to_experience", "feature"], kind="stable")
        .drop(columns="_peripheral")
        .reset_index(drop=True)
    )
    checks = (
        _share_check(value, core_removed),
        _core_check(core_share, reinvention_reading(value)),
        _time_check(len(core), fastest_seconds, fastest_feature, len(not_measured)),
    )
    return ReinventionFinding(
        share=value,
        core_share=core_share,
        core_removed=core_removed,
        fastest_seconds=fastest_seconds,
        fastest_feature=fastest_feature,
        core_candidates=len(core),
        not_measured=not_measured,
        inventory=inventory,
        differentiating=differentiating,
        checks=checks,
    )


def _share_check(value: float | None, core_removed: float | None = None) -> Check:
    name = "Reinvention share in the target band"
    band = rules.TARGET_BAND.text
    shown = share(value)
    reading = reinvention_reading(value)
    if reading == "not defined":
        return Check(name, "not assessed", "No feature is listed, so no share.")
    if core_removed is not None and core_removed > rules.CORE_REMOVED_ABOVE.value:
        return Check(
            name,
            "fail",
            f"{shown} of the product is changed, and {share(core_removed)} of the reference "
            f"product's core (by importance) was removed, more than "
            f"{rules.CORE_REMOVED_ABOVE.text}: customers lose the fundamentals they know.",
        )
    if reading == "on target":
        return Check(name, "pass", f"{shown} of the product is reinvented: inside {band}.")
    if reading == "clone":
        return Check(
            name,
            "fail",
            f"Only {shown} is reinvented (below {rules.CLONE_BELOW.text}): the product reads as "
            "a clone that can only ever catch up.",
        )
    if reading == "rebuild-everything":
        return Check(
            name,
            "fail",
            f"{shown} is reinvented (above {rules.REBUILD_ABOVE.text}): so little is kept that "
            "the road to fit is almost as long as starting from nothing.",
        )
    side = "below" if reading == "below the band" else "above"
    return Check(name, "warn", f"{shown} is reinvented, {side} the {band} band.")


def _core_check(core_share: float | None, reading: str = "on target") -> Check:
    """Whether the reinvention sits in the core: mostly, or all of it when the share is above
    the band (the bold rule)."""
    name = "Reinvention sits in the core"
    if core_share is None:
        return Check(
            name, "not assessed", "Nothing is reinvented or new, so there is no core share."
        )
    in_core = f"{share(core_share)} of the reinvention (by importance) is in the core"
    if reading == "above the band":
        band = rules.TARGET_BAND.text
        if is_all_core(core_share):
            return Check(
                name,
                "pass",
                f"{in_core}: above the {band} band, {all_core_words()} of it in the core keeps "
                "the change concentrated where customers look first.",
            )
        return Check(
            name,
            "fail",
            f"{only_share(core_share).capitalize()} of the reinvention (by importance) is in the "
            f"core; above the {band} band, {all_core_words()} of it must be, or the extra change "
            "is scattered.",
        )
    if is_mostly_core(core_share):
        return Check(name, "pass", f"{in_core}.")
    return Check(
        name,
        "fail",
        f"{only_share(core_share).capitalize()} of the reinvention (by importance) is in the "
        f"core; {rules.MOSTLY_CORE.text} is needed for the difference to shape the main "
        "experience.",
    )


def _time_check(
    core_candidates: int,
    fastest_seconds: float | None,
    fastest_feature: str | None,
    unmeasured: int,
) -> Check:
    limit = rules.FELT_WITHIN_SECONDS.text
    name = f"Difference felt within {limit}"
    if core_candidates == 0:
        return Check(name, "not assessed", "No reinvented or new feature sits in the core.")
    if fastest_seconds is None:
        return Check(
            name,
            "not assessed",
            "Not measured: none of the most important reinvented or new core features has "
            "seconds_to_experience filled in.",
        )
    fastest = (
        f"The fastest of the most important reinvented or new core features, {fastest_feature}, "
        f"is felt after {seconds(fastest_seconds)}"
    )
    if is_felt_fast(fastest_seconds):
        return Check(name, "pass", f"{fastest}, within {limit}.")
    if unmeasured:
        return Check(
            name,
            "warn",
            f"{fastest}, later than {limit}; {unmeasured} core feature(s) are not measured "
            "and may be faster.",
        )
    return Check(name, "fail", f"{fastest}, later than {limit}.")


# --------------------------------------------------------------------------------------------
# Kano (kano_survey.csv)
# --------------------------------------------------------------------------------------------

_ANSWER_INDEX = {answer: position for position, answer in enumerate(KANO_ANSWERS)}
_ANSWERS = pd.Index(KANO_ANSWERS)
_TABLE_CODES = np.array(
    [[KANO_CATEGORIES.index(category) for category in row] for row in KANO_TABLE], dtype=np.int8
)


def _answer_position(answer: str) -> int:
    key = str(answer).strip().lower()
    if key not in _ANSWER_INDEX:
        raise ValueError(f"Kano answer {answer!r}: expected one of {', '.join(KANO_ANSWERS)}")
    return _ANSWER_INDEX[key]


def kano_category(functional: str, dysfunctional: str) -> str:
    """The Kano category (M, O, A, I, R or Q) of one answer pair, by the evaluation table.

    Answers are like, expect, neutral, tolerate or dislike (any case); anything else raises
    ``ValueError``.
    """
    return KANO_TABLE[_answer_position(functional)][_answer_position(dysfunctional)]


def _answer_codes(answers: Iterable[str]) -> np.ndarray:
    """Positions of answers in ``KANO_ANSWERS``; raise ``ValueError`` on unknown ones."""
    series = pd.Series(answers, copy=False)
    codes = _ANSWERS.get_indexer(series)
    if (codes < 0).any():  # slow path only for answers that need trimming or lower-casing
        series = series.astype("string").str.strip().str.lower()
        codes = _ANSWERS.get_indexer(series)
        unknown = series[codes < 0].unique()
        if len(unknown):
            shown = ", ".join(repr(v) for v in list(unknown)[:5])
            raise ValueError(f"Kano answers {shown}: expected one of {', '.join(KANO_ANSWERS)}")
    return codes


def classify_kano(functional: Iterable[str], dysfunctional: Iterable[str]) -> pd.Series:
    """The Kano category of every answer pair at once (same table as :func:`kano_category`).

    Returns a categorical Series (categories ``KANO_CATEGORIES``) aligned with ``functional``.
    Vectorised: a 100,000-answer survey is classified in milliseconds.
    """
    functional_codes = _answer_codes(functional)
    dysfunctional_codes = _answer_codes(dysfunctional)
    if len(functional_codes) != len(dysfunctional_codes):
        raise ValueError("functional and dysfunctional answers must have the same length")
    codes = _TABLE_CODES[functional_codes, dysfunctional_codes]
    index = functional.index if isinstance(functional, pd.Series) else None
    return pd.Series(pd.Categorical.from_codes(codes, categories=KANO_CATEGORIES), index=index)


def kano_counts(survey: pd.DataFrame) -> pd.DataFrame:
    """Per feature (rows, sorted), the number of answers in each Kano category (columns)."""
    categories = classify_kano(survey["functional"], survey["dysfunctional"])
    counts = (
        pd.DataFrame({"feature": survey["feature"].to_numpy(), "category": categories.to_numpy()})
        .groupby(["feature", "category"], observed=False)
        .size()
        .unstack("category", fill_value=0)
    )
    counts = counts.reindex(columns=list(KANO_CATEGORIES), fill_value=0).astype("int64")
    counts.columns.name = None
    return counts


def kano_contenders(counts: Mapping[str, int], margin: float | None = None) -> tuple[str, ...]:
    """The categories that share the top: the most frequent one and every near-tie with it.

    A category is a contender when it has answers and its count is within ``margin`` × all
    answers of the highest count (by default the :data:`~.rules.KANO_NEAR_TIE_MARGIN` rule).
    Contenders are ordered as the top-two column ranks them: most answers first, exact ties in
    M, O, A, I, R, Q order. One contender is a clear category; several are a near-tie. Empty
    without answers.
    """
    if margin is None:
        margin = rules.KANO_NEAR_TIE_MARGIN.value
    tally = {category: int(counts.get(category, 0)) for category in KANO_CATEGORIES}
    total = sum(tally.values())
    if total == 0:
        return ()
    cutoff = max(tally.values()) - margin * total
    ranked = sorted(KANO_CATEGORIES, key=lambda c: (-tally[c], KANO_CATEGORIES.index(c)))
    return tuple(c for c in ranked if tally[c] > 0 and tally[c] >= cutoff)


def kano_dominant(counts: Mapping[str, int], margin: float | None = None) -> str | None:
    """The category by most frequent answer, or a near-tie shown as both (``"A/M"``).

    See :func:`kano_contenders` for the order and the margin. None without answers.
    """
    contenders = kano_contenders(counts, margin)
    return "/".join(contenders) if contenders else None


def decided_categories(counts: Mapping[str, int], top: FongResult) -> tuple[str, ...]:
    """The categories a feature is shown with: the near-tie contenders, and when Fong's test
    does not separate the two most frequent categories, both of them (the feature is mixed,
    so no single category is claimed: a 19/16/5 split is not "most see it as must-be")."""
    contenders = kano_contenders(counts)
    if top.significant or top.second_count == 0 or top.second in contenders:
        return contenders
    return (*contenders, top.second)


def category_words(categories: Sequence[str]) -> str:
    """How customers see a feature, in words: "must-be", or "attractive or must-be"."""
    return " or ".join(rules.KANO_LABELS[c] for c in categories)


@dataclass(frozen=True)
class FongResult:
    """Fong's test of whether the two most frequent categories differ significantly."""

    first: str
    second: str
    first_count: int
    second_count: int
    n: int
    critical: float
    significant: bool


def fong_critical(first_count: int, second_count: int, n: int) -> float | None:
    """Fong's critical difference z·sqrt((a+b)(2n−a−b)/(2n)); None when there are no answers.

    ``z`` is the :data:`~.rules.FONG_Z` rule.
    """
    if n <= 0:
        return None
    a, b = first_count, second_count
    return rules.FONG_Z.value * math.sqrt((a + b) * (2 * n - a - b) / (2 * n))


def kano_top_two(counts: Mapping[str, int]) -> FongResult | None:
    """The two most frequent categories (ties in M, O, A, I, R, Q order) and Fong's test.

    The two differ significantly when |a − b| reaches the critical difference; below it they
    are statistically indistinguishable. None when there are no answers.
    """
    n = sum(int(counts.get(category, 0)) for category in KANO_CATEGORIES)
    ranked = sorted(
        KANO_CATEGORIES, key=lambda c: (-int(counts.get(c, 0)), KANO_CATEGORIES.index(c))
    )
    first, second = ranked[0], ranked[1]
    a, b = int(counts.get(first, 0)), int(counts.get(second, 0))
    critical = fong_critical(a, b, n)
    if critical is None:
        return None
    return FongResult(first, second, a, b, n, critical, abs(a - b) >= critical)


def better_worse(counts: Mapping[str, int]) -> tuple[float | None, float | None]:
    """Berger et al.'s coefficients: Better = (A+O)/(A+O+M+I), Worse = −(O+M)/(A+O+M+I).

    Reverse and questionable answers are left out. Both are None when A+O+M+I is zero.
    """
    a, o, m, i = (int(counts.get(category, 0)) for category in "AOMI")
    base = a + o + m + i
    better = safe_ratio(a + o, base)
    worse = safe_ratio(-(o + m), base)
    return better, (None if worse is None else worse + 0.0)  # + 0.0 turns −0.0 into 0.0


def kano_quadrant(better: float | None, worse: float | None) -> str | None:
    """The Better/Worse quadrant a feature falls in, split at the quadrant rule."""
    if better is None or worse is None or _is_nan(better) or _is_nan(worse):
        return None
    threshold = rules.QUADRANT_THRESHOLD.value
    high_better, high_worse = better >= threshold, abs(worse) >= threshold
    if high_better and high_worse:
        return "one-dimensional"
    if high_better:
        return "attractive"
    return "must-be" if high_worse else "indifferent"


def _is_nan(value: float) -> bool:
    return isinstance(value, float) and math.isnan(value)


@dataclass(frozen=True, eq=False)
class KanoFinding:
    """Per-feature Kano results and the cross-checks against the feature inventory.

    ``per_feature`` has one row per surveyed feature, sorted by category then name: the counts
    of each category, ``n``, ``too_few`` (fewer answers than the rule asks), the ``category`` by
    most frequent answer (a near-tie joins its categories, most frequent first: ``"A/M"``), the
    ``categories`` behind it (a tuple), ``near_tie`` (True when there are several), the Fong test
    of the top two, ``better`` and ``worse`` (NaN when not defined), their ``quadrant`` and
    ``change`` from features.csv (None when not listed there). ``risks`` lists the cross-check
    findings (``feature``, ``category``, ``categories``, ``near_tie``, ``change``, ``finding``):
    a near-tie is a risk for each of its categories, flagged as a near-tie; ``cross_checked`` is
    False without features.csv.
    """

    per_feature: pd.DataFrame
    risks: pd.DataFrame
    cross_checked: bool
    checks: tuple[Check, ...]
    evidence: Evidence | None = None

    @property
    def thin_changed(self) -> list[str]:
        """Changed features (reinvented, new or removed) with too few answers to judge."""
        rows = self.per_feature
        thin = rows["too_few"] & rows["change"].isin([*DIFFERENTIATING_CHANGES, "removed"])
        return rows.loc[thin, "feature"].tolist()

    def evidence_of(self, names: Sequence[str]) -> Evidence:
        """The evidence behind a claim about some features: the fewest answers among them."""
        counts = self.per_feature.set_index("feature")["n"]
        return rules.KANO_MIN_ANSWERS.judge(min(int(counts[name]) for name in names))

    def features_in(self, finding: str, near_tie: bool | None = None) -> list[str]:
        """Names of the features with the given cross-check finding (``near_tie``: only the
        near-ties when True, only the clear categories when False, both when None)."""
        selected = self.risks["finding"] == finding
        if near_tie is not None:
            selected &= self.risks["near_tie"] == near_tie
        return self.risks.loc[selected, "feature"].tolist()


_PER_FEATURE_COLUMNS = [
    "feature",
    *KANO_CATEGORIES,
    "n",
    "category",
    "categories",
    "near_tie",
    "first",
    "first_count",
    "second",
    "second_count",
    "critical",
    "significant",
    "better",
    "worse",
]


def assess_kano(survey: pd.DataFrame, features: pd.DataFrame | None = None) -> KanoFinding:
    """Classify a Kano survey and summarise it per feature; cross-check with the inventory.

    A must-be feature that was reinvented or removed is a risk (customers expect it to work as
    in the product they know); a reinvented or new feature most customers are indifferent to is
    effort that buys no difference.
    """
    counts = kano_counts(survey)
    rows = []
    for feature, row in counts.iterrows():
        tally = row.to_dict()
        top = kano_top_two(tally)
        if top is None:  # a feature only appears with at least one answer
            continue
        better, worse = better_worse(tally)
        contenders = decided_categories(tally, top)
        rows.append(
            {
                "feature": feature,
                **tally,
                "n": top.n,
                "category": "/".join(contenders),
                "categories": contenders,
                "near_tie": len(contenders) > 1,
                "first": top.first,
                "first_count": top.first_count,
                "second": top.second,
                "second_count": top.second_count,
                "critical": top.critical,
                "significant": top.significant,
                "better": np.nan if better is None else better,
                "worse": np.nan if worse is None else worse,
            }
        )
    per_feature = pd.DataFrame(rows, columns=_PER_FEATURE_COLUMNS)
    cross_checked = features is not None
    changes = (
        dict(zip(features["feature"], features["change"], strict=True)) if cross_checked else {}
    )
    per_feature["too_few"] = per_feature["n"] < rules.KANO_MIN_ANSWERS.value
    per_feature["quadrant"] = [
        kano_quadrant(b, w)
        for b, w in zip(per_feature["better"], per_feature["worse"], strict=True)
    ]
    per_feature["change"] = [changes.get(name) for name in per_feature["feature"]]
    per_feature["_order"] = [KANO_CATEGORIES.index(c[0]) for c in per_feature["categories"]]
    per_feature["_tied"] = [len(c) for c in per_feature["categories"]]
    per_feature = (
        per_feature.sort_values(["_order", "_tied", "feature"], kind="stable")
        .drop(columns=["_order", "_tied"])
        .reset_index(drop=True)
    )

    # A category from too few answers is shown but drives no check or advice (the
    # KANO_MIN_ANSWERS evidence rule).
    seen_as = per_feature["categories"].where(~per_feature["too_few"], None)
    differentiating = per_feature["change"].isin(DIFFERENTIATING_CHANGES)
    must_be_changed = seen_as.map(lambda c: c is not None and "M" in c) & per_feature[
        "change"
    ].isin(["reinvented", "removed"])
    indifferent_effort = seen_as.map(lambda c: c is not None and "I" in c) & differentiating
    rejected = seen_as.map(lambda c: c is not None and "R" in c) & differentiating
    columns = ["feature", "category", "categories", "near_tie", "change", "n"]
    risks = pd.concat(
        [
            per_feature.loc[must_be_changed, columns].assign(finding=MUST_BE_CHANGED),
            per_feature.loc[rejected, columns].assign(finding=REVERSE_REINVENTED),
            per_feature.loc[indifferent_effort, columns].assign(finding=INDIFFERENT_EFFORT),
        ],
        ignore_index=True,
    )
    finding = KanoFinding(
        per_feature=per_feature, risks=risks, cross_checked=cross_checked, checks=()
    )
    finding = dataclasses.replace(finding, evidence=kano_evidence(per_feature))
    return dataclasses.replace(finding, checks=_kano_checks(finding))


def kano_evidence(per_feature: pd.DataFrame) -> Evidence:
    """The survey's evidence: the fewest answers any surveyed feature has, against the
    ``KANO_MIN_ANSWERS`` rule."""
    fewest = int(per_feature["n"].min()) if len(per_feature) else 0
    return rules.KANO_MIN_ANSWERS.judge(fewest)


def near_tie_outcome(outcome: Outcome) -> Outcome:
    """The outcome of a check whose risk rests only on near-ties (the near-tie risk rule): a
    failure becomes a warning; a warning stays one."""
    return "warn" if outcome == "fail" else outcome


def _kano_checks(kano: KanoFinding) -> tuple[Check, ...]:
    fundamentals = "Must-be features kept as they were"
    noticed = "Reinvention customers care about"
    if not kano.cross_checked:
        reason = "Needs features.csv to compare what customers say with what was changed."
        return Check(fundamentals, "not assessed", reason), Check(noticed, "not assessed", reason)
    return (
        _with_thin_note(
            kano,
            _risk_check(
                kano,
                fundamentals,
                MUST_BE_CHANGED,
                "fail",
                clear="Reinvented or removed, although most customers see {it} as must-be: "
                "{names}.",
                tied="Reinvented or removed while customers are split between must-be and another "
                "category (near-tie), so part of them expect {it} as {it_was}: {names}.",
                none="No feature customers see as must-be was reinvented or removed.",
            ),
        ),
        _noticed_check(kano, noticed),
    )


def _noticed_check(kano: KanoFinding, name: str) -> Check:
    """Reinvention customers reject (Kano Reverse) fails; reinvention they are indifferent to
    warns. Near-ties warn. Features with too few answers are named, not judged."""
    rejected = _risk_check(
        kano,
        name,
        REVERSE_REINVENTED,
        "fail",
        clear="Reinvented or new, yet most customers would rather not have {it} (reverse): "
        "{names}.",
        tied="Reinvented or new, yet part of the customers would rather not have {it} "
        "(reverse, near-tie): {names}.",
        none="",
    )
    indifferent = _risk_check(
        kano,
        name,
        INDIFFERENT_EFFORT,
        "warn",
        clear="Reinvented or new, yet most customers are indifferent: {names}.",
        tied="Reinvented or new, yet about as many customers are indifferent as see {it} "
        "another way (near-tie): {names}.",
        none="No reinvented or new feature leaves most customers indifferent or rejects it.",
    )
    order = ("fail", "warn", "pass")
    outcome = min((rejected.outcome, indifferent.outcome), key=order.index)
    flagged = [c.reason for c in (rejected, indifferent) if c.outcome != "pass"]
    reasons = " ".join(flagged) if flagged else indifferent.reason
    return _with_thin_note(kano, Check(name, outcome, reasons))


def _with_thin_note(kano: KanoFinding, check: Check) -> Check:
    """A check with the changed features that have too few answers to judge named in it."""
    thin = kano.thin_changed
    if not thin:
        return dataclasses.replace(check, evidence=kano.evidence)
    note = (
        f" Too few answers to judge (at least {rules.KANO_MIN_ANSWERS.value} needed): "
        f"{', '.join(thin)}."
    )
    return Check(check.name, check.outcome, check.reason + note, evidence=kano.evidence_of(thin))


def _risk_check(
    kano: KanoFinding,
    name: str,
    finding: str,
    outcome: Outcome,
    *,
    clear: str,
    tied: str,
    none: str,
) -> Check:
    """One cross-check: ``outcome`` for clear categories, the near-tie rule's for near-ties."""
    parts = []
    for template, near_tie in ((clear, False), (tied, True)):
        names = kano.features_in(finding, near_tie=near_tie)
        if names:
            parts.append(
                template.format(it=it_or_them(names), it_was=it_was(names), names=", ".join(names))
            )
    if not parts:
        return Check(name, "pass", none)
    clear_risk = bool(kano.features_in(finding, near_tie=False))
    return Check(name, outcome if clear_risk else near_tie_outcome(outcome), " ".join(parts))


# --------------------------------------------------------------------------------------------
# Strategy canvas (strategy_canvas.csv)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class CanvasFinding:
    """The value curves and how far the company's curve departs from the others.

    ``divergence`` is the mean, over factors, of the absolute difference between the company's
    score and the mean score of the other products. ``factor_gaps`` holds that difference per
    factor (``factor``, ``company``, ``others_mean``, ``difference``); ``competitor_gaps`` the
    mean absolute (and signed) difference from each product; ``value_curves`` the scores in long
    form (``factor``, ``product``, ``score``), factors and products in canvas order.
    """

    company_product: str
    products: tuple[str, ...]
    factors: tuple[str, ...]
    divergence: float
    factor_gaps: pd.DataFrame
    competitor_gaps: pd.DataFrame
    top_factors: tuple[str, ...]
    value_curves: pd.DataFrame
    checks: tuple[Check, ...]

    @property
    def closest_product(self) -> tuple[str, float]:
        """The other product whose curve is nearest (mean absolute difference), and that gap."""
        return _closest(self.competitor_gaps)


def _closest(competitor_gaps: pd.DataFrame) -> tuple[str, float]:
    nearest = competitor_gaps.sort_values("mean_absolute_difference", kind="stable")
    return str(nearest["product"].iloc[0]), float(nearest["mean_absolute_difference"].iloc[0])


def assess_canvas(canvas: pd.DataFrame) -> CanvasFinding:
    """Value curves, divergence and the most different factors from a strategy canvas.

    The company's product is the first product column; every later column is another product.
    """
    products = tuple(str(c) for c in canvas.columns if c != "factor")
    company, others = products[0], list(products[1:])
    scores = canvas.set_index("factor")[list(products)].astype("float64")
    others_mean = scores[others].mean(axis=1)
    difference = scores[company] - others_mean
    factor_gaps = pd.DataFrame(
        {
            "factor": scores.index.to_numpy(),
            "company": scores[company].to_numpy(),
            "others_mean": others_mean.to_numpy(),
            "difference": difference.to_numpy(),
        }
    )
    competitor_gaps = pd.DataFrame(
        {
            "product": others,
            "mean_absolute_difference": [
                float((scores[company] - scores[p]).abs().mean()) for p in others
            ],
            "mean_difference": [float((scores[company] - scores[p]).mean()) for p in others],
        }
    )
    ranked = factor_gaps.assign(_gap=-factor_gaps["difference"].abs()).sort_values(
        "_gap", kind="stable"
    )
    top_factors = tuple(ranked.loc[ranked["_gap"] < 0, "factor"].head(rules.TOP_FACTORS.value))
    value_curves = scores.reset_index().melt(
        id_vars="factor", var_name="product", value_name="score"
    )
    divergence = float(difference.abs().mean())
    return CanvasFinding(
        company_product=company,
        products=products,
        factors=tuple(str(f) for f in scores.index),
        divergence=divergence,
        factor_gaps=factor_gaps,
        competitor_gaps=competitor_gaps,
        top_factors=top_factors,
        value_curves=value_curves,
        checks=(_canvas_check(divergence, *_closest(competitor_gaps), top_factors),),
    )


def _canvas_check(
    divergence: float, closest: str, closest_gap: float, top_factors: Sequence[str]
) -> Check:
    name = "Value curve stands apart"
    low, high = rules.CANVAS_SCALE
    minimum = rules.MIN_DIVERGENCE
    stated = f"Divergence is {number(divergence, 2)} points ({low}–{high} scale)"
    if divergence < minimum.value:
        return Check(
            name,
            "warn",
            f"{stated}, below {number(minimum.value)}: the curve tracks the other products.",
        )
    if closest_gap < minimum.value:
        return Check(
            name,
            "warn",
            f"{stated}, but the curve is only {number(closest_gap, 2)} from {closest} (below "
            f"{number(minimum.value)}): it tracks that product.",
        )
    # The distance from the others' average and from each one on its own are different
    # measures; say which is which, so that "2.78, at least 2.89" cannot read as a contradiction.
    apart = f"at least {number(closest_gap, 2)} from each of them on its own (nearest: {closest})"
    if closest_gap > divergence:
        apart += (
            ", more than from their average, because rivals that differ from one another "
            "partly cancel out in it"
        )
    return Check(
        name,
        "pass",
        f"{stated}: that far from the other products' average curve, and {apart}. It departs "
        f"most on {', '.join(top_factors)}.",
    )


# --------------------------------------------------------------------------------------------
# Network effects and the community (the belonging result)
# --------------------------------------------------------------------------------------------


class BelongingSummary(Protocol):
    """What this assessment reads from the belonging result (``workbook.belonging``)."""

    @property
    def status(self) -> str: ...  # strong, developing, weak or "not assessed"

    @property
    def index(self) -> Estimate | None: ...

    @property
    def launch_checks(self) -> Sequence[Check]: ...


@dataclass(frozen=True)
class NetworkEffectsFinding:
    """Whether a networked product rebuilt its community too, read from the belonging result.

    ``level`` is the belonging status (None when belonging was not read).
    """

    applicable: bool
    community_data: bool
    level: str | None
    index: Estimate | None
    launch_checks: tuple[Check, ...]
    check: Check

    @property
    def clone_without_community(self) -> bool:
        """True when the product relies on network effects and there is no community data."""
        return self.applicable and not self.community_data


def has_community_data(company: Company) -> bool:
    """True when there is any evidence of a community: survey, activity or a community config."""
    return (
        company.belonging_survey is not None
        or company.community_activity is not None
        or company.config.community is not None
    )


def assess_network_effects(
    company: Company, belonging: BelongingSummary | None = None
) -> NetworkEffectsFinding:
    """Check that a product relying on network effects rebuilt its community as well.

    ``belonging`` is the belonging result when already computed; when None and community data
    exists, it is computed with ``workbook.belonging.assess``.
    """
    name = "Community rebuilt with the product"
    if not company.config.network_effects:
        reason = "Not applicable: company.yaml says the product does not rely on network effects."
        return NetworkEffectsFinding(
            False, False, None, None, (), Check(name, "not assessed", reason)
        )
    if not has_community_data(company):
        reason = (
            f"{rules.CLONE_WITHOUT_COMMUNITY.capitalize()}: the product relies on network effects "
            "but there is no belonging survey, community activity or community section in "
            "company.yaml."
        )
        return NetworkEffectsFinding(True, False, None, None, (), Check(name, "fail", reason))
    if belonging is None:
        # Imported on use: only networked products with community data need it.
        from workbook import belonging as belonging_assessment

        belonging = belonging_assessment.assess(company)
    launch = tuple(belonging.launch_checks)
    unmet = [c.name for c in launch if c.outcome in ("fail", "warn")]
    level = belonging.status
    index = belonging.index
    parts = [f"Belonging is {level}"]
    if level == "not assessed":
        parts[0] += ": no scored belonging survey shows that the community holds"
    if index is not None and index.defined:
        parts[0] += f" (index {number(index.value, 0)}/100 from {index.n} answers)"
    if unmet:
        parts.append(f"launch checks to address: {', '.join(unmet)}")
    outcome: Outcome = rules.BELONGING_OUTCOME.get(level, "warn")  # type: ignore[assignment]
    evidence = getattr(belonging, "level_evidence", None)
    if outcome == "pass" and evidence is not None and not evidence.sufficient:
        # Thin data never unlocks the check: a strong level from too few answers is provisional.
        outcome = "warn"
        parts.append(f"provisional, {evidence.note}")
    return NetworkEffectsFinding(
        True,
        True,
        level,
        index,
        launch,
        Check(name, outcome, "; ".join(parts) + ".", evidence=evidence),
    )


# --------------------------------------------------------------------------------------------
# Verdict and the combined result
# --------------------------------------------------------------------------------------------


def decide_verdict(
    reinvention: ReinventionFinding | None, kano: KanoFinding | None = None
) -> tuple[Verdict, str]:
    """The overall verdict and the reason for it (plain sentences).

    Rules, in order: no feature inventory → *not assessed*; share below the clone rule →
    *clone*; share above the rebuild rule → *rebuild-everything*; share within the target band
    AND mostly in the core AND a core difference felt in time → *focused differentiation*;
    share above the band (not beyond the rebuild rule) AND all of it in the core (the bold rule)
    AND felt in time → *bold differentiation*; anything else → *scattered*. The Kano
    cross-check risks (a changed must-be feature, effort customers are indifferent to) do not
    change the verdict but are named in the reason whatever the verdict.
    """
    verdict, reason = _verdict(reinvention)
    if verdict != "not assessed" and (note := _risk_note(kano)):
        reason += " " + note
    return verdict, reason


def _verdict(reinvention: ReinventionFinding | None) -> tuple[Verdict, str]:
    if reinvention is None or reinvention.share is None:
        return "not assessed", "There is no usable feature inventory to measure reinvention from."
    shown = share(reinvention.share)
    band = rules.TARGET_BAND.text
    if reinvention.reading == "clone":
        return "clone", (
            f"Only {shown} of the product is reinvented, below {rules.CLONE_BELOW.text}: "
            "customers have no reason to switch from the product it copies."
        )
    if reinvention.reading == "rebuild-everything":
        return "rebuild-everything", (
            f"{shown} of the product is reinvented, above {rules.REBUILD_ABOVE.text}: too little "
            "of what already works is kept."
        )
    above = reinvention.reading == "above the band"
    gaps = []
    if reinvention.core_gutted:
        gaps.append(
            f"{share(reinvention.core_removed)} of the reference product's core was removed "
            f"(more than {rules.CORE_REMOVED_ABOVE.text})"
        )
    if reinvention.reading == "below the band":
        gaps.append(f"the share ({shown}) is below the {band} band")
    elif above:
        outside = ""
        if not reinvention.all_core and reinvention.core_share is not None:
            peripheral = share(1 - reinvention.core_share)
            outside = f" and {peripheral} of the reinvention sits outside the core"
        gaps.append(f"the share ({shown}) is above the {band} band{outside}")
    if not reinvention.mostly_core and not above:
        gaps.append(f"{only_share(reinvention.core_share)} of the reinvention is in the core")
    timing = _timing_gap(reinvention)
    gaps += timing
    felt = (
        f"the fastest core difference ({reinvention.fastest_feature}) is felt after "
        f"{seconds(reinvention.fastest_seconds)}"
    )
    if not gaps:
        return "focused differentiation", (
            f"{shown} of the product is reinvented, {share(reinvention.core_share)} of it in the "
            f"core, and {felt}."
        )
    if above and reinvention.all_core and reinvention.felt_fast and not reinvention.core_gutted:
        return "bold differentiation", (
            f"{shown} of the product is reinvented, above the {band} band, but all of it sits in "
            f"the core and {felt}: a bold, concentrated change rather than a scattered one, "
            "with a longer road to fit than the band's."
        )
    return "scattered", "Not yet focused: " + "; ".join(gaps) + "."


def _timing_gap(reinvention: ReinventionFinding) -> list[str]:
    if reinvention.felt_fast or not reinvention.core_candidates:
        return []
    if reinvention.fastest_seconds is None:
        return ["no reinvented core feature has a measured time to experience"]
    return [
        "the fastest of the most important reinvented core features takes "
        f"{seconds(reinvention.fastest_seconds)} (limit {rules.FELT_WITHIN_SECONDS.text})"
    ]


def _risk_note(kano: KanoFinding | None) -> str:
    """One sentence naming the Kano cross-check risks, which stand whatever the verdict."""
    if kano is None or kano.risks.empty:
        return ""
    parts = []
    for finding, seen_as in (
        (MUST_BE_CHANGED, "{names} changed although {who} see {it} as must-be"),
        (
            REVERSE_REINVENTED,
            "{names} reinvented or added although {who} would rather not have {it}",
        ),
        (INDIFFERENT_EFFORT, "effort on {names} although {who} are indifferent to {it}"),
    ):
        for near_tie, who in ((False, "most customers"), (True, "part of the customers")):
            if names := kano.features_in(finding, near_tie=near_tie):
                parts.append(seen_as.format(names=", ".join(names), who=who, it=it_or_them(names)))
    return "Risks stand whatever the verdict: " + "; ".join(parts) + "."


@dataclass(frozen=True, kw_only=True)
class DifferentiationResult(AssessmentResult):
    """Everything the differentiation assessment found for one company.

    ``status`` is the verdict (see :data:`~.rules.VERDICTS`) and ``summary`` its reason. A part
    is None when its file is missing or invalid; ``missing`` then maps the file name to advice
    on adding it, and ``checks`` holds one "not assessed" check for the part saying so.
    ``figures``: ``reinvention_share``, ``core_share``, ``seconds_to_differentiation``,
    ``divergence`` (None when not defined), ``kano`` ({feature: {"category", "near_tie",
    "counts", "better", "worse", "n", "quadrant"}}; a near-tie's category joins its categories,
    ``"A/M"``, and ``near_tie`` lists them, empty for a clear category), ``reinvention_reading``,
    ``fastest_feature``, ``network_effects`` and ``belonging_level``.
    """

    company_name: str
    reference_product: str | None
    reinvention: ReinventionFinding | None
    kano: KanoFinding | None
    canvas: CanvasFinding | None
    network: NetworkEffectsFinding


def kano_figures(kano: KanoFinding | None) -> dict[str, dict[str, Any]]:
    """Per surveyed feature: category code (``"A/M"`` for a near-tie), the near-tied categories
    (empty when clear), counts per category, Better, Worse, n, quadrant."""
    if kano is None:
        return {}
    return {
        str(row["feature"]): {
            "category": row["category"],
            "near_tie": list(row["categories"]) if row["near_tie"] else [],
            "counts": {code: int(row[code]) for code in KANO_CATEGORIES},
            "better": _plain_number(row["better"]),
            "worse": _plain_number(row["worse"]),
            "n": int(row["n"]),
            "quadrant": row["quadrant"],
            "fong_significant": bool(row["significant"]),
            "too_few": bool(row["too_few"]),
        }
        for row in kano.per_feature.to_dict("records")
    }


def _plain_number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def figures(
    reinvention: ReinventionFinding | None,
    kano: KanoFinding | None,
    canvas: CanvasFinding | None,
    network: NetworkEffectsFinding,
) -> dict[str, Any]:
    """The key numbers as plain values (None when not defined)."""
    return {
        "reinvention_share": reinvention.share if reinvention else None,
        "core_share": reinvention.core_share if reinvention else None,
        "seconds_to_differentiation": reinvention.fastest_seconds if reinvention else None,
        "divergence": canvas.divergence if canvas else None,
        "kano": kano_figures(kano),
        "reinvention_reading": reinvention.reading if reinvention else "not defined",
        "fastest_feature": reinvention.fastest_feature if reinvention else None,
        "network_effects": network.applicable,
        "belonging_level": network.level,
    }


def all_checks(
    reinvention: ReinventionFinding | None,
    kano: KanoFinding | None,
    canvas: CanvasFinding | None,
    network: NetworkEffectsFinding,
    missing: Mapping[str, str],
) -> tuple[Check, ...]:
    """Every check of every part, in notebook order; parts without data say what to add."""
    checks: list[Check] = []
    parts = (
        (reinvention, FEATURES_FILE, "Reinvention share in the target band"),
        (kano, KANO_FILE, "What customers say (Kano)"),
        (canvas, CANVAS_FILE, "Value curve stands apart"),
    )
    for part, file, name in parts:
        if part is None:
            checks.append(Check(name, "not assessed", missing[file]))
        else:
            checks.extend(part.checks)
    checks.append(network.check)
    return tuple(checks)


def assess(company: Company, belonging: BelongingSummary | None = None) -> DifferentiationResult:
    """Run the differentiation assessment for a company.

    ``belonging`` is the belonging result when the caller has it (the registry passes it; tests
    pass a stand-in); by default it is computed with ``workbook.belonging.assess`` when needed.
    """
    features = company.features
    reinvention = assess_reinvention(features) if features is not None else None
    kano = assess_kano(company.kano_survey, features) if company.kano_survey is not None else None
    canvas = assess_canvas(company.strategy_canvas) if company.strategy_canvas is not None else None
    network = assess_network_effects(company, belonging)
    verdict, reason = decide_verdict(reinvention, kano)
    missing = {
        file: company.missing_message(file)
        for file, part in ((FEATURES_FILE, reinvention), (KANO_FILE, kano), (CANVAS_FILE, canvas))
        if part is None
    }
    recommendations: tuple[Recommendation, ...] = recommend(
        reinvention, kano, canvas, network, company.config.reference_product
    )
    return DifferentiationResult(
        status=verdict,
        summary=reason,
        figures=figures(reinvention, kano, canvas, network),
        checks=all_checks(reinvention, kano, canvas, network, missing),
        recommendations=recommendations,
        missing=missing,
        company_name=company.name,
        reference_product=company.config.reference_product,
        reinvention=reinvention,
        kano=kano,
        canvas=canvas,
        network=network,
    )
