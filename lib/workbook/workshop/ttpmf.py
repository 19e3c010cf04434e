"""The TTPMF editor: when work started, the assessment date, the runway and the stage.

The team sets ``started``, ``as_of`` (blank: the latest date in the data), ``runway_months`` and
``stage`` (``company.yaml``). Live: months elapsed, the status, the marketing buffer and the
timeline chart, from :func:`workbook.ttpmf.assess` and :func:`workbook.charts.ttpmf.timeline_chart`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbook import format as fmt
from workbook import io
from workbook.results import AssessmentResult
from workbook.workshop.base import Editor
from workbook.workshop.documents import typed_scalar
from workbook.workshop.forms import choice_field, text_field
from workbook.workshop.live import Figure


class TTPMFEditor(Editor):
    """Edit the dates, the runway and the stage that time to fit is measured against."""

    assessment_id = "ttpmf"
    config_keys = ("started", "as_of", "runway_months", "stage")
    figures = (
        Figure("months_elapsed", "Months since work started", fmt.months),
        Figure("fit", "Product/market fit", lambda value: value or fmt.NOT_DEFINED),
        Figure("fit_date", "Fit reached on", fmt.day),
        Figure("projected_fit_date", "Projected fit", fmt.day),
        Figure("buffer_months", "Marketing buffer (runway left after fit)", fmt.months),
    )
    intro = (
        "Agree on when work on the product began, the date to assess at and how many months "
        "of money are left: the status and the buffer for marketing follow."
    )

    def build(self) -> widgets.Widget:
        self.started = self.add_field(
            text_field("started", "Work started", "YYYY-MM-DD", placeholder="YYYY-MM-DD")
        )
        self.as_of = self.add_field(
            text_field(
                "as_of",
                "Assess as of",
                "YYYY-MM-DD; blank: the latest date in the data",
                placeholder="latest date in the data",
            )
        )
        self.runway = self.add_field(
            text_field("runway_months", "Runway (months)", "months of money left at that date")
        )
        self.stage = self.add_field(
            choice_field("stage", "Stage", tuple((stage, stage) for stage in io.STAGES))
        )
        self._chart_data: Any = None
        return widgets.VBox([self.started.box, self.as_of.box, self.runway.box, self.stage.box])

    def fill(self, company: io.Company, rows: Mapping[str, list[dict[str, str | None]]]) -> None:
        config = company.config
        self.started.value = config.started.isoformat()
        self.as_of.value = config.as_of.isoformat() if config.as_of else ""
        runway = config.runway_months
        self.runway.value = fmt.compact(runway) if runway is not None else ""
        self.stage.value = config.stage

    def config_edits(self) -> dict[str, Any]:
        return {
            "started": typed_scalar(self.started.value),
            "as_of": typed_scalar(self.as_of.value),
            "runway_months": typed_scalar(self.runway.value),
            "stage": self.stage.value,
        }

    def after_show(self, result: AssessmentResult) -> None:
        """Redraw the timeline chart (live, in the browser) when its milestones changed."""
        timeline = getattr(result, "timeline", None)
        if timeline is None:
            self._chart_data = None
            self.view.show_chart(None)
            return
        from workbook.ttpmf.present import timeline_milestones

        data = timeline_milestones(timeline)
        if self._chart_data is not None and data.equals(self._chart_data):
            return
        self._chart_data = data
        self.view.show_chart(timeline_spec(timeline), "<Chart: timeline>")


def timeline_spec(timeline: Any) -> dict[str, Any]:
    """The library's timeline chart (:func:`workbook.charts.ttpmf.timeline_chart`) as the
    Vega-Lite spec the pages draw, with the workbook theme."""
    from altair.utils.schemapi import debug_mode

    from workbook.charts import base
    from workbook.charts.ttpmf import timeline_chart

    base.setup()
    # The chart is the library's, validated by its tests; checking every part of it against
    # the Vega-Lite schema again on each keystroke would take most of the live budget.
    with debug_mode(False):
        return dict(timeline_chart(timeline).to_dict(validate=False))


def saved_answers(company: io.Company) -> pd.DataFrame:
    """The saved settings as a static table (for rendered reports)."""
    config = company.config
    rows = [
        ("Work started", fmt.day(config.started)),
        ("Assess as of", fmt.day(company.as_of)),
        ("Runway (months)", fmt.compact(config.runway_months)),
        ("Stage", config.stage),
    ]
    return pd.DataFrame(rows, columns=["setting", "value"])
