"""Google Forms: "Download responses (.csv)" from Forms, or File ▸ Download ▸ CSV from the
linked Sheet.

Layout: one header row; ``Timestamp`` first, then ``Email Address`` / ``Email address`` when the
form collects e-mails, then one column per question; a grid question gives one column per row,
``Question [Row]``; checkbox answers are joined with ", ". Oldest responses come first. The
Sheet writes ``M/D/YYYY H:MM:SS`` (or ``D/M/YYYY`` in other locales) in the spreadsheet's time
zone; the Forms download writes ``YYYY/MM/DD h:mm:ss AM GMT+2``.
"""

from __future__ import annotations

import re

from workbook.importers.export import Export, build, iso_time
from workbook.importers.source import RawTable

KIND = "survey"
NAME = "google-forms"
LABEL = "Google Forms"
_GMT = re.compile(
    r"^(?P<stamp>.+?)\s+(GMT|UTC)(?P<sign>[+-])?(?P<hours>\d{1,2})?(:?(?P<mins>\d{2}))?$"
)


def detect(table: RawTable) -> bool:
    """A Google Forms export starts with ``Timestamp``."""
    return bool(table.rows) and table.rows[0][0].strip().lower() == "timestamp"


def _parse(text: str, day_first: bool) -> str | None:
    match = _GMT.match(text.strip())
    if match:
        sign = match.group("sign") or "+"
        offset = f"{sign}{int(match.group('hours') or 0):02d}:{match.group('mins') or '00'}"
        stamp = iso_time(match.group("stamp"), ("%Y/%m/%d %I:%M:%S %p", "%Y/%m/%d %H:%M:%S"))
        return f"{stamp}{offset}" if stamp else None
    formats = (
        ("%d/%m/%Y %H:%M:%S", "%d.%m.%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S")
        if day_first
        else ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M:%S")
    )
    return iso_time(text, formats)


def read(table: RawTable) -> Export:
    """The responses of a Google Forms / Sheets CSV."""
    header = table.rows[0]
    stamps = [row[0].strip() for row in table.rows[1:] if row and row[0].strip()]
    leading = [re.match(r"^(\d{1,2})[/.]", s) for s in stamps]
    day_first = any(match is not None and int(match.group(1)) > 12 for match in leading)
    note = (
        "dates read day first (D/M/YYYY): a day above 12 was found"
        if day_first
        else "dates read month first (M/D/YYYY), as the Sheet writes them in US locale"
    )
    return build(
        LABEL,
        table,
        header,
        2,
        id_column=None,
        time_column=header[0].strip(),
        parse_time=lambda text: _parse(text, day_first),
        metadata=(),
        time_zone="the spreadsheet's (no time zone in the file unless it says GMT±H)",
        notes=[note],
    )
