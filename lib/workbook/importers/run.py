"""``workbook import``: one export into one company's contract file.

The steps: read the file (:mod:`~workbook.importers.source`), detect the tool, map its columns
to the contract by their wording (:mod:`~workbook.importers.questions`; a saved mapping in the
company's ``import_mapping.yaml`` comes first), leave out what must not count (partial, preview,
duplicate, ineligible, after ``as_of``, unanswered) and merge the rest into the contract file:
new responses are appended, a respondent's later answer in the same wave replaces the earlier
one, earlier waves stay. The previous file goes to ``.history/`` and the new one is written
atomically; the export is only read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import yaml

from workbook import io
from workbook.importers.activity import import_activity
from workbook.importers.export import Export
from workbook.importers.merge import TARGET, ImportResult, local_times, merge, write
from workbook.importers.questions import (
    KANO_OPTIONS,
    LIKERT_5,
    PMF_QUESTIONS,
    Question,
    grid_row,
    kano_code,
    kano_questions,
    question_key,
    scale_value,
    wordings,
)
from workbook.importers.retention import import_retention, import_retention_grid
from workbook.importers.source import ImportFailure, read_table
from workbook.importers.tools import SURVEY_TOOLS, detect_tool
from workbook.waves import repeated_within_waves

KINDS = ("pmf", "kano", "belonging", "retention", "activity")
MAPPING_FILE = "import_mapping.yaml"
_INELIGIBLE = {"once", "not at all", "never", "0", "1", "less than twice"}


def import_file(
    path: str | Path,
    slug: str,
    kind: str | None = None,
    tool: str = "auto",
    dry_run: bool = False,
    data_dir: str | None = None,
) -> ImportResult:
    """Import one export into a company (see the module docstring); raises
    :class:`ImportFailure` with one clear message when the file cannot be imported."""
    source = Path(path)
    folder = io.company_dir(slug, data_dir)
    company = io.load_company(slug, data_dir)
    table = read_table(source)
    module = detect_tool(table, tool)
    if kind is not None and kind not in KINDS:
        raise ImportFailure(source.name, f"--as one of: {', '.join(KINDS)}")
    if module.KIND == "activity" or kind == "activity":
        if module.KIND != "activity":
            raise ImportFailure(
                table.name,
                "for --as activity, a Slack member analytics export ('Days active', 'Messages "
                "posted') or a Discourse report ('Day', 'Count') to merge into "
                "community_activity.csv (see docs/importing.md)",
                row=1,
            )
        return import_activity(source, table, module, company, folder, dry_run)
    if module.KIND == "retention" or kind == "retention":
        if module.KIND != "retention":
            raise ImportFailure(
                table.name,
                "for --as retention, an events table with user_id and timestamp, or a PostHog, "
                "Mixpanel or Amplitude retention chart export (see docs/importing.md)",
                row=1,
            )
        if hasattr(module, "read_grid"):
            return import_retention_grid(table, module, company, folder, dry_run)
        return import_retention(table, company, folder, dry_run)
    export = module.read(table)
    return _import_survey(export, module, company, folder, kind, dry_run)


# --------------------------------------------------------------------------------------------
# Surveys
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One contract column an export column can fill, with the wordings that identify it."""

    name: str
    keys: tuple[str, ...]
    keywords: tuple[tuple[str, ...], ...] = ()
    required: bool = False
    stored: bool = True


def _fields(kind: str, company: io.Company) -> list[Field]:
    if kind == "pmf":
        return [_from_question(q, required=q.field == "answer") for q in PMF_QUESTIONS]
    segment = next(q for q in PMF_QUESTIONS if q.field == "segment")
    if kind == "kano":
        features = [] if company.features is None else company.features["feature"].tolist()
        return [
            Field(f"{feature}|{side}", tuple(question_key(w) for w in (text, *also)))
            for feature, side, text, also in kano_questions(features)
        ]
    if company.instrument is None:
        return []
    items = [Field(item.id, (question_key(item.text),)) for item in company.instrument.items]
    return [*items, _from_question(segment, required=False)]


def _from_question(question: Question, required: bool) -> Field:
    return Field(
        question.field,
        tuple(question_key(w) for w in wordings(question)),
        question.keywords,
        required,
        question.stored,
    )


def _match(
    fields: list[Field], headers: list[str], products: Sequence[str], saved: dict[str, str]
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Field → header by saved mapping, exact wording (also as a grid row), then keywords.
    Returns the mapping and, per field, the headers that matched more than once."""
    mapping: dict[str, str] = {}
    ambiguous: dict[str, list[str]] = {}
    by_name = {f.name: f for f in fields}
    for name, header in saved.items():
        if name in by_name and header in headers:
            mapping[name] = header

    def keys_of(header: str) -> set[str]:
        found = set()
        for candidate in grid_row(header):
            for product in products or (None,):
                found.add(question_key(candidate, product))
        return found

    header_keys = {h: keys_of(h) for h in headers}
    taken = set(mapping.values())
    for item in fields:
        if item.name in mapping:
            continue
        hits = [h for h in headers if h not in taken and header_keys[h] & set(item.keys)]
        if len(hits) == 1:
            mapping[item.name] = hits[0]
            taken.add(hits[0])
        elif len(hits) > 1:
            ambiguous[item.name] = hits
    for item in fields:
        if item.name in mapping or item.name in ambiguous or not item.keywords:
            continue
        hits = [
            h
            for h in headers
            if h not in taken
            and any(
                all(word in key for word in words)
                for key in header_keys[h]
                for words in item.keywords
            )
        ]
        if len(hits) == 1:
            mapping[item.name] = hits[0]
            taken.add(hits[0])
        elif len(hits) > 1:
            ambiguous[item.name] = hits
    return mapping, ambiguous


def _saved_mapping(folder: Path, kind: str) -> dict[str, str]:
    path = folder / MAPPING_FILE
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ImportFailure(MAPPING_FILE, f"valid YAML ({exc})") from None
    section = data.get(kind) if isinstance(data, dict) else None
    if section is None:
        return {}
    columns = section.get("columns", section) if isinstance(section, dict) else None
    if not isinstance(columns, dict):
        raise ImportFailure(
            MAPPING_FILE, f"under {kind}: columns: a mapping of field: column header"
        )
    return {str(k): str(v) for k, v in columns.items() if k != "tool"}


def _save_mapping(folder: Path, kind: str, tool: str, mapping: dict[str, str]) -> None:
    path = folder / MAPPING_FILE
    data: dict[str, Any] = {}
    if path.is_file():
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = loaded if isinstance(loaded, dict) else {}
    entry = {"tool": tool, "columns": dict(mapping)}
    if data.get(kind) == entry:
        return
    data[kind] = entry
    text = (
        "# How `workbook import` maps export columns to the data contract, per kind of survey.\n"
        "# Edit a header here to fix a mapping; the next import uses it first.\n"
        + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    )
    io.write_text_atomic(path, text)


def _detect_kind(export: Export, company: io.Company, products: list[str], folder: Path) -> str:
    found = []
    for kind in ("pmf", "kano", "belonging"):
        saved = _saved_mapping(folder, kind)
        mapping, ambiguous = _match(_fields(kind, company), export.questions, products, saved)
        useful = {n for n in mapping if n != "segment"}
        if (kind == "pmf" and ("answer" in mapping or "answer" in ambiguous)) or (
            kind != "pmf" and useful
        ):
            found.append(kind)
    if len(found) == 1:
        return found[0]
    if not found:
        raise ImportFailure(
            export.file,
            "questions the workbook recognises (the Sean Ellis question, Kano pairs for the "
            "features in features.csv, or the belonging instrument's statements); print them "
            "with `workbook survey all --company SLUG`, or map the columns in "
            f"{MAPPING_FILE} and pass --as pmf|kano|belonging. Columns found: "
            + ", ".join(repr(h) for h in export.questions),
            row=1,
        )
    raise ImportFailure(
        export.file,
        f"one kind of survey per import: this export holds {' and '.join(found)} questions; "
        f"run the import once per kind with --as {found[0]}, --as {found[1]}",
        row=1,
    )


def _import_survey(
    export: Export,
    module: ModuleType,
    company: io.Company,
    folder: Path,
    kind: str | None,
    dry_run: bool,
) -> ImportResult:
    products = [p for p in (company.config.name, company.slug) if p]
    kind = kind or _detect_kind(export, company, products, folder)
    fields = _fields(kind, company)
    if kind == "kano" and not fields:
        raise ImportFailure("features.csv", "the features to ask about (Kano imports need it)")
    if kind == "belonging" and not fields:
        raise ImportFailure(str(io.INSTRUMENT_RELATIVE_PATH), "a usable belonging instrument")
    mapping, ambiguous = _match(fields, export.questions, products, _saved_mapping(folder, kind))
    _check_mapping(export, kind, fields, mapping, ambiguous, folder)
    target = folder / TARGET[kind]
    result = ImportResult(export.file, module.LABEL, kind, target, export.time_zone)
    result.mapping = mapping
    result.unused = [h for h in export.questions if h not in mapping.values()]
    result.notes += export.notes
    if export.zone and company.config.timezone is None:
        result.notes.append(
            f"the export's times are in {export.zone}; answers are dated in UTC until "
            f"company.yaml sets a timezone (e.g. timezone: {export.zone})"
        )
    stored_out = [f.name for f in fields if not f.stored and f.name in mapping]
    if "type_of_people" in stored_out:
        result.notes.append(
            "answers to the 'type of people' question are not stored (pmf_survey.csv has no "
            "column for them): read them in the export"
        )

    frame = export.frame.copy()
    _mark_drops(frame, kind, mapping, company)
    counts = Counter(frame.loc[frame["_drop"] != "", "_drop"])
    kept = frame[frame["_drop"] == ""]
    if kind == "kano":
        rows = _kano_rows(kept, mapping, export.file)
    else:
        rows = _survey_rows(kept, kind, mapping, fields, company, export.file)
    result.dropped = counts
    result.kept = len(kept)
    merged = merge(target, rows, kind, company, result)
    result.headline = _headline(kind, rows)
    write(target, merged, result, dry_run)
    if not dry_run:
        _save_mapping(folder, kind, module.NAME, mapping)
    return result


def _check_mapping(
    export: Export,
    kind: str,
    fields: list[Field],
    mapping: dict[str, str],
    ambiguous: dict[str, list[str]],
    folder: Path,
) -> None:
    missing = [f.name for f in fields if f.required and f.name not in mapping]
    if kind == "kano":
        features = {f.name.split("|")[0] for f in fields}
        halves = Counter(name.split("|")[0] for name in mapping)
        missing += [
            f"{feat}|{side}"
            for feat in features
            if halves[feat] == 1
            for side in ("functional", "dysfunctional")
            if f"{feat}|{side}" not in mapping
        ]
    if not missing and not ambiguous:
        return
    unused = [h for h in export.questions if h not in mapping.values()]
    parts = []
    if ambiguous:
        parts.append(
            "; ".join(
                f"{name} matches several columns ({', '.join(repr(h) for h in hs)})"
                for name, hs in ambiguous.items()
            )
        )
    if missing:
        parts.append(f"no column found for {', '.join(missing)}")
    example = next(iter(ambiguous)) if ambiguous else missing[0]
    raise ImportFailure(
        export.file,
        f"{'; '.join(parts)}. Columns not recognised: "
        f"{', '.join(repr(h) for h in unused) or 'none'}. Map them in "
        f"{folder / MAPPING_FILE}, e.g.\n  {kind}:\n    columns:\n"
        f'      {example}: "<the column header as in the export>"\n'
        "then run the import again",
        row=1,
    )


def _mark_drops(
    frame: pd.DataFrame, kind: str, mapping: dict[str, str], company: io.Company
) -> None:
    """Fill ``_drop`` with the reason a response is left out."""
    open_ = frame["_drop"] == ""
    duplicated = frame["_id"].duplicated(keep="last") & open_
    frame.loc[duplicated, "_drop"] = "duplicate"
    open_ = frame["_drop"] == ""
    if "eligibility" in mapping:
        answers = frame[mapping["eligibility"]].map(lambda v: io.fold_text(str(v)))
        frame.loc[open_ & answers.isin(_INELIGIBLE), "_drop"] = "ineligible"
    open_ = frame["_drop"] == ""
    if company.config.as_of is not None:
        days = _local_days(frame["_submitted"], company.config.timezone)
        late = days > pd.Timestamp(company.config.as_of)
        frame.loc[open_ & late.fillna(False), "_drop"] = "after as_of"
    open_ = frame["_drop"] == ""
    answer_columns = (
        [mapping["answer"]] if kind == "pmf" else [h for n, h in mapping.items() if n != "segment"]
    )
    blank = frame[answer_columns].apply(lambda col: col.str.strip() == "").all(axis=1)
    frame.loc[open_ & blank, "_drop"] = "unanswered"
    open_ = frame["_drop"] == ""
    # a respondent's earlier answer in the same wave is replaced by their later one
    if open_.any() and kind != "kano":
        subset = frame[open_]
        stamps = pd.DataFrame(
            {
                "respondent_id": subset["_respondent"],
                "submitted_at": local_times(subset["_submitted"], company.config.timezone),
            }
        )
        replaced = repeated_within_waves(stamps)
        frame.loc[replaced[replaced].index, "_drop"] = "duplicate"
    elif open_.any():
        repeated = frame[open_].duplicated("_respondent", keep="last")
        frame.loc[repeated[repeated].index, "_drop"] = "duplicate"


def _local_days(texts: pd.Series, timezone: str | None) -> pd.Series:
    return local_times(texts, timezone).dt.normalize()


def _survey_rows(
    kept: pd.DataFrame,
    kind: str,
    mapping: dict[str, str],
    fields: list[Field],
    company: io.Company,
    file: str,
) -> list[dict[str, str]]:
    stored = {f.name for f in fields if f.stored}
    rows = []
    for record in kept.to_dict("records"):
        row = {"respondent_id": record["_respondent"], "submitted_at": record["_submitted"]}
        for name, header in mapping.items():
            if name not in stored:
                continue
            value = str(record[header]).strip()
            if kind == "pmf" and name == "answer":
                code = io.normalize_pmf_answer(value)
                if code is None:
                    raise ImportFailure(
                        file, io.pmf_answer_expectation(), record["_row"], header, value
                    )
                value = code
            elif kind == "belonging" and name != "segment" and value:
                assert company.instrument is not None
                number = scale_value(value, company.instrument)
                if number is None:
                    expected = (
                        f"a number from {company.instrument.scale_min} to "
                        f"{company.instrument.scale_max} or one of: {', '.join(LIKERT_5)}"
                    )
                    raise ImportFailure(file, expected, record["_row"], header, value)
                value = str(number)
            row[name] = value
        rows.append(row)
    return rows


def _kano_rows(kept: pd.DataFrame, mapping: dict[str, str], file: str) -> list[dict[str, str]]:
    pairs: dict[str, dict[str, str]] = {}
    for name, header in mapping.items():
        feature, side = name.split("|")
        pairs.setdefault(feature, {})[side] = header
    expected = "one of: " + ", ".join(texts[0] for texts in KANO_OPTIONS.values())
    rows = []
    for record in kept.to_dict("records"):
        for feature, sides in pairs.items():
            values = {side: str(record[h]).strip() for side, h in sides.items()}
            if not all(values.values()):
                continue
            codes = {}
            for side, value in values.items():
                code = kano_code(value)
                if code is None:
                    raise ImportFailure(file, expected, record["_row"], sides[side], value)
                codes[side] = code
            rows.append(
                {
                    "respondent_id": record["_respondent"],
                    "feature": feature,
                    "functional": codes["functional"],
                    "dysfunctional": codes["dysfunctional"],
                }
            )
    return rows


def _headline(kind: str, rows: list[dict[str, str]]) -> str:
    if not rows:
        return "no responses to count"
    if kind == "pmf":
        from workbook.ttpmf.compute import sean_ellis

        score = sean_ellis([row["answer"] for row in rows])
        share = "n/a" if score.share is None else f"{score.share:.1%}"
        return (
            f"Sean Ellis score of this export: {share} very disappointed "
            f"(n = {score.n} still using the product)"
        )
    if kind == "kano":
        people = len({row["respondent_id"] for row in rows})
        features = len({row["feature"] for row in rows})
        return f"Kano answers: {people} respondents, {features} features"
    return f"belonging answers: {len({row['respondent_id'] for row in rows})} respondents"


__all__ = ["KINDS", "MAPPING_FILE", "SURVEY_TOOLS", "TARGET", "ImportResult", "import_file"]
