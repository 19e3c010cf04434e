"""``team_assessment.yaml``: the team's own answers, written by the workshop editors.

It holds belonging's trust & safety checklist and the actions agreed in a workshop.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from workbook.atomic import write_text_atomic
from workbook.contract import TEAM_ASSESSMENT_FILE
from workbook.contract.problems import DataError, Problem
from workbook.contract.reading import parse_yaml
from workbook.contract.yaml_schema import Field, check_fields


@dataclass(frozen=True)
class Practice:
    """One trust & safety practice: its key in team_assessment.yaml, a label and the question."""

    key: str
    label: str
    question: str


#: The belonging trust & safety checklist, in the order it is asked (workshops reuse it).
TRUST_SAFETY_PRACTICES: tuple[Practice, ...] = (
    Practice(
        "code_of_conduct",
        "Code of conduct",
        "Do members see written house rules for how people treat each other?",
    ),
    Practice(
        "active_moderation",
        "Active moderation",
        "Does someone watch the community and act on problems within a day or so?",
    ),
    Practice(
        "harm_reporting",
        "A way to report harm",
        "Can a member report harassment or harm easily, and hear back about it?",
    ),
    Practice(
        "member_contact",
        "Members can reach each other",
        "Can members contact each other directly, not only through the company?",
    ),
    Practice(
        "shared_values",
        "Stated shared values",
        "Has the community written down the values its members share?",
    ),
    Practice(
        "no_ads_or_bait",
        "No ads or engagement bait",
        "Are community spaces free of ads and of posts designed only to get clicks?",
    ),
    Practice(
        "data_minimisation",
        "Only the data it needs",
        "Does the company collect only the member data it actually needs?",
    ),
)
#: The answers a practice can have; an unanswered practice is "not assessed", never "no".
PRACTICE_ANSWERS = ("yes", "partly", "no")


#: The most actions a team records in a workshop's Decisions step.
MAX_DECISIONS = 3
#: The longest action or owner text a decision keeps.
MAX_DECISION_TEXT = 200


@dataclass(frozen=True)
class Decision:
    """One action the team agreed in a workshop, with who owns it and by when."""

    action: str
    owner: str
    date: date


@dataclass(frozen=True)
class TeamAssessment:
    """The parsed ``team_assessment.yaml``: the team's trust & safety answers and decisions.

    ``practices`` maps a practice key to "yes", "partly" or "no"; unanswered practices are absent.
    ``decisions`` holds up to :data:`MAX_DECISIONS` actions, each with an owner and a date.
    """

    practices: Mapping[str, str] = field(default_factory=dict)
    decisions: tuple[Decision, ...] = ()


def parse_decisions(
    raw: Any, file: str, lines: Mapping[tuple[str, ...], int]
) -> tuple[tuple[Decision, ...], list[Problem]]:
    """The ``decisions`` list: each entry needs an action, an owner and a date (YYYY-MM-DD);
    an unusable entry is an error naming its line and is left out."""
    if raw is None:
        return (), []
    where = lines.get(("decisions",))
    if not isinstance(raw, list):
        expected = "a list of actions, each with action, owner and date"
        return (), [Problem("error", file, expected, where, "decisions")]
    problems: list[Problem] = []
    if len(raw) > MAX_DECISIONS:
        problems.append(
            Problem(
                "error",
                file,
                f"at most {MAX_DECISIONS} decisions (the first {MAX_DECISIONS} are kept)",
                where,
                "decisions",
                len(raw),
            )
        )
    decisions: list[Decision] = []
    for number, entry in enumerate(raw[:MAX_DECISIONS], start=1):
        column = f"decisions {number}"
        if not isinstance(entry, dict):
            expected = "a mapping with action, owner and date"
            problems.append(Problem("error", file, expected, where, column))
            continue
        values: dict[str, Any] = {}
        usable = True
        for key in ("action", "owner"):
            text = entry.get(key)
            text = str(text).strip() if text is not None else ""
            if not text or len(text) > MAX_DECISION_TEXT:
                expected = f"{key}: text of 1 to {MAX_DECISION_TEXT} characters"
                problems.append(Problem("error", file, expected, where, column, _short(text)))
                usable = False
            values[key] = text
        day = _decision_date(entry.get("date"))
        if day is None:
            expected = "date: a date as YYYY-MM-DD"
            problems.append(Problem("error", file, expected, where, column, entry.get("date")))
        if usable and day is not None:
            decisions.append(Decision(values["action"], values["owner"], day))
    return tuple(decisions), problems


def _decision_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()) if value is not None else None
    except ValueError:
        return None


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _practice_answer(value: Any) -> str | None:
    """A checklist answer as yes/partly/no; YAML booleans (unquoted yes/no) count too."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value.strip().lower() in PRACTICE_ANSWERS:
        return value.strip().lower()
    return None


#: The sections of team_assessment.yaml (one per assessment that asks the team, and the
#: workshop's decisions); each is read by its own parser below.
TEAM_SECTIONS: tuple[Field, ...] = (Field("belonging", "any"), Field("decisions", "any"))
#: Each trust & safety practice: yes, partly or no (YAML's unquoted yes/no count too).
PRACTICE_FIELDS: tuple[Field, ...] = tuple(
    Field(
        practice.key,
        "enum",
        choices=PRACTICE_ANSWERS,
        convert=_practice_answer,
        expected=f"one of {', '.join(PRACTICE_ANSWERS)} (left unanswered until fixed)",
        note=practice.question,
    )
    for practice in TRUST_SAFETY_PRACTICES
)


def parse_team_assessment(
    text: str, file: str = TEAM_ASSESSMENT_FILE
) -> tuple[TeamAssessment, list[Problem]]:
    """Parse and check ``team_assessment.yaml`` text; unusable answers are left out as problems.

    An answer that is not yes, partly or no is an error naming its line (the practice stays
    "not assessed"); unknown sections and practices are warnings.
    """
    data, lines, yaml_problems = parse_yaml(text, file)
    if yaml_problems:
        return TeamAssessment(), yaml_problems
    if data is None:
        return TeamAssessment(), []
    if not isinstance(data, dict):
        return TeamAssessment(), [
            Problem("error", file, "a mapping with one section per assessment")
        ]
    sections, problems = check_fields(
        data,
        TEAM_SECTIONS,
        file,
        lambda key: lines.get((key,)),
        unknown="a known section ({known}); ignored",
    )
    practices, practice_problems = _parse_practices(sections["belonging"], file, lines)
    decisions, decision_problems = parse_decisions(sections["decisions"], file, lines)
    return (
        TeamAssessment(practices=practices, decisions=decisions),
        problems + practice_problems + decision_problems,
    )


def _parse_practices(
    belonging: Any, file: str, lines: Mapping[tuple[str, ...], int]
) -> tuple[dict[str, str], list[Problem]]:
    """The answered practices in checklist order, and the problems in the file's order."""
    practices = belonging.get("practices") if isinstance(belonging, dict) else None
    if belonging and not isinstance(practices, dict):
        where = lines.get(("belonging", "practices"), lines.get(("belonging",)))
        expected = "belonging: practices: a mapping of practice keys to yes, partly or no"
        return {}, [Problem("error", file, expected, where, "belonging")]
    answers, problems = check_fields(
        practices or {},
        PRACTICE_FIELDS,
        file,
        lambda key: lines.get(("belonging", "practices", key)),
        unknown="a known practice ({known}); ignored",
    )
    problems.sort(key=lambda problem: problem.row or 0)
    return {key: answer for key, answer in answers.items() if answer is not None}, problems


def dump_team_assessment(team: TeamAssessment) -> str:
    """Render ``team_assessment.yaml``: every practice listed, unanswered ones left empty.

    Answers are quoted so that YAML keeps yes/no as text; each practice carries its question as
    a comment, so the file reads as the checklist it is.
    """
    lines = [
        "# The team's own answers for the Strategy Workbook (see docs/data-contract.md).",
        "belonging:",
        "  practices:  # yes | partly | no; leave empty when not assessed",
    ]
    for practice in TRUST_SAFETY_PRACTICES:
        answer = team.practices.get(practice.key)
        value = f'"{answer}"' if answer is not None else ""
        lines.append(f"    {practice.key}: {value}".rstrip() + f"  # {practice.question}")
    if team.decisions:
        lines.append(
            f"decisions:  # up to {MAX_DECISIONS} actions agreed in the workshop, "
            "each with an owner and a date"
        )
        for decision in team.decisions:
            lines.append(f"  - action: {json.dumps(decision.action, ensure_ascii=False)}")
            lines.append(f"    owner: {json.dumps(decision.owner, ensure_ascii=False)}")
            lines.append(f"    date: {decision.date.isoformat()}")
    return "\n".join(lines) + "\n"


def save_team_assessment(folder: Path, team: TeamAssessment) -> Path:
    """Write a company's ``team_assessment.yaml`` atomically; invalid answers are refused.

    Raises :class:`DataError` (nothing written) when an answer is not yes, partly or no or a
    practice key is unknown.
    """
    known = {practice.key for practice in TRUST_SAFETY_PRACTICES}
    problems = [
        Problem(
            "error",
            TEAM_ASSESSMENT_FILE,
            f"one of {', '.join(PRACTICE_ANSWERS)}",
            None,
            key,
            answer,
        )
        for key, answer in team.practices.items()
        if key not in known or answer not in PRACTICE_ANSWERS
    ]
    if problems:
        raise DataError(f"{TEAM_ASSESSMENT_FILE} was not written", problems)
    path = Path(folder) / TEAM_ASSESSMENT_FILE
    write_text_atomic(path, dump_team_assessment(team))
    return path
