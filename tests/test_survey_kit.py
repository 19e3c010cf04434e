"""`workbook survey`: the questionnaire in the importer's wordings, and the round trip
survey → export → import that proves every printed question is recognised."""

from __future__ import annotations

import csv
import io as text_io
import shutil
from pathlib import Path

import pytest
from test_browser import chromium

from workbook import cli, io
from workbook.importers.questions import BELONGING_INTRO
from workbook.importers.run import import_file
from workbook.survey_kit.kit import kit_questions

ROOT = Path(__file__).resolve().parents[1]
COMPANY_YAML = "name: Acme Ledger\nstage: pre-pmf\nstarted: 2025-06-01\n"
FEATURES = (
    "feature,area,change,importance\n"
    "offline mode,core,new,4\n"
    "a shared inbox (beta),core,kept,5\n"
    '"exports to CSV, XLSX or PDF",peripheral,kept,2\n'
)


@pytest.fixture
def acme(data_dir: Path) -> Path:
    shutil.copy(ROOT / "data" / "instruments" / "belonging.yaml", data_dir / "instruments")
    folder = data_dir / "companies" / "acme"
    folder.mkdir()
    (folder / "company.yaml").write_text(COMPANY_YAML, encoding="utf-8")
    (folder / "features.csv").write_text(FEATURES, encoding="utf-8")
    return folder


def test_survey_command_writes_html_csv_and_text(capsys, data_dir, acme, tmp_path):
    out = tmp_path / "kit"
    code = cli.main(
        ["survey", "all", "--company", "acme", "--data-dir", str(data_dir), "--out", str(out)]
    )
    assert code == 0, capsys.readouterr().err
    page = (out / "acme-all-survey.html").read_text()
    rows = list(csv.DictReader(text_io.StringIO((out / "acme-all-questions.csv").read_text())))
    text = (out / "acme-all-questions.txt").read_text()
    company = io.load_company("acme", data_dir)
    # 6 Sean Ellis questions, a Kano pair per feature, every belonging statement
    assert len(rows) == 6 + 2 * 3 + len(company.instrument.items)
    assert "How would you feel if you could no longer use Acme Ledger?" in page
    assert "N/A - I no longer use Acme Ledger" in text
    assert "used Acme Ledger in the last two weeks" in text
    assert "How would you feel if Acme Ledger did not have a shared inbox (beta)?" in text
    assert "<script" not in page and "http" not in page  # self-contained, nothing to fetch
    assert "Multiple choice grid" in page  # which tools support which question types


def test_kano_kit_needs_features(capsys, data_dir, acme, tmp_path):
    (acme / "features.csv").unlink()
    code = cli.main(
        ["survey", "kano", "--company", "acme", "--data-dir", str(data_dir), "--out", str(tmp_path)]
    )
    assert code == 1
    assert "features.csv" in capsys.readouterr().err


def _fake_export(questions, path: Path, grid_intro: str | None = None) -> None:
    """A Tally-style export whose question columns are the kit's wordings, answered with the
    first option (or some text)."""
    headers = ["Submission ID", "Respondent ID", "Submitted at"]
    answers = ["s1", "person-1", "2026-02-12 08:00:00"]
    for question in questions:
        header = f"{grid_intro} [{question.text}]" if grid_intro else question.text
        headers.append(header)
        answers.append(question.options[1] if len(question.options) > 1 else "Some words, here")
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([headers, answers])


@pytest.mark.parametrize("kind", ["pmf", "kano", "belonging"])
def test_every_printed_question_is_recognised_by_the_importer(data_dir, acme, tmp_path, kind):
    company = io.load_company("acme", data_dir)
    questions = kit_questions(company, kind)
    export = tmp_path / f"{kind}.csv"
    intro = BELONGING_INTRO.replace("<product>", "Acme Ledger") if kind == "belonging" else None
    _fake_export(questions, export, intro)
    result = import_file(export, "acme", kind=None, data_dir=str(data_dir))
    assert result.kind == kind  # recognised without --as
    assert set(result.mapping) == {q.field for q in questions}
    assert result.unused == []
    assert [p for p in io.validate_company("acme", data_dir) if p.severity == "error"] == []


@pytest.mark.slow
def test_survey_page_opens_offline_in_chromium(data_dir, acme, tmp_path):
    executable = chromium()
    if executable is None:
        pytest.skip("Debian's chromium is not installed (run `make browser` as root)")
    from playwright.sync_api import sync_playwright

    assert (
        cli.main(
            [
                "survey",
                "all",
                "--company",
                "acme",
                "--data-dir",
                str(data_dir),
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    page_path = tmp_path / "acme-all-survey.html"
    with sync_playwright() as playwright:
        import os

        args = ["--no-sandbox"] if os.geteuid() == 0 else []
        browser = playwright.chromium.launch(executable_path=executable, args=args)
        context = browser.new_context(offline=True)
        requests: list[str] = []
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.goto(page_path.as_uri(), wait_until="load")
        assert page.title() == "Acme Ledger: survey kit (all)"
        count = page.locator("li.q").count()
        company = io.load_company("acme", data_dir)
        assert count == len(kit_questions(company, "all"))
        assert page.locator("li.q").first.is_visible()
        assert requests == [page_path.as_uri()]
        browser.close()
