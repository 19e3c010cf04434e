"""Formbricks: Responses ▸ Download ▸ CSV (or XLSX).

Layout (from Formbricks' own export code): ``No.``, ``Response ID``, ``Timestamp``, ``Finished``
(``Yes``/``No``), ``Survey ID``, ``Formbricks ID (internal)``, ``User ID``, ``Notes``, ``Tags``,
metadata columns (``url``, ``userAgent - os``, …), then the questions, numbered ("1. How would
you feel …"), then variables and hidden fields.
"""

from __future__ import annotations

from workbook.importers.export import Export, build, iso_time
from workbook.importers.source import RawTable

KIND = "survey"
NAME = "formbricks"
LABEL = "Formbricks"
METADATA = (
    "No.",
    "Response ID",
    "Finished",
    "Survey ID",
    "Formbricks ID (internal)",
    "Notes",
    "Tags",
    "url",
    "source",
    "action",
    "country",
    "userAgent - os",
    "userAgent - device",
    "userAgent - browser",
    "Verified Email",
)


def detect(table: RawTable) -> bool:
    """A Formbricks export has ``Response ID`` and ``Formbricks ID (internal)``."""
    header = {c.strip() for c in table.rows[0]} if table.rows else set()
    return {"Response ID", "Formbricks ID (internal)"} <= header


def read(table: RawTable) -> Export:
    """The responses of a Formbricks CSV."""
    return build(
        LABEL,
        table,
        table.rows[0],
        2,
        id_column="Response ID",
        time_column="Timestamp",
        parse_time=lambda text: iso_time(
            text, ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%dT%H:%M:%SZ")
        ),
        metadata=METADATA,
        drop=lambda row: "partial" if row.get("Finished", "Yes").lower() == "no" else "",
        time_zone="as written",
    )
