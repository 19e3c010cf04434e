"""Time to product/market fit (TTPMF): how long the road to fit is, and how much road is left.

The assessment combines four readings of one company: the **Sean Ellis test** per survey wave
and segment (share *very disappointed*, with a Wilson interval, against the fit bar); a
**Superhuman-style segment analysis** (the segment that loves the product, what its fans value,
what holds the somewhat disappointed back); **retention curves** and the shape of their
average; and the **trajectory** of the share, projected to the date it crosses the bar, which
gives the status against the fit window and the marketing buffer left on the runway.

Layout, in the one direction the modules import each other: :mod:`~workbook.ttpmf.rules`
(every threshold, declared once); the compute side, numbers, words of a fixed vocabulary and
frozen dataclasses (:mod:`~.dates`, :mod:`~.survey`, :mod:`~.trajectory`, :mod:`~.retention`,
:mod:`~.segments`, :mod:`~.timeline`, gathered with the result in :mod:`~.compute`); the
sentences about them (:mod:`~.wording`); :mod:`~.advice` (ranked recommendations);
:mod:`~.checks` (each rule's outcome and reason); :mod:`~.prose` and :mod:`~.present` (the
notebook's threshold prose, tables and Markdown). :mod:`~.assess` wires them into the one
frozen result::

    from workbook import io, ttpmf

    result = ttpmf.assess(io.load_company("tandem"))
    result.status, result.figures["projected_fit_date"], ttpmf.present.waves_table(result)
"""

from workbook.ttpmf import advice, checks, compute, present, prose, rules, wording
from workbook.ttpmf.assess import assess
from workbook.ttpmf.compute import (
    FitFinding,
    FitTimeline,
    Projection,
    RetentionAnalysis,
    RetentionShape,
    SeanEllisScore,
    SegmentAnalysis,
    Trajectory,
    Trend,
    TTPMFResult,
    sean_ellis,
)

__all__ = [
    "FitFinding",
    "FitTimeline",
    "Projection",
    "RetentionAnalysis",
    "RetentionShape",
    "SeanEllisScore",
    "SegmentAnalysis",
    "TTPMFResult",
    "Trajectory",
    "Trend",
    "advice",
    "assess",
    "checks",
    "compute",
    "present",
    "prose",
    "rules",
    "sean_ellis",
    "wording",
]
