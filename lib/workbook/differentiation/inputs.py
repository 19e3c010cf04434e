"""The input files the differentiation assessment owns: features, the Kano survey, the canvas.

Declared for the data contract (:mod:`workbook.contract`), which loads, checks, documents and
advises on them.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from workbook import safeload
from workbook.contract.checks import unique_labels
from workbook.contract.columns import ColumnRule, optional_column, validate_frame
from workbook.contract.files import FileContext, InputFile, collected_by_survey
from workbook.contract.problems import Problem

#: Where a feature sits in the product (features.csv ``area``).
FEATURE_AREAS = ("core", "peripheral")
#: What happened to a feature against the reference product (features.csv ``change``).
FEATURE_CHANGES = ("kept", "reinvented", "new", "removed")
#: The five answers of a Kano question pair (kano_survey.csv).
KANO_ANSWERS = ("like", "expect", "neutral", "tolerate", "dislike")


def _validate_features(
    raw: pd.DataFrame, spec: InputFile, context: FileContext
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The columns, then feature names unique once case and width are ignored."""
    typed, problems = validate_frame(raw, spec.name, spec.columns, spec.unique_key)
    return unique_labels(typed, problems, spec.name, "feature")


def _validate_kano(
    raw: pd.DataFrame, spec: InputFile, context: FileContext
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The columns, then one answer pair per respondent and feature (the last one kept)."""
    file = spec.name
    typed, problems = validate_frame(raw, file, spec.columns)
    if typed is None:
        return None, problems
    repeated = typed.duplicated(["respondent_id", "feature"], keep="last")
    if repeated.any():
        problems.append(
            Problem(
                "warning",
                file,
                f"one answer pair per respondent and feature: {int(repeated.sum())} earlier "
                "repeat(s) were dropped, keeping the last one in the file",
                column="respondent_id",
            )
        )
        typed = typed[~repeated].reset_index(drop=True)
    return typed, problems


def _kano_features_listed(frames: Mapping[str, pd.DataFrame | None]) -> list[Problem]:
    """Warnings for Kano features that features.csv does not list."""
    kano, features = frames.get("kano_survey.csv"), frames.get("features.csv")
    if kano is None or features is None:
        return []
    unknown = sorted(set(kano["feature"]) - set(features["feature"]))
    return [
        Problem(
            "warning",
            "kano_survey.csv",
            "a feature listed in features.csv (its Kano answers cannot be cross-checked)",
            column="feature",
            value=name,
        )
        for name in unknown
    ]


def _validate_canvas(
    raw: pd.DataFrame, spec: InputFile, context: FileContext
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """``factor``, then one score column per product (yours first, at least one other)."""
    file = spec.name
    products = [c for c in raw.columns if c != "factor"]
    if len(products) < 2:
        return None, [
            Problem(
                "error",
                file,
                "after 'factor', one column per product: your own product first, then at "
                f"least one other (found {len(products)})",
            )
        ]
    header_problems = [
        Problem("error", file, expected, 1, product)
        for product in products
        if (expected := safeload.label_problem(product, "a product name as column name"))
    ]
    rules = [*spec.columns, *(ColumnRule(p, "number", minimum=0, maximum=10) for p in products)]
    typed, problems = validate_frame(raw, file, rules, spec.unique_key)
    return unique_labels(typed, problems + header_problems, file, "factor")


FILES: tuple[InputFile, ...] = (
    InputFile(
        "features.csv",
        "reinvention share, core share and time to differentiation (differentiation assessment)",
        (
            ColumnRule(
                "feature",
                "text",
                label=True,
                note="unique once case, width and invisible characters are ignored",
            ),
            ColumnRule("area", "enum", choices=FEATURE_AREAS),
            ColumnRule(
                "change",
                "enum",
                choices=FEATURE_CHANGES,
                note="compared with the reference product",
            ),
            ColumnRule("importance", "int", minimum=1, maximum=5),
            optional_column(
                "seconds_to_experience",
                "number",
                minimum=0,
                note="how long a new user takes to feel the feature",
            ),
        ),
        unique_key=("feature",),
        title="what was kept and what was reinvented",
        validate=_validate_features,
    ),
    InputFile(
        "kano_survey.csv",
        "the Kano table and Better/Worse coefficients (differentiation assessment)",
        (
            ColumnRule("respondent_id", "text", label=True),
            ColumnRule("feature", "text", label=True),
            ColumnRule("functional", "enum", choices=KANO_ANSWERS),
            ColumnRule("dysfunctional", "enum", choices=KANO_ANSWERS),
        ),
        title="what customers expect and what delights them (Kano model)",
        collect=collected_by_survey("kano"),
        validate=_validate_kano,
        cross_check=_kano_features_listed,
    ),
    InputFile(
        "strategy_canvas.csv",
        "the strategy canvas and divergence from competitors (differentiation assessment)",
        (
            ColumnRule(
                "factor",
                "text",
                label=True,
                note="unique once case, width and invisible characters are ignored",
            ),
        ),
        unique_key=("factor",),
        title="the value curves",
        more_columns=", then one column per product (yours first)",
        validate=_validate_canvas,
        example_columns=("{name}", "competitor"),
        dynamic_columns=(
            "one column per product, the company's own product first",
            "a number from 0 to 10",
        ),
    ),
)
