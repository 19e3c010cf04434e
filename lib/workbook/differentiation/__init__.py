"""The differentiation assessment: how a product relates to the product it builds on.

Keep the fundamentals customers already expect and reinvent a small, deliberate part (about a
fifth), in the core, felt at once; a networked product must rebuild its community too.
:func:`assess` returns a frozen :class:`DifferentiationResult` whose ``status`` is the verdict.

Layout, imports in one direction: :mod:`.rules` (every threshold, declared once) → the compute
side, numbers and outcomes only (:mod:`.reinvention`, :mod:`.kano`, :mod:`.canvas`,
:mod:`.network`, :mod:`.verdict`, :mod:`.result`; one namespace in :mod:`.compute`) →
:mod:`.wording` (the checks' and the verdict's sentences) → :mod:`.advice` (ranked
recommendations) → :mod:`.present` (tables, Markdown, page prose). :mod:`.assess` wires them.
"""

from workbook.differentiation import advice, compute, present, rules, wording
from workbook.differentiation.assess import (
    assess,
    assess_canvas,
    assess_kano,
    assess_network_effects,
    assess_reinvention,
)
from workbook.differentiation.compute import (
    BelongingSummary,
    CanvasFinding,
    DifferentiationResult,
    KanoFinding,
    NetworkEffectsFinding,
    ReinventionFinding,
    classify_kano,
    kano_category,
)
from workbook.differentiation.rules import VERDICTS, Verdict

__all__ = [
    "VERDICTS",
    "BelongingSummary",
    "CanvasFinding",
    "DifferentiationResult",
    "KanoFinding",
    "NetworkEffectsFinding",
    "ReinventionFinding",
    "Verdict",
    "advice",
    "assess",
    "assess_canvas",
    "assess_kano",
    "assess_network_effects",
    "assess_reinvention",
    "classify_kano",
    "compute",
    "kano_category",
    "present",
    "rules",
    "wording",
]
