"""The workbook's one atomic file writer: readers see the old content or the new, never half.

A file is written under a temporary name in its final folder, flushed and synced to disk, renamed
over the final name (atomic within one folder on POSIX), and the folder is synced so that the
rename itself survives a crash. The new file keeps the permissions of the file it replaces; a new
file gets the usual permissions under the process umask (not the private ones of a temporary).
Temporaries are named ``.wbtmp-<pid>-<final name>.<random>.tmp`` (:data:`TEMP_PREFIX`), so that
a killed run's leftovers can be told from anyone else's files (see
``workbook.render.atomic.remove_temporaries``). Standard library only.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

#: Temporary files are ``.wbtmp-<pid>-<final name>.<random>.tmp`` beside the final file.
TEMP_PREFIX = ".wbtmp-"
TEMP_SUFFIX = ".tmp"


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new content, never a mix."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _file_mode(path)
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f"{TEMP_PREFIX}{os.getpid()}-{path.name}.", suffix=TEMP_SUFFIX
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fchmod(stream.fileno(), mode)
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _sync_folder(path.parent)


def write_text_atomic(path: Path, text: str) -> None:
    """:func:`write_bytes_atomic` for UTF-8 text with ``\\n`` line ends."""
    write_bytes_atomic(path, text.encode("utf-8"))


def _file_mode(path: Path) -> int:
    """The permission bits a replacement of ``path`` should have: its own, else the umask's."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (the rename) to disk; a no-op where folders cannot be opened."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)
