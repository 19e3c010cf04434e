"""Three-way merge of a company's files: save only what this editor changed, over the disk now.

Several editors (and people) edit one company folder: the three editors share ``company.yaml``
and each owns different keys of it. A save therefore never replaces a file with the editor's
whole view. Each file is read as *fields* under the data contract (:func:`fields_of`):

- ``company.yaml``: one field per key, nested keys dotted (``community.owner``);
- ``team_assessment.yaml``: one field per practice answer (``practices.harm_reporting``) and the
  ``decisions`` list as one field;
- a CSV: one field per row, keyed by the file's unique key (``feature``), or by the whole row
  when the contract gives none (``community_goals.csv``).

For each field, with *base* the file as the editor loaded it, *mine* the editor's entries and
*disk* the file as it is now: a field this editor did not change takes the disk's value; one it
changed takes its own value when the disk still holds the base (or already the same value);
otherwise both changed it differently, a :class:`Conflict` that the team settles per field
(``choices``: field → ``"mine"`` or ``"theirs"``). The three versions pass through the same
parse-and-dump of the contract, so layout differences never count as changes.
"""

from __future__ import annotations

import csv
import io as text_io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import yaml

from workbook import io
from workbook.errors import WorkbookError
from workbook.workshop.forms import blank_to_none

Choice = Literal["mine", "theirs"]


class _Absent:
    """A field that one version does not have (a removed row, an unset key)."""

    def __repr__(self) -> str:
        return "(none)"


ABSENT: Any = _Absent()


class UnreadableError(WorkbookError):
    """A version of a file that the contract cannot read, so no field-by-field merge is possible."""

    def __init__(self, file: str, why: str) -> None:
        super().__init__(f"{file} cannot be read ({why})")
        self.file = file


@dataclass(frozen=True)
class Conflict:
    """One field both this editor and someone else changed, to different values."""

    file: str
    key: str
    label: str
    mine: Any
    theirs: Any

    @property
    def id(self) -> str:
        """The field's identity across files: ``features.csv: dark mode``."""
        return f"{self.file}: {self.key}"


@dataclass(frozen=True)
class Merged:
    """One file merged: its new text (None when the file should not exist) and its conflicts."""

    file: str
    text: str | None
    conflicts: tuple[Conflict, ...]


# ----------------------------------------------------------------------------------------------
# Files as fields
# ----------------------------------------------------------------------------------------------


def _flatten(mapping: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in mapping.items():
        if isinstance(value, Mapping) and value:
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _unflatten(flat: Mapping[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for key, value in flat.items():
        *parents, last = key.split(".")
        node = nested
        for parent in parents:
            node = node.setdefault(parent, {})
        node[last] = value
    return nested


def csv_text_rows(file: str, text: str | None) -> list[dict[str, str | None]]:
    """A contract CSV's rows as typed text (contract columns only) from the file's text."""
    if not text:
        return []
    columns = io.DATA_FILES[file].header()
    reader = csv.DictReader(text_io.StringIO(text.lstrip("\ufeff")))
    if reader.fieldnames is None:
        return []
    return [{name: blank_to_none(record.get(name)) for name in columns} for record in reader]


def _row_fields(file: str, rows: list[dict[str, str | None]]) -> dict[str, Any]:
    """Rows keyed by the file's unique key, or by the whole row (with its occurrence)."""
    key_columns = io.DATA_FILES[file].unique_key
    fields: dict[str, Any] = {}
    for row in rows:
        if key_columns:
            key = " / ".join((row.get(column) or "").casefold() for column in key_columns)
        else:
            key = " | ".join(row.get(column) or "" for column in io.DATA_FILES[file].header())
        unique, count = key, 1
        while unique in fields:
            count += 1
            unique = f"{key} #{count}"
        fields[unique] = tuple(row.items())
    return fields


def fields_of(file: str, text: str | None) -> dict[str, Any]:
    """A file's text as its fields (see the module docstring); a missing file has none.

    Raises :class:`UnreadableError` when the contract cannot read it (then only a whole-file
    choice is possible).
    """
    if text is None:
        return {}
    if file == io.COMPANY_FILE:
        from workbook.workshop.documents import config_mapping  # the editors' own mapping

        config, problems = io.parse_company_config(text)
        errors = [p for p in problems if p.severity == "error"]
        if config is None or errors:
            why = errors[0].expected if errors else "not a company profile"
            raise UnreadableError(file, why)
        return _flatten(config_mapping(config))
    if file == io.TEAM_ASSESSMENT_FILE:
        team, problems = io.parse_team_assessment(text)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise UnreadableError(file, errors[0].expected)
        return team_fields(team)
    if file in io.DATA_FILES:
        return _row_fields(file, csv_text_rows(file, text))
    raise UnreadableError(file, "not a file the workshop edits")


def team_fields(team: io.TeamAssessment) -> dict[str, Any]:
    """The fields of the team's answers: one per practice; the decisions as one."""
    fields: dict[str, Any] = {f"practices.{key}": value for key, value in team.practices.items()}
    decisions = getattr(team, "decisions", ())
    if decisions:
        fields["decisions"] = tuple(decisions)
    return fields


def text_of(file: str, fields: Mapping[str, Any]) -> str:
    """The file's text for ``fields``, written by the contract's own writer."""
    if file == io.COMPANY_FILE:
        text = yaml.safe_dump(_unflatten(fields), sort_keys=False, allow_unicode=True)
        config, problems = io.parse_company_config(text)
        if config is None:
            raise UnreadableError(file, "; ".join(p.expected for p in problems) or "invalid")
        return io.dump_company_config_full(config)
    if file == io.TEAM_ASSESSMENT_FILE:
        practices = {
            key.removeprefix("practices."): value
            for key, value in fields.items()
            if key.startswith("practices.")
        }
        extra: dict[str, Any] = {}
        if "decisions" in fields:
            extra["decisions"] = tuple(fields["decisions"])
        return io.dump_team_assessment(io.TeamAssessment(practices=practices, **extra))
    from workbook.workshop.documents import dump_rows

    return dump_rows(file, [dict(row) for row in fields.values()])


def label_of(file: str, key: str) -> str:
    """How a field is named to a reader."""
    if file in io.DATA_FILES and io.DATA_FILES[file].unique_key:
        return f"{file}, row {key!r}"
    if file in io.DATA_FILES:
        return f"{file}, a row"
    return f"{file}, {key}"


def show_value(value: Any) -> str:
    """A field's value as short text for the conflict panel."""
    if value is ABSENT:
        return "(removed)"
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):
        return ", ".join(f"{name} {cell if cell is not None else '—'}" for name, cell in value)
    if value is None:
        return "(empty)"
    return str(value)


# ----------------------------------------------------------------------------------------------
# The merge
# ----------------------------------------------------------------------------------------------


def merge_fields(
    file: str,
    base: Mapping[str, Any],
    mine: Mapping[str, Any],
    disk: Mapping[str, Any],
    choices: Mapping[str, Choice] | None = None,
) -> tuple[dict[str, Any], tuple[Conflict, ...]]:
    """Merge field by field (see the module docstring); disk order first, new fields after."""
    choices = choices or {}
    merged: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    for key in [*disk, *(k for k in mine if k not in disk)]:
        was, ours, theirs = base.get(key, ABSENT), mine.get(key, ABSENT), disk.get(key, ABSENT)
        value = theirs
        if ours != was and theirs != ours:
            if theirs == was:
                value = ours
            else:
                conflict = Conflict(file, key, label_of(file, key), ours, theirs)
                picked = choices.get(conflict.id)
                if picked is None:
                    conflicts.append(conflict)
                value = ours if picked == "mine" else theirs
        if value is not ABSENT:
            merged[key] = value
    return merged, tuple(conflicts)


def merge_file(
    file: str,
    base: str | None,
    mine: str | None,
    disk: str | None,
    choices: Mapping[str, Choice] | None = None,
) -> Merged:
    """Merge this editor's new text of ``file`` over its text on disk now (``base``: the text
    the editor loaded; None for a file that does not exist). The merged text is None when the
    file should not exist: ``mine`` is None and nobody changed it since."""
    if disk == base:
        return Merged(file, mine, ())
    merged, conflicts = merge_fields(
        file, fields_of(file, base), fields_of(file, mine), fields_of(file, disk), choices
    )
    return Merged(file, text_of(file, merged), conflicts)
