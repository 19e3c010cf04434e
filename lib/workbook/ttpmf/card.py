"""Time to fit on the summary card and in the portfolio table: its key figures and columns.

Named by the registry entry (``key_figures``, ``portfolio``); read the result's figures and the
fit finding and timeline it carries.
"""

from __future__ import annotations

from typing import Any

from workbook import format as fmt
from workbook.keyfigures import Cell, Column, KeyFigure
from workbook.results import AssessmentResult
from workbook.stats import CONFIDENCE
from workbook.ttpmf.compute import projection_coverage


def _judged(result: AssessmentResult) -> Any:
    """The Sean Ellis score of the wave fit is judged on (None without one)."""
    return getattr(getattr(result, "fit", None), "judged", None)


def key_figures(result: AssessmentResult) -> tuple[KeyFigure, ...]:
    """The Sean Ellis share fit is judged on, the months since the start, the fit date (or its
    projection with its range) and the marketing buffer."""
    figures = result.figures
    judged = _judged(result)
    score = KeyFigure(
        "Sean Ellis share",
        None if judged is None else judged.share,
        "share",
        low=None if judged is None else judged.ci_low,
        high=None if judged is None else judged.ci_high,
        n=None if judged is None else judged.n,
        placeholder="no answers yet",
        coverage=CONFIDENCE,
    )
    if figures.get("fit") == "confirmed":
        fit = KeyFigure("Fit confirmed", figures.get("fit_date"), "date")
    elif figures.get("fit") == "provisional":
        fit = KeyFigure("Fit", "provisional, to be confirmed", "text")
    else:
        low, high = figures.get("projected_fit_range") or (None, None)
        fit = KeyFigure(
            "Projected fit",
            figures.get("projected_fit_date"),
            "date",
            low=low,
            high=high,
            placeholder="none in sight",
            coverage=projection_coverage(),
        )
    return (
        score,
        KeyFigure("Since the start", figures.get("months_elapsed"), "months"),
        fit,
        KeyFigure(
            "Marketing buffer",
            figures.get("buffer_months"),
            "months",
            placeholder="not defined",
        ),
    )


def months_to_fit_text(
    months_to_fit: float | None,
    fit: str,
    projected_months: float | None,
    projected_range: tuple[float | None, float | None] | None,
) -> str:
    """Months from the start to fit: confirmed, provisional, projected with its range, or none."""
    if months_to_fit is not None:
        return f"{fmt.number(months_to_fit)} (confirmed)"
    if fit == "provisional":
        return "provisional, not yet confirmed"
    if projected_months is not None:
        text = f"{fmt.number(projected_months)} projected"
        if projected_range is not None:
            low, high = projected_range
            low_text = fmt.number(low, placeholder="beyond the horizon")
            high_text = fmt.number(high, placeholder="beyond the horizon")
            coverage = fmt.share(projection_coverage())
            text += f" ({coverage} range {low_text} to {high_text})"
        return text
    return "none in sight"


def sean_ellis_cell(result: AssessmentResult) -> Cell:
    """The Sean Ellis share fit is judged on, with its interval and answers."""
    judged = _judged(result)
    if judged is None:
        return Cell("no answers yet")
    detail = f"{fmt.interval(judged.ci_low, judged.ci_high)}, n = {judged.n}"
    return Cell(fmt.share(judged.share), detail, judged.share)


def months_elapsed_cell(result: AssessmentResult) -> Cell:
    """Months since the start."""
    months = result.figures.get("months_elapsed")
    return Cell(fmt.number(months), sort=months)


def months_to_fit_cell(result: AssessmentResult) -> Cell:
    """Months to fit (confirmed, or projected with its range); sorts by the months."""
    months = result.figures.get("months_to_fit")
    timeline = getattr(result, "timeline", None)
    projection = None if timeline is None else timeline.projection
    projected, projected_range = None, None
    if projection is not None and projection.month is not None:
        projected, projected_range = projection.month, (projection.low_month, projection.high_month)
    fit = str(result.figures.get("fit") or "none")
    text = months_to_fit_text(months, fit, projected, projected_range)
    return Cell(text, sort=months if months is not None else projected)


#: Its columns of the portfolio table.
PORTFOLIO_COLUMNS = (
    Column("Sean Ellis share", sean_ellis_cell, numeric=True),
    Column("TTPMF status", status=True),
    Column("Months elapsed", months_elapsed_cell, numeric=True),
    Column("Months to fit", months_to_fit_cell),
)
