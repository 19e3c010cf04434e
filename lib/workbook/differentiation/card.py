"""Differentiation on the summary card and in the portfolio table: its key figures and column.

Named by the registry entry (``key_figures``, ``portfolio``); read only the result's figures.
"""

from __future__ import annotations

from workbook import format as fmt
from workbook.keyfigures import Cell, Column, KeyFigure
from workbook.results import AssessmentResult


def key_figures(result: AssessmentResult) -> tuple[KeyFigure, ...]:
    """How much was reinvented, how much of it in the core, and how soon it is felt."""
    figures = result.figures
    return (
        KeyFigure("Reinvented", figures.get("reinvention_share"), "share"),
        KeyFigure("Of that, in the core", figures.get("core_share"), "share"),
        KeyFigure(
            "Core difference felt after",
            figures.get("seconds_to_differentiation"),
            "seconds",
            placeholder="no reinvented core feature",
        ),
    )


def reinvention_cell(result: AssessmentResult) -> Cell:
    """The reinvention share ("21%")."""
    share = result.figures.get("reinvention_share")
    return Cell(fmt.share(share), sort=share)


#: Its column of the portfolio table: the reinvention share, with the status below it.
PORTFOLIO_COLUMNS = (Column("Reinvention share", reinvention_cell, status=True, numeric=True),)
