"""The founder pages' wording, read from the presentation functions (no render, fast).

Decisions a workshop recorded open *What to do first* on the summary and show on the portfolio;
each assessment section opens with its one-line finding, computed from the result.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from workbook import format as fmt
from workbook import io, registry, summary
from workbook.summary import present

SLUG = "ledgerly"


@pytest.fixture(scope="module")
def assessed() -> tuple[io.Company, dict]:
    company = io.load_company(SLUG)
    return company, registry.assess_company(company)


DECISIONS = (
    io.Decision("Publish house rules", "Mia", date(2026, 9, 30)),
    io.Decision("Call ten churned teams", "Omar <b>", date(2026, 10, 15)),
)


def test_recorded_decisions_open_what_to_do_first_then_the_ranking(assessed) -> None:
    company, results = assessed
    card = summary.scorecard(company, results)
    assert card.advice, "the sample must have ranked advice for this test to mean anything"
    without = present.advice_markdown(card)
    assert present.DECISIONS_HEADING not in without
    decided = replace(card, decisions=DECISIONS)
    text = present.advice_markdown(decided)
    first = text.index("Publish house rules")
    second = text.index("Call ten churned teams")
    ranked = text.index(decided.advice[0].recommendation.title.replace("_", "\\_"))
    assert text.index(present.DECISIONS_HEADING) < first < second < ranked
    assert f"**Mia**, by {fmt.day(date(2026, 9, 30))}" in text
    assert "<b>" not in text  # an owner's name is escaped
    # the ranking below keeps its own numbering, so "see recommendation 1 above" still holds
    assert "\n1. **" in text[ranked - 10 :]
    # the header no longer repeats them
    assert "Publish house rules" not in present.header_markdown(decided)


def test_the_portfolio_lists_each_companys_decisions_with_owner_and_date() -> None:
    everyone = summary.portfolio([SLUG])
    row = replace(everyone.rows[0], decisions=DECISIONS, attention=True)
    decided = replace(everyone, rows=(row,))
    page = present.portfolio_html(decided).html
    assert "2 decisions recorded" in page
    assert "Publish house rules (Mia, by " in page
    assert "Omar &lt;b&gt;" in page and "Omar <b>" not in page
    attention = present.attention_markdown(decided)
    assert "Decided: Publish house rules (Mia, by " in attention
    undecided = replace(everyone, rows=(replace(row, decisions=()),))
    assert "decisions recorded" not in present.portfolio_html(undecided).html
    assert "Decided:" not in present.attention_markdown(undecided)
