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

import csv
import io as stdio
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import yaml

from workbook import io, window
from workbook.importers import events
from workbook.importers.export import DROP_REASONS, Export
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
from workbook.importers.source import ImportFailure, read_table
from workbook.importers.tools import SURVEY_TOOLS, detect_tool
from workbook.waves import repeated_within_waves

KINDS = ("pmf", "kano", "belonging", "retention", "activity")
MAPPING_FILE = "import_mapping.yaml"
TARGET = {
    "activity": "community_activity.csv",
    "pmf": "pmf_survey.csv",
    "kano": "kano_survey.csv",
    "belonging": "belonging_survey.csv",
    "retention": "retention.csv",
}
_INELIGIBLE = {"once", "not at all", "never", "0", "1", "less than twice"}


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do)."""

    source: str
    tool: str
    kind: str
    target: Path
    time_zone: str
    mapping: dict[str, str] = field(default_factory=dict)
    unused: list[str] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)
    kept: int = 0
    added: int = 0
    replaced: int = 0
    already: int = 0
    headline: str = ""
    notes: list[str] = field(default_factory=list)
    changed: bool = False
    written: bool = False
    backup: Path | None = None

    def report(self, dry_run: bool) -> str:
        """Plain lines for the terminal."""
        lines = [
            f"{self.source}: {self.tool} export → {self.target.name} ({self.kind})",
            f"  times: {self.time_zone}",
        ]
        if self.mapping:
            lines.append("  mapping:")
            lines += [f"    {name:<24} ← {header!r}" for name, header in self.mapping.items()]
        if self.unused:
            lines.append("  columns not used: " + ", ".join(repr(h) for h in self.unused))
        lines.append(f"  kept: {self.kept}")
        for reason in DROP_REASONS:
            if self.dropped.get(reason):
                lines.append(f"  left out ({reason}): {self.dropped[reason]}")
        lines.append(
            f"  into {self.target.name}: {self.added} new, {self.replaced} replaced by a later "
            f"answer, {self.already} already there"
        )
        lines += [f"  note: {note}" for note in self.notes]
        if self.headline:
            lines.append(f"  {self.headline}")
        if not self.changed:
            lines.append("  nothing changed")
        elif dry_run:
            lines.append("  dry run: nothing written")
        else:
            kept = f" (previous version in {self.backup})" if self.backup else ""
            lines.append(f"  written: {self.target}{kept}")
        return "\n".join(lines)


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
        from workbook.importers.activity import import_activity

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
            return _import_retention_grid(table, module, company, folder, dry_run)
        return _import_retention(table, company, folder, dry_run)
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
    merged = _merge(target, rows, kind, company, result)
    result.headline = _headline(kind, rows)
    _write(target, merged, result, dry_run)
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
    example = (ambiguous and next(iter(ambiguous))) or missing[0]
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
                "submitted_at": _local_times(subset["_submitted"], company.config.timezone),
            }
        )
        replaced = repeated_within_waves(stamps)
        frame.loc[replaced[replaced].index, "_drop"] = "duplicate"
    elif open_.any():
        repeated = frame[open_].duplicated("_respondent", keep="last")
        frame.loc[repeated[repeated].index, "_drop"] = "duplicate"


def _local_times(texts: pd.Series, timezone: str | None) -> pd.Series:
    local = io.localize_timestamps(texts, timezone) if timezone else texts
    return pd.to_datetime(local.map(io.parse_timestamp), errors="coerce")


def _local_days(texts: pd.Series, timezone: str | None) -> pd.Series:
    return _local_times(texts, timezone).dt.normalize()


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


# --------------------------------------------------------------------------------------------
# Merging and writing
# --------------------------------------------------------------------------------------------


def _read_existing(target: Path) -> pd.DataFrame:
    if not target.is_file():
        return pd.DataFrame()
    text, problems = io.read_text(target, target.name)
    if text is None:
        raise ImportFailure(target.name, problems[0].expected if problems else "readable text")
    if not text.strip():
        return pd.DataFrame()
    try:
        frame = pd.read_csv(stdio.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        message = str(exc).strip().splitlines()[-1]
        raise ImportFailure(
            target.name, f"a well-formed CSV to merge into ({message}); fix it first"
        ) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.astype(object)


def _contract_columns(kind: str, company: io.Company) -> list[str]:
    spec = io.DATA_FILES[TARGET[kind]]
    extra = company.instrument.item_ids if kind == "belonging" and company.instrument else []
    return spec.header(extra)


def _merge(
    target: Path,
    rows: list[dict[str, str]],
    kind: str,
    company: io.Company,
    result: ImportResult,
) -> pd.DataFrame:
    existing = _read_existing(target)
    new = pd.DataFrame.from_records(rows).astype(object) if rows else pd.DataFrame()
    columns = _contract_columns(kind, company)
    columns += [c for c in existing.columns if c not in columns]
    existing = existing.reindex(columns=columns, fill_value="")
    new = new.reindex(columns=columns, fill_value="").fillna("")
    if kind == "retention":
        key = ["cohort", "period"]
    elif kind == "kano":
        key = ["respondent_id", "feature"]
    else:
        key = ["respondent_id", "submitted_at"]

    def keys(frame: pd.DataFrame) -> pd.Series:
        if kind in ("pmf", "belonging"):
            moments = frame["submitted_at"].map(io.parse_timestamp).astype(str)
            return frame["respondent_id"].astype(str) + "\x1f" + moments
        return frame[key].astype(str).agg("\x1f".join, axis=1)

    if new.empty:
        return existing
    new_keys, old_keys = keys(new), keys(existing) if len(existing) else pd.Series(dtype=str)
    same = new_keys.isin(set(old_keys))
    identical = 0
    if same.any():
        old_by_key = existing.assign(_k=old_keys.values).set_index("_k")
        for index in new.index[same]:
            old = old_by_key.loc[[new_keys[index]]].iloc[-1]
            identical += bool((old[columns] == new.loc[index, columns]).all())
    result.already = identical
    if kind in ("kano", "retention"):
        result.replaced = int(same.sum()) - identical
        kept_old = existing[~old_keys.isin(set(new_keys))] if len(existing) else existing
        result.added = int((~same).sum())
        return pd.concat([kept_old, new], ignore_index=True)
    # surveys: same response already there → keep the file's row; new responses appended, then
    # a respondent's earlier answer in the same wave gives way to the later one
    fresh = new[~same]
    combined = pd.concat([existing, fresh], ignore_index=True)
    is_new = pd.Series([False] * len(existing) + [True] * len(fresh), index=combined.index)
    stamps = pd.DataFrame(
        {
            "respondent_id": combined["respondent_id"],
            "submitted_at": _local_times(combined["submitted_at"], company.config.timezone),
        }
    )
    if stamps["submitted_at"].isna().any():
        bad = stamps.index[stamps["submitted_at"].isna()][0]
        raise ImportFailure(
            target.name,
            "a date or date-time in every row (fix the file, then import again)",
            row=int(bad) + 2 if bad < len(existing) else None,
            column="submitted_at",
            value=str(combined.at[bad, "submitted_at"]),
        )
    replaced = repeated_within_waves(stamps)
    result.replaced = int((replaced & ~is_new).sum())
    result.added = int((~replaced & is_new).sum())
    result.dropped["duplicate"] += int((replaced & is_new).sum())
    result.kept -= int((replaced & is_new).sum())
    return combined[~replaced].reset_index(drop=True)


def _to_csv(frame: pd.DataFrame) -> str:
    buffer = stdio.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(frame.columns)
    writer.writerows(frame.astype(str).itertuples(index=False, name=None))
    return buffer.getvalue()


def _write(target: Path, merged: pd.DataFrame, result: ImportResult, dry_run: bool) -> None:
    from workbook.workshop.history import backup

    text = _to_csv(merged)
    before = target.read_text(encoding="utf-8-sig") if target.is_file() else None
    result.changed = before is None or _normalised(before) != _normalised(text)
    if not result.changed and before is not None:
        return
    if dry_run:
        return
    result.backup = backup(target)
    io.write_text_atomic(target, text)
    result.written = True


def _normalised(text: str) -> list[list[str]]:
    rows = list(csv.reader(stdio.StringIO(text)))
    return [[c.strip() for c in row] for row in rows if any(c.strip() for c in row)]


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


# --------------------------------------------------------------------------------------------
# Retention
# --------------------------------------------------------------------------------------------


def _import_retention(table: Any, company: io.Company, folder: Path, dry_run: bool) -> ImportResult:
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
        {"cohort": r.cohort, "period": str(r.period), "active_users": str(r.active_users)}
        for r in cohorts.itertuples(index=False)
    ]
    merged = _merge(target, rows, "retention", company, result)
    sizes = cohorts[cohorts["period"] == 0]
    result.headline = (
        f"{len(sizes)} cohorts, {int(sizes['active_users'].sum())} users"
        if len(sizes)
        else "no finished month yet"
    )
    _write(target, merged, result, dry_run)
    return result


def _import_retention_grid(
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
    merged = _merge(target, ordered, "retention", company, result)
    sizes = [int(r["active_users"]) for r in ordered if r["period"] == "0"]
    result.headline = (
        f"{len(sizes)} cohorts, {sum(sizes)} users" if sizes else "no finished month yet"
    )
    _write(target, merged, result, dry_run)
    return result


def _shift_month(start: date, months: int) -> date:
    """The first day of the month ``months`` after ``start``'s."""
    day = start.replace(day=1)
    for _ in range(months):
        day = window.next_period(day, "month")
    return day


__all__ = ["KINDS", "MAPPING_FILE", "SURVEY_TOOLS", "ImportResult", "import_file"]
