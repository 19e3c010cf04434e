"""What customers say, from ``kano_survey.csv``: the Kano model and its cross-checks.

Each answer pair is classified with the standard evaluation table; per feature, the category by
most frequent answer (near-ties and features Fong's test cannot separate keep every contender),
Berger et al.'s Better/Worse coefficients and their quadrant; then the cross-checks against the
feature inventory (a changed must-be feature, reinvention customers reject or ignore). Numbers,
categories and outcomes only: :mod:`.wording` writes the sentences.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbook.differentiation import rules
from workbook.differentiation.rules import (
    DIFFERENTIATING_CHANGES,
    INDIFFERENT_EFFORT,
    KANO_CATEGORIES,
    KANO_TABLE,
    MUST_BE_CHANGED,
    REVERSE_REINVENTED,
)
from workbook.evidence import Evidence
from workbook.io import KANO_ANSWERS
from workbook.results import Check, Outcome
from workbook.stats import safe_ratio

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
    codes = _ANSWERS.get_indexer(pd.Index(series, copy=False))
    if (codes < 0).any():  # slow path only for answers that need trimming or lower-casing
        series = series.astype("string").str.strip().str.lower()
        codes = _ANSWERS.get_indexer(pd.Index(series, copy=False))
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
    return pd.Series(
        pd.Categorical.from_codes(codes, categories=pd.Index(KANO_CATEGORIES)), index=index
    )


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
    False without features.csv. ``checks`` (the must-be cross-check, then the one on what
    customers care about) are written by :mod:`.wording` from :meth:`risk_outcome` and
    :meth:`noticed_outcome`, and attached by :func:`workbook.differentiation.assess_kano`.
    """

    per_feature: pd.DataFrame
    risks: pd.DataFrame
    cross_checked: bool
    checks: tuple[Check, ...] = ()
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

    def risk_outcome(self, finding: str, outcome: Outcome) -> Outcome:
        """One cross-check's outcome: ``outcome`` when a clear category carries the risk, the
        near-tie rule's (:func:`near_tie_outcome`) when only near-ties do, else a pass."""
        if not self.features_in(finding):
            return "pass"
        if self.features_in(finding, near_tie=False):
            return outcome
        return near_tie_outcome(outcome)

    @property
    def must_be_outcome(self) -> Outcome:
        """A changed must-be feature fails (warns on a near-tie); not assessed without the
        feature inventory to compare with."""
        if not self.cross_checked:
            return "not assessed"
        return self.risk_outcome(MUST_BE_CHANGED, "fail")

    @property
    def rejected_outcome(self) -> Outcome:
        """Reinvention customers reject (Kano reverse) fails; near-ties warn."""
        return self.risk_outcome(REVERSE_REINVENTED, "fail")

    @property
    def indifferent_outcome(self) -> Outcome:
        """Reinvention customers are indifferent to warns."""
        return self.risk_outcome(INDIFFERENT_EFFORT, "warn")

    @property
    def noticed_outcome(self) -> Outcome:
        """Whether customers care about the reinvention: the worse of the rejected and the
        indifferent outcomes; not assessed without the feature inventory."""
        if not self.cross_checked:
            return "not assessed"
        order = ("fail", "warn", "pass")
        return min((self.rejected_outcome, self.indifferent_outcome), key=order.index)

    @property
    def check_evidence(self) -> Evidence | None:
        """The evidence behind the cross-checks: the survey's, or that of the changed features
        with too few answers to judge when there are any."""
        thin = self.thin_changed
        return self.evidence_of(thin) if thin else self.evidence


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


def measure_kano(survey: pd.DataFrame, features: pd.DataFrame | None = None) -> KanoFinding:
    """Classify a Kano survey and summarise it per feature; cross-check with the inventory.

    A must-be feature that was reinvented or removed is a risk (customers expect it to work as
    in the product they know); a reinvented or new feature most customers are indifferent to is
    effort that buys no difference.
    """
    per_feature = _per_feature(kano_counts(survey), features)
    return KanoFinding(
        per_feature=per_feature,
        risks=_risks(per_feature),
        cross_checked=features is not None,
        evidence=kano_evidence(per_feature),
    )


def _per_feature(counts: pd.DataFrame, features: pd.DataFrame | None) -> pd.DataFrame:
    """One row per surveyed feature (see :class:`KanoFinding`), sorted by category then name."""
    rows = []
    for feature, row in counts.iterrows():
        tally = {str(category): int(count) for category, count in row.items()}
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
    changes = (
        dict(zip(features["feature"], features["change"], strict=True))
        if features is not None
        else {}
    )
    per_feature["too_few"] = per_feature["n"] < rules.KANO_MIN_ANSWERS.value
    per_feature["quadrant"] = [
        kano_quadrant(b, w)
        for b, w in zip(per_feature["better"], per_feature["worse"], strict=True)
    ]
    per_feature["change"] = [changes.get(name) for name in per_feature["feature"]]
    per_feature["_order"] = [KANO_CATEGORIES.index(c[0]) for c in per_feature["categories"]]
    per_feature["_tied"] = [len(c) for c in per_feature["categories"]]
    return (
        per_feature.sort_values(["_order", "_tied", "feature"], kind="stable")
        .drop(columns=["_order", "_tied"])
        .reset_index(drop=True)
    )


def _risks(per_feature: pd.DataFrame) -> pd.DataFrame:
    """The cross-check findings, one row per feature and finding (see :class:`KanoFinding`)."""
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
    return pd.concat(
        [
            per_feature.loc[must_be_changed, columns].assign(finding=MUST_BE_CHANGED),
            per_feature.loc[rejected, columns].assign(finding=REVERSE_REINVENTED),
            per_feature.loc[indifferent_effort, columns].assign(finding=INDIFFERENT_EFFORT),
        ],
        ignore_index=True,
    )


def kano_evidence(per_feature: pd.DataFrame) -> Evidence:
    """The survey's evidence: the fewest answers any surveyed feature has, against the
    ``KANO_MIN_ANSWERS`` rule."""
    fewest = int(per_feature["n"].min()) if len(per_feature) else 0
    return rules.KANO_MIN_ANSWERS.judge(fewest)


def near_tie_outcome(outcome: Outcome) -> Outcome:
    """The outcome of a check whose risk rests only on near-ties (the near-tie risk rule): a
    failure becomes a warning; a warning stays one."""
    return "warn" if outcome == "fail" else outcome
