"""The differentiation assessment: how a product relates to the product it builds on.

The fastest road to product/market fit usually starts from something that already has it: keep
the fundamentals that customers already expect, and reinvent a small, deliberate part, about a
fifth, that customers notice at once. This module measures that from four sources:

* ``features.csv``: the **reinvention share** (importance-weighted share of reinvented and new
  features among those not removed), the **core share** (how much of that reinvention sits in the
  core of the product) and the **time to differentiation** (how fast the quickest reinvented or
  new core feature is felt);
* ``kano_survey.csv``: what customers say, classified with the **Kano model** (evaluation table,
  the category by most frequent answer, the **Fong test** and **Berger et al.**'s Better/Worse
  coefficients), cross-checked against the feature inventory;
* ``strategy_canvas.csv``: the **value curves** and how far the product's curve departs from
  the others;
* the belonging assessment, when the product depends on network effects: copying a networked
  product without also rebuilding its community copies an empty room.

:func:`assess` combines them into a :class:`DifferentiationResult` with a verdict and at most
three recommendations. Every threshold is a named constant below; the notebook quotes them.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol

import numpy as np
import pandas as pd

from workbook.common import (
    MIN_RELIABLE_N,
    Check,
    Estimate,
    Recommendation,
    Status,
    checks_markdown,
    escape_text,
    format_share,
    safe_ratio,
)
from workbook.io import FEATURE_AREAS, FEATURE_CHANGES, KANO_ANSWERS, Company

# --------------------------------------------------------------------------------------------
# Thresholds (quoted in the notebook and in every result text)
# --------------------------------------------------------------------------------------------

#: The share of the product worth reinventing: about a fifth, the rest kept as customers know it.
TARGET_SHARE = 0.20
#: The band around the target that counts as on target (inclusive at both ends).
TARGET_LOW = 0.15
TARGET_HIGH = 0.25
#: Below this share the product reads as a clone: nothing of its own, always catching up.
CLONE_BELOW = 0.10
#: Above this share the product reads as rebuilding everything: little left that is proven,
#: so the road to fit is nearly as long as starting from scratch.
REBUILD_ABOVE = 0.35
#: The reinvention counts as "in the core" when more than this share of it (by importance) does.
MOSTLY_CORE = 0.5
#: A difference should be felt within this many seconds of first use.
FELT_WITHIN_SECONDS = 30.0
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
#: Categories whose counts are within this share of a feature's answers (inclusive) of the most
#: frequent one count as tied; the tie goes to the first in M > O > A > I (then R, Q), the
#: category with the larger consequence when it is wrong.
KANO_NEAR_TIE_MARGIN = 0.05
#: Fong's critical factor: two category counts a and b out of n answers differ significantly
#: when |a - b| >= FONG_Z * sqrt((a + b) * (2n - a - b) / (2n)).
FONG_Z = 1.65
#: Better and |Worse| above this value put a feature in the upper or right half of the quadrant.
QUADRANT_THRESHOLD = 0.5

#: On the canvas' 0–10 scale, a divergence below this (mean distance from the others' mean
#: curve), or a mean distance below this from any single product, means the value curve tracks
#: the others (or that one product) rather than standing apart.
MIN_DIVERGENCE = 1.0
#: How many factors are named as the ones where the curve departs most.
TOP_FACTORS = 3
#: At most this many recommendations, the most pressing first.
MAX_RECOMMENDATIONS = 3

Verdict = Literal[
    "clone", "focused differentiation", "scattered", "rebuild-everything", "not assessed"
]


# --------------------------------------------------------------------------------------------
# Reinvention share, core share and time to differentiation (features.csv)
# --------------------------------------------------------------------------------------------


def reinvention_reading(share: float | None) -> str:
    """Place a reinvention share on the scale clone / below / on target / above / rebuild."""
    if share is None:
        return "not defined"
    if share < CLONE_BELOW:
        return "clone"
    if share < TARGET_LOW:
        return "below the band"
    if share <= TARGET_HIGH:
        return "on target"
    if share <= REBUILD_ABOVE:
        return "above the band"
    return "rebuild-everything"


@dataclass(frozen=True, eq=False)
class ReinventionFinding:
    """What the feature inventory says about how much was reinvented, where, and how visibly.

    ``share`` and ``core_share`` are None when not defined (nothing kept or nothing reinvented).
    ``fastest_seconds`` is the quickest measured reinvented or new core feature; features of that
    kind without a measurement are listed in ``not_measured``.
    """

    share: float | None
    core_share: float | None
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
        """True when more than :data:`MOSTLY_CORE` of the reinvention sits in the core."""
        return self.core_share is not None and self.core_share > MOSTLY_CORE

    @property
    def felt_fast(self) -> bool:
        """True when a reinvented or new core feature is felt within the time limit."""
        return self.fastest_seconds is not None and self.fastest_seconds <= FELT_WITHIN_SECONDS

    def inventory_table(self) -> pd.DataFrame:
        """Features and their summed importance by change (rows) and area (columns)."""
        counts = self.inventory.pivot(index="change", columns="area", values="features")
        weights = self.inventory.pivot(index="change", columns="area", values="importance")
        table = pd.DataFrame(index=pd.Index(FEATURE_CHANGES, name="Change"))
        for area in FEATURE_AREAS:
            table[f"{area.capitalize()} features"] = counts[area]
            table[f"{area.capitalize()} importance"] = weights[area]
        table["All features"] = counts.sum(axis=1)
        table["All importance"] = weights.sum(axis=1)
        return table

    def differentiating_table(self) -> pd.DataFrame:
        """The reinvented and new features, core first, with how fast each is felt."""
        frame = self.differentiating
        seconds = frame["seconds_to_experience"]
        felt = np.where(
            seconds.isna(),
            "not measured",
            np.where(seconds <= FELT_WITHIN_SECONDS, "yes", "no"),
        )
        return pd.DataFrame(
            {
                "Feature": frame["feature"].to_numpy(),
                "Change": frame["change"].to_numpy(),
                "Area": frame["area"].to_numpy(),
                "Importance": frame["importance"].to_numpy(),
                "Seconds to experience": _numbers_or(seconds, "not measured", digits=0),
                f"Felt within {FELT_WITHIN_SECONDS:.0f} s": felt,
            }
        )

    def band_frame(self) -> pd.DataFrame:
        """The zones of the share scale (for the bullet chart); the last ends past the share."""
        upper = max(0.6, (math.floor((self.share or 0) * 10) + 1) / 10)
        edges = [0.0, CLONE_BELOW, TARGET_LOW, TARGET_HIGH, REBUILD_ABOVE, upper]
        zones = ["clone", "below the band", "on target", "above the band", "rebuild-everything"]
        return pd.DataFrame({"zone": zones, "start": edges[:-1], "end": edges[1:]})


def assess_reinvention(features: pd.DataFrame) -> ReinventionFinding:
    """Reinvention share, core share and time to differentiation from a feature inventory.

    Shares are weighted by ``importance`` so that one big reinvented feature counts for more than
    a handful of small ones. Removed features are left out of the base: they no longer shape
    what customers experience.
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

    present = features[features["change"] != "removed"]
    reinvented = present[present["change"].isin(DIFFERENTIATING_CHANGES)]
    share = safe_ratio(float(reinvented["importance"].sum()), float(present["importance"].sum()))
    core = reinvented[reinvented["area"] == "core"]
    core_share = safe_ratio(float(core["importance"].sum()), float(reinvented["importance"].sum()))

    measured = core.dropna(subset=["seconds_to_experience"])
    fastest_seconds = fastest_feature = None
    if len(measured):
        fastest = measured.sort_values(["seconds_to_experience", "feature"], kind="stable").iloc[0]
        fastest_seconds = float(fastest["seconds_to_experience"])
        fastest_feature = str(fastest["feature"])
    not_measured = tuple(sorted(core.loc[core["seconds_to_experience"].isna(), "feature"]))

    differentiating = (
        reinvented.assign(_peripheral=reinvented["area"] != "core")
        .sort_values(["_peripheral", "seconds_to_experience", "feature"], kind="stable")
        .drop(columns="_peripheral")
        .reset_index(drop=True)
    )
    finding = ReinventionFinding(
        share=share,
        core_share=core_share,
        fastest_seconds=fastest_seconds,
        fastest_feature=fastest_feature,
        core_candidates=len(core),
        not_measured=not_measured,
        inventory=inventory,
        differentiating=differentiating,
        checks=(),
    )
    checks = (_share_check(finding), _core_check(finding), _time_check(finding))
    return replace(finding, checks=checks)


def _share_check(finding: ReinventionFinding) -> Check:
    name = "Reinvention share in the target band"
    band = f"{TARGET_LOW:.0%}–{TARGET_HIGH:.0%}"
    share = format_share(finding.share)
    reading = finding.reading
    if reading == "not defined":
        return Check(name, "not assessed", "No feature is kept, reinvented or new, so no share.")
    if reading == "on target":
        return Check(name, "pass", f"{share} of the product is reinvented: inside {band}.")
    if reading == "clone":
        return Check(
            name,
            "fail",
            f"Only {share} is reinvented (below {CLONE_BELOW:.0%}): the product reads as a "
            "clone that can only ever catch up.",
        )
    if reading == "rebuild-everything":
        return Check(
            name,
            "fail",
            f"{share} is reinvented (above {REBUILD_ABOVE:.0%}): so little is kept that the "
            "road to fit is almost as long as starting from nothing.",
        )
    side = "below" if reading == "below the band" else "above"
    return Check(name, "warn", f"{share} is reinvented, {side} the {band} band.")


def _core_check(finding: ReinventionFinding) -> Check:
    name = "Reinvention sits in the core"
    if finding.core_share is None:
        return Check(
            name, "not assessed", "Nothing is reinvented or new, so there is no core share."
        )
    share = format_share(finding.core_share)
    if finding.mostly_core:
        return Check(name, "pass", f"{share} of the reinvention (by importance) is in the core.")
    return Check(
        name,
        "fail",
        f"{_only(finding.core_share).capitalize()} of the reinvention (by importance) is in the "
        f"core; more than {MOSTLY_CORE:.0%} is needed for the difference to shape the main "
        "experience.",
    )


def _time_check(finding: ReinventionFinding) -> Check:
    name = f"Difference felt within {FELT_WITHIN_SECONDS:.0f} s"
    limit = f"{FELT_WITHIN_SECONDS:.0f} s"
    unmeasured = len(finding.not_measured)
    if finding.core_candidates == 0:
        return Check(name, "not assessed", "No reinvented or new feature sits in the core.")
    if finding.fastest_seconds is None:
        return Check(
            name,
            "not assessed",
            "Not measured: none of the reinvented or new core features has "
            "seconds_to_experience filled in.",
        )
    fastest = (
        f"The fastest reinvented or new core feature, {finding.fastest_feature}, is felt after "
        f"{finding.fastest_seconds:.0f} s"
    )
    if finding.felt_fast:
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
    """Positions of answers in :data:`KANO_ANSWERS`; raise ``ValueError`` on unknown ones."""
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

    Returns a categorical Series (categories :data:`KANO_CATEGORIES`) aligned with
    ``functional``. Vectorised: a 100,000-answer survey is classified in milliseconds.
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


def kano_dominant(counts: Mapping[str, int], margin: float = KANO_NEAR_TIE_MARGIN) -> str | None:
    """The category by most frequent answer; ties and near-ties go to M > O > A > I (> R > Q).

    A category is a contender when its count is within ``margin`` × all answers of the highest
    count. None when there are no answers.
    """
    total = sum(int(counts.get(category, 0)) for category in KANO_CATEGORIES)
    if total == 0:
        return None
    highest = max(int(counts.get(category, 0)) for category in KANO_CATEGORIES)
    cutoff = highest - margin * total
    return next(
        c for c in KANO_CATEGORIES if int(counts.get(c, 0)) >= cutoff and counts.get(c, 0) > 0
    )


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
    """Fong's critical difference 1.65·sqrt((a+b)(2n−a−b)/(2n)); None when there are no answers."""
    if n <= 0:
        return None
    a, b = first_count, second_count
    return FONG_Z * math.sqrt((a + b) * (2 * n - a - b) / (2 * n))


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
    """The Better/Worse quadrant a feature falls in, split at :data:`QUADRANT_THRESHOLD`."""
    if better is None or worse is None:
        return None
    high_better, high_worse = better >= QUADRANT_THRESHOLD, abs(worse) >= QUADRANT_THRESHOLD
    if high_better and high_worse:
        return "one-dimensional"
    if high_better:
        return "attractive"
    return "must-be" if high_worse else "indifferent"


@dataclass(frozen=True, eq=False)
class KanoFinding:
    """Per-feature Kano results and the cross-checks against the feature inventory.

    ``per_feature`` has one row per surveyed feature: the counts of each category, ``n``, the
    ``category`` by most frequent answer, the Fong test of the top two, ``better`` and ``worse``
    (NaN when not defined) and ``change`` from features.csv (None when not listed there).
    ``risks`` lists the cross-check findings; ``cross_checked`` is False without features.csv.
    """

    per_feature: pd.DataFrame
    risks: pd.DataFrame
    cross_checked: bool
    checks: tuple[Check, ...]

    def table(self) -> pd.DataFrame:
        """The Kano table, ready to show: counts, category, Fong test and Better/Worse."""
        frame = self.per_feature
        table = pd.DataFrame({"Feature": frame["feature"].to_numpy(), "Answers": frame["n"]})
        for category in KANO_CATEGORIES:
            table[category] = frame[category].to_numpy()
        table["Category"] = [f"{c} ({KANO_LABELS[c]})" for c in frame["category"]]
        table["Top two"] = [
            f"{first} {a} vs {second} {b}"
            for first, a, second, b in frame[
                ["first", "first_count", "second", "second_count"]
            ].itertuples(index=False)
        ]
        table["Top two differ (Fong)"] = np.where(frame["significant"], "yes", "no")
        table["Better"] = _numbers_or(frame["better"], "not defined", digits=2)
        table["Worse"] = _numbers_or(frame["worse"], "not defined", digits=2)
        if self.cross_checked:
            table["Change"] = frame["change"].fillna("not listed").to_numpy()
        table["Too few answers"] = np.where(frame["n"] < MIN_RELIABLE_N, "yes", "")
        return table.reset_index(drop=True)

    def quadrant_frame(self) -> pd.DataFrame:
        """Per feature Better, |Worse| and quadrant, for the Better/Worse chart."""
        frame = self.per_feature.dropna(subset=["better", "worse"])
        return pd.DataFrame(
            {
                "feature": frame["feature"].to_numpy(),
                "better": frame["better"].round(3).to_numpy(),
                "worse_magnitude": frame["worse"].abs().round(3).to_numpy(),
                "category": [KANO_LABELS[c] for c in frame["category"]],
                "quadrant": [
                    kano_quadrant(b, w)
                    for b, w in zip(frame["better"], frame["worse"], strict=True)
                ],
            }
        )

    def risks_table(self) -> pd.DataFrame:
        """The cross-check findings with readable column names."""
        return self.risks.rename(
            columns={
                "feature": "Feature",
                "category": "Customers see it as",
                "change": "Change",
                "finding": "Finding",
            }
        )

    def features_in(self, finding: str) -> list[str]:
        """Names of the features with the given cross-check finding."""
        return self.risks.loc[self.risks["finding"] == finding, "feature"].tolist()


#: Cross-check findings (the ``finding`` column of :attr:`KanoFinding.risks`).
MUST_BE_CHANGED = "must-be feature changed: a fundamental customers expect as it was"
INDIFFERENT_EFFORT = "reinvented or new but indifferent: effort without differentiation"


_PER_FEATURE_COLUMNS = [
    "feature",
    *KANO_CATEGORIES,
    "n",
    "category",
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
        rows.append(
            {
                "feature": feature,
                **tally,
                "n": top.n,
                "category": kano_dominant(tally),
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
    per_feature["change"] = [changes.get(name) for name in per_feature["feature"]]
    per_feature["_order"] = [KANO_CATEGORIES.index(c) for c in per_feature["category"]]
    per_feature = (
        per_feature.sort_values(["_order", "feature"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )

    must_be_changed = per_feature["category"].eq("M") & per_feature["change"].isin(
        ["reinvented", "removed"]
    )
    indifferent_effort = per_feature["category"].eq("I") & per_feature["change"].isin(
        DIFFERENTIATING_CHANGES
    )
    risks = pd.concat(
        [
            per_feature.loc[must_be_changed, ["feature", "category", "change"]].assign(
                finding=MUST_BE_CHANGED
            ),
            per_feature.loc[indifferent_effort, ["feature", "category", "change"]].assign(
                finding=INDIFFERENT_EFFORT
            ),
        ],
        ignore_index=True,
    )
    risks["category"] = risks["category"].map(KANO_LABELS)
    finding = KanoFinding(per_feature, risks, cross_checked, ())
    return replace(finding, checks=_kano_checks(finding))


def _kano_checks(finding: KanoFinding) -> tuple[Check, ...]:
    fundamentals = "Must-be features kept as they were"
    noticed = "Reinvention customers care about"
    if not finding.cross_checked:
        reason = "Needs features.csv to compare what customers say with what was changed."
        return Check(fundamentals, "not assessed", reason), Check(noticed, "not assessed", reason)
    changed = finding.features_in(MUST_BE_CHANGED)
    ignored = finding.features_in(INDIFFERENT_EFFORT)
    return (
        Check(
            fundamentals,
            "fail" if changed else "pass",
            f"Reinvented or removed, although most customers see {_it_or_them(changed)} as "
            f"must-be: {', '.join(changed)}."
            if changed
            else "No feature customers see as must-be was reinvented or removed.",
        ),
        Check(
            noticed,
            "warn" if ignored else "pass",
            f"Reinvented or new, yet most customers are indifferent: {', '.join(ignored)}."
            if ignored
            else "No reinvented or new feature leaves most customers indifferent.",
        ),
    )


# --------------------------------------------------------------------------------------------
# Strategy canvas (strategy_canvas.csv)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class CanvasFinding:
    """The value curves and how far the company's curve departs from the others.

    ``divergence`` is the mean, over factors, of the absolute difference between the company's
    score and the mean score of the other products. ``factor_gaps`` holds that difference per
    factor; ``competitor_gaps`` the mean absolute (and signed) difference from each product.
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

    def canvas_table(self) -> pd.DataFrame:
        """Per factor: the company's score, the others' mean and the difference."""
        return self.factor_gaps.rename(
            columns={
                "factor": "Factor",
                "company": self.company_product,
                "others_mean": "Others' mean",
                "difference": "Difference",
            }
        ).round(2)

    @property
    def closest_product(self) -> tuple[str, float]:
        """The other product whose curve is nearest (mean absolute difference), and that gap."""
        nearest = self.competitor_gaps.sort_values("mean_absolute_difference", kind="stable")
        return str(nearest["product"].iloc[0]), float(nearest["mean_absolute_difference"].iloc[0])

    def competitor_table(self) -> pd.DataFrame:
        """Per other product: mean absolute and mean signed difference from the company."""
        return self.competitor_gaps.rename(
            columns={
                "product": "Product",
                "mean_absolute_difference": "Mean absolute difference",
                "mean_difference": f"Mean difference ({self.company_product} minus product)",
            }
        ).round(2)


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
    top_factors = tuple(ranked.loc[ranked["_gap"] < 0, "factor"].head(TOP_FACTORS))
    value_curves = scores.reset_index().melt(
        id_vars="factor", var_name="product", value_name="score"
    )
    value_curves["role"] = np.where(
        value_curves["product"] == company, "your product", "other product"
    )
    divergence = float(difference.abs().mean())
    finding = CanvasFinding(
        company_product=company,
        products=products,
        factors=tuple(str(f) for f in scores.index),
        divergence=divergence,
        factor_gaps=factor_gaps,
        competitor_gaps=competitor_gaps,
        top_factors=top_factors,
        value_curves=value_curves,
        checks=(),
    )
    return replace(finding, checks=(_canvas_check(finding),))


def _canvas_check(finding: CanvasFinding) -> Check:
    name = "Value curve stands apart"
    closest, closest_gap = finding.closest_product
    divergence = f"Divergence is {finding.divergence:.2f} points (0–10 scale)"
    if finding.divergence < MIN_DIVERGENCE:
        return Check(
            name,
            "warn",
            f"{divergence}, below {MIN_DIVERGENCE:.1f}: the curve tracks the other products.",
        )
    if closest_gap < MIN_DIVERGENCE:
        return Check(
            name,
            "warn",
            f"{divergence}, but the curve is only {closest_gap:.2f} from {closest} (below "
            f"{MIN_DIVERGENCE:.1f}): it tracks that product.",
        )
    return Check(
        name,
        "pass",
        f"{divergence}, at least {closest_gap:.2f} from any one product; it departs most on "
        f"{', '.join(finding.top_factors)}.",
    )


# --------------------------------------------------------------------------------------------
# Network effects and the community (the belonging assessment)
# --------------------------------------------------------------------------------------------


class BelongingSummary(Protocol):
    """What this assessment reads from the belonging result (``workbook.belonging``)."""

    @property
    def index(self) -> Estimate | None: ...

    @property
    def launch_checks(self) -> Sequence[Check]: ...

    @property
    def level(self) -> str: ...


CLONE_WITHOUT_COMMUNITY = "cloning the product without its community"

_LEVEL_STATUS: dict[str, Status] = {
    "strong": "pass",
    "developing": "warn",
    "weak": "fail",
    "not assessed": "warn",
}


@dataclass(frozen=True)
class NetworkEffectsFinding:
    """Whether a networked product rebuilt its community too, read from the belonging result."""

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

    def markdown(self) -> str:
        """The community check, then the launch-readiness checks it read, as Markdown."""
        text = checks_markdown([self.check])
        if self.launch_checks:
            text += "\n\nLaunch readiness, from the belonging assessment:\n\n" + checks_markdown(
                self.launch_checks
            )
        return text


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
            f"{CLONE_WITHOUT_COMMUNITY.capitalize()}: the product relies on network effects but "
            "there is no belonging survey, community activity or community section in "
            "company.yaml."
        )
        return NetworkEffectsFinding(True, False, None, None, (), Check(name, "fail", reason))
    if belonging is None:
        # Imported on use: only networked products with community data need it.
        belonging = importlib.import_module("workbook.belonging").assess(company)
    launch = tuple(belonging.launch_checks)
    unmet = [c.name for c in launch if c.status in ("fail", "warn")]
    index = belonging.index
    parts = [f"Belonging is {belonging.level}"]
    if index is not None and index.defined:
        parts[0] += f" (index {index.value:.0f}/100 from {index.n} answers)"
    if unmet:
        parts.append(f"launch checks to address: {', '.join(unmet)}")
    status = _LEVEL_STATUS.get(belonging.level, "warn")
    return NetworkEffectsFinding(
        True, True, belonging.level, index, launch, Check(name, status, "; ".join(parts) + ".")
    )


# --------------------------------------------------------------------------------------------
# Verdict, recommendations and the combined result
# --------------------------------------------------------------------------------------------


def decide_verdict(reinvention: ReinventionFinding | None) -> tuple[Verdict, str]:
    """The overall verdict and the reason for it.

    Rules, in order: no feature inventory → *not assessed*; share below :data:`CLONE_BELOW` →
    *clone*; share above :data:`REBUILD_ABOVE` → *rebuild-everything*; share within
    [:data:`TARGET_LOW`, :data:`TARGET_HIGH`] AND more than :data:`MOSTLY_CORE` of it in the core
    AND a core difference felt within :data:`FELT_WITHIN_SECONDS` → *focused differentiation*;
    anything else → *scattered*.
    """
    if reinvention is None or reinvention.share is None:
        return "not assessed", "There is no usable feature inventory to measure reinvention from."
    share = format_share(reinvention.share)
    if reinvention.reading == "clone":
        return "clone", (
            f"Only {share} of the product is reinvented, below {CLONE_BELOW:.0%}: customers have "
            "no reason to switch from the product it copies."
        )
    if reinvention.reading == "rebuild-everything":
        return "rebuild-everything", (
            f"{share} of the product is reinvented, above {REBUILD_ABOVE:.0%}: too little of what "
            "already works is kept."
        )
    gaps = []
    if not reinvention.in_band:
        gaps.append(f"the share ({share}) is outside the {TARGET_LOW:.0%}–{TARGET_HIGH:.0%} band")
    if not reinvention.mostly_core:
        gaps.append(f"{_only(reinvention.core_share)} of the reinvention is in the core")
    if not reinvention.felt_fast and reinvention.core_candidates:
        if reinvention.fastest_seconds is None:
            gaps.append("no reinvented core feature has a measured time to experience")
        else:
            gaps.append(
                f"the fastest reinvented core feature takes {reinvention.fastest_seconds:.0f} s "
                f"(limit {FELT_WITHIN_SECONDS:.0f} s)"
            )
    if not gaps:
        return "focused differentiation", (
            f"{share} of the product is reinvented, {format_share(reinvention.core_share)} of it "
            f"in the core, and the fastest core difference ({reinvention.fastest_feature}) is "
            f"felt after {reinvention.fastest_seconds:.0f} s."
        )
    return "scattered", "Not yet focused: " + "; ".join(gaps) + "."


def recommend(
    reinvention: ReinventionFinding | None,
    kano: KanoFinding | None,
    canvas: CanvasFinding | None,
    network: NetworkEffectsFinding,
    reference_product: str | None = None,
) -> list[Recommendation]:
    """Up to :data:`MAX_RECOMMENDATIONS` actions, each tied to a finding, most pressing first."""
    reference = reference_product or "the product you build on"
    candidates: list[Recommendation] = []
    if network.clone_without_community:
        candidates.append(
            Recommendation(
                "Rebuild the community alongside the product: recruit a small group of "
                "founding members and run a belonging survey",
                "The product relies on network effects and there is no community data "
                f"({CLONE_WITHOUT_COMMUNITY}).",
            )
        )
    if kano is not None and (changed := kano.features_in(MUST_BE_CHANGED)):
        candidates.append(
            Recommendation(
                f"Restore {', '.join(changed)} to work the way customers know from {reference}",
                f"Customers see {_it_or_them(changed)} as must-be, yet "
                f"{'it was' if len(changed) == 1 else 'they were'} reinvented or removed.",
            )
        )
    if reinvention is not None and reinvention.share is not None:
        share = format_share(reinvention.share)
        if reinvention.reading in ("clone", "below the band"):
            candidates.append(
                Recommendation(
                    f"Choose one core feature to reinvent, aiming at about {TARGET_SHARE:.0%} "
                    "of the product by importance",
                    f"Only {share} is reinvented; below {TARGET_LOW:.0%} the product gives "
                    "customers little reason to switch.",
                )
            )
        if reinvention.reading in ("rebuild-everything", "above the band"):
            candidates.append(
                Recommendation(
                    f"Keep more of {reference} as it is; reinvent only what customers notice first",
                    f"{share} is reinvented; above {TARGET_HIGH:.0%} each extra change delays fit.",
                )
            )
        if reinvention.core_share is not None and not reinvention.mostly_core:
            candidates.append(
                Recommendation(
                    "Move the reinvention into the core of the product",
                    f"{_only(reinvention.core_share).capitalize()} of it (by importance) is in "
                    "the core, where customers spend their first minutes.",
                )
            )
        if reinvention.fastest_seconds is not None and not reinvention.felt_fast:
            candidates.append(
                Recommendation(
                    f"Bring the difference forward so it is felt within "
                    f"{FELT_WITHIN_SECONDS:.0f} s of first use",
                    f"The fastest reinvented core feature, {reinvention.fastest_feature}, takes "
                    f"{reinvention.fastest_seconds:.0f} s.",
                )
            )
        elif reinvention.fastest_seconds is None and reinvention.not_measured:
            candidates.append(
                Recommendation(
                    "Time how long new users take to experience each reinvented core feature",
                    "Without seconds_to_experience it is unknown whether the difference is "
                    f"felt within {FELT_WITHIN_SECONDS:.0f} s.",
                )
            )
    if kano is not None and (ignored := kano.features_in(INDIFFERENT_EFFORT)):
        candidates.append(
            Recommendation(
                f"Stop investing in {', '.join(ignored)}, or rethink {_it_or_them(ignored)}",
                "Reinvented or added, yet most customers are indifferent to "
                f"{_it_or_them(ignored)}.",
            )
        )
    if network.applicable and network.community_data and network.check.status != "pass":
        candidates.append(
            Recommendation(
                "Strengthen the community before scaling (see the belonging notebook)",
                network.check.reason,
            )
        )
    if canvas is not None and canvas.checks[0].status != "pass":
        candidates.append(
            Recommendation(
                "Decide which factors to raise well above the others and which to cut back",
                canvas.checks[0].reason,
            )
        )
    return candidates[:MAX_RECOMMENDATIONS]


def thresholds_table() -> pd.DataFrame:
    """The assessment's thresholds and what each one decides, for the notebook."""
    rows = [
        ("Target band", f"{TARGET_LOW:.0%}–{TARGET_HIGH:.0%}", "reinvention share on target"),
        ("Clone below", f"{CLONE_BELOW:.0%}", "reinvention share that reads as a clone"),
        (
            "Rebuild-everything above",
            f"{REBUILD_ABOVE:.0%}",
            "reinvention share that reads as rebuilding everything",
        ),
        ("Mostly core", f"more than {MOSTLY_CORE:.0%}", "share of the reinvention in the core"),
        (
            "Felt within",
            f"{FELT_WITHIN_SECONDS:.0f} s",
            "fastest reinvented or new core feature to experience",
        ),
        (
            "Kano near-tie margin",
            f"{KANO_NEAR_TIE_MARGIN:.0%} of answers",
            "counts this close to the top are ties, resolved M > O > A > I",
        ),
        ("Fong factor", f"{FONG_Z}", "critical difference between the top two categories"),
        ("Quadrant split", f"{QUADRANT_THRESHOLD}", "Better and |Worse| counted as high"),
        (
            "Minimum divergence",
            f"{MIN_DIVERGENCE:.1f} points",
            "value curve distance from the others' mean and from any one product",
        ),
    ]
    return pd.DataFrame(rows, columns=["Rule", "Value", "Applies to"])


FEATURES_FILE = "features.csv"
KANO_FILE = "kano_survey.csv"
CANVAS_FILE = "strategy_canvas.csv"


@dataclass(frozen=True, eq=False)
class DifferentiationResult:
    """Everything the differentiation assessment found for one company.

    A part is None when its file is missing or invalid; ``missing`` then maps the file name to
    the message saying what to add.
    """

    company_name: str
    reference_product: str | None
    reinvention: ReinventionFinding | None
    kano: KanoFinding | None
    canvas: CanvasFinding | None
    network: NetworkEffectsFinding
    verdict: Verdict
    verdict_reason: str
    recommendations: list[Recommendation]
    missing: dict[str, str] = field(default_factory=dict)

    @property
    def checks(self) -> list[Check]:
        """Every check of every part, in notebook order; parts without data say what to add."""
        checks: list[Check] = []
        parts = (
            (self.reinvention, FEATURES_FILE, "Reinvention share in the target band"),
            (self.kano, KANO_FILE, "What customers say (Kano)"),
            (self.canvas, CANVAS_FILE, "Value curve stands apart"),
        )
        for part, file, name in parts:
            if part is None:
                checks.append(Check(name, "not assessed", self.missing[file]))
            else:
                checks.extend(part.checks)
        checks.append(self.network.check)
        return checks

    def checks_markdown(self) -> str:
        """The checks as a Markdown table."""
        return checks_markdown(self.checks)

    def heading_markdown(self) -> str:
        """One line naming the company, the product it builds on and whether it is networked."""
        reference = (
            f"builds on **{escape_text(self.reference_product)}**"
            if self.reference_product
            else "has no reference product in company.yaml"
        )
        networked = "relies on" if self.network.applicable else "does not rely on"
        return (
            f"**{escape_text(self.company_name)}** {reference} and {networked} network effects. "
            f"Verdict: **{self.verdict}**."
        )

    def verdict_markdown(self) -> str:
        """The verdict and its reason as Markdown (user-supplied names escaped)."""
        return f"**Verdict: {self.verdict}.** {escape_text(self.verdict_reason)}"


def assess(company: Company, belonging: BelongingSummary | None = None) -> DifferentiationResult:
    """Run the differentiation assessment for a company.

    ``belonging`` lets a caller pass a belonging result it already has (or a stand-in in tests);
    by default it is computed with ``workbook.belonging.assess`` when it is needed.
    """
    features = company.features
    reinvention = assess_reinvention(features) if features is not None else None
    kano = assess_kano(company.kano_survey, features) if company.kano_survey is not None else None
    canvas = assess_canvas(company.strategy_canvas) if company.strategy_canvas is not None else None
    network = assess_network_effects(company, belonging)
    verdict, reason = decide_verdict(reinvention)
    missing = {
        file: company.missing_message(file)
        for file, part in ((FEATURES_FILE, reinvention), (KANO_FILE, kano), (CANVAS_FILE, canvas))
        if part is None
    }
    return DifferentiationResult(
        company_name=company.name,
        reference_product=company.config.reference_product,
        reinvention=reinvention,
        kano=kano,
        canvas=canvas,
        network=network,
        verdict=verdict,
        verdict_reason=reason,
        recommendations=recommend(
            reinvention, kano, canvas, network, company.config.reference_product
        ),
        missing=missing,
    )


def _only(share: float | None) -> str:
    """ "none" for a zero share, else "only 12%" (for sentences about a share that is too low)."""
    return "none" if share == 0 else f"only {format_share(share)}"


def _it_or_them(names: Sequence[str]) -> str:
    return "it" if len(names) == 1 else "them"


def _numbers_or(values: pd.Series, placeholder: str, digits: int) -> np.ndarray:
    """Numbers as text with ``digits`` decimals for display, ``placeholder`` where missing."""
    return np.array(
        [placeholder if pd.isna(v) else f"{float(v):.{digits}f}" for v in values], dtype=object
    )
