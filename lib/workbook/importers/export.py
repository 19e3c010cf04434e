"""What every tool reader returns: the responses of one export in one shape."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd

from workbook.importers.source import ImportFailure, RawTable

#: Why a response is left out (shown with counts by ``--dry-run``).
DROP_REASONS = (
    "partial",
    "preview",
    "duplicate",
    "ineligible",
    "after as_of",
    "unanswered",
    "period not finished",
)

#: Hidden fields or metadata columns that identify a respondent across waves (first found wins).
IDENTITY_HEADERS = (
    "respondent_id",
    "respondent id",
    "user_id",
    "user id",
    "userid",
    "email",
    "email address",
    "recipientemail",
    "externalreference",
    "external reference",
)


@dataclass
class Export:
    """An export read by a tool reader.

    ``frame`` has one row per response: ``_row`` (its row in the file, for messages), ``_id``
    (the tool's response id), ``_respondent``, ``_submitted`` (ISO date-time; with an offset
    when the file states its time zone), ``_drop`` (a reason from :data:`DROP_REASONS`, or "")
    and one column per question header (repeated headers get " (2)", " (3)", …).
    """

    tool: str
    file: str
    frame: pd.DataFrame
    questions: list[str]
    time_zone: str = "as written (no time zone in the file)"
    notes: list[str] = field(default_factory=list)
    zone: str | None = None


def unique_headers(headers: Sequence[str]) -> list[str]:
    """Headers made unique: a repeated one (e.g. several ``Other`` columns) gets " (2)", …"""
    seen: dict[str, int] = {}
    result = []
    for header in headers:
        name = header.strip()
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result


def build(
    tool: str,
    table: RawTable,
    headers: list[str],
    first_data_row: int,
    *,
    id_column: str | None,
    time_column: str,
    parse_time: Callable[[str], str | None],
    metadata: Sequence[str],
    drop: Callable[[dict[str, str]], str] = lambda row: "",
    time_zone: str = "as written (no time zone in the file)",
    notes: Sequence[str] = (),
    zone: str | None = None,
) -> Export:
    """Assemble an :class:`Export` from rows below the header(s) (1-based ``first_data_row``)."""
    headers = unique_headers(headers)
    if time_column not in headers:
        raise ImportFailure(table.name, f"a {time_column!r} column, as {tool} exports have", row=1)
    metadata_set = {m for m in metadata} | {time_column} | ({id_column} if id_column else set())
    identity = next(
        (h for h in headers if h.strip().lower() in IDENTITY_HEADERS),
        None,
    )
    question_set = {
        h for h in headers if h not in metadata_set and h.strip().lower() not in IDENTITY_HEADERS
    }
    records = []
    for offset, row in enumerate(table.rows[first_data_row - 1 :]):
        number = first_data_row + offset
        cells = [c.strip() for c in row] + [""] * (len(headers) - len(row))
        values = dict(zip(headers, cells[: len(headers)], strict=True))
        raw_time = values[time_column]
        reason = drop(values)
        submitted = parse_time(raw_time) if raw_time else None
        if submitted is None and not reason:
            if raw_time:
                raise ImportFailure(
                    table.name,
                    f"a date and time as {tool} writes it",
                    row=number,
                    column=time_column,
                    value=raw_time,
                )
            reason = "partial"
        response_id = values.get(id_column, "") if id_column else ""
        respondent = (values.get(identity, "") if identity else "") or response_id
        records.append(
            {
                "_row": number,
                "_id": response_id or f"row-{number}",
                "_respondent": respondent.lower() if "@" in respondent else respondent,
                "_submitted": submitted or "",
                "_drop": reason,
                **{h: v for h, v in values.items() if h in question_set},
            }
        )
    questions = [
        h for h in headers if h not in metadata_set and h.strip().lower() not in IDENTITY_HEADERS
    ]
    frame = pd.DataFrame.from_records(
        records, columns=["_row", "_id", "_respondent", "_submitted", "_drop", *questions]
    )
    if not identity:
        notes = [
            *notes,
            "no respondent id or e-mail column: each response counts as its own respondent "
            "(add a hidden field respondent_id to follow people across waves)",
        ]
    return Export(tool, table.name, frame, questions, time_zone, list(notes), zone)


def iso_time(text: str, formats: Sequence[str], zone: str | None = None) -> str | None:
    """``text`` parsed with the first matching ``strptime`` format, as ISO text; with an offset
    when ``zone`` (an IANA name or ``UTC``) is known."""
    for pattern in formats:
        try:
            moment = datetime.strptime(text.strip(), pattern)
        except ValueError:
            continue
        if zone:
            moment = moment.replace(tzinfo=ZoneInfo(zone))
        return moment.isoformat(sep=" ")
    return None


def import_id_zone(cell: str) -> str | None:
    """The ``timeZone`` of a Qualtrics ImportId cell such as
    ``{"ImportId":"startDate","timeZone":"America/Denver"}``."""
    try:
        data = json.loads(cell)
    except (json.JSONDecodeError, TypeError):
        return None
    return data.get("timeZone") if isinstance(data, dict) else None
