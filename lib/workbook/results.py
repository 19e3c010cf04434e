"""The result protocol every assessment shares: a headline, figures, checks, advice, gaps.

An assessment's compute layer returns one frozen result built once. Its common part is
:class:`AssessmentResult` (what the CLI, the renderer, the summary and the workshop editors read);
assessment-specific detail lives in typed fields of a subclass beside it. Nothing here formats
for display: see :mod:`workbook.format` and :mod:`workbook.present`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from enum import IntEnum
from typing import Any, Literal

from workbook.evidence import Evidence
from workbook.stats import is_blank

Outcome = Literal["pass", "warn", "fail", "not assessed"]
#: Every check outcome, from best to "not assessed".
OUTCOMES: tuple[Outcome, ...] = ("pass", "warn", "fail", "not assessed")

#: At most this many recommendations per assessment: a team acts on a few, not on a list.
MAX_RECOMMENDATIONS = 3


class Severity(IntEnum):
    """How urgent a recommendation is, on one scale shared by every assessment.

    ``CRITICAL``: the company is losing months or its runway (act now); ``HIGH``: a finding that
    undermines the verdict or the next stage; ``MEDIUM``: a gap worth closing this quarter;
    ``LOW``: an improvement or the next natural step.
    """

    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        """The lowercase name used in JSON and tables ("critical", "high", …)."""
        return self.name.lower()


@dataclass(frozen=True)
class Check:
    """One rule applied to a company: its outcome, in plain words why, and the evidence behind
    it (distinct people, the deciding test, whether it sufficed) where the rule declares one."""

    name: str
    outcome: Outcome
    reason: str
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Recommendation:
    """Advice tied to a finding: how urgent, what to do, the finding that prompted it, and its
    topic (a key of :data:`workbook.coherence.TOPICS`, used to keep advice free of
    contradictions across assessments) and the evidence that triggered it."""

    severity: Severity
    title: str
    reason: str
    topic: str = ""
    evidence: Evidence | None = None


#: What each topic's finding blocks, most blocking first: the second key of the one ranking by
#: impact (after severity) used by :func:`rank` on every page, the summary and the portfolio.
#: Fit comes first (nothing else pays off without it), then the runway (the time left to reach
#: it), then safety (a community that is not safe cannot hold anyone), then the community and
#: retention that scaling needs, then evidence to collect, and polish last.
TOPIC_ORDER: tuple[str, ...] = (
    "reach-fit",
    "confirm-fit",
    "runway",
    "safety",
    "rebuild-community",
    "strengthen-community",
    "retention",
    "measure",
    "scale",
    "acquisition",
    "differentiate",
    "community-practice",
)


def topic_rank(topic: str) -> int:
    """A topic's place in :data:`TOPIC_ORDER` (an unknown or empty topic ranks last)."""
    return TOPIC_ORDER.index(topic) if topic in TOPIC_ORDER else len(TOPIC_ORDER)


def rank(
    recommendations: Iterable[Recommendation], limit: int = MAX_RECOMMENDATIONS
) -> tuple[Recommendation, ...]:
    """The one ranking by impact, at most ``limit``: the most severe first, then by what the
    finding blocks (:data:`TOPIC_ORDER`: fit, runway, safety, before polish); further ties
    keep their given order."""
    ordered = sorted(recommendations, key=lambda r: (-r.severity, topic_rank(r.topic)))
    return tuple(ordered[:limit])


@dataclass(frozen=True, kw_only=True)
class AssessmentResult:
    """The part of every assessment's result that tools read without knowing the assessment.

    ``status`` is a word from the assessment's fixed vocabulary (see its registry entry);
    ``summary`` says in one plain sentence where the company stands; ``figures`` holds the key
    numbers as plain values (numbers, strings, dates, lists, dicts; None when not defined);
    ``checks`` and ``recommendations`` (ranked) explain it; ``missing`` maps each input file that
    could not be used to advice on how to supply it.
    """

    status: str
    summary: str
    figures: Mapping[str, Any] = field(default_factory=dict)
    checks: tuple[Check, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    missing: Mapping[str, str] = field(default_factory=dict)


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: dates as ISO text, NaN as None, tuples as lists.

    Handles numpy and pandas scalars (through ``item()``), mappings, sequences and dataclasses.
    """
    if value is None or isinstance(value, bool | str):
        return value
    if is_blank(value):  # NaN, NaT, pandas NA
        return None
    if isinstance(value, IntEnum):
        return value.name.lower()
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if _is_midnight(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item) for item in value]
    if hasattr(value, "item"):  # numpy / pandas scalars
        return plain(value.item())
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return plain(value.to_pydatetime())
    return str(value)


def _is_midnight(moment: datetime) -> bool:
    return (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0)


def to_dict(result: AssessmentResult) -> dict[str, Any]:
    """The shared part of a result as JSON-ready data (the shape of ``workbook assess --json``)."""
    return {
        "status": result.status,
        "summary": result.summary,
        "figures": plain(result.figures),
        "checks": [
            {
                "name": c.name,
                "outcome": c.outcome,
                "reason": c.reason,
                "evidence": plain(c.evidence),
            }
            for c in result.checks
        ],
        "recommendations": [
            {
                "severity": r.severity.label,
                "title": r.title,
                "reason": r.reason,
                "topic": r.topic,
                "evidence": plain(r.evidence),
            }
            for r in result.recommendations
        ],
        "missing": dict(result.missing),
    }
