"""Retention imports: an events table or a cohort chart export into ``retention.csv``.

Months are counted only once finished by the as-of date: a later period is censored (left
out), never read as zero.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from workbook import io, window
from workbook.importers import events
from workbook.importers.merge import TARGET, ImportResult, merge, write
from workbook.importers.source import ImportFailure


def import_retention(table: Any, company: io.Company, folder: Path, dry_run: bool) -> ImportResult:
    """An events table (``user_id``, ``timestamp``) → monthly cohorts in ``retention.csv``."""
    frame = events.read_events(table)
    target = folder / TARGET["retention"]
    result = ImportResult(table.name, events.LABEL, "retention", target, "UTC")
    if frame.empty:
        raise ImportFailure(table.name, "at least one event with a user and a time", row=2)
    end = company.config.as_of or frame["moment"].max().date()
    cohorts = events.monthly_cohorts(frame, end)
    result.kept = len(frame)
    result.dropped["after as_of"] = int((frame["moment"].dt.date > end).sum())
    result.notes.append(
        f"monthly cohorts up to {end.isoformat()}; months not finished by then are left out"
    )
    rows = [
        {"cohort": str(r.cohort), "period": str(r.period), "active_users": str(r.active_users)}
        for r in cohorts.itertuples(index=False)
    ]
    merged = merge(target, rows, "retention", company, result)
    sizes = cohorts[cohorts["period"] == 0]
    result.headline = (
        f"{len(sizes)} cohorts, {int(sizes['active_users'].sum())} users"
        if len(sizes)
        else "no finished month yet"
    )
    write(target, merged, result, dry_run)
    return result


def import_retention_grid(
    table: Any, module: ModuleType, company: io.Company, folder: Path, dry_run: bool
) -> ImportResult:
    """A cohort × period retention chart export → ``retention.csv``: a cell is kept only when
    its period had finished by the as-of date; later cells (blank, ``0`` or ``0%`` in the
    export) are censored, never read as zero."""
    cells = module.read_grid(table)
    target = folder / TARGET["retention"]
    result = ImportResult(
        table.name, module.LABEL, "retention", target, "cohort months as the tool dated them"
    )
    if not cells:
        raise ImportFailure(table.name, "at least one cohort row under the header", row=2)
    end = company.config.as_of
    if end is None:
        # the latest day the export proves has come: the start of the last period with users
        shown = [
            _shift_month(cell.cohort, cell.period)
            for cell in cells
            if (cell.active or 0) > 0 or (cell.period == 0 and cell.size > 0)
        ]
        end = max(shown) if shown else min(cell.cohort for cell in cells)
        result.notes.append(
            f"no as_of in company.yaml: judged as of {end.isoformat()}, the start of the last "
            "month the export shows users in; set as_of to the export's date to keep the "
            "months finished since"
        )
    rows: dict[tuple[str, int], dict[str, str]] = {}
    censored = 0
    for cell in cells:
        observed = window.complete_periods(cell.cohort, end, "month")
        if cell.period >= observed or cell.unfinished:
            censored += cell.active is not None
            continue
        key = (cell.cohort.isoformat(), cell.period)
        # period 0 is the cohort's size (the contract's rule, whatever the tool's first column)
        active = cell.size if cell.period == 0 else cell.active
        if active is None:
            continue
        if key in rows and rows[key]["active_users"] != str(active):
            raise ImportFailure(
                table.name,
                f"one row per cohort (the cohort of {cell.cohort:%B %Y} appears twice)",
                row=cell.row,
                column=cell.column,
            )
        rows[key] = {"cohort": key[0], "period": str(cell.period), "active_users": str(active)}
    missing_sizes = {c for c, p in rows if p != 0} - {c for c, p in rows if p == 0}
    for cohort in sorted(missing_sizes):
        for key in [k for k in rows if k[0] == cohort]:
            del rows[key]
    result.kept = len(rows)
    result.dropped["period not finished"] = censored
    result.notes.append(
        f"monthly cohorts as of {end.isoformat()}: a period not finished by then is left out "
        "(censored), not counted as zero"
    )
    ordered = [rows[key] for key in sorted(rows)]
    merged = merge(target, ordered, "retention", company, result)
    sizes = [int(r["active_users"]) for r in ordered if r["period"] == "0"]
    result.headline = (
        f"{len(sizes)} cohorts, {sum(sizes)} users" if sizes else "no finished month yet"
    )
    write(target, merged, result, dry_run)
    return result


def _shift_month(start: date, months: int) -> date:
    """The first day of the month ``months`` after ``start``'s."""
    day = start.replace(day=1)
    for _ in range(months):
        day = window.next_period(day, "month")
    return day
