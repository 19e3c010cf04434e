"""The ``workbook survey`` sub-command (argument parsing and output only)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbook import contract


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register ``workbook survey KIND --company SLUG``."""
    parser = commands.add_parser(
        "survey",
        help="write the questionnaire to send (printable HTML, CSV and text lists)",
        description="Write the questions with the exact wordings `workbook import` recognises.",
    )
    parser.add_argument(
        "kind",
        choices=("pmf", "kano", "belonging", "all"),
        metavar="KIND",
        help="pmf, kano, belonging or all",
    )
    parser.add_argument("--company", required=True, metavar="SLUG", help="the company")
    parser.add_argument(
        "--out", type=Path, default=Path("."), help="folder for the files (default: here)"
    )
    contract.add_data_dir_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Write ``<slug>-<kind>-survey.html``, ``-questions.csv`` and ``-questions.txt``."""
    from workbook import io
    from workbook.survey_kit.kit import kit_questions, render_csv, render_html, render_text

    try:
        company = io.load_company(args.company, args.data_dir)
    except io.DataError as exc:
        print(f"Cannot write the survey: {exc}", file=sys.stderr)
        return 1
    questions = kit_questions(company, args.kind)
    if not questions:
        need = {"kano": "features.csv", "belonging": "a belonging instrument"}.get(args.kind, "")
        print(f"Cannot write the survey: no questions ({need} is needed)", file=sys.stderr)
        return 1
    stem = args.out / f"{company.slug}-{args.kind}"
    files = {
        stem.with_name(stem.name + "-survey.html"): render_html(company, args.kind, questions),
        stem.with_name(stem.name + "-questions.csv"): render_csv(questions),
        stem.with_name(stem.name + "-questions.txt"): render_text(questions),
    }
    for path, text in files.items():
        io.write_text_atomic(path, text)
        print(f"wrote {path}")
    print(
        f"{len(questions)} questions. Build the survey in your tool with these wordings, then "
        f"`workbook import EXPORT --company {company.slug}`."
    )
    return 0
