"""The page left where a page failed to render and none was ever made (standard library only).

Navigation bars and the portfolio link to every page of a company; a page that failed on its
first render would otherwise be a dead link. In its place the run writes a short page in the
reports' own style saying that it could not be rendered and why, with the same navigation. A page
rendered before is never replaced by it: the last good page stays (:func:`may_replace`). The
manifest does not record it, so the next run renders the page again.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Sequence
from pathlib import Path

from workbook.atomic import write_text_atomic
from workbook.render.tasks import PageLink, RenderResult, RenderTask

STYLESHEET = Path(__file__).resolve().parent / "templates" / "workbook" / "workbook.css"
#: The same policy as rendered pages (:data:`workbook.render.html.CONTENT_SECURITY_POLICY`):
#: styles inline, nothing else.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


#: Marks a page as this module's, so that a later failure may update its reason.
MARKER = '<meta name="workbook-page" content="not rendered">'


def may_replace(path: Path) -> bool:
    """True when ``path`` holds no page yet, or only a failure page: never a rendered one."""
    try:
        with path.open(encoding="utf-8", errors="replace") as file:
            return MARKER in file.read(2048)
    except FileNotFoundError:
        return True


def failure_page(
    company: str, title: str, links: Sequence[PageLink], reason: str, command: str
) -> str:
    """A self-contained, inert page: ``title`` of ``company`` could not be rendered, ``reason``
    (escaped), and the ``command`` that renders it again."""
    e = html.escape
    current = ' aria-current="page"'
    nav = "".join(
        f'<a href="{e(link.href)}"{current if link.current else ""}>{e(link.title)}</a>'
        for link in links
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{e(CONTENT_SECURITY_POLICY)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Strategy Workbook">
{MARKER}
<title>{e(company)} · {e(title)} (not rendered)</title>
<style>
{STYLESHEET.read_text(encoding="utf-8")}
</style>
</head>
<body>
<header class="wb-masthead">
  <p class="wb-company">{e(company)}</p>
  {f'<nav aria-label="Assessments">{nav}</nav>' if nav else ""}
</header>
<main>
<section class="wb-cell wb-prose wb-not-rendered">
<h1>{e(title)}: not rendered</h1>
<p>This page could not be rendered, so there is nothing to read here yet. The company's other
pages are unaffected.</p>
<p><strong>Why:</strong> {e(reason)}</p>
<p>Fix the cause, then render it again with <code>{e(command)}</code>.</p>
</section>
</main>
<footer class="wb-footer">
  <p>{e(company)} · {e(title)}. Made with the Strategy Workbook.</p>
</footer>
</body>
</html>
"""


def write_failure_page(task: RenderTask, result: RenderResult) -> None:
    """Put a page saying why in place of a page that has never rendered, so that the links to
    it resolve (a page rendered before stays). Failing to write it only
    loses that page."""
    if not may_replace(task.html_path):
        return
    where = result.notebook or task.notebook.name
    if result.error is not None:
        where += f", {result.error.cell}"
    reason = f"{where}: {result.message}"
    if result.ipynb is not None:
        reason += (
            f" The notebook, run up to the failure, is kept beside this page: {result.ipynb.name}."
        )
    command = f"workbook render {task.slug}".rstrip()
    page = failure_page(task.company_name, task.assessment_title, task.links, reason, command)
    with contextlib.suppress(OSError):
        write_text_atomic(task.html_path, page)
