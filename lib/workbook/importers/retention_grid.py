"""A retention chart export laid out as a cohort × period grid, read into cells.

Amplitude, PostHog and Mixpanel each download their retention chart as one row per cohort: the
cohort's start, its size, then one column per period (``Month 0``, ``Month 1``, … or Mixpanel's
``< 1 Month``), holding counts or percentages of the cohort. The tools differ in the column
names and in what they put in a period that has not elapsed yet (blank, ``0`` or ``0%``); this
module reads what they share, and :func:`workbook.importers.run` decides which cells count.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from workbook.importers.source import ImportFailure, RawTable

#: ``Month 3``, ``Week 0``, ``Day 12`` (any case): the period's unit and number.
PERIOD_HEADER = re.compile(r"^(day|week|month)\s+(\d+)$", re.IGNORECASE)
#: Mixpanel's first column, ``< 1 Month`` (calendar mode: ``< Month 1``): period 0.
FIRST_PERIOD_HEADER = re.compile(
    r"^<\s*(?:1\s+(day|week|month)|(day|week|month)\s+1)$", re.IGNORECASE
)
#: Amplitude and Mixpanel mark a period still in progress with an asterisk (``12.5%*``).
UNFINISHED_MARK = "*"
#: How many rows of chart title, date range or notes may stand above the header row.
MAX_PREAMBLE_ROWS = 10
#: Cells that say "no value" rather than zero.
BLANKS = ("", "-", "–", "—", "n/a", "null", "none")


@dataclass(frozen=True)
class Layout:
    """How one tool spells its grid: the cohort and size columns (lower case), the rows that
    summarise all cohorts rather than being one, and whether ``< 1 Month`` is its period 0."""

    cohort_names: tuple[str, ...]
    size_names: tuple[str, ...]
    summary_labels: tuple[str, ...] = ("overall", "average", "all users", "total", "weighted")
    segment_names: tuple[str, ...] = ("segment", "breakdown")


@dataclass(frozen=True)
class Cell:
    """One cohort's active users in one period; ``active`` is None when the cell is blank,
    ``unfinished`` when the tool marked the period as still in progress. ``row`` (1-based, as
    the file counts it) and ``column`` say where it came from."""

    cohort: date
    period: int
    active: int | None
    size: int
    row: int
    column: str
    unfinished: bool = False


@dataclass(frozen=True)
class Header:
    """Where the grid's header row is and which column holds what."""

    at: int
    cohort: int
    size: int | None
    segment: int | None
    periods: dict[int, int]
    unit: str


def _lowered(row: list[str]) -> list[str]:
    return [cell.strip().lower() for cell in row]


def _period_columns(row: list[str]) -> tuple[dict[int, int], set[str]]:
    periods: dict[int, int] = {}
    units: set[str] = set()
    for index, cell in enumerate(row):
        text = " ".join(cell.split())
        if match := PERIOD_HEADER.match(text):
            units.add(match.group(1).lower())
            periods[index] = int(match.group(2))
        elif match := FIRST_PERIOD_HEADER.match(text):
            units.add((match.group(1) or match.group(2)).lower())
            periods[index] = 0
    return periods, units


def find_header(table: RawTable, layout: Layout) -> Header | None:
    """The grid's header: within the first rows, one naming the cohort column and periods."""
    for at, row in enumerate(table.rows[:MAX_PREAMBLE_ROWS]):
        lowered = _lowered(row)
        cohort = next((lowered.index(n) for n in layout.cohort_names if n in lowered), None)
        periods, units = _period_columns(row)
        if cohort is None or not periods:
            continue
        size = next((lowered.index(n) for n in layout.size_names if n in lowered), None)
        segment = next((lowered.index(n) for n in layout.segment_names if n in lowered), None)
        unit = units.pop() if len(units) == 1 else "mixed"
        return Header(at, cohort, size, segment, periods, unit)
    return None


def _number(text: str) -> tuple[float, int, bool] | None:
    """(value, decimals, is a percentage) of a cell such as ``1,204``, ``45.5%`` or ``0.455``."""
    cleaned = text.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    percent = cleaned.endswith("%")
    cleaned = cleaned.rstrip("%").replace(",", "")
    if not re.fullmatch(r"\d+(\.\d+)?", cleaned):
        return None
    decimals = len(cleaned.split(".")[1]) if "." in cleaned else 0
    return float(cleaned), decimals, percent


def _cohort_start(text: str) -> date | None:
    """The first day of the month a cohort label names (``2026-01-01T00:00:00Z``, ``Jan 2026``,
    ``Jan 1, 2026``, ``2026-01``)."""
    try:
        stamp = pd.to_datetime(text.strip(), utc=True)
    except (ValueError, TypeError, OverflowError):
        return None
    if pd.isna(stamp):
        return None
    return stamp.date().replace(day=1)


def read_cells(table: RawTable, layout: Layout, label: str) -> list[Cell]:
    """Every cohort × period cell of a monthly grid export; anything else is one clear message
    (file, row, column, what was expected)."""
    header = find_header(table, layout)
    if header is None:
        raise ImportFailure(
            table.name,
            f"a {label} retention export: a header row with a cohort column "
            f"({' or '.join(repr(n) for n in layout.cohort_names)}) and period columns "
            "('Month 0', 'Month 1', …)",
            row=1,
        )
    names = table.rows[header.at]
    first_period = min(header.periods)
    for index in range(first_period, len(names)):
        if index not in header.periods and names[index].strip():
            raise ImportFailure(
                table.name,
                "one column per period, 'Month 0', 'Month 1', … (custom brackets such as "
                "'Month 1-3' cannot be split into months)",
                row=header.at + 1,
                column=names[index].strip(),
            )
    if header.unit != "month":
        raise ImportFailure(
            table.name,
            "monthly cohorts ('Month 0', 'Month 1', …): the workbook's retention.csv is monthly, "
            f"and a {header.unit}ly grid cannot be added up into months exactly (a user active in "
            "two weeks of one month would count twice); export the chart again with the "
            "interval set to months",
            row=header.at + 1,
            column=names[first_period].strip(),
        )
    if header.size is None and 0 not in header.periods.values():
        raise ImportFailure(
            table.name,
            f"a cohort size column ({' or '.join(repr(n) for n in layout.size_names)}) or a "
            "period 0 column",
            row=header.at + 1,
        )
    cells: list[Cell] = []
    segments: set[str] = set()
    for offset, row in enumerate(table.rows[header.at + 1 :]):
        line = header.at + offset + 2

        def text(index: int, row: list[str] = row) -> str:
            return row[index].strip() if index < len(row) else ""

        cohort_text = text(header.cohort)
        if cohort_text.lower() in layout.summary_labels:
            continue
        if header.segment is not None:
            segments.add(text(header.segment))
            if len(segments) > 1:
                raise ImportFailure(
                    table.name,
                    "one segment per export (this one has "
                    f"{', '.join(sorted(repr(s) for s in segments))}): export the chart "
                    "without a breakdown, or one file per segment",
                    row=line,
                    column=names[header.segment].strip(),
                )
        cohort = _cohort_start(cohort_text)
        if cohort is None:
            raise ImportFailure(
                table.name,
                "the cohort's start as a date (2026-01-01, Jan 2026, Jan 1, 2026)",
                row=line,
                column=names[header.cohort].strip(),
                value=cohort_text,
            )
        size = _size(table, header, names, text, line)
        if 0 not in header.periods.values() and header.size is not None:
            # no period 0 column: the size column is period 0
            cells.append(Cell(cohort, 0, size, size, line, names[header.size].strip()))
        for index, period in sorted(header.periods.items(), key=lambda item: item[1]):
            raw = text(index)
            unfinished = raw.endswith(UNFINISHED_MARK)
            raw = raw.rstrip(UNFINISHED_MARK).strip()
            if raw.lower() in BLANKS:
                active = None
            else:
                active = _active(table, raw, size, line, names[index].strip())
            column = names[index].strip()
            cells.append(Cell(cohort, period, active, size, line, column, unfinished))
    return cells


def _size(
    table: RawTable, header: Header, names: list[str], text: Callable[[int], str], line: int
) -> int:
    """The cohort's size: its size column, else its period 0 count."""
    if header.size is not None:
        index = header.size
    else:
        index = next(i for i, p in header.periods.items() if p == 0)
    raw = text(index)
    number = _number(raw)
    if number is None or number[2] or number[1]:
        raise ImportFailure(
            table.name,
            "the cohort's size as a whole number of users",
            row=line,
            column=names[index].strip(),
            value=raw,
        )
    return int(number[0])


def _active(table: RawTable, raw: str, size: int, line: int, column: str) -> int:
    """A cell's active users: a count as written, or a percentage of the cohort's size turned
    back into the one whole count it can stand for (else a message)."""
    number = _number(raw)
    if number is None:
        raise ImportFailure(
            table.name,
            "a count of users (12) or a share of the cohort (45.5%)",
            row=line,
            column=column,
            value=raw,
        )
    value, decimals, percent = number
    if not percent:
        if decimals:
            raise ImportFailure(
                table.name,
                "a whole count of users, or a share written with '%'",
                row=line,
                column=column,
                value=raw,
            )
        count = int(value)
    else:
        count = round(value * size / 100)
        tolerance = 0.5 * 10.0**-decimals + 1e-9
        if size == 0 or abs(count * 100 / size - value) > tolerance:
            raise ImportFailure(
                table.name,
                f"a share that is a whole number of the cohort's {size} users",
                row=line,
                column=column,
                value=raw,
            )
    if count > size:
        raise ImportFailure(
            table.name,
            f"at most the cohort's {size} users",
            row=line,
            column=column,
            value=raw,
        )
    return count
