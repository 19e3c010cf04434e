"""Where data lives: the data folder, company folders and their slugs."""

from __future__ import annotations

import os
import re
from pathlib import Path

from workbook import safeload
from workbook.contract import DATA_ENV_VAR
from workbook.contract.problems import InvalidSlugError, Problem
from workbook.format import shorten, visible

PROJECT_ROOT = Path(__file__).resolve().parents[3]
SLUG_PATTERN = re.compile(r"[a-z0-9-]{1,64}")
INSTRUMENT_RELATIVE_PATH = Path("instruments") / "belonging.yaml"


def default_data_dir() -> Path:
    """Return the data folder: ``$WORKBOOK_DATA`` when set, else the project's ``data/``.

    The project folder is found from this file, so the answer does not depend on the working
    directory (notebooks run by papermill from any folder find the same data as the CLI).
    """
    configured = os.environ.get(DATA_ENV_VAR)
    return Path(configured).expanduser() if configured else PROJECT_ROOT / "data"


def resolve_data_dir(data_dir: str | os.PathLike[str] | None) -> Path:
    """Return ``data_dir`` as a path, or the default data folder when it is empty or None."""
    return Path(data_dir).expanduser() if data_dir else default_data_dir()


def check_slug(slug: str) -> str:
    """Return ``slug`` when it is valid; raise :class:`InvalidSlugError` before any path use."""
    if not isinstance(slug, str) or not SLUG_PATTERN.fullmatch(slug):
        raise InvalidSlugError(
            f"Invalid company slug {slug!r}: expected 1–64 characters of lowercase letters, "
            "digits and hyphens (for example 'acme-analytics')."
        )
    return slug


def company_dir(
    slug_or_path: str | os.PathLike[str], data_dir: str | os.PathLike[str] | None = None
) -> Path:
    """Return a company's folder from its slug (a ``str``, checked first) or a ``Path`` to it.

    Text is always treated as a slug, so ``"../x"`` is refused rather than followed.
    """
    if isinstance(slug_or_path, os.PathLike):
        return Path(slug_or_path)
    return resolve_data_dir(data_dir) / "companies" / check_slug(str(slug_or_path))


def list_companies(data_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """Slugs of the company folders under ``<data_dir>/companies`` (valid slugs only), sorted."""
    root = resolve_data_dir(data_dir) / "companies"
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and SLUG_PATTERN.fullmatch(p.name))


def misnamed_company_folders(data_dir: str | os.PathLike[str] | None = None) -> list[Problem]:
    """A warning for each folder under ``companies/`` whose name is not a valid slug (``Acme``,
    ``acme co``): such a folder is left out of every command, so it must be reported, with the
    name to rename it to. Hidden folders (``.git``) are not companies and are not reported."""
    root = resolve_data_dir(data_dir) / "companies"
    if not root.is_dir():
        return []
    warnings = []
    for path in sorted(root.iterdir()):
        if path.name.startswith(".") or SLUG_PATTERN.fullmatch(path.name) or not path.is_dir():
            continue
        suggestion = safeload.folder_slug_suggestion(path.name)
        warnings.append(
            Problem(
                "warning",
                f"companies/{visible(shorten(path.name))}",
                "a folder name of 1–64 lowercase letters, digits and hyphens; this folder is "
                f"left out of every command until it is renamed (for example to "
                f"companies/{suggestion})",
            )
        )
    return warnings


def data_dir_of(folder: Path, data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The data folder a company folder belongs to (``<data_dir>/companies/<slug>``)."""
    if data_dir:
        return Path(data_dir).expanduser()
    if folder.parent.name == "companies":
        return folder.parent.parent
    return default_data_dir()
