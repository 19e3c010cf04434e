"""Result types and statistics shared by the three assessments.

Kept in one place so that every assessment reports estimates, checks and recommendations the same
way, and so that a confidence interval is computed by exactly one piece of code.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import stats

#: Below this many answers a group's estimate is shown but flagged as too few to trust.
MIN_RELIABLE_N = 30
CONFIDENCE = 0.95

Status = Literal["pass", "warn", "fail", "not assessed"]


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its 95% interval and the number of answers behind it."""

    value: float | None
    ci_low: float | None
    ci_high: float | None
    n: int

    @property
    def too_few(self) -> bool:
        """True when fewer than :data:`MIN_RELIABLE_N` answers stand behind the estimate."""
        return self.n < MIN_RELIABLE_N

    @property
    def defined(self) -> bool:
        """False when there was nothing to estimate from."""
        return self.value is not None


@dataclass(frozen=True)
class Check:
    """One rule applied to a company: its outcome and, in plain words, why."""

    name: str
    status: Status
    reason: str


@dataclass(frozen=True)
class Recommendation:
    """Advice tied to a finding: what to do, and the finding that prompted it."""

    action: str
    because: str


def mean_interval(values: Iterable[float], confidence: float = CONFIDENCE) -> Estimate:
    """Mean with a Student-t confidence interval; missing values are ignored.

    One value gives the mean without an interval; no values give an undefined estimate.
    """
    array = np.asarray([v for v in values if v is not None and not math.isnan(v)], dtype=float)
    n = int(array.size)
    if n == 0:
        return Estimate(None, None, None, 0)
    mean = float(array.mean())
    if n == 1:
        return Estimate(mean, None, None, 1)
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1) * array.std(ddof=1) / math.sqrt(n))
    return Estimate(mean, mean - half, mean + half, n)


def wilson_interval(successes: int, n: int, confidence: float = CONFIDENCE) -> Estimate:
    """Share of successes with the Wilson score interval (well behaved for small n and 0 or 1)."""
    if n <= 0:
        return Estimate(None, None, None, 0)
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    share = successes / n
    denominator = 1 + z * z / n
    centre = (share + z * z / (2 * n)) / denominator
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / denominator
    return Estimate(share, max(0.0, centre - half), min(1.0, centre + half), n)


def safe_ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, or None ("not defined") when the denominator is zero."""
    if denominator == 0 or denominator is None or math.isnan(denominator):
        return None
    return numerator / denominator


def escape_text(text: object) -> str:
    """Escape user-supplied text for HTML and Markdown output (names, comments, answers)."""
    escaped = str(text)
    for char in "\\`*_[]#|":
        escaped = escaped.replace(char, "\\" + char)
    return html.escape(escaped, quote=True)  # last, so its entities are not escaped again


def format_share(value: float | None, digits: int = 0) -> str:
    """A share as a percentage ("42%"), or "not defined" when there is none."""
    return "not defined" if value is None else f"{value:.{digits}%}"


_STATUS_MARK = {
    "pass": "✅ pass",
    "warn": "⚠️ warn",
    "fail": "❌ fail",
    "not assessed": "➖ not assessed",
}


def checks_markdown(checks: Iterable[Check]) -> str:
    """A Markdown table of checks (status, check, reason) for notebooks and reports."""
    rows = ["| Status | Check | Why |", "| --- | --- | --- |"]
    rows += [
        f"| {_STATUS_MARK[c.status]} | {escape_text(c.name)} | {escape_text(c.reason)} |"
        for c in checks
    ]
    return "\n".join(rows)


def recommendations_markdown(recommendations: Iterable[Recommendation]) -> str:
    """A numbered Markdown list of recommendations, each with the finding behind it."""
    lines = [
        f"{number}. **{escape_text(r.action)}** — {escape_text(r.because)}"
        for number, r in enumerate(recommendations, start=1)
    ]
    return "\n".join(lines) if lines else "_No recommendations: nothing stood out._"
