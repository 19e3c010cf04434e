"""One discipline for evidence: how many people a judgement needs and which test decides it.

Every status, check, change claim, segment claim, projection and recommendation trigger declares
an :class:`EvidenceRule` beside its threshold: the minimum number of *distinct people* behind it
and the interval or test that decides it, at a stated level. Applying the rule gives an
:class:`Evidence` record that travels with the check or recommendation (and into
``workbook assess --json``), so a reader can tell a firm verdict from a tentative one. A judgement
whose evidence does not suffice says so and what would settle it; it never turns a status green
or unlocks advice.

The tests are the textbook ones (Welch's t-test, the two-proportion z-test with Fisher's exact
test for small counts, Holm's step-down correction); scipy is imported on first use so that
importing an assessment stays cheap.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from workbook.rules import Rule

#: The significance level of every test unless a rule states another.
SIGNIFICANCE = 0.05
#: Below this expected count in any cell, two proportions are compared with Fisher's exact test.
MIN_EXPECTED_COUNT = 5


@dataclass(frozen=True)
class Evidence:
    """What stood behind one judgement, and whether it was enough to act on.

    ``n`` distinct people stood behind it and the rule needed ``needed``; ``test`` names the
    interval or test that decided it at ``level`` (the significance level), with its ``p_value``
    or ``interval`` where there is one. ``sufficient`` is False when there were too few people
    or the test did not decide; ``note`` then says so in plain words and what would settle it.
    """

    n: int
    needed: int
    test: str
    level: float
    sufficient: bool
    p_value: float | None = None
    interval: tuple[float, float] | None = None
    note: str = ""

    @property
    def more_needed(self) -> int:
        """How many more people would meet the rule's minimum (0 once it is met)."""
        return max(0, self.needed - self.n)


@dataclass(frozen=True)
class EvidenceRule(Rule):
    """A :class:`Rule` whose value is the minimum number of distinct people behind a judgement,
    with the interval or test that decides it and the test's significance level.

    It shows in the rules tables like any rule (``text`` reads e.g. "at least 30 people; Wilson
    interval (95%)"), so the prose that states the evidence is generated from it.
    """

    test: str = ""
    level: float = SIGNIFICANCE

    @property
    def text(self) -> str:
        """The minimum and the deciding test as people read them."""
        base = self.template.format(value=self.value)
        if not self.test:
            return base
        return f"{base}; {self.test} ({confidence_words(self.level)})"

    def judge(
        self,
        n: int,
        *,
        decided: bool | None = None,
        p_value: float | None = None,
        interval: tuple[float, float] | None = None,
        unit: str = "answers",
    ) -> Evidence:
        """The evidence record for ``n`` distinct people and the test's outcome.

        ``decided`` is the test's verdict where there is one (True: the test supports the claim;
        False: it does not; None: no test beyond the minimum). The record is sufficient only
        when the minimum is met and the test did not refuse.
        """
        needed = int(self.value)
        enough_people = n >= needed
        sufficient = enough_people and decided is not False
        if not enough_people:
            more = needed - n
            note = f"not enough evidence: {more} more {_unit(unit, more)} would settle it"
        elif decided is False:
            detail = f"p = {p_value:.2g}, " if p_value is not None else ""
            note = f"within noise ({detail}{self.test or 'the stated test'})"
        else:
            note = ""
        return Evidence(
            n=int(n),
            needed=needed,
            test=self.test,
            level=self.level,
            sufficient=sufficient,
            p_value=None if p_value is None else float(p_value),
            interval=None if interval is None else (float(interval[0]), float(interval[1])),
            note=note,
        )


def confidence_words(level: float) -> str:
    """A significance level as a confidence people read: 0.05 → "95%"."""
    return f"{(1 - level) * 100:.0f}%"


def _unit(unit: str, count: int) -> str:
    """``unit`` in the singular for one ("1 more answer")."""
    return unit[:-1] if count == 1 and unit.endswith("s") else unit


def two_proportion_p(k1: int, n1: int, k2: int, n2: int) -> float:
    """Two-sided p-value that two shares ``k1/n1`` and ``k2/n2`` differ.

    The pooled two-proportion z-test; Fisher's exact test when any expected cell count is below
    :data:`MIN_EXPECTED_COUNT`, where the normal approximation is poor. 1.0 when either group is
    empty (nothing can be claimed).
    """
    if n1 <= 0 or n2 <= 0:
        return 1.0
    total = n1 + n2
    hits = k1 + k2
    expected = [n * hits / total for n in (n1, n2)] + [n * (total - hits) / total for n in (n1, n2)]
    if min(expected) < MIN_EXPECTED_COUNT:
        from scipy.stats import fisher_exact

        return float(fisher_exact([[k1, n1 - k1], [k2, n2 - k2]]).pvalue)
    pooled = hits / total
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if spread == 0:
        return 1.0
    z = (k1 / n1 - k2 / n2) / spread
    return float(math.erfc(abs(z) / math.sqrt(2)))


def welch_p(a: Sequence[float], b: Sequence[float]) -> float:
    """Two-sided p-value of Welch's t-test that two groups' means differ (missing values ignored).

    1.0 when either group has fewer than two values or both have no spread.
    """
    x = _finite(a)
    y = _finite(b)
    if x.size < 2 or y.size < 2:
        return 1.0
    return welch_p_from_stats(
        float(x.mean()), float(x.std(ddof=1)), x.size, float(y.mean()), float(y.std(ddof=1)), y.size
    )


def welch_p_from_stats(m1: float, s1: float, n1: int, m2: float, s2: float, n2: int) -> float:
    """Welch's t-test from means, standard deviations and sizes (two-sided p-value)."""
    if n1 < 2 or n2 < 2:
        return 1.0
    v1, v2 = s1 * s1 / n1, s2 * s2 / n2
    spread = v1 + v2
    if spread <= 0:
        return 1.0 if m1 == m2 else 0.0
    t = (m1 - m2) / math.sqrt(spread)
    freedom = spread * spread / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
    from scipy.stats import t as student_t

    return float(2 * student_t.sf(abs(t), freedom))


def holm(p_values: Sequence[float], level: float = SIGNIFICANCE) -> tuple[bool, ...]:
    """Holm's step-down correction: which of many hypotheses are rejected at ``level`` overall.

    Controls the chance of any false claim among the comparisons at ``level``, uniformly more
    powerful than Bonferroni.
    """
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    rejected = [False] * len(p_values)
    count = len(p_values)
    for step, index in enumerate(order):
        if p_values[index] > level / (count - step):
            break
        rejected[index] = True
    return tuple(rejected)


def _finite(values: Sequence[float]) -> np.ndarray:
    """``values`` as a float array without missing or infinite entries."""
    array = np.asarray([v for v in values if v is not None], dtype=float)
    return array[np.isfinite(array)]
