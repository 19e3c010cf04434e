"""The workshop editors, driven in Python as a facilitator would drive them in a notebook.

Every test works on a copy of a sample company in a temporary folder (never on ``data/``): set
widget values, click the buttons (``button.click()``), then look at the files on disk, the
backups in ``.history/``, the inline messages, and compare the live results with the library's
own assessment of the saved files.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from workbook import io, registry, results, workshop
from workbook.workshop import history
from workbook.workshop.base import Editor

PROJECT_DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLES = io.list_companies(PROJECT_DATA)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the sample data folder (companies and instrument)."""
    root = tmp_path / "data"
    shutil.copytree(PROJECT_DATA / "instruments", root / "instruments")
    shutil.copytree(PROJECT_DATA / "companies", root / "companies")
    return root


def folder_state(folder: Path) -> dict[str, bytes]:
    """Every file of a company folder (history included) with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def library_result(editor: Editor, data: Path) -> dict:
    """The registered assessment of the company as saved on disk, as JSON-ready data."""
    company = io.load_company(editor.slug, data)
    return results.to_dict(
        registry.assess_company(company, only=[editor.assessment_id])[editor.assessment_id]
    )


def figure(editor: Editor, key: str) -> object:
    assert editor.result is not None
    return editor.result.figures.get(key)


def shown(editor: Editor, key: str) -> str:
    """The text the live panel shows for one figure."""
    text = editor.view.table.value
    start = text.index(f"data-figure='{key}'>") + len(f"data-figure='{key}'>")
    return text[start : text.index("</span>", start)]


def edit_something(editor: Editor) -> None:
    """One valid change in each editor."""
    if editor.assessment_id == "differentiation":
        cell = editor.features.rows[0].cells["change"]
        cell.value = "reinvented" if cell.value != "reinvented" else "kept"
    elif editor.assessment_id == "belonging":
        toggle = editor.practices["harm_reporting"]
        toggle.value = "partly" if toggle.value != "partly" else "yes"
    else:
        editor.runway.value = "7" if editor.runway.value != "7" else "9"


# ----------------------------------------------------------------------------------------------
# history: backups, atomic writes, changes on disk
# ----------------------------------------------------------------------------------------------


def test_backups_made_in_the_same_instant_never_overwrite_each_other(tmp_path):
    path = tmp_path / "features.csv"
    when = datetime(2026, 3, 22, 10, 15, 2, 123456)
    kept = []
    for version in ("one\n", "two\n", "three\n"):
        path.write_text(version, encoding="utf-8")
        kept.append(history.backup(path, when))
    assert [p.name for p in kept] == [
        "features.20260322T101502.123456.csv",
        "features.20260322T101502.123456-2.csv",
        "features.20260322T101502.123456-3.csv",
    ]
    assert [p.read_text() for p in kept] == ["one\n", "two\n", "three\n"]
    assert history.history(tmp_path, "features.csv") == kept
    assert history.backup(tmp_path / "missing.csv") is None


def test_save_files_backs_up_writes_atomically_and_keeps_permissions(tmp_path):
    path = tmp_path / "company.yaml"
    path.write_text("old\n", encoding="utf-8")
    os.chmod(path, 0o640)
    loaded = history.fingerprints(tmp_path, ["company.yaml", "new.csv"])
    saved = history.save_files(tmp_path, {"company.yaml": "new\n", "new.csv": "a\n"}, loaded)
    assert saved.written == ("company.yaml", "new.csv")
    assert [p.read_text() for p in saved.backups] == ["old\n"]  # a new file has no backup
    assert path.read_text() == "new\n" and (tmp_path / "new.csv").read_text() == "a\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert saved.fingerprints == history.fingerprints(tmp_path, ["company.yaml", "new.csv"])
    # saving the same content again writes and backs up nothing
    again = history.save_files(tmp_path, {"company.yaml": "new\n"}, saved.fingerprints)
    assert again.written == () and again.backups == ()


def test_a_file_changed_on_disk_since_it_was_loaded_is_not_overwritten(tmp_path):
    path = tmp_path / "features.csv"
    path.write_text("loaded\n", encoding="utf-8")
    loaded = history.fingerprints(tmp_path, ["features.csv"])
    path.write_text("someone else's\n", encoding="utf-8")
    with pytest.raises(history.ConflictError) as caught:
        history.save_files(tmp_path, {"features.csv": "mine\n"}, loaded)
    assert caught.value.files == ("features.csv",)
    assert path.read_text() == "someone else's\n"
    assert not (tmp_path / history.HISTORY_DIR).exists()
    saved = history.save_files(tmp_path, {"features.csv": "mine\n"}, loaded, force=True)
    assert path.read_text() == "mine\n"
    assert [p.read_text() for p in saved.backups] == ["someone else's\n"]


def test_a_file_created_since_load_counts_as_changed(tmp_path):
    loaded = history.fingerprints(tmp_path, ["community_goals.csv"])
    assert loaded == {"community_goals.csv": None}
    (tmp_path / "community_goals.csv").write_text("x\n", encoding="utf-8")
    assert history.changed_on_disk(tmp_path, loaded) == ("community_goals.csv",)


@pytest.mark.parametrize("slug", SAMPLES)
def test_the_full_company_yaml_writer_reads_back_to_the_same_config(slug):
    config = io.load_company(slug, PROJECT_DATA).config
    assert io.parse_company_config(io.dump_company_config_full(config)) == (config, [])


def test_the_full_writer_keeps_odd_values():
    config = io.CompanyConfig(
        name='Ölwerk "GmbH": #1',
        stage="pmf",
        started=datetime(2024, 1, 31).date(),
        network_effects=True,
        as_of=datetime(2025, 2, 1).date(),
        runway_months=2.5,
        reference_product="yes",
        community=io.CommunityConfig(),
    )
    assert io.parse_company_config(io.dump_company_config_full(config)) == (config, [])


# ----------------------------------------------------------------------------------------------
# The editors: live results are the library's results
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("assessment_id", list(workshop.editor_ids()))
@pytest.mark.parametrize("slug", SAMPLES)
def test_live_results_equal_the_assessment_of_the_saved_files(data, slug, assessment_id):
    editor = workshop.editor(assessment_id, slug, data, renderer=lambda *_: [])
    assert results.to_dict(editor.result) == library_result(editor, data)  # as loaded
    edit_something(editor)
    live = results.to_dict(editor.result)
    editor.save_button.click()
    assert editor.status.value.count("Saved") == 1, editor.status.value
    assert live == library_result(editor, data)
    assert results.to_dict(editor.result) == live  # reloaded after saving: the same


def test_changing_a_feature_to_reinvented_updates_the_share_and_saves_features_csv(data):
    editor = workshop.editor("differentiation", "ledgerly", data)
    folder = editor.folder
    before_csv = (folder / "features.csv").read_bytes()
    share, text = figure(editor, "reinvention_share"), shown(editor, "reinvention_share")
    row = next(r for r in editor.features.rows if r.cells["change"].value == "kept")
    name = row.cells["feature"].value
    row.cells["change"].value = "reinvented"
    assert figure(editor, "reinvention_share") > share
    assert shown(editor, "reinvention_share") != text
    editor.save_button.click()
    saved = io.load_company("ledgerly", data).features
    assert saved.set_index("feature").at[name, "change"] == "reinvented"
    backups = history.history(folder, "features.csv")
    assert [b.read_bytes() for b in backups] == [before_csv]
    assert (folder / io.COMPANY_FILE).read_bytes() == (
        PROJECT_DATA / "companies" / "ledgerly" / io.COMPANY_FILE
    ).read_bytes()  # untouched: nothing of it changed


def test_rows_are_added_and_removed_with_the_buttons(data):
    editor = workshop.editor("differentiation", "tandem", data)
    count = len(editor.features.rows)
    editor.features.add_button.click()
    assert len(editor.features.rows) == count + 1
    new = editor.features.rows[-1]
    assert "a value is required" in new.message.value  # the blank feature name
    assert editor.result is not None and "needs fixing" in editor.view.note.value
    new.cells["feature"].value = "voice notes on reviews"
    new.cells["change"].value = "new"
    # as important as the main reinvention: felt in time is judged on the most important ones
    new.cells["importance"].value = "5"
    new.cells["seconds_to_experience"].value = "12"
    assert new.message.value == "" and editor.view.note.value == ""
    assert figure(editor, "seconds_to_differentiation") == pytest.approx(12.0)
    editor.features.rows[0].remove.click()
    assert len(editor.features.rows) == count
    editor.save_button.click()
    saved = io.load_company("tandem", data).features
    assert len(saved) == count and "voice notes on reviews" in set(saved["feature"])


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("seconds_to_experience", "-4", "a number ≥ 0"),
        ("seconds_to_experience", "soon", "a number ≥ 0"),
        ("feature", "", "a value is required"),
    ],
)
def test_an_invalid_cell_shows_a_message_in_its_row_and_nothing_is_written(
    data, column, value, expected
):
    editor = workshop.editor("differentiation", "ledgerly", data)
    before = folder_state(editor.folder)
    result = editor.result
    editor.features.rows[2].cells[column].value = value
    assert expected in editor.features.rows[2].message.value
    assert editor.features.rows[2].cells[column].layout.border  # outlined
    assert editor.features.rows[1].message.value == ""
    assert editor.result is result  # the live results wait for a valid entry
    editor.save_button.click()
    assert "Nothing was saved" in editor.status.value
    assert folder_state(editor.folder) == before


def test_a_repeated_feature_name_is_flagged_on_both_rows(data):
    editor = workshop.editor("differentiation", "ledgerly", data)
    before = folder_state(editor.folder)
    first = editor.features.rows[0].cells["feature"].value
    editor.features.rows[3].cells["feature"].value = first
    assert "unique" in editor.features.rows[0].message.value
    assert "unique" in editor.features.rows[3].message.value
    assert editor.save().status == "invalid"
    assert folder_state(editor.folder) == before


def test_two_saves_in_a_row_keep_every_version(data):
    editor = workshop.editor("differentiation", "tandem", data)
    path = editor.folder / "features.csv"
    versions = [path.read_bytes()]
    for change in ("removed", "kept", "new"):
        editor.features.rows[1].cells["change"].value = change
        editor.save_button.click()
        versions.append(path.read_bytes())
    kept = history.history(editor.folder, "features.csv")
    assert [b.read_bytes() for b in kept] == versions[:-1]
    assert len({b.name for b in kept}) == 3


def test_saving_without_changes_writes_nothing(data):
    editor = workshop.editor("belonging", "ledgerly", data)
    before = folder_state(editor.folder)
    assert editor.save().status == "unchanged"
    assert folder_state(editor.folder) == before


# ----------------------------------------------------------------------------------------------
# Belonging
# ----------------------------------------------------------------------------------------------


def test_belonging_checklist_settings_and_goals_update_live_and_save(data):
    editor = workshop.editor("belonging", "tandem", data)
    assert figure(editor, "trust_safety_score") is None  # tandem has not answered yet
    for toggle in editor.practices.values():
        toggle.value = "yes"
    assert figure(editor, "trust_safety_score") == pytest.approx(100.0)
    editor.practices["harm_reporting"].value = "no"
    assert figure(editor, "trust_safety_score") < 100.0
    editor.channels.value = "7"
    channels = {c.name: c.outcome for c in editor.result.checks}
    assert "fail" in channels.values() or "warn" in channels.values()
    editor.goals.add_button.click()
    goal = editor.goals.rows[-1]
    goal.cells["goal"].value = "Members help each other get unstuck"
    goal.cells["objective"].value = "support"
    goal.cells["business_goal"].value = "Lower support cost"
    goal.cells["program"].value = "Peer help channel"
    goal.cells["metric"].value = "questions answered by members"
    live = results.to_dict(editor.result)
    editor.save_button.click()
    assert "Saved" in editor.status.value
    company = io.load_company("tandem", data)
    assert company.team_assessment.practices["harm_reporting"] == "no"
    assert company.config.community.channels == 7
    assert "Members help each other get unstuck" in set(company.community_goals["goal"])
    assert live == library_result(editor, data)
    assert history.history(editor.folder, "team_assessment.yaml") == []  # it did not exist


def test_belonging_invalid_settings_show_next_to_their_field(data):
    editor = workshop.editor("belonging", "ledgerly", data)
    before = folder_state(editor.folder)
    editor.founding.value = "about forty"
    editor.channels.value = "-1"
    assert "a whole number ≥ 0" in editor.founding.message.value
    assert "a whole number ≥ 0" in editor.channels.message.value
    assert editor.owner.message.value == ""
    editor.goals.rows[0].cells["goal"].value = ""
    assert "a value is required" in editor.goals.rows[0].message.value
    editor.save_button.click()
    assert "Nothing was saved: 3 values need fixing" in editor.status.value
    assert folder_state(editor.folder) == before
    editor.founding.value = "40"
    assert editor.founding.message.value == ""


def test_removing_every_goal_leaves_a_header_only_file(data):
    editor = workshop.editor("belonging", "ledgerly", data)
    while editor.goals.rows:
        editor.goals.rows[0].remove.click()
    live = results.to_dict(editor.result)
    assert editor.save().status == "saved"
    company = io.load_company("ledgerly", data)
    assert company.sources["community_goals.csv"] == "empty"
    assert live == library_result(editor, data)


# ----------------------------------------------------------------------------------------------
# TTPMF
# ----------------------------------------------------------------------------------------------


def test_ttpmf_runway_and_dates_update_status_buffer_and_timeline(data):
    editor = workshop.editor("ttpmf", "tandem", data)
    chart = editor.view.chart_spec
    assert (chart is not None and "layer" in chart) or "mark" in chart
    elapsed = figure(editor, "months_elapsed")
    editor.started.value = "2024-06-01"
    assert figure(editor, "months_elapsed") == pytest.approx(elapsed + 12, abs=0.5)
    assert editor.view.chart_spec != chart
    editor.runway.value = "1"
    assert editor.result.status == library_status_after_save(editor, data)


def library_status_after_save(editor: Editor, data: Path) -> str:
    assert editor.save().status == "saved"
    return library_result(editor, data)["status"]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("as_of", "2020-01-01", "a date on or after started"),
        ("started", "2025-13-01", "a date as YYYY-MM-DD"),
        ("runway_months", "-3", "a number of months ≥ 0"),
        ("runway_months", "a year", "a number of months ≥ 0"),
    ],
)
def test_ttpmf_invalid_settings_show_next_to_their_field(data, field, value, expected):
    editor = workshop.editor("ttpmf", "ledgerly", data)
    before = folder_state(editor.folder)
    editor._fields[field].value = value
    assert expected in editor._fields[field].message.value
    assert editor.save().status == "invalid"
    assert folder_state(editor.folder) == before


def test_a_blank_as_of_falls_back_to_the_latest_date_in_the_data(data):
    editor = workshop.editor("ttpmf", "ledgerly", data)
    editor.as_of.value = "2026-01-15"
    assert editor._draft.company.as_of.isoformat() == "2026-01-15"
    editor.as_of.value = ""
    company = io.load_company("ledgerly", data)
    assert editor._draft.company.as_of == io.data_as_of(company)


# ----------------------------------------------------------------------------------------------
# Render report, static tables, package
# ----------------------------------------------------------------------------------------------


def test_render_report_renders_the_saved_files_and_links_the_pages(data, tmp_path):
    calls = []

    def renderer(slug, data_dir, out_dir):
        calls.append((slug, Path(data_dir), Path(out_dir)))
        page = Path(out_dir) / slug / "differentiation.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("<html></html>")
        return [page]

    out = tmp_path / "reports"
    editor = workshop.editor("differentiation", "tandem", data, reports_dir=out, renderer=renderer)
    editor.start_render().join(timeout=60)
    assert calls == [("tandem", data, out)]
    assert "differentiation.html" in editor.links.value and "href=" in editor.links.value
    editor.features.rows[0].cells["change"].value = "removed"
    editor.start_render().join(timeout=60)
    assert "unsaved entries are not in it" in editor.links.value


def test_rendering_runs_beside_the_editors_without_blocking_them(data, tmp_path):
    import threading

    started, release = threading.Event(), threading.Event()

    def slow_renderer(slug, data_dir, out_dir):
        started.set()
        assert release.wait(timeout=60)
        return []

    editor = workshop.editor("ttpmf", "tandem", data, renderer=slow_renderer)
    editor.render_button.click()
    assert started.wait(timeout=60) and editor.render_button.disabled
    before = editor.result
    editor.runway.value = "1"  # the editor answers while the report renders
    assert editor.result is not before and editor._draft.config.runway_months == 1
    release.set()
    for _ in range(600):
        if not editor.render_button.disabled:
            break
        threading.Event().wait(0.1)
    assert not editor.render_button.disabled


def test_a_failing_render_is_reported_not_raised(data):
    def renderer(*_):
        raise RuntimeError("kernel died")

    editor = workshop.editor("belonging", "tandem", data, renderer=renderer)
    assert editor.render() == []
    assert "could not be rendered: kernel died" in editor.links.value


@pytest.mark.parametrize("assessment_id", list(workshop.editor_ids()))
def test_saved_answers_are_a_static_table(assessment_id):
    company = io.load_company("ledgerly", PROJECT_DATA)
    table = workshop.saved_answers(assessment_id, company)
    assert len(table) > 0
    assert not [c for c in table.columns if "_" in str(c)], "headings read as words"
    assert not table.isna().any().any(), "every cell says something"


def test_notebook_settings_follow_the_workshop_command_only_when_it_started_the_kernel(
    monkeypatch, data
):
    from workbook.workshop import command

    monkeypatch.delenv(command.WORKSHOP_ENV, raising=False)
    assert workshop.settings("ledgerly", None, False) == ("ledgerly", None, False)
    assert workshop.settings("ledgerly", "x", True) == ("ledgerly", "x", True)
    monkeypatch.setenv(command.WORKSHOP_ENV, "tandem")
    monkeypatch.setenv(command.DATA_ENV, str(data))
    assert workshop.settings("ledgerly", None, False) == ("tandem", str(data), True)


def test_the_workshop_step_is_an_editor_live_and_a_static_table_otherwise(data):
    import pandas as pd

    company = io.load_company("tandem", data)
    static = workshop.step("differentiation", company, False)
    assert isinstance(static, pd.DataFrame) and len(static) == len(company.features)
    live = workshop.step("differentiation", company, True)
    assert isinstance(live, Editor) and live.folder == company.path
    assert "application/vnd.jupyter.widget-view+json" in live._repr_mimebundle_()


def test_importing_the_package_loads_no_widgets():
    import subprocess
    import sys

    code = (
        "import sys, workbook.workshop, workbook.workshop.command; "
        "print(any(m.startswith(('ipywidgets', 'pandas')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ----------------------------------------------------------------------------------------------
# workbook workshop SLUG
# ----------------------------------------------------------------------------------------------


def workshop_args(*argv: str):
    import argparse

    from workbook.workshop import command

    parser = argparse.ArgumentParser()
    command.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["workshop", *argv])


def test_the_command_module_imports_only_argparse_at_the_top():
    """``workbook --help`` stays fast: the command module loads nothing heavy when imported
    (``typing`` only for its annotations)."""
    import ast

    from workbook.workshop import command

    tree = ast.parse(Path(command.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
    assert imported == {"__future__", "argparse", "typing"}


def test_workshop_opens_jupyterlab_on_loopback_for_the_company(data):
    from workbook.workshop import command

    args = workshop_args("tandem", "--data-dir", str(data), "--port", "8123", "--no-browser")
    argv, env = command.plan(args)
    assert argv[1:3] == ["-m", "jupyterlab"]
    assert "--ServerApp.ip=127.0.0.1" in argv and "--ServerApp.port=8123" in argv
    assert "--LabApp.default_url=/lab/tree/workshops/tandem/workshop.ipynb" in argv
    assert "--no-browser" in argv
    assert env[command.WORKSHOP_ENV] == "tandem"
    assert env[command.DATA_ENV] == str(data.resolve())


def test_workshop_present_serves_the_notebooks_with_voila(data, monkeypatch):
    from workbook.workshop import command

    argv, env = command.plan(workshop_args("ledgerly", "--present", "--data-dir", str(data)))
    assert argv[1:3] == ["-m", "voila"]
    assert "--Voila.ip=127.0.0.1" in argv
    assert any(a.startswith("--port=") and int(a.split("=")[1]) > 0 for a in argv)
    assert env[command.WORKSHOP_ENV] == "ledgerly"
    # Render report's pages are served by Voilà itself, beside the copies (not file://)
    copies = command.workshop_folder("ledgerly")
    assert env[command.REPORTS_ENV] == str(copies / command.VOILA_PAGES)
    assert (env[command.FILES_URL_ENV], env[command.FILES_ROOT_ENV]) == (
        "/voila/files/",
        str(copies),
    )
    assert f"--VoilaConfiguration.file_allowlist=['{command.VOILA_PAGES}/.*']" in argv
    editor = workshop.editor("ttpmf", "ledgerly", data)
    page = copies / command.VOILA_PAGES / "ledgerly" / "summary.html"
    for key in (command.FILES_URL_ENV, command.FILES_ROOT_ENV):
        monkeypatch.setenv(key, env[key])
    assert editor.link(page) == "/voila/files/pages/ledgerly/summary.html"


def test_jupyterlab_opens_copies_of_the_notebooks_that_a_restart_keeps(tmp_path, monkeypatch):
    """What a workshop saves goes into copies, never into the project's notebooks."""
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter-data"))  # signatures
    import nbformat

    from workbook.workshop import command

    names = ["workshop.ipynb", *(a.notebook for a in registry.ASSESSMENTS)]
    assert command.copy_notebooks("tandem", str(tmp_path)) == names
    copy = tmp_path / names[1]
    project = nbformat.read(registry.ASSESSMENTS[0].notebook_path, as_version=4)
    copied = nbformat.read(copy, as_version=4)
    # the same cells, without the committed outputs of the default company
    assert [c.source for c in copied.cells] == [c.source for c in project.cells]
    assert any(c.get("outputs") for c in project.cells)
    assert not any(c.get("outputs") for c in copied.cells)
    copy.write_text("{}", encoding="utf-8")  # the workshop saved it
    assert command.copy_notebooks("tandem", str(tmp_path)) == []
    assert copy.read_text() == "{}"
    assert command.workshop_folder("tandem").parts[-3:] == ("reports", "workshops", "tandem")
    assert command.workshop_folder("tandem").is_relative_to(Path.cwd())


@pytest.mark.parametrize(
    ("slug", "message"), [("Nope!", "Invalid company slug"), ("ghost", "No company 'ghost'")]
)
def test_workshop_refuses_a_company_it_cannot_open(data, capsys, slug, message):
    from workbook.workshop import command

    assert command.run(workshop_args(slug, "--data-dir", str(data))) == 1
    assert message in capsys.readouterr().err


# ----------------------------------------------------------------------------------------------
# In a real browser: JupyterLab and Voilà on loopback, Debian's Chromium driven by Playwright
# (screenshots are kept in reports/.test-artifacts/, or $WORKBOOK_ARTIFACTS)
# ----------------------------------------------------------------------------------------------

NOTEBOOK = registry.get("differentiation").notebook_path
ARTIFACTS = Path(
    os.environ.get("WORKBOOK_ARTIFACTS", PROJECT_DATA.parent / "reports" / ".test-artifacts")
)
SERVER_START_SECONDS = 120


def chromium_path() -> str:
    """Debian's Chromium (or ``$WORKBOOK_CHROMIUM``); skip without it, except under CI."""
    configured = os.environ.get("WORKBOOK_CHROMIUM")
    found = configured or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        reason = "Debian's chromium is not installed (run `make browser` as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the browser tests")
        pytest.skip(reason)
    return found


def notebook_has_workshop_step() -> bool:
    return "workshop" in NOTEBOOK.read_text(encoding="utf-8").lower()


@pytest.fixture
def browser_page(tmp_path):
    """A headless Chromium page (closed whatever happens)."""
    executable = chromium_path()
    if not notebook_has_workshop_step():
        pytest.skip(f"{NOTEBOOK.name} has no Workshop step yet")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        browser = playwright.chromium.launch(executable_path=executable, args=args)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(90_000)
            yield page
        finally:
            browser.close()


def start_server(argv: list[str], env: dict[str, str], port: int, log: Path):
    """Start a server in its own process group and wait until it listens on ``port``."""
    import socket
    import subprocess
    import time

    process = subprocess.Popen(
        argv, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {log.read_text()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            return process
        except OSError:
            time.sleep(0.5)
    stop_server(process)
    raise AssertionError(f"the server did not listen within {SERVER_START_SECONDS} s")


def stop_server(process) -> None:
    """Stop a server started by :func:`start_server` and its kernels (its process group)."""
    import signal
    import subprocess

    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)


def workshop_env(data: Path, tmp_path: Path) -> dict[str, str]:
    """The environment ``workbook workshop`` gives its kernels, with Jupyter's own folders
    kept in the test's temporary folder."""
    from workbook.workshop import command

    settings = tmp_path / "lab-settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True, exist_ok=True)  # every cell rendered, not only those in view
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    news = tmp_path / "lab-settings" / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True, exist_ok=True)  # no "official Jupyter news?" toast on the shot
    (news / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    env = dict(os.environ)
    env.update(
        {
            command.WORKSHOP_ENV: "ledgerly",
            command.DATA_ENV: str(data),
            "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config"),
            "JUPYTER_RUNTIME_DIR": str(tmp_path / "jupyter-runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "lab-settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "lab-workspaces"),
        }
    )
    return env


def copy_notebooks(tmp_path: Path) -> Path:
    """The notebooks, copied: the browser may save them, the committed ones stay untouched."""
    folder = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOK.parent, folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return folder


def change_a_feature_and_save(page, data: Path, screenshot: Path) -> None:
    """In the displayed editor: kept → reinvented, the share changes, Save writes the file."""
    features = data / "companies" / "ledgerly" / "features.csv"
    before = features.read_bytes()
    page.wait_for_selector(".wb-editor-differentiation [data-figure=reinvention_share]")
    page.locator(".wb-editor-differentiation").first.scroll_into_view_if_needed()
    share = page.locator(".wb-editor-differentiation [data-figure=reinvention_share]")
    shown = share.text_content()
    assert shown.endswith("%")
    selects = page.locator(".wb-editor-differentiation .wb-table-features .wb-col-change select")
    index = next(i for i in range(selects.count()) if selects.nth(i).input_value() == "kept")
    selects.nth(index).select_option("reinvented")
    page.wait_for_function(
        "text => document.querySelector('.wb-editor-differentiation "
        "[data-figure=reinvention_share]').textContent !== text",
        arg=shown,
    )
    assert share.text_content() != shown
    page.locator(".wb-editor-differentiation .wb-save").click()
    page.wait_for_function(
        "() => (document.querySelector('.wb-editor-differentiation .wb-save-status') || "
        "{textContent: ''}).textContent.includes('Saved')"
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator(".wb-editor-differentiation .wb-live").first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot), full_page=False)
    assert features.read_bytes() != before
    saved = io.load_company("ledgerly", data).features
    assert (saved["change"] == "reinvented").sum() == 1 + (
        io.load_company("ledgerly", PROJECT_DATA).features["change"] == "reinvented"
    ).sum()
    assert [b.read_bytes() for b in history.history(features.parent, "features.csv")] == [before]


@pytest.mark.slow
def test_in_jupyterlab_the_editor_changes_the_share_and_saves(browser_page, data, tmp_path):
    import secrets
    import sys

    from workbook.workshop import command

    notebooks = copy_notebooks(tmp_path)
    port, token = command.free_port(), secrets.token_hex(16)
    argv = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={tmp_path}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        "--ServerApp.open_browser=False",
        "--ServerApp.allow_root=True",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.extension_manager=readonly",
    ]
    base = f"http://127.0.0.1:{port}"
    server = start_server(argv, workshop_env(data, tmp_path), port, tmp_path / "jupyterlab.log")
    try:
        page = browser_page
        path = (notebooks / NOTEBOOK.name).relative_to(tmp_path).as_posix()
        page.goto(f"{base}/lab/tree/{path}?token={token}")
        page.wait_for_function(
            "() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
            " return w && w.sessionContext && w.sessionContext.session"
            " && w.sessionContext.session.kernel; }"
        )
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        change_a_feature_and_save(page, data, ARTIFACTS / "workshop-jupyterlab.png")
    finally:
        stop_server(server)
    assert server.poll() is not None


@pytest.mark.slow
def test_in_voila_the_editor_changes_the_share_and_saves(browser_page, data, tmp_path):
    import sys

    from workbook.workshop import command

    try:
        import voila  # noqa: F401
    except ImportError:
        reason = "Voilà is not installed in this environment"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the browser tests")
        pytest.skip(reason)
    notebooks = copy_notebooks(tmp_path)
    port = command.free_port()
    argv = [
        sys.executable,
        "-m",
        "voila",
        str(notebooks / NOTEBOOK.name),
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        "--no-browser",
    ]
    base = f"http://127.0.0.1:{port}"
    server = start_server(argv, workshop_env(data, tmp_path), port, tmp_path / "voila.log")
    try:
        page = browser_page
        page.goto(f"{base}/")
        change_a_feature_and_save(page, data, ARTIFACTS / "workshop-voila.png")
    finally:
        stop_server(server)
    assert server.poll() is not None


SETTINGS_CHANGES = {
    "started": lambda c: c.started.replace(year=c.started.year - 1),
    "runway_months": lambda c: 2.0 if c.runway_months != 2.0 else 30.0,
    "network_effects": lambda c: not c.network_effects,
    "reference_product": lambda c: (c.reference_product or "") + " (edited)",
    "stage": lambda c: next(s for s in io.STAGES if s != c.stage),
    "name": lambda c: c.name + " (edited)",
}


@pytest.mark.parametrize("assessment", registry.ASSESSMENTS, ids=registry.ids())
@pytest.mark.parametrize("slug", io.list_companies())
def test_an_assessment_depends_on_no_setting_beyond_the_ones_it_declares(assessment, slug):
    """Editors reuse a result they build on while its declared ``settings`` are unchanged: a
    change of any other setting of company.yaml must leave that result exactly as it was, and a
    change of a declared one must be seen by the key."""
    from dataclasses import replace

    company = io.load_company(slug)
    required = registry.assess_company(company, only=assessment.requires)
    before = results.to_dict(assessment.assess(company, **required))
    for name, change in SETTINGS_CHANGES.items():
        edited = replace(company, config=replace(company.config, **{name: change(company.config)}))
        if assessment.settings is not None and name not in assessment.settings:
            assert assessment.settings_key(edited) == assessment.settings_key(company)
            required = registry.assess_company(edited, only=assessment.requires)
            assert results.to_dict(assessment.assess(edited, **required)) == before, name
        else:
            assert assessment.settings_key(edited) != assessment.settings_key(company), name


@pytest.mark.parametrize("slug", io.list_companies())
def test_the_live_timeline_is_the_library_chart_sent_for_the_browser_to_draw(slug, data):
    """The TTPMF editor's chart is the library's own timeline chart (the spec the pages draw
    as SVG), sent under the Vega-Lite type JupyterLab and Voilà draw live."""
    from workbook.charts import base
    from workbook.charts.ttpmf import timeline_chart

    editor = workshop.editor("ttpmf", slug, data)
    timeline = registry.assess_company(io.load_company(slug, data))["ttpmf"].timeline
    base.setup()
    assert editor.view.chart_spec == timeline_chart(timeline).to_dict()
    (output,) = editor.view.chart.outputs
    assert set(output["data"]) == {base.LIVE_VEGALITE_MIME, "text/plain"}


def test_both_servers_require_a_fresh_token_kept_off_the_command_line(data):
    from workbook.workshop import command

    tokens = set()
    for mode in ((), ("--present",)):
        argv, env = command.plan(workshop_args("tandem", "--data-dir", str(data), *mode))
        token = env[command.TOKEN_ENV]
        assert len(token) >= 32 and not any(token in a for a in argv)
        tokens.add(token)
        assert f"--MappingKernelManager.cull_idle_timeout={command.CULL_IDLE_SECONDS}" in argv
    assert len(tokens) == 2
    voila, _ = command.plan(workshop_args("tandem", "--present", "--data-dir", str(data)))
    assert "--Voila.auto_token=True" in voila  # Voilà serves with no token unless told


def test_copies_workspace_and_pages_go_under_the_working_folder_or_out(data, tmp_path):
    from workbook.workshop import command

    out = tmp_path / "elsewhere"
    lab, env = command.plan(workshop_args("tandem", "--data-dir", str(data), "--out", str(out)))
    assert f"--ServerApp.root_dir={out}" in lab and env[command.REPORTS_ENV] == str(out)
    # each company has its own JupyterLab workspace: another company's tabs never reopen
    assert f"--LabApp.workspaces_dir={out / 'workshops' / 'tandem' / '.workspaces'}" in lab
    voila, _ = command.plan(workshop_args("stallhop", "--present", "--data-dir", str(data)))
    assert str(Path.cwd() / "reports" / "workshops" / "stallhop") in voila  # its copies only
    editor = workshop.editor("ttpmf", "tandem", data)
    assert editor.reports_dir == Path.cwd().resolve() / "reports"


def test_share_serves_on_the_network_and_prints_the_address_with_the_token(data):
    from workbook.workshop import command

    argv, env = command.plan(
        workshop_args("tandem", "--present", "--share", "--data-dir", str(data))
    )
    assert "--Voila.ip=0.0.0.0" in argv
    link = command.address(8123, env[command.TOKEN_ENV], share=True)
    assert link.startswith("http://") and link.endswith(f":8123/?token={env[command.TOKEN_ENV]}")
    assert command.address(9, "t", share=False) == "http://127.0.0.1:9/?token=t"


def test_the_live_panel_draws_the_pages_own_status_and_check_marks(data):
    from workbook import present

    editor = workshop.editor("belonging", "tandem", data)
    result = editor.result
    tone = editor.assessment.statuses.get(result.status, "none")
    assert present.status_html(result.status, tone) in editor.view.headline.value
    outcomes = {check.outcome for check in result.checks}
    assert all(present.outcome_mark(o) in editor.view.checks.value for o in outcomes)
    assert not any(mark in editor.view.checks.value for mark in ("✓", "✗"))


def test_charts_in_jupyterlab_and_voila_also_carry_the_spec_they_draw_live():
    """Altair 6 emits Vega-Lite v6, which the pinned JupyterLab and Voilà do not draw (a PNG
    with no tooltips is shown instead); the same spec under the v5 type is drawn live."""
    import altair as alt

    from workbook import charts
    from workbook.charts import base

    charts.setup()
    chart = alt.Chart(alt.Data(values=[{"a": 1, "b": 2}])).mark_point(tooltip=True)
    bundle, _ = base._render(chart.encode(x="a:Q", y="b:Q").to_dict())
    own = f"application/vnd.vegalite.v{alt.SCHEMA_VERSION[1]}+json"
    assert bundle[base.LIVE_VEGALITE_MIME] == bundle[own]
    assert "image/png" in bundle  # exported HTML and other front ends
