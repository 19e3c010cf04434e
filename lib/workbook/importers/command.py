"""The ``workbook import`` sub-command (argument parsing and output only)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbook import contract


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register ``workbook import FILE --company SLUG …``."""
    parser = commands.add_parser(
        "import",
        help="merge a survey-tool, events or community export into a company's contract file",
        description="Detect the tool, map the questions by their wording, leave out partial, "
        "preview, duplicate, ineligible and late responses, and merge the rest into the "
        "company's file (previous version kept in .history/). See docs/importing.md.",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the export (CSV, TSV or .zip)")
    parser.add_argument("--company", required=True, metavar="SLUG", help="the company to fill")
    parser.add_argument(
        "--as",
        dest="kind",
        choices=("pmf", "kano", "belonging", "activity", "retention"),
        default=None,
        help="what the export holds (default: recognised from its questions)",
    )
    parser.add_argument(
        "--tool",
        default="auto",
        help="typeform, google-forms, surveymonkey, qualtrics, tally, formbricks, csv, events, "
        "posthog, mixpanel, amplitude, slack, discourse (default: auto)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show the mapping and counts; write nothing"
    )
    contract.add_data_dir_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Run an import; one clear message and exit 1 when the file cannot be imported."""
    from workbook import io
    from workbook.importers.run import import_file
    from workbook.importers.source import ImportFailure

    try:
        result = import_file(
            args.file, args.company, args.kind, args.tool, args.dry_run, args.data_dir
        )
    except ImportFailure as exc:
        print(f"Cannot import: {exc}", file=sys.stderr)
        return 1
    except io.DataError as exc:
        print(f"Cannot import: {exc}", file=sys.stderr)
        return 1
    print(result.report(args.dry_run))
    return 0
