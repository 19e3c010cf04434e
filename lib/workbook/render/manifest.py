"""What was rendered from what: render keys and the manifest that makes re-runs incremental.

A render's key is a SHA-256 over everything its pages are made from: the content of each input
file the registry lists for the assessment (a missing file hashes as absent), the notebook, the
``workbook`` package's source files (library, renderer and template, so an edit anywhere
re-renders) and the versions of the packages that shape the output. ``<out>/manifest.json``
records the key of each page that was written; a render whose key and files are unchanged is
skipped. Standard library only, so that an all-up-to-date run never imports pandas.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from workbook.render.atomic import write_text_atomic

MANIFEST_NAME = "manifest.json"
#: Bump when the page layout changes in a way the package sources do not show.
RENDER_FORMAT = 1
PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: Packages whose version changes the executed notebook or the page.
OUTPUT_PACKAGES = ("altair", "vl-convert-python", "nbconvert", "papermill", "pandas", "numpy")
_SOURCE_SUFFIXES = {".py", ".j2", ".json", ".css", ".yaml", ".typed"}


@dataclass(frozen=True)
class Entry:
    """One rendered page as the manifest records it (paths relative to the output folder)."""

    key: str
    html: str
    ipynb: str
    seconds: float


def file_digest(path: Path) -> str | None:
    """SHA-256 of a file's bytes, or None when there is no such file."""
    try:
        with open(path, "rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


@cache
def library_digest(package_dir: Path = PACKAGE_DIR) -> str:
    """SHA-256 over the package's source files (names and bytes) and the output packages'
    versions: the "library version" of a render, more honest than ``__version__``."""
    digest = hashlib.sha256()
    files = sorted(
        path
        for path in package_dir.rglob("*")
        if path.is_file() and path.suffix in _SOURCE_SUFFIXES and "__pycache__" not in path.parts
    )
    for path in files:
        digest.update(path.relative_to(package_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    for name in OUTPUT_PACKAGES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}=={version}\0".encode())
    return digest.hexdigest()


class DigestCache:
    """File digests computed once per run (company.yaml feeds every assessment)."""

    def __init__(self) -> None:
        self._digests: dict[Path, str | None] = {}

    def __call__(self, path: Path) -> str | None:
        path = Path(os.path.normpath(path))
        if path not in self._digests:
            self._digests[path] = file_digest(path)
        return self._digests[path]


def render_key(
    company_dir: Path,
    inputs: Iterable[str],
    notebook: Path,
    digests: DigestCache | None = None,
) -> str:
    """The key of one render: inputs (relative to the company folder), notebook, library."""
    digests = digests or DigestCache()
    parts: dict[str, Any] = {
        "format": RENDER_FORMAT,
        "inputs": {name: digests(company_dir / name) for name in sorted(set(inputs))},
        "notebook": digests(notebook),
        "library": library_digest(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


class Manifest:
    """``<out>/manifest.json``: ``{"format": 1, "renders": {"<slug>/<id>": Entry}}``."""

    def __init__(self, out_dir: Path, entries: Mapping[str, Entry] | None = None) -> None:
        self.out_dir = out_dir
        self.entries: dict[str, Entry] = dict(entries or {})

    @property
    def path(self) -> Path:
        return self.out_dir / MANIFEST_NAME

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """Read the manifest; a missing, unreadable or foreign one counts as empty (all stale)."""
        try:
            document = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
            entries = {
                name: Entry(**fields)
                for name, fields in document["renders"].items()
                if document.get("format") == RENDER_FORMAT
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            entries = {}
        return cls(out_dir, entries)

    @staticmethod
    def name(slug: str, assessment_id: str) -> str:
        return f"{slug}/{assessment_id}"

    def is_current(self, slug: str, assessment_id: str, key: str) -> bool:
        """The page was rendered from exactly these inputs and both its files are still there."""
        entry = self.entries.get(self.name(slug, assessment_id))
        return (
            entry is not None
            and entry.key == key
            and (self.out_dir / entry.html).is_file()
            and (self.out_dir / entry.ipynb).is_file()
        )

    def record(self, slug: str, assessment_id: str, entry: Entry) -> None:
        self.entries[self.name(slug, assessment_id)] = entry

    def forget(self, slug: str, assessment_id: str) -> None:
        self.entries.pop(self.name(slug, assessment_id), None)

    def save(self) -> None:
        """Write the manifest atomically (a killed run leaves the previous one)."""
        document = {
            "format": RENDER_FORMAT,
            "renders": {name: asdict(entry) for name, entry in sorted(self.entries.items())},
        }
        write_text_atomic(self.path, json.dumps(document, indent=1, sort_keys=True) + "\n")
