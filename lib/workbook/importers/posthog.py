"""PostHog retention insight, exported as CSV: ``cohort``, ``cohort size``, ``Month 0`` ….

Layout (PostHog's ``posthog/tasks/exports/csv_exporter.py``): one row per cohort, ``cohort``
holding its start as an ISO time (``2026-01-01T00:00:00Z``), ``cohort size`` its people, then one
column per period labelled as the insight labels it (``Month 0``, ``Month 1``, …), holding
counts. A period that has not elapsed has no value, so its cell is blank.
"""

from __future__ import annotations

from workbook.importers.retention_grid import Cell, Layout, find_header, read_cells
from workbook.importers.source import RawTable

KIND = "retention"
NAME = "posthog"
LABEL = "PostHog"
LAYOUT = Layout(cohort_names=("cohort",), size_names=("cohort size",))


def detect(table: RawTable) -> bool:
    """A first row with ``cohort``, ``cohort size`` and period columns."""
    header = find_header(table, LAYOUT)
    return header is not None and header.at == 0 and header.size is not None


def read_grid(table: RawTable) -> list[Cell]:
    """The export's cohort × period cells."""
    return read_cells(table, LAYOUT, LABEL)
