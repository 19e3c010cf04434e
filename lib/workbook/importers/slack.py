"""Slack member analytics, exported as CSV: one row per member, totals over a date range.

Layout (Slack's analytics dashboard ▸ Members ▸ Export; see docs/importing.md): one header row
with, among others, ``Name``, ``Account type``, ``Account created (UTC)``, ``Deactivated date
(UTC)``, ``Days active``, ``Messages posted``, ``User ID``; the date range is written only in the
file name (``<workspace> Member Analytics <start> - <end>.csv``). Per-member totals cannot be
split into weeks, so one export gives one week, and only when its range is exactly one week
from Monday to Sunday.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from workbook.importers.activity import Weekly, parse_whole
from workbook.importers.source import ImportFailure, RawTable

KIND = "activity"
NAME = "slack"
LABEL = "Slack member analytics"
#: What each contract column is made of, for the import's mapping lines.
SOURCES = {
    "members": "members listed (distinct people, deactivated before the week left out)",
    "active_members": "members with 'Days active' > 0",
    "posts": "sum of 'Messages posted'",
}
#: Columns that tell people apart, first found wins (rows are counted as people only by these).
IDENTITY = ("user id", "email", "username", "name")
_RANGE = re.compile(r"member analytics\W+(?P<start>.+?)\s+(?:-|–|—|to)\s+(?P<end>.+)$", re.I)
_DATE_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%Y-%m-%d", "%b %d %Y", "%B %d %Y", "%d %b %Y")


def _fold(text: str) -> str:
    return " ".join(text.strip().lower().split())


def detect(table: RawTable) -> bool:
    """A first row with ``Days active`` and ``Messages posted``."""
    header = {_fold(cell) for cell in table.rows[0]} if table.rows else set()
    return {"days active", "messages posted"} <= header


def _parse_date(text: str) -> date | None:
    cleaned = text.strip().replace("_", " ")
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    return None


def export_week(path: Path, table: RawTable) -> date:
    """The Monday of the one week the export covers, from its file name (a ``.zip`` or the
    CSV inside it); a range that is not one Monday-to-Sunday week is refused."""
    names = [Path(part).stem for part in (path.name, *table.name.split(":")[1:])]
    for stem in names:
        found = _RANGE.search(stem)
        if not found:
            continue
        start, end = _parse_date(found["start"]), _parse_date(found["end"])
        if start is None or end is None:
            continue
        if start.weekday() != 0 or end - start != timedelta(days=6):
            raise ImportFailure(
                path.name,
                "one week per export, Monday to Sunday: Slack gives each member's totals over "
                f"the whole range ({start.isoformat()} to {end.isoformat()} here), which cannot "
                "be split into weeks or told apart from a week's activity. In Slack's analytics "
                "▸ Members, choose a custom range from a Monday to the Sunday after it, export, "
                "and import each week's file",
            )
        return start
    raise ImportFailure(
        path.name,
        "the date range in the file name, as Slack names the export: "
        "'<workspace> Member Analytics <Mon D, YYYY> - <Mon D, YYYY>.csv' (the range must be "
        "one week, Monday to Sunday; an 'All time' or 'Last 30 days' export cannot be dated)",
    )


def read_weeks(path: Path, table: RawTable, company: object) -> Weekly:
    """One week: members (distinct people), active members (active on at least one day of the
    week) and posts (messages posted). Questions and answers are not in the export."""
    week = export_week(path, table)
    week_end = week + timedelta(days=6)
    header = [_fold(cell) for cell in table.rows[0]]
    original = table.rows[0]
    column = {name: i for i, name in reversed(list(enumerate(header)))}
    identity = next((name for name in IDENTITY if name in column), None)
    if identity is None:
        raise ImportFailure(
            table.name,
            "a column that tells members apart ('User ID', 'Email', 'Username' or 'Name')",
            row=1,
        )
    people: dict[str, int] = {}
    active, posts = set(), 0
    left_out = 0
    for number, cells in enumerate(table.rows[1:], start=2):

        def cell(name: str, cells: list[str] = cells) -> str:
            index = column.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        person = cell(identity)
        if not person:
            raise ImportFailure(
                table.name,
                "every member's identity filled",
                row=number,
                column=original[column[identity]],
            )
        if person in people:
            raise ImportFailure(
                table.name,
                f"each member once (also on row {people[person]}): Slack lists a member once",
                row=number,
                column=original[column[identity]],
                value=person,
            )
        people[person] = number
        gone = _cell_day(cell, "deactivated date (utc)", table.name, number, original, column)
        joined = _cell_day(cell, "account created (utc)", table.name, number, original, column)
        if (gone is not None and gone < week) or (joined is not None and joined > week_end):
            left_out += 1
            del people[person]
            continue
        days = parse_whole(cell("days active"), table.name, number, original[column["days active"]])
        if days > 7:
            raise ImportFailure(
                table.name,
                "at most 7 days active in a one-week export",
                row=number,
                column=original[column["days active"]],
                value=str(days),
            )
        if days > 0:
            active.add(person)
        posts += parse_whole(
            cell("messages posted"), table.name, number, original[column["messages posted"]]
        )
    weekly = Weekly(
        {
            week: {
                "members": str(len(people)),
                "active_members": str(len(active)),
                "posts": str(posts),
            }
        }
    )
    weekly.notes.append(
        f"one week, {week.isoformat()} to {week_end.isoformat()} (from the file name); "
        "'Messages posted' counts replies too, so replies stay blank; questions, answers and "
        "first-response time are not in a Slack export and stay as they were"
    )
    if left_out:
        weekly.notes.append(
            f"{left_out} account(s) deactivated before the week or created after it: not members"
        )
    return weekly


def _cell_day(
    cell: Callable[[str], str],
    name: str,
    file: str,
    row: int,
    original: list[str],
    column: dict[str, int],
) -> date | None:
    """The day in a date column of the row (blank: None), or a message naming the cell."""
    text = cell(name)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        day = _parse_date(text.split(" at ")[0].split(",  ")[0])
    if day is None:
        raise ImportFailure(
            file,
            "a date such as 2026-01-05 or Jan 5, 2026",
            row=row,
            column=original[column[name]],
            value=text,
        )
    return day
