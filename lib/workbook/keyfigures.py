"""What an assessment declares for the summary card and the portfolio table: shared types.

An assessment's ``card`` module (named by its registry entry's ``key_figures`` and
``portfolio``) turns its result into :class:`KeyFigure` s (plain values; the summary formats
them) and declares the :class:`Column` s it adds to the portfolio table, each cell already
worded by the assessment (:class:`Cell`). Standard library only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from workbook.results import AssessmentResult

#: How a key figure reads: an estimate with interval and n, a share (with an interval when
#: given), a score out of ``scale``, seconds, months, a date (with a range when given) or text.
Kind = Literal["index", "share", "score", "seconds", "months", "date", "text"]


@dataclass(frozen=True)
class KeyFigure:
    """One number of an assessment as plain values: ``value`` with its optional ``low`` /
    ``high`` bounds (an interval, or a date range whose missing end lies beyond the horizon),
    the answers ``n`` behind it, the ``scale`` it is scored on and the ``coverage`` of its
    interval or range (0.95); ``placeholder`` is what to show when ``value`` is None."""

    label: str
    value: Any
    kind: Kind
    low: Any = None
    high: Any = None
    n: int | None = None
    scale: float | None = None
    placeholder: str = "not defined"
    coverage: float | None = None


@dataclass(frozen=True)
class Cell:
    """One company's cell of a portfolio column: ``value`` as text, its ``detail`` (an interval,
    the answers; shown below it, or in brackets in plain text) and the value it sorts by
    (``sort``; None sorts last)."""

    value: str = ""
    detail: str = ""
    sort: Any = None


@dataclass(frozen=True)
class Column:
    """A column an assessment adds to the portfolio table: its ``heading``, the ``cell`` each
    company's result gives (None: the column shows the status alone), whether the assessment's
    status mark and word show with the value (``status``) and whether it is right-aligned
    (``numeric``). A status-only column sorts by the status vocabulary's order."""

    heading: str
    cell: Callable[[AssessmentResult], Cell] | None = None
    status: bool = False
    numeric: bool = False
