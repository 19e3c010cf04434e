"""Mixpanel retention report, exported as CSV.

Layout (Mixpanel's Retention report docs): one row per cohort, its start in the first column
(``Date``), its size (``Size``; ``Total``, ``People`` or ``Users`` also read), then
``< 1 Month`` (the first interval, period 0; ``< Month 1`` in calendar mode), ``Month 1``,
``Month 2``, … holding a retention rate (``45.5%``) or unique users, as the report's
measurement shows them (the same numbers as the Query API's ``first`` and ``counts``). A bucket
still in progress carries an asterisk (``12%*``); one not reached yet is blank or ``0``.
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
    size_names=("size", "total", "people", "users", "total people", "total users"),
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
