"""Checks that several input files share beyond single columns: one answer per respondent and
wave, one spelling per segment, rows that must agree, labels unique once normalised."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from workbook.contract.columns import normalised_duplicates
from workbook.contract.problems import Problem
from workbook.contract.values import fold_text


def keep_latest_submission(frame: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Keep each respondent's latest answer per survey wave; say how many were replaced.

    Answers by the same respondent in different waves are all kept (a panel re-surveyed every
    quarter is the usual way to follow a score); see :mod:`workbook.waves`.
    """
    from workbook.waves import repeated_within_waves

    replaced = repeated_within_waves(frame)
    dropped = int(replaced.sum())
    problems = []
    if dropped:
        examples = ", ".join(sorted(frame.loc[replaced, "respondent_id"].astype(str).unique())[:3])
        problems.append(
            Problem(
                "warning",
                file,
                f"one answer per respondent and survey wave: {dropped} earlier answer(s) given "
                f"again in the same wave were replaced by the respondent's latest "
                f"(e.g. {examples})",
                column="respondent_id",
            )
        )
    kept = frame[~replaced].reset_index(drop=True)
    kept["submitted_at"] = kept["submitted_at"].dt.normalize()  # waves are dated by day
    return kept, problems


def normalize_segments(frame: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Make segment labels that differ only in case or spacing one label (the most frequent
    spelling, then the first), with a warning naming what was merged."""
    if "segment" not in frame.columns or frame["segment"].isna().all():
        return frame, []
    labels = frame["segment"].dropna().astype(str)
    folded = labels.map(fold_text)
    spellings = labels.groupby(folded.to_numpy()).agg(lambda group: group.value_counts().index[0])
    merged = {
        key: sorted(set(group))
        for key, group in labels.groupby(folded.to_numpy())
        if group.nunique() > 1
    }
    if not merged:
        return frame, []
    frame = frame.copy()
    frame["segment"] = frame["segment"].map(
        lambda label: spellings[fold_text(label)] if isinstance(label, str) else label
    )
    spelling_of = spellings.to_dict()
    described = "; ".join(
        f"{' / '.join(repr(v) for v in variants)} read as {spelling_of[key]!r}"
        for key, variants in merged.items()
    )
    return frame, [
        Problem(
            "warning",
            file,
            f"one spelling per segment: labels that differ only in case or spaces were merged "
            f"({described})",
            column="segment",
        )
    ]


def row_checks(
    frame: pd.DataFrame,
    file: str,
    checks: Sequence[tuple[str, str, Callable[[pd.DataFrame], pd.Series]]],
) -> list[Problem]:
    """Run (column, expectation, predicate) checks row by row; list the failing rows."""
    problems = []
    for column, expected, predicate in checks:
        ok = predicate(frame).fillna(True)
        for index in frame.index[~ok]:
            problems.append(
                Problem("error", file, expected, int(index) + 2, column, frame.at[index, column])
            )
    return problems


def unique_labels(
    typed: pd.DataFrame | None, problems: list[Problem], file: str, column: str
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The typed frame when its labels in ``column`` are unique once normalised, else None."""
    if typed is not None:
        problems = problems + normalised_duplicates(typed, file, column)
    if typed is None or any(p.severity == "error" for p in problems):
        return None, problems
    return typed, problems
