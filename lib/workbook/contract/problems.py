"""Problems and domain errors: what a check found, precise enough to fix without the code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from workbook.errors import WorkbookError
from workbook.format import SHOWN_CHARACTERS, shorten, visible

#: How a contract file was found: loaded, absent, empty, or unusable.
SourceStatus = Literal["ok", "missing", "empty", "invalid"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding about an input file, precise enough to fix without opening the code.

    ``row`` is the spreadsheet row (the header is row 1, so the first data row is row 2) for
    CSV files and the line number for YAML files; ``None`` when the problem concerns the whole
    file or column.
    """

    severity: Severity
    file: str
    expected: str
    row: int | None = None
    column: str | None = None
    value: Any = None

    def __post_init__(self) -> None:
        # A problem keeps only the start of a long value: a 20 MB cell must not travel in every
        # message, JSON record and page that reports it.
        if isinstance(self.value, str) and len(self.value) > PROBLEM_VALUE_CHARACTERS:
            object.__setattr__(self, "value", shorten(self.value, PROBLEM_VALUE_CHARACTERS))
        if isinstance(self.column, str) and len(self.column) > PROBLEM_VALUE_CHARACTERS:
            object.__setattr__(self, "column", shorten(self.column, PROBLEM_VALUE_CHARACTERS))

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}" if self.file.endswith(".csv") else f"line {self.row}")
        if self.column is not None:
            where.append(f"column '{visible(self.column)}'")
        text = ", ".join(where) + ": "
        if self.value is not None and not is_missing(self.value):
            shown = repr(self.value) if isinstance(self.value, str) else shorten(repr(self.value))
            text += f"value {shown}: "
        return text + visible(shorten(self.expected, PROBLEM_EXPECTED_CHARACTERS))


#: How much of a value a problem keeps and shows (longer ones end in "… (N characters)").
PROBLEM_VALUE_CHARACTERS = SHOWN_CHARACTERS
#: How much of a problem's expectation is shown (it may quote a name from the file).
PROBLEM_EXPECTED_CHARACTERS = 400


class DataError(WorkbookError):
    """Input that cannot be used, with the problems that explain why."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)

    def __str__(self) -> str:
        lines = [self.args[0], *(f"  - {p}" for p in self.problems)]
        return "\n".join(lines)


class InvalidSlugError(DataError, ValueError):
    """A company slug that is not 1–64 lowercase letters, digits and hyphens."""


class CompanyNotFoundError(DataError, FileNotFoundError):
    """No company folder (or no ``company.yaml``) where one was expected."""


def is_missing(value: Any) -> bool:
    """True for a blank value (None, NaN, NaT); False for anything pandas cannot judge."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def dedupe(problems: list[Problem]) -> list[Problem]:
    """The problems in order, each exact repeat left out (pandera may report a cell twice)."""
    seen: set[Problem] = set()
    result = []
    for problem in problems:
        key = problem if not isinstance(problem.value, list | dict) else None
        if key is not None and key in seen:
            continue
        if key is not None:
            seen.add(key)
        result.append(problem)
    return result
