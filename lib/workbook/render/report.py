"""What a run tells its reader: each company's outcome (:class:`CompanyOutcome`,
:class:`RunSummary`), the progress bar with its log lines, and the end-of-run report."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from workbook.render.tasks import RenderResult

if TYPE_CHECKING:
    from workbook.render.manifest import Manifest


@dataclass
class CompanyOutcome:
    """One company's line in the summary."""

    slug: str
    name: str = ""
    problems: list[str] = field(default_factory=list)  # errors that kept it from rendering
    warnings: int = 0
    results: dict[str, RenderResult] = field(default_factory=dict)
    #: Why it could not be validated at all (a worker or kernel failed): not its data's fault.
    infrastructure: str = ""
    #: Its validation is known (from the manifest): valid when there are no problems.
    validated: bool = False
    #: The key of its validation (:func:`.manifest.validation_key`), from this run's snapshot.
    validation_key: str = ""
    #: Its input files (every one the contract names), as read into this run's snapshot.
    inputs: list[Path] = field(default_factory=list)

    @property
    def invalid(self) -> bool:
        return bool(self.problems)


@dataclass
class RunSummary:
    """Everything a run did, for the summary table and the exit status."""

    out_dir: Path
    assessments: tuple[str, ...]  # every company page's id: the summary's, the assessments'
    companies: list[CompanyOutcome]
    seconds: float = 0.0
    #: Each company page's file name by id (default ``<id>.html``).
    outputs: dict[str, str] = field(default_factory=dict)
    #: The portfolio's render (None: no portfolio page registered, or no company).
    portfolio: RenderResult | None = None
    portfolio_output: str = "index.html"

    def results(self) -> list[RenderResult]:
        found = [r for company in self.companies for r in company.results.values()]
        return found + ([self.portfolio] if self.portfolio is not None else [])

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results())

    @property
    def ok(self) -> bool:
        return not any(c.invalid or c.infrastructure for c in self.companies) and not self.count(
            "failed"
        )

    @property
    def entry_page(self) -> Path | None:
        """The portfolio page, the reports' entry page (None when there is none)."""
        path = self.out_dir / self.portfolio_output
        return path if self.portfolio is not None and path.is_file() else None

    def pages(self) -> list[Path]:
        """Every page that exists for the companies of this run, then the portfolio."""
        found = [
            self.out_dir / company.slug / self.outputs.get(page, f"{page}.html")
            for company in self.companies
            for page in self.assessments
        ]
        entry = self.entry_page
        return [path for path in found if path.is_file()] + ([entry] if entry else [])


class Progress:
    """One tqdm bar counting renders; log lines printed above it."""

    def __init__(self, total: int, show: bool | None, log: TextIO) -> None:
        from tqdm import tqdm

        self.log = log
        self._lock = threading.Lock()
        self.bar = tqdm(
            total=total,
            unit="page",
            desc="Rendering",
            file=log,
            disable=(not show) if show is not None else None,
            dynamic_ncols=True,
        )

    def advance(self, count: int) -> None:
        if count:
            with self._lock:
                self.bar.update(count)

    def write(self, text: str) -> None:
        with self._lock:
            self.bar.write(text, file=self.log)

    def close(self) -> None:
        self.bar.close()


def invalid_text(company: CompanyOutcome) -> str:
    errors = plural(len(company.problems), "error")
    lines = [f"{company.slug}: not rendered: its data has {errors}"]
    lines += [f"    {problem}" for problem in company.problems]
    return "\n".join(lines)


def unchecked_text(company: CompanyOutcome) -> str:
    return (
        f"{company.slug}: not rendered: its data could not be validated because the workers "
        f"failed ({company.infrastructure}); not a problem of its data: render again"
    )


def company_text(company: CompanyOutcome, order: dict[str, Any], remote: bool = False) -> str:
    results = sorted(company.results.items(), key=lambda item: list(order).index(item[0]))
    parts = []
    for assessment_id, result in results:
        if result.status == "rendered":
            parts.append(f"rendered {assessment_id} ({result.seconds:.1f} s)")
        elif result.status == "skipped":
            parts.append(f"{assessment_id} up to date")
        else:
            parts.append(f"FAILED {assessment_id}")
    lines = [f"{company.slug}: " + ", ".join(parts)]
    if company.warnings:
        warnings = plural(company.warnings, "data warning")
        lines[0] += f" ({warnings}: `workbook validate {company.slug}`)"
    workers = sorted({r.worker for _, r in results if r.status != "skipped" and r.worker})
    if remote and workers:
        lines[0] += f" on {', '.join(workers)}"
    for assessment_id, result in results:
        if result.status == "failed":
            lines.append("    " + failure_text(company.slug, assessment_id, result))
    return "\n".join(lines)


def failure_text(slug: str, assessment_id: str, result: RenderResult) -> str:
    """One failure: company, notebook, cell, error, and where the failed notebook is."""
    where = f"{slug} / " if slug else ""
    where += result.notebook or assessment_id
    if result.error is not None:
        where += f", {result.error.cell}"
    text = f"{where}: {result.message}"
    if result.ipynb is not None and result.status == "failed":
        text += f" (failed notebook kept: {result.ipynb})"
    return text


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_table(summary: RunSummary) -> str:
    """The end-of-run table: one row per company, one column per assessment."""
    header = ["company", *summary.assessments]
    rows = []
    for company in summary.companies:
        cells = [company.slug]
        for assessment_id in summary.assessments:
            result = company.results.get(assessment_id)
            if company.invalid and result is None:
                cells.append("invalid data")
            elif company.infrastructure and result is None:
                cells.append("not checked")
            elif result is None:
                cells.append("-")
            elif result.status == "rendered":
                cells.append(f"rendered {result.seconds:.1f}s")
            elif result.status == "skipped":
                cells.append("up to date")
            else:
                cells.append("FAILED")
        rows.append(cells)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    portfolio = summary.portfolio
    if portfolio is not None:
        if portfolio.status == "rendered":
            state = f"rendered {portfolio.seconds:.1f}s"
        elif portfolio.status == "skipped":
            state = "up to date"
        else:
            state = "FAILED"
        lines.append(f"portfolio ({summary.portfolio_output}): {state}")
    return "\n".join(lines)


def report_text(summary: RunSummary) -> str:
    """What the command prints at the end: counts, the table, failures, where the pages are."""
    rendered, skipped, failed = (summary.count(s) for s in ("rendered", "skipped", "failed"))
    invalid = sum(c.invalid for c in summary.companies)
    counts = [
        f"{plural(rendered, 'page')} rendered",
        f"{skipped} up to date",
        f"{failed} failed",
    ]
    if invalid:
        counts.append(f"{invalid} {'company' if invalid == 1 else 'companies'} with invalid data")
    unchecked = sum(bool(c.infrastructure) for c in summary.companies)
    if unchecked:
        counts.append(
            f"{unchecked} {'company' if unchecked == 1 else 'companies'} not checked (workers "
            "failed)"
        )
    lines = [f"{', '.join(counts)} in {summary.seconds:.1f} s.", "", summary_table(summary)]
    problems = [
        failure_text(company.slug, assessment_id, result)
        for company in summary.companies
        for assessment_id, result in company.results.items()
        if result.status == "failed"
    ]
    problems += [
        f"{company.slug}: data does not validate ({plural(len(company.problems), 'error')}; "
        f"`workbook validate {company.slug}` lists them)"
        for company in summary.companies
        if company.invalid
    ]
    problems += [
        f"{company.slug}: could not be validated, the workers failed: {company.infrastructure} "
        "(not a problem of its data; render again)"
        for company in summary.companies
        if company.infrastructure and not company.invalid
    ]
    if summary.portfolio is not None and summary.portfolio.status == "failed":
        problems.append(failure_text("", summary.portfolio.assessment_id, summary.portfolio))
    if problems:
        lines += ["", "Problems:", *(f"  {line}" for line in problems)]
    pages = summary.pages()
    if summary.companies:
        lines += ["", f"Reports in {_display(summary.out_dir)}/:"]
        lines += [f"  {_display(page)}" for page in pages] or ["  (no pages yet)"]
    entry = summary.entry_page
    if entry is not None:
        lines += ["", f"Start at {_display(entry)}: every company, linked to its pages."]
    return "\n".join(lines)


def _display(path: Path) -> str:
    """A path relative to the working folder when it is inside it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def note_invalid(
    companies: list[CompanyOutcome], existing_slugs: Sequence[str], manifest: Manifest
) -> None:
    """Record in the manifest which companies' data kept them from rendering, or whose
    validation could not run (and clear it for the companies of this run that were fine), for
    the portfolio."""
    existing = set(existing_slugs)
    changed = False
    for company in companies:
        if company.slug not in existing:
            continue
        reason = None
        if company.invalid:
            reason = (
                f"Its pages were not rendered: its data does not validate "
                f"({plural(len(company.problems), 'error')})."
            )
        elif company.infrastructure:
            reason = (
                "Its pages were not rendered: its data could not be checked because the "
                "workers failed (not a problem of its data; render again)."
            )
        if manifest.failures.get(company.slug) != reason:
            manifest.company_failed(company.slug, reason)
            changed = True
    if changed:
        manifest.save()
