"""The input files the TTPMF assessment owns: the Sean Ellis survey and retention cohorts.

Declared for the data contract (:mod:`workbook.contract`), which loads, checks, documents and
advises on them.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from workbook.contract.checks import keep_latest_submission, normalize_segments
from workbook.contract.columns import ColumnRule, optional_column, validate_frame
from workbook.contract.files import FileContext, InputFile, collected_by_survey
from workbook.contract.problems import Problem
from workbook.contract.values import PMF_ANSWER_CODES


def _validate_pmf(
    raw: pd.DataFrame, spec: InputFile, context: FileContext
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The columns, then one answer per respondent and wave and one spelling per segment."""
    file = spec.name
    typed, problems = validate_frame(raw, file, spec.columns)
    if typed is None:
        return None, problems
    typed, duplicate_problems = keep_latest_submission(typed, file)
    typed, segment_problems = normalize_segments(typed, file)
    return typed, problems + duplicate_problems + segment_problems


def _validate_retention(
    raw: pd.DataFrame, spec: InputFile, context: FileContext
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The columns, then cohorts without a period 0 row (their size) left out with a warning."""
    file = spec.name
    typed, problems = validate_frame(raw, file, spec.columns, spec.unique_key)
    if typed is None:
        return None, problems
    typed = typed.sort_values(["cohort", "period"]).reset_index(drop=True)
    sizes = typed[typed["period"] == 0].set_index("cohort")["active_users"]
    without_size = sorted(set(typed["cohort"]) - set(sizes.index))
    for cohort in without_size:
        problems.append(
            Problem(
                "warning",
                file,
                "a period 0 row giving the cohort's size; this cohort is left out of the curves",
                column="cohort",
                value=cohort.strftime("%Y-%m-%d"),
            )
        )
    if without_size:
        typed = typed[~typed["cohort"].isin(without_size)].reset_index(drop=True)
    return typed, problems


def _retention_dates(retention: pd.DataFrame) -> list[date]:
    """A retention cell counts from the month it describes, and only when someone was active in
    it: exports lay retention out as a full cohort × period grid whose future cells are 0."""
    observed = retention[retention["active_users"] > 0]
    return [
        (cohort + pd.DateOffset(months=int(period))).date()
        for cohort, period in observed[["cohort", "period"]].itertuples(index=False)
    ]


FILES: tuple[InputFile, ...] = (
    InputFile(
        "pmf_survey.csv",
        "the Sean Ellis score, its trend and the segment analysis (TTPMF assessment)",
        (
            ColumnRule("respondent_id", "text", label=True),
            ColumnRule(
                "submitted_at", "timestamp", note="see [Survey dates](#survey-dates-and-time-zones)"
            ),
            ColumnRule("answer", "pmf_answer", choices=PMF_ANSWER_CODES),
            optional_column(
                "segment",
                "text",
                label=True,
                note="labels differing only in case or spaces are merged into the most "
                "frequent spelling, with a warning",
            ),
            optional_column("main_benefit", "text"),
            optional_column("improvement", "text"),
        ),
        title="the Sean Ellis test",
        collect=collected_by_survey("pmf"),
        validate=_validate_pmf,
    ),
    InputFile(
        "retention.csv",
        "the retention curves and flattening check (TTPMF assessment)",
        (
            ColumnRule("cohort", "month"),
            ColumnRule("period", "int", minimum=0, note="months since the cohort started"),
            ColumnRule("active_users", "int", minimum=0, note="period 0 is the cohort's size"),
        ),
        unique_key=("cohort", "period"),
        title="monthly cohorts",
        collect=(
            " From an events export (user_id, timestamp): "
            "`workbook import EVENTS.csv --company {slug}`."
        ),
        validate=_validate_retention,
        dates=_retention_dates,
    ),
)
