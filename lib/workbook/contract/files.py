"""The input files the assessments declare, and how to tell a founder to supply one.

Each assessment package may have an ``inputs`` module declaring the files it owns as
``FILES: tuple[InputFile, ...]`` (columns, types, choices, keys and what the file unlocks). The
contract finds them through the registry, so a new assessment's file needs no edit here: it is
loaded, validated, advised on and documented like the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from workbook.contract.columns import ColumnRule, validate_frame
from workbook.contract.problems import Problem, SourceStatus
from workbook.errors import WorkbookError

if TYPE_CHECKING:
    from workbook.contract.instrument import Instrument


@dataclass(frozen=True)
class FileContext:
    """What a file's checks may need besides its own rows: the data folder's instrument."""

    instrument: Instrument | None = None


#: A file's own checks: raw text frame → typed frame (None when unusable) and problems.
Validator = Callable[
    [pd.DataFrame, "InputFile", FileContext], tuple[pd.DataFrame | None, list[Problem]]
]


@dataclass(frozen=True)
class InputFile:
    """One optional input file of a company: its columns, key, checks and what it unlocks.

    ``validate`` replaces the plain column check when a file needs more (rows that must agree,
    dynamic columns); ``more_columns`` and ``collect`` complete :func:`how_to_supply`'s advice;
    ``title`` heads the file's section in the generated docs; ``dates`` says which dates a
    file's rows observe (default: its ``submitted_at`` and ``week`` columns), for the default
    as-of date; ``cross_check`` finds problems that need two files (given every loaded frame
    by file name).
    """

    name: str
    unlocks: str
    columns: tuple[ColumnRule, ...] = ()
    unique_key: tuple[str, ...] = ()
    title: str = ""
    more_columns: str = ""
    collect: str = ""
    validate: Validator | None = None
    item_columns: Callable[[FileContext], Sequence[str]] | None = None
    uses_instrument: bool = False
    dates: Callable[[pd.DataFrame], list[date]] | None = None
    cross_check: Callable[[Mapping[str, pd.DataFrame | None]], list[Problem]] | None = None
    #: Columns named by the data rather than the contract, as (which columns, what they hold),
    #: for the generated docs: e.g. one column per instrument item.
    dynamic_columns: tuple[str, str] | None = None
    #: Example columns a new company's header-only file gets after the declared ones, with
    #: ``{name}`` standing for the company's name (the canvas' product columns).
    example_columns: tuple[str, ...] = ()

    @property
    def stem(self) -> str:
        """The file name without ``.csv``: the :class:`Company` attribute holding its frame."""
        return self.name.removesuffix(".csv")

    def header(self, extra: Sequence[str] = ()) -> list[str]:
        """Column names in contract order (with dynamic columns such as survey items)."""
        fixed = [rule.name for rule in self.columns]
        return fixed[:2] + [c for c in extra if c not in fixed] + fixed[2:] if extra else fixed

    def blank_header(self, context: FileContext, company: str) -> list[str]:
        """The header of a new company's header-only file (``workbook new``)."""
        extra = self.item_columns(context) if self.item_columns is not None else ()
        examples = (column.replace("{name}", company) for column in self.example_columns)
        return [*self.header(extra), *examples]

    def required_columns(self, context: FileContext) -> list[str]:
        """The columns a header must have (with the dynamic ones ``context`` calls for)."""
        required = [rule.name for rule in self.columns if rule.required]
        if self.item_columns is not None:
            required += list(self.item_columns(context))
        return required

    def check(
        self, raw: pd.DataFrame, context: FileContext
    ) -> tuple[pd.DataFrame | None, list[Problem]]:
        """The typed frame (None when unusable) and every problem of a file's raw text rows."""
        if self.validate is not None:
            return self.validate(raw, self, context)
        return validate_frame(raw, self.name, self.columns, self.unique_key)

    def observed_dates(self, frame: pd.DataFrame) -> list[date]:
        """The dates a loaded frame's rows observe (for the default as-of date)."""
        if self.dates is not None:
            return self.dates(frame)
        days: list[date] = []
        for column in ("submitted_at", "week"):
            if column in frame.columns:
                days += [stamp.date() for stamp in pd.to_datetime(frame[column]).dropna()]
        return days


@dataclass
class LoadedFile:
    """The outcome of reading one input file."""

    status: SourceStatus
    frame: pd.DataFrame | None
    problems: list[Problem]


def collected_by_survey(kind: str) -> str:
    """``collect`` advice for a file a survey tool's export fills (``workbook survey KIND``)."""
    return (
        f" To collect it: `workbook survey {kind} --company {{slug}}` prints the questions, then "
        "`workbook import EXPORT --company {slug}` reads your survey tool's export."
    )


def how_to_supply(file_name: str, status: SourceStatus = "missing", slug: str = "SLUG") -> str:
    """Say, in one sentence, why a part cannot run and which file to add or fix to unlock it
    (and, for files a survey or an export can fill, the ``workbook`` commands that do)."""
    spec = DATA_FILES[file_name]
    columns = ", ".join(rule.name for rule in spec.columns if rule.required) + spec.more_columns
    reason = {
        "missing": f"No {file_name} yet.",
        "empty": f"{file_name} has no data rows yet.",
        "invalid": f"{file_name} has errors (run `workbook validate` to see them).",
        "ok": "",
    }[status]
    advice = (
        f"{reason} Add {file_name} (columns: {columns}; see docs/data-contract.md) "
        f"to unlock {spec.unlocks}."
    ).strip()
    if status in ("missing", "empty") and spec.collect:
        advice += spec.collect.format(slug=slug)
    return advice


# --------------------------------------------------------------------------------------------
# Finding the declarations through the registry
# --------------------------------------------------------------------------------------------


class DeclarationError(WorkbookError):
    """Two assessments declare the same input file, or an ``inputs`` module declares no FILES."""


_found: tuple[tuple[str, ...], dict[str, InputFile]] | None = None


def declared_files() -> dict[str, InputFile]:
    """Every input file the registered assessments declare, by name, in registry order.

    For each entry of :data:`workbook.registry.ASSESSMENTS` the module ``<module>.inputs`` is
    imported when it exists and its ``FILES`` collected; the answer is kept until the registry
    changes.
    """
    global _found
    from workbook import registry

    modules = tuple(assessment.module for assessment in registry.ASSESSMENTS)
    if _found is None or _found[0] != modules:
        _found = (modules, _collect(modules))
    return _found[1]


def _collect(modules: Sequence[str]) -> dict[str, InputFile]:
    files: dict[str, InputFile] = {}
    owners: dict[str, str] = {}
    for module in modules:
        target = f"{module}.inputs"
        try:
            inputs = importlib.import_module(target)
        except ModuleNotFoundError as exc:
            if exc.name == target:
                continue  # an assessment without input files of its own
            raise
        declared = getattr(inputs, "FILES", None)
        if not isinstance(declared, tuple):
            raise DeclarationError(f"{target} declares no FILES tuple of InputFile")
        for spec in declared:
            if spec.name in files:
                raise DeclarationError(
                    f"{spec.name} is declared by both {owners[spec.name]} and {target}; "
                    "a file belongs to one assessment (others read it through its result)"
                )
            files[spec.name] = spec
            owners[spec.name] = target
    return files


class _DeclaredFiles(Mapping[str, InputFile]):
    """A read-only view of :func:`declared_files`, looked up on use (not at import), so that
    ``from workbook.io import DATA_FILES`` works before the assessments are imported."""

    def __getitem__(self, name: str) -> InputFile:
        return declared_files()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(declared_files())

    def __len__(self) -> int:
        return len(declared_files())

    def __repr__(self) -> str:
        return f"DATA_FILES({', '.join(self)})"


#: Every declared input CSV by file name (the registry's assessments' ``inputs.FILES``).
DATA_FILES: Mapping[str, InputFile] = _DeclaredFiles()
