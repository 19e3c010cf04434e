"""Amplitude retention analysis chart, downloaded as CSV.

Layout: a few rows about the chart (its name, the date range) above the table; the table has a
``Segment`` column (one segment per breakdown), the cohort's start (``Date``, ``Start Date`` or
``Cohort``), its size as ``Users``, then ``Month 0``, ``Month 1``, … (``Day``/``Week`` for other
intervals) holding shares of the cohort (``100%``, ``45.5%``) or, with counts shown, users.
An ``Overall`` row averages the cohorts and is not one. Periods a cohort has not reached are
blank or ``0%``.
"""

from __future__ import annotations

from workbook.importers.retention_grid import Cell, Layout, find_header, read_cells
from workbook.importers.source import RawTable

KIND = "retention"
NAME = "amplitude"
LABEL = "Amplitude"
LAYOUT = Layout(
    cohort_names=("date", "start date", "cohort", "cohort date"),
    size_names=("users", "total users", "cohort users"),
)


def detect(table: RawTable) -> bool:
    """A header row (chart rows above it allowed) with a date column, ``Users`` and periods
    numbered from ``Month 0``."""
    header = find_header(table, LAYOUT)
    if header is None or header.size is None:
        return False
    names = [table.rows[header.at][i].strip().lower() for i in header.periods]
    return not any(name.startswith("<") for name in names)


def read_grid(table: RawTable) -> list[Cell]:
    """The export's cohort × period cells."""
    return read_cells(table, LAYOUT, LABEL)
