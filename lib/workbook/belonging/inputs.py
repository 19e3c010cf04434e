"""The input files the belonging assessment owns: the survey, community activity and goals.

Declared for the data contract (:mod:`workbook.contract`), which loads, checks, documents and
advises on them; the survey's answer columns come from the instrument
(``instruments/belonging.yaml``).
"""

from __future__ import annotations

import pandas as pd

from workbook.contract.checks import keep_latest_submission, normalize_segments, row_checks
from workbook.contract.columns import ColumnRule, optional_column, validate_frame
from workbook.contract.files import FileContext, InputFile, collected_by_survey
from workbook.contract.paths import INSTRUMENT_RELATIVE_PATH
from workbook.contract.problems import Problem

#: The SPACES objectives a community goal serves (community_goals.csv ``objective``).
SPACES_OBJECTIVES = ("support", "product", "acquisition", "contribution", "engagement", "success")
#: Which way a community goal's metric should move (community_goals.csv ``direction``; blank
#: means higher): support tickets or days to close are better lower.
GOAL_DIRECTIONS = ("higher", "lower")

#: The weekly measures of community_activity.csv, each optional (an export supplies some).
ACTIVITY_MEASURES = (
    optional_column("members", "int", minimum=0),
    optional_column("active_members", "int", minimum=0, note="no more than `members`"),
    optional_column("posts", "int", minimum=0),
    optional_column(
        "replies",
        "int",
        minimum=0,
        note="leave blank when `posts` counts every message, replies included (Slack, Discourse)",
    ),
    optional_column("questions", "int", minimum=0),
    optional_column("questions_answered", "int", minimum=0, note="no more than `questions`"),
    optional_column("median_first_response_hours", "number", minimum=0),
)


def _validate_survey(
    raw: pd.DataFrame, spec: InputFile, context: FileContext
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The survey's fixed columns, one answer column per instrument item on its scale, one
    answer per respondent and wave, one spelling per segment, and thinly answered items."""
    file = spec.name
    instrument = context.instrument
    if instrument is None:
        return None, [
            Problem(
                "error",
                file,
                f"a usable instrument at data/{INSTRUMENT_RELATIVE_PATH} to check the answers",
            )
        ]
    item_rules = [
        ColumnRule(
            item.id,
            "int",
            nullable=True,
            minimum=instrument.scale_min,
            maximum=instrument.scale_max,
        )
        for item in instrument.items
    ]
    typed, problems = validate_frame(raw, file, [*spec.columns, *item_rules])
    if typed is None:
        return None, problems
    typed, duplicate_problems = keep_latest_submission(typed, file)
    typed, segment_problems = normalize_segments(typed, file)
    problems += duplicate_problems + segment_problems
    for item in instrument.items:
        answered = typed[item.id].notna().mean() if len(typed) else 0.0
        if answered < 0.5:
            problems.append(
                Problem(
                    "warning",
                    file,
                    f"answers from at least half of the respondents (only {answered:.0%} "
                    "answered this item; its subscale may not be scored for many of them)",
                    column=item.id,
                )
            )
    ordered = ["respondent_id", "submitted_at", "segment", *instrument.item_ids, "comment"]
    return typed[ordered], problems


def _validate_activity(
    raw: pd.DataFrame, spec: InputFile, context: FileContext
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The columns, then weeks that start on a Monday and counts that fit in each other."""
    file = spec.name
    typed, problems = validate_frame(raw, file, spec.columns, spec.unique_key)
    if typed is None:
        return None, problems
    errors = row_checks(
        typed,
        file,
        [
            ("week", "the Monday that starts the week", lambda f: f["week"].dt.day_of_week == 0),
            (
                "active_members",
                "no more than members",
                lambda f: (
                    f["active_members"].isna()
                    | f["members"].isna()
                    | (f["active_members"] <= f["members"])
                ),
            ),
            (
                "questions_answered",
                "no more than questions",
                lambda f: (
                    f["questions_answered"].isna()
                    | f["questions"].isna()
                    | (f["questions_answered"] <= f["questions"])
                ),
            ),
        ],
    )
    if errors:
        return None, problems + errors
    return typed.sort_values("week").reset_index(drop=True), problems


#: A blank business goal, program or metric is a gap in the goal's trace, not an error.
TRACE_GAP = "a blank is reported as a gap in the goal's trace"

FILES: tuple[InputFile, ...] = (
    InputFile(
        "belonging_survey.csv",
        "the Belonging Index, subscale scores and reliability (belonging assessment)",
        (
            ColumnRule("respondent_id", "text", label=True),
            ColumnRule(
                "submitted_at", "timestamp", note="see [Survey dates](#survey-dates-and-time-zones)"
            ),
            optional_column(
                "segment",
                "text",
                label=True,
                note="labels differing only in case or spaces are merged, with a warning",
            ),
            optional_column("comment", "text"),
        ),
        title="the members' sense of belonging",
        more_columns=", one column per instrument item",
        collect=collected_by_survey("belonging"),
        validate=_validate_survey,
        item_columns=lambda context: (
            context.instrument.item_ids if context.instrument is not None else []
        ),
        uses_instrument=True,
        dynamic_columns=(
            "one column per item id of the instrument",
            "a whole number on the instrument's scale; blank = not answered",
        ),
    ),
    InputFile(
        "community_activity.csv",
        "the community health trends: activity and value (belonging assessment)",
        # Every measure may be blank or absent: a community tool's export supplies some of them
        # (see docs/importing.md); the assessment judges the measures present and reports the
        # others missing.
        (ColumnRule("week", "date", note="the Monday that starts the week"), *ACTIVITY_MEASURES),
        unique_key=("week",),
        title="activity and value, week by week",
        more_columns=", then any of " + ", ".join(rule.name for rule in ACTIVITY_MEASURES),
        collect=(
            " From a Slack member analytics export (one week) or Discourse's admin reports: "
            "`workbook import EXPORT --company {slug} --as activity`."
        ),
        validate=_validate_activity,
    ),
    InputFile(
        "community_goals.csv",
        "the SPACES goals check (belonging assessment)",
        (
            ColumnRule("goal", "text", label=True),
            ColumnRule("objective", "enum", choices=SPACES_OBJECTIVES),
            ColumnRule("business_goal", "text", nullable=True, note=TRACE_GAP),
            ColumnRule("program", "text", nullable=True, note=TRACE_GAP),
            ColumnRule("metric", "text", nullable=True, note=TRACE_GAP),
            optional_column("target", "number"),
            optional_column("current", "number"),
            optional_column(
                "direction",
                "enum",
                choices=GOAL_DIRECTIONS,
                note="blank means `higher`: which way the metric should move; for a `lower` goal "
                "(support tickets, days to close) progress is target ÷ current, and it is met "
                "only at or below the target",
            ),
        ),
        title="community goals on the SPACES model",
    ),
)
