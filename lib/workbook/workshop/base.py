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

import csv
import dataclasses
import html
import io as text_io
import json
import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, Literal

import ipywidgets as widgets
import pandas as pd
import yaml

from workbook import io, registry
from workbook.results import AssessmentResult
from workbook.workshop import history, merge
from workbook.workshop.forms import Field, blank_to_none, message_html, text_value
from workbook.workshop.live import Figure, LiveView

#: Problems of one form: field key → messages; tables: file → row index → column → messages.
FieldProblems = dict[str, list[str]]
TableProblems = dict[str, dict[int, dict[str, list[str]]]]
#: Renders a company's saved files: (slug, data folder, output folder) → the pages made.
Renderer = Callable[[str, Path, Path], Sequence[Path]]

SaveStatus = Literal["saved", "invalid", "conflict", "unchanged", "failed", "undone"]


@dataclass(frozen=True)
class SaveOutcome:
    """What a click on Save did."""

    status: SaveStatus
    files: tuple[str, ...] = ()
    backups: tuple[Path, ...] = ()


@dataclass
class Draft:
    """The editor's current entries, validated: the company to assess (None while any entry is
    invalid), the documents to write, and the problems to show."""

    company: io.Company | None
    config: io.CompanyConfig | None = None
    tables: dict[str, list[dict[str, str | None]]] = field(default_factory=dict)
    team: io.TeamAssessment | None = None
    field_problems: FieldProblems = field(default_factory=dict)
    table_problems: TableProblems = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.field_problems and not any(self.table_problems.values())

    @property
    def needs_fixing(self) -> str:
        """The count of problems in words: "1 value needs fixing", "3 values need fixing"."""
        count = self.problem_count
        return "1 value needs fixing" if count == 1 else f"{count} values need fixing"

    @property
    def problem_count(self) -> int:
        fields = sum(map(len, self.field_problems.values()))
        cells = sum(
            len(texts)
            for rows in self.table_problems.values()
            for columns in rows.values()
            for texts in columns.values()
        )
        return fields + cells


# ----------------------------------------------------------------------------------------------
# Documents: the edited text judged by the data contract's rules
# ----------------------------------------------------------------------------------------------


def config_mapping(config: io.CompanyConfig) -> dict[str, Any]:
    """A config as the mapping ``company.yaml`` holds (dates as text, unset keys left out)."""
    mapping: dict[str, Any] = {
        "name": config.name,
        "stage": config.stage,
        "started": config.started.isoformat(),
        "network_effects": config.network_effects,
    }
    if config.as_of is not None:
        mapping["as_of"] = config.as_of.isoformat()
    if config.runway_months is not None:
        mapping["runway_months"] = config.runway_months
    if config.reference_product is not None:
        mapping["reference_product"] = config.reference_product
    if config.community is not None:
        mapping["community"] = {
            key: value
            for key, value in dataclasses.asdict(config.community).items()
            if value is not None
        }
    return mapping


def typed_scalar(text: str | None) -> Any:
    """Text typed in a field, read as YAML reads the same text in ``company.yaml``."""
    text = blank_to_none(text)
    if text is None:
        return None
    try:
        return io.load_yaml(text)
    except yaml.YAMLError:
        return text


def parse_config(
    base: io.CompanyConfig, edits: Mapping[str, Any]
) -> tuple[io.CompanyConfig | None, FieldProblems]:
    """``base`` with ``edits`` (key → value, None to unset; ``community`` a mapping), checked by
    :func:`workbook.io.parse_company_config`; problems keyed by field (``community.channels``)."""
    mapping = config_mapping(base)
    for key, value in edits.items():
        if key == "community" and isinstance(value, Mapping):
            value = {k: v for k, v in value.items() if v is not None}
        if value is None:
            mapping.pop(key, None)
        else:
            mapping[key] = value
    text = yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True)
    config, problems = io.parse_company_config(text)
    found: FieldProblems = {}
    for problem in problems:
        if problem.severity != "error":
            continue
        key = problem.column or ""
        expected = problem.expected
        if key == "community":
            for sub in ("owner", "founding_members", "channels"):
                if expected.startswith(sub):
                    key = f"community.{sub}"
                    expected = expected.removeprefix(f"{sub} as ")
        found.setdefault(key, []).append(expected)
    return config, found


def csv_rows(path: Path, file: str) -> list[dict[str, str | None]]:
    """A contract CSV's rows as typed text (its contract columns only); none for a missing,
    empty or unreadable file."""
    if not path.is_file():
        return []
    raw, _, _ = io.read_csv_text(path)
    if raw is None or raw.empty:
        return []
    columns = io.DATA_FILES[file].header()
    return [
        {name: blank_to_none(text_value(record.get(name))) for name in columns}
        for record in raw.to_dict("records")
    ]


def check_rows(
    file: str, rows: Sequence[Mapping[str, str | None]]
) -> tuple[pd.DataFrame | None, dict[int, dict[str, list[str]]]]:
    """Validate rows with the file's column rules (``DATA_FILES``): the typed frame (None when a
    row is invalid or there are no rows) and problems by row index and column."""
    if not rows:
        return None, {}
    spec = io.DATA_FILES[file]
    raw = pd.DataFrame(list(rows), columns=spec.header(), dtype=object)
    typed, problems = io.validate_frame(raw, file, spec.columns, spec.unique_key)
    found: dict[int, dict[str, list[str]]] = {}
    for problem in problems:
        if problem.severity != "error":
            continue
        index = problem.row - 2 if problem.row is not None else 0
        column = problem.column or ""
        if "," in column:  # a repeated key of several columns: show it on the first
            column = column.split(",")[0].strip()
        found.setdefault(index, {}).setdefault(column, []).append(problem.expected)
    if found or typed is None:
        return None, found
    return typed.reset_index(drop=True), {}


def dump_rows(file: str, rows: Sequence[Mapping[str, str | None]]) -> str:
    """A contract CSV with its header in contract order and the rows as typed."""
    columns = io.DATA_FILES[file].header()
    buffer = text_io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(name) is None else row[name] for name in columns])
    return buffer.getvalue()


def default_renderer(slug: str, data_dir: Path, out_dir: Path) -> list[Path]:
    """Render one company's pages with the report renderer; the pages made.

    The workshop's environment variable is left out of the renderer's processes, so the
    rendered notebooks show the saved answers, not editors.
    """
    from workbook.render import runner
    from workbook.workshop.command import WORKSHOP_ENV

    options = runner.Options(data_dir=data_dir, out_dir=out_dir, jobs=1, progress=False)
    workshop = os.environ.pop(WORKSHOP_ENV, None)
    try:
        summary = runner.render_reports([slug], options, log=text_io.StringIO())
    finally:
        if workshop is not None:
            os.environ[WORKSHOP_ENV] = workshop
    if not summary.ok:
        raise RuntimeError(runner.report_text(summary))
    return summary.pages()


# ----------------------------------------------------------------------------------------------
# The editor
# ----------------------------------------------------------------------------------------------


def undo_last_save(folder: Path, editor_id: str) -> tuple[SaveOutcome, str, str]:
    """Undo one editor's last save in a company folder: merge the versions from before it (in
    ``.history/``) over the files now, keeping what others saved since; undoing again redoes
    it. Nothing changes when someone changed the same fields since. The outcome, and the
    message to show with its colour."""

    def failed(file: str, text: str) -> tuple[SaveOutcome, str, str]:
        return SaveOutcome("failed", (file,)), f"Not undone: {text}.", "#c62828"

    record = history.last_save(folder, editor_id)
    if record is None:
        return SaveOutcome("unchanged"), "Nothing to undo: no save here yet.", "#52606d"
    texts: dict[str, str | None] = {}
    conflicts: list[merge.Conflict] = []
    for name, (backup_name, written) in record.files.items():
        after = history.version(folder, name, written)
        if written is not None and after is None:
            return failed(name, f"no copy of {name} as that save wrote it is left")
        before = None
        if backup_name is not None:
            path = folder / history.HISTORY_DIR / backup_name
            before = path.read_text(encoding="utf-8") if path.is_file() else None
            if before is None:
                return failed(name, f"the backup {backup_name} is gone")
        try:
            now = (folder / name).read_text(encoding="utf-8")
        except FileNotFoundError:
            now = None
        try:
            result = merge.merge_file(name, after, before, now)
        except merge.UnreadableError as exc:
            return failed(name, str(exc))
        texts[name] = result.text
        conflicts.extend(result.conflicts)
    if conflicts:
        fields = ", ".join(c.label for c in conflicts)
        files = tuple(dict.fromkeys(c.file for c in conflicts))
        message = (
            f"Not undone: someone changed the same fields since ({fields}); nothing was "
            "changed. Edit them by hand instead."
        )
        return SaveOutcome("conflict", files), message, "#c77c02"
    try:
        saved = history.save_files(folder, texts, editor=editor_id)
    except history.SaveError as exc:
        return failed(exc.file, f"could not write {exc.file} ({exc.reason})")
    when = datetime.fromisoformat(record.when).strftime("%H:%M:%S")
    restored = ", ".join(saved.written) or "nothing (the files already match)"
    message = (
        f"Undid the save of {when}: {restored} restored (the undone version is kept in "
        f"{history.HISTORY_DIR}/; Undo again to redo)."
    )
    return SaveOutcome("undone", saved.written, saved.backups), message, "#2e7d32"


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
        config, field_problems = base.config, {}
        if self.config_keys:
            config, field_problems = parse_config(base.config, self.config_edits())
        tables, table_problems, frames, sources = {}, {}, {}, dict(base.sources)
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
                "#c62828",
            )
            return SaveOutcome("invalid")
        texts = self.texts(draft)
        if not texts:
            self._hide_offers()
            self._say("No changes to save.", "#52606d")
            return SaveOutcome("unchanged")
        for _attempt in range(3):  # a file changing between merge and write: merge again
            seen = history.fingerprints(self.folder, list(texts))
            merged, conflicts, unreadable = self._merged(texts, choices or {}, force)
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
                    "#c62828",
                )
                return SaveOutcome("failed", (exc.file,))
            break
        else:
            self._say("Not saved: the files keep changing on disk; try Save again.", "#c77c02")
            return SaveOutcome("conflict", tuple(texts))
        self.load()
        when = datetime.now().strftime("%H:%M:%S")
        kept = f"; previous versions kept in {history.HISTORY_DIR}/" if saved.backups else ""
        written = ", ".join(saved.written) or "nothing new"
        self._say(f"Saved {written} at {when}{kept}.", "#2e7d32")
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
            "#c77c02",
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
            "#c77c02",
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
                "#c77c02",
            )
            return []
        if draft_invalid:  # not a valid file yet: keep the entries as typed
            pending = {f"{self.assessment_id}-entries.json": self._entries_json()}
        kept = [history.stash(self.folder, name, text) for name, text in pending.items()]
        self.load()
        if kept:
            names = ", ".join(f"{history.HISTORY_DIR}/{path.name}" for path in kept)
            self._say(f"Reloaded from disk; your unsaved entries are kept in {names}.", "#52606d")
        else:
            self._say("Reloaded from disk.", "#52606d")
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
            self._say("Not undone: save or reload your unsaved entries first.", "#c77c02")
            return SaveOutcome("invalid")
        outcome, message, colour = undo_last_save(self.folder, self.assessment_id)
        if outcome.status == "undone":
            self.load()
        self._say(message, colour)
        return outcome

    def _say(self, text: str, colour: str) -> None:
        self.status.value = f"<div style='color: {colour}'>{html.escape(text)}</div>"

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
