"""The belonging editor: trust & safety checklist, community settings and SPACES goals.

The team answers each trust & safety practice (yes / partly / no / not assessed), sets the
community's owner, founding members and channels (``company.yaml``), and adds, edits or removes
its community goals (``community_goals.csv``). Live: the checklist score, the launch and SPACES
checks and the level, from :func:`workbook.belonging.assess`.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbook import format as fmt
from workbook import io
from workbook.workshop.base import Editor
from workbook.workshop.documents import TableProblems, typed_scalar
from workbook.workshop.forms import Column, Table, choice_field, text_field
from workbook.workshop.live import Figure

GOALS_FILE = "community_goals.csv"
#: The checklist's choices; "" is "not assessed" (the practice is left unanswered).
ANSWER_OPTIONS = (("yes", "yes"), ("partly", "partly"), ("no", "no"), ("not assessed", ""))
OWNER_OPTIONS = (("not set", ""), *((owner, owner) for owner in io.COMMUNITY_OWNERS))
GOAL_COLUMNS = (
    Column("goal", "Goal", "16em", placeholder="what the community achieves"),
    Column(
        "objective",
        "SPACES objective",
        "9em",
        options=tuple((o.capitalize(), o) for o in io.SPACES_OBJECTIVES),
    ),
    Column("business_goal", "Business goal", "14em"),
    Column("program", "Program", "14em"),
    Column("metric", "Metric", "12em"),
    Column("target", "Target", "5em"),
    Column("current", "Current", "5em"),
    # issue 18: which way the metric should move (blank means higher is better)
    Column("direction", "Better", "6em", placeholder="higher or lower"),
)


class BelongingEditor(Editor):
    """Edit the team's trust & safety answers, the community settings and the SPACES goals."""

    assessment_id = "belonging"
    config_keys = ("community",)
    tables = (GOALS_FILE,)
    edits_team = True
    figures = (
        Figure("trust_safety_score", "Trust & safety checklist score", fmt.number),
        Figure("index", "Belonging Index (from the survey)", fmt.number),
    )
    intro = (
        "Answer the trust & safety checklist together, set how the community is run, and "
        "trace each community goal to a business goal, a program and a metric."
    )

    def build(self) -> widgets.Widget:
        self.practices: dict[str, widgets.ToggleButtons] = {}
        checklist = []
        for practice in io.TRUST_SAFETY_PRACTICES:
            toggle = widgets.ToggleButtons(options=list(ANSWER_OPTIONS), value="")
            toggle.style.button_width = "7em"
            toggle.add_class(f"wb-practice-{practice.key}")
            toggle.observe(lambda _: self.changed(), names="value")
            self.practices[practice.key] = toggle
            checklist.append(
                widgets.VBox(
                    [
                        widgets.HTML(
                            f"<b>{html.escape(practice.label)}</b>: "
                            f"{html.escape(practice.question)}"
                        ),
                        toggle,
                    ]
                )
            )
        self.owner = self.add_field(
            choice_field("community.owner", "Community owner", OWNER_OPTIONS)
        )
        self.founding = self.add_field(
            text_field(
                "community.founding_members",
                "Founding members",
                "people invited before the launch",
            )
        )
        self.channels = self.add_field(
            text_field("community.channels", "Channels at launch", "spaces members can post in")
        )
        self.goals = Table("goals", GOAL_COLUMNS, self.changed)
        return widgets.VBox(
            [
                widgets.HTML("<h4>Trust &amp; safety checklist</h4>"),
                *checklist,
                widgets.HTML("<h4>Community settings</h4>"),
                self.owner.box,
                self.founding.box,
                self.channels.box,
                widgets.HTML("<h4>Community goals (SPACES)</h4>"),
                self.goals.box,
            ]
        )

    def fill(self, company: io.Company, rows: Mapping[str, list[dict[str, str | None]]]) -> None:
        answers = company.team_assessment.practices
        for key, toggle in self.practices.items():
            toggle.value = answers.get(key, "")
        community = company.config.community or io.CommunityConfig()
        self.owner.value = community.owner or ""
        self.founding.value = _text(community.founding_members)
        self.channels.value = _text(community.channels)
        self.goals.set_rows(rows[GOALS_FILE])

    def config_edits(self) -> dict[str, Any]:

        community = {
            "owner": self.owner.value or None,
            "founding_members": typed_scalar(self.founding.value),
            "channels": typed_scalar(self.channels.value),
        }
        had = self.company.config.community is not None
        return {"community": community if had or any(community.values()) else None}

    def table_rows(self) -> dict[str, list[dict[str, str | None]]]:
        return {GOALS_FILE: self.goals.values()}

    def team_edits(self) -> io.TeamAssessment:
        answers = {key: toggle.value for key, toggle in self.practices.items() if toggle.value}
        return dataclasses.replace(self.company.team_assessment, practices=answers)

    def show_tables(self, problems: TableProblems) -> None:
        self.goals.show(problems.get(GOALS_FILE, {}))


def _text(value: int | None) -> str:
    return "" if value is None else str(value)


def saved_answers(company: io.Company) -> pd.DataFrame:
    """The saved answers as a static table (for rendered reports): each practice's answer and
    the community settings."""
    answers = company.team_assessment.practices
    community = company.config.community or io.CommunityConfig()
    rows = [
        ("Trust & safety", practice.label, answers.get(practice.key, "not assessed"))
        for practice in io.TRUST_SAFETY_PRACTICES
    ]
    rows += [
        ("Community", "Owner", community.owner or fmt.NOT_DEFINED),
        ("Community", "Founding members", _text(community.founding_members) or fmt.NOT_DEFINED),
        ("Community", "Channels at launch", _text(community.channels) or fmt.NOT_DEFINED),
    ]
    return pd.DataFrame(rows, columns=["part", "question", "answer"])
