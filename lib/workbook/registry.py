"""The registry: the one list of assessments that the CLI, renderer, summary and tests iterate.

Each entry names the assessment, its notebook, every input file it reads (including files read
through another assessment, so that a change to them re-renders it), the assessments whose
results it builds on, its status vocabulary with the tone of each status, and where its parts
live: its key figures for the summary card, its portfolio columns and its workshop editor (each
"module:name", imported on first use so that ``workbook --help`` stays fast).

The list is the built-in entries below, then the plug-ins: the modules named in the
``WORKBOOK_PLUGINS`` environment variable (comma-separated importable names, each defining
``ASSESSMENT = Assessment(...)``), then the ``workbook.assessments`` entry-point group. It is
found on first use of :data:`ASSESSMENTS` (or anything built on it); render workers and kernels
inherit the environment, so they find the same plug-ins. Adding an assessment means its own
package, its notebook and one entry (built in below, or ``ASSESSMENT`` in a plug-in module).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal, Protocol

from workbook.errors import WorkbookError

if TYPE_CHECKING:
    from datetime import date

    from workbook.keyfigures import Column, KeyFigure
    from workbook.results import AssessmentResult

Tone = Literal["good", "warn", "bad", "none"]


class Company(Protocol):
    """What the registry needs of a loaded company (``workbook.contract.company.Company``; a
    protocol, so that the contract, which finds its files through the registry, is not imported
    back from here)."""

    @property
    def config(self) -> Any: ...

    @property
    def as_of(self) -> date: ...


#: Where the notebooks live in the project (the renderer and the tests run them from here).
NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
#: The environment variable naming plug-in modules (comma-separated), each with an ``ASSESSMENT``.
PLUGINS_ENV = "WORKBOOK_PLUGINS"
#: The entry-point group through which installed packages register assessments.
ENTRY_POINT_GROUP = "workbook.assessments"
#: What an assessment id may look like (it names the assessment's page, ``<id>.html``).
ID_PATTERN = re.compile(r"[a-z][a-z0-9_-]{0,39}")


class PluginError(WorkbookError):
    """A plug-in assessment that cannot be used: not importable, no ``ASSESSMENT``, or an entry
    that clashes with or requires another one."""


def load_object(path: str) -> Any:
    """The object a "module:name" path names (the module is imported on first use)."""
    module_name, _, name = path.partition(":")
    return getattr(importlib.import_module(module_name), name)


@dataclass(frozen=True)
class Assessment:
    """One assessment: identity, notebook, inputs, dependencies, status vocabulary and the
    figures its result always carries (the machine-readable contract of ``assess --json``).

    ``notebook`` is a file name under the project's ``notebooks/`` or an absolute path (a
    plug-in's own notebook). ``key_figures`` ("module:function") turns its result into the
    :class:`~workbook.keyfigures.KeyFigure` s of its summary card; ``portfolio`` ("module:name")
    names the :class:`~workbook.keyfigures.Column` s it adds to the portfolio table; ``editor``
    ("module:Class") is its workshop editor. Each None: the assessment has none.
    """

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
    key_figures: str | None = None
    portfolio: str | None = None
    editor: str | None = None

    def settings_key(self, company: Company) -> tuple[object, ...]:
        """What of ``company``'s settings this assessment's result depends on (equal keys, equal
        results for the same data files)."""
        config = company.config
        if self.settings is None:
            return (config, company.as_of)
        return (*(getattr(config, name) for name in self.settings), company.as_of)

    @property
    def notebook_path(self) -> Path:
        """The notebook's path (an absolute ``notebook`` is kept as it is)."""
        return NOTEBOOKS_DIR / self.notebook

    def assess(self, company: Company, **required: AssessmentResult) -> AssessmentResult:
        """Run the assessment on a loaded company (``required``: results it builds on)."""
        return importlib.import_module(self.module).assess(company, **required)

    def card_figures(self, result: AssessmentResult) -> tuple[KeyFigure, ...]:
        """The key figures its summary card shows for ``result`` (none when it declares none)."""
        if self.key_figures is None:
            return ()
        figures: Callable[[AssessmentResult], Iterable[KeyFigure]] = load_object(self.key_figures)
        return tuple(figures(result))

    def portfolio_columns(self) -> tuple[Column, ...]:
        """The columns it adds to the portfolio table (none when it declares none)."""
        if self.portfolio is None:
            return ()
        return tuple(load_object(self.portfolio))


#: What the belonging assessment reads besides company.yaml; the assessments that build on its
#: result read these files through it.
BELONGING_INPUTS = (
    "team_assessment.yaml",
    "belonging_survey.csv",
    "community_activity.csv",
    "community_goals.csv",
    "../../instruments/belonging.yaml",
)

#: The assessments that come with the workbook, in the order they run and are shown.
BUILT_IN: tuple[Assessment, ...] = (
    Assessment(
        id="belonging",
        title="Belonging",
        notebook="01_belonging.ipynb",
        module="workbook.belonging",
        key_figures="workbook.belonging.card:key_figures",
        portfolio="workbook.belonging.card:PORTFOLIO_COLUMNS",
        editor="workbook.workshop.belonging:BelongingEditor",
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
        key_figures="workbook.differentiation.card:key_figures",
        portfolio="workbook.differentiation.card:PORTFOLIO_COLUMNS",
        editor="workbook.workshop.differentiation:DifferentiationEditor",
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
        key_figures="workbook.ttpmf.card:key_figures",
        portfolio="workbook.ttpmf.card:PORTFOLIO_COLUMNS",
        editor="workbook.workshop.ttpmf:TTPMFEditor",
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


# -- discovery -----------------------------------------------------------------------------------


def _plugin_names(environ: Mapping[str, str]) -> list[str]:
    """The module names ``WORKBOOK_PLUGINS`` lists, each once, in order."""
    names = (name.strip() for name in environ.get(PLUGINS_ENV, "").split(","))
    return list(dict.fromkeys(name for name in names if name))


def _entry(found: object, source: str) -> Assessment:
    """The ``Assessment`` a plug-in gives: the object itself, or its module's ``ASSESSMENT``."""
    if isinstance(found, ModuleType):
        found = getattr(found, "ASSESSMENT", None)
    if not isinstance(found, Assessment):
        raise PluginError(
            f"{source} defines no assessment: expected `ASSESSMENT = Assessment(...)` "
            "(from workbook.registry) in the module."
        )
    return found


def _import_plugin(name: str) -> Assessment:
    source = f"The plug-in {name!r} named in {PLUGINS_ENV}"
    try:
        module = importlib.import_module(name)
    except ImportError as exc:
        raise PluginError(
            f"{source} cannot be imported ({exc}). Put the folder that holds it on PYTHONPATH "
            f"(or install it), or remove it from {PLUGINS_ENV}."
        ) from None
    except Exception as exc:  # a plug-in's own bug: say whose, not a traceback
        raise PluginError(
            f"{source} failed while being imported: {type(exc).__name__}: {exc}"
        ) from None
    return _entry(module, source)


def _entry_point_plugins() -> list[Assessment]:
    from importlib import metadata

    found = []
    for point in metadata.entry_points(group=ENTRY_POINT_GROUP):
        source = f"The entry point {point.name!r} ({point.value}) of group {ENTRY_POINT_GROUP!r}"
        try:
            loaded = point.load()
        except Exception as exc:  # an installed package's bug: say whose, not a traceback
            raise PluginError(f"{source} cannot be loaded: {type(exc).__name__}: {exc}") from None
        found.append(_entry(loaded, source))
    return found


def _checked(entries: Iterable[Assessment]) -> tuple[Assessment, ...]:
    """The entries in order, refusing a malformed or repeated id and a requirement on an
    assessment that does not run before it."""
    seen: dict[str, Assessment] = {}
    for entry in entries:
        if not ID_PATTERN.fullmatch(entry.id):
            raise PluginError(
                f"Assessment id {entry.id!r} (module {entry.module}): expected 1-40 lowercase "
                "letters, digits, '-' or '_', starting with a letter."
            )
        if entry.id in seen:
            raise PluginError(
                f"Two assessments have the id {entry.id!r} (modules {seen[entry.id].module} and "
                f"{entry.module}); give the plug-in another id."
            )
        unknown = [name for name in entry.requires if name not in seen]
        if unknown:
            raise PluginError(
                f"Assessment {entry.id!r} requires {', '.join(map(repr, unknown))}, which is not "
                f"registered before it; known: {', '.join(seen) or 'none'}."
            )
        seen[entry.id] = entry
    return tuple(seen.values())


def discover(environ: Mapping[str, str] | None = None) -> tuple[Assessment, ...]:
    """The built-in assessments, then the plug-ins of ``WORKBOOK_PLUGINS`` (read from
    ``environ``, default the process's environment), then those of the entry-point group;
    PluginError says which plug-in cannot be used and why."""
    environ = os.environ if environ is None else environ
    plugins = [_import_plugin(name) for name in _plugin_names(environ)]
    return _checked((*BUILT_IN, *plugins, *_entry_point_plugins()))


def _plugin_sources(entry: Assessment) -> list[Path]:
    """The files a plug-in is made of: its module's package folder (or its module file)."""
    spec = importlib.util.find_spec(entry.module)
    if spec is None or spec.origin is None:
        return []
    origin = Path(spec.origin)
    if origin.name != "__init__.py":
        return [origin]
    return sorted(
        path
        for path in origin.parent.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def plugins_digest() -> str:
    """SHA-256 over the registered plug-ins' ids, modules and source files, so that a render's
    key changes when the plug-in set or a plug-in's code does (empty text without plug-ins)."""
    plugins = [entry for entry in assessments() if entry not in BUILT_IN]
    if not plugins:
        return ""
    digest = hashlib.sha256()
    for entry in plugins:
        digest.update(f"{entry.id}\0{entry.module}\0".encode())
        for path in _plugin_sources(entry):
            digest.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


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


#: The registered assessments (built in, then plug-ins), in the order they run and are shown.
ASSESSMENTS: tuple[Assessment, ...]
#: Every input file of the registered assessments, each once, in registry order.
ALL_INPUTS: tuple[str, ...]
#: The company's entry page: its assessments side by side (``<slug>/index.html``).
SUMMARY: Page
#: Every company in one page (``index.html`` at the top of the reports folder).
PORTFOLIO: Page
#: The pages built on the assessments, in the order they are rendered (the portfolio last).
PAGES: tuple[Page, ...]
_LAZY = ("ASSESSMENTS", "ALL_INPUTS", "SUMMARY", "PORTFOLIO", "PAGES")


def _register(assessments: tuple[Assessment, ...]) -> dict[str, Any]:
    """The module's registry-built attributes for these assessments."""
    inputs = tuple(dict.fromkeys(name for entry in assessments for name in entry.inputs))
    summary = Page("summary", "Summary", "04_summary.ipynb", inputs, "company", "index.html")
    portfolio = Page("portfolio", "Portfolio", "portfolio.ipynb", inputs, "portfolio", "index.html")
    return {
        "ASSESSMENTS": assessments,
        "ALL_INPUTS": inputs,
        "SUMMARY": summary,
        "PORTFOLIO": portfolio,
        "PAGES": (summary, portfolio),
    }


def _found() -> dict[str, Any]:
    """The module's namespace with the registry-built attributes, discovered on first use and
    then kept as module attributes (so that a test may replace them as before)."""
    namespace = globals()
    if "ASSESSMENTS" not in namespace:
        namespace.update(_register(discover()))
    return namespace


def __getattr__(name: str) -> Any:
    """The registry-built attributes, found on first use (plug-ins are imported then)."""
    if name in _LAZY:
        return _found()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def assessments() -> tuple[Assessment, ...]:
    """The registered assessments (:data:`ASSESSMENTS`), discovered on first use."""
    found: tuple[Assessment, ...] = _found()["ASSESSMENTS"]
    return found


def _by_id() -> dict[str, Assessment]:
    return {entry.id: entry for entry in assessments()}


def notebooks() -> tuple[Path, ...]:
    """Every registered notebook: the assessments', then the pages' (each once)."""
    pages: tuple[Page, ...] = _found()["PAGES"]
    items: tuple[Assessment | Page, ...] = (*assessments(), *pages)
    return tuple(item.notebook_path for item in items)


def get(assessment_id: str) -> Assessment:
    """The registered assessment with this id; KeyError names the known ids."""
    by_id = _by_id()
    try:
        return by_id[assessment_id]
    except KeyError:
        known = ", ".join(by_id)
        raise KeyError(f"no assessment {assessment_id!r}; known: {known}") from None


def ids() -> tuple[str, ...]:
    """Every registered assessment id, in order."""
    return tuple(_by_id())


def assess_company(
    company: Company, only: Iterable[str] | None = None
) -> dict[str, AssessmentResult]:
    """Run the registered assessments (all, or ``only`` those ids and what they require) once
    each, in registry order, passing each the results it builds on."""
    wanted = set(only) if only is not None else set(_by_id())
    pending = list(wanted)
    while pending:
        for name in get(pending.pop()).requires:
            if name not in wanted:
                wanted.add(name)
                pending.append(name)
    results: dict[str, AssessmentResult] = {}
    for assessment in assessments():
        if assessment.id in wanted:
            required = {name: results[name] for name in assessment.requires}
            results[assessment.id] = assessment.assess(company, **required)
    return results
