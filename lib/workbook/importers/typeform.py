"""Typeform: "Download responses" as CSV.

Layout: one header row; ``#`` (the response token), one column per question (its title), hidden
fields by name, then ``Response Type`` (``completed``/``partial``), ``Start Date (UTC)``,
``Stage Date (UTC)``, ``Submit Date (UTC)``, ``Network ID`` and ``Tags``. Times are UTC as
``YYYY-MM-DD HH:MM:SS``; newest responses come first.
"""

from __future__ import annotations

from workbook.importers.export import Export, build, iso_time
from workbook.importers.source import RawTable

KIND = "survey"
NAME = "typeform"
LABEL = "Typeform"
METADATA = (
    "#",
    "Response Type",
    "Start Date (UTC)",
    "Stage Date (UTC)",
    "Submit Date (UTC)",
    "Network ID",
    "Tags",
)


def detect(table: RawTable) -> bool:
    """A Typeform export starts with ``#`` and has ``Submit Date (UTC)``."""
    header = [c.strip() for c in table.rows[0]] if table.rows else []
    return bool(header) and header[0] == "#" and "Submit Date (UTC)" in header


def _drop(row: dict[str, str]) -> str:
    kind = row.get("Response Type", "").lower()
    if kind and kind != "completed":
        return "partial"
    return "" if row.get("Submit Date (UTC)") else "partial"


def read(table: RawTable) -> Export:
    """The responses of a Typeform CSV."""
    return build(
        LABEL,
        table,
        table.rows[0],
        2,
        id_column="#",
        time_column="Submit Date (UTC)",
        parse_time=lambda text: iso_time(text, ("%Y-%m-%d %H:%M:%S",), "UTC"),
        metadata=METADATA,
        drop=_drop,
        time_zone="UTC (named in the Submit Date (UTC) header)",
    )
