"""Workshops: live editors in the notebooks, for a team to enter its own view and see the results.

One ipywidgets editor per assessment, bound to one company folder: :mod:`.belonging` (trust &
safety checklist, community settings, SPACES goals), :mod:`.differentiation` (feature inventory,
reference product) and :mod:`.ttpmf` (dates, runway, stage). Each computes its live results with
the registered assessment (:mod:`.base`), shows them with :mod:`.live`, and saves through
:mod:`.history` (backups in ``.history/``, atomic writes, changes on disk detected).
``workbook workshop SLUG`` (:mod:`.command`) opens the notebooks for a company.

Importing this package is cheap (the editors load ipywidgets and pandas on first use)::

    from workbook import workshop

    editor = workshop.editor("differentiation", "ledgerly")  # displays itself in a notebook
    editor.features.rows[0].cells["change"].value = "reinvented"
    editor.result.figures["reinvention_share"], editor.save()
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

from workbook.workshop.command import DATA_ENV, WORKSHOP_ENV

if TYPE_CHECKING:
    import pandas as pd

    from workbook.io import Company
    from workbook.workshop.base import Editor


def editor_path(assessment_id: str) -> str | None:
    """The "module:Class" of an assessment's workshop editor, as its registry entry declares
    it; None when it has none (raises ``KeyError`` for an assessment the registry does not
    know)."""
    from workbook import registry

    return registry.get(assessment_id).editor


def editor_ids() -> tuple[str, ...]:
    """The registered assessments that have a workshop editor, in the registry's order (the
    order of the workshop's agenda)."""
    from workbook import registry

    return tuple(a.id for a in registry.ASSESSMENTS if editor_path(a.id))


def _load(assessment_id: str, name: str | None = None) -> Any:
    path = editor_path(assessment_id)
    if path is None:
        known = ", ".join(editor_ids())
        raise KeyError(f"no workshop editor for {assessment_id!r}; known: {known}")
    module_name, class_name = path.split(":")
    module = importlib.import_module(module_name)
    return getattr(module, name or class_name)


def editor(
    assessment_id: str,
    company: str | os.PathLike[str],
    data_dir: str | os.PathLike[str] | None = None,
    **options: Any,
) -> Editor:
    """The live editor of one assessment for one company (slug, or a path to its folder)."""
    return _load(assessment_id)(company, data_dir, **options)


def decisions_editor(
    company: str | os.PathLike[str], data_dir: str | os.PathLike[str] | None = None
) -> Any:
    """The Decisions step's editor for one company (up to three actions, owner and date)."""
    from workbook.workshop.decisions import DecisionsEditor

    return DecisionsEditor(company, data_dir)


def saved_answers(assessment_id: str, company: Company) -> pd.DataFrame:
    """What the team saved for one assessment, as a static table (for rendered reports)."""
    return _load(assessment_id, "saved_answers")(company)


def settings(
    company: str, data_dir: str | os.PathLike[str] | None, workshop: bool = False
) -> tuple[str, str | os.PathLike[str] | None, bool]:
    """A notebook's ``company``, ``data_dir`` and ``workshop`` parameters, as ``workbook
    workshop`` asks: in the kernels it starts, its company and data folder, with the editors on;
    anywhere else (papermill, reports, tests) the parameters as given."""
    slug = os.environ.get(WORKSHOP_ENV)
    if not slug:
        return company, data_dir, bool(workshop)
    return slug, os.environ.get(DATA_ENV) or data_dir, True


def step(assessment_id: str, company: Company, workshop: bool, **options: Any) -> Any:
    """A notebook's Workshop step: the live editor when ``workshop`` is on, else the saved
    answers as a static table (deterministic, for rendered reports and notebook tests)."""
    if workshop:
        return editor(assessment_id, company.path, **options)
    return saved_answers(assessment_id, company)


def editors() -> dict[str, str]:
    """The editor ("module:Class") of each registered assessment that has one, in the
    registry's order."""
    return {assessment_id: str(editor_path(assessment_id)) for assessment_id in editor_ids()}


def __getattr__(name: str) -> Any:
    """``EDITORS`` (every registered editor) or an editor class by its name
    (``workshop.TTPMFEditor``), imported on first use."""
    if name == "EDITORS":
        return editors()
    for assessment_id in editor_ids():
        path = editor_path(assessment_id)
        if path is not None and path.endswith(f":{name}"):
            return _load(assessment_id)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "EDITORS",
    "WORKSHOP_ENV",
    "decisions_editor",
    "editor",
    "editor_ids",
    "editor_path",
    "editors",
    "saved_answers",
    "settings",
    "step",
]
