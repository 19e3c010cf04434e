"""Saves that never fight each other: field-by-field merges, picks per field, reload that asks,
undo from ``.history/``, all-or-nothing saves over several files, and a full disk said plainly.

Every test works on a copy of the sample data in a temporary folder, drives the editors as a
facilitator would (widget values, ``button.click()``) and looks at the files on disk.
"""

from __future__ import annotations

import dataclasses
import errno
import shutil
from datetime import date
from pathlib import Path

import pytest

from workbook import io, workshop
from workbook.workshop import history, merge

PROJECT_DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the sample data folder (companies and instrument)."""
    root = tmp_path / "data"
    shutil.copytree(PROJECT_DATA / "instruments", root / "instruments")
    shutil.copytree(PROJECT_DATA / "companies", root / "companies")
    return root


def folder_state(folder: Path) -> dict[str, bytes]:
    """Every file of a folder (history included) with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def feature_row(editor, name: str):
    return next(row for row in editor.features.rows if row.cells["feature"].value == name)


# ----------------------------------------------------------------------------------------------
# The merge itself
# ----------------------------------------------------------------------------------------------


def test_merge_takes_each_side_s_own_changes_and_reports_the_same_field_changed_twice():
    base = {"a": 1, "b": 2, "c": 3, "gone": 4}
    mine = {"a": 10, "b": 2, "c": 30, "new": 5}  # changed a and c, removed gone, added new
    disk = {"a": 1, "b": 20, "c": 31, "gone": 4}  # someone changed b, and c differently
    merged, conflicts = merge.merge_fields("company.yaml", base, mine, disk)
    assert merged == {"a": 10, "b": 20, "c": 31, "new": 5}
    assert [(c.key, c.mine, c.theirs) for c in conflicts] == [("c", 30, 31)]
    picked, left = merge.merge_fields("company.yaml", base, mine, disk, {"company.yaml: c": "mine"})
    assert picked["c"] == 30 and left == ()
    # both sides made the same change: no conflict
    same, none = merge.merge_fields("company.yaml", base, {"a": 7}, {"a": 7})
    assert same == {"a": 7} and none == ()


def test_layout_differences_are_not_changes():
    """Both versions pass through the contract's parser, so quoting or order never counts."""
    base = 'name: "Tandem"\nstage: pre-pmf\nstarted: 2025-01-06\n'
    disk = "started: 2025-01-06\nname: Tandem\nstage: pre-pmf\n# a comment\n"
    loaded = io.parse_company_config(base)[0]
    mine = io.dump_company_config_full(dataclasses.replace(loaded, runway_months=9))
    result = merge.merge_file("company.yaml", base, mine, disk)
    assert result.conflicts == ()
    assert io.parse_company_config(result.text)[0].runway_months == 9


def test_an_unreadable_version_on_disk_cannot_be_merged_field_by_field():
    with pytest.raises(merge.UnreadableError, match=r"company\.yaml"):
        merge.merge_file("company.yaml", "name: A\n", "name: B\n", "name: [unclosed\n")


# ----------------------------------------------------------------------------------------------
# Editors saving one after another, and someone else's changes
# ----------------------------------------------------------------------------------------------


def test_the_three_editors_save_one_after_another_without_a_conflict(data):
    """The agenda's order, each editor opened at the start: no save is refused, none is lost."""
    belonging = workshop.editor("belonging", "tandem", data)
    differentiation = workshop.editor("differentiation", "tandem", data)
    ttpmf = workshop.editor("ttpmf", "tandem", data)
    belonging.founding.value = "12"
    belonging.practices["harm_reporting"].value = "partly"
    assert belonging.save().status == "saved"
    differentiation.reference.value = "Gerrit code review"
    assert differentiation.save().status == "saved"
    ttpmf.runway.value = "7"
    assert ttpmf.save().status == "saved"
    belonging.channels.value = "5"  # the first editor again, still on its old load
    assert belonging.save().status == "saved"
    company = io.load_company("tandem", data)
    assert company.config.reference_product == "Gerrit code review"
    assert company.config.community.founding_members == 12
    assert company.config.community.channels == 5
    assert company.config.runway_months == 7
    assert company.team_assessment.practices["harm_reporting"] == "partly"


def test_someone_else_s_change_to_other_rows_is_merged_not_refused(data):
    editor = workshop.editor("differentiation", "ledgerly", data)
    path = editor.folder / "features.csv"
    path.write_text(path.read_text().replace("dark mode", "dark theme"), encoding="utf-8")
    first = editor.features.rows[0].cells["feature"].value
    editor.features.rows[0].cells["change"].value = "reinvented"
    assert editor.save().status == "saved"
    saved = io.load_company("ledgerly", data).features.set_index("feature")
    assert saved.at[first, "change"] == "reinvented"  # ours
    assert "dark theme" in saved.index and "dark mode" not in saved.index  # theirs
    assert "dark theme" in [row.cells["feature"].value for row in editor.features.rows]


def test_a_field_both_changed_shows_both_values_and_the_team_picks(data):
    editor = workshop.editor("differentiation", "ledgerly", data)
    path = editor.folder / "features.csv"
    first = editor.features.rows[0].cells["feature"].value
    lines = path.read_text().splitlines(keepends=True)
    lines[1] = lines[1].replace(",kept,", ",removed,")  # someone else: the first feature removed
    path.write_text("".join(lines), encoding="utf-8")
    theirs = path.read_bytes()
    editor.features.rows[0].cells["change"].value = "reinvented"
    editor.reference.value = "paper ledgers"  # merges by itself
    editor.save_button.click()
    assert "Pick the value to keep" in editor.status.value
    assert editor.pick_box.layout.display != "none"
    assert path.read_bytes() == theirs  # nothing written while a pick is open
    (key,) = editor.picks
    assert key == f"features.csv: {first}"
    labels = [label for label, _ in editor.picks[key].options]
    assert "reinvented" in labels[0] and "removed" in labels[1]
    editor.pick_button.click()  # nothing picked yet: still asks
    assert path.read_bytes() == theirs
    editor.picks[key].value = "theirs"
    editor.pick_button.click()
    company = io.load_company("ledgerly", data)
    assert company.features.set_index("feature").at[first, "change"] == "removed"
    assert company.config.reference_product == "paper ledgers"
    assert "Saved" in editor.status.value and editor.pick_box.layout.display == "none"


def test_an_unreadable_file_on_disk_offers_reload_or_save_anyway(data):
    editor = workshop.editor("ttpmf", "tandem", data)
    path = editor.folder / "company.yaml"
    path.write_text("name: [broken\n", encoding="utf-8")
    editor.runway.value = "5"
    assert editor.save().status == "conflict"
    assert editor.conflict.layout.display != "none" and "company.yaml" in editor.status.value
    assert path.read_text() == "name: [broken\n"


# ----------------------------------------------------------------------------------------------
# Reload asks, Undo restores
# ----------------------------------------------------------------------------------------------


def test_reload_asks_before_dropping_entries_and_keeps_them_recoverable(data):
    editor = workshop.editor("differentiation", "ledgerly", data)
    editor.features.rows[0].cells["change"].value = "reinvented"
    editor.reload_button.click()
    assert editor.reload_offer.layout.display != "none"
    assert editor.features.rows[0].cells["change"].value == "reinvented"  # not dropped yet
    editor.keep_editing_button.click()
    assert editor.features.rows[0].cells["change"].value == "reinvented"
    editor.reload_button.click()
    kept = editor.reload(confirmed=True)
    assert editor.features.rows[0].cells["change"].value == "kept"
    assert [p.name.startswith("unsaved-features.") for p in kept] == [True]
    assert "reinvented" in kept[0].read_text() and kept[0].name in editor.status.value
    assert history.history(editor.folder, "features.csv") == []  # not mistaken for a backup


def test_reload_without_unsaved_entries_does_not_ask(data):
    editor = workshop.editor("ttpmf", "tandem", data)
    assert editor.reload() == [] and editor.reload_offer.layout.display == "none"
    assert "Reloaded" in editor.status.value


def test_undo_last_save_restores_the_files_and_keeps_later_saves_of_others(data):
    folder = data / "companies" / "tandem"
    before = {name: (folder / name).read_bytes() for name in ("features.csv", "company.yaml")}
    differentiation = workshop.editor("differentiation", "tandem", data)
    ttpmf = workshop.editor("ttpmf", "tandem", data)
    differentiation.features.rows[1].cells["change"].value = "removed"
    differentiation.reference.value = "Gerrit code review"
    assert differentiation.save().status == "saved"
    ttpmf.runway.value = "4"  # someone else's later save of company.yaml
    assert ttpmf.save().status == "saved"
    differentiation.undo_button.click()
    assert "Undid the save" in differentiation.status.value
    assert (folder / "features.csv").read_bytes() == before["features.csv"]
    config = io.load_company("tandem", data).config
    assert (
        config.reference_product
        == io.parse_company_config(before["company.yaml"].decode())[0].reference_product
    )
    assert config.runway_months == 4  # the later save is kept
    assert differentiation.reference.value != "Gerrit code review"
    # Undo again redoes
    assert differentiation.undo().status == "undone"
    assert io.load_company("tandem", data).config.reference_product == "Gerrit code review"


def test_undo_with_nothing_saved_or_with_unsaved_entries_changes_nothing(data):
    editor = workshop.editor("ttpmf", "tandem", data)
    state = folder_state(editor.folder)
    assert editor.undo().status == "unchanged" and "Nothing to undo" in editor.status.value
    editor.runway.value = "3"
    assert editor.undo().status == "invalid" and "unsaved" in editor.status.value
    assert folder_state(editor.folder) == state


# ----------------------------------------------------------------------------------------------
# All or nothing over several files; a full disk
# ----------------------------------------------------------------------------------------------


def two_files(folder: Path) -> dict[str, str]:
    (folder / "a.csv").write_text("old a\n", encoding="utf-8")
    (folder / "b.csv").write_text("old b\n", encoding="utf-8")
    return {"a.csv": "new a\n", "b.csv": "new b\n"}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.startswith((".wbsave-", ".journal-")))


def test_a_save_killed_after_its_journal_is_completed_on_the_next_load(tmp_path, monkeypatch):
    texts = two_files(tmp_path)
    real_replace = history.os.replace
    renamed = []

    def killed_after_the_first_file(source, target):
        if Path(target).parent == tmp_path:
            if renamed:
                raise KeyboardInterrupt  # the process dies here
            renamed.append(target)
        real_replace(source, target)

    monkeypatch.setattr(history.os, "replace", killed_after_the_first_file)
    with pytest.raises(KeyboardInterrupt):
        history.save_files(tmp_path, texts)
    monkeypatch.setattr(history.os, "replace", real_replace)
    halfway = {n: (tmp_path / n).read_text() for n in texts}
    assert sorted(halfway.values()) == ["new a\n", "old b\n"]  # torn across the two files
    assert history.recover(tmp_path) == ["a.csv", "b.csv"]
    assert {n: (tmp_path / n).read_text() for n in texts} == texts
    assert leftovers(tmp_path) == []


def test_a_save_killed_before_its_journal_is_rolled_back(tmp_path, monkeypatch):
    texts = two_files(tmp_path)
    real = history._write_temporary
    calls = []

    def killed_while_writing_the_second(folder, name, content, mode):
        calls.append(name)
        if name == "b.csv" and Path(folder) == tmp_path:
            raise KeyboardInterrupt
        return real(folder, name, content, mode)

    monkeypatch.setattr(history, "_write_temporary", killed_while_writing_the_second)
    with pytest.raises(KeyboardInterrupt):
        history.save_files(tmp_path, texts)
    monkeypatch.setattr(history, "_write_temporary", real)
    history.recover(tmp_path)
    assert (tmp_path / "a.csv").read_text() == "old a\n"
    assert (tmp_path / "b.csv").read_text() == "old b\n"
    assert leftovers(tmp_path) == []
    backups = list((tmp_path / history.HISTORY_DIR).glob("*.csv"))
    assert all(p.stat().st_size > 0 for p in backups)


def test_a_killed_process_s_temporaries_are_cleaned_but_not_a_running_one_s(tmp_path):
    dead = tmp_path / f"{history.TEMP_PREFIX}999999999-1-0-a.csv"
    dead.write_text("half", encoding="utf-8")
    unrelated = tmp_path / ".a.csv.tmp"
    unrelated.write_text("not ours", encoding="utf-8")
    history.recover(tmp_path)
    assert not dead.exists() and unrelated.exists()


def test_a_full_disk_changes_nothing_and_save_says_which_file(data, monkeypatch):
    editor = workshop.editor("belonging", "tandem", data)
    state = folder_state(editor.folder)
    real = history._write_temporary

    def disk_full(folder, name, content, mode):
        if name == "company.yaml":
            raise history.SaveError(name, "No space left on device")
        return real(folder, name, content, mode)

    monkeypatch.setattr(history, "_write_temporary", disk_full)
    editor.practices["harm_reporting"].value = "no"
    editor.founding.value = "11"
    outcome = editor.save()
    assert outcome.status == "failed" and outcome.files == ("company.yaml",)
    assert "could not write company.yaml (No space left on device)" in editor.status.value
    assert folder_state(editor.folder) == state  # no file, backup or temporary left
    assert editor.founding.value == "11"  # the entries stay


def test_a_failing_write_raises_a_save_error_naming_the_file(tmp_path, monkeypatch):
    def no_space(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(history.os, "fsync", no_space)
    (tmp_path / "a.csv").write_text("old\n", encoding="utf-8")
    with pytest.raises(history.SaveError, match=r"a\.csv"):
        history.save_files(tmp_path, {"a.csv": "new\n"})
    monkeypatch.undo()
    assert (tmp_path / "a.csv").read_text() == "old\n"
    assert leftovers(tmp_path) == []
    assert [p for p in (tmp_path / history.HISTORY_DIR).iterdir()] == []


# ----------------------------------------------------------------------------------------------
# Decisions
# ----------------------------------------------------------------------------------------------


def test_decisions_are_saved_with_the_answers_and_shown_first_on_the_summary(data):
    from workbook import summary
    from workbook.summary import present

    belonging = workshop.editor("belonging", "tandem", data)
    step = workshop.decisions_editor("tandem", data)
    action, owner, day = step.rows[0]
    action.value, owner.value, day.value = "Publish house rules", "Mia", "2026-09-30"
    assert step.save().status == "saved"
    belonging.practices["harm_reporting"].value = "partly"  # the same file, loaded before
    assert belonging.save().status == "saved"
    company = io.load_company("tandem", data)
    assert company.team_assessment.decisions == (
        io.Decision("Publish house rules", "Mia", date(2026, 9, 30)),
    )
    assert company.team_assessment.practices["harm_reporting"] == "partly"
    header = present.advice_markdown(summary.scorecard(company))
    assert header.index("Decisions the team recorded") < header.index("Publish house rules")
    step.undo_button.click()  # takes the decision back, keeps the later checklist answer
    undone = io.load_company("tandem", data).team_assessment
    assert undone.decisions == () and undone.practices["harm_reporting"] == "partly"
    assert step.undo().status == "undone"  # redo
    everyone = summary.portfolio(["tandem", "ledgerly"], data)
    assert everyone.rows[0].decisions or everyone.rows[1].decisions
    assert "1 decision recorded" in present.portfolio_html(everyone).html


def test_a_decision_filled_in_part_says_what_it_lacks_and_nothing_is_written(data):
    step = workshop.decisions_editor("tandem", data)
    state = folder_state(step.folder)
    action, _owner, day = step.rows[1]
    action.value, day.value = "Call ten churned teams", "next week"
    assert step.save().status == "invalid"
    assert "owner" in step.messages[1].value and "YYYY-MM-DD" in step.messages[1].value
    assert folder_state(step.folder) == state


def test_a_folder_that_refuses_writes_is_a_save_error_not_a_traceback(tmp_path, monkeypatch):
    (tmp_path / "a.csv").write_text("old\n", encoding="utf-8")

    def read_only(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(history.os, "open", read_only)
    with pytest.raises(history.SaveError) as caught:
        history.save_files(tmp_path, {"a.csv": "new\n"})
    monkeypatch.undo()
    assert caught.value.file == "a.csv" and "Permission denied" in str(caught.value)
    assert (tmp_path / "a.csv").read_text() == "old\n" and leftovers(tmp_path) == []


def test_backups_work_where_the_file_system_has_no_hard_links(tmp_path, monkeypatch):
    def no_links(*_args, **_kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(history.os, "link", no_links)
    (tmp_path / "a.csv").write_text("one\n", encoding="utf-8")
    first = history.backup(tmp_path / "a.csv")
    second = history.backup(tmp_path / "a.csv", datetime_of(first))
    assert first != second and first.read_text() == second.read_text() == "one\n"
    assert leftovers(tmp_path) == []


def datetime_of(backup: Path):
    from datetime import datetime

    stamp = backup.name.split(".", 1)[1].rsplit(".", 1)[0]
    return datetime.strptime(stamp, "%Y%m%dT%H%M%S.%f")


def test_reloading_over_invalid_entries_keeps_them_as_typed(data):
    editor = workshop.editor("ttpmf", "tandem", data)
    editor.runway.value = "soon"  # not a number: cannot be saved
    editor.reload_button.click()
    assert editor.reload_offer.layout.display != "none"
    editor.confirm_reload_button.click()
    (kept,) = (editor.folder / history.HISTORY_DIR).glob("unsaved-ttpmf-entries.*.json")
    assert '"runway_months": "soon"' in kept.read_text()
    assert editor.runway.value != "soon" and kept.name in editor.status.value
