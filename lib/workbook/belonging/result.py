"""The level and the frozen result: what the belonging assessment found, as numbers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from workbook.belonging import rules
from workbook.belonging.alpha import SubscaleReliability
from workbook.belonging.goals import SpacesResult
from workbook.belonging.health import HealthMeasure
from workbook.belonging.rules import Level
from workbook.belonging.safety import TrustSafetyResult
from workbook.belonging.scoring import SegmentSubscale
from workbook.belonging.survey import SurveyWaves, WaveIndex
from workbook.evidence import Evidence
from workbook.io import Instrument
from workbook.results import AssessmentResult, Check
from workbook.stats import Estimate


def banded(value: float) -> float:
    """A score rounded once to the ``INDEX_DIGITS`` rule, as it is shown and compared with the
    bands (an index of exactly 50 that computes as 49.99999999 is 50.0)."""
    return round(float(value), rules.INDEX_DIGITS.value) + 0.0


def level_of(
    index: Estimate | None,
    trust_safety_score: float | None,
    checklist_complete: bool = True,
) -> Level:
    """The level from the index (rounded once, :func:`banded`), capped at developing by a low
    trust & safety score or, when ``checklist_complete`` is False, by an unanswered practice:
    not enough evidence that belonging is protected is no pass."""
    if index is None or index.value is None:
        return "not assessed"
    value = banded(index.value)
    if value >= rules.STRONG_INDEX.value:
        capped = not checklist_complete or (
            trust_safety_score is not None
            and banded(trust_safety_score) < rules.TRUST_SAFETY_FOR_STRONG.value
        )
        return "developing" if capped else "strong"
    return "developing" if value >= rules.DEVELOPING_INDEX.value else "weak"


def weakest(subscales: Mapping[str, Estimate]) -> str | None:
    """The subscale with the lowest index (the first in instrument order on ties)."""
    defined = [
        (e.value, position, key)
        for position, (key, e) in enumerate(subscales.items())
        if e.value is not None
    ]
    return min(defined)[2] if defined else None


@dataclass(frozen=True, kw_only=True)
class BelongingResult(AssessmentResult):
    """Everything the belonging assessment found for one company, built once.

    ``status`` is the level (strong, developing, weak or not assessed); ``index`` is the
    Belonging Index of the latest survey wave (None without a usable survey), and so are the
    subscales, segments and α: a member re-surveyed in several waves counts once, in the current
    state. ``waves`` holds every wave's index (the belonging trend). ``missing`` maps each input
    file that could not be used to the advice for adding it. ``sources`` gives the load status
    of each data file and ``rows`` the rows each usable one held.
    """

    company: str
    stage: str
    instrument: Instrument | None
    respondents: int
    waves: SurveyWaves | None
    index: Estimate | None
    subscales: Mapping[str, Estimate]
    segments: Mapping[str, Estimate]
    segment_subscales: tuple[SegmentSubscale, ...]
    reliability: tuple[SubscaleReliability, ...]
    health: tuple[HealthMeasure, ...]
    weekly: pd.DataFrame | None
    spaces: SpacesResult | None
    launch_checks: tuple[Check, ...]
    trust_safety: TrustSafetyResult
    weakest_subscale: str | None
    community_given: bool
    sources: Mapping[str, str] = field(default_factory=dict)
    rows: Mapping[str, int] = field(default_factory=dict)

    @property
    def level_evidence(self) -> Evidence | None:
        """The evidence behind the level: the wave that sets it (None without a survey). When
        it is not sufficient the level is provisional and unlocks nothing downstream (the
        network-effects check, scaling)."""
        current = None if self.waves is None else self.waves.current
        return None if current is None else current.evidence

    @property
    def subscale_labels(self) -> dict[str, str]:
        """Subscale id -> label, in instrument order (empty without an instrument)."""
        return {s.id: s.label for s in self.instrument.subscales} if self.instrument else {}

    def subscale_label(self, subscale: str) -> str:
        """A subscale's label (its id when there is no instrument)."""
        return self.subscale_labels.get(subscale, subscale)


def figures(
    index: Estimate | None,
    subscales: Mapping[str, Estimate],
    alphas: Sequence[SubscaleReliability],
    practices: TrustSafetyResult,
    health: Sequence[HealthMeasure],
    respondents: int,
    weakest_subscale: str | None,
    waves: SurveyWaves | None,
) -> dict[str, Any]:
    """The numbers ``assess --json`` writes under ``figures`` (the index, α, health, waves)."""
    interval = None
    if index is not None and None not in (index.value, index.ci_low, index.ci_high):
        interval = [index.ci_low, index.ci_high]
    return {
        "index": None if index is None else index.value,
        "index_ci": interval,
        "n": index.n if index is not None else 0,
        "alpha": {r.subscale: {"value": r.shown, "band": r.band} for r in alphas},
        "trust_safety_score": practices.score,
        "trust_safety_answered": practices.assessed,
        "respondents": respondents,
        "subscales": {key: e.value for key, e in subscales.items()},
        "weakest_subscale": weakest_subscale,
        "health": {
            m.key: {
                "latest": m.latest,
                "previous": m.previous,
                "direction": m.direction,
                "verdict": m.verdict,
                "evidence": m.evidence,
            }
            for m in health
        },
        "evidence": None if waves is None or waves.current is None else waves.current.evidence,
        "grouping": None if waves is None else waves.grouping,
        "answers": 0 if waves is None else waves.answers,
        "members": 0 if waves is None else waves.members,
        "panel_members": 0 if waves is None else waves.panel_members,
        "waves": [] if waves is None else [wave_figures(wave) for wave in waves.waves],
    }


def wave_figures(wave: WaveIndex) -> dict[str, Any]:
    """One wave's numbers in ``figures["waves"]``."""
    return {
        "label": wave.label,
        "start": wave.start,
        "end": wave.end,
        "answers": wave.answers,
        "n": wave.index.n,
        "index": wave.index.value,
        "ci_low": wave.index.ci_low,
        "ci_high": wave.index.ci_high,
        "returning": wave.returning,
        "complete": wave.complete,
        "adequate": wave.adequate,
    }


def community_size(activity: pd.DataFrame | None, waves: SurveyWaves | None) -> int | None:
    """Members now: the latest week's member count, or at least the distinct survey members
    (None without either)."""
    sizes = []
    members = (
        activity.sort_values("week", kind="stable")["members"].dropna()
        if activity is not None
        else pd.Series(dtype=float)
    )
    if len(members):
        sizes.append(int(members.iloc[-1]))
    if waves is not None and waves.members:
        sizes.append(waves.members)
    return max(sizes) if sizes else None
