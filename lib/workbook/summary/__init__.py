"""The summary pages: one company's scorecard and the portfolio of every company.

Built on the registered assessments' results and nothing else (:mod:`~.compute`: plain, frozen
data; :mod:`~.present`: HTML blocks, tables and Markdown; :mod:`~.rules`: the one rule of its
own, which companies need attention first). Charts are in :mod:`workbook.charts.summary`::

    from workbook import io, summary

    card = summary.scorecard(io.load_company("ledgerly"))
    card.cards[0].status, card.advice[0].recommendation.title, summary.present.scorecard_html(card)
    everyone = summary.portfolio()  # every company of the data folder, most urgent first
"""

from workbook.summary import compute, present, rules
from workbook.summary.compute import (
    Advice,
    Card,
    KeyFigure,
    Portfolio,
    PortfolioRow,
    Scorecard,
    Unassessed,
    attention_key,
    company_page,
    needs_attention,
    page,
    portfolio,
    portfolio_columns,
    portfolio_row,
    ranked_advice,
    scorecard,
)

__all__ = [
    "Advice",
    "Card",
    "KeyFigure",
    "Portfolio",
    "PortfolioRow",
    "Scorecard",
    "Unassessed",
    "attention_key",
    "company_page",
    "compute",
    "needs_attention",
    "page",
    "portfolio",
    "portfolio_columns",
    "portfolio_row",
    "present",
    "ranked_advice",
    "rules",
    "scorecard",
]
