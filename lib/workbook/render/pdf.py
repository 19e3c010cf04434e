"""``workbook render --pdf``: a PDF beside each page, to attach to an email.

Each page is printed by the Chromium the project installs (Debian's ``/usr/bin/chromium``, or
``$WORKBOOK_CHROMIUM``), headless, through Playwright (``executable_path``: Playwright downloads
nothing) with every request other than the page's own file refused, so a page prints exactly as
it opens from disk. The page's print stylesheet applies (no navigation; folded notes and the
cards' key figures print open under their summary line; cards, charts and table rows never
split); Chromium adds a footer with the page's title and
"page N of M". ``<page>.pdf`` is written atomically beside ``<page>.html``, and only when the
page is newer than its PDF (or with ``force``), so a second run prints nothing: incremental like
the pages.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.errors import WorkbookError
from workbook.render.atomic import write_bytes_atomic
from workbook.theme import TEXT_MUTED

#: Environment variable naming the Chromium to print with (default: Debian's).
CHROMIUM_ENV_VAR = "WORKBOOK_CHROMIUM"
_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
#: The footer Chromium prints on every sheet (its own template language: classes it fills in).
FOOTER = (
    "<div style=\"font: 8px Arial, 'Liberation Sans', sans-serif; "
    f"color: {TEXT_MUTED}; width: 100%;"
    ' padding: 0 12mm; display: flex; justify-content: space-between;">'
    '<span class="title"></span>'
    '<span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
)
MARGINS = {"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"}


class PdfError(WorkbookError, RuntimeError):
    """PDFs cannot be printed here (no Chromium), said in words."""


@dataclass(frozen=True)
class PdfOutcome:
    """What became of one page's PDF: ``printed``, ``up to date`` or ``failed`` (and why)."""

    page: Path
    pdf: Path
    status: str
    message: str = ""


def find_chromium() -> str | None:
    """The Chromium to print with: ``$WORKBOOK_CHROMIUM``, else Debian's, else None."""
    configured = os.environ.get(CHROMIUM_ENV_VAR)
    if configured:
        return configured
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def pdf_path(page: Path) -> Path:
    """Where a page's PDF goes: beside it, same name."""
    return page.with_suffix(".pdf")


def is_current(page: Path) -> bool:
    """True when the page's PDF exists and is not older than the page."""
    target = pdf_path(page)
    try:
        return target.stat().st_mtime_ns >= page.stat().st_mtime_ns
    except FileNotFoundError:
        return False


@contextmanager
def browser(executable: str | None = None) -> Iterator[Any]:
    """A headless Chromium (Playwright's ``Browser``), closed on exit."""
    executable = executable or find_chromium()
    if executable is None:
        raise PdfError(
            "No Chromium to print PDFs with: install Debian's (`make browser` as root) or set "
            f"${CHROMIUM_ENV_VAR} to a Chromium executable."
        )
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=args)
        try:
            yield launched
        finally:
            launched.close()


def print_page(chromium: Any, page: Path) -> bytes:
    """Print one page to PDF (A4, backgrounds, footer with page numbers), loading nothing but
    the page itself."""
    url = page.resolve().as_uri()
    context = chromium.new_context(offline=True)
    try:
        tab = context.new_page()
        tab.route(
            "**/*", lambda route: route.continue_() if route.request.url == url else route.abort()
        )
        tab.goto(url, wait_until="load")
        tab.emulate_media(media="print")
        return bytes(
            tab.pdf(
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER,
                margin=MARGINS,
            )
        )
    finally:
        context.close()


def write_pdfs(
    pages: Sequence[Path], *, force: bool = False, executable: str | None = None
) -> list[PdfOutcome]:
    """Print each page whose PDF is missing or older than the page (every page with
    ``force``), writing ``<page>.pdf`` atomically beside it. A page that fails to print is
    reported and the others still print. Raises :class:`PdfError` when there is no Chromium and
    something is to be printed."""
    outcomes = [
        PdfOutcome(page, pdf_path(page), "up to date")
        for page in pages
        if not force and is_current(page)
    ]
    stale = [page for page in pages if force or not is_current(page)]
    if not stale:
        return outcomes
    with browser(executable) as chromium:
        for page in stale:
            try:
                data = print_page(chromium, page)
                write_bytes_atomic(pdf_path(page), data)
            except Exception as exc:  # one page's failure: report it, print the others
                outcomes.append(
                    PdfOutcome(page, pdf_path(page), "failed", f"{type(exc).__name__}: {exc}")
                )
            else:
                outcomes.append(PdfOutcome(page, pdf_path(page), "printed"))
    order = {page: index for index, page in enumerate(pages)}
    return sorted(outcomes, key=lambda outcome: order[outcome.page])


def report_text(outcomes: Sequence[PdfOutcome]) -> str:
    """What ``--pdf`` prints: counts, then each failure with why."""
    printed = sum(o.status == "printed" for o in outcomes)
    current = sum(o.status == "up to date" for o in outcomes)
    failed = [o for o in outcomes if o.status == "failed"]
    lines = [f"PDFs: {printed} printed, {current} up to date, {len(failed)} failed."]
    lines += [f"  {o.pdf}: {o.message}" for o in failed]
    return "\n".join(lines)
