"""What a click on Save or Undo did, and undoing an editor's last save from ``.history/``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from workbook.workshop import history, merge
from workbook.workshop.layout import keep_layouts

SaveStatus = Literal["saved", "invalid", "conflict", "unchanged", "failed", "undone"]


@dataclass(frozen=True)
class SaveOutcome:
    """What a click on Save did."""

    status: SaveStatus
    files: tuple[str, ...] = ()
    backups: tuple[Path, ...] = ()


def undo_last_save(folder: Path, editor_id: str) -> tuple[SaveOutcome, str, str]:
    """Undo one editor's last save in a company folder: merge the versions from before it (in
    ``.history/``) over the files now, keeping what others saved since; undoing again redoes
    it. Nothing changes when someone changed the same fields since. The outcome, and the
    message to show with its tone."""

    def failed(file: str, text: str) -> tuple[SaveOutcome, str, str]:
        return SaveOutcome("failed", (file,)), f"Not undone: {text}.", "bad"

    record = history.last_save(folder, editor_id)
    if record is None:
        return SaveOutcome("unchanged"), "Nothing to undo: no save here yet.", "muted"
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
        return SaveOutcome("conflict", files), message, "warn"
    texts = keep_layouts(folder, texts)
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
    return SaveOutcome("undone", saved.written, saved.backups), message, "good"
