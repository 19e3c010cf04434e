"""The differentiation editor: the feature inventory and the reference product.

The team lists its features (add, edit, remove: area, change, importance, seconds to experience;
``features.csv``) and names the product it builds on (``company.yaml``). Live: reinvention share
against its band, core share, time to differentiation against its limit and the verdict, from
:func:`workbook.differentiation.assess` (the checks state the band and the limit).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbook import format as fmt
from workbook import io
from workbook.workshop.base import Editor
from workbook.workshop.documents import TableProblems
from workbook.workshop.forms import Column, Table, blank_to_none, text_field
from workbook.workshop.live import Figure

FEATURES_FILE = "features.csv"
FEATURE_COLUMNS = (
    Column("feature", "Feature", "18em", placeholder="what customers use"),
    Column("area", "Area", "8em", options=tuple((a, a) for a in io.FEATURE_AREAS)),
    Column("change", "Change", "9em", options=tuple((c, c) for c in io.FEATURE_CHANGES)),
    Column(
        "importance",
        "Importance (1–5)",
        "8em",
        options=tuple((str(i), str(i)) for i in range(1, 6)),
    ),
    Column("seconds_to_experience", "Seconds to experience", "9em", placeholder="blank: unknown"),
)


class DifferentiationEditor(Editor):
    """Edit the feature inventory and the reference product."""

    assessment_id = "differentiation"
    config_keys = ("reference_product",)
    tables = (FEATURES_FILE,)
    figures = (
        Figure("reinvention_share", "Reinvention share", fmt.share),
        Figure("core_share", "Share of the reinvention in the core", fmt.share),
        Figure("seconds_to_differentiation", "Time to differentiation", fmt.seconds),
    )
    intro = (
        "List what the product does compared with the product it builds on: which features "
        "are kept, reinvented, new or removed, how much each matters and how fast a new "
        "customer feels it."
    )

    def build(self) -> widgets.Widget:
        self.reference = self.add_field(
            text_field(
                "reference_product",
                "Reference product",
                "the product at product/market fit that yours builds on",
            )
        )
        self.features = Table("features", FEATURE_COLUMNS, self.changed)
        return widgets.VBox(
            [
                self.reference.box,
                widgets.HTML("<h4>Feature inventory</h4>"),
                self.features.box,
            ]
        )

    def fill(self, company: io.Company, rows: Mapping[str, list[dict[str, str | None]]]) -> None:
        self.reference.value = company.config.reference_product or ""
        self.features.set_rows(rows[FEATURES_FILE])

    def config_edits(self) -> dict[str, Any]:
        return {"reference_product": blank_to_none(self.reference.value)}

    def table_rows(self) -> dict[str, list[dict[str, str | None]]]:
        return {FEATURES_FILE: self.features.values()}

    def show_tables(self, problems: TableProblems) -> None:
        self.features.show(problems.get(FEATURES_FILE, {}))


def saved_answers(company: io.Company) -> pd.DataFrame:
    """The saved feature inventory as a static table (for rendered reports), headed as in the
    editor; an unknown time to experience reads "unknown", as the editor's blank means."""
    labels = {column.name: column.label for column in FEATURE_COLUMNS}
    if company.features is None:
        return pd.DataFrame(columns=list(labels.values()))
    saved = company.features[list(labels)].reset_index(drop=True)
    seconds = saved["seconds_to_experience"]
    saved["seconds_to_experience"] = [
        "unknown" if pd.isna(value) else fmt.seconds(value) for value in seconds
    ]
    return saved.rename(columns=labels)
