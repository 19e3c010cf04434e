"""What changed since the last render: each render keeps the company's results with their date.

A render of a company's summary keeps its results (the ``workbook assess --json`` record of that
company) as ``<out>/history/<slug>/<UTC time>.json``, unless they equal the latest one kept. Every
page then compares what it shows with the most recent kept results that *differ* from it, so a
re-render of unchanged data (``--force`` included) still shows the last real change, and pages
rendered in any order agree. The folder lives beside the pages, is never cleared by the renderer
and is listed in ``manifest.json``. Standard library only: the renderer's process imports it.

:func:`compare` turns two records into a :class:`Change`: each assessment whose status changed,
the Belonging Index and the Sean Ellis share before and after, and the advice that is new or no
longer given. How pages word it lives in :mod:`workbook.present`.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from workbook.render.atomic import write_text_atomic

#: The history's folder name under the reports folder.
HISTORY_DIR = "history"
#: A kept record's file name: its UTC time, sortable as text.
_STAMP = "%Y%m%dT%H%M%S%fZ"


@dataclass(frozen=True)
class Kept:
    """One kept record: when it was rendered (UTC) and the company's results."""

    rendered: datetime
    record: Mapping[str, Any]

    @property
    def day(self) -> str:
        """The render's date, as pages show it (YYYY-MM-DD)."""
        return self.rendered.date().isoformat()


@dataclass(frozen=True)
class FigureChange:
    """A figure before and after (either may be None when it was not defined)."""

    label: str
    before: float | None
    after: float | None

    @property
    def difference(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class Change:
    """What differs between the previous render (``since``) and this one."""

    since: str  # the previous render's date
    statuses: tuple[tuple[str, str, str], ...] = ()  # (assessment id, before, after)
    figures: tuple[FigureChange, ...] = ()
    new_advice: tuple[str, ...] = ()
    resolved_advice: tuple[str, ...] = ()
    other: bool = False  # something else changed (a summary, a check, a figure not shown)
    assessments: tuple[str, ...] = field(default=())  # ids compared

    @property
    def count(self) -> int:
        """How many changes the pages list (to sort the portfolio by)."""
        moved = sum(1 for f in self.figures if f.difference)
        return len(self.statuses) + moved + len(self.new_advice) + len(self.resolved_advice)


def is_record_path(name: str) -> bool:
    """True for a kept record's path relative to the history folder, ``<slug>/<time>.json``
    (what a render on a private copy of the history may hand back, and nothing else)."""
    parts = name.split("/")
    if len(parts) != 2 or not all(parts) or any(part.startswith(".") for part in parts):
        return False
    try:
        datetime.strptime(parts[1], f"{_STAMP}.json")
    except ValueError:
        return False
    return "\\" not in name


def files(history_dir: str | os.PathLike[str], slugs: Sequence[str]) -> dict[str, bytes]:
    """The kept records of ``slugs`` as bytes, by path relative to ``history_dir``: what a
    render on another machine needs of the history (:class:`.snapshot.Bundle`)."""
    found = {}
    for slug in slugs:
        for path in sorted(folder(history_dir, slug).glob("*.json")):
            with contextlib.suppress(OSError):
                found[f"{slug}/{path.name}"] = path.read_bytes()
    return found


def folder(history_dir: str | os.PathLike[str], slug: str) -> Path:
    """Where one company's records are kept."""
    return Path(history_dir) / slug


def _comparable(record: Mapping[str, Any]) -> Mapping[str, Any]:
    return {key: value for key, value in record.items() if key != "rendered"}


def load(history_dir: str | os.PathLike[str] | None, slug: str) -> list[Kept]:
    """Every kept record of a company, oldest first (none when there is no history)."""
    if history_dir is None:
        return []
    kept = []
    for path in sorted(folder(history_dir, slug).glob("*.json")):
        try:
            rendered = datetime.strptime(path.stem, _STAMP).replace(tzinfo=UTC)
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a foreign or damaged file is not history
        if isinstance(record, dict):
            kept.append(Kept(rendered, record))
    return kept


def keep(
    history_dir: str | os.PathLike[str],
    slug: str,
    record: Mapping[str, Any],
    now: datetime | None = None,
) -> Path | None:
    """Keep ``record`` with the time of this render unless it equals the latest kept record;
    the path written, or None. Written atomically."""
    kept = load(history_dir, slug)
    if kept and _comparable(kept[-1].record) == _comparable(record):
        return None
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    path = folder(history_dir, slug) / f"{moment.strftime(_STAMP)}.json"
    text = json.dumps(record, ensure_ascii=False, allow_nan=False, indent=1, sort_keys=True)
    write_text_atomic(path, text + "\n")
    return path


def previous(
    history_dir: str | os.PathLike[str] | None,
    slug: str,
    current: Mapping[str, Any],
    assessments: Sequence[str] | None = None,
) -> Kept | None:
    """The most recent kept record that differs from ``current`` (only in ``assessments``, when
    given), or None when there is none: nothing to compare yet."""

    def part(record: Mapping[str, Any]) -> Any:
        if assessments is None:
            return _comparable(record)
        found = record.get("assessments") or {}
        return {key: found.get(key) for key in assessments}

    for kept in reversed(load(history_dir, slug)):
        if part(kept.record) != part(current):
            return kept
    return None


def latest(history_dir: str | os.PathLike[str] | None, slug: str) -> Kept | None:
    """The latest kept record of a company (None: never rendered with a history)."""
    kept = load(history_dir, slug)
    return kept[-1] if kept else None


def _sean_ellis(assessment: Mapping[str, Any] | None) -> float | None:
    """The Sean Ellis share of the latest survey wave that has one."""
    waves = ((assessment or {}).get("figures") or {}).get("waves") or []
    shares = [wave.get("share") for wave in waves if isinstance(wave, dict)]
    given = [share for share in shares if share is not None]
    return float(given[-1]) if given else None


def _belonging(assessment: Mapping[str, Any] | None) -> float | None:
    value = ((assessment or {}).get("figures") or {}).get("index")
    return None if value is None else float(value)


#: The figures pages follow from one render to the next: label, assessment, how to read it.
FIGURES = (
    ("Belonging Index", "belonging", _belonging),
    ("Sean Ellis share", "ttpmf", _sean_ellis),
)


def compare(
    before: Kept,
    current: Mapping[str, Any],
    assessments: Sequence[str] | None = None,
) -> Change:
    """What changed from ``before`` to ``current`` (in ``assessments`` only, when given)."""
    old = before.record.get("assessments") or {}
    new = current.get("assessments") or {}
    ids = list(assessments) if assessments is not None else list(dict.fromkeys([*new, *old]))
    statuses = tuple(
        (key, str((old.get(key) or {}).get("status")), str((new.get(key) or {}).get("status")))
        for key in ids
        if (old.get(key) or {}).get("status") != (new.get(key) or {}).get("status")
    )
    figures = tuple(
        FigureChange(label, read(old.get(key)), read(new.get(key)))
        for label, key, read in FIGURES
        if key in ids and read(old.get(key)) != read(new.get(key))
    )

    def advice(record: Mapping[str, Any]) -> list[str]:
        titles = []
        for key in ids:
            for item in (record.get(key) or {}).get("recommendations") or []:
                titles.append(str(item.get("title")))
        return list(dict.fromkeys(titles))

    old_advice, new_advice = advice(old), advice(new)
    change = Change(
        since=before.day,
        statuses=statuses,
        figures=figures,
        new_advice=tuple(t for t in new_advice if t not in old_advice),
        resolved_advice=tuple(t for t in old_advice if t not in new_advice),
        assessments=tuple(ids),
    )
    listed = change.count > 0
    differs = any(old.get(key) != new.get(key) for key in ids)
    return change if listed or not differs else _with_other(change)


def _with_other(change: Change) -> Change:
    from dataclasses import replace

    return replace(change, other=True)


def listing(out_dir: str | os.PathLike[str]) -> dict[str, list[str]]:
    """Every kept record under ``<out>/history``, by company, as paths relative to ``out_dir``
    (what the manifest lists)."""
    root = Path(out_dir) / HISTORY_DIR
    if not root.is_dir():
        return {}
    found: dict[str, list[str]] = {}
    for company in sorted(p for p in root.iterdir() if p.is_dir()):
        files = sorted(company.glob("*.json"))
        if files:
            found[company.name] = [f.relative_to(out_dir).as_posix() for f in files]
    return found
