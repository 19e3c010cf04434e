"""What was rendered from what: render keys and the manifest that makes re-runs incremental.

A render's key is a SHA-256 over everything its pages are made from: the content of each input
file the registry lists for the assessment (a missing file hashes as absent), the notebook, the
``workbook`` package's source files (library, renderer and template, so an edit anywhere
re-renders) and the versions of the packages that shape the output. The portfolio's key
(:func:`portfolio_key`) covers its notebook, the library, every company's input files, the list
of companies and the renders that failed. ``<out>/manifest.json`` records the key of each page
that was written, and why the pages that failed did (kept until they render, so that a run over
some companies still tells the portfolio about the others); a render whose key and files are
unchanged is skipped. Standard library only, so that an all-up-to-date run never imports pandas.
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
    """One rendered page as the manifest records it (paths relative to the output folder;
    ``worker``: who rendered it, a Dask worker's address or ``<host> pid <pid>``; empty in
    manifests written before it was recorded)."""

    key: str
    html: str
    ipynb: str
    seconds: float
    worker: str = ""


@dataclass(frozen=True)
class Validation:
    """A company's validation as the manifest remembers it: ``key`` (:func:`validation_key`,
    over the bytes of every input the contract names and the library), its errors (none:
    valid), its warnings and its name. An unchanged company is judged from this without
    starting a worker."""

    key: str
    errors: tuple[str, ...] = ()
    warnings: int = 0
    name: str | None = None


def validation_key(inputs_digest: str) -> str:
    """The key of a validation: the digest of a company's inputs and the library's."""
    parts = {"format": RENDER_FORMAT, "inputs": inputs_digest, "library": library_digest()}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def file_digest(path: Path) -> str | None:
    """SHA-256 of a file's bytes, or None when there is no such file."""
    try:
        with open(path, "rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


@cache
def library_digest(package_dir: Path = PACKAGE_DIR) -> str:
    """SHA-256 over the package's source files (names and bytes), the output packages'
    versions and the registered plug-ins (:func:`workbook.registry.plugins_digest`): the
    "library version" of a render, more honest than ``__version__``."""
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
    from workbook import registry  # plug-in assessments live outside the package

    digest.update(registry.plugins_digest().encode())
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


def portfolio_key(
    companies_dir: Path,
    slugs: Iterable[str],
    inputs: Iterable[str],
    notebook: Path,
    failed: Mapping[str, str],
    digests: DigestCache | None = None,
) -> str:
    """The key of the portfolio: every company's inputs (relative to its folder), the list of
    companies, the failures it reports (slug → reason), the notebook and the library."""
    digests = digests or DigestCache()
    names = sorted(set(inputs))
    parts: dict[str, Any] = {
        "format": RENDER_FORMAT,
        "companies": {
            slug: {name: digests(companies_dir / slug / name) for name in names}
            for slug in sorted(slugs)
        },
        "failed": dict(sorted(failed.items())),
        "notebook": digests(notebook),
        "library": library_digest(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


class Manifest:
    """``<out>/manifest.json``: ``{"format": 1, "renders": {"<slug>/<id>": Entry}, "failures":
    {"<slug>/<id>" or "<slug>": reason}, "validations": {"<slug>": Validation}, "portfolio":
    {"data_dir": ..., "companies": [...]}}`` (a page of the whole folder is named by its id; a
    failure named by a slug alone is a company whose data kept it from rendering; the portfolio
    record says which data folder and companies the last portfolio was made from)."""

    def __init__(
        self,
        out_dir: Path,
        entries: Mapping[str, Entry] | None = None,
        failures: Mapping[str, str] | None = None,
        validations: Mapping[str, Validation] | None = None,
        portfolio: Mapping[str, Any] | None = None,
    ) -> None:
        self.out_dir = out_dir
        self.entries: dict[str, Entry] = dict(entries or {})
        self.failures: dict[str, str] = dict(failures or {})
        self.validations: dict[str, Validation] = dict(validations or {})
        self.portfolio: dict[str, Any] = dict(portfolio or {})
        #: The results each render kept (``history/<slug>/<time>.json``), by company.
        self.history: dict[str, list[str]] = {}

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
            failures = {
                str(name): str(reason)
                for name, reason in dict(document.get("failures") or {}).items()
                if document.get("format") == RENDER_FORMAT
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(out_dir)
        validations: dict[str, Validation] = {}
        for slug, fields in dict(document.get("validations") or {}).items():
            try:
                validations[str(slug)] = Validation(
                    key=str(fields["key"]),
                    errors=tuple(str(error) for error in fields.get("errors") or ()),
                    warnings=int(fields.get("warnings") or 0),
                    name=None if fields.get("name") is None else str(fields["name"]),
                )
            except (KeyError, TypeError, ValueError, AttributeError):
                continue  # a damaged record: that company is validated again
        portfolio = document.get("portfolio")
        manifest = cls(
            out_dir,
            entries,
            failures,
            validations,
            portfolio if isinstance(portfolio, dict) else {},
        )
        history = document.get("history")
        if isinstance(history, dict):
            manifest.history = {str(k): [str(f) for f in v] for k, v in history.items()}
        return manifest

    @staticmethod
    def name(slug: str, assessment_id: str) -> str:
        return f"{slug}/{assessment_id}" if slug else assessment_id

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
        self.failures.pop(self.name(slug, assessment_id), None)

    def forget(self, slug: str, assessment_id: str, reason: str | None = None) -> None:
        """Drop a page's entry (it is rendered again next run); ``reason``: why it failed."""
        self.entries.pop(self.name(slug, assessment_id), None)
        if reason is not None:
            self.failures[self.name(slug, assessment_id)] = reason

    def company_failed(self, slug: str, reason: str | None) -> None:
        """Note (``reason``) or clear (None) that a company's data kept it from rendering."""
        if reason is None:
            self.failures.pop(slug, None)
        else:
            self.failures[slug] = reason

    def failed(self, slugs: Iterable[str]) -> dict[str, str]:
        """Why each of these companies failed to render (its data, then each failed page), for
        the portfolio: ``{slug: reason}``, only the companies with a failure."""
        wanted = set(slugs)
        reasons: dict[str, list[str]] = {}
        for name in sorted(self.failures, key=lambda n: (n.split("/")[0], "/" in n, n)):
            slug = name.split("/")[0]
            if slug in wanted:
                reasons.setdefault(slug, []).append(self.failures[name])
        return {slug: " ".join(texts) for slug, texts in sorted(reasons.items())}

    def save(self) -> None:
        """Write the manifest atomically (a killed run leaves the previous one)."""
        document = {
            "format": RENDER_FORMAT,
            "renders": {name: asdict(entry) for name, entry in sorted(self.entries.items())},
            "failures": dict(sorted(self.failures.items())),
            "history": dict(sorted(self.history.items())),
            "validations": {
                slug: {**asdict(record), "errors": list(record.errors)}
                for slug, record in sorted(self.validations.items())
            },
            "portfolio": self.portfolio,
        }
        write_text_atomic(self.path, json.dumps(document, indent=1, sort_keys=True) + "\n")
