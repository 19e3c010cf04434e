"""Tally: Submissions ▸ Download ▸ CSV.

Layout: one header row; ``Submission ID``, ``Respondent ID``, ``Submitted at`` (UTC,
``YYYY-MM-DD HH:MM:SS``), then one column per question; checkbox answers are joined with ", ".
"""

from __future__ import annotations

from workbook.importers.export import Export, build, iso_time
from workbook.importers.source import RawTable

KIND = "survey"
NAME = "tally"
LABEL = "Tally"


def detect(table: RawTable) -> bool:
    """A Tally export starts with ``Submission ID`` and has ``Submitted at``."""
    header = [c.strip() for c in table.rows[0]] if table.rows else []
    return bool(header) and header[0] == "Submission ID" and "Submitted at" in header


def read(table: RawTable) -> Export:
    """The responses of a Tally CSV."""
    return build(
        LABEL,
        table,
        table.rows[0],
        2,
        id_column="Submission ID",
        time_column="Submitted at",
        parse_time=lambda text: iso_time(
            text, ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%dT%H:%M:%SZ"), "UTC"
        ),
        metadata=("Submission ID",),
        time_zone="UTC",
    )
