"""``Company``: a company's validated inputs, one frame per declared input file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from workbook.contract import COMPANY_FILE
from workbook.contract.config import CompanyConfig
from workbook.contract.files import DATA_FILES, SourceStatus, how_to_supply
from workbook.contract.instrument import Instrument
from workbook.contract.problems import Problem
from workbook.contract.team import TeamAssessment


def _file_of(stem: str) -> str | None:
    """The declared CSV whose frame the attribute ``stem`` names (``pmf_survey``), if any."""
    name = f"{stem}.csv"
    return name if name in DATA_FILES else None


@dataclass(init=False)
class Company:
    """A company's validated inputs. A frame is None when its file is missing, empty or invalid.

    Frames are held by file name (:meth:`frame`) and read as attributes named after the file
    (``company.pmf_survey``) for every declared input CSV, so a new assessment's file needs no
    edit here. ``sources`` says what became of each file: ``ok``, ``missing``, ``empty`` or
    ``invalid``; :meth:`missing_message` turns that into advice for the part that needs it.
    """

    slug: str
    path: Path
    config: CompanyConfig
    as_of: date
    instrument: Instrument | None = None
    team_assessment: TeamAssessment = field(default_factory=TeamAssessment)
    sources: dict[str, SourceStatus] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    frames: dict[str, pd.DataFrame | None] = field(default_factory=dict)

    def __init__(
        self,
        slug: str,
        path: Path,
        config: CompanyConfig,
        as_of: date,
        instrument: Instrument | None = None,
        team_assessment: TeamAssessment | None = None,
        sources: Mapping[str, SourceStatus] | None = None,
        problems: list[Problem] | None = None,
        frames: Mapping[str, pd.DataFrame | None] | None = None,
        **by_stem: pd.DataFrame | None,
    ) -> None:
        """Frames come by file name in ``frames`` and/or by attribute name (``retention=…``)."""
        self.slug, self.path, self.config, self.as_of = slug, path, config, as_of
        self.instrument = instrument
        self.team_assessment = team_assessment if team_assessment is not None else TeamAssessment()
        self.sources = dict(sources or {})
        self.problems = list(problems) if problems is not None else []
        self.frames = dict(frames or {})
        for stem, frame in by_stem.items():
            name = _file_of(stem)
            if name is None:
                raise TypeError(f"Company() got an unexpected keyword argument {stem!r}")
            self.frames[name] = frame

    def __getattr__(self, stem: str) -> pd.DataFrame | None:
        # Called only for names that are not attributes: a declared file's frame, else an error.
        if stem.startswith("_") or stem == "frames":
            raise AttributeError(stem)
        name = _file_of(stem)
        if name is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {stem!r}")
        return self.frames.get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        file = _file_of(name) if name not in type(self).__dataclass_fields__ else None
        if file is not None:
            self.frames[file] = value
        else:
            super().__setattr__(name, value)

    @property
    def name(self) -> str:
        """The company's display name."""
        return self.config.name

    @property
    def errors(self) -> list[Problem]:
        """Problems that keep a part from being assessed."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems that were worked around (data kept)."""
        return [p for p in self.problems if p.severity == "warning"]

    def frame(self, file_name: str) -> pd.DataFrame | None:
        """The typed frame for a contract file name such as ``"pmf_survey.csv"``."""
        return self.frames.get(file_name)

    def missing_message(self, file_name: str) -> str:
        """Advice for a part whose file is not usable; empty when the file loaded fine."""
        status = self.sources.get(file_name, "missing")
        return "" if status == "ok" else how_to_supply(file_name, status, self.slug)


def data_as_of(company: Company) -> date:
    """The assessment date used when ``company.yaml`` sets no ``as_of``: the latest plausible
    date in the company's data, else today (the rule :func:`load_company` applies)."""
    frames = {name: company.frame(name) for name in DATA_FILES}
    return latest_date(frames)[0] or date.today()


def latest_date(
    frames: Mapping[str, pd.DataFrame | None],
) -> tuple[date | None, tuple[date, ...]]:
    """The latest plausible date of the data and the dates ignored as implausible (after today,
    or a far outlier such as a mistyped year; see :func:`workbook.window.default_as_of`).

    Each declared file says which dates its rows observe (:meth:`InputFile.observed_dates`).
    """
    from workbook.window import default_as_of

    days: list[date] = []
    for name, frame in frames.items():
        if frame is not None and name in DATA_FILES:
            days += DATA_FILES[name].observed_dates(frame)
    return default_as_of(days)


def ignored_dates_problem(ignored: tuple[date, ...]) -> list[Problem]:
    """A warning naming the dates that did not move the default as-of date."""
    if not ignored:
        return []
    shown = ", ".join(day.isoformat() for day in ignored[:3])
    more = f" and {len(ignored) - 3} more" if len(ignored) > 3 else ""
    return [
        Problem(
            "warning",
            COMPANY_FILE,
            "dates in the data up to today and close to the rest; these lie in the future or "
            f"far after all other dates (a mistyped year?) and do not set the as-of date: "
            f"{shown}{more}. Fix them, or set as_of in company.yaml",
            column="as_of",
        )
    ]
