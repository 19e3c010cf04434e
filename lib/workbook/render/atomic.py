"""Atomic file writes, leftovers of killed runs, and one run at a time per output folder.

Every file the renderer produces is written by the workbook's one atomic writer
(:mod:`workbook.atomic`), so a reader or a run killed at any moment sees the old file or the new
one, never half of one. Temporaries are named ``.wbtmp-<pid>-<final name>.<random>.tmp``
(:data:`TEMP_PREFIX`: the workbook's own, with the writing process), so a killed run's
leftovers are told from anyone else's hidden ``*.tmp`` files: the next run removes those of
processes that are gone (and its own), while it holds the folder's lock, and never touches
another program's. Standard library
only: the command's fast path imports this.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from workbook.atomic import (  # noqa: F401 (the renderer writes through these names)
    TEMP_PREFIX,
    TEMP_SUFFIX,
    write_bytes_atomic,
    write_text_atomic,
)
from workbook.errors import WorkbookError

LOCK_NAME = ".render.lock"


def remove_temporaries(folder: Path) -> list[Path]:
    """Delete the workbook's temporaries in ``folder`` and its company folders whose writer is
    gone (a killed run) or is this process; other files, hidden ``*.tmp`` ones included, stay."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    pattern = f"{TEMP_PREFIX}*{TEMP_SUFFIX}"
    for candidate in [*folder.glob(pattern), *folder.glob(f"*/{pattern}")]:
        writer = _writer(candidate.name)
        if writer is None or not candidate.is_file() or candidate.is_symlink():
            continue
        if writer != os.getpid() and _alive(writer):
            continue
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()
            removed.append(candidate)
    return removed


def _writer(name: str) -> int | None:
    """The process id in a temporary's name (None: not one of ours)."""
    pid, _, rest = name[len(TEMP_PREFIX) :].partition("-")
    return int(pid) if pid.isdigit() and rest else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


class FolderBusyError(WorkbookError, RuntimeError):
    """Another render is writing to the same output folder."""


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` for one run (advisory; released when the process
    ends, even by SIGKILL). Raises :class:`FolderBusyError` when another run holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory lock, runs are not serialised
        yield
        return
    with open(folder / LOCK_NAME, "a+b") as stream:
        try:
            fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FolderBusyError(
                f"another `workbook render` is writing to {folder}; wait for it to finish"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(stream.fileno(), fcntl.LOCK_UN)
