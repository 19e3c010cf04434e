"""Belonging on the summary card and in the portfolio table: its key figures and its column.

Named by the registry entry (``key_figures``, ``portfolio``); read only the result's figures.
"""

from __future__ import annotations

from workbook import format as fmt
from workbook.belonging import rules
from workbook.keyfigures import Cell, Column, KeyFigure
from workbook.results import AssessmentResult


def key_figures(result: AssessmentResult) -> tuple[KeyFigure, ...]:
    """The Belonging Index (interval, respondents) and the trust & safety score."""
    figures = result.figures
    low, high = figures.get("index_ci") or (None, None)
    return (
        KeyFigure(
            "Belonging Index",
            figures.get("index"),
            "index",
            low=low,
            high=high,
            n=figures.get("n"),
            scale=rules.INDEX_MAX.value,
            placeholder="not assessed",
        ),
        KeyFigure(
            "Trust & safety score",
            figures.get("trust_safety_score"),
            "score",
            scale=rules.TRUST_SAFETY_SCALE.value,
            placeholder="not assessed",
        ),
    )


def index_cell(result: AssessmentResult) -> Cell:
    """The Belonging Index with its interval and respondents ("77.0", "75.0–79.0, n = 120")."""
    figures = result.figures
    index = figures.get("index")
    if index is None:
        return Cell(fmt.NOT_DEFINED)
    detail = f"n = {int(figures.get('n') or 0)}"
    if figures.get("index_ci"):
        low, high = figures["index_ci"]
        detail = f"{fmt.interval(low, high, as_share=False)}, {detail}"
    return Cell(fmt.number(index), detail, index)


#: Its column of the portfolio table: the index, with the status below it.
PORTFOLIO_COLUMNS = (Column("Belonging Index", index_cell, status=True, numeric=True),)
