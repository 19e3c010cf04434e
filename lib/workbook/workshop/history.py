"""Saving a company's files safely: history first, atomic writes, changes on disk detected.

Every save of the workshop editors goes through :func:`save_files`:

1. **Changes on disk**: each file's content was fingerprinted when the editor loaded it; a file
   whose content has changed since (another notebook, a spreadsheet, a colleague) stops the save
   with :class:`ConflictError` unless the caller says to save anyway.
2. **History**: the current version of every file about to be replaced is copied into the
   company folder's ``.history/`` first, named with the time of the save to the microsecond
   (``features.20260322T101502.123456.csv``). The name is reserved with an exclusive create, so
   two saves in the same instant get two backups (``…-2.csv``), never one overwriting the other.
3. **Atomic writes**: each file is written to a temporary file in the same folder and renamed
   over the old one (:func:`workbook.io.write_text_atomic`): a reader sees the old or the new
   file, never half of one.

Nothing is written when a backup fails, so what a team typed before is always somewhere.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from workbook.io import write_text_atomic

#: The folder, inside a company folder, that keeps every replaced version of its files.
HISTORY_DIR = ".history"


def fingerprint(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, or None when there is no file."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def fingerprints(folder: Path, names: tuple[str, ...] | list[str]) -> dict[str, str | None]:
    """The fingerprint of each named file of ``folder`` (None for a missing one)."""
    return {name: fingerprint(Path(folder) / name) for name in names}


class ConflictError(Exception):
    """Files that changed on disk since they were loaded: saving would overwrite someone's work."""

    def __init__(self, files: tuple[str, ...]) -> None:
        super().__init__(f"changed on disk since they were loaded: {', '.join(files)}")
        self.files = files


@dataclass(frozen=True)
class Saved:
    """What one save did: the files written, the backups made, and the new fingerprints."""

    written: tuple[str, ...]
    backups: tuple[Path, ...]
    fingerprints: Mapping[str, str | None]


def changed_on_disk(folder: Path, loaded: Mapping[str, str | None]) -> tuple[str, ...]:
    """The files of ``loaded`` (name → fingerprint when loaded) whose content has changed since."""
    return tuple(name for name, seen in loaded.items() if fingerprint(Path(folder) / name) != seen)


def backup(path: Path, when: datetime | None = None) -> Path | None:
    """Copy ``path`` into its folder's ``.history/`` under a name that no other backup has.

    The name carries the file's stem, the time (``YYYYMMDDTHHMMSS.ffffff``, local time) and its
    suffix; when that name is taken (two saves in one instant) ``-2``, ``-3``, … is added. The
    name is reserved with an exclusive create, so concurrent savers cannot take the same one.
    Returns the backup's path, or None when there is no file to keep.
    """
    path = Path(path)
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        return None
    folder = path.parent / HISTORY_DIR
    folder.mkdir(exist_ok=True)
    stamp = (when or datetime.now()).strftime("%Y%m%dT%H%M%S.%f")
    for attempt in itertools.count(1):
        tail = "" if attempt == 1 else f"-{attempt}"
        target = folder / f"{path.stem}.{stamp}{tail}{path.suffix}"
        try:
            handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        return target
    raise AssertionError("unreachable")  # pragma: no cover


def history(folder: Path, name: str) -> list[Path]:
    """The backups of one file of a company folder, oldest first."""
    stem, suffix = Path(name).stem, Path(name).suffix
    root = Path(folder) / HISTORY_DIR
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if p.name.startswith(f"{stem}.") and p.suffix == suffix]
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name))


def save_files(
    folder: Path,
    texts: Mapping[str, str],
    loaded: Mapping[str, str | None],
    *,
    force: bool = False,
) -> Saved:
    """Write ``texts`` (file name → new content) into ``folder`` safely.

    ``loaded`` maps each file name to its fingerprint when the caller loaded it; a file whose
    content differs now raises :class:`ConflictError` (nothing written) unless ``force``. Every
    existing file is backed up before any file is written; a file whose content is already
    ``text`` is left alone.
    """
    folder = Path(folder)
    if not force:
        conflicts = changed_on_disk(folder, {name: loaded.get(name) for name in texts})
        if conflicts:
            raise ConflictError(conflicts)
    changed = {
        name: text
        for name, text in texts.items()
        if fingerprint(folder / name) != _digest(text.encode("utf-8"))
    }
    when = datetime.now()
    backups = tuple(kept for name in changed if (kept := backup(folder / name, when)) is not None)
    for name, text in changed.items():
        write_text_atomic(folder / name, text)  # keeps the replaced file's permissions
    return Saved(tuple(changed), backups, fingerprints(folder, list(texts)))


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
