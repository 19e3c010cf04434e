"""``workbook render --pdf``: a PDF beside each page, printed by Debian's Chromium.

One module fixture renders a copy of a sample company with ``--pdf`` (the command line, as a
user runs it) and reads every PDF with pypdf: pages counted, text extracted, the verdict found,
the summary's cards each on one sheet, page numbers in the footer; a second run prints nothing.
Rendering runs notebooks and drives a browser: every test here is ``slow``.
"""

from __future__ import annotations

import contextlib
import io as text_io
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from workbook import registry
from workbook.render import command, pdf

pytestmark = pytest.mark.slow
pypdf = pytest.importorskip("pypdf", reason="pypdf (a dev dependency) reads the PDFs")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data"
SLUG = "ledgerly"
PAGES = [
    f"{SLUG}/index.html",
    *(f"{SLUG}/{item.id}.html" for item in registry.ASSESSMENTS),
    "index.html",
]


@dataclass
class Printed:
    out: Path
    output: str  # what the command printed
    exit_status: int
    sheets: dict[str, list[str]]  # each page's PDF: the text of each sheet


def _run(root: Path, out: Path) -> tuple[int, str]:
    printed = text_io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = command.main(
            [
                "--data-dir",
                str(root),
                "--out",
                str(out),
                "--jobs",
                "2",
                "--no-progress",
                "--pdf",
            ]
        )
    return status, printed.getvalue()


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    if pdf.find_chromium() is None:
        pytest.skip("Debian's chromium is not installed (run `make browser` as root)")
    root = tmp_path_factory.mktemp("pdf-data")
    shutil.copytree(SAMPLES / "instruments", root / "instruments")
    shutil.copytree(SAMPLES / "companies" / SLUG, root / "companies" / SLUG)
    out = root / "reports"
    status, output = _run(root, out)
    sheets = {
        name: [sheet.extract_text() for sheet in pypdf.PdfReader(out / name).pages]
        for name in (str(Path(page).with_suffix(".pdf")) for page in PAGES)
    }
    return Printed(out, output, status, sheets)


def test_every_page_gets_a_pdf_beside_it(printed: Printed) -> None:
    assert printed.exit_status == 0, printed.output
    assert f"PDFs: {len(PAGES)} printed, 0 up to date, 0 failed." in printed.output
    for page in PAGES:
        assert (printed.out / page).with_suffix(".pdf").is_file()


def test_sheets_are_counted_and_numbered_in_the_footer(printed: Printed) -> None:
    for name, sheets in printed.sheets.items():
        assert 1 <= len(sheets) <= 12, (name, len(sheets))
        for number, text in enumerate(sheets, start=1):
            assert f"page {number} of {len(sheets)}" in text, (name, number)
        # The printed footer names the page and has no empty "from , the executed notebook".
        assert "from ," not in " ".join(sheets)


def test_the_verdict_is_in_each_assessment_pdf(printed: Printed) -> None:
    kept = sorted((printed.out / "history" / SLUG).glob("*.json"))
    record = json.loads(kept[-1].read_text(encoding="utf-8"))
    for item in registry.ASSESSMENTS:
        first = " ".join(printed.sheets[f"{SLUG}/{item.id}.pdf"][0].split())
        status = record["assessments"][item.id]["status"]
        assert f"{item.title}: {status}" in first.replace("ﬁ", "fi").replace("ﬀ", "ff")
        assert "Workshop" not in " ".join(printed.sheets[f"{SLUG}/{item.id}.pdf"])


def _sheet_of(sheets: list[str], text: str) -> int:
    """The sheet (from 0) on which ``text`` appears, whitespace and ligatures aside."""
    wanted = " ".join(text.split())
    for index, sheet in enumerate(sheets):
        flat = " ".join(sheet.replace("ﬁ", "fi").replace("ﬀ", "ff").replace("ﬂ", "fl").split())
        if wanted in flat:
            return index
    raise AssertionError(f"{text!r} is on no sheet")


def test_the_summary_cards_are_never_split(printed: Printed) -> None:
    kept = sorted((printed.out / "history" / SLUG).glob("*.json"))
    record = json.loads(kept[-1].read_text(encoding="utf-8"))
    sheets = printed.sheets[f"{SLUG}/index.pdf"]
    for item in registry.ASSESSMENTS:
        summary = record["assessments"][item.id]["summary"]
        heading = _sheet_of(sheets, item.title)
        # The card's heading and the last words of its sentence are on the same sheet.
        assert _sheet_of(sheets, " ".join(summary.split()[-4:])) == heading, item.id
    # The statuses and the first actions open the first sheet.
    assert _sheet_of(sheets, "What to do first") == 0


def test_folded_notes_and_the_cards_key_figures_print(printed: Printed) -> None:
    """Chromium leaves a closed ``<details>`` out of print unless the print stylesheet opens it:
    the summary's card key figures print on their card's sheet, and folded method notes print."""
    from workbook import io, summary
    from workbook.summary import present

    company = io.load_company(SLUG, printed.out.parent)
    card = summary.scorecard(company)
    sheets = printed.sheets[f"{SLUG}/index.pdf"]
    for each in card.cards:
        assert each.figures, each.id  # the check below means something only with figures
        heading = _sheet_of(sheets, each.title)
        for figure in each.figures:
            value = present.figure_text(figure).split(" (")[0]
            assert _sheet_of(sheets, f"{figure.label} {value}") == heading, (each.id, figure)
    _sheet_of(sheets, present.advice_intro()[:60])  # "How the advice is chosen", folded
    # the Belonging Index's method, folded under "How this is worked out" on its page
    _sheet_of(printed.sheets[f"{SLUG}/belonging.pdf"], "rescales each member's total to 0–100")


def test_a_second_run_prints_nothing(printed: Printed) -> None:
    before = {page: (printed.out / page).with_suffix(".pdf").stat().st_mtime_ns for page in PAGES}
    status, output = _run(printed.out.parent, printed.out)
    assert status == 0, output
    assert f"PDFs: 0 printed, {len(PAGES)} up to date, 0 failed." in output
    after = {page: (printed.out / page).with_suffix(".pdf").stat().st_mtime_ns for page in PAGES}
    assert after == before


def test_a_missing_chromium_is_said_in_words(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    page = tmp_path / "page.html"
    page.write_text("<p>hi</p>", encoding="utf-8")
    with pytest.raises(pdf.PdfError, match="No Chromium"):
        pdf.write_pdfs([page])
    assert re.search("up to date", pdf.report_text([pdf.PdfOutcome(page, page, "up to date")]))
