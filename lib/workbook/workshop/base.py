"""What every workshop editor shares: load, validate, compute live results, save, reload, render.

An editor is bound to one company folder. Its fields hold the text a team would type into the
company's files; after every change the editor

1. validates that text with the data contract's own rules (``parse_company_config`` for
   ``company.yaml``, the column rules of :data:`workbook.io.DATA_FILES` for a CSV,
   ``parse_team_assessment`` for ``team_assessment.yaml``) and shows each problem next to its
   field;
2. when everything is valid, builds an in-memory :class:`~workbook.io.Company` with the edited
   values (``dataclasses.replace``) and runs the registered assessment on it, so the live results
   are the library's results, never a second implementation of a rule.

**Save** validates first and writes nothing while a value is invalid. It then merges what this
editor changed (keys, answers, rows) over each file as it is on disk now
(:mod:`workbook.workshop.merge`): the editors own different keys of ``company.yaml``, so saving
one after another never conflicts; a field someone else changed to a different value is shown
with both values for the team to pick per field. The merged files are written all or nothing
through :func:`workbook.workshop.history.save_files` (``.history/`` backups, a journal). *Reload
from disk* asks before it drops unsaved entries and keeps them in ``.history/``; *Undo last save*
merges the versions before this editor's last save back in. **Render report** renders the
company's saved files with :mod:`workbook.render` and links the pages.
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
import threading
import time
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

import ipywidgets as widgets
import pandas as pd

from workbook import io, registry
from workbook.results import AssessmentResult
from workbook.workshop import history, merge
from workbook.workshop.documents import (
    Draft,
    FieldProblems,
    TableProblems,
    check_rows,
    csv_rows,
    dump_rows,
    parse_config,
)
from workbook.workshop.forms import Field, message_html, tone_html
from workbook.workshop.layout import keep_layouts
from workbook.workshop.live import Figure, LiveView
from workbook.workshop.report import Renderer, default_renderer
from workbook.workshop.undo import SaveOutcome, undo_last_save


class Editor:
    """Base of the three editors; subclasses build their fields and read them into a draft."""

    #: The registry id of the assessment this editor feeds.
    assessment_id: ClassVar[str]
    #: The company.yaml keys it edits (written over the file's current version on save).
    config_keys: ClassVar[tuple[str, ...]] = ()
    #: The CSV files it edits as tables.
    tables: ClassVar[tuple[str, ...]] = ()
    #: Whether it edits team_assessment.yaml.
    edits_team: ClassVar[bool] = False
    #: The figures its live panel shows.
    figures: ClassVar[tuple[Figure, ...]] = ()
    #: One sentence on what the team does here.
    intro: ClassVar[str] = ""

    def __init__(
        self,
        company: str | os.PathLike[str],
        data_dir: str | os.PathLike[str] | None = None,
        *,
        reports_dir: str | os.PathLike[str] | None = None,
        renderer: Renderer | None = None,
    ) -> None:
        self.folder = io.company_dir(company, data_dir)
        self.data_dir = io.data_dir_of(self.folder, data_dir)
        self.slug = self.folder.name
        from workbook.workshop.command import REPORTS_ENV, out_folder

        self.reports_dir = (
            Path(reports_dir) if reports_dir else out_folder(os.environ.get(REPORTS_ENV))
        )
        self.renderer = renderer or default_renderer
        self.assessment = registry.get(self.assessment_id)
        self.view = LiveView(self.assessment_id, self.figures)
        self.status = widgets.HTML("")
        self.status.add_class("wb-save-status")
        self.save_button = self._button("Save", "save", "wb-save", "primary")
        self.reload_button = self._button("Reload from disk", "refresh", "wb-reload")
        self.save_anyway_button = self._button("Save anyway", "exclamation", "wb-save-anyway")
        self.render_button = self._button("Render report", "file", "wb-render")
        self.undo_button = self._button("Undo last save", "undo", "wb-undo")
        self.confirm_reload_button = self._button(
            "Reload (keep my entries in .history/)", "refresh", "wb-confirm-reload", "warning"
        )
        self.keep_editing_button = self._button("Keep editing", "pencil", "wb-keep-editing")
        self.pick_button = self._button("Save with these choices", "save", "wb-save-picked")
        self.save_button.on_click(lambda _: self.save())
        self.reload_button.on_click(lambda _: self.reload())
        self.save_anyway_button.on_click(lambda _: self.save(force=True))
        self.render_button.on_click(lambda _: self.start_render())
        self.undo_button.on_click(lambda _: self.undo())
        self.confirm_reload_button.on_click(lambda _: self.reload(confirmed=True))
        self.keep_editing_button.on_click(lambda _: self._hide_offers())
        self.pick_button.on_click(lambda _: self.save(choices=self.picked()))
        self.links = widgets.HTML("")
        #: Whole-file offers, for a file on disk that cannot be merged field by field.
        self.conflict = widgets.HBox([self.reload_button, self.save_anyway_button])
        self.conflict.layout.display = "none"
        #: One choice per conflicting field (both values shown), and the button to save them.
        self.picks: dict[str, widgets.RadioButtons] = {}
        self.pick_list = widgets.VBox([])
        self.pick_box = widgets.VBox([self.pick_list, self.pick_button])
        self.pick_box.add_class("wb-conflicts")
        self.pick_box.layout.display = "none"
        self.reload_offer = widgets.HBox([self.confirm_reload_button, self.keep_editing_button])
        self.reload_offer.layout.display = "none"
        self._filling = False
        self._fields: dict[str, Field] = {}
        self._required_key: Any = None
        self._required: dict[str, AssessmentResult] = {}
        self._checked_tables: dict[str, Any] = {}
        self.result: AssessmentResult | None = None
        #: Seconds the last refresh took until the results were shown, and in all (with charts).
        self.timings: dict[str, float] = {}
        self.form = self.build()
        self.widget = widgets.VBox(
            [
                widgets.HTML(
                    f"<h3>Workshop: {html.escape(self.assessment.title)}</h3>"
                    f"<p>{html.escape(self.intro)}</p>"
                ),
                self.view.box,
                widgets.HBox(
                    [self.save_button, self.undo_button, self.reload_button, self.render_button]
                ),
                self.status,
                self.conflict,
                self.pick_box,
                self.reload_offer,
                self.links,
                self.form,
            ]
        )
        self.widget.add_class(f"wb-editor-{self.assessment_id}")
        self.load()

    @staticmethod
    def _button(label: str, icon: str, css: str, style: str = "") -> widgets.Button:
        button = widgets.Button(description=label, icon=icon, button_style=style)
        button.add_class(css)
        return button

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    # -- what subclasses provide ---------------------------------------------------------------

    def build(self) -> widgets.Widget:
        """Create the fields and tables; return the form."""
        raise NotImplementedError

    def fill(self, company: io.Company, rows: Mapping[str, list[dict[str, str | None]]]) -> None:
        """Put a freshly loaded company's values (and its tables' rows) into the fields."""
        raise NotImplementedError

    def config_edits(self) -> dict[str, Any]:
        """The company.yaml keys of this editor as typed (key → value)."""
        return {}

    def table_rows(self) -> dict[str, list[dict[str, str | None]]]:
        """Each edited table's rows as typed."""
        return {}

    def team_edits(self) -> io.TeamAssessment | None:
        """The edited team answers (editors of team_assessment.yaml)."""
        return None

    def show_tables(self, problems: TableProblems) -> None:
        """Show table problems next to their cells."""

    def after_show(self, result: AssessmentResult) -> None:
        """Extra live output (e.g. a chart), drawn after the results are on screen."""

    def add_field(self, item: Field) -> Field:
        """Register a field so its problems are shown next to it; observe its changes."""
        self._fields[item.key] = item
        item.widget.observe(lambda _: self.changed(), names="value")
        return item

    # -- loading and live results --------------------------------------------------------------

    @property
    def files(self) -> tuple[str, ...]:
        """Every file this editor may write."""
        names = list(self.tables)
        if self.config_keys:
            names.append(io.COMPANY_FILE)
        if self.edits_team:
            names.append(io.TEAM_ASSESSMENT_FILE)
        return tuple(names)

    def load(self) -> None:
        """(Re)load the company from disk and reset every field to the saved values (a save that
        a killed process left half done is completed or rolled back first)."""
        history.recover(self.folder)
        self.loaded_texts = {name: self._disk_text(name) for name in self.files}
        self.loaded = history.fingerprints(self.folder, list(self.files))
        self.company = io.load_company(self.folder, self.data_dir)
        self.baseline_rows = {name: csv_rows(self.folder / name, name) for name in self.tables}
        self.data_as_of = io.data_as_of(self.company)
        self._required_key = None
        self._filling = True
        try:
            self.fill(self.company, self.baseline_rows)
        finally:
            self._filling = False
        self._hide_offers()
        self.status.value = ""
        self.refresh()

    def _disk_text(self, name: str) -> str | None:
        """A file's text as it is on disk now (None when there is none or it is not text)."""
        try:
            return (self.folder / name).read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            return None

    def _hide_offers(self) -> None:
        for box in (self.conflict, self.pick_box, self.reload_offer):
            box.layout.display = "none"

    def changed(self) -> None:
        """A field changed: refresh the live results (not while fields are being filled)."""
        if not self._filling:
            self.refresh()

    def draft(self) -> Draft:
        """Validate the current entries and build the company they describe."""
        base = self.company
        config: io.CompanyConfig | None = base.config
        field_problems: FieldProblems = {}
        if self.config_keys:
            config, field_problems = parse_config(base.config, self.config_edits())
        tables: dict[str, list[dict[str, str | None]]] = {}
        table_problems: TableProblems = {}
        frames: dict[str, Any] = {}  # the edited tables, by the Company field they replace
        sources = dict(base.sources)
        for name, rows in self.table_rows().items():
            frame, problems = self._checked(name, rows)
            tables[name], table_problems[name] = rows, problems
            frames[name.removesuffix(".csv")] = frame
            if rows:
                sources[name] = "ok"
            else:
                sources[name] = "missing" if base.sources.get(name) == "missing" else "empty"
        team = self.team_edits() if self.edits_team else None
        draft = Draft(None, config, tables, team, field_problems, table_problems)
        if not draft.valid or config is None:
            return draft
        draft.company = dataclasses.replace(
            base,
            config=config,
            as_of=config.as_of or self.data_as_of,
            sources=sources,
            team_assessment=team if team is not None else base.team_assessment,
            **frames,
        )
        return draft

    def _checked(
        self, name: str, rows: list[dict[str, str | None]]
    ) -> tuple[pd.DataFrame | None, dict[int, dict[str, list[str]]]]:
        """:func:`check_rows`, remembered for the table's last rows (a change elsewhere in the
        form does not validate an unchanged table again)."""
        key = tuple(tuple(row.items()) for row in rows)
        cached = self._checked_tables.get(name)
        if cached is None or cached[0] != key:
            cached = (key, check_rows(name, rows))
            self._checked_tables[name] = cached
        return cached[1]

    def assess(self, company: io.Company) -> AssessmentResult:
        """The registered assessment on ``company``, with the results it builds on (recomputed
        only when a setting they read changes: the editors change no other input of them)."""
        requires = self.assessment.requires
        key = tuple(registry.get(r).settings_key(company) for r in requires)
        if requires and key != self._required_key:
            self._required = registry.assess_company(company, only=requires)
            self._required_key = key
        return self.assessment.assess(company, **{r: self._required[r] for r in requires})

    def refresh(self) -> Draft:
        """Validate, show problems next to their fields, and update the live results."""
        started = time.perf_counter()
        draft = self.draft()
        for key, item in self._fields.items():
            item.show(draft.field_problems.get(key, []))
        self.show_tables(draft.table_problems)
        if draft.company is None:
            self.view.stale(
                f"{draft.needs_fixing} (see the messages next to them); "
                "the results below are from the last valid entries."
            )
        else:
            self.result = self.assess(draft.company)
            self.view.show(self.result)
        shown = time.perf_counter()
        if draft.company is not None and self.result is not None:
            self.after_show(self.result)
        self.timings = {"results": shown - started, "total": time.perf_counter() - started}
        self._draft = draft
        return draft

    # -- saving ----------------------------------------------------------------------------------

    def texts(self, draft: Draft) -> dict[str, str]:
        """The new content of every file whose entries differ from what was loaded."""
        texts: dict[str, str] = {}
        for name, rows in draft.tables.items():
            if rows != self.baseline_rows[name]:
                texts[name] = dump_rows(name, rows)
        if draft.team is not None and draft.team != self.company.team_assessment:
            texts[io.TEAM_ASSESSMENT_FILE] = io.dump_team_assessment(draft.team)
        config = draft.config
        if config is not None and self.config_keys:
            mine = {key: getattr(config, key) for key in self.config_keys}
            if mine != {key: getattr(self.company.config, key) for key in self.config_keys}:
                texts[io.COMPANY_FILE] = io.dump_company_config_full(
                    dataclasses.replace(self.company.config, **mine)
                )
        return texts

    def save(
        self, force: bool = False, choices: Mapping[str, merge.Choice] | None = None
    ) -> SaveOutcome:
        """Validate, merge this editor's changes over the files on disk now and write them all
        or nothing (backups first); see the module docstring. ``choices`` settles conflicting
        fields (conflict id → "mine" or "theirs"); ``force`` replaces whole files."""
        draft = self.refresh()
        if not draft.valid or draft.company is None:
            self._say(
                f"Nothing was saved: {draft.needs_fixing} first (see the messages next to them).",
                "bad",
            )
            return SaveOutcome("invalid")
        texts = self.texts(draft)
        if not texts:
            self._hide_offers()
            self._say("No changes to save.", "muted")
            return SaveOutcome("unchanged")
        for _attempt in range(3):  # a file changing between merge and write: merge again
            seen = history.fingerprints(self.folder, list(texts))
            merged, conflicts, unreadable = self._merged(texts, choices or {}, force)
            merged = keep_layouts(self.folder, merged)
            if unreadable:
                self._offer_whole_files(unreadable)
                return SaveOutcome("conflict", unreadable)
            if conflicts:
                self._offer_picks(conflicts)
                return SaveOutcome("conflict", tuple(dict.fromkeys(c.file for c in conflicts)))
            try:
                saved = history.save_files(self.folder, merged, seen, editor=self.assessment_id)
            except history.ConflictError:
                continue
            except history.SaveError as exc:
                self._say(
                    f"Not saved: could not write {exc.file} ({exc.reason}). Nothing was "
                    "changed; your entries are still here. Free some space and Save again.",
                    "bad",
                )
                return SaveOutcome("failed", (exc.file,))
            break
        else:
            self._say("Not saved: the files keep changing on disk; try Save again.", "warn")
            return SaveOutcome("conflict", tuple(texts))
        self.load()
        when = datetime.now().strftime("%H:%M:%S")
        kept = f"; previous versions kept in {history.HISTORY_DIR}/" if saved.backups else ""
        written = ", ".join(saved.written) or "nothing new"
        self._say(f"Saved {written} at {when}{kept}.", "good")
        return SaveOutcome("saved", saved.written, saved.backups)

    def _merged(
        self, texts: Mapping[str, str], choices: Mapping[str, merge.Choice], force: bool
    ) -> tuple[dict[str, str | None], list[merge.Conflict], tuple[str, ...]]:
        """Each file's text merged over the disk now, the conflicts left, the unreadable files."""
        merged: dict[str, str | None] = {}
        conflicts: list[merge.Conflict] = []
        unreadable: list[str] = []
        for name, text in texts.items():
            if force:
                merged[name] = text
                continue
            try:
                result = merge.merge_file(
                    name, self.loaded_texts.get(name), text, self._disk_text(name), choices
                )
            except merge.UnreadableError:
                unreadable.append(name)
                continue
            merged[name] = result.text
            conflicts.extend(result.conflicts)
        return merged, conflicts, tuple(unreadable)

    def _offer_whole_files(self, files: Sequence[str]) -> None:
        names = ", ".join(files)
        self._hide_offers()
        self.conflict.layout.display = None
        self._say(
            f"Not saved: {names} changed on disk and cannot be read field by field (it does not "
            "follow the data contract). Reload from disk to start from that version (your "
            f"entries are kept in {history.HISTORY_DIR}/), or Save anyway to replace it (its "
            f"current version is kept in {history.HISTORY_DIR}/).",
            "warn",
        )

    def _offer_picks(self, conflicts: Sequence[merge.Conflict]) -> None:
        """Show each conflicting field with both values, to pick one per field."""
        self._hide_offers()
        self.picks = {}
        rows = []
        for conflict in conflicts:
            choice = widgets.RadioButtons(
                options=[
                    (f"ours: {merge.show_value(conflict.mine)}", "mine"),
                    (f"theirs (on disk): {merge.show_value(conflict.theirs)}", "theirs"),
                ],
                index=None,
                layout=widgets.Layout(width="auto"),
            )
            choice.add_class("wb-pick")
            self.picks[conflict.id] = choice
            rows.append(widgets.HTML(f"<b>{html.escape(conflict.label)}</b>"))
            rows.append(choice)
        self.pick_list.children = rows
        self.pick_box.layout.display = None
        count = len(conflicts)
        fields = "1 field was" if count == 1 else f"{count} fields were"
        self._say(
            f"Not saved yet: {fields} changed on disk by someone else since this editor loaded "
            "it, to a different value than yours. Pick the value to keep for each, then Save "
            "with these choices (everything else merges by itself).",
            "warn",
        )

    def picked(self) -> dict[str, merge.Choice]:
        """The team's pick for each conflicting field shown (unpicked fields left out)."""
        return {key: choice.value for key, choice in self.picks.items() if choice.value}

    def unsaved(self) -> dict[str, str]:
        """The new text of each file whose entries differ from the ones loaded (none while an
        entry is invalid: those are kept as typed)."""
        draft = self.refresh()
        if draft.valid and draft.company is not None:
            return self.texts(draft)
        return {}

    def reload(self, confirmed: bool = False) -> list[Path]:
        """Reload from disk; with unsaved entries, ask first, and keep them in ``.history/``
        (``unsaved-<file>.<time>``) before they leave the screen. The copies kept."""
        pending = self.unsaved()
        draft_invalid = not self._draft.valid
        if (pending or draft_invalid) and not confirmed:
            self._hide_offers()
            self.reload_offer.layout.display = None
            what = "invalid entries" if draft_invalid and not pending else "unsaved entries"
            self._say(
                f"Reloading replaces your {what} with the files on disk. They are kept in "
                f"{history.HISTORY_DIR}/ as unsaved-… copies you can restore from.",
                "warn",
            )
            return []
        if draft_invalid:  # not a valid file yet: keep the entries as typed
            pending = {f"{self.assessment_id}-entries.json": self._entries_json()}
        kept = [history.stash(self.folder, name, text) for name, text in pending.items()]
        self.load()
        if kept:
            names = ", ".join(f"{history.HISTORY_DIR}/{path.name}" for path in kept)
            self._say(f"Reloaded from disk; your unsaved entries are kept in {names}.", "muted")
        else:
            self._say("Reloaded from disk.", "muted")
        return kept

    def _entries_json(self) -> str:
        """Every entry as typed, valid or not, as JSON (for keeping what cannot be saved)."""
        team = self.team_edits() if self.edits_team else None
        entries = {
            "company.yaml": self.config_edits(),
            "tables": self.table_rows(),
            "team_assessment.yaml": dataclasses.asdict(team) if team is not None else None,
        }
        return json.dumps(entries, indent=1, default=str, ensure_ascii=False)

    def undo(self) -> SaveOutcome:
        """Undo this editor's last save (see :func:`undo_last_save`)."""
        if self.unsaved():
            self._say("Not undone: save or reload your unsaved entries first.", "warn")
            return SaveOutcome("invalid")
        outcome, message, tone = undo_last_save(self.folder, self.assessment_id)
        if outcome.status == "undone":
            self.load()
        self._say(message, tone)
        return outcome

    def _say(self, text: str, tone: str) -> None:
        self.status.value = tone_html(text, tone)

    # -- rendering -------------------------------------------------------------------------------

    def start_render(self) -> threading.Thread:
        """Render in a background thread, so the editors keep answering meanwhile (the button
        waits until the pages are made); the thread, for whoever wants to wait on it."""
        self.render_button.disabled = True

        def work() -> None:
            try:
                self.render()
            finally:
                self.render_button.disabled = False

        thread = threading.Thread(target=work, name=f"render-{self.slug}", daemon=True)
        thread.start()
        return thread

    def render(self) -> list[Path]:
        """Render the company's saved files into pages and show links to them."""
        unsaved = bool(self.texts(self._draft)) if self._draft.valid else True
        self.links.value = "<div>Rendering the report… (this takes a minute)</div>"
        try:
            pages = list(self.renderer(self.slug, self.data_dir, self.reports_dir))
        except Exception as exc:  # the facilitator reads why
            self.links.value = message_html([f"The report could not be rendered: {exc}"])
            return []
        items = "".join(
            f"<li><a href='{html.escape(self.link(page))}' target='_blank'>"
            f"{html.escape(page.name)}</a> <code>{html.escape(str(page))}</code></li>"
            for page in pages
        )
        note = " (from the saved files: unsaved entries are not in it)" if unsaved else ""
        self.links.value = f"<div class='wb-links'>Report pages{note}:<ul>{items}</ul></div>"
        return pages

    def link(self, page: Path) -> str:
        """A link to a rendered page: under the Jupyter server's files URL when
        ``WORKBOOK_FILES_URL`` and ``WORKBOOK_FILES_ROOT`` say where (``workbook workshop`` sets
        them), else the file's own URL."""
        base, root = os.environ.get("WORKBOOK_FILES_URL"), os.environ.get("WORKBOOK_FILES_ROOT")
        if base and root:
            try:
                relative = Path(page).resolve().relative_to(Path(root).resolve())
            except ValueError:
                return Path(page).resolve().as_uri()
            return base.rstrip("/") + "/" + relative.as_posix()
        return Path(page).resolve().as_uri()
