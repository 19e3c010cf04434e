"""The compute side of the differentiation assessment in one namespace: numbers, readings,
categories and outcomes, never a sentence.

Four sources are read:

* ``features.csv`` (:mod:`.reinvention`): the **reinvention share** (importance-weighted share
  of every change: reinvented, new and removed features), the **core share** (how much of the
  reinvention sits in the core of the product) and the **time to differentiation** (how fast
  the quickest of the most important reinvented or new core features is felt);
* ``kano_survey.csv`` (:mod:`.kano`): what customers say, classified with the **Kano model**
  (evaluation table, the category by most frequent answer, the **Fong test** and **Berger et
  al.**'s Better/Worse coefficients), cross-checked against the feature inventory;
* ``strategy_canvas.csv`` (:mod:`.canvas`): the **value curves** and how far the product's
  curve departs from the others;
* the belonging result (:mod:`.network`), when the product depends on network effects: copying
  a networked product without also rebuilding its community copies an empty room.

:mod:`.verdict` decides the verdict and :mod:`.result` holds the frozen result and its figures.
The sentences are written in :mod:`.wording`; :mod:`.assess` wires the parts together.
"""

from __future__ import annotations

from workbook.differentiation.canvas import (
    CANVAS_OUTCOMES,
    CanvasCase,
    CanvasFinding,
    measure_canvas,
)
from workbook.differentiation.kano import (
    FongResult,
    KanoFinding,
    better_worse,
    classify_kano,
    decided_categories,
    fong_critical,
    kano_category,
    kano_contenders,
    kano_counts,
    kano_dominant,
    kano_evidence,
    kano_quadrant,
    kano_top_two,
    measure_kano,
    near_tie_outcome,
)
from workbook.differentiation.network import (
    BelongingSummary,
    NetworkEffectsFinding,
    has_community_data,
    needs_belonging,
    read_network_effects,
)
from workbook.differentiation.reinvention import (
    CORE_OUTCOMES,
    SHARE_OUTCOMES,
    TIME_OUTCOMES,
    CoreCase,
    ReinventionFinding,
    ShareCase,
    TimeCase,
    is_all_core,
    is_felt,
    is_felt_fast,
    is_mostly_core,
    measure_reinvention,
    reinvention_reading,
    share_zones,
)
from workbook.differentiation.result import DifferentiationResult, figures, kano_figures
from workbook.differentiation.verdict import Gap, decide_verdict, verdict_gaps

__all__ = [
    "CANVAS_OUTCOMES",
    "CORE_OUTCOMES",
    "SHARE_OUTCOMES",
    "TIME_OUTCOMES",
    "BelongingSummary",
    "CanvasCase",
    "CanvasFinding",
    "CoreCase",
    "DifferentiationResult",
    "FongResult",
    "Gap",
    "KanoFinding",
    "NetworkEffectsFinding",
    "ReinventionFinding",
    "ShareCase",
    "TimeCase",
    "better_worse",
    "classify_kano",
    "decide_verdict",
    "decided_categories",
    "figures",
    "fong_critical",
    "has_community_data",
    "is_all_core",
    "is_felt",
    "is_felt_fast",
    "is_mostly_core",
    "kano_category",
    "kano_contenders",
    "kano_counts",
    "kano_dominant",
    "kano_evidence",
    "kano_figures",
    "kano_quadrant",
    "kano_top_two",
    "measure_canvas",
    "measure_kano",
    "measure_reinvention",
    "near_tie_outcome",
    "needs_belonging",
    "read_network_effects",
    "reinvention_reading",
    "share_zones",
    "verdict_gaps",
]
