"""The ``workbook`` command: list, validate and scaffold companies.

Every command takes ``--data-dir`` (default: ``$WORKBOOK_DATA`` or the project's ``data/``) so a
team can keep its companies outside the repository. Bad input is reported as plain messages,
never as a traceback; the exit code says whether anything was wrong.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from datetime import date
from io import StringIO
from pathlib import Path

from workbook import io

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def _data_dir_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=f"folder holding companies/ and instruments/ (default: ${io.DATA_ENV_VAR} "
        "or the project's data/ folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for all sub-commands."""
    parser = argparse.ArgumentParser(
        prog="workbook",
        description="Strategy Workbook: belonging, differentiation and time-to-fit assessments.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    listing = commands.add_parser("list", help="companies with name, stage and data files present")
    _data_dir_argument(listing)

    validate = commands.add_parser(
        "validate", help="check companies' files against the data contract (exit 1 on errors)"
    )
    validate.add_argument("slugs", nargs="*", metavar="SLUG", help="companies (default: all)")
    validate.add_argument(
        "--quiet", action="store_true", help="print errors only, not warnings or clean companies"
    )
    _data_dir_argument(validate)

    new = commands.add_parser("new", help="scaffold a company folder with header-only files")
    new.add_argument("slug", metavar="SLUG", help="1-64 lowercase letters, digits and hyphens")
    new.add_argument("--name", required=True, help="the company's display name")
    new.add_argument("--stage", choices=io.STAGES, default="pre-pmf", help="default: pre-pmf")
    new.add_argument(
        "--started",
        type=_iso_date,
        default=None,
        help="date work on the product began, YYYY-MM-DD (default: today)",
    )
    new.add_argument(
        "--network-effects", action="store_true", help="the product lives on network effects"
    )
    _data_dir_argument(new)
    return parser


def _iso_date(text: str) -> date:
    parsed = io.parse_iso_date(text)
    if parsed is None:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}")
    return parsed


def command_list(data_dir: Path | None) -> int:
    """Print each company's slug, name, stage and which contract files it has."""
    root = io.resolve_data_dir(data_dir)
    slugs = io.list_companies(root)
    if not slugs:
        print(f"No companies under {root / 'companies'} (add one with `workbook new`).")
        return EXIT_OK
    for slug in slugs:
        folder = root / "companies" / slug
        name, stage = "?", "?"
        config_path = folder / io.COMPANY_FILE
        if config_path.is_file():
            text, _ = io.read_text(config_path, io.COMPANY_FILE)
            config, _ = io.parse_company_config(text) if text is not None else (None, [])
            if config is not None:
                name, stage = config.name, config.stage
            else:
                name = "(company.yaml has errors: run `workbook validate`)"
        else:
            name = "(company.yaml missing)"
        present = [f for f in io.DATA_FILES if (folder / f).is_file()]
        if (folder / io.TEAM_ASSESSMENT_FILE).is_file():
            present.append(io.TEAM_ASSESSMENT_FILE)
        print(f"{slug}  {name}  [{stage}]")
        print(f"    files: {', '.join(present) if present else 'none besides company.yaml'}")
    return EXIT_OK


def command_validate(slugs: Sequence[str], data_dir: Path | None, quiet: bool) -> int:
    """Print every problem grouped by company and file; exit 1 when any is an error."""
    root = io.resolve_data_dir(data_dir)
    slugs = list(slugs) or io.list_companies(root)
    if not slugs:
        print(f"No companies under {root / 'companies'} to validate.")
        return EXIT_OK
    any_error = False
    for slug in slugs:
        try:
            problems = io.validate_company(slug, root)
        except io.InvalidSlugError as exc:
            print(f"{slug!r}: {exc.args[0]}")
            any_error = True
            continue
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        any_error |= errors > 0
        if quiet and not errors:
            continue
        summary = "OK" if not problems else f"{errors} error(s), {warnings} warning(s)"
        print(f"{slug}: {summary}")
        shown = [p for p in problems if p.severity == "error" or not quiet]
        for file_name in dict.fromkeys(p.file for p in shown):
            print(f"  {file_name}")
            for problem in (p for p in shown if p.file == file_name):
                print(f"    {problem.severity}: {_without_file(problem)}")
    checked = len(slugs)
    print(
        f"Checked {checked} compan{'y' if checked == 1 else 'ies'} against the data contract: "
        + ("errors found." if any_error else "no errors.")
    )
    return EXIT_PROBLEMS if any_error else EXIT_OK


def _without_file(problem: io.Problem) -> str:
    text = str(problem)
    prefix = problem.file + ", " if text.startswith(problem.file + ", ") else problem.file + ": "
    return text.removeprefix(prefix)


def _csv_line(columns: Sequence[str]) -> str:
    buffer = StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(columns)
    return buffer.getvalue()


def command_new(
    slug: str,
    name: str,
    stage: str,
    started: date | None,
    network_effects: bool,
    data_dir: Path | None,
) -> int:
    """Create ``companies/<slug>/`` with ``company.yaml`` and header-only CSVs."""
    io.check_slug(slug)
    root = io.resolve_data_dir(data_dir)
    folder = root / "companies" / slug
    if folder.exists():
        print(f"{slug}: a company folder already exists at {folder}; nothing was changed.")
        return EXIT_PROBLEMS
    items: list[str] = []
    instrument_path = root / io.INSTRUMENT_RELATIVE_PATH
    if instrument_path.is_file():
        try:
            items = io.load_instrument(instrument_path).item_ids
        except io.DataError as exc:
            print(f"warning: {exc}", file=sys.stderr)
    config = io.dump_company_config(
        io.CompanyConfig(
            name=name,
            stage=stage,
            started=started or date.today(),
            network_effects=network_effects,
        )
    )
    folder.mkdir(parents=True)
    io.write_text_atomic(folder / io.COMPANY_FILE, config)
    for file_name, spec in io.DATA_FILES.items():
        if file_name == "belonging_survey.csv":
            header = spec.header(items)
        elif file_name == "strategy_canvas.csv":
            header = [*spec.header(), name, "competitor"]
        else:
            header = spec.header()
        io.write_text_atomic(folder / file_name, _csv_line(header))
    print(f"Created {folder} with {io.COMPANY_FILE} and header-only CSVs.")
    print("Fill in the files you have (see docs/data-contract.md), then run `workbook validate`.")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``workbook`` console script."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "list":
            return command_list(args.data_dir)
        if args.command == "validate":
            return command_validate(args.slugs, args.data_dir, args.quiet)
        return command_new(
            args.slug, args.name, args.stage, args.started, args.network_effects, args.data_dir
        )
    except io.DataError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:
        print(f"Cannot access {exc.filename or 'a file'}: {exc.strerror}", file=sys.stderr)
        return EXIT_PROBLEMS


if __name__ == "__main__":
    raise SystemExit(main())
