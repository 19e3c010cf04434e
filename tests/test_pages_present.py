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
from workbook.present import Findings
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


# -- each section opens with its one-line finding --------------------------------------------


def _page_with_findings(findings: Findings) -> str:
    """A small executed notebook, converted with the workbook's template: two sections, then
    the findings output (as the assessment notebooks end)."""
    import nbformat
    from IPython.core.formatters import format_display_data

    from workbook.render.html import to_html

    data, metadata = format_display_data(findings)
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_markdown_cell("## 1. First\n\nHow the first is measured."),
        nbformat.v4.new_markdown_cell("## 2. Second\n\nHow the second is measured."),
        nbformat.v4.new_code_cell(
            "present.section_findings(result)",
            outputs=[nbformat.v4.new_output("display_data", data=data, metadata=metadata)],
        ),
    ]
    return to_html(nb, {"company": "Acme", "title": "Test", "pages": [], "source": ""})


def test_a_section_opens_with_its_finding_before_the_folded_method() -> None:
    page = _page_with_findings(Findings({1: "It is **fine** <b>.", 2: "Second finding."}))
    first = page.index("<h2>1. First</h2>")
    finding = page.index('class="wb-finding"', first)
    folded = page.index("What this section looks at", first)
    assert first < finding < folded
    assert "<strong>fine</strong>" in page[finding:folded]
    assert page.index("Second finding.") > page.index("<h2>2. Second</h2>")
    # the list itself is not repeated at the end of the page
    assert "What each section found" not in page
    assert page.count("Second finding.") == 1


def test_a_section_without_a_finding_shows_none() -> None:
    page = _page_with_findings(Findings({2: "Only the second."}))
    first = page.index("<h2>1. First</h2>")
    assert page.find('class="wb-finding"', first) > page.index("<h2>2. Second</h2>")


@pytest.mark.parametrize("slug", io.list_companies())
def test_ttpmf_findings_come_from_the_result(slug: str) -> None:
    from workbook import ttpmf
    from workbook.ttpmf import present as ttpmf_present

    result = ttpmf.assess(io.load_company(slug))
    found = ttpmf_present.section_findings(result).by_section
    assert found[7].startswith(f"**TTPMF status: {result.status}**")
    assert found[6] == result.summary
    for text in found.values():
        assert "\n" not in text and ".csv" not in text and "notebook" not in text
    if result.trajectory is not None:
        latest = result.trajectory.scored_waves.iloc[-1]
        assert f"{fmt.share(latest['share'], 1)} very disappointed" in found[2]


def test_a_group_of_checks_reads_as_one_line() -> None:
    from workbook.present import checks_finding
    from workbook.results import Check

    good = Check("Founding members", "pass", "40 founding members is within 10–50")
    care = Check("Channels", "warn", "5 channels, more than 3. Keep one room.")
    bad = Check("Owner", "fail", "Nobody runs the community")
    skipped = Check("Network", "not assessed", "Not applicable")
    assert checks_finding([good]) == "40 founding members is within 10–50"
    assert checks_finding([good, good]) == "All 2 checks pass."
    assert checks_finding([good, care, bad, skipped]) == (
        "1 of 3 checks pass; **Owner** fails: Nobody runs the community"
    )
    assert checks_finding([care]) == "**Channels** needs care: 5 channels, more than 3."
    assert checks_finding([skipped]) == "Not assessed."


@pytest.mark.parametrize("slug", io.list_companies())
def test_belonging_and_differentiation_findings_come_from_the_result(slug: str) -> None:
    from workbook import belonging, differentiation
    from workbook.belonging import present as belonging_present
    from workbook.differentiation import present as differentiation_present

    company = io.load_company(slug)
    found = belonging_present.section_findings(belonging.assess(company)).by_section
    result = belonging.assess(company)
    assert found[8] == result.summary
    if result.index is None:
        assert found[2] == "No survey answers yet."
    else:
        assert fmt.number(result.index.value) in found[2]
    other = differentiation.assess(company)
    verdict = differentiation_present.section_findings(other).by_section
    assert verdict[8] == f"**Verdict: {other.status}.**" + verdict[8].split(".**", 1)[1]
    for text in [*found.values(), *verdict.values()]:
        assert "\n" not in text and ".csv" not in text
