"""Merging an import into a company's contract file, and writing it.

Shared by the survey, retention and activity imports: what an import did
(:class:`ImportResult`), the file it merges into read as text, the merge by each file's key
(a respondent's later answer in the same wave replaces the earlier one; earlier waves stay), and
the atomic write with the previous version kept in ``.history/``.
"""

from __future__ import annotations

import csv
import io as stdio
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from workbook import io
from workbook.importers.export import DROP_REASONS
from workbook.importers.source import ImportFailure
from workbook.waves import repeated_within_waves

#: The contract file each kind of import merges into.
TARGET = {
    "activity": "community_activity.csv",
    "pmf": "pmf_survey.csv",
    "kano": "kano_survey.csv",
    "belonging": "belonging_survey.csv",
    "retention": "retention.csv",
}


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


def local_times(texts: pd.Series, timezone: str | None) -> pd.Series:
    """Date-times as written in an export or a contract file, read in the company's time zone
    (unreadable ones NaT)."""
    local = io.localize_timestamps(texts, timezone) if timezone else texts
    return pd.to_datetime(local.map(io.parse_timestamp), errors="coerce")


def read_existing(target: Path) -> pd.DataFrame:
    """The contract file an import merges into, every value as text (empty when absent)."""
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


def merge(
    target: Path,
    rows: list[dict[str, str]],
    kind: str,
    company: io.Company,
    result: ImportResult,
) -> pd.DataFrame:
    """The contract file with ``rows`` merged in by the key of its ``kind``, counting in
    ``result`` what was added, replaced and already there."""
    existing = read_existing(target)
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
            "submitted_at": local_times(combined["submitted_at"], company.config.timezone),
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


def write(target: Path, merged: pd.DataFrame, result: ImportResult, dry_run: bool) -> None:
    """Write the merged file atomically, the previous one kept in ``.history/`` (nothing when
    it is unchanged or on a dry run)."""
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
