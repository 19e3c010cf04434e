"""Render from a snapshot: each input read once, as a regular file inside the data folder.

A run reads the files the data contract names for a company (the registry's inputs, which
include ``company.yaml``, ``team_assessment.yaml`` and the instrument) into memory once
(:class:`Snapshot`); render keys are hashed from exactly those bytes, and validations and
renders run on a private copy of them (:func:`unpacked`), on a local worker as on a Dask
worker. A file rewritten during the run therefore never gives a page a key it was not made
from: the next run sees the new bytes and renders again.

Only regular files are read, opened without blocking (a named pipe or a device is refused, never
waited on), and a symlink is followed only when it stays inside the data folder; anything else
is an :class:`UnsafeInputError` naming the file and what was expected. Nothing else in a
company folder (unrelated files, ``.history/``) is read or shipped.

Standard library only (the command's fast path imports this); :func:`render_bundle` and
:func:`check_bundle`, which run on the workers, import the heavy modules they need.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from workbook.errors import WorkbookError
from workbook.render.manifest import DigestCache
from workbook.render.tasks import CompanyCheck, RenderResult, RenderTask


class UnsafeInputError(WorkbookError, ValueError):
    """An input that must not be read: not a regular file, or a symlink leaving the data
    folder."""


def read_regular(path: Path, root: Path) -> bytes | None:
    """The bytes of ``path`` (None when it does not exist), refusing with
    :class:`UnsafeInputError` a path that resolves outside ``root`` (through a symlink) and
    anything but a regular file. Opened with ``O_NONBLOCK``, so a named pipe never hangs."""
    try:
        resolved = path.resolve(strict=True)
    except FileNotFoundError:
        if path.is_symlink():
            raise UnsafeInputError(
                f"{path}: a symlink to a file that does not exist; expected a regular file"
            ) from None
        return None
    except (OSError, RuntimeError) as exc:  # a symlink loop, a folder we may not enter
        raise UnsafeInputError(
            f"{path}: cannot be resolved ({exc}); expected a regular file"
        ) from None
    real_root = Path(root).resolve()
    if resolved != real_root and real_root not in resolved.parents:
        raise UnsafeInputError(
            f"{path}: a symlink to {resolved}, outside the data folder {real_root}; "
            "expected a regular file inside it (copy the file in instead)"
        )
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(resolved, flags)
    except IsADirectoryError:
        raise UnsafeInputError(f"{path}: a folder; expected a regular file") from None
    except FileNotFoundError:
        return None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise UnsafeInputError(f"{path}: {_kind(mode)}; expected a regular file")
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            return stream.read()
    finally:
        os.close(descriptor)


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return name
    return "not a regular file"


class Snapshot(DigestCache):
    """The run's inputs, each read once: its digests (for render keys, as a
    :class:`~workbook.render.manifest.DigestCache`) and its bytes (for :class:`Bundle`).

    Paths inside ``root`` are read with :func:`read_regular` (a refusal is kept and raised
    again by :meth:`problems`); others (the notebooks) as plain files."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = Path(os.path.normpath(root))
        self._bytes: dict[Path, bytes | None] = {}
        self._refused: dict[Path, str] = {}

    def read(self, path: Path) -> bytes | None:
        """The bytes of ``path`` as this run sees them (None: absent or refused)."""
        path = Path(os.path.normpath(path))
        if path not in self._bytes and path not in self._refused:
            try:
                if self._inside(path):
                    self._bytes[path] = read_regular(path, self.root)
                else:
                    self._bytes[path] = path.read_bytes() if path.is_file() else None
            except UnsafeInputError as exc:
                self._refused[path] = str(exc)
        return self._bytes.get(path)

    def __call__(self, path: Path) -> str | None:
        path = Path(os.path.normpath(path))
        if path in self._refused:
            return "refused"
        content = self.read(path)
        if path in self._refused:
            return "refused"
        return None if content is None else hashlib.sha256(content).hexdigest()

    def _inside(self, path: Path) -> bool:
        return path == self.root or self.root in path.parents

    def problems(self, paths: Iterable[Path]) -> list[str]:
        """Why each of these paths was refused (read them first)."""
        found = []
        for path in paths:
            path = Path(os.path.normpath(path))
            self.read(path)
            if path in self._refused:
                found.append(self._refused[path])
        return found

    def company_paths(self, slug: str, inputs: Iterable[str]) -> list[Path]:
        """The paths of a company's inputs (relative names as the registry gives them)."""
        folder = self.root / "companies" / slug
        return [Path(os.path.normpath(folder / name)) for name in dict.fromkeys(inputs)]

    def digest_of(self, paths: Iterable[Path]) -> str:
        """One SHA-256 over these files' names and digests (a company's validation key)."""
        parts = {
            Path(path).relative_to(self.root).as_posix(): self(path)
            for path in sorted({Path(os.path.normpath(p)) for p in paths})
        }
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()

    def files(self, paths: Iterable[Path]) -> dict[str, bytes]:
        """The present, readable files among ``paths``, by posix path relative to the root."""
        found = {}
        for path in sorted({Path(os.path.normpath(p)) for p in paths}):
            content = self.read(path)
            if content is not None:
                found[path.relative_to(self.root).as_posix()] = content
        return found


# -- a task's inputs, shipped as bytes -----------------------------------------------------------


@dataclass(frozen=True)
class Bundle:
    """A task's inputs as bytes: ``files`` by path relative to the client's data folder
    ``root`` (``companies/<slug>/<file>``, ``instruments/<file>``), the notebook, and the
    results earlier renders kept (``history``, by path under the reports' ``history/``: what
    the pages compare with)."""

    root: str
    files: Mapping[str, bytes] = field(default_factory=dict)
    notebook: bytes = b""
    history: Mapping[str, bytes] = field(default_factory=dict)

    @property
    def size(self) -> int:
        shipped = [*self.files.values(), *self.history.values()]
        return sum(map(len, shipped)) + len(self.notebook)


def without_outputs(notebook: bytes) -> bytes:
    """A notebook without its code cells' outputs and execution counts, which papermill clears
    before it runs a notebook anyway: a committed notebook ships at a fraction of its size."""
    document = json.loads(notebook)
    for cell in document.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


#: Prefix of the private folders a task unpacks its inputs into.
TASK_FOLDER_PREFIX = "workbook-task-"


@contextlib.contextmanager
def unpacked(bundle: Bundle, notebook_name: str = "", scratch: str | None = None) -> Iterator[Path]:
    """A private folder (mode 0700) holding ``data/`` (the bundle's files),
    ``notebooks/<name>``, ``history/`` (the kept results) and an empty ``out/``; deleted
    afterwards. ``scratch``: the folder to make it in (a Dask worker's own directory, which
    Dask clears when a dead worker is replaced; default the system's temporary folder)."""
    folder = Path(tempfile.mkdtemp(prefix=TASK_FOLDER_PREFIX, dir=scratch))
    try:
        data = folder / "data"
        (data / "companies").mkdir(parents=True)
        (folder / "history").mkdir()
        shipped = [(data, name, content) for name, content in bundle.files.items()]
        shipped += [(folder / "history", name, content) for name, content in bundle.history.items()]
        for base, name, content in shipped:
            relative = PurePosixPath(name)
            if relative.is_absolute() or ".." in relative.parts:
                raise ValueError(f"refusing a file outside the data folder: {name!r}")
            target = base.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        if notebook_name:
            (folder / "notebooks").mkdir()
            (folder / "notebooks" / notebook_name).write_bytes(bundle.notebook)
        (folder / "out").mkdir()
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check_bundle(slug: str, bundle: Bundle, scratch: str | None = None) -> CompanyCheck:
    """:func:`.tasks.check_company` on the bundle's files, its messages naming the client's
    folder."""
    from workbook.render import tasks

    with unpacked(bundle, scratch=scratch) as folder:
        check = tasks.check_company(slug, folder / "data")
        moved = {str(folder / "data"): bundle.root}
    return replace(
        check,
        errors=tuple(moved_text(error, moved) for error in check.errors),
        infrastructure=moved_text(check.infrastructure, moved),
    )


def render_bundle(
    task: RenderTask, bundle: Bundle, worker: str = "", scratch: str | None = None
) -> RenderResult:
    """:func:`.tasks.render` on the bundle's files, into a private folder; the result carries
    the files it wrote and the results it kept for the history (as bytes, written by
    :func:`.tasks.deliver`) and names the client's paths, as if rendered from them."""
    from workbook.render import history, tasks

    with unpacked(bundle, task.notebook.name, scratch) as folder:
        here = replace(
            task,
            notebook=folder / "notebooks" / task.notebook.name,
            data_dir=folder / "data",
            out_dir=folder / "out",
            parameters=_moved_parameters(task.parameters, folder / "data", folder / "history"),
        )
        result = tasks.render(here)
        slugs = [path.name for path in (folder / "history").iterdir() if path.is_dir()]
        kept = {
            name: content
            for name, content in history.files(folder / "history", slugs).items()
            if bundle.history.get(name) != content
        }
        files = {}
        for path in sorted(here.folder.glob("*")):
            if path.is_file() and not path.name.startswith("."):
                content = path.read_bytes()
                if path.suffix == ".ipynb":
                    content = _as_on_client(content, task)
                files[path.name] = content
        moved = {str(here.notebook): str(task.notebook), str(here.data_dir): str(task.data_dir)}
        moved[str(here.out_dir)] = str(task.out_dir)
    client_path = {here.html_path: task.html_path, here.ipynb_path: task.ipynb_path}
    client_path[here.failed_path] = task.failed_path
    error = result.error
    if error is not None:
        error = replace(error, evalue=moved_text(error.evalue, moved))
    return replace(
        result,
        message=moved_text(result.message, moved),
        error=error,
        html=client_path.get(result.html) if result.html else None,
        ipynb=client_path.get(result.ipynb) if result.ipynb else None,
        worker=worker or result.worker,
        files=files,
        history=kept or None,
    )


def _moved_parameters(
    parameters: Mapping[str, Any] | None, root: Path, history_dir: Path
) -> Mapping[str, Any] | None:
    """A task's own parameters with its ``data_dir`` and ``history_dir`` pointing at the
    unpacked copies."""
    if parameters is None:
        return parameters
    moved = dict(parameters)
    if moved.get("data_dir"):
        moved["data_dir"] = str(root)
    if moved.get("history_dir"):
        moved["history_dir"] = str(history_dir)
    return moved


def moved_text(text: str, moved: Mapping[str, str]) -> str:
    """``text`` with each private path replaced by the client's."""
    for private, client in moved.items():
        text = text.replace(private, client)
    return text


def _as_on_client(content: bytes, task: RenderTask) -> bytes:
    """The executed notebook as a render from the client's folders writes it: papermill's
    injected parameters cell and metadata name the client's data folder and notebook."""
    import nbformat
    from papermill.translators import translate_parameters

    from workbook.render import tasks

    nb = nbformat.reads(content.decode("utf-8"), as_version=4)
    parameters = task.notebook_parameters()
    metadata = nb.metadata.get("papermill")
    if metadata is not None:
        metadata["input_path"] = str(task.notebook)
        metadata["parameters"] = parameters
    language = nb.metadata.get("kernelspec", {}).get("language", "python")
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = translate_parameters(
                tasks.KERNEL_NAME, language, parameters, "Parameters"
            )
    return nbformat.writes(nb).encode("utf-8")
