"""Community activity exports (Slack, Discourse) → ``community_activity.csv``, week by week.

A tool module of kind ``activity`` has ``read_weeks(path, table, company) -> Weekly``: the
weeks (keyed by their Monday) and, per week, only the contract columns the export really
supplies. Merging keeps every other week and every column the export does not supply, so a
Slack export (members, active members, posts) and Discourse reports (questions, answers,
first-response time) can fill the same weeks one after the other. See ``docs/importing.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import pandas as pd

from workbook import io
from workbook.importers.merge import ImportResult, read_existing, write
from workbook.importers.source import ImportFailure, RawTable

TARGET = "community_activity.csv"
#: The contract's measure columns, in file order (``week`` comes first).
MEASURES = tuple(rule.name for rule in io.DATA_FILES[TARGET].columns if rule.name != "week")


@dataclass
class Weekly:
    """What an activity export gives: per week (its Monday), the measures it supplies."""

    weeks: dict[date, dict[str, str]] = field(default_factory=dict)
    #: Weeks left out, by reason (a reason of :data:`~workbook.importers.export.DROP_REASONS`).
    dropped: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def monday(day: date) -> date:
    """The Monday that starts ``day``'s week (the contract's ``week``)."""
    return day - timedelta(days=day.weekday())


def parse_whole(text: str, file: str, row: int, column: str) -> int:
    """A whole number ≥ 0 from an export cell, or a message naming file, row and column."""
    cleaned = text.strip().replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        value = -1.0
    if value < 0 or not value.is_integer():
        raise ImportFailure(file, "a whole number ≥ 0", row=row, column=column, value=text)
    return int(value)


def parse_hours(text: str, file: str, row: int, column: str) -> float:
    """A number of hours ≥ 0 from an export cell, or a message naming file, row and column."""
    try:
        value = float(text.strip().replace(",", ""))
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise ImportFailure(file, "a number of hours ≥ 0", row=row, column=column, value=text)
    return value


def parse_day(text: str, file: str, row: int, column: str) -> date:
    """A ``YYYY-MM-DD`` day (a time after it is ignored), or a message naming the cell."""
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise ImportFailure(
            file, "a day written YYYY-MM-DD", row=row, column=column, value=text
        ) from None


def import_activity(
    path: Path,
    table: RawTable,
    module: ModuleType,
    company: io.Company,
    folder: Path,
    dry_run: bool,
) -> ImportResult:
    """Merge one activity export into the company's ``community_activity.csv`` (history first,
    atomic write); re-importing the same export changes nothing."""
    weekly = module.read_weeks(path, table, company)
    target = folder / TARGET
    result = ImportResult(
        table.name, module.LABEL, "activity", target, "days as the tool dated them"
    )
    end = company.config.as_of
    late = [week for week in weekly.weeks if end is not None and week + timedelta(days=6) > end]
    for week in late:
        del weekly.weeks[week]
    for reason, count in weekly.dropped.items():
        result.dropped[reason] += count
    result.dropped["after as_of"] += len(late)
    result.notes += weekly.notes
    if not weekly.weeks:
        raise ImportFailure(
            table.name,
            "at least one whole week (Monday to Sunday) of activity up to as_of "
            f"({end.isoformat() if end else 'not set'})",
        )
    result.kept = len(weekly.weeks)
    existing = read_existing(target)
    columns = ["week", *MEASURES]
    columns += [c for c in existing.columns if c not in columns]
    existing = existing.reindex(columns=columns, fill_value="").fillna("")
    by_week: dict[date, int] = {}
    for index, text in enumerate(existing["week"]):
        try:
            by_week[date.fromisoformat(str(text).strip())] = index
        except ValueError:
            raise ImportFailure(
                target.name,
                "a week written YYYY-MM-DD in every row (fix the file, then import again)",
                row=index + 2,
                column="week",
                value=str(text),
            ) from None
    rows = existing.to_dict("records")
    for week, values in sorted(weekly.weeks.items()):
        if week in by_week:
            row = rows[by_week[week]]
            changed = any(str(row[c]).strip() != v for c, v in values.items())
            row.update(values)
            result.replaced += changed
            result.already += not changed
        else:
            rows.append({"week": week.isoformat(), **dict.fromkeys(MEASURES, ""), **values})
            result.added += 1
    merged = pd.DataFrame.from_records(rows, columns=columns).sort_values("week", kind="stable")
    _check_merged(merged, target.name)
    first, last = min(weekly.weeks), max(weekly.weeks)
    supplied = sorted({c for values in weekly.weeks.values() for c in values}, key=columns.index)
    result.mapping = {column: module.SOURCES[column] for column in supplied}
    result.headline = (
        f"{len(weekly.weeks)} week(s) from {first.isoformat()} to {last.isoformat()}: "
        + "; ".join(f"{c} {weekly.weeks[last].get(c, 'blank')}" for c in supplied)
        + f" (week of {last.isoformat()})"
    )
    write(target, merged.reset_index(drop=True), result, dry_run)
    return result


def _check_merged(merged: pd.DataFrame, name: str) -> None:
    """The merged file keeps the contract's row rules (a count above its total would make
    the file unreadable): stop with the week and column instead of writing it."""
    for part, whole in (("active_members", "members"), ("questions_answered", "questions")):
        for _, row in merged.iterrows():
            a, b = str(row[part]).strip(), str(row[whole]).strip()
            if a and b and float(a) > float(b):
                raise ImportFailure(
                    name,
                    f"{part} no more than {whole} after the merge (week {row['week']}: "
                    f"{a} > {b}); the export and the file disagree — import the matching export "
                    f"for {whole} too",
                    column=part,
                    value=a,
                )
