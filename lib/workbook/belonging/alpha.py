"""Reliability: Cronbach's α per subscale and over all items, banded on the value shown."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from workbook.belonging import rules
from workbook.belonging.rules import NOT_ASSESSED
from workbook.belonging.scoring import TOTAL, reverse_scored
from workbook.evidence import Evidence
from workbook.io import Instrument
from workbook.results import Outcome


def cronbach_alpha(items: pd.DataFrame) -> float | None:
    """Cronbach's α of a frame of item columns that are ALREADY reverse-scored.

    Use :func:`reverse_scored` first on raw answers. Rows with any missing answer are dropped
    (listwise deletion). α = k / (k − 1) × (1 − Σ item variances / variance of the row sums),
    with sample variances. Returns None ("not defined") with fewer than two items, fewer than
    two complete rows, or when the row sums do not vary.
    """
    complete = items.dropna()
    k = complete.shape[1]
    if k < 2 or len(complete) < 2:
        return None
    total_variance = float(complete.sum(axis=1).var(ddof=1))
    if total_variance == 0:
        return None
    item_variance = float(complete.var(ddof=1).sum())
    return k / (k - 1) * (1 - item_variance / total_variance)


def shown_alpha(alpha: float | None) -> float | None:
    """α rounded to the ``ALPHA_DIGITS`` rule: the value shown, banded and written to JSON.

    Rounding before comparing keeps an α of exactly 0.7 that computes as 0.6999999999999997 in
    the acceptable band, and an α of 0.7986 (shown as 0.80) in the good band it is shown with.
    """
    return None if alpha is None else round(float(alpha), rules.ALPHA_DIGITS.value) + 0.0


def alpha_band(alpha: float | None) -> str:
    """The conventional band of an α value (excellent … unacceptable), or "not defined".

    The band is that of the value shown (:func:`shown_alpha`), so it never contradicts it.
    """
    shown = shown_alpha(alpha)
    if shown is None:
        return rules.ALPHA_NOT_DEFINED
    return next(
        (label for rule, label in rules.alpha_bands() if shown >= rule.value),
        rules.ALPHA_BAND_BELOW,
    )


def alpha_warning(alpha: float | None) -> bool:
    """True when the α shown is below the ``ALPHA_WARNING_BELOW`` rule."""
    shown = shown_alpha(alpha)
    return shown is not None and shown < rules.ALPHA_WARNING_BELOW.value


@dataclass(frozen=True)
class SubscaleReliability:
    """Cronbach's α of one subscale (or of all items), with the complete answers behind it."""

    subscale: str
    label: str
    items: int
    n: int
    alpha: float | None

    @property
    def shown(self) -> float | None:
        """α rounded to the ``ALPHA_DIGITS`` rule: what tables, checks and JSON show."""
        return shown_alpha(self.alpha)

    @property
    def band(self) -> str:
        """The band of the α shown (excellent … unacceptable, or "not defined")."""
        return alpha_band(self.alpha)

    @property
    def warning(self) -> bool:
        """True when the α shown is below the ``ALPHA_WARNING_BELOW`` rule (items do not hang
        together)."""
        return alpha_warning(self.alpha)

    @property
    def evidence(self) -> Evidence:
        """Whether enough complete answers stand behind α (the ``ALPHA_EVIDENCE`` rule)."""
        return rules.ALPHA_EVIDENCE.judge(self.n, unit="complete answers")

    @property
    def outcome(self) -> Outcome:
        """The reliability check's outcome: pass at or above the warning bound, warn below, not
        assessed when α is not defined or rests on too few complete answers to pass (the
        ``ALPHA_EVIDENCE`` rule). Its reason is written by
        :func:`workbook.belonging.wording.reliability_check`."""
        if self.shown is None:
            return NOT_ASSESSED
        if self.warning:
            return "warn"
        return "pass" if self.evidence.sufficient else NOT_ASSESSED


def reliability(survey: pd.DataFrame, instrument: Instrument) -> tuple[SubscaleReliability, ...]:
    """Cronbach's α per subscale, then over all items, after reverse scoring."""
    items = reverse_scored(survey, instrument)
    groups = [
        (s.id, s.label, [i.id for i in instrument.items_of(s.id)]) for s in instrument.subscales
    ]
    groups.append((TOTAL, "All items", instrument.item_ids))
    return tuple(
        SubscaleReliability(
            subscale,
            label,
            len(columns),
            int(items[columns].notna().all(axis=1).sum()),
            cronbach_alpha(items[columns]),
        )
        for subscale, label, columns in groups
    )
