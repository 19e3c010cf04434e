"""The live results panel: the assessment's own result, shown as the team edits.

It reads only the shared result protocol (``status``, ``summary``, ``figures``, ``checks``) and
the status tones of the registry, formats numbers with :mod:`workbook.format`, and draws status
and check marks with the pages' own marks and colours (:mod:`workbook.present`), so the panel
says and shows exactly what the notebooks and reports do. Each figure is a ``<span class="wb-figure"
data-figure="<key>">`` so that a browser test can read it.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from workbook import registry
from workbook.present import MARKS_CSS, outcome_mark, status_html
from workbook.results import AssessmentResult
from workbook.theme import PALETTE


@dataclass(frozen=True)
class Figure:
    """One figure of the result to show: its key in ``figures``, a label and a formatter."""

    key: str
    label: str
    text: Callable[[Any], str]


def headline_html(assessment: registry.Assessment, result: AssessmentResult) -> str:
    """The status with the pages' mark and the one-sentence summary."""
    tone = assessment.statuses.get(result.status, "none")
    status = html.escape(result.status)
    return (
        f"<style>{MARKS_CSS}</style>"
        f'<div class="wb-headline"><span class="wb-status" data-status="{status}">'
        f"{status_html(result.status, tone)}</span> — {html.escape(result.summary)}</div>"
    )


def figures_html(result: AssessmentResult, figures: Sequence[Figure]) -> str:
    """The chosen figures as a small table (each value in a ``wb-figure`` span)."""
    rows = []
    for figure in figures:
        value = figure.text(result.figures.get(figure.key))
        rows.append(
            f"<tr><th style='text-align: left; padding-right: 1em'>{html.escape(figure.label)}"
            f"</th><td><span class='wb-figure' data-figure='{figure.key}'>"
            f"{html.escape(value)}</span></td></tr>"
        )
    return f"<table class='wb-figures'>{''.join(rows)}</table>"


def checks_html(result: AssessmentResult, names: Sequence[str] | None = None) -> str:
    """The result's checks (all, or those named) with their outcome and reason."""
    rows = []
    for check in result.checks:
        if names is not None and check.name not in names:
            continue
        rows.append(
            f"<tr class='wb-check' data-outcome='{html.escape(check.outcome)}'>"
            f"<td style='padding-right: 0.5em'>{outcome_mark(check.outcome)}</td>"
            f"<td style='padding-right: 1em'>{html.escape(check.name)}</td>"
            f"<td>{html.escape(check.reason)}</td></tr>"
        )
    return f"<table class='wb-checks'>{''.join(rows)}</table>" if rows else ""


class LiveView:
    """The panel: headline, figures, checks, an optional chart, and a note when stale."""

    def __init__(self, assessment_id: str, figures: Sequence[Figure]):
        self.assessment = registry.get(assessment_id)
        self.figures = tuple(figures)
        self.note = widgets.HTML("")
        self.headline = widgets.HTML("")
        self.table = widgets.HTML("")
        self.checks = widgets.HTML("")
        #: The live chart: Vega-Lite drawn by JupyterLab or Voilà (tooltips, no network).
        self.chart = widgets.Output()
        self.chart.add_class("wb-chart")
        self.box = widgets.VBox(
            [
                widgets.HTML(f"<h4>Live: {html.escape(self.assessment.title)}</h4>"),
                self.note,
                self.headline,
                self.table,
                self.checks,
                self.chart,
            ]
        )
        self.box.add_class("wb-live")
        self.result: AssessmentResult | None = None

    def show(self, result: AssessmentResult) -> None:
        """Show a fresh result."""
        self.result = result
        self.note.value = ""
        self.headline.value = headline_html(self.assessment, result)
        self.table.value = figures_html(result, self.figures)
        self.checks.value = checks_html(result)

    def show_chart(self, spec: dict[str, Any] | None, label: str = "<Chart>") -> None:
        """Draw a Vega-Lite spec live (None: no chart). It is sent under the Vega-Lite media
        type the pinned JupyterLab and Voilà draw themselves (:data:`LIVE_VEGALITE_MIME`), with
        no PNG: the browser draws it, so a redraw costs no image rendering in the kernel."""
        from workbook.charts.base import LIVE_VEGALITE_MIME

        if spec is None:
            self.chart.outputs = ()
            return
        data = {LIVE_VEGALITE_MIME: spec, "text/plain": label}
        self.chart.outputs = ({"output_type": "display_data", "data": data, "metadata": {}},)

    @property
    def chart_spec(self) -> dict[str, Any] | None:
        """The Vega-Lite spec of the chart shown (None when there is none)."""
        from workbook.charts.base import LIVE_VEGALITE_MIME

        for output in self.chart.outputs:
            spec = output.get("data", {}).get(LIVE_VEGALITE_MIME)
            if spec is not None:
                return dict(spec)
        return None

    def stale(self, reason: str) -> None:
        """Keep the last result on screen, marked as not reflecting the current entries."""
        self.note.value = (
            f"<div class='wb-stale' style='color: {PALETTE['warn']}'>{html.escape(reason)}</div>"
        )
