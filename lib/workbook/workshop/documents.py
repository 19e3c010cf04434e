"""The documents an editor writes, judged by the data contract's own rules.

The text a team types into a field is read as YAML reads it in ``company.yaml``
(:func:`typed_scalar`); a config with edits is checked by
:func:`workbook.io.parse_company_config` (:func:`parse_config`) and a table's rows by the
file's column rules in :data:`workbook.io.DATA_FILES` (:func:`check_rows`). Each problem is
keyed by the field, or the row and column, it concerns, so the editor shows it there.
"""

from __future__ import annotations

import csv
import dataclasses
import io as text_io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from workbook import io
from workbook.workshop.forms import blank_to_none, text_value

#: Problems of one form: field key → messages; tables: file → row index → column → messages.
FieldProblems = dict[str, list[str]]
TableProblems = dict[str, dict[int, dict[str, list[str]]]]


@dataclass
class Draft:
    """The editor's current entries, validated: the company to assess (None while any entry is
    invalid), the documents to write, and the problems to show."""

    company: io.Company | None
    config: io.CompanyConfig | None = None
    tables: dict[str, list[dict[str, str | None]]] = field(default_factory=dict)
    team: io.TeamAssessment | None = None
    field_problems: FieldProblems = field(default_factory=dict)
    table_problems: TableProblems = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.field_problems and not any(self.table_problems.values())

    @property
    def needs_fixing(self) -> str:
        """The count of problems in words: "1 value needs fixing", "3 values need fixing"."""
        count = self.problem_count
        return "1 value needs fixing" if count == 1 else f"{count} values need fixing"

    @property
    def problem_count(self) -> int:
        fields = sum(map(len, self.field_problems.values()))
        cells = sum(
            len(texts)
            for rows in self.table_problems.values()
            for columns in rows.values()
            for texts in columns.values()
        )
        return fields + cells


def config_mapping(config: io.CompanyConfig) -> dict[str, Any]:
    """A config as the mapping ``company.yaml`` holds (dates as text, unset keys left out)."""
    mapping: dict[str, Any] = {
        "name": config.name,
        "stage": config.stage,
        "started": config.started.isoformat(),
        "network_effects": config.network_effects,
    }
    if config.as_of is not None:
        mapping["as_of"] = config.as_of.isoformat()
    if config.runway_months is not None:
        mapping["runway_months"] = config.runway_months
    if config.reference_product is not None:
        mapping["reference_product"] = config.reference_product
    if config.community is not None:
        mapping["community"] = {
            key: value
            for key, value in dataclasses.asdict(config.community).items()
            if value is not None
        }
    return mapping


def typed_scalar(text: str | None) -> Any:
    """Text typed in a field, read as YAML reads the same text in ``company.yaml``."""
    text = blank_to_none(text)
    if text is None:
        return None
    try:
        return io.load_yaml(text)
    except yaml.YAMLError:
        return text


def parse_config(
    base: io.CompanyConfig, edits: Mapping[str, Any]
) -> tuple[io.CompanyConfig | None, FieldProblems]:
    """``base`` with ``edits`` (key → value, None to unset; ``community`` a mapping), checked by
    :func:`workbook.io.parse_company_config`; problems keyed by field (``community.channels``)."""
    mapping = config_mapping(base)
    for key, value in edits.items():
        if key == "community" and isinstance(value, Mapping):
            value = {k: v for k, v in value.items() if v is not None}
        if value is None:
            mapping.pop(key, None)
        else:
            mapping[key] = value
    text = yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True)
    config, problems = io.parse_company_config(text)
    found: FieldProblems = {}
    for problem in problems:
        if problem.severity != "error":
            continue
        key = problem.column or ""
        expected = problem.expected
        if key == "community":
            for sub in ("owner", "founding_members", "channels"):
                if expected.startswith(sub):
                    key = f"community.{sub}"
                    expected = expected.removeprefix(f"{sub} as ")
        found.setdefault(key, []).append(expected)
    return config, found


def csv_rows(path: Path, file: str) -> list[dict[str, str | None]]:
    """A contract CSV's rows as typed text (its contract columns only); none for a missing,
    empty or unreadable file."""
    if not path.is_file():
        return []
    raw, _, _ = io.read_csv_text(path)
    if raw is None or raw.empty:
        return []
    columns = io.DATA_FILES[file].header()
    return [
        {name: blank_to_none(text_value(record.get(name))) for name in columns}
        for record in raw.to_dict("records")
    ]


def check_rows(
    file: str, rows: Sequence[Mapping[str, str | None]]
) -> tuple[pd.DataFrame | None, dict[int, dict[str, list[str]]]]:
    """Validate rows with the file's column rules (``DATA_FILES``): the typed frame (None when a
    row is invalid or there are no rows) and problems by row index and column."""
    if not rows:
        return None, {}
    spec = io.DATA_FILES[file]
    raw = pd.DataFrame(list(rows), columns=spec.header(), dtype=object)
    typed, problems = io.validate_frame(raw, file, spec.columns, spec.unique_key)
    found: dict[int, dict[str, list[str]]] = {}
    for problem in problems:
        if problem.severity != "error":
            continue
        index = problem.row - 2 if problem.row is not None else 0
        column = problem.column or ""
        if "," in column:  # a repeated key of several columns: show it on the first
            column = column.split(",")[0].strip()
        found.setdefault(index, {}).setdefault(column, []).append(problem.expected)
    if found or typed is None:
        return None, found
    return typed.reset_index(drop=True), {}


def dump_rows(file: str, rows: Sequence[Mapping[str, str | None]]) -> str:
    """A contract CSV with its header in contract order and the rows as typed."""
    columns = io.DATA_FILES[file].header()
    buffer = text_io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(name) is None else row[name] for name in columns])
    return buffer.getvalue()
