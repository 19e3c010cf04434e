"""The CSV column rules: what a column must hold, in words and as a pandera schema.

A file's text columns are checked lazily with pandera, so every problem of a file is reported at
once, and only then converted to typed values. pandera is imported on first validation, so that
importing the library stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, cast

import numpy as np
import pandas as pd

from workbook import safeload
from workbook.contract.problems import Problem, dedupe, is_missing
from workbook.contract.values import (
    INTEGER,
    ISO_DATE,
    ISO_TIMESTAMP,
    NUMBER,
    normalize_pmf_answer,
    parse_timestamp,
    pmf_answer_expectation,
)

if TYPE_CHECKING:
    import pandera.pandas as pa
    from pandera.errors import SchemaErrors


ColumnKind = Literal["text", "int", "number", "date", "timestamp", "month", "enum", "pmf_answer"]


@dataclass(frozen=True)
class ColumnRule:
    """What one CSV column must hold; ``required`` columns must be present in the header."""

    name: str
    kind: ColumnKind
    required: bool = True
    nullable: bool = False
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    #: A text shown as a label (names, segments, ids): short, with no control, zero-width or
    #: bidi override characters; other text only refuses control and bidi override characters.
    label: bool = False
    #: What the column means, for the generated contract docs (not used in checks).
    note: str = field(default="", compare=False)

    def expectation(self) -> str:
        """Plain words for a valid value, used in problem messages."""
        if self.kind == "text":
            return "some text"
        if self.kind == "date":
            return "a date as YYYY-MM-DD"
        if self.kind == "month":
            return "the first day of a month as YYYY-MM-01"
        if self.kind == "pmf_answer":
            return pmf_answer_expectation()
        if self.kind == "timestamp":
            return (
                "a date as YYYY-MM-DD, or a date and time as YYYY-MM-DD HH:MM[:SS] "
                "(with an optional offset such as Z or +02:00)"
            )
        if self.kind == "enum":
            return "one of: " + ", ".join(self.choices)
        noun = "a whole number" if self.kind == "int" else "a number"
        if self.minimum is not None and self.maximum is not None:
            return f"{noun} from {_fmt(self.minimum)} to {_fmt(self.maximum)}"
        if self.minimum is not None:
            return f"{noun} ≥ {_fmt(self.minimum)}"
        return noun

    def valid(self, values: pd.Series) -> pd.Series:
        """Element-wise validity of non-blank text values."""
        if self.kind == "text":
            return pd.Series(True, index=values.index)
        ok = _per_distinct(values, lambda distinct: self._valid_distinct(distinct.str.strip()))
        return ok.fillna(False).astype(bool)

    def _valid_distinct(self, text: pd.Series) -> pd.Series:
        if self.kind in ("date", "month"):
            dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
            ok = text.str.fullmatch(ISO_DATE.pattern) & dates.notna()
            return ok & (dates.dt.day == 1) if self.kind == "month" else ok
        if self.kind == "timestamp":
            shaped = text.str.fullmatch(ISO_TIMESTAMP.pattern).astype(bool)
            parsed = text.where(shaped).map(parse_timestamp, na_action="ignore")
            return shaped & parsed.notna()
        if self.kind == "enum":
            return text.str.lower().isin(self.choices)
        if self.kind == "pmf_answer":
            return text.map(normalize_pmf_answer).notna()
        pattern = INTEGER if self.kind == "int" else NUMBER
        ok = text.str.fullmatch(pattern.pattern).astype(bool)
        if self.kind == "int":  # a whole number must fit, exactly, in the typed column
            ok &= text.str.count(r"\d") <= safeload.limit("integer_digits")
        # float() turns an over-long number into inf instead of failing, so finiteness is checked
        numbers = text.where(ok).astype(float)
        ok &= np.isfinite(numbers)
        if self.minimum is not None:
            ok &= numbers >= self.minimum
        if self.maximum is not None:
            ok &= numbers <= self.maximum
        return ok.fillna(False).astype(bool)

    def convert(self, values: pd.Series) -> pd.Series:
        """Typed values from validated text: dates, numbers, lower-case enum codes, text."""
        if self.kind in ("int", "number"):
            numbers = _per_distinct(values, pd.to_numeric).astype("float64")
            return numbers.astype("int64") if self.kind == "int" and not self.nullable else numbers
        text = values.where(values.isna(), values.astype(str).str.strip())
        if self.kind in ("date", "month"):
            return pd.to_datetime(text, format="%Y-%m-%d")
        if self.kind == "timestamp":
            return _per_distinct(text, lambda distinct: distinct.map(parse_timestamp)).astype(
                "datetime64[ns]"
            )
        if self.kind == "enum":
            return text.str.lower()
        if self.kind == "pmf_answer":
            return _per_distinct(text, lambda distinct: distinct.map(normalize_pmf_answer))
        return text


def _per_distinct(values: pd.Series, function: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply ``function`` to each distinct non-blank value once and spread the results back.

    Survey columns repeat a handful of answers over many rows, so this keeps checks and
    conversions fast on 100k-row files. Blank cells give NaN.
    """
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    results = function(pd.Series(distinct, dtype=object).astype(str)).reset_index(drop=True)
    spread = results.reindex(codes)  # code -1 (blank) finds no label and becomes NaN
    spread.index = values.index
    return spread


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def optional_column(name: str, kind: ColumnKind, **options: Any) -> ColumnRule:
    """A column that may be absent from the header and blank in any row."""
    return ColumnRule(name, kind, required=False, nullable=True, **options)


def _schema(rules: Iterable[ColumnRule], unique_key: Sequence[str]) -> pa.DataFrameSchema:
    """Build the pandera schema that checks raw text columns against their rules.

    pandera is imported here, on first validation, so that importing the library stays cheap.
    """
    import pandera.pandas as pa

    columns = {}
    for rule in rules:
        check = pa.Check(rule.valid, name=rule.expectation(), ignore_na=True)
        columns[rule.name] = pa.Column(
            object,
            checks=[check],
            nullable=rule.nullable,
            required=rule.required,
            unique=list(unique_key) == [rule.name],
            coerce=False,
        )
    return pa.DataFrameSchema(
        columns,
        unique=list(unique_key) if len(unique_key) > 1 else None,
        strict=False,
        report_duplicates="all",
    )


def _schema_errors() -> type[SchemaErrors]:
    """pandera's lazy-validation error class (imported with pandera, on first use)."""
    from pandera.errors import SchemaErrors

    return SchemaErrors


def _failure_problems(
    failures: pd.DataFrame,
    file: str,
    rules: dict[str, ColumnRule],
    frame: pd.DataFrame,
    unique_key: Sequence[str],
) -> list[Problem]:
    """Turn pandera's failure cases into problems with spreadsheet rows and expectations."""
    problems = []
    for case in failures.to_dict("records"):
        column = None if is_missing(case["column"]) else str(case["column"])
        row = None if is_missing(case["index"]) else int(case["index"]) + 2
        check = str(case["check"])
        value = case["failure_case"]
        if check == "column_in_dataframe":
            rule = rules.get(str(value))
            expected = "this required column is missing from the header"
            if rule is not None:
                expected += f" ({rule.expectation()})"
            problems.append(Problem("error", file, expected, None, str(value)))
            continue
        if check == "not_nullable":
            rule = rules.get(column or "")
            needed = rule.expectation() if rule else "a value"
            problems.append(
                Problem("error", file, f"a value is required here ({needed})", row, column)
            )
            continue
        if check in ("field_uniqueness", "multiple_fields_uniqueness"):
            if len(unique_key) > 1:
                if column != unique_key[0]:
                    continue  # one problem per row, not one per key column
                key = ", ".join(unique_key)
                index = int(case["index"])
                value = ", ".join(str(frame.at[index, c]) for c in unique_key)
                expected = f"a unique combination of {key} (this one appears more than once)"
                problems.append(Problem("error", file, expected, row, key, value))
            else:
                expected = "a unique value (this one appears more than once)"
                problems.append(Problem("error", file, expected, row, column, value))
            continue
        problems.append(Problem("error", file, check, row, column, value))
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return dedupe(problems)


def _unshowable(text: pd.Series, *, label: bool) -> pd.Series:
    """Which texts are too long or hold characters a reader cannot see (element-wise)."""
    pattern = safeload.LABEL_FORBIDDEN_PATTERN if label else safeload.TEXT_FORBIDDEN_PATTERN
    most = safeload.limit("label_characters" if label else "cell_characters")
    values = text.tolist()
    # One pass over all values at once settles the usual case (nothing to report) quickly.
    if max(map(len, values), default=0) <= most and not re.search(pattern, " ".join(values)):
        return pd.Series(False, index=text.index)
    return text.str.contains(pattern) | (text.str.len() > most)


def _text_problems(frame: pd.DataFrame, file: str, rules: Sequence[ColumnRule]) -> list[Problem]:
    """Text cells that cannot be shown as text: too long, or holding control, zero-width or
    right-to-left override characters (see :func:`workbook.safeload.label_problem`)."""
    problems = []
    for rule in rules:
        if rule.kind != "text" or rule.name not in frame.columns:
            continue
        column = frame[rule.name].dropna()  # read_csv gives text (dtype=object) or NaN
        flagged = _unshowable(column, label=rule.label)
        for index in column.index[flagged.astype(bool)]:
            value = str(column.at[index])
            what = "a label" if rule.label else "text"
            expected = safeload.label_problem(value, what, label=rule.label) or f"{what}"
            problems.append(Problem("error", file, expected, int(index) + 2, rule.name, value))
    return problems


def normalised_duplicates(frame: pd.DataFrame, file: str, column: str) -> list[Problem]:
    """Rows whose ``column`` repeats an earlier row once case, width and invisible characters
    are ignored (Unicode NFKC, zero-width removed, case folded): "Search" and "ｓearch" are one."""
    first_row: dict[str, int] = {}
    problems = []
    for index, value in frame[column].items():
        key = safeload.normalise_label(str(value))
        row = int(cast(int, index)) + 2
        if key in first_row:
            problems.append(
                Problem(
                    "error",
                    file,
                    f"a unique value: the same as row {first_row[key]} once case, width and "
                    "invisible characters are ignored",
                    row,
                    column,
                    value,
                )
            )
        else:
            first_row[key] = row
    return problems


def validate_frame(
    raw: pd.DataFrame,
    file: str,
    rules: Sequence[ColumnRule],
    unique_key: Sequence[str] = (),
    expected_extra: Sequence[str] = (),
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check raw text columns with pandera; return the typed frame (None on error) and problems.

    Unknown columns are dropped with a warning; ``expected_extra`` names columns that are not in
    ``rules`` but belong to the file (e.g. a canvas' product columns).
    """
    problems: list[Problem] = []
    known = {rule.name for rule in rules} | set(expected_extra)
    duplicated_headers = raw.columns[raw.columns.duplicated()].tolist()
    for name in duplicated_headers:
        problems.append(Problem("error", file, "each column name only once in the header", 1, name))
    for column in raw.columns:
        if column not in known:
            problems.append(
                Problem(
                    "warning",
                    file,
                    "not a column of this file; it is ignored (check the spelling against "
                    "docs/data-contract.md)",
                    1,
                    str(column),
                )
            )
    if duplicated_headers:
        return None, problems
    kept = raw[[c for c in raw.columns if c in known]]
    schema = _schema(rules, unique_key)
    text_problems = _text_problems(kept, file, rules)
    try:
        schema.validate(kept, lazy=True)
    except _schema_errors() as exc:
        by_name = {rule.name: rule for rule in rules}
        problems.extend(_failure_problems(exc.failure_cases, file, by_name, kept, unique_key))
        return None, problems + text_problems
    if text_problems:
        return None, problems + text_problems
    typed = kept.copy()
    for rule in rules:
        if rule.name in typed.columns:
            typed[rule.name] = rule.convert(typed[rule.name])
        elif not rule.required:
            typed[rule.name] = rule.convert(pd.Series([None] * len(typed), dtype=object))
    return typed, problems
