"""Loading a company: every declared input file read, checked and typed, with its problems.

A file with an error is left out of the assessment (its part says why); warnings keep the data.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pandas as pd

from workbook.contract import COMPANY_FILE, TEAM_ASSESSMENT_FILE
from workbook.contract.company import Company, ignored_dates_problem, latest_date
from workbook.contract.config import parse_company_config
from workbook.contract.files import DATA_FILES, FileContext, LoadedFile, SourceStatus
from workbook.contract.instrument import Instrument, load_instrument
from workbook.contract.paths import INSTRUMENT_RELATIVE_PATH, company_dir, data_dir_of
from workbook.contract.problems import (
    CompanyNotFoundError,
    DataError,
    InvalidSlugError,
    Problem,
)
from workbook.contract.reading import read_csv_text, read_text
from workbook.contract.team import TeamAssessment, parse_team_assessment
from workbook.contract.values import localize_timestamps


def load_data_file(
    path: Path,
    instrument: Instrument | None = None,
    timezone: str | None = None,
    root: Path | None = None,
) -> LoadedFile:
    """Read and validate one contract CSV; a missing file is status ``missing``, not an error.

    With a company ``timezone``, survey answers whose time carries an offset are dated in it.
    Something that is there but is not a regular file inside ``root`` (the data folder; default
    the file's folder), such as a named pipe or a link out of the folder, is ``invalid``.
    """
    if not os.path.lexists(path):
        return LoadedFile("missing", None, [])
    raw, status, problems = read_csv_text(path, root)
    if timezone and raw is not None and "submitted_at" in raw.columns:
        raw["submitted_at"] = localize_timestamps(raw["submitted_at"], timezone)
    spec = DATA_FILES[path.name]
    context = FileContext(instrument)
    if raw is None or status == "empty":
        if status == "empty" and raw is not None:
            missing = [
                Problem(
                    "error",
                    path.name,
                    "this required column is missing from the header",
                    None,
                    name,
                )
                for name in spec.required_columns(context)
                if name not in raw.columns
            ]
            if missing:
                return LoadedFile("invalid", None, problems + missing)
        return LoadedFile(status, None, problems)
    frame, more = spec.check(raw, context)
    problems += more
    if frame is None:
        return LoadedFile("invalid", None, problems)
    return LoadedFile("ok", frame.reset_index(drop=True), problems)


def load_company(
    slug_or_path: str | os.PathLike[str], data_dir: str | os.PathLike[str] | None = None
) -> Company:
    """Load a company's inputs, validated and typed.

    Raises :class:`InvalidSlugError` for a bad slug, :class:`CompanyNotFoundError` when the folder
    or its ``company.yaml`` is missing, and :class:`DataError` when ``company.yaml`` is invalid.
    Problems in the other files do not raise: the file's frame is None, ``sources`` says why,
    and ``problems`` lists every finding.
    """
    folder = company_dir(slug_or_path, data_dir)
    config_path = folder / COMPANY_FILE
    if not folder.is_dir():
        raise CompanyNotFoundError(
            f"No company folder at {folder} (create one with `workbook new`)."
        )
    if not os.path.lexists(config_path):
        raise CompanyNotFoundError(
            f"{folder.name}: {COMPANY_FILE} is missing (it is the one required file)."
        )
    root = data_dir_of(folder, data_dir)
    text, problems = read_text(config_path, COMPANY_FILE, root)
    config = None
    if text is not None:
        config, config_problems = parse_company_config(text)
        problems += config_problems
    if config is None:
        raise DataError(f"{folder.name}: {COMPANY_FILE} is not valid", problems)

    instrument, instrument_problems = _company_instrument(root)
    frames: dict[str, pd.DataFrame | None] = {}
    sources: dict[str, SourceStatus] = {}
    for file_name in DATA_FILES:
        loaded = load_data_file(folder / file_name, instrument, config.timezone, root)
        frames[file_name] = loaded.frame
        sources[file_name] = loaded.status
        problems += loaded.problems
    if any(
        spec.uses_instrument and sources[spec.name] == "invalid" for spec in DATA_FILES.values()
    ):
        problems += instrument_problems
    problems += _cross_file_checks(frames)

    team = TeamAssessment()
    team_path = folder / TEAM_ASSESSMENT_FILE
    if os.path.lexists(team_path):
        team, team_problems = _read_team_assessment(team_path, root)
        problems += team_problems

    as_of: date | None = config.as_of
    if as_of is None:
        latest, ignored = latest_date(frames)
        as_of = latest or date.today()
        problems += ignored_dates_problem(ignored)
    return Company(
        slug=folder.name,
        path=folder,
        config=config,
        as_of=as_of,
        instrument=instrument,
        team_assessment=team,
        sources=sources,
        problems=problems,
        frames=frames,
    )


def _company_instrument(root: Path) -> tuple[Instrument | None, list[Problem]]:
    """The belonging instrument of a data folder, or None with the problems that explain why."""
    path = root / INSTRUMENT_RELATIVE_PATH
    try:
        return load_instrument(path), []
    except DataError as exc:
        file = str(INSTRUMENT_RELATIVE_PATH)
        return None, exc.problems or [Problem("error", file, f"an instrument file: {exc.args[0]}")]


def _cross_file_checks(frames: Mapping[str, pd.DataFrame | None]) -> list[Problem]:
    """The problems that need two files, as each declared file's ``cross_check`` finds them."""
    problems: list[Problem] = []
    for spec in DATA_FILES.values():
        if spec.cross_check is not None:
            problems += spec.cross_check(frames)
    return problems


def _read_team_assessment(path: Path, root: Path) -> tuple[TeamAssessment, list[Problem]]:
    text, problems = read_text(path, path.name, root)
    if text is None:
        return TeamAssessment(), problems
    return parse_team_assessment(text, path.name)


def validate_company(
    slug_or_path: str | os.PathLike[str], data_dir: str | os.PathLike[str] | None = None
) -> list[Problem]:
    """Every problem of a company's files; a missing or invalid ``company.yaml`` is reported too."""
    try:
        return load_company(slug_or_path, data_dir).problems
    except CompanyNotFoundError as exc:
        return [Problem("error", COMPANY_FILE, str(exc.args[0]))]
    except InvalidSlugError:
        raise
    except DataError as exc:
        folder = company_dir(slug_or_path, data_dir)
        problems = list(exc.problems)
        # Report the other files too, so one run shows everything to fix.
        root = data_dir_of(folder, data_dir)
        instrument, instrument_problems = _company_instrument(root)
        for file_name, spec in DATA_FILES.items():
            loaded = load_data_file(folder / file_name, instrument, root=root)
            problems += loaded.problems
            if spec.uses_instrument and loaded.status == "invalid":
                problems += instrument_problems
        return problems
