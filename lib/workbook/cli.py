"""The ``workbook`` command: list, validate, assess and scaffold companies.

Every command takes ``--data-dir`` (default: ``$WORKBOOK_DATA`` or the project's ``data/``) so a
team can keep its companies outside the repository. Bad input is reported as plain messages,
never as a traceback; the exit code says whether anything was wrong. The data layer (pandas) is
imported only once a command runs, so ``workbook --help`` answers at once.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbook import contract
from workbook.errors import WorkbookError
from workbook.importers import command as import_command
from workbook.render import command as render_command
from workbook.survey_kit import command as survey_command
from workbook.workshop import command as workshop_command

if TYPE_CHECKING:
    from workbook import io

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for all sub-commands."""
    parser = argparse.ArgumentParser(
        prog="workbook",
        description="Strategy Workbook: the registered assessments of each company.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    listing = commands.add_parser("list", help="companies with name, stage and data files present")
    contract.add_data_dir_argument(listing)

    validate = commands.add_parser(
        "validate", help="check companies' files against the data contract (exit 1 on errors)"
    )
    validate.add_argument("slugs", nargs="*", metavar="SLUG", help="companies (default: all)")
    validate.add_argument(
        "--quiet", action="store_true", help="print errors only, not warnings or clean companies"
    )
    contract.add_data_dir_argument(validate)

    assess = commands.add_parser(
        "assess", help="run every assessment for companies and print the results (or --json)"
    )
    assess.add_argument("slugs", nargs="*", metavar="SLUG", help="companies (default: all)")
    assess.add_argument(
        "--json", action="store_true", help="print one JSON document instead of a summary"
    )
    contract.add_data_dir_argument(assess)

    render_command.add_parser(commands)
    workshop_command.add_parser(commands)
    import_command.add_parser(commands)
    survey_command.add_parser(commands)

    new = commands.add_parser("new", help="scaffold a company folder with header-only files")
    new.add_argument("slug", metavar="SLUG", help="1-64 lowercase letters, digits and hyphens")
    new.add_argument("--name", required=True, help="the company's display name")
    new.add_argument("--stage", choices=contract.STAGES, default="pre-pmf", help="default: pre-pmf")
    new.add_argument(
        "--started",
        type=_iso_date,
        default=None,
        help="date work on the product began, YYYY-MM-DD (default: today)",
    )
    new.add_argument(
        "--network-effects", action="store_true", help="the product lives on network effects"
    )
    contract.add_data_dir_argument(new)
    return parser


def _iso_date(text: str) -> date:
    from workbook import io

    parsed = io.parse_iso_date(text)
    if parsed is None:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}")
    return parsed


def command_list(data_dir: Path | None) -> int:
    """Print each company's slug, name, stage and which contract files it has."""
    from workbook import io
    from workbook.format import visible

    root = io.resolve_data_dir(data_dir)
    slugs = io.list_companies(root)
    _print_misnamed_folders(root)
    if not slugs:
        print(f"No companies under {root / 'companies'} (add one with `workbook new`).")
        return EXIT_OK
    for slug in slugs:
        folder = root / "companies" / slug
        name, stage = "?", "?"
        config_path = folder / io.COMPANY_FILE
        if os.path.lexists(config_path):
            text, _ = io.read_text(config_path, io.COMPANY_FILE, root)
            config, _ = io.parse_company_config(text) if text is not None else (None, [])
            if config is not None:
                name, stage = visible(config.name), config.stage
            else:
                name = "(company.yaml has errors: run `workbook validate`)"
        else:
            name = "(company.yaml missing)"
        present = [f for f in io.DATA_FILES if os.path.lexists(folder / f)]
        if os.path.lexists(folder / io.TEAM_ASSESSMENT_FILE):
            present.append(io.TEAM_ASSESSMENT_FILE)
        print(f"{slug}  {name}  [{stage}]")
        print(f"    files: {', '.join(present) if present else 'none besides company.yaml'}")
    return EXIT_OK


def command_validate(slugs: Sequence[str], data_dir: Path | None, quiet: bool) -> int:
    """Print every problem grouped by company and file; exit 1 when any is an error."""
    from workbook import io

    root = io.resolve_data_dir(data_dir)
    if not slugs:
        _print_misnamed_folders(root)
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


def _print_misnamed_folders(root: Path) -> None:
    """Warn about folders under ``companies/`` that every command leaves out (not valid slugs)."""
    from workbook import io

    for warning in io.misnamed_company_folders(root):
        print(f"warning: {warning}")


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
    from workbook import io, safeload

    io.check_slug(slug)
    name_problem = safeload.company_name_problem(name)
    if name_problem:
        print(f"--name: expected {name_problem}; nothing was created.", file=sys.stderr)
        return EXIT_USAGE
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


def assess_companies(slugs: Sequence[str], data_dir: Path | None) -> list[dict[str, Any]]:
    """Every registered assessment for each company, as JSON-ready records.

    A company whose files have errors is not assessed: its record lists the problems instead
    (``assessed`` is false), and the other companies are still assessed.
    """
    from workbook import io, registry

    root = io.resolve_data_dir(data_dir)
    records = []
    for slug in list(slugs) or io.list_companies(root):
        record: dict[str, Any] = {"slug": slug, "name": None, "as_of": None}
        try:
            company = io.load_company(slug, root)
        except io.DataError as exc:
            problems = exc.problems or [io.Problem("error", io.COMPANY_FILE, exc.args[0])]
            records.append(record | {"assessed": False, "problems": _problem_records(problems)})
            continue
        outcomes = {} if company.errors else registry.assess_company(company)
        records.append(company_record(company, outcomes))
    return records


def company_record(company: Any, outcomes: Mapping[str, Any]) -> dict[str, Any]:
    """One loaded company's record of ``workbook assess --json`` from its assessment results
    (``outcomes``; empty when its data has errors). Report renders keep it as their history."""
    from workbook import results

    return {
        "slug": company.slug,
        "name": company.name,
        "as_of": company.as_of.isoformat(),
        "problems": _problem_records(company.problems),
        "assessed": not company.errors,
        "assessments": {}
        if company.errors
        else {key: results.to_dict(r) for key, r in outcomes.items()},
    }


def _problem_records(problems: Sequence[io.Problem]) -> list[dict[str, Any]]:
    from workbook.results import plain

    return [
        {
            "severity": p.severity,
            "file": p.file,
            "row": p.row,
            "column": p.column,
            "value": plain(p.value),
            "expected": p.expected,
            "message": str(p),
        }
        for p in problems
    ]


def command_assess(slugs: Sequence[str], data_dir: Path | None, as_json: bool) -> int:
    """Print every company's assessments (a summary, or one JSON document); exit 1 on errors."""
    from workbook import registry

    records = assess_companies(slugs, data_dir)
    failed = any(not record["assessed"] for record in records)
    if as_json:
        json.dump({"companies": records}, sys.stdout, ensure_ascii=False, allow_nan=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_PROBLEMS if failed else EXIT_OK
    if not records:
        print("No companies to assess (add one with `workbook new`).")
    for record in records:
        title = f"{record['slug']}: {record['name'] or '(company.yaml has errors)'}"
        print(title + (f", as of {record['as_of']}" if record["as_of"] else ""))
        if not record["assessed"]:
            print("  not assessed: its data has errors (fix them, then run again):")
            for problem in record["problems"]:
                if problem["severity"] == "error":
                    print(f"    - {problem['message']}")
            continue
        for key, outcome in record["assessments"].items():
            print(f"  {registry.get(key).title}: {outcome['status']}. {outcome['summary']}")
            for recommendation in outcome["recommendations"][:1]:
                print(f"    next ({recommendation['severity']}): {recommendation['title']}")
    return EXIT_PROBLEMS if failed else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``workbook`` console script."""
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except WorkbookError as exc:  # a data error, a plug-in that cannot be used, …: no traceback
        print(str(exc), file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:
        print(f"Cannot access {exc.filename or 'a file'}: {exc.strerror}", file=sys.stderr)
        return EXIT_PROBLEMS


def _run(args: argparse.Namespace) -> int:
    """Run the parsed command (``render`` first: before importing workbook.io, whose pandas and
    pandera take seconds on a busy machine, so that a re-render with every page up to date
    imports neither)."""
    commands: dict[str, Callable[[], int]] = {
        "render": lambda: render_command.run(args),
        "list": lambda: command_list(args.data_dir),
        "validate": lambda: command_validate(args.slugs, args.data_dir, args.quiet),
        "assess": lambda: command_assess(args.slugs, args.data_dir, args.json),
        "workshop": lambda: workshop_command.run(args),
        "import": lambda: import_command.run(args),
        "survey": lambda: survey_command.run(args),
        "new": lambda: command_new(
            args.slug, args.name, args.stage, args.started, args.network_effects, args.data_dir
        ),
    }
    if args.command in {"validate", "assess"}:
        from workbook import registry

        registry.assessments()  # a plug-in that cannot be used is said first, with no company
    return commands[args.command]()


if __name__ == "__main__":
    raise SystemExit(main())
