"""The workshop's Decisions step: up to three actions, each with an owner and a date.

The team records what it agreed at the end of the session (agenda step 5). The actions are
saved into ``team_assessment.yaml`` under ``decisions`` (checked by
:func:`workbook.io.parse_decisions`), merged over the file as it is on disk now, so the
Belonging editor's checklist answers in the same file are never touched; the summary page lists
them first. A blank row is no decision; a row filled in part says what it lacks.
"""

from __future__ import annotations

import dataclasses
import os
from datetime import datetime
from typing import Any

import ipywidgets as widgets

from workbook import io
from workbook.workshop import history, merge
from workbook.workshop.forms import Field, blank_to_none, message_html, text_field, tone_html
from workbook.workshop.undo import SaveOutcome, undo_last_save

#: The id its saves are recorded under in ``.history/saves.jsonl``.
EDITOR_ID = "decisions"


class DecisionsEditor:
    """Up to :data:`workbook.io.MAX_DECISIONS` actions with owner and date, saved with the
    team's answers."""

    def __init__(
        self, company: str | os.PathLike[str], data_dir: str | os.PathLike[str] | None = None
    ) -> None:
        self.folder = io.company_dir(company, data_dir)
        self.slug = self.folder.name
        self.rows: list[tuple[Field, Field, Field]] = [
            (
                text_field(f"action-{n}", f"Action {n}", placeholder="what will be done"),
                text_field(f"owner-{n}", "Owner", placeholder="who owns it"),
                text_field(f"date-{n}", "By", placeholder="YYYY-MM-DD"),
            )
            for n in range(1, io.MAX_DECISIONS + 1)
        ]
        for fields in self.rows:
            for item in fields:
                item.widget.layout.width = "auto"
                item.widget.style = {"description_width": "5em"}
        self.messages = [widgets.HTML("") for _ in self.rows]
        self.status = widgets.HTML("")
        self.status.add_class("wb-save-status")
        self.save_button = widgets.Button(description="Save decisions", icon="save")
        self.save_button.button_style = "primary"
        self.save_button.add_class("wb-save-decisions")
        self.save_button.on_click(lambda _: self.save())
        self.undo_button = widgets.Button(description="Undo last save", icon="undo")
        self.undo_button.add_class("wb-undo")
        self.undo_button.on_click(lambda _: self.undo())
        self.keep_ours = widgets.Button(description="Keep ours", icon="check")
        self.keep_theirs = widgets.Button(description="Keep theirs (on disk)", icon="refresh")
        self.keep_ours.on_click(lambda _: self.save(choice="mine"))
        self.keep_theirs.on_click(lambda _: self.save(choice="theirs"))
        self.conflict = widgets.HBox([self.keep_ours, self.keep_theirs])
        self.conflict.layout.display = "none"
        rows = [
            widgets.VBox([widgets.HBox([item.widget for item in fields]), message])
            for fields, message in zip(self.rows, self.messages, strict=True)
        ]
        self.widget = widgets.VBox(
            [
                widgets.HTML(
                    "<h3>Decisions</h3><p>At most three actions the team commits to, each with "
                    "one owner and a date. They are saved with the team's answers and shown "
                    "first on the company's summary page.</p>"
                ),
                *rows,
                widgets.HBox([self.save_button, self.undo_button]),
                self.status,
                self.conflict,
            ]
        )
        self.widget.add_class("wb-editor-decisions")
        self.load()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    @property
    def path(self):  # a Path
        return self.folder / io.TEAM_ASSESSMENT_FILE

    def _disk_text(self) -> str | None:
        try:
            return self.path.read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            return None

    def load(self) -> None:
        """Fill the rows with the decisions saved on disk."""
        history.recover(self.folder)
        self.loaded_text = self._disk_text()
        self.team = (
            io.parse_team_assessment(self.loaded_text)[0]
            if self.loaded_text is not None
            else io.TeamAssessment()
        )
        saved = list(self.team.decisions)
        for index, (action, owner, day) in enumerate(self.rows):
            decision = saved[index] if index < len(saved) else None
            action.value = decision.action if decision else ""
            owner.value = decision.owner if decision else ""
            day.value = decision.date.isoformat() if decision else ""
        for message in self.messages:
            message.value = ""
        self.conflict.layout.display = "none"

    def check(self) -> tuple[tuple[io.Decision, ...] | None, dict[int, list[str]]]:
        """The decisions as typed (None while a row is invalid) and each row's problems."""
        entries, positions = [], []
        for index, fields in enumerate(self.rows):
            values = [blank_to_none(item.value) for item in fields]
            if any(values):
                entries.append(dict(zip(("action", "owner", "date"), values, strict=True)))
                positions.append(index)
        decisions, problems = io.parse_decisions(entries, io.TEAM_ASSESSMENT_FILE, {})
        found: dict[int, list[str]] = {}
        for problem in problems:
            number = int(str(problem.column).rsplit(" ", 1)[-1]) if problem.column else 1
            found.setdefault(positions[number - 1], []).append(problem.expected)
        return (None if found else decisions), found

    def save(self, choice: merge.Choice | None = None) -> SaveOutcome:
        """Check the rows, merge the decisions over the file on disk now and write it."""
        decisions, problems = self.check()
        for index, message in enumerate(self.messages):
            message.value = message_html(problems.get(index, []))
        if decisions is None:
            self._say("Nothing was saved: fix the rows marked in red first.", "bad")
            return SaveOutcome("invalid")
        mine = io.dump_team_assessment(dataclasses.replace(self.team, decisions=decisions))
        if decisions == self.team.decisions:
            self._say("No changes to save.", "muted")
            return SaveOutcome("unchanged")
        choices = {f"{io.TEAM_ASSESSMENT_FILE}: decisions": choice} if choice else {}
        try:
            merged = merge.merge_file(
                io.TEAM_ASSESSMENT_FILE, self.loaded_text, mine, self._disk_text(), choices
            )
        except merge.UnreadableError as exc:
            self._say(f"Not saved: {exc}; fix the file first.", "bad")
            return SaveOutcome("failed", (io.TEAM_ASSESSMENT_FILE,))
        if merged.conflicts:
            (conflict,) = merged.conflicts
            self.conflict.layout.display = None
            self._say(
                "Not saved yet: someone saved other decisions since these were loaded. Ours: "
                f"{_listed(conflict.mine)}. Theirs: {_listed(conflict.theirs)}. Pick one.",
                "warn",
            )
            return SaveOutcome("conflict", (io.TEAM_ASSESSMENT_FILE,))
        try:
            saved = history.save_files(
                self.folder, {io.TEAM_ASSESSMENT_FILE: merged.text}, editor=EDITOR_ID
            )
        except history.SaveError as exc:
            self._say(f"Not saved: could not write {exc.file} ({exc.reason}).", "bad")
            return SaveOutcome("failed", (exc.file,))
        self.load()
        when = datetime.now().strftime("%H:%M:%S")
        self._say(f"Saved the decisions at {when}.", "good")
        return SaveOutcome("saved", saved.written, saved.backups)

    def undo(self) -> SaveOutcome:
        """Undo the last save of the decisions (the answers saved since are kept)."""
        outcome, message, tone = undo_last_save(self.folder, EDITOR_ID)
        if outcome.status == "undone":
            self.load()
        self._say(message, tone)
        return outcome

    def _say(self, text: str, tone: str) -> None:
        self.status.value = tone_html(text, tone)


def _listed(value: Any) -> str:
    if value is merge.ABSENT or not value:
        return "none"
    return "; ".join(f"{d.action} ({d.owner}, {d.date.isoformat()})" for d in value)
