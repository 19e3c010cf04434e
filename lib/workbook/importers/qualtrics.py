"""Qualtrics: Data & Analysis ▸ Export data ▸ CSV, or TSV (UTF-16, tab separated).

Layout: three header rows. Row 1: column names (``StartDate``, ``EndDate``, ``Status``,
``IPAddress``, ``Progress``, ``Duration (in seconds)``, ``Finished``, ``RecordedDate``,
``ResponseId``, ``RecipientLastName``, ``RecipientFirstName``, ``RecipientEmail``,
``ExternalReference``, ``LocationLatitude``, ``LocationLongitude``, ``DistributionChannel``,
``UserLanguage``, then ``Q1``, ``Q2_1``, …). Row 2: the question texts (a matrix row as
``Question - Row``). Row 3: ImportId JSON, e.g. ``{"ImportId":"startDate","timeZone":
"America/Denver"}``, naming the time zone of the dates (``YYYY-MM-DD HH:MM:SS``). ``Status`` is
``IP Address`` for real responses and ``Survey Preview``/``Survey Test``/``Spam`` otherwise;
``Finished`` is ``True``/``False`` (or 1/0).
"""

from __future__ import annotations

from workbook.importers.export import Export, build, import_id_zone, iso_time
from workbook.importers.source import ImportFailure, RawTable

KIND = "survey"
NAME = "qualtrics"
LABEL = "Qualtrics"
METADATA_NAMES = (
    "StartDate",
    "EndDate",
    "Status",
    "IPAddress",
    "Progress",
    "Duration (in seconds)",
    "Finished",
    "RecordedDate",
    "ResponseId",
    "RecipientLastName",
    "RecipientFirstName",
    "LocationLatitude",
    "LocationLongitude",
    "DistributionChannel",
    "UserLanguage",
)
_PREVIEW = {"survey preview", "survey test", "spam", "1", "2", "8"}


def detect(table: RawTable) -> bool:
    """A Qualtrics export's first row has ``StartDate`` and ``ResponseId``; row 3 is ImportId
    JSON."""
    header = {c.strip() for c in table.rows[0]} if table.rows else set()
    return {"StartDate", "ResponseId"} <= header


def read(table: RawTable) -> Export:
    """The responses of a Qualtrics CSV/TSV export (three header rows)."""
    if len(table.rows) < 3 or "ImportId" not in "".join(table.rows[2]):
        raise ImportFailure(
            table.name,
            "three header rows (names, question texts, ImportId JSON): export with "
            "'Use choice text' and without removing the extra header rows",
            row=3,
        )
    names = [c.strip() for c in table.rows[0]]
    texts = [c.strip() for c in table.rows[1]] + [""] * len(names)
    zone = None
    for cell in table.rows[2]:
        zone = import_id_zone(cell) or zone
    # questions by their text; metadata and identity columns by their name
    headers = [
        name
        if name in METADATA_NAMES or name in ("RecipientEmail", "ExternalReference")
        else (texts[i] or name)
        for i, name in enumerate(names)
    ]
    time_column = "RecordedDate" if "RecordedDate" in names else "EndDate"

    def drop(row: dict[str, str]) -> str:
        if row.get("Status", "").strip().lower() in _PREVIEW:
            return "preview"
        if row.get("Finished", "True").strip().lower() in ("false", "0"):
            return "partial"
        return ""

    return build(
        LABEL,
        table,
        headers,
        4,
        id_column="ResponseId",
        time_column=time_column,
        parse_time=lambda text: iso_time(text, ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"), zone),
        metadata=METADATA_NAMES,
        drop=drop,
        time_zone=f"{zone} (from the ImportId row)" if zone else "as written",
        zone=zone,
    )
