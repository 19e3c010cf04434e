"""Pages a founder reads in two minutes (issue 21), read from rendered pages.

One module fixture renders a copy of every sample company and the portfolio, keeps the pages,
lowers one company's Sean Ellis answers and renders again (only what changed), so that the tests
read the first render (the reading path, engineering words, the table of contents, dates,
"nothing to compare yet") and the second (what changed, on the summary, the assessment page and
the portfolio). Rendering runs notebooks: every test here is ``slow``.
"""

from __future__ import annotations

import io as text_io
import json
import os
import re
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

from workbook import registry
from workbook.present import NOTHING_TO_COMPARE
from workbook.render import runner
from workbook.render.pdf import find_chromium

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data"
SLUG = "ledgerly"  # the company whose data the second render changes
AS_OF = "2026-02-23"  # the sample's last dated row
SLUGS = sorted(path.name for path in (SAMPLES / "companies").iterdir() if path.is_dir())
ASSESSMENT_PAGES = [f"{SLUG}/{item.id}.html" for item in registry.ASSESSMENTS]
SUMMARY_PAGE = f"{SLUG}/index.html"
PORTFOLIO_PAGE = "index.html"
ALL_PAGES = [SUMMARY_PAGE, *ASSESSMENT_PAGES, PORTFOLIO_PAGE]
#: Every page of every sample company, then the portfolio.
COMPANY_PAGES = ["index.html", *(f"{item.id}.html" for item in registry.ASSESSMENTS)]
EVERY_PAGE = [*(f"{slug}/{page}" for slug in SLUGS for page in COMPANY_PAGES), PORTFOLIO_PAGE]
#: Words of the tool, the code and the method that a reader should meet only when they open a
#: folded note or read the footer: the data contract's file names, module and command names.
ENGINEERING_WORDS = [
    *sorted({name for item in registry.ASSESSMENTS for name in item.inputs}),
    "company.yaml",
    "team_assessment.yaml",
    "data-contract",
    "workbook.",
    "workbook render",
    "workbook workshop",
    "workbook import",
    "workbook survey",
    "workbook validate",
    "workbook assess",
    "make pdf",
    "notebook",
    "papermill",
    "Jeffreys",
    "seed",
]
WORD_LIMIT = 600
#: Elements without an end tag.
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"})


class PageText(HTMLParser):
    """A page's visible text, split into the reading path (outside ``<details>``, the footer
    and the advice on supplying missing data, marked ``wb-missing-data``), the part before the
    section break, and the ids and links it holds."""

    HIDDEN: ClassVar[frozenset[str]] = frozenset({"style", "title", "svg", "script"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.reading: list[str] = []
        self.before_break: list[str] = []
        self.folded: list[str] = []
        self.ids: set[str] = set()
        self.toc_links: list[str] = []
        self.sections: list[str] = []
        self.broke = False
        self._hidden = 0
        self._details = 0
        self._footer = 0
        self._toc = 0
        self._missing: list[str] = []  # open tags from an element marked wb-missing-data

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        classes = (found.get("class") or "").split()
        if (self._missing and tag not in VOID) or "wb-missing-data" in classes:
            self._missing.append(tag)
        if tag in self.HIDDEN:
            self._hidden += 1
        elif tag == "details":
            self._details += 1
        elif tag == "footer":
            self._footer += 1
        elif tag == "nav" and "wb-toc" in classes:
            self._toc += 1
        elif tag == "hr" and "wb-section-break" in classes:
            self.broke = True
        elif tag == "a" and self._toc:
            self.toc_links.append(str(found.get("href")))
        elif tag == "section" and self.broke and found.get("id", "").startswith("section-"):
            self.sections.append(str(found["id"]))

    def handle_endtag(self, tag: str) -> None:
        if self._missing and self._missing[-1] == tag:
            self._missing.pop()
        if tag in self.HIDDEN:
            self._hidden -= 1
        elif tag == "details":
            self._details -= 1
        elif tag == "footer":
            self._footer -= 1
        elif tag == "nav" and self._toc:
            self._toc -= 1

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._details or self._footer or self._missing:
            self.folded.append(data)
            return
        self.reading.append(data)
        if not self.broke:
            self.before_break.append(data)

    @classmethod
    def of(cls, page: str) -> PageText:
        parser = cls()
        parser.feed(page)
        parser.close()
        return parser

    @property
    def reading_text(self) -> str:
        return " ".join(" ".join(self.reading).split())

    @property
    def words_before_break(self) -> int:
        return len(" ".join(self.before_break).split())


@dataclass
class Rendered:
    out: Path
    first: dict[str, str]
    second: dict[str, str]


def _read(out: Path) -> dict[str, str]:
    return {name: (out / name).read_text(encoding="utf-8") for name in EVERY_PAGE}


def _render(root: Path, out: Path) -> runner.RunSummary:
    options = runner.Options(data_dir=root, out_dir=out, jobs=2, progress=False)
    summary = runner.render_reports([], options, log=text_io.StringIO())
    assert summary.ok, runner.report_text(summary)
    return summary


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    root = tmp_path_factory.mktemp("pages-data")
    shutil.copytree(SAMPLES / "instruments", root / "instruments")
    shutil.copytree(SAMPLES / "companies", root / "companies")
    out = root / "reports"
    _render(root, out)
    first = _read(out)
    # Every "very disappointed" answer becomes "not disappointed": fit is lost.
    survey = root / "companies" / SLUG / "pmf_survey.csv"
    survey.write_text(survey.read_text(encoding="utf-8").replace(",very,", ",not,"), "utf-8")
    _render(root, out)
    return Rendered(out, first, _read(out))


@pytest.mark.parametrize("name", ASSESSMENT_PAGES)
def test_an_assessment_page_reads_in_two_layers(rendered: Rendered, name: str) -> None:
    text = PageText.of(rendered.first[name])
    assert text.broke, "no section break"
    assert 50 < text.words_before_break <= WORD_LIMIT
    before = " ".join(text.before_break)
    assert "What to do next" in before or "No recommendations" in before
    assert "Workshop" not in text.reading_text and "live editor" not in rendered.first[name]


@pytest.mark.parametrize("name", EVERY_PAGE)
def test_no_engineering_words_in_the_reading_path(rendered: Rendered, name: str) -> None:
    """No page of any sample company, nor the portfolio, names a data file, a module, a
    command or a method detail where a founder reads; only the folded notes, the footer and
    the advice on supplying missing data may."""
    text = PageText.of(rendered.first[name])
    reading = text.reading_text.casefold()
    found = [word for word in ENGINEERING_WORDS if word.casefold() in reading]
    assert found == [], f"{name}: {found}"
    # The words are there, folded, for whoever wants the method.
    if name.split("/")[-1] in COMPANY_PAGES[1:]:
        assert "notebook" in " ".join(text.folded)


@pytest.mark.parametrize("item", registry.ASSESSMENTS, ids=lambda item: item.id)
def test_sections_open_with_their_finding_before_the_folded_method(
    rendered: Rendered, item
) -> None:
    """The finding each assessment's ``section_findings`` computes sits right under its
    section's heading, before "What this section looks at"."""
    import importlib

    from workbook import io

    company = io.load_company(SLUG, rendered.out.parent)
    result = registry.assess_company(company)[item.id]
    present = importlib.import_module(f"workbook.{item.id}.present")
    findings = present.section_findings(result).by_section
    page = rendered.second[f"{SLUG}/{item.id}.html"]
    headings = [(m.start(), m.group(1)) for m in re.finditer(r"<h2>(\d+)\. ", page)]
    assert len(findings) >= 5
    for start, number in headings:
        shown = page.find('class="wb-finding"', start)
        next_heading = min([s for s, _ in headings if s > start] or [len(page)])
        if int(number) in findings:
            assert start < shown < next_heading, (item.id, number)
            folded = page.find("What this section looks at", start)
            assert folded == -1 or folded > shown or folded > next_heading
        else:
            assert not start < shown < next_heading, (item.id, number)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_summary_section_opens_with_its_finding(rendered: Rendered, slug: str) -> None:
    """Right under each numbered heading of a company's summary page stands one plain sentence
    saying what that section found, before anything else of the section."""
    page = rendered.first[f"{slug}/index.html"]
    sections = re.findall(
        r'<section class="wb-cell wb-prose" id="section-\d+">\s*<h2>([^<]+)</h2>\s*(.*?)</section>',
        page,
        re.S,
    )
    assert len(sections) == 3, sections
    for heading, body in sections:
        assert body.startswith('<div class="wb-finding">'), heading
        finding = PageText.of(body.split("</div>")[0]).reading_text
        assert len(finding.split()) >= 5 and finding.endswith("."), (heading, finding)
        assert not re.search(r"[.!?] [A-Z]", finding), f"more than one sentence: {finding}"
        assert not [word for word in ENGINEERING_WORDS if word.casefold() in finding.casefold()]


@pytest.mark.parametrize("name", ALL_PAGES)
def test_table_of_contents_links_every_section(rendered: Rendered, name: str) -> None:
    text = PageText.of(rendered.first[name])
    assert text.sections, "no numbered section"
    assert text.toc_links == [f"#{section}" for section in text.sections]
    assert all(link[1:] in text.ids for link in text.toc_links)


def test_summary_opens_with_statuses_and_the_top_three_actions(rendered: Rendered) -> None:
    text = PageText.of(rendered.first[SUMMARY_PAGE])
    before = " ".join(" ".join(text.before_break).split())
    stand, act = before.find("Where you stand"), before.find("What to do first")
    assert 0 <= stand < act
    for item in registry.ASSESSMENTS:
        assert item.title in before[stand:act]
    listed = rendered.first[SUMMARY_PAGE].split("What to do first")[1].split("<ol>")[1]
    assert listed.split("</ol>")[0].count("<li>") == 3


@pytest.mark.parametrize("name", ALL_PAGES)
def test_every_page_is_dated(rendered: Rendered, name: str) -> None:
    page = rendered.first[name]
    footer = page.split('<footer class="wb-footer">')[1]
    assert re.search(r"rendered <span class=\"wb-date\">\d{4}-\d{2}-\d{2}</span>", footer)
    header = page.split('class="wb-cell wb-outputs wb-page-header"')
    if name == PORTFOLIO_PAGE:
        assert f'data-label="Data as of"><span class="wb-date">{AS_OF}</span>' in page
    else:
        assert len(header) == 2 and AS_OF in header[1].split("</section>")[0]


def test_a_first_render_has_nothing_to_compare(rendered: Rendered) -> None:
    for name in [SUMMARY_PAGE, *ASSESSMENT_PAGES]:
        assert NOTHING_TO_COMPARE in rendered.first[name], name
    assert "nothing to compare yet" in rendered.first[PORTFOLIO_PAGE]


def _since(page: str) -> str:
    """The text of the page's "what changed" blocks."""
    blocks = re.findall(r'<section class="wb-change">(.*?)</section>', page, re.S)
    return " ".join(PageText.of(block).reading_text for block in blocks)


def test_a_change_in_the_data_shows_on_the_summary_the_page_and_the_portfolio(
    rendered: Rendered,
) -> None:
    summary = _since(rendered.second[SUMMARY_PAGE])
    ttpmf = _since(rendered.second[f"{SLUG}/ttpmf.html"])
    for text in (summary, ttpmf):
        assert text.startswith("Since the render of 20")
        assert re.search(r"Time to product/market fit: reached → (?!reached)\w", text), text
        assert re.search(r"▼ Sean Ellis share: \d+% → 0% \(-\d+\.\d percentage points\)", text)
    # Belonging did not change: its page still has nothing to compare.
    assert NOTHING_TO_COMPARE in rendered.second[f"{SLUG}/belonging.html"]
    row = PageText.of(rendered.second[PORTFOLIO_PAGE]).reading_text
    assert re.search(r"since 20\d\d-\d\d-\d\d .*reached → .*▼ Sean Ellis share", row), row


def test_history_is_kept_and_listed_in_the_manifest(rendered: Rendered) -> None:
    kept = sorted((rendered.out / "history" / SLUG).glob("*.json"))
    assert len(kept) == 2
    first, second = (json.loads(path.read_text(encoding="utf-8")) for path in kept)
    assert first["assessments"]["ttpmf"]["status"] == "reached"
    assert second["assessments"]["ttpmf"]["status"] != "reached"
    assert first["slug"] == SLUG and first["as_of"] == AS_OF
    listed = json.loads((rendered.out / "manifest.json").read_text(encoding="utf-8"))["history"]
    assert listed[SLUG] == [path.relative_to(rendered.out).as_posix() for path in kept]
    assert sorted(listed) == SLUGS


def test_the_portfolio_sorts_by_what_changed(rendered: Rendered) -> None:
    page = rendered.second[PORTFOLIO_PAGE]
    headings = re.findall(r'<label for="wbs-sort-(\d+)-up" class="wbs-up">([^<]+)</label>', page)
    column = dict((heading, number) for number, heading in headings)["Changed since last render"]
    assert f'id="wbs-sort-{column}-up"' in page and f"--wbs-a{column}:" in page


# -- a phone's screen --------------------------------------------------------------------------

PHONE_WIDTH = 390
#: Per page: the main column's overflow, the page's width, and the smallest chart text as drawn
#: (its font size times the scale the SVG is shown at).
MEASURE = """() => {
  const main = document.querySelector('main');
  let smallest = null;
  for (const svg of document.querySelectorAll('figure.wb-chart svg')) {
    const box = svg.viewBox && svg.viewBox.baseVal;
    const drawn = svg.getBoundingClientRect().width;
    const scale = box && box.width ? drawn / box.width : 1;
    for (const text of svg.querySelectorAll('text')) {
      if (!text.textContent.trim()) continue;
      const size = parseFloat(getComputedStyle(text).fontSize) * scale;
      if (smallest === null || size < smallest) smallest = size;
    }
  }
  return {overflow: main.scrollWidth - main.clientWidth,
          page: document.documentElement.scrollWidth, smallest: smallest,
          charts: document.querySelectorAll('figure.wb-chart svg').length};
}"""


@pytest.fixture(scope="module")
def phone(rendered: Rendered):
    executable = find_chromium()
    if executable is None:
        pytest.skip("Debian's chromium is not installed (run `make browser` as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        browser = playwright.chromium.launch(executable_path=executable, args=args)
        context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 844})
        context.route(
            "**/*",
            lambda route: (
                route.abort() if not route.request.url.startswith("file:") else route.continue_()
            ),
        )
        yield context
        browser.close()


@pytest.mark.parametrize("name", EVERY_PAGE)
def test_a_phone_reads_the_page_without_sideways_scrolling(phone, rendered: Rendered, name):
    tab = phone.new_page()
    tab.goto((rendered.out / name).as_uri())
    found = tab.evaluate(MEASURE)
    tab.close()
    assert found["overflow"] <= 0, found
    assert found["page"] <= PHONE_WIDTH, found
    if found["charts"]:
        assert found["smallest"] >= 10, found


def test_a_phone_shows_the_portfolio_key_columns(phone, rendered: Rendered) -> None:
    tab = phone.new_page()
    tab.goto((rendered.out / PORTFOLIO_PAGE).as_uri())
    cells = tab.evaluate(
        """() => [...document.querySelectorAll('.wbs-portfolio td')].map(td => {
             const box = td.getBoundingClientRect();
             return {label: td.dataset.label, left: box.left, right: box.right,
                     shown: box.width > 0 && box.height > 0};
           })"""
    )
    tab.close()
    key = {"Company", "TTPMF status", "Belonging Index", "Most severe recommendation"}
    for cell in cells:
        if cell["label"] in key:
            assert cell["shown"] and cell["left"] >= 0 and cell["right"] <= PHONE_WIDTH, cell
