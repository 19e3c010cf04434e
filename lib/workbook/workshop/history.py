"""Saving a company's files safely: all or nothing, history first, changes on disk detected.

Every save of the workshop editors goes through :func:`save_files`:

1. **Changes on disk**: with ``loaded`` (file → fingerprint the caller last saw), a file whose
   content has changed since stops the save with :class:`ConflictError` unless ``force``.
2. **History**: the current version of every file about to be replaced is copied into the
   company folder's ``.history/`` first, named with the time of the save to the microsecond
   (``features.20260322T101502.123456.csv``). A backup is written to a temporary file, synced,
   then linked under a name no other backup has (``…-2.csv`` for a second one in the same
   instant): a killed save never leaves an empty or half-written backup.
3. **All or nothing over several files**: the new content of every file is written to a
   temporary file (prefix ``.wbsave-<pid>-``) and synced, then the folder is synced, then a
   small journal naming them is written to ``.history/``; only then are the temporaries renamed
   over the files and the journal removed. A save killed before its journal exists is rolled
   back by the next :func:`recover` (its temporaries removed); one killed after is completed.
4. **Failures said with the file**: a write that fails (a full disk) raises :class:`SaveError`
   naming the file; nothing is changed and no temporary is left behind.

Each completed save is recorded in ``.history/saves.jsonl`` (the editor, and per file the
backup and the fingerprint written), which :func:`last_save` reads for *Undo last save*.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from workbook.atomic import _file_mode
from workbook.errors import WorkbookError

#: The folder, inside a company folder, that keeps every replaced version of its files.
HISTORY_DIR = ".history"
#: The prefix of every temporary file a save writes (the process id follows).
TEMP_PREFIX = ".wbsave-"
#: The prefix of a save's journal in ``.history/`` (process id and time follow).
JOURNAL_PREFIX = ".journal-"
#: The record of completed saves, one JSON object a line, in ``.history/``.
SAVES_LOG = "saves.jsonl"
#: Saves running in this process (their journals are not stale).
_running: set[str] = set()


def fingerprint(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, or None when there is no file."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def fingerprints(folder: Path, names: tuple[str, ...] | list[str]) -> dict[str, str | None]:
    """The fingerprint of each named file of ``folder`` (None for a missing one)."""
    return {name: fingerprint(Path(folder) / name) for name in names}


class ConflictError(WorkbookError):
    """Files that changed on disk since they were loaded: saving would overwrite someone's work."""

    def __init__(self, files: tuple[str, ...]) -> None:
        super().__init__(f"changed on disk since they were loaded: {', '.join(files)}")
        self.files = files


class SaveError(WorkbookError):
    """A save that could not write a file (e.g. a full disk): nothing was changed."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"could not write {file}: {reason}")
        self.file = file
        self.reason = reason


@dataclass(frozen=True)
class Saved:
    """What one save did: the files written, the backups made, and the new fingerprints."""

    written: tuple[str, ...]
    backups: tuple[Path, ...]
    fingerprints: Mapping[str, str | None]
    #: Each written file's backup (None for a file that did not exist before).
    before: Mapping[str, Path | None] = field(default_factory=dict)


def changed_on_disk(folder: Path, loaded: Mapping[str, str | None]) -> tuple[str, ...]:
    """The files of ``loaded`` (name → fingerprint when loaded) whose content has changed since."""
    return tuple(name for name, seen in loaded.items() if fingerprint(Path(folder) / name) != seen)


def backup(path: Path, when: datetime | None = None) -> Path | None:
    """Copy ``path`` into its folder's ``.history/`` under a name that no other backup has.

    The name carries the file's stem, the time (``YYYYMMDDTHHMMSS.ffffff``, local time) and its
    suffix; when that name is taken (two saves in one instant) ``-2``, ``-3``, … is added. The
    copy is written and synced under a temporary name, then hard-linked to the backup name (which
    fails when the name exists), so a backup is complete or absent. Returns the backup's path, or
    None when there is no file to keep.
    """
    path = Path(path)
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        return None
    folder = path.parent / HISTORY_DIR
    folder.mkdir(exist_ok=True)
    stamp = (when or datetime.now()).strftime("%Y%m%dT%H%M%S.%f")
    temporary = _write_temporary(folder, path.name, content, 0o644)
    try:
        for attempt in itertools.count(1):
            tail = "" if attempt == 1 else f"-{attempt}"
            target = folder / f"{path.stem}.{stamp}{tail}{path.suffix}"
            try:
                _publish(temporary, target)
            except FileExistsError:
                continue
            _fsync_dir(folder)
            return target
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    raise AssertionError("unreachable")  # pragma: no cover


def stash(folder: Path, name: str, text: str) -> Path:
    """Keep entries that were never saved (``unsaved-<stem>.<time><suffix>`` in ``.history/``),
    so that a reload never loses them; the copy's path."""
    history_dir = Path(folder) / HISTORY_DIR
    history_dir.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S.%f")
    stem, suffix = Path(name).stem, Path(name).suffix
    temporary = _write_temporary(history_dir, name, text.encode(), 0o644)
    try:
        for attempt in itertools.count(1):
            tail = "" if attempt == 1 else f"-{attempt}"
            target = history_dir / f"unsaved-{stem}.{stamp}{tail}{suffix}"
            try:
                _publish(temporary, target)
            except FileExistsError:
                continue
            return target
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    raise AssertionError("unreachable")  # pragma: no cover


def _publish(temporary: Path, target: Path) -> None:
    """Give a complete temporary file the name ``target``, failing with FileExistsError when
    the name is taken: a hard link, or (where the file system has none) a rename after a check."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (some network and USB file systems)
        if target.exists():
            raise FileExistsError(target) from None
        os.rename(temporary, target)


def _write_temporary(folder: Path, name: str, content: bytes, mode: int) -> Path:
    """Write ``content`` to a new temporary file of ``folder`` (synced); its path.

    A failed write removes the temporary and raises :class:`SaveError` naming ``name``.
    """
    stamp = datetime.now().strftime("%H%M%S%f")
    for attempt in itertools.count():
        temporary = folder / f"{TEMP_PREFIX}{os.getpid()}-{stamp}-{attempt}-{name}"
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            break
        except FileExistsError:
            continue
        except OSError as exc:
            raise SaveError(name, exc.strerror or str(exc)) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fchmod(stream.fileno(), mode)
            os.fsync(stream.fileno())
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise SaveError(name, exc.strerror or str(exc)) from exc
    return temporary


def _fsync_dir(folder: Path) -> None:
    """Sync a folder's entries (the renames and links made in it) to disk."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


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
    texts: Mapping[str, str | None],
    loaded: Mapping[str, str | None] | None = None,
    *,
    force: bool = False,
    editor: str = "",
) -> Saved:
    """Write ``texts`` (file name → new content; None removes the file) into ``folder``, all
    or nothing (see the module docstring).

    With ``loaded`` (file name → fingerprint when the caller loaded it) a file whose content
    differs now raises :class:`ConflictError` (nothing written) unless ``force``. Every existing
    file is backed up before any file is written; a file whose content is already the new one is
    left alone. A failed write raises :class:`SaveError` and changes nothing.
    """
    folder = Path(folder)
    recover(folder)
    if loaded is not None and not force:
        conflicts = changed_on_disk(folder, {name: loaded.get(name) for name in texts})
        if conflicts:
            raise ConflictError(conflicts)
    changed = {
        name: text
        for name, text in texts.items()
        if fingerprint(folder / name) != (None if text is None else _digest(text.encode()))
    }
    if not changed:
        return Saved((), (), fingerprints(folder, list(texts)))
    history_dir = folder / HISTORY_DIR
    when = datetime.now()
    token = f"{os.getpid()}-{when.strftime('%Y%m%dT%H%M%S%f')}"
    journal = history_dir / f"{JOURNAL_PREFIX}{token}.json"
    temporaries: dict[str, Path] = {}
    before: dict[str, Path | None] = {}
    _running.add(journal.name)
    try:
        try:
            history_dir.mkdir(exist_ok=True)
        except OSError as exc:
            raise SaveError(HISTORY_DIR, exc.strerror or str(exc)) from exc
        current = HISTORY_DIR
        try:
            for name in changed:
                current = name
                before[name] = backup(folder / name, when)
            for name, text in changed.items():
                current = name
                if text is not None:
                    mode = _file_mode(folder / name)
                    temporaries[name] = _write_temporary(folder, name, text.encode(), mode)
            _fsync_dir(folder)
            plan = {
                name: {
                    "temporary": temporaries[name].name if name in temporaries else None,
                    "sha256": None if text is None else _digest(text.encode()),
                }
                for name, text in changed.items()
            }
            content = json.dumps({"files": plan}).encode()
            kept = _write_temporary(history_dir, journal.name, content, 0o644)
            current = HISTORY_DIR
            os.replace(kept, journal)
            _fsync_dir(history_dir)
        except OSError as exc:  # a full disk, a read-only folder: said with the file
            _discard(temporaries, before)
            raise SaveError(current, exc.strerror or str(exc)) from exc
        except BaseException:
            _discard(temporaries, before)
            raise
        _apply(folder, journal)
    finally:
        _running.discard(journal.name)
    _record(folder, editor, when, changed, before)
    backups = tuple(path for path in before.values() if path is not None)
    return Saved(tuple(changed), backups, fingerprints(folder, list(texts)), before)


def _discard(temporaries: Mapping[str, Path], backups: Mapping[str, Path | None]) -> None:
    """Remove what a save that did not happen wrote: its temporaries and its backups."""
    for path in [*temporaries.values(), *backups.values()]:
        if path is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)


def _apply(folder: Path, journal: Path) -> None:
    """Complete the save a journal describes: rename its temporaries, then drop the journal."""
    plan = json.loads(journal.read_text(encoding="utf-8"))["files"]
    for name, step in plan.items():
        target = folder / name
        if step["temporary"] is None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)
            continue
        temporary = folder / step["temporary"]
        if temporary.exists():
            os.replace(temporary, target)
    _fsync_dir(folder)
    journal.unlink()
    _fsync_dir(journal.parent)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stale(name: str, prefix: str) -> bool:
    """Whether a temporary or journal (``<prefix><pid>-…``) belongs to no running save."""
    pid_text = name.removeprefix(prefix).split("-", 1)[0]
    if not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return not _running
    return not _alive(pid)


def recover(folder: Path) -> list[str]:
    """Finish or undo the saves of ``folder`` that a killed process left half done.

    A save whose journal exists is completed (its temporaries renamed over the files); the
    temporaries of a save killed before its journal was written are removed, so the files keep
    their previous content. Only this workbook's own temporaries of dead processes are touched.
    Returns the files a completed save wrote.
    """
    folder = Path(folder)
    completed: list[str] = []
    history_dir = folder / HISTORY_DIR
    if history_dir.is_dir():
        for journal in sorted(history_dir.glob(f"{JOURNAL_PREFIX}*.json")):
            if not _stale(journal.name, JOURNAL_PREFIX):
                continue
            try:
                plan = json.loads(journal.read_text(encoding="utf-8"))["files"]
            except (ValueError, KeyError, OSError):
                journal.unlink(missing_ok=True)
                continue
            _apply(folder, journal)
            completed.extend(plan)
    for place in (folder, history_dir):
        if not place.is_dir():
            continue
        for temporary in place.glob(f"{TEMP_PREFIX}*"):
            if _stale(temporary.name, TEMP_PREFIX):
                temporary.unlink(missing_ok=True)
    return completed


# ----------------------------------------------------------------------------------------------
# The record of saves, for Undo last save
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveRecord:
    """One completed save: which editor, when, and per file its backup and new fingerprint."""

    editor: str
    when: str
    files: Mapping[str, tuple[str | None, str | None]]  # name → (backup name, sha256 written)


def _record(
    folder: Path,
    editor: str,
    when: datetime,
    changed: Mapping[str, str | None],
    before: Mapping[str, Path | None],
) -> None:
    files = {
        name: [
            before[name].name if before.get(name) is not None else None,  # type: ignore[union-attr]
            None if text is None else _digest(text.encode()),
        ]
        for name, text in changed.items()
    }
    line = json.dumps({"editor": editor, "when": when.isoformat(), "files": files})
    log = Path(folder) / HISTORY_DIR / SAVES_LOG
    # the save itself is done: a failure here only leaves undo without this save
    with contextlib.suppress(OSError), open(log, "a", encoding="utf-8") as stream:
        stream.write(line + "\n")
        stream.flush()
        os.fsync(stream.fileno())


def saves(folder: Path) -> Iterator[SaveRecord]:
    """The completed saves of a company folder, oldest first (unreadable lines skipped)."""
    path = Path(folder) / HISTORY_DIR / SAVES_LOG
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
            files = {name: (pair[0], pair[1]) for name, pair in entry["files"].items()}
            yield SaveRecord(str(entry["editor"]), str(entry["when"]), files)
        except (ValueError, KeyError, TypeError, IndexError):
            continue


def last_save(folder: Path, editor: str) -> SaveRecord | None:
    """The latest save one editor made in a company folder, or None."""
    found = None
    for record in saves(folder):
        if record.editor == editor:
            found = record
    return found


def version(folder: Path, name: str, sha256: str | None) -> str | None:
    """The text a file had when its content's fingerprint was ``sha256``: the file itself, or
    the backup in ``.history/`` with that content; None when no copy is left."""
    if sha256 is None:
        return None
    candidates = [Path(folder) / name, *reversed(history(folder, name))]
    for path in candidates:
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            continue
        if _digest(content) == sha256:
            return content.decode("utf-8")
    return None


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
