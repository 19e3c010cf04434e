"""Time to product/market fit (TTPMF): how long the road to fit is, and how much road is left.

The assessment combines four readings of one company: the **Sean Ellis test** per survey wave
and segment (share *very disappointed*, with a Wilson interval, against the fit bar); a
**Superhuman-style segment analysis** (the segment that loves the product, what its fans value,
what holds the somewhat disappointed back); **retention curves** and the shape of their
average; and the **trajectory** of the share, projected to the date it crosses the bar, which
gives the status against the fit window and the marketing buffer left on the runway.

Layout: :mod:`~workbook.ttpmf.rules` (every threshold, declared once), :mod:`~.compute`
(numbers, checks and :func:`assess`), :mod:`~.advice` (ranked recommendations) and
:mod:`~.present` (tables, Markdown and the notebook's threshold prose)::

    from workbook import io, ttpmf

    result = ttpmf.assess(io.load_company("tandem"))
    result.status, result.figures["projected_fit_date"], ttpmf.present.waves_table(result)
"""

from workbook.ttpmf import advice, compute, present, rules
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
    assess,
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
    "compute",
    "present",
    "rules",
    "sean_ellis",
]
