"""The summary pages: a company's scorecard and the portfolio, built on the assessments' results.

Worked examples pin the rules of the summary (ranking, attention, marks, sorting) on small
hand-made results; the sample companies check that the scorecard repeats the assessments' own
statuses, figures and advice rather than judging anything again; the notebooks are run with
papermill (the summary for a company with missing data, the portfolio with a broken company and
a render failure passed in).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import nbformat
import papermill
import pytest

from workbook import charts, coherence, io, registry, summary
from workbook import format as fmt
from workbook import present as marks  # the shared status marks
from workbook.results import AssessmentResult, Recommendation, Severity
from workbook.summary import portfolio_view, present
from workbook.summary import rules as summary_rules
from workbook.summary.compute import KeyFigure, PortfolioRow

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = io.list_companies()
HEADING_NUMBER = re.compile(r"^(#+\s+)\d+\.\s", re.MULTILINE)


@pytest.fixture(scope="module")
def assessed() -> dict[str, tuple[io.Company, dict[str, AssessmentResult]]]:
    """Every sample company with its registered assessments' results (computed once)."""
    out = {}
    for slug in SAMPLES:
        company = io.load_company(slug)
        out[slug] = (company, registry.assess_company(company))
    return out


@pytest.fixture(scope="module")
def sample_portfolio() -> summary.Portfolio:
    return summary.portfolio()


def recommendation(severity: Severity, title: str, topic: str = "measure") -> Recommendation:
    return Recommendation(severity, title, f"because of {title}", topic)


def result(status: str, *recommendations: Recommendation, **missing: str) -> AssessmentResult:
    return AssessmentResult(
        status=status,
        summary=f"It is {status}.",
        recommendations=recommendations,
        missing={name.replace("_csv", ".csv"): advice for name, advice in missing.items()},
    )


# -- registry ------------------------------------------------------------------------------------


def test_the_summary_and_portfolio_are_registered_beside_the_assessments():
    assert registry.SUMMARY.id == "summary" and registry.SUMMARY.scope == "company"
    assert registry.PORTFOLIO.scope == "portfolio" and registry.PAGES[-1] is registry.PORTFOLIO
    every_input = {name for a in registry.ASSESSMENTS for name in a.inputs}
    assert set(registry.SUMMARY.inputs) == every_input
    assert len(registry.SUMMARY.inputs) == len(every_input)
    notebooks = registry.notebooks()
    assert notebooks[: len(registry.ASSESSMENTS)] == tuple(
        a.notebook_path for a in registry.ASSESSMENTS
    )
    assert {registry.SUMMARY.notebook_path, registry.PORTFOLIO.notebook_path} <= set(notebooks)
    assert all(path.is_file() for path in notebooks)
    assert sorted(notebooks) == sorted((ROOT / "notebooks").glob("*.ipynb"))


# -- worked examples -----------------------------------------------------------------------------


def test_advice_is_ranked_across_assessments_by_the_shared_severity():
    results = {
        "belonging": result("weak", recommendation(Severity.MEDIUM, "b-medium")),
        "differentiation": result(
            "clone",
            recommendation(Severity.HIGH, "d-high"),
            recommendation(Severity.LOW, "d-low"),
        ),
        "ttpmf": result(
            "overdue",
            recommendation(Severity.CRITICAL, "t-critical"),
            recommendation(Severity.HIGH, "t-high"),
        ),
    }
    ranked = summary.ranked_advice(results)
    assert [a.recommendation.title for a in ranked] == [
        "t-critical",
        "d-high",  # ties keep registry order: differentiation before ttpmf
        "t-high",
        "b-medium",
        "d-low",
    ]
    assert [a.assessment for a in ranked[:2]] == ["ttpmf", "differentiation"]
    assert ranked[0].page == "ttpmf.html" and ranked[0].title == registry.get("ttpmf").title
    assert len(summary.ranked_advice(results, limit=2)) == 2


def test_scorecard_takes_statuses_tones_and_missing_files_from_the_assessments(assessed):
    company, _ = assessed["ledgerly"]
    advice = "Add belonging_survey.csv."
    results = {
        "belonging": result("weak", belonging_survey_csv=advice),
        "differentiation": result("bold differentiation", belonging_survey_csv="other words"),
        "ttpmf": result("insufficient data", recommendation(Severity.HIGH, "Survey users")),
    }
    card = summary.scorecard(company, results)
    assert [c.id for c in card.cards] == ["belonging", "differentiation", "ttpmf"]
    assert card.tones == {"belonging": "bad", "differentiation": "warn", "ttpmf": "none"}
    assert card.missing == {"belonging_survey.csv": advice}  # each file once, first advice
    assert card.card("belonging").missing == ("belonging_survey.csv",)
    assert [a.recommendation.title for a in card.advice] == ["Survey users"]
    assert card.contradictions == ()
    assert card.timeline is None  # a bare result carries no timeline
    assert present.missing_markdown(card) == "- Add belonging\\_survey.csv."  # Markdown-escaped


def test_contradicting_advice_is_reported_on_the_scorecard(assessed):
    company, _ = assessed["ledgerly"]
    results = {
        "belonging": result("weak", recommendation(Severity.HIGH, "Heal", "strengthen-community")),
        "ttpmf": result("reached", recommendation(Severity.LOW, "Grow", "scale")),
    }
    card = summary.scorecard(company, results)
    assert len(card.contradictions) == 1 and "Heal" in card.contradictions[0]
    assert "contradict" in present.advice_markdown(card)


def row(name: str, severity: Severity | None, **tones: str) -> PortfolioRow:
    advice = None
    if severity is not None:
        advice = summary.Advice(
            "ttpmf", "TTPMF", "ttpmf.html", recommendation(severity, f"{name} advice")
        )
    return PortfolioRow(
        slug=name.lower(),
        name=name,
        stage="pre-pmf",
        statuses=dict.fromkeys(tones, "some status"),
        tones=tones,
        belonging_index=None,
        belonging_ci=None,
        respondents=0,
        reinvention_share=None,
        sean_ellis=None,
        sean_ellis_ci=None,
        sean_ellis_n=0,
        fit="none",
        months_elapsed=None,
        months_to_fit=None,
        projected_months=None,
        projected_range=None,
        top=advice,
        attention=False,
    )


def test_attention_order_is_severity_then_red_then_amber_then_name():
    rows = [
        row("Calm", Severity.LOW, belonging="good"),
        row("Amber", Severity.HIGH, belonging="warn", ttpmf="warn"),
        row("Red", Severity.HIGH, belonging="bad"),
        row("Burning", Severity.CRITICAL, belonging="good"),
        row("Quiet", None, belonging="none"),
        row("Also calm", Severity.LOW, belonging="good"),
    ]
    ordered = [r.name for r in sorted(rows, key=summary.attention_key)]
    assert ordered == ["Burning", "Red", "Amber", "Also calm", "Calm", "Quiet"]


def test_a_company_needs_attention_from_high_advice_or_a_red_status(assessed):
    company, _ = assessed["ledgerly"]

    def needs(status: str, severity: Severity) -> bool:
        results = {
            "belonging": result(status, recommendation(severity, "x")),
            "ttpmf": result("reached"),
        }
        return summary.needs_attention(summary.scorecard(company, results))

    assert summary_rules.ATTENTION_SEVERITY.value == Severity.HIGH
    assert needs("strong", Severity.HIGH) and needs("strong", Severity.CRITICAL)
    assert not needs("strong", Severity.MEDIUM) and not needs("developing", Severity.MEDIUM)
    assert needs("weak", Severity.LOW)  # a status in the red
    assert "high severity or above" in present.attention_intro()


@pytest.mark.parametrize(
    ("figure", "text"),
    [
        (KeyFigure("I", 77.04, "index", low=75.0, high=79.0, n=120), "77.0 (95% CI 75.0–79.0"),
        (KeyFigure("S", 0.56875, "share", 0.49, 0.64, n=160, coverage=0.95), "57% (95% interval"),
        (KeyFigure("S", 0.2, "share"), "20%"),
        (KeyFigure("T", 92.86, "score", scale=100.0), "93/100"),
        (KeyFigure("F", 20.4, "seconds"), "20 s"),
        (KeyFigure("M", 23.79, "months"), "23.8 months"),
        (KeyFigure("D", date(2025, 6, 14), "date"), "2025-06-14"),
        (
            KeyFigure("P", date(2026, 10, 3), "date", date(2026, 8, 7), None, coverage=0.95),
            "2026-10-03 (95% range 2026-08-07 to beyond the horizon)",
        ),
        (KeyFigure("N", None, "index", placeholder="not assessed"), "not assessed"),
    ],
)
def test_key_figures_read_with_their_interval_range_or_scale(figure, text):
    assert present.figure_text(figure).startswith(text)


def is_emoji(char: str) -> bool:
    """Emoji (the pictographs, the check marks of the assessments' tables, the variation
    selector that asks for an emoji glyph): each needs an emoji font."""
    return ord(char) >= 0x1F000 or char in "\u2705\u274c\u2796\u26a0\ufe0f"


def test_status_marks_are_coloured_shapes_not_emoji():
    shapes = {tone: marks.mark_svg(tone) for tone in ("good", "warn", "bad", "none")}
    assert len(set(shapes.values())) == 4  # each tone its own shape and colour
    for tone, svg in shapes.items():
        assert svg.startswith("<svg") and f'aria-label="{marks.TONE_WORDS[tone]}"' in svg
        assert not any(is_emoji(char) for char in svg)
    assert "circle" in shapes["good"] and "<path" in shapes["warn"] and "<rect" in shapes["bad"]
    assert 'fill="none"' in shapes["none"]  # hollow: "not assessed" is no colour at all
    html = present.status_html("on track", "good")
    assert re.sub(r"<[^>]+>", "", html).strip() == "on track" and "<svg" in html
    text_marks = "".join(marks.TEXT_MARKS.values())
    assert not any(is_emoji(char) for char in text_marks)


def test_hostile_text_from_data_is_escaped_in_every_html_block(assessed):
    company, results = assessed["tandem"]
    hostile = "<script>alert(1)</script>"
    card = summary.scorecard(company, results)
    cards = tuple(replace(c, summary=hostile + c.summary) for c in card.cards)
    card = replace(card, name=hostile, cards=cards)
    block = present.scorecard_html(card).html
    assert "<script" not in block and "&lt;script&gt;" in block
    assert "<script" not in present.header_markdown(card)
    base = summary.portfolio(["tandem"])
    hostile_row = replace(base.rows[0], name=hostile)
    portfolio = summary.Portfolio((hostile_row,), failed={"tandem": hostile})
    table = present.portfolio_html(portfolio).html
    assert "<script" not in table and "&lt;script&gt;" in table
    assert "<script" not in present.problems_markdown(portfolio)
    assert "<script" not in present.attention_markdown(portfolio)


def test_sort_positions_put_missing_values_last_both_ways():
    values = [3.0, None, 1.0, 3.0, 2.0]
    assert portfolio_view._ranks(values, descending=False) == [3, 4, 1, 3, 2]
    assert portfolio_view._ranks(values, descending=True) == [1, 4, 3, 1, 2]


def test_the_portfolio_table_sorts_by_every_column_without_a_script(sample_portfolio):
    block = present.portfolio_html(sample_portfolio).html
    assert "<script" not in block
    assert not re.search(r"<[^>]+\son\w+=", block)  # no event handler
    columns = len(present.PORTFOLIO_COLUMNS)
    for column in range(1, columns + 1):
        for direction, key in (("up", "a"), ("down", "d")):
            assert f'id="wbs-sort-{column}-{direction}"' in block
            assert f'for="wbs-sort-{column}-{direction}"' in block
            assert f"#wbs-sort-{column}-{direction}:checked ~ table td" in block
            assert f"order: var(--wbs-{key}{column})" in block
    rows = re.findall(r'<tr style="([^"]+)">', block)
    assert len(rows) == len(sample_portfolio.rows)
    for variables in rows:
        assert variables.count("--wbs-") == 2 * columns
    assert "<th" in block and "<tbody><tr" in block and "<tbody><th" not in block
    # months elapsed, largest first (descending) in the sort variables
    elapsed = present.PORTFOLIO_COLUMNS.index("Months elapsed") + 1
    firsts = [
        r.name
        for r, variables in zip(sample_portfolio.rows, rows, strict=True)
        if f"--wbs-d{elapsed}:1;" in variables + ";"
    ]
    oldest = max(sample_portfolio.rows, key=lambda r: r.months_elapsed)
    assert firsts == [oldest.name]


# -- sample companies ----------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SAMPLES)
def test_scorecard_repeats_each_assessments_own_verdict_and_figures(slug, assessed):
    company, results = assessed[slug]
    card = summary.scorecard(company, results)
    assert card.name == company.name and card.as_of == company.as_of
    for c in card.cards:
        own = results[c.id]
        assert (c.status, c.summary) == (own.status, own.summary)
        assert c.tone == registry.get(c.id).statuses[own.status]
        assert c.page == f"{c.id}.html"
    figures = {f.label: f for c in card.cards for f in c.figures}
    assert figures["Belonging Index"].value == results["belonging"].figures["index"]
    assert figures["Reinvented"].value == results["differentiation"].figures["reinvention_share"]
    assert figures["Since the start"].value == results["ttpmf"].figures["months_elapsed"]
    assert card.timeline is results["ttpmf"].timeline


@pytest.mark.parametrize("slug", SAMPLES)
def test_top_advice_is_the_most_severe_and_tells_one_story(slug, assessed):
    company, results = assessed[slug]
    card = summary.scorecard(company, results)
    every = [r for res in results.values() for r in res.recommendations]
    assert coherence.contradictions(every) == [] and card.contradictions == ()
    assert len(card.all_advice) == len(every)
    top = [a.severity for a in card.advice]
    assert len(top) == min(summary_rules.TOP_RECOMMENDATIONS.value, len(every))
    assert top == sorted(top, reverse=True)
    assert min(top) >= sorted((r.severity for r in every), reverse=True)[len(top) - 1]
    markdown = present.advice_markdown(card)
    for advice in card.advice:
        assert f"]({advice.page})" in markdown


def test_missing_data_is_said_once_even_when_a_recommendation_says_it(assessed):
    company, results = assessed["snapplate"]
    card = summary.scorecard(company, results)
    advice = card.missing["belonging_survey.csv"]
    # Issue 18 ranks fit and runway first, so this advice may fall below the top few.
    shown = any(a.recommendation.reason == advice for a in card.advice)
    text = present.advice_markdown(card) + present.missing_markdown(card)
    assert text.count(fmt.escape(advice)) == 1
    pointer = "`belonging_survey.csv`: see recommendation" in present.missing_markdown(card)
    assert pointer == shown
    assert "community\\_goals.csv" in present.missing_markdown(card)  # not advised above: said


def test_each_summary_section_has_a_finding_from_the_scorecard(assessed):
    """The summary's three numbered sections each get one sentence computed from the scorecard:
    the road to fit (status, fit, runway), which assessment lacked which data (in words, not
    file names) and how many assessments are good or need care or action."""
    company, results = assessed["snapplate"]
    card = summary.scorecard(company, results)
    found = present.section_findings(card).by_section
    assert sorted(found) == [1, 2, 3]
    assert found[1].startswith("Overdue: no fit after 30.8 months")
    assert "5.0 months of runway left" in found[1]
    assert found[2].startswith(
        "Belonging could not use the belonging survey, community activity and community goals data"
    )
    assert ".csv" not in found[2]
    assert found[3] == (
        "Of the 3 assessments, 2 need action and 1 is not assessed; each page gives the "
        "evidence and all of its advice."
    )
    ledgerly = summary.scorecard(*assessed["ledgerly"])
    shown = present.section_findings(ledgerly).by_section
    assert shown[1].startswith("Reached: fit was confirmed 15.4 months after the start")
    assert shown[2] == "Every assessment had the data it needs."
    assert shown[3].startswith("Of the 3 assessments, 3 are good;")


@pytest.mark.parametrize("slug", SAMPLES)
def test_scorecard_blocks_and_chart_for_every_sample(slug, assessed):
    company, results = assessed[slug]
    card = summary.scorecard(company, results)
    html = present.scorecard_html(card)
    bundle = html._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    for c in card.cards:
        assert f'href="{c.page}"' in bundle["text/html"] and c.status in bundle["text/plain"]
    links = present.links_markdown(card)
    assert all(f"({page})" in links for page in ("belonging.html", "ttpmf.html"))
    spec = charts.road_to_fit_chart(card.timeline).to_dict()
    text = json.dumps(spec)
    assert "12-month mark" in text and "24-month mark" in text
    assert "started " in text
    timeline = card.timeline
    if timeline.fit_date is not None:
        assert "fit confirmed" in text
    elif timeline.projection is not None and timeline.projection.date is not None:
        assert "projected " in text and "range" in text
    if timeline.runway_end is not None:
        assert "runway ends" in text
    assert present.timeline_markdown(card).startswith("Started ")


def test_the_chart_cuts_a_wide_projection_range_at_its_edge_and_says_where_it_ends(assessed):
    _, results = assessed["tandem"]
    # A wide but finite range (issue 18: the sample's own range now reaches "never").
    wide = replace(results["ttpmf"].timeline.projection, high_date=date(2033, 6, 1))
    timeline = replace(results["ttpmf"].timeline, projection=wide)
    assert timeline.projection.high_date > date(2032, 1, 1)
    spec = charts.road_to_fit_chart(timeline).to_dict()
    text = json.dumps(spec)
    assert "triangle-right" in text and timeline.projection.high_date.isoformat() in text
    domain_end = next(
        layer["encoding"]["x"]["scale"]["domain"][1]
        for layer in spec["layer"]
        if "x" in layer.get("encoding", {}) and "scale" in layer["encoding"]["x"]
    )
    assert domain_end < timeline.projection.high_date.isoformat()


def test_the_portfolio_lists_every_sample_most_urgent_first(sample_portfolio):
    rows = sample_portfolio.rows
    assert sorted(r.slug for r in rows) == sorted(SAMPLES)
    assert [r.slug for r in rows] == [r.slug for r in sorted(rows, key=summary.attention_key)]
    # Issue 18: stallhop's share has stalled and tandem's range reaches "never": both at risk.
    assert [r.slug for r in sample_portfolio.attention] == ["snapplate", "stallhop", "tandem"]
    assert sample_portfolio.problems == ()
    ledgerly = sample_portfolio.row("ledgerly")
    assert ledgerly.fit == "confirmed" and ledgerly.months_to_fit is not None
    assert ledgerly.href == "ledgerly/index.html"
    tandem = sample_portfolio.row("tandem")
    assert tandem.projected_months is not None and tandem.projected_range[0] is not None
    assert "projected" in present.months_to_fit_text(tandem)
    assert sample_portfolio.row("stallhop").fit == "provisional"
    assert sample_portfolio.row("snapplate").belonging_index is None
    markdown = present.attention_markdown(sample_portfolio)
    assert "(snapplate/index.html)" in markdown and "(snapplate/ttpmf.html)" in markdown
    table = present.portfolio_table(sample_portfolio)
    assert list(table.columns) == list(present.PORTFOLIO_COLUMNS)
    html = present.portfolio_html(sample_portfolio).html
    for slug in SAMPLES:
        assert f'href="{slug}/index.html"' in html and f'href="{slug}/belonging.html"' in html


def test_the_portfolio_charts_compare_every_company_they_can_place(sample_portfolio):
    fit = json.dumps(charts.portfolio_fit_chart(sample_portfolio).to_dict())
    for r in sample_portfolio.rows:
        assert r.name in fit
    assert "12-month mark" in fit and "fit provisional" in fit and "range to month" in fit
    position = charts.portfolio_position_chart(sample_portfolio).to_dict()
    text = json.dumps(position)
    assert "Not shown, without a Belonging Index or a reinvention share: Snapplate" in text
    assert "respondents" in text and "needs attention" in text
    empty = summary.Portfolio(())
    charts.portfolio_fit_chart(empty).to_dict()
    charts.portfolio_position_chart(empty).to_dict()


@pytest.fixture(scope="module")
def broken_data_dir(tmp_path_factory) -> Path:
    """The samples, plus a company whose survey has an invalid value."""
    data_dir = tmp_path_factory.mktemp("portfolio-data")
    shutil.copytree(ROOT / "data" / "instruments", data_dir / "instruments")
    for slug in ("ledgerly", "snapplate"):
        shutil.copytree(ROOT / "data" / "companies" / slug, data_dir / "companies" / slug)
    broken = data_dir / "companies" / "broken-co"
    shutil.copytree(ROOT / "data" / "companies" / "tandem", broken)
    survey = broken / "pmf_survey.csv"
    lines = survey.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[1] = "not-a-date"
    survey.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", "utf-8")
    return data_dir


def test_a_company_with_invalid_data_is_listed_with_why_not_assessed(broken_data_dir):
    portfolio = summary.portfolio(
        data_dir=broken_data_dir, failed={"ledgerly": "Belonging: the notebook raised KeyError"}
    )
    assert [r.slug for r in portfolio.rows] == ["snapplate", "ledgerly"]
    [unassessed] = portfolio.unassessed
    assert unassessed.slug == "broken-co" and unassessed.name == "Tandem"
    assert "workbook validate broken-co" in unassessed.reason
    assert "pmf_survey.csv" in unassessed.reason
    problems = present.problems_markdown(portfolio)
    assert "broken-co" in problems and "KeyError" in problems
    assert "pages failed to render" in present.portfolio_html(portfolio).html
    assert "2 failed to render" in present.portfolio_header(portfolio)


# -- notebooks -----------------------------------------------------------------------------------


def typed_numbers(markdown: str) -> list[str]:
    return re.findall(r"\S*\d\S*", HEADING_NUMBER.sub(r"\1", markdown))


@pytest.mark.parametrize("page", registry.PAGES, ids=lambda page: page.id)
def test_page_notebooks_type_no_number_and_are_committed_clean(page):
    notebook = nbformat.read(page.notebook_path, as_version=4)
    prose = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    assert [n for text in prose for n in typed_numbers(text)] == []
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    assert all(cell.get("execution_count") for cell in code), "not executed"
    outputs = json.dumps([cell.get("outputs", []) for cell in code])
    assert '"output_type": "error"' not in outputs and '"name": "stderr"' not in outputs
    assert str(ROOT) not in outputs
    namespace: dict[str, object] = {}
    exec(code[0].source, namespace)
    assert namespace["data_dir"] is None
    if page.scope == "company":
        assert namespace["company"] == "ledgerly"
    else:
        assert namespace["companies"] is None and namespace["failed"] == {}


def run(notebook: Path, output: Path, **parameters: object) -> str:
    papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(output.parent),
        progress_bar=False,
    )
    executed = nbformat.read(output, as_version=4)
    for cell in executed.cells:
        for item in cell.get("outputs", []):
            assert item.output_type != "error", item.get("evalue")
            assert not (item.output_type == "stream" and item.name == "stderr"), item.text
    return json.dumps([cell.get("outputs", []) for cell in executed.cells])


@pytest.mark.slow
def test_summary_notebook_for_a_company_without_community_data(tmp_path):
    """A company without community data gets its summary: its card says in words which data
    could not be used, and the missing-data advice names the file to add, once."""
    text = run(registry.SUMMARY.notebook_path, tmp_path / "out.ipynb", company="snapplate")
    assert "Snapplate" in text and "overdue" in text
    assert "Could not use the belonging survey" in text
    assert "wbs-scorecard" in text and "Road to fit" in text
    markdown = "".join(
        item.get("data", {}).get("text/markdown", "")
        for outputs in json.loads(text)
        for item in outputs
    )
    assert markdown.count("No belonging\\_survey.csv yet") == 1  # said once


@pytest.mark.slow
def test_portfolio_notebook_renders_for_the_samples_with_failures(broken_data_dir, tmp_path):
    failed = {"snapplate": "Time to product/market fit: cell 9 raised ValueError: boom"}
    text = run(
        registry.PORTFOLIO.notebook_path,
        tmp_path / "portfolio.ipynb",
        data_dir=str(broken_data_dir),
        failed=failed,
    )
    assert "snapplate/index.html" in text and "ledgerly/index.html" in text
    assert "cell 9 raised ValueError: boom" in text
    assert "workbook validate broken-co" in text
    assert "Time to fit: months elapsed" in text and "Belonging and reinvention" in text
    only = run(
        registry.PORTFOLIO.notebook_path,
        tmp_path / "one.ipynb",
        data_dir=str(broken_data_dir),
        companies=["ledgerly"],
    )
    assert "Ledgerly" in only and "Snapplate" not in only
