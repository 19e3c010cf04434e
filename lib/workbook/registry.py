"""The registry: the one list of assessments that the CLI, renderer, summary and tests iterate.

Each entry names the assessment, its notebook, every input file it reads (including files read
through another assessment, so that a change to them re-renders it), the assessments whose
results it builds on, and its status vocabulary with the tone of each status. Modules are
imported on first use so that ``workbook --help`` stays fast. Adding an assessment means its
own package, its notebook and one entry below.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from workbook.io import Company
    from workbook.results import AssessmentResult

Tone = Literal["good", "warn", "bad", "none"]

#: Where the notebooks live in the project (the renderer and the tests run them from here).
NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"


@dataclass(frozen=True)
class Assessment:
    """One assessment: identity, notebook, inputs, dependencies, status vocabulary and the
    figures its result always carries (the machine-readable contract of ``assess --json``)."""

    id: str
    title: str
    notebook: str
    module: str
    inputs: tuple[str, ...]
    statuses: Mapping[str, Tone]
    figures: tuple[str, ...]
    requires: tuple[str, ...] = ()
    #: The ``company.yaml`` settings its result depends on, besides the as-of date (None: all of
    #: them). A live editor reuses a result it builds on while none of these changed.
    settings: tuple[str, ...] | None = None

    def settings_key(self, company: Company) -> tuple[object, ...]:
        """What of ``company``'s settings this assessment's result depends on (equal keys, equal
        results for the same data files)."""
        config = company.config
        if self.settings is None:
            return (config, company.as_of)
        return (*(getattr(config, name) for name in self.settings), company.as_of)

    @property
    def notebook_path(self) -> Path:
        """The notebook's path in the project."""
        return NOTEBOOKS_DIR / self.notebook

    def assess(self, company: Company, **required: AssessmentResult) -> AssessmentResult:
        """Run the assessment on a loaded company (``required``: results it builds on)."""
        return importlib.import_module(self.module).assess(company, **required)


#: What the belonging assessment reads besides company.yaml; the assessments that build on its
#: result read these files through it.
BELONGING_INPUTS = (
    "team_assessment.yaml",
    "belonging_survey.csv",
    "community_activity.csv",
    "community_goals.csv",
    "../../instruments/belonging.yaml",
)

ASSESSMENTS: tuple[Assessment, ...] = (
    Assessment(
        id="belonging",
        title="Belonging",
        notebook="01_belonging.ipynb",
        module="workbook.belonging",
        inputs=("company.yaml", *BELONGING_INPUTS),
        statuses={"strong": "good", "developing": "warn", "weak": "bad", "not assessed": "none"},
        figures=("index", "index_ci", "n", "alpha", "trust_safety_score"),
        settings=("name", "stage", "community"),
    ),
    Assessment(
        id="differentiation",
        title="Differentiation",
        notebook="02_differentiation.ipynb",
        module="workbook.differentiation",
        inputs=(
            "company.yaml",
            "features.csv",
            "kano_survey.csv",
            "strategy_canvas.csv",
            *BELONGING_INPUTS,  # read through belonging: network effects need the community
        ),
        statuses={
            "focused differentiation": "good",
            "bold differentiation": "warn",
            "scattered": "warn",
            "clone": "bad",
            "rebuild-everything": "bad",
            "not assessed": "none",
        },
        figures=(
            "reinvention_share",
            "core_share",
            "seconds_to_differentiation",
            "divergence",
            "kano",
        ),
        requires=("belonging",),
    ),
    Assessment(
        id="ttpmf",
        title="Time to product/market fit",
        notebook="03_ttpmf.ipynb",
        module="workbook.ttpmf",
        inputs=(
            "company.yaml",
            "pmf_survey.csv",
            "retention.csv",
            *BELONGING_INPUTS,  # read through belonging: scaling needs a community that holds
        ),
        statuses={
            "reached": "good",
            "on track": "good",
            "at risk": "warn",
            "overdue": "bad",
            "insufficient data": "none",
        },
        figures=(
            "waves",
            "fit",
            "fit_date",
            "months_elapsed",
            "projected_fit_date",
            "projected_fit_range",
            "retention_shape",
            "buffer_months",
        ),
        requires=("belonging",),
    ),
)

_BY_ID = {assessment.id: assessment for assessment in ASSESSMENTS}


@dataclass(frozen=True)
class Page:
    """A page built on every assessment's results rather than an assessment of its own.

    ``scope`` says what one render covers: ``company`` (parameters ``company`` and
    ``data_dir``, like the assessments; written as ``<slug>/<output>``) or ``portfolio``
    (parameters ``data_dir``, ``companies`` and ``failed``; written as ``<output>`` at the top
    of the reports folder, after every company). ``inputs`` are the files it reads in each
    company folder (for a portfolio page: in every company folder it lists).
    """

    id: str
    title: str
    notebook: str
    inputs: tuple[str, ...]
    scope: Literal["company", "portfolio"]
    output: str

    @property
    def notebook_path(self) -> Path:
        """The notebook's path in the project."""
        return NOTEBOOKS_DIR / self.notebook


#: Every input file of the registered assessments, each once, in registry order.
ALL_INPUTS: tuple[str, ...] = tuple(
    dict.fromkeys(name for assessment in ASSESSMENTS for name in assessment.inputs)
)

#: The company's entry page: its three assessments side by side (``<slug>/index.html``).
SUMMARY = Page(
    id="summary",
    title="Summary",
    notebook="04_summary.ipynb",
    inputs=ALL_INPUTS,
    scope="company",
    output="index.html",
)
#: Every company in one page (``index.html`` at the top of the reports folder).
PORTFOLIO = Page(
    id="portfolio",
    title="Portfolio",
    notebook="portfolio.ipynb",
    inputs=ALL_INPUTS,
    scope="portfolio",
    output="index.html",
)
#: The pages built on the assessments, in the order they are rendered (the portfolio last).
PAGES: tuple[Page, ...] = (SUMMARY, PORTFOLIO)


def notebooks() -> tuple[Path, ...]:
    """Every registered notebook: the assessments', then the pages' (each once)."""
    return tuple(item.notebook_path for item in (*ASSESSMENTS, *PAGES))


def get(assessment_id: str) -> Assessment:
    """The registered assessment with this id; KeyError names the known ids."""
    try:
        return _BY_ID[assessment_id]
    except KeyError:
        known = ", ".join(_BY_ID)
        raise KeyError(f"no assessment {assessment_id!r}; known: {known}") from None


def ids() -> tuple[str, ...]:
    """Every registered assessment id, in order."""
    return tuple(_BY_ID)


def assess_company(
    company: Company, only: Iterable[str] | None = None
) -> dict[str, AssessmentResult]:
    """Run the registered assessments (all, or ``only`` those ids and what they require) once
    each, in registry order, passing each the results it builds on."""
    wanted = set(only) if only is not None else set(_BY_ID)
    pending = list(wanted)
    while pending:
        for required in get(pending.pop()).requires:
            if required not in wanted:
                wanted.add(required)
                pending.append(required)
    results: dict[str, AssessmentResult] = {}
    for assessment in ASSESSMENTS:
        if assessment.id in wanted:
            required = {name: results[name] for name in assessment.requires}
            results[assessment.id] = assessment.assess(company, **required)
    return results
