"""SurveyMonkey: Analyze ▸ Save as ▸ Export file ▸ All responses data ▸ CSV, "expanded" columns.

Layout: two header rows. Row 1 holds ``Respondent ID``, ``Collector ID``, ``Start Date``,
``End Date``, ``IP Address``, ``Email Address``, ``First Name``, ``Last Name``, ``Custom Data 1``
and then each question's text over its first column only (the next columns of the same question
are blank). Row 2 says what each column holds: ``Response`` (single answer),
``Open-Ended Response``, an option label (multi-select: the cell holds the label when chosen), a
matrix row label, or ``Other (please specify)``. Dates are ``MM/DD/YYYY hh:mm:ss AM`` in the
account's time zone.
"""

from __future__ import annotations

from workbook.importers.export import Export, build, iso_time
from workbook.importers.source import RawTable

KIND = "survey"
NAME = "surveymonkey"
LABEL = "SurveyMonkey"
METADATA = (
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
)
_PLAIN = {"response", "open-ended response", ""}


def detect(table: RawTable) -> bool:
    """A SurveyMonkey export starts with ``Respondent ID`` and ``Collector ID``."""
    header = [c.strip() for c in table.rows[0]] if table.rows else []
    return header[:2] == ["Respondent ID", "Collector ID"]


def headers(first: list[str], second: list[str]) -> list[str]:
    """One header per column: the question (carried over blank cells), with the second row's
    option or matrix row in brackets when it is not a plain ``Response``."""
    result, question = [], ""
    second = second + [""] * (len(first) - len(second))
    for top, below in zip(first, second, strict=False):
        if top.strip():
            question = top.strip()
        below = below.strip()
        if below.lower() in _PLAIN or question in METADATA or question == "Email Address":
            result.append(question)
        else:
            result.append(f"{question} [{below}]")
    return result


def read(table: RawTable) -> Export:
    """The responses of a SurveyMonkey expanded CSV."""
    return build(
        LABEL,
        table,
        headers(table.rows[0], table.rows[1] if len(table.rows) > 1 else []),
        3,
        id_column="Respondent ID",
        time_column="End Date",
        parse_time=lambda text: iso_time(
            text,
            ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%Y-%m-%d %H:%M:%S"),
        ),
        metadata=METADATA,
        time_zone="the SurveyMonkey account's (not stated in the file)",
    )
