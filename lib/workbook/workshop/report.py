"""Render report from a workshop: the company's saved files rendered into pages, linked from
the page the team is on (through the server that serves it, not ``file://``)."""

from __future__ import annotations

import io as text_io
import os
from collections.abc import Callable, Sequence
from pathlib import Path

#: Renders a company's saved files: (slug, data folder, output folder) → the pages made.
Renderer = Callable[[str, Path, Path], Sequence[Path]]


def default_renderer(slug: str, data_dir: Path, out_dir: Path) -> list[Path]:
    """Render one company's pages with the report renderer; the pages made.

    The workshop's environment variable is left out of the renderer's processes, so the
    rendered notebooks show the saved answers, not editors.
    """
    from workbook.render import runner
    from workbook.workshop.command import WORKSHOP_ENV

    options = runner.Options(data_dir=data_dir, out_dir=out_dir, jobs=1, progress=False)
    workshop = os.environ.pop(WORKSHOP_ENV, None)
    try:
        summary = runner.render_reports([slug], options, log=text_io.StringIO())
    finally:
        if workshop is not None:
            os.environ[WORKSHOP_ENV] = workshop
    if not summary.ok:
        raise RuntimeError(runner.report_text(summary))
    return summary.pages()
