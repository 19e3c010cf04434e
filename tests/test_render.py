"""``workbook render``: offline pages, failure isolation, incremental and atomic runs, warm kernels.

One rendered folder is shared by the module (``rendered``): a copy of a sample company, a
hostile company whose name, comments, features, segments, benefits and goals carry markup, a
company with broken data, and an extra registered notebook that raises for one company. The
tests that render again or kill a run are marked ``slow``.
"""

from __future__ import annotations

import html as html_lib
import io as text_io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest

from workbook import registry
from workbook.registry import Assessment
from workbook.render import atomic, command, html, manifest, runner, tasks
from workbook.render.snapshot import Snapshot

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data"
HOSTILE = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=alert(2)>"
GOOD, EVIL, BROKEN = "tandem", "hostile-co", "broken-co"
#: A sample company without community data (no belonging survey, activity or goals).
MISSING = "snapplate"
IDS = registry.ids()
SUMMARY, PORTFOLIO = registry.SUMMARY, registry.PORTFOLIO


def make_data(root: Path) -> Path:
    """A data folder: the sample instrument, copies of two sample companies (one without
    community data), a hostile company and one whose survey does not validate."""
    shutil.copytree(SAMPLES / "instruments", root / "instruments")
    companies = root / "companies"
    shutil.copytree(SAMPLES / "companies" / GOOD, companies / GOOD)
    shutil.copytree(SAMPLES / "companies" / MISSING, companies / MISSING)
    shutil.copytree(SAMPLES / "companies" / GOOD, companies / EVIL)
    replacements = {
        "inline comments": f"inline {HOSTILE} comments",  # a feature (features, kano)
        "startup teams": f"startup {HOSTILE} teams",  # a segment (surveys)
        "review replay": f"{HOSTILE_IMG} replay",  # a main benefit
        "Live-coding streams": f"{HOSTILE} streams",  # a goal's program
    }
    for path in (companies / EVIL).glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        for old, new in replacements.items():
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    survey = companies / EVIL / "belonging_survey.csv"
    lines = survey.read_text(encoding="utf-8").splitlines()
    lines[1] += f"I love it {HOSTILE}" if lines[1].endswith(",") else ""
    survey.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = companies / EVIL / "company.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("name: Tandem", f'name: "{HOSTILE} & Tandem"'),
        encoding="utf-8",
    )
    shutil.copytree(SAMPLES / "companies" / GOOD, companies / BROKEN)
    pmf = companies / BROKEN / "pmf_survey.csv"
    text = pmf.read_text(encoding="utf-8").replace("2025-11-05", "someday", 1)
    pmf.write_text(text, encoding="utf-8")
    return root


def raising_notebook(path: Path) -> Path:
    """A notebook that raises for the good company only (so the failure is the notebook's)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    parameters = nbformat.v4.new_code_cell('company = "tandem"\ndata_dir = None')
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Boom"),
        parameters,
        nbformat.v4.new_code_cell('print("before the failure")'),
        nbformat.v4.new_code_cell(
            f'if company == "{GOOD}":\n    raise ValueError(f"boom for {{company}}")'
        ),
    ]
    nbformat.write(nb, path)
    return path


def boom_assessment(folder: Path) -> Assessment:
    """A registry entry for the raising notebook (an absolute path wins over notebooks/)."""
    return replace(
        registry.get("ttpmf"),
        id="boom",
        title="Boom",
        notebook=str(raising_notebook(folder / "boom.ipynb")),
        inputs=("company.yaml",),
    )


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """One run over all test companies with the registered assessments plus ``boom``."""
    root = tmp_path_factory.mktemp("render")
    data = make_data(root / "data")
    out = root / "reports"
    assessments = (*registry.ASSESSMENTS, boom_assessment(root))
    log = text_io.StringIO()
    options = runner.Options(
        data_dir=data, out_dir=out, jobs=2, progress=False, assessments=assessments
    )
    summary = runner.render_reports([], options, log=log)
    return {
        "data": data,
        "out": out,
        "summary": summary,
        "log": log.getvalue(),
        "report": runner.report_text(summary),
        "assessments": assessments,
    }


def page(rendered, slug: str, assessment_id: str) -> str:
    return (rendered["out"] / slug / f"{assessment_id}.html").read_text(encoding="utf-8")


def all_pages(rendered) -> list[Path]:
    """Every page: each company's (summary and assessments) and the portfolio."""
    return sorted([*rendered["out"].glob("*/*.html"), rendered["out"] / PORTFOLIO.output])


# -- the run --------------------------------------------------------------------------------------


def test_every_valid_company_gets_every_page(rendered):
    summary = rendered["summary"]
    by_slug = {company.slug: company for company in summary.companies}
    for slug in (GOOD, EVIL):
        for assessment_id in IDS:
            result = by_slug[slug].results[assessment_id]
            assert result.status == "rendered", (slug, assessment_id, result.message)
            assert (rendered["out"] / slug / f"{assessment_id}.html").is_file()
            executed = nbformat.read(rendered["out"] / slug / f"{assessment_id}.ipynb", 4)
            assert executed.metadata.papermill.parameters["company"] == slug
            assert all(c.execution_count for c in executed.cells if c.cell_type == "code")
    assert by_slug[EVIL].results["boom"].status == "rendered"


def test_broken_data_and_a_raising_notebook_are_reported_while_the_rest_renders(rendered):
    summary = rendered["summary"]
    by_slug = {company.slug: company for company in summary.companies}
    broken = by_slug[BROKEN]
    assert broken.invalid and any("pmf_survey.csv" in p and "someday" in p for p in broken.problems)
    assert broken.results == {} and not (rendered["out"] / BROKEN).exists()
    failure = by_slug[GOOD].results["boom"]
    assert failure.status == "failed"
    assert failure.error is not None
    assert (failure.error.ename, failure.error.evalue) == ("ValueError", f"boom for {GOOD}")
    assert failure.error.execution_count == 4  # parameters, injected parameters, print, raise
    kept = nbformat.read(rendered["out"] / GOOD / "boom.failed.ipynb", 4)
    assert any(o.get("ename") == "ValueError" for c in kept.cells for o in c.get("outputs", []))
    # Never rendered before: in its place, a page saying why (so that links to it resolve),
    # which the manifest does not record (the next run renders it again).
    stand_in = (rendered["out"] / GOOD / "boom.html").read_text(encoding="utf-8")
    assert "Boom: not rendered" in stand_in and f"ValueError: boom for {GOOD}" in stand_in
    assert "boom.failed.ipynb" in stand_in and html.audit(stand_in) == []
    entries = manifest.Manifest.load(rendered["out"]).entries
    assert manifest.Manifest.name(GOOD, "boom") not in entries
    assert not summary.ok
    report = rendered["report"]
    assert (
        f"{GOOD} / " in report and "boom.ipynb, cell In [4]: ValueError: boom for tandem" in report
    )
    assert f"{BROKEN}: data does not validate" in report
    assert "Traceback" not in report + rendered["log"]
    table = runner.summary_table(summary)
    assert re.search(rf"^{BROKEN}\s+invalid data\s+invalid data", table, re.M)
    assert re.search(rf"^{GOOD}\s+rendered .*FAILED$", table, re.M)
    assert f"{BROKEN}: not rendered: its data has 1 error" in rendered["log"]


def test_manifest_records_each_page_with_its_key(rendered):
    document = json.loads((rendered["out"] / "manifest.json").read_text(encoding="utf-8"))
    assert document["format"] == manifest.RENDER_FORMAT
    names = set(document["renders"])
    assert {f"{slug}/{i}" for slug in (GOOD, EVIL) for i in IDS} <= names
    assert f"{GOOD}/boom" not in names  # failed: retried next run
    assert not list(rendered["out"].rglob("*.tmp"))


# -- the pages ------------------------------------------------------------------------------------


def test_pages_contain_no_input_code(rendered):
    for assessment in registry.ASSESSMENTS:
        source = nbformat.read(assessment.notebook_path, 4)
        code_lines = {
            line.strip()
            for cell in source.cells
            if cell.cell_type == "code"
            for line in cell.source.splitlines()
            if len(line.strip()) > 20 and "(" in line
        }
        text = page(rendered, GOOD, assessment.id)
        assert "jp-InputArea" not in text and "In&nbsp;[" not in text
        leaked = [line for line in code_lines if html_lib.escape(line) in text or line in text]
        assert leaked == [], leaked


EXTERNAL = re.compile(
    r"<(script|link|img|image|iframe|source|video|audio|embed|object|use)\b[^>]*"
    r"(src|href|data|srcset)\s*=\s*[\"']?\s*(https?:)?//",
    re.IGNORECASE,
)


def test_pages_reference_nothing_outside_themselves(rendered):
    pages = all_pages(rendered)
    # Each company's summary and assessments, the boom page (rendered for two companies, a
    # page saying why for the one it fails for), and the portfolio.
    assert len(pages) == 3 * (len(IDS) + 2) + 1
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert not EXTERNAL.search(text), path
        assert not re.search(r"<script\b", text, re.IGNORECASE), path
        assert not re.search(r"<link\b", text, re.IGNORECASE), path
        assert not re.search(r"@import|url\(\s*['\"]?\s*https?:", text, re.IGNORECASE), path
        assert not re.search(r"@font-face", text, re.IGNORECASE), path
        assert "require.js" not in text and "mathjax" not in text.lower(), path
        assert html.audit(text) == [], path
        csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', text)
        assert csp and html_lib.unescape(csp[1]) == html.CONTENT_SECURITY_POLICY, path
        assert path.stat().st_size < 2_000_000, path


def test_charts_are_inline_svg(rendered):
    for assessment_id in IDS:
        executed = nbformat.read(rendered["out"] / GOOD / f"{assessment_id}.ipynb", 4)
        charts = [
            output
            for cell in executed.cells
            for output in cell.get("outputs", [])
            if any(key.startswith("application/vnd.vegalite") for key in output.get("data", {}))
        ]
        assert charts, assessment_id
        text = page(rendered, GOOD, assessment_id)
        tags = re.findall(r"<svg\b[^>]*>", text)
        svgs = [tag for tag in tags if 'class="wbs-mark"' not in tag]  # not the status marks
        assert len(svgs) == len(charts), assessment_id
        assert all('role="img"' in tag and "aria-label=" in tag for tag in svgs)
        assert "data:image/png" not in text  # every chart became vector
        ids = re.findall(r'\bid="([^"]+)"', text)
        assert len(ids) == len(set(ids)), "ids must stay unique with several charts per page"


def test_title_and_navigation_name_the_company(rendered):
    text = page(rendered, GOOD, "ttpmf")
    assert re.search(r"<title>Tandem · Time to product/market fit</title>", text)
    assert '<a href="belonging.html">Belonging</a>' in text
    assert 'href="ttpmf.html" aria-current="page"' in text
    assert '<a href="ttpmf.ipynb">' in text
    nav = re.search(r"<nav\b.*?</nav>", text, re.S)[0]
    assert re.findall(r'href="([^"]+)"', nav)[0] == SUMMARY.output  # the summary first
    assert f">{SUMMARY.title}</a>" in nav


# -- the summary and the portfolio --------------------------------------------------------------

_HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"')


def local_links(path: Path) -> list[str]:
    """The page's links to other files (not to the web, not within the page)."""
    hrefs = [html_lib.unescape(href) for href in _HREF.findall(path.read_text(encoding="utf-8"))]
    return [h for h in hrefs if not re.match(r"(?i)[a-z][a-z0-9+.-]*:|#", h)]


def test_summary_and_portfolio_pages_exist_with_links_that_resolve(rendered):
    out = rendered["out"]
    by_slug = {company.slug: company for company in rendered["summary"].companies}
    portfolio = out / PORTFOLIO.output
    assert rendered["summary"].portfolio.status == "rendered"
    assert rendered["summary"].entry_page == portfolio
    summaries = [out / slug / SUMMARY.output for slug in (GOOD, EVIL)]
    for slug in (GOOD, EVIL):
        assert by_slug[slug].results[SUMMARY.id].status == "rendered"
        assert (out / slug / "index.ipynb").is_file()
    # The navigation names every page of the company, even one that failed this run
    # (tandem's boom page, which the portfolio lists as failed): a page saying why stands in.
    for path in [portfolio, *summaries]:
        links = local_links(path)
        assert links, path
        for href in links:
            target = (path.parent / href.split("#")[0]).resolve()
            assert target.is_file(), (path, href)
            assert out.resolve() in target.parents, (path, href)
    shown = local_links(portfolio)
    for slug in (GOOD, EVIL):
        assert f"{slug}/{SUMMARY.output}" in shown
        assert {f"{slug}/{i}.html" for i in IDS} <= set(shown)
    assert {f"{i}.html" for i in IDS} <= set(local_links(summaries[0]))
    executed = nbformat.read(out / "index.ipynb", 4)
    parameters = executed.metadata.papermill.parameters
    assert parameters["data_dir"] == str(rendered["data"].resolve())
    assert parameters["companies"] is None
    entry = manifest.Manifest.load(out).entries[PORTFOLIO.id]
    assert (entry.html, entry.ipynb) == ("index.html", "index.ipynb")
    assert f"Start at {out / 'index.html'}" in rendered["report"]
    assert re.search(r"^portfolio \(index\.html\): rendered", rendered["report"], re.M)


def test_the_portfolio_lists_the_companies_that_failed_with_why(rendered):
    parameters = nbformat.read(rendered["out"] / "index.ipynb", 4).metadata.papermill.parameters
    failed = parameters["failed"]
    assert set(failed) == {GOOD, BROKEN}
    assert (
        "Boom page failed to render (boom.ipynb, cell In [4]): ValueError: boom for tandem"
        in (failed[GOOD])
    )
    assert "data does not validate" in failed[BROKEN]
    text = html_lib.unescape(
        re.sub(r"<[^>]+>", "", (rendered["out"] / "index.html").read_text(encoding="utf-8"))
    )
    section = text[text.index("failed to render or could not be assessed") :]
    assert "ValueError: boom for tandem" in section
    assert f"({BROKEN}): Its pages were not rendered" in section
    assert "someday" in section  # the portfolio's own reason: the first error of the data


def test_print_stylesheet(rendered):
    text = page(rendered, GOOD, "belonging")
    rules = text[text.index("@media print") :]
    assert "break-inside: avoid" in rules and "display: table-header-group" in rules


def test_hostile_text_is_escaped_everywhere(rendered):
    for assessment_id in IDS:
        text = page(rendered, EVIL, assessment_id)
        assert HOSTILE not in text and "<img src=x" not in text, assessment_id
        assert "onerror=alert" not in text.replace("onerror=alert(2)&gt;", ""), assessment_id
        assert not re.search(r"<script\b", text, re.IGNORECASE), assessment_id
        assert html.audit(text) == [], assessment_id
    title = re.search(r"<title>(.*?)</title>", page(rendered, EVIL, "belonging"), re.S)[1]
    assert title.startswith("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Tandem")
    shown = "".join(page(rendered, EVIL, i) for i in IDS)
    assert shown.count("alert(1)") >= 4  # shown as text: name, feature, segment, goal
    assert "alert(2)" in shown  # the benefit


# -- pages people can read ------------------------------------------------------------------------

RENDERED = (GOOD, EVIL, MISSING)


def assessment_pages(rendered) -> list[tuple[str, str, str]]:
    """(slug, assessment id, page) for every assessment page of every rendered company."""
    return [(slug, i, page(rendered, slug, i)) for slug in RENDERED for i in IDS]


def visible_text(fragment: str) -> str:
    """What a reader sees of an HTML fragment: no tags, no styles, entities decoded, every run
    of white space one space."""
    fragment = re.sub(r"<style\b.*?</style>", " ", fragment, flags=re.S | re.I)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def words(text: str) -> str:
    """Plain text with every run of white space one space (as :func:`visible_text` gives)."""
    return " ".join(text.split())


def load(rendered, slug: str):
    from workbook import io

    return io.load_company(slug, rendered["data"])


_H2 = re.compile(r"<h2\b[^>]*>(.*?)</h2>", re.S)


def test_every_assessment_page_opens_with_its_verdict(rendered):
    """Status, summary and top recommendations come before the Workshop step and section 1."""
    for slug, assessment_id, text in assessment_pages(rendered):
        where = (slug, assessment_id)
        blocks = [m.start() for m in re.finditer(r'<section class="wb-verdict"', text)]
        assert len(blocks) == 1, where
        headings = [(m.start(), visible_text(m[1])) for m in _H2.finditer(text)]
        explanatory = [at for at, title in headings if title != "At a glance"]
        numbered = [at for at, title in headings if re.match(r"\d+\.\s", title)]
        assert numbered and explanatory, where
        assert blocks[0] < min(explanatory) <= min(numbered), where
        block = visible_text(text[blocks[0] : text.index("</section>", blocks[0])])
        result = registry.assess_company(load(rendered, slug))[assessment_id]
        assert result.status in block and words(result.summary) in block, where
        for recommendation in result.recommendations:
            assert words(recommendation.title) in block, where


_TABLE = re.compile(r"<table\b.*?</table>", re.S)
_CELL = re.compile(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", re.S)


def test_tables_have_no_row_index_and_cut_no_text(rendered):
    for slug, assessment_id, text in assessment_pages(rendered):
        tables = _TABLE.findall(text)
        assert tables, (slug, assessment_id)
        for table in tables:
            where = (slug, assessment_id, visible_text(table)[:80])
            body = table[table.index("<tbody") :] if "<tbody" in table else table
            # A row index is a heading cell in the body's rows, or a blank heading above it.
            assert not re.search(r"<th\b", body), where
            head = table[: table.index("<tbody")] if "<tbody" in table else ""
            headings = re.findall(r"<th\b[^>]*>(.*?)</th>", head, re.S)
            assert all(visible_text(cell) for cell in headings), where
            for cell in _CELL.findall(table):
                shown = visible_text(cell)
                assert not shown.endswith(("…", "...")), (*where, shown)


def is_emoji(char: str) -> bool:
    """A character that needs an emoji font: pictographs, dingbats (✅ ❌ ➖), miscellaneous
    symbols (⚠), the variation selector that asks for an emoji glyph and the joiner."""
    code = ord(char)
    return (
        code >= 0x1F000
        or 0x2600 <= code <= 0x27BF
        or 0x2B00 <= code <= 0x2BFF
        or 0x2300 <= code <= 0x23FF
        or code in (0xFE0F, 0x200D)
    )


def test_status_marks_are_shapes_not_emoji(rendered):
    for slug, assessment_id, text in assessment_pages(rendered):
        emoji = sorted({char for char in text if is_emoji(char)})
        assert emoji == [], (slug, assessment_id, emoji)
        # Every check outcome and the status wear a mark: an inline SVG named by its word.
        marks = re.findall(r'<svg class="wbs-mark"[^>]*aria-label="([^"]+)"', text)
        assert marks, (slug, assessment_id)
    text = page(rendered, GOOD, "belonging")
    assert re.search(r'aria-label="pass"><circle', text)  # pass: a filled circle


def test_each_missing_file_is_explained_once_per_page(rendered):
    """A company without community data reads what to add once per missing file, not in every
    section that needs it; the belonging page, which needs them all, says each exactly once."""
    results = registry.assess_company(load(rendered, MISSING))
    missing = results["belonging"].missing
    assert {"belonging_survey.csv", "community_activity.csv", "community_goals.csv"} <= set(missing)
    for assessment_id in IDS:
        shown = visible_text(page(rendered, MISSING, assessment_id))
        for file, advice in missing.items():
            count = shown.count(words(advice))
            if assessment_id == "belonging":
                assert count == 1, (assessment_id, file, count)
            else:
                assert count <= 1, (assessment_id, file, count)
    belonging = visible_text(page(rendered, MISSING, "belonging"))
    assert belonging.count("Not assessed here") >= 3  # the sections that need the survey


# -- incremental runs -----------------------------------------------------------------------------


def test_a_second_run_skips_everything(rendered):
    """Even the summaries and the portfolio: the failures it lists (tandem's boom, broken-co's
    data) are kept in the manifest for the companies and pages this run leaves alone."""
    before = {path: path.stat().st_mtime_ns for path in all_pages(rendered)}
    options = runner.Options(
        data_dir=rendered["data"], out_dir=rendered["out"], progress=False, jobs=2
    )
    started = time.perf_counter()
    summary = runner.render_reports([GOOD, EVIL], options, log=text_io.StringIO())
    assert time.perf_counter() - started < 3
    assert {r.status for r in summary.results()} == {"skipped"}
    assert summary.portfolio is not None and summary.portfolio.status == "skipped"
    assert all(c.results[SUMMARY.id].status == "skipped" for c in summary.companies)
    assert summary.ok
    assert {path: path.stat().st_mtime_ns for path in all_pages(rendered)} == before


def test_only_the_assessments_reading_a_changed_file_are_stale(rendered, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(rendered["data"], data)
    out = tmp_path / "reports"
    shutil.copytree(rendered["out"], out)
    retention = data / "companies" / GOOD / "retention.csv"
    retention.write_text(retention.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    companies = [runner.CompanyOutcome(GOOD)]
    stale = runner._plan(
        companies, registry.ASSESSMENTS, data, manifest.Manifest.load(out), False, Snapshot(data)
    )
    assert set(stale[GOOD]) == {"ttpmf"}
    assert {r.status for r in companies[0].results.values()} == {"skipped"}
    forced = runner._plan(
        [runner.CompanyOutcome(GOOD)],
        registry.ASSESSMENTS,
        data,
        manifest.Manifest.load(out),
        True,
        Snapshot(data),
    )
    assert set(forced[GOOD]) == set(IDS)
    (out / GOOD / "belonging.html").unlink()  # a deleted page is rendered again
    again = runner._plan(
        [runner.CompanyOutcome(GOOD)],
        registry.ASSESSMENTS,
        data,
        manifest.Manifest.load(out),
        False,
        Snapshot(data),
    )
    assert set(again[GOOD]) == {"belonging", "ttpmf"}


def _cli(*args: str, cwd: Path = ROOT, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbook.render", "--no-progress", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
    )


@pytest.mark.slow
def test_force_renders_again_and_the_exit_status_says_whether_all_went_well(rendered, tmp_path):
    out = tmp_path / "reports"
    shutil.copytree(rendered["out"], out)
    data = str(rendered["data"])
    before = (out / GOOD / "ttpmf.html").stat().st_mtime_ns
    skipped = _cli("--data-dir", data, "--out", str(out), GOOD, EVIL)
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    assert "0 pages rendered, 9 up to date, 0 failed" in skipped.stdout  # 2 × 4 + portfolio
    forced = _cli("--data-dir", data, "--out", str(out), "--force", "--jobs", "1", GOOD)
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert "5 pages rendered, 0 up to date, 0 failed" in forced.stdout  # 4 + portfolio
    assert (out / GOOD / "ttpmf.html").stat().st_mtime_ns > before
    invalid = _cli("--data-dir", data, "--out", str(out), GOOD, BROKEN)
    assert invalid.returncode == 1
    assert "broken-co: data does not validate" in invalid.stdout
    assert "Traceback" not in invalid.stdout + invalid.stderr


@pytest.mark.slow
def test_a_run_killed_midway_leaves_no_partial_file_and_the_next_run_completes(rendered, tmp_path):
    data, out = tmp_path / "data", tmp_path / "reports"
    shutil.copytree(rendered["data"], data)
    shutil.copytree(rendered["out"], out)
    config = data / "companies" / GOOD / "company.yaml"  # every assessment reads it
    config.write_text(config.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    previous = {path: path.read_bytes() for path in out.glob(f"{GOOD}/*") if path.is_file()}
    inodes = {path: path.stat().st_ino for path in previous}
    arguments = ["--no-progress", "--data-dir", str(data), "--out", str(out), GOOD]
    process = subprocess.Popen(
        [sys.executable, "-m", "workbook.render", *arguments],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    try:
        # Kill as soon as a temporary appears or the first new file lands (a rename gives it a
        # new inode): the other renders are mid-way.
        while time.monotonic() < deadline and process.poll() is None:
            if list(out.rglob("*.tmp")) or any(
                path.stat().st_ino != inode for path, inode in inodes.items()
            ):
                break
            time.sleep(0.01)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    for path in out.rglob("*"):
        if path.is_file() and not path.name.startswith("."):
            content = path.read_bytes()
            if path.suffix == ".html":
                assert content.rstrip().endswith(b"</html>"), path
            elif path.suffix == ".ipynb":
                nbformat.reads(content.decode("utf-8"), 4)
            elif path.suffix == ".json":
                json.loads(content)
    for path in previous:
        assert path.is_file(), path  # every previous file is still there, whole
    again = _cli("--data-dir", str(data), "--out", str(out), GOOD)
    assert again.returncode == 0, again.stdout + again.stderr
    assert re.search(r"^[1-5] pages? rendered, [0-4] up to date, 0 failed", again.stdout, re.M)
    assert not list(out.rglob("*.tmp"))
    current = manifest.Manifest.load(out)
    manifest.library_digest.cache_clear()  # as the command computed it, just now
    for assessment in (SUMMARY, *registry.ASSESSMENTS):
        key = manifest.render_key(
            data / "companies" / GOOD, assessment.inputs, assessment.notebook_path
        )
        assert current.is_current(GOOD, assessment.id, key), assessment.id


def test_plain_papermill_still_runs_the_notebooks_unchanged():
    for assessment in registry.ASSESSMENTS:
        source = nbformat.read(assessment.notebook_path, 4)
        parameters = [c for c in source.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(parameters) == 1
        assert "engine" not in json.dumps(source.metadata)


# -- warm kernels ---------------------------------------------------------------------------------


def _outputs(nb: nbformat.NotebookNode) -> list[tuple[int | None, list[dict]]]:
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = [
            {key: value for key, value in output.items() if key != "metadata"}
            for output in cell.outputs
        ]
        cells.append((cell.execution_count, outputs))
    return cells


@pytest.mark.slow
def test_a_warm_kernel_renders_as_a_new_kernel_does(rendered):
    """The same notebook twice in one warm kernel (after another notebook) and once in a new
    kernel started by plain papermill: the outputs, execution counts included, are identical."""
    import papermill

    from workbook.render import kernels

    data = str(rendered["data"])
    target = registry.get("ttpmf").notebook_path
    other = registry.get("belonging").notebook_path
    parameters = {"company": GOOD, "data_dir": data}
    pool = kernels.KernelPool(cwd=registry.NOTEBOOKS_DIR)
    warm = []
    try:
        for notebook in (other, target, target):
            with pool.acquire() as kernel:
                nb = papermill.execute_notebook(
                    str(notebook),
                    None,
                    parameters=parameters,
                    engine_name=kernels.ENGINE_NAME,
                    km=kernel.km,
                    progress_bar=False,
                )
            warm.append(nb)
        assert len(pool._all) == 1  # one kernel served all three
    finally:
        pool.shutdown()
    fresh = papermill.execute_notebook(
        str(target),
        None,
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        cwd=str(registry.NOTEBOOKS_DIR),
    )
    assert _outputs(warm[1]) == _outputs(fresh)
    assert _outputs(warm[2]) == _outputs(fresh)
    assert _outputs(fresh)[0][0] == 1


@pytest.mark.slow
def test_a_render_past_its_timeout_is_stopped_and_its_kernel_replaced(rendered, tmp_path):
    sleepy = nbformat.v4.new_notebook()
    sleepy.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    parameters = nbformat.v4.new_code_cell('company = "x"\ndata_dir = None')
    parameters.metadata["tags"] = ["parameters"]
    sleepy.cells = [parameters, nbformat.v4.new_code_cell("import time\ntime.sleep(600)")]
    nbformat.write(sleepy, tmp_path / "sleepy.ipynb")
    base = tasks.RenderTask(
        slug=GOOD,
        company_name="Tandem",
        assessment_id="sleepy",
        assessment_title="Sleepy",
        notebook=tmp_path / "sleepy.ipynb",
        data_dir=rendered["data"],
        out_dir=tmp_path / "reports",
        timeout=4,
    )
    started = time.perf_counter()
    stopped = tasks.render(base)
    assert stopped.status == "failed" and "timeout" in stopped.message
    assert time.perf_counter() - started < 120
    quick = tasks.render(
        replace(
            base,
            assessment_id="boom",
            notebook=raising_notebook(tmp_path / "boom.ipynb"),
            slug=EVIL,
            timeout=120,
        )
    )
    assert quick.status == "rendered", quick.message  # on a new kernel


# -- units (no kernel) ----------------------------------------------------------------------------


def test_svg_ids_are_prefixed_and_namespaces_dropped():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="10"><defs><clipPath id="clip1"><rect/></clipPath></defs>'
        '<g clip-path="url(#clip1)"><use href="#clip1"/></g></svg>'
    )
    out = html.prepare_svg(svg, "chart2", 'A "title" <b>')
    assert 'id="chart2-clip1"' in out and "url(#chart2-clip1)" in out
    assert 'href="#chart2-clip1"' in out
    assert "http://" not in out
    assert 'aria-label="A &quot;title&quot; &lt;b>"' in out


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<img src="https://example.com/x.png">',
        '<link rel="stylesheet" href="https://cdn.example/x.css">',
        '<div onclick="x()">',
        "<style>@import 'x.css';</style>",
        '<div style="background: url(https://example.com/x.png)">',
        '<iframe src="x.html"></iframe>',
        '<image href="//example.com/x.svg"/>',
        '<a href="javascript:alert(1)">x</a>',
    ],
)
def test_audit_flags_what_would_leave_the_page_or_run(snippet):
    assert html.audit(f"<p>{snippet}</p>") != []


def test_audit_allows_inline_content_and_links():
    ok = (
        '<img src="data:image/png;base64,AAAA"><a href="https://example.com">x</a>'
        '<a href="belonging.html">b</a><a href="#top">t</a><style>.x { color: red; }</style>'
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; onclick=</p>"
    )
    assert html.audit(ok) == []


def test_manifest_survives_garbage_and_keys_follow_inputs(tmp_path):
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    assert manifest.Manifest.load(tmp_path).entries == {}
    company = tmp_path / "co"
    company.mkdir()
    (company / "a.csv").write_text("x\n1\n", encoding="utf-8")
    notebook = tmp_path / "n.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    key = manifest.render_key(company, ["a.csv", "b.csv"], notebook)
    assert key == manifest.render_key(company, ["b.csv", "a.csv"], notebook)
    (company / "b.csv").write_text("y\n", encoding="utf-8")  # a missing input appears
    assert manifest.render_key(company, ["a.csv", "b.csv"], notebook) != key


def test_atomic_write_replaces_whole_files_and_cleans_up(tmp_path, monkeypatch):
    target = tmp_path / "page.html"
    atomic.write_bytes_atomic(target, b"old")

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        atomic.write_bytes_atomic(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]
    (tmp_path / f"{atomic.TEMP_PREFIX}{os.getpid()}-page.html.abc.tmp").write_bytes(b"half")
    (tmp_path / "co").mkdir()
    (tmp_path / "co" / f"{atomic.TEMP_PREFIX}{os.getpid()}-x.ipynb.1.tmp").write_bytes(b"half")
    assert len(atomic.remove_temporaries(tmp_path)) == 2


def test_one_run_at_a_time_per_output_folder(tmp_path):
    with atomic.folder_lock(tmp_path):
        second = atomic.folder_lock(tmp_path)
        with pytest.raises(atomic.FolderBusyError):
            second.__enter__()


def test_command_line_options(tmp_path):
    import argparse

    parser = argparse.ArgumentParser(prog="workbook")
    command.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["render", "a", "b", "--jobs", "3", "--force", "--timeout", "9"])
    assert (args.slugs, args.jobs, args.force, args.timeout) == (["a", "b"], 3, True, 9.0)
    defaults = parser.parse_args(["render"])
    assert defaults.jobs == (os.cpu_count() or 1) and defaults.out == Path("reports")
    assert defaults.timeout == tasks.DEFAULT_TIMEOUT == command.DEFAULT_TIMEOUT
    with pytest.raises(SystemExit):
        parser.parse_args(["render", "--jobs", "0"])


def test_the_command_module_is_light():
    code = (
        "import sys, workbook.render.command\n"
        "heavy = {'pandas', 'papermill', 'nbconvert', 'jupyter_client', 'altair'}\n"
        "heavy &= set(sys.modules)\n"
        "print(sorted(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"


def test_no_companies_is_not_an_error(tmp_path):
    (tmp_path / "companies").mkdir()
    log = text_io.StringIO()
    options = runner.Options(data_dir=tmp_path, out_dir=tmp_path / "out", progress=False)
    summary = runner.render_reports([], options, log=log)
    assert summary.ok and summary.companies == []
    assert "No companies" in log.getvalue()


def test_an_unknown_or_invalid_slug_is_listed_not_raised(tmp_path):
    (tmp_path / "companies").mkdir()
    options = runner.Options(data_dir=tmp_path, out_dir=tmp_path / "out", progress=False)
    summary = runner.render_reports(["../etc", "ghost"], options, log=text_io.StringIO())
    assert not summary.ok
    problems = {c.slug: c.problems for c in summary.companies}
    assert "invalid company slug" in problems["../etc"][0]
    assert "no company at" in problems["ghost"][0]


# -- tables and the verdict block (no kernel) ------------------------------------------------------


def _column_rules(html_text: str, prop: str) -> set[int]:
    """The columns (0-based) a table's stylesheet gives ``prop`` (e.g. "text-align: right")."""
    return {
        int(number)
        for number, body in re.findall(r"\.col(\d+) \{([^}]*)\}", html_text)
        if prop in body
    }


def test_table_helper_hides_the_index_drops_empty_columns_and_aligns_numbers():
    import pandas as pd

    from workbook import tables

    long_text = "a reason that is far longer than fifty characters and must not be cut short"
    frame = pd.DataFrame(
        {
            "Feature": ["a <b>bold</b> feature", long_text],
            "Answers": [60, 7],
            "Better": [0.3, 0.25],
            "Share": ["42.0%", "not defined"],
            "Too few answers": ["", None],
            "From": ["2025-01-01", "2025-02-01"],
        },
        index=[5, 9],
    )
    shown = tables.table(frame)
    body = shown.html[shown.html.index("<tbody") :]
    assert "<th" not in body  # no row index
    assert ">5<" not in shown.html and ">9<" not in shown.html
    assert "Too few answers" not in shown.html + shown.text  # an empty column is left out
    assert long_text in shown.html and long_text in shown.text  # nothing cut short
    assert "…" not in shown.html and "..." not in shown.html
    assert "a &lt;b&gt;bold&lt;/b&gt; feature" in shown.html and "<b>" not in shown.html
    assert ">0.30<" in body and ">0.25<" in body  # one number of decimals down a column
    assert _column_rules(shown.html, "text-align: right") == {1, 2, 3}  # numbers and shares
    assert 4 in _column_rules(shown.html, "white-space: nowrap")  # dates never wrap
    assert tables.table(frame).html == shown.html  # deterministic, ids included
    other = tables.table(frame.head(1))
    assert re.search(r'id="([^"]+)"', other.html)[1] != re.search(r'id="([^"]+)"', shown.html)[1]
    lines = shown.text.splitlines()
    assert lines[0].split() == ["Feature", "Answers", "Better", "Share", "From"]
    named = tables.table(frame.set_index("Feature"))  # a named index is data: a column
    assert "<th" not in named.html[named.html.index("<tbody") :]
    assert re.search(r"<th [^>]*>Feature</th>", named.html)
    assert tables.show("not a table") == "not a table"


def test_verdict_block_says_status_summary_advice_and_each_missing_file_once():
    from workbook.present import verdict
    from workbook.results import AssessmentResult, Recommendation, Severity

    survey = "No belonging_survey.csv yet. Add belonging_survey.csv."
    goals = "No community_goals.csv yet. Add community_goals.csv."
    result = AssessmentResult(
        status="not assessed",
        summary=f"Belonging is not assessed {HOSTILE}.",
        recommendations=(
            Recommendation(Severity.MEDIUM, "Answer the checklist", "none answered"),
            Recommendation(Severity.HIGH, f"Survey members {HOSTILE}", survey),
        ),
        missing={"belonging_survey.csv": survey, "community_goals.csv": goals},
    )
    block = verdict(result, "belonging")
    assert block.html.startswith("<style>") and '<section class="wb-verdict"' in block.html
    assert HOSTILE not in block.html and "&lt;script&gt;" in block.html
    assert 'aria-label="not assessed"' in block.html and 'fill="none"' in block.html
    text = visible_text(block.html)
    assert text.index("Survey members") < text.index("Answer the checklist")  # most severe first
    assert text.count(survey) == 1 and text.count(goals) == 1
    assert "belonging_survey.csv : see recommendation 1" in text
    assert not any(is_emoji(char) for char in block.html + block.text)
    assert block.text.splitlines()[0] == "Belonging: ○ not assessed"


def test_a_failure_page_never_replaces_a_rendered_page(tmp_path):
    """Only a missing page or an earlier failure page is replaced: the last good page stays."""
    from workbook.render import placeholder

    links = (tasks.PageLink("Summary", "index.html"), tasks.PageLink("Boom", "boom.html", True))
    page = placeholder.failure_page(
        "<b>Co</b>", "Boom", links, "ValueError: <x>", "workbook render co"
    )
    assert html.audit(page) == [] and "&lt;b&gt;Co&lt;/b&gt;" in page and "<x>" not in page
    assert 'href="index.html"' in page and 'aria-current="page">Boom</a>' in page
    path = tmp_path / "boom.html"
    assert placeholder.may_replace(path)
    path.write_text(page, encoding="utf-8")
    assert placeholder.may_replace(path)
    path.write_text("<!DOCTYPE html><html><head><title>rendered</title></head></html>")
    assert not placeholder.may_replace(path)
