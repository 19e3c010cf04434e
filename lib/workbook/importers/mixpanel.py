"""Mixpanel retention report, exported as CSV.

Layout: one row per cohort, its start (``Date`` or ``Cohort``), its size (``Total``, ``People``
or ``Users``), then ``< 1 Month`` (the first interval: period 0), ``Month 1``, ``Month 2``, …
holding counts or percentages of the cohort, as the report shows them (the same numbers as the
Query API's ``first`` and ``counts``). Intervals a cohort has not reached are blank or ``0``.
"""

from __future__ import annotations

from workbook.importers.retention_grid import (
    FIRST_PERIOD_HEADER,
    Cell,
    Layout,
    find_header,
    read_cells,
)
from workbook.importers.source import RawTable

KIND = "retention"
NAME = "mixpanel"
LABEL = "Mixpanel"
LAYOUT = Layout(
    cohort_names=("date", "cohort", "cohort date"),
    size_names=("total", "people", "users", "total people", "total users"),
)


def detect(table: RawTable) -> bool:
    """A header row with a date column and Mixpanel's ``< 1 Month`` first interval."""
    header = find_header(table, LAYOUT)
    if header is None:
        return False
    row = table.rows[header.at]
    return any(FIRST_PERIOD_HEADER.match(" ".join(row[i].split())) for i in header.periods)


def read_grid(table: RawTable) -> list[Cell]:
    """The export's cohort × period cells."""
    return read_cells(table, LAYOUT, LABEL)
