"""Declarative checks for the contract's YAML files, the counterpart of the CSV column rules.

A :class:`Field` says what one key must hold, with the same kinds and the same expectation
wording as :class:`~workbook.contract.columns.ColumnRule` (``a whole number ≥ 0``, ``one of:
…``, ``a date as YYYY-MM-DD``); :func:`check_fields` reads a mapping against its fields and
reports each problem with the file, the key's line, the key, the value and what was expected.
A nested mapping's problems are reported at its own key as ``<subkey> as <expectation>``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from workbook import safeload
from workbook.contract.problems import Problem
from workbook.contract.values import parse_iso_date

FieldKind = Literal["text", "int", "number", "date", "bool", "enum", "mapping", "any"]


@dataclass(frozen=True)
class Field:
    """What one YAML key must hold.

    ``missing`` is the expectation reported when a required key is absent (default: the
    expectation and "(required)"); ``check`` looks further at a value of the right kind and
    returns the expectation it fails, or None; ``convert`` reads a value its own way (None when
    it is not one); ``relation`` checks the value against the keys read before it.
    """

    key: str
    kind: FieldKind
    required: bool = False
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    expected: str = ""
    missing: str = ""
    check: Callable[[Any], str | None] | None = None
    convert: Callable[[Any], Any] | None = None
    relation: Callable[[Any, Mapping[str, Any]], str | None] | None = None
    fields: tuple[Field, ...] = ()
    #: Whether the key may be written with no value (``key:``), read as absent.
    allow_null: bool = True
    #: What the key means, for the docs (not used in checks).
    note: str = ""

    def expectation(self) -> str:
        """Plain words for a valid value, as the CSV column rules word them."""
        if self.expected:
            return self.expected
        if self.kind == "date":
            return "a date as YYYY-MM-DD"
        if self.kind == "bool":
            return "true or false"
        if self.kind == "enum":
            return "one of: " + ", ".join(self.choices)
        if self.kind == "mapping":
            return "a mapping with " + ", ".join(field.key for field in self.fields)
        if self.kind in ("int", "number"):
            noun = "a whole number" if self.kind == "int" else "a number"
            if self.minimum is not None and self.maximum is not None:
                return f"{noun} from {_number(self.minimum)} to {_number(self.maximum)}"
            if self.minimum is not None:
                return f"{noun} ≥ {_number(self.minimum)}"
            return noun
        return "some text"

    def read(self, value: Any) -> tuple[Any, str | None]:
        """The value read by this field's kind, and the expectation it fails (None if valid)."""
        if self.convert is not None:
            converted = self.convert(value)
            return converted, None if converted is not None else self.expectation()
        parsed, ok = _KINDS[self.kind](self, value)
        if not ok:
            return None, self.expectation()
        failed = self.check(parsed) if self.check is not None else None
        return (None, failed) if failed else (parsed, None)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _read_date(field: Field, value: Any) -> tuple[Any, bool]:
    if isinstance(value, datetime):
        return value.date(), True
    if isinstance(value, date):
        return value, True
    parsed = parse_iso_date(str(value))
    return parsed, parsed is not None


def _read_number(field: Field, value: Any) -> tuple[Any, bool]:
    whole = field.kind == "int"
    if isinstance(value, bool) or not isinstance(value, int if whole else int | float):
        return None, False
    if not math.isfinite(value):
        return None, False
    low, high = field.minimum, field.maximum
    ok = (low is None or value >= low) and (high is None or value <= high)
    return (value if whole else float(value)), ok


_KINDS: dict[str, Callable[[Field, Any], tuple[Any, bool]]] = {
    "text": lambda field, value: (str(value), True),
    "any": lambda field, value: (value, True),
    "bool": lambda field, value: (value, isinstance(value, bool)),
    "enum": lambda field, value: (value, value in field.choices),
    "date": _read_date,
    "int": _read_number,
    "number": _read_number,
    "mapping": lambda field, value: (value, isinstance(value, dict)),
}


def date_within_limits(day: date) -> str | None:
    """The expectation a date outside the contract's range fails (see :mod:`.safeload`)."""
    latest = safeload.latest_allowed_date()
    if safeload.EARLIEST_DATE <= day <= latest:
        return None
    return (
        f"a date from {safeload.EARLIEST_DATE.isoformat()} to {latest.isoformat()} "
        "(a year after today)"
    )


def _blank(field: Field, value: Any) -> bool:
    """Absent, or (for required text) only spaces."""
    return value is None or (field.required and field.kind == "text" and not str(value).strip())


def check_fields(
    data: Mapping[Any, Any],
    fields: Sequence[Field],
    file: str,
    line_of: Callable[[str], int | None],
    unknown: str | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    """Read ``data`` against ``fields``: each key's value (its default when absent or invalid)
    and the problems, in field order. Keys no field declares are warnings worded ``unknown``
    (with ``{known}``, the declared keys sorted), when given."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for field in fields:
        raw = data.get(field.key)
        value, failed = _read_field(field, raw, values)
        if raw is None and field.key in data and not field.allow_null:
            failed = [(field.expectation(), None)]
        values[field.key] = field.default if value is None else value
        for expected, shown in failed:
            problems.append(Problem("error", file, expected, line_of(field.key), field.key, shown))
    if unknown is not None:
        known = ", ".join(sorted(field.key for field in fields))
        problems += [
            Problem("warning", file, unknown.format(known=known), line_of(str(key)), str(key))
            for key in data
            if key not in values
        ]
    return values, problems


def _read_field(
    field: Field, raw: Any, before: Mapping[str, Any]
) -> tuple[Any, list[tuple[str, Any]]]:
    """One key's value and its failures as (expectation, value shown) pairs."""
    if _blank(field, raw):
        if field.required:
            return None, [(field.missing or f"{field.expectation()} (required)", None)]
        return None, []
    value, failed = field.read(raw)
    if failed:
        return None, [(failed, str(raw) if field.kind == "text" else raw)]
    if field.kind == "mapping":
        return _read_nested(field, value)
    if field.relation is not None:
        broken = field.relation(value, before)
        if broken:
            return value, [(broken, _shown(value))]
    return value, []


def _read_nested(field: Field, mapping: Mapping[str, Any]) -> tuple[Any, list[tuple[str, Any]]]:
    values: dict[str, Any] = {}
    failures: list[tuple[str, Any]] = []
    for sub in field.fields:
        value, failed = _read_field(sub, mapping.get(sub.key), values)
        values[sub.key] = sub.default if value is None else value
        failures += [(f"{sub.key} as {expected}", shown) for expected, shown in failed]
    return values, failures


def _shown(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
