"""A CSV already in (or near) the contract's shape: ``respondent_id``, ``submitted_at`` and
one column per question, as a spreadsheet or another tool would write it."""

from __future__ import annotations

from workbook.importers.export import Export, build
from workbook.importers.source import RawTable
from workbook.io import parse_timestamp

KIND = "survey"
NAME = "csv"
LABEL = "a plain CSV"


def detect(table: RawTable) -> bool:
    """A plain CSV has a ``submitted_at`` column."""
    header = {c.strip().lower() for c in table.rows[0]} if table.rows else set()
    return "submitted_at" in header


def read(table: RawTable) -> Export:
    """Rows of a plain CSV (``submitted_at`` as an ISO date or date-time)."""
    header = [c.strip() for c in table.rows[0]]
    time_column = next(h for h in header if h.lower() == "submitted_at")

    def parse(text: str) -> str | None:
        return text if parse_timestamp(text) is not None else None

    return build(
        LABEL,
        table,
        header,
        2,
        id_column=None,
        time_column=time_column,
        parse_time=parse,
        metadata=(),
    )
