"""Altair chart builders and the one project theme.

Builders return charts and never display or save them. Call :func:`setup` once per notebook to
enable the theme and the offline-capable renderer. Each assessment keeps its builders in its own
submodule; everything public is re-exported here, so callers write ``workbook.charts.<builder>``.
"""

from workbook.charts import belonging, differentiation, summary, ttpmf
from workbook.charts.base import (
    PALETTE,
    bars_with_interval,
    reference_rule,
    setup,
    to_png,
    trend_lines,
)
from workbook.charts.belonging import *  # noqa: F403
from workbook.charts.differentiation import *  # noqa: F403
from workbook.charts.summary import *  # noqa: F403
from workbook.charts.ttpmf import *  # noqa: F403

__all__ = [
    "PALETTE",
    "bars_with_interval",
    "reference_rule",
    "setup",
    "to_png",
    "trend_lines",
    *belonging.__all__,
    *differentiation.__all__,
    *summary.__all__,
    *ttpmf.__all__,
]
