"""The batch: plan, validate, render in parallel, record, summarise.

:func:`render_reports` renders every company × (its summary page and each registered
assessment) into ``<out>/<slug>/``, then the portfolio into ``<out>/index.html``:

1. **Plan** (standard library only): each render's key (:mod:`.manifest`) against the manifest;
   unchanged renders are skipped without importing pandas or starting anything.
2. **Validate** on the workers: ``jobs`` processes start at once, each with its warm kernel
   (or, with ``Options.scheduler``, the workers of a Dask cluster: :mod:`.cluster`); each
   company that has something to render is validated there, in a kernel that has pandas and
   pandera loaded already (this process never imports them). A company with errors is not
   rendered and is listed with its problems; its previous pages stay.
3. **Render**: each valid company's stale pages are submitted as :func:`.tasks.render` calls;
   results come back as they finish, update the progress bar and the log, and are recorded in
   the manifest at once (written atomically), so a killed run loses only unfinished renders.
   A cluster worker returns the files as bytes; they are written here (:func:`.tasks.deliver`)
   before the manifest records them.
4. **Portfolio**, last and once: its key (:func:`.manifest.portfolio_key`) covers every
   company's inputs and the failures the manifest records (this run's and earlier ones of
   companies this run left alone); it is rendered, with those failures as its ``failed``
   parameter, only when the key changed.
5. **Summary**: a table of every company and page; ``RunSummary.ok`` is False when any render
   failed or any company was invalid.

Where renders execute is :mod:`.workers`; what a run reports (its outcome, progress bar and
end-of-run text) is :mod:`.report`; the page left for a failed render is :mod:`.placeholder`.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from workbook import contract, registry
from workbook.errors import WorkbookError
from workbook.render import atomic, placeholder
from workbook.render.manifest import (
    Entry,
    Manifest,
    Validation,
    portfolio_key,
    render_key,
    validation_key,
)
from workbook.render.options import Options
from workbook.render.report import (  # noqa: F401 (the command and tests read them here)
    CompanyOutcome,
    Progress,
    RunSummary,
    company_text,
    failure_text,
    invalid_text,
    note_invalid,
    report_text,
    summary_table,
    unchecked_text,
)
from workbook.render.snapshot import Bundle, Snapshot, without_outputs
from workbook.render.tasks import (
    CompanyCheck,
    PageLink,
    RenderResult,
    RenderTask,
    deliver,
)
from workbook.render.workers import Started

if TYPE_CHECKING:
    from workbook.registry import Assessment, Page

DATA_ENV_VAR = "WORKBOOK_DATA"
SLUG_PATTERN = re.compile(r"[a-z0-9-]{1,64}")
COMPANY_FILE = "company.yaml"
#: The files the data contract names for a company (its validation reads every one): a run
#: reads these, and only these, into its snapshot.
CONTRACT_INPUTS = tuple(
    dict.fromkeys((contract.COMPANY_FILE, contract.TEAM_ASSESSMENT_FILE, *registry.ALL_INPUTS))
)


class DataFolderError(WorkbookError, ValueError):
    """The data folder cannot be what was meant (no ``companies/`` in it): nothing is done."""


def data_root(data_dir: Path | None) -> Path:
    """The data folder: ``data_dir``, else ``$WORKBOOK_DATA``, else the project's ``data/``
    (the same rule as :func:`workbook.io.resolve_data_dir`, without importing pandas)."""
    if data_dir:
        return Path(data_dir).expanduser()
    configured = os.environ.get(DATA_ENV_VAR)
    if configured:
        return Path(configured).expanduser()
    return registry.NOTEBOOKS_DIR.parent / "data"


def company_slugs(root: Path) -> list[str]:
    """Slugs of the company folders under ``<root>/companies``, as ``io.list_companies``."""
    folder = root / "companies"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and SLUG_PATTERN.fullmatch(p.name))


def render_reports(
    slugs: Sequence[str] = (),
    options: Options | None = None,
    log: TextIO | None = None,
) -> RunSummary:
    """Render the pages of ``slugs`` (default: every company) and return what happened.

    Raises :class:`DataFolderError` when the data folder has no ``companies/`` folder (a
    mistyped ``--data-dir`` must not replace the reports with empty ones)."""
    options = options or Options()
    log = log if log is not None else sys.stderr
    started = time.perf_counter()
    root = data_root(options.data_dir).resolve()
    if not (root / "companies").is_dir():
        raise DataFolderError(
            f"No companies/ folder in the data folder {root}: check --data-dir (or "
            f"${DATA_ENV_VAR}); it must hold companies/ and instruments/. Nothing was rendered."
        )
    out = Path(options.out_dir).resolve()
    company_pages = tuple(page for page in options.pages if page.scope == "company")
    portfolio_page = next((page for page in options.pages if page.scope == "portfolio"), None)
    items: tuple[Assessment | Page, ...] = (*company_pages, *options.assessments)
    ids = tuple(item.id for item in items)
    slugs = list(dict.fromkeys(slugs)) or company_slugs(root)
    companies = [CompanyOutcome(slug) for slug in slugs]
    summary = RunSummary(out, ids, companies, outputs={p.id: p.output for p in company_pages})
    if portfolio_page is not None:
        summary.portfolio_output = portfolio_page.output
    if not companies:
        print(f"No companies under {root / 'companies'} to render.", file=log)
        return summary

    with atomic.folder_lock(out):
        atomic.remove_temporaries(out)
        manifest = Manifest.load(out)
        snapshot = Snapshot(root)
        stale = _plan(companies, items, root, manifest, options.force, snapshot)
        total = len(companies) * len(items) + (portfolio_page is not None)
        progress = Progress(total, options.progress, log)
        progress.advance(len(companies) * len(items) - sum(map(len, stale.values())))
        for company in companies:
            if company.slug not in stale and not company.invalid:
                progress.write(f"{company.slug}: up to date ({len(company.results)} pages)")
            elif company.invalid:
                progress.write(invalid_text(company))
        workers = Started(options, renders=sum(map(len, stale.values())))
        try:
            if stale:
                _render_stale(
                    companies,
                    stale,
                    items,
                    root,
                    out,
                    manifest,
                    options,
                    progress,
                    workers,
                    snapshot,
                )
            note_invalid(companies, company_slugs(root), manifest)
            if portfolio_page is not None:
                summary.portfolio = _render_portfolio(
                    portfolio_page, root, out, manifest, options, progress, workers, snapshot
                )
        finally:
            workers.close()
            _list_history(out, manifest)
        progress.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _history_dir(out: Path) -> Path:
    """Where the pages keep and read the results of each render (:mod:`.history`), passed to
    the notebooks as ``history_dir``. Renders run on a private copy of the records they need
    (:attr:`.snapshot.Bundle.history`), on a local worker as on a Dask worker that does not
    see this folder; the records they keep come back with their result."""
    from workbook.render.history import HISTORY_DIR

    return out / HISTORY_DIR


def _history_files(out: Path, slugs: Sequence[str]) -> dict[str, bytes]:
    """The kept records of ``slugs``, as a render's bundle ships them."""
    from workbook.render.history import files

    return files(_history_dir(out), slugs)


def _list_history(out: Path, manifest: Manifest) -> None:
    """List the kept results in the manifest (they survive ``--force``: nothing removes them)."""
    from workbook.render.history import listing

    found = listing(out)
    if found != manifest.history:
        manifest.history = found
        with contextlib.suppress(OSError):
            manifest.save()


def _render_portfolio(
    page: Page,
    root: Path,
    out: Path,
    manifest: Manifest,
    options: Options,
    progress: Progress,
    workers: Started,
    snapshot: Snapshot,
) -> RenderResult:
    """Render the portfolio last, once (every company of the data folder, with the failures the
    manifest records), unless its key says nothing changed. When it fails while companies have
    pages that failed, it is rendered again without them (they stay listed, with why), so one
    company's failure does not cost everyone the portfolio. It never replaces a portfolio that
    lists companies still present in the data folder it was made from."""
    slugs = company_slugs(root)
    failed = manifest.failed(slugs)
    key = portfolio_key(
        root / "companies", slugs, page.inputs, page.notebook_path, failed, snapshot
    )
    if not options.force and manifest.is_current("", page.id, key):
        progress.advance(1)
        progress.write(f"{page.id}: up to date")
        return RenderResult("", page.id, "skipped", message="up to date")
    task = RenderTask(
        slug="",
        company_name="All companies",
        assessment_id=page.id,
        assessment_title=page.title,
        notebook=page.notebook_path,
        data_dir=root,
        out_dir=out,
        key=key,
        timeout=options.timeout,
        output=page.output,
        parameters={
            "data_dir": str(root),
            "companies": None,
            "failed": failed,
            "history_dir": str(_history_dir(out)),
        },
    )
    lost = _companies_not_gone(manifest, root, slugs)
    if lost and not options.force:
        result = RenderResult.failure(
            task,
            f"not replaced: the portfolio in {out} lists {', '.join(lost)}, still in the data "
            f"folder it was made from ({manifest.portfolio.get('data_dir')}) but not in {root}; "
            "render into another --out, or pass --force to replace it",
        )
        progress.advance(1)
        progress.write(f"{page.id}: FAILED\n    " + failure_text("", page.id, result))
        return result
    bundle = Bundle(
        str(root),
        _portfolio_files(snapshot, slugs, page.inputs),
        notebook=_notebook_bytes(snapshot, page.notebook_path),
        history=_history_files(out, slugs),
    )
    result = _run_one(task, bundle, workers)
    page_failures = sorted({name.split("/")[0] for name in manifest.failures if "/" in name})
    if result.status == "failed" and page_failures:
        kept = [slug for slug in slugs if slug not in page_failures]
        retry = replace(task, parameters={**(task.parameters or {}), "companies": kept})
        progress.write(
            f"{page.id}: failed with every company; rendering it again without "
            f"{', '.join(page_failures)}, whose pages failed"
        )
        result = _run_one(retry, bundle, workers)
        task = retry
    outcome = CompanyOutcome("")
    _record(result, task, outcome, manifest)
    if result.status == "rendered":
        manifest.portfolio = {"data_dir": str(root), "companies": slugs}
        manifest.save()
    result = outcome.results[page.id]
    progress.advance(1)
    if result.status == "rendered":
        where = f" on {result.worker}" if workers.get().remote else ""
        progress.write(f"{page.id}: rendered ({result.seconds:.1f} s{where})")
    else:
        progress.write(f"{page.id}: FAILED\n    " + failure_text("", page.id, result))
    return result


def _companies_not_gone(manifest: Manifest, root: Path, slugs: list[str]) -> list[str]:
    """The companies the previous portfolio listed that this one would not, although they are
    still in the data folder that portfolio was made from (a mistyped data folder)."""
    previous = manifest.portfolio
    before = [str(slug) for slug in previous.get("companies") or ()]
    folder = Path(str(previous.get("data_dir") or root))
    return [
        slug
        for slug in before
        if slug not in slugs and (folder / "companies" / slug / COMPANY_FILE).is_file()
    ]


def _run_one(task: RenderTask, bundle: Bundle, workers: Started) -> RenderResult:
    """Submit one render and wait for it (its failure as a failed result)."""
    future: Future[RenderResult] | None = None
    try:
        future = workers.get().render(task, bundle)
        wait([future])
    except BaseException:
        if future is not None:
            future.cancel()
        raise
    return _result_of(future, task)


def _portfolio_files(
    snapshot: Snapshot, slugs: list[str], inputs: Sequence[str]
) -> dict[str, bytes]:
    """Every company's inputs, as the portfolio reads them, from the run's snapshot."""
    paths = [path for slug in slugs for path in snapshot.company_paths(slug, inputs)]
    return snapshot.files(paths)


def _notebook_bytes(snapshot: Snapshot, notebook: Path) -> bytes:
    """The notebook as this run's key saw it, without its committed outputs."""
    content = snapshot.read(notebook)
    if content is None:
        raise FileNotFoundError(f"the notebook {notebook} is missing")
    return without_outputs(content)


def _plan(
    companies: list[CompanyOutcome],
    assessments: Sequence[Assessment | Page],
    root: Path,
    manifest: Manifest,
    force: bool,
    snapshot: Snapshot,
) -> dict[str, dict[str, str]]:
    """Read each company's inputs into the snapshot, mark up-to-date renders skipped and the
    companies whose unchanged data the manifest knows to be invalid; return ``{slug:
    {assessment id: key}}`` to render."""
    names = [*CONTRACT_INPUTS, *(name for item in assessments for name in item.inputs)]
    stale: dict[str, dict[str, str]] = {}
    for company in companies:
        if not SLUG_PATTERN.fullmatch(company.slug):
            company.problems.append(
                f"invalid company slug {company.slug!r}: expected 1–64 lowercase letters, "
                "digits and hyphens"
            )
            continue
        folder = root / "companies" / company.slug
        if not (folder / COMPANY_FILE).is_file():
            company.problems.append(
                f"no company at {folder} (it needs a {COMPANY_FILE}; create one with "
                "`workbook new`)"
            )
            continue
        company.inputs = snapshot.company_paths(company.slug, names)
        refused = snapshot.problems(company.inputs)
        if refused:
            company.problems += refused
            continue
        for assessment in assessments:
            key = render_key(folder, assessment.inputs, assessment.notebook_path, snapshot)
            if not force and manifest.is_current(company.slug, assessment.id, key):
                company.results[assessment.id] = RenderResult(
                    company.slug, assessment.id, "skipped", message="up to date"
                )
            else:
                stale.setdefault(company.slug, {})[assessment.id] = key
        company.validation_key = validation_key(snapshot.digest_of(company.inputs))
        known = manifest.validations.get(company.slug)
        if company.slug in stale and not force and known and known.key == company.validation_key:
            company.validated = True
            company.problems += known.errors
            company.warnings = known.warnings
            company.name = known.name or company.slug
            if company.invalid:
                del stale[company.slug]  # unchanged invalid data: nothing to start
    return stale


def _render_stale(
    companies: list[CompanyOutcome],
    stale: dict[str, dict[str, str]],
    assessments: Sequence[Assessment | Page],
    root: Path,
    out: Path,
    manifest: Manifest,
    options: Options,
    progress: Progress,
    started: Started,
    snapshot: Snapshot,
) -> None:
    """Validate each company with something to render whose validation is not known (on the
    workers, in their warm kernels, from the snapshot), then submit its renders with the
    snapshot's bytes; handle results as they come."""
    by_slug = {company.slug: company for company in companies}
    by_id = {assessment.id: assessment for assessment in assessments}
    checks: dict[Future[CompanyCheck], str] = {}
    futures: dict[Future[RenderResult], RenderTask] = {}
    remaining = {slug: len(keys) for slug, keys in stale.items()}
    bundles = {
        slug: Bundle(
            str(root), snapshot.files(by_slug[slug].inputs), history=_history_files(out, [slug])
        )
        for slug in stale
    }
    notebooks: dict[Path, bytes] = {}
    workers = started.get()

    def submit_renders(company: CompanyOutcome) -> list[Future[RenderResult]]:
        submitted = []
        for task in _tasks(company, stale[company.slug], by_id, root, out, options):
            future: Future[RenderResult]
            try:
                if task.notebook not in notebooks:
                    notebooks[task.notebook] = _notebook_bytes(snapshot, task.notebook)
            except (OSError, ValueError) as exc:  # a missing or unreadable notebook: this page
                future = Future()
                future.set_result(RenderResult.failure(task, f"its notebook: {exc}"))
            else:
                bundle = replace(bundles[company.slug], notebook=notebooks[task.notebook])
                future = workers.render(task, bundle)
            futures[future] = task
            submitted.append(future)
        return submitted

    try:
        pending: set[Future[Any]] = set()
        for slug in stale:
            if by_slug[slug].validated:
                pending.update(submit_renders(by_slug[slug]))
            else:
                check = workers.check(slug, bundles[slug])
                checks[check] = slug
                pending.add(check)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for finished in done:
                if finished in checks:
                    company = by_slug[checks[finished]]
                    if _apply_check(company, finished, manifest):
                        pending.update(submit_renders(company))
                    else:
                        progress.advance(len(stale[company.slug]))
                        progress.write(
                            unchecked_text(company)
                            if company.infrastructure
                            else invalid_text(company)
                        )
                else:
                    task = futures[finished]
                    _record(_result_of(finished, task), task, by_slug[task.slug], manifest)
                    progress.advance(1)
                    remaining[task.slug] -= 1
                    if remaining[task.slug] == 0:
                        progress.write(company_text(by_slug[task.slug], by_id, workers.remote))
    except BaseException:
        for check in checks:
            check.cancel()
        for render in futures:
            render.cancel()
        raise


def _apply_check(company: CompanyOutcome, future: Future[CompanyCheck], manifest: Manifest) -> bool:
    """Note a company's validation (and remember it in the manifest, by the hash of its inputs,
    unless it could not run); True when it may render."""
    try:
        check = future.result()
    except Exception as exc:  # the worker process died: not the data's fault
        company.infrastructure = f"the worker process failed: {exc!r}"
        return False
    if check.infrastructure:
        company.infrastructure = check.infrastructure
        return False
    company.problems += check.errors
    company.warnings = check.warnings
    company.name = check.name or company.slug
    if company.validation_key:
        manifest.validations[company.slug] = Validation(
            company.validation_key, tuple(check.errors), check.warnings, check.name
        )
        manifest.save()
    return not company.invalid


def _tasks(
    company: CompanyOutcome,
    keys: dict[str, str],
    by_id: dict[str, Assessment | Page],
    root: Path,
    out: Path,
    options: Options,
) -> list[RenderTask]:
    """The render tasks of one valid company, each with the navigation to its other pages (the
    summary first)."""
    tasks = []
    for assessment_id, key in keys.items():
        assessment = by_id[assessment_id]
        links = tuple(
            PageLink(other.title, _output(other), other.id == assessment_id)
            for other in by_id.values()
        )
        tasks.append(
            RenderTask(
                slug=company.slug,
                company_name=company.name,
                assessment_id=assessment_id,
                assessment_title=assessment.title,
                notebook=assessment.notebook_path,
                data_dir=root,
                out_dir=out,
                key=key,
                timeout=options.timeout,
                links=links,
                output=_output(assessment),
                parameters={
                    "company": company.slug,
                    "data_dir": str(root),
                    "history_dir": str(_history_dir(out)),
                },
            )
        )
    return tasks


def _output(item: Assessment | Page) -> str:
    """A company page's file name: a page's own (the summary's ``index.html``), else
    ``<id>.html``."""
    return getattr(item, "output", None) or f"{item.id}.html"


def _result_of(future: Future[RenderResult], task: RenderTask) -> RenderResult:
    """A render's result; a worker that died makes it a failed result."""
    try:
        return future.result()
    except Exception as exc:  # the worker process died: this render failed, go on
        return RenderResult.failure(task, f"the worker process failed: {exc!r}")


def _record(
    result: RenderResult, task: RenderTask, company: CompanyOutcome, manifest: Manifest
) -> None:
    """Keep a render's result (writing the files its worker returned); record a written page in
    the manifest at once."""
    try:
        result = deliver(task, result)
    except (OSError, ValueError) as exc:  # the files a cluster worker returned
        result = RenderResult.failure(
            task, f"its files could not be written: {exc}", worker=result.worker
        )
    company.results[task.assessment_id] = result
    if result.status == "failed":
        placeholder.write_failure_page(task, result)
    if result.status == "rendered":
        manifest.record(
            task.slug,
            task.assessment_id,
            Entry(
                key=task.key,
                html=task.html_path.relative_to(task.out_dir).as_posix(),
                ipynb=task.ipynb_path.relative_to(task.out_dir).as_posix(),
                seconds=round(result.seconds, 3),
                worker=result.worker,
            ),
        )
    else:
        manifest.forget(task.slug, task.assessment_id, _failure_reason(task, result))
    manifest.save()


def _failure_reason(task: RenderTask, result: RenderResult) -> str:
    """Why a page failed, as the portfolio shows it (no paths: the same failure gives the same
    text, so an unchanged portfolio stays up to date)."""
    where = task.notebook.name
    if result.error is not None:
        where += f", {result.error.cell}"
    return f"Its {task.assessment_title} page failed to render ({where}): {result.message}"
