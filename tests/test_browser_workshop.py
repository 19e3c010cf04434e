"""The workshop's servers as a participant, or another user of the machine, meets them.

Heavy (each starts a real server): marked slow, run them one at a time.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from test_workshop import browser_page, data, start_server, stop_server, workshop_args, workshop_env

__all__ = ["browser_page", "data"]  # the fixtures, shared with test_workshop


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def status_of(url: str) -> tuple[int, str]:
    """The HTTP status of ``url`` (redirects not followed) and where a redirect points."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=60) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Location", "")


@pytest.mark.slow
def test_voila_refuses_a_visitor_without_the_token(data, tmp_path: Path):
    pytest.importorskip("voila")
    from workbook.workshop import command

    out = tmp_path / "reports"
    port = command.free_port()
    args = workshop_args(
        "tandem", "--present", "--data-dir", str(data), "--out", str(out), "--port", str(port)
    )
    argv, env = command.plan(args)
    command.copy_notebooks("tandem", str(command.workshop_folder("tandem", out)))
    env.update({k: v for k, v in workshop_env(data, tmp_path).items() if k.startswith("JUPYTER")})
    env[command.WORKSHOP_ENV] = "tandem"
    server = start_server([*argv, "--no-browser"], env, port, tmp_path / "voila.log")
    try:
        base = f"http://127.0.0.1:{port}"
        page = "voila/render/01_belonging.ipynb"
        status, location = status_of(f"{base}/{page}")
        assert status == 403 or (status in (301, 302) and "login" in location), (status, location)
        status, _ = status_of(f"{base}/?token=wrong")
        assert status == 403 or status in (301, 302)
        token = env[command.TOKEN_ENV]
        assert status_of(f"{base}/?token={token}")[0] == 200  # the tree: the three copies
    finally:
        stop_server(server)


@pytest.mark.slow
def test_the_workshop_notebook_runs_for_a_company_with_its_editors_in_agenda_order(data, tmp_path):
    """Executed for a non-default company: its name, then the three editors and the decisions,
    each a live widget, with no error."""
    import json

    import papermill

    from workbook.workshop import command

    output = tmp_path / "workshop.ipynb"
    papermill.execute_notebook(
        str(command.workshop_notebook()),
        str(output),
        parameters={"company": "tandem", "data_dir": str(data)},
        kernel_name="python3",
        progress_bar=False,
    )
    notebook = json.loads(output.read_text(encoding="utf-8"))
    outputs = [o for c in notebook["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = json.dumps(outputs)
    assert "Tandem" in text and "Ledgerly" not in text
    widgets = [
        o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert len(widgets) == 4  # belonging, differentiation, TTPMF, decisions


def type_into(page, selector: str, text: str) -> None:
    """Type into a text field and press Enter (the editors read a field on Enter or leave)."""
    field = page.locator(f"{selector} input").first
    field.scroll_into_view_if_needed()
    field.fill(text)
    field.press("Enter")


def wait_for_status(page, editor: str, words: str) -> None:
    page.wait_for_function(
        "([editor, words]) => [...document.querySelectorAll(editor + ' .wb-save-status')]"
        ".some(e => e.textContent.includes(words))",
        arg=[editor, words],
    )


@pytest.mark.slow
def test_in_voila_the_workshop_page_opens_live_saves_twice_records_a_decision_and_undoes(
    browser_page, data, tmp_path: Path
):
    """`workbook workshop tandem --present` as a facilitator meets it, nothing run by hand."""
    import time

    from test_workshop import ARTIFACTS

    from workbook import io
    from workbook.workshop import command

    pytest.importorskip("voila")
    out = tmp_path / "reports"
    port = command.free_port()
    args = workshop_args(
        "tandem", "--present", "--data-dir", str(data), "--out", str(out), "--port", str(port)
    )
    argv, env = command.plan(args)
    command.copy_notebooks("tandem", str(command.workshop_folder("tandem", out)))
    env.update({k: v for k, v in workshop_env(data, tmp_path).items() if k.startswith("JUPYTER")})
    env[command.WORKSHOP_ENV] = "tandem"
    before = io.load_company("tandem", data).config
    server = start_server([*argv, "--no-browser"], env, port, tmp_path / "voila.log")
    page = browser_page
    page.set_default_timeout(180_000)
    try:
        opened = time.monotonic()
        page.goto(
            f"http://127.0.0.1:{port}/voila/render/workshop.ipynb?token={env['JUPYTER_TOKEN']}"
        )
        page.wait_for_selector(".wb-editor-decisions")
        seconds = time.monotonic() - opened
        assert "Tandem" in page.locator("body").inner_text()
        # two editors that both write company.yaml, one after the other: no conflict
        type_into(page, ".wb-editor-differentiation .wb-field-reference_product", "Gerrit")
        page.locator(".wb-editor-differentiation .wb-save").click()
        wait_for_status(page, ".wb-editor-differentiation", "Saved")
        type_into(page, ".wb-editor-ttpmf .wb-field-runway_months", "5")
        page.locator(".wb-editor-ttpmf .wb-save").click()
        wait_for_status(page, ".wb-editor-ttpmf", "Saved")
        # a decision
        type_into(page, ".wb-editor-decisions .wb-field-action-1", "Publish house rules")
        type_into(page, ".wb-editor-decisions .wb-field-owner-1", "Mia")
        type_into(page, ".wb-editor-decisions .wb-field-date-1", "2026-09-30")
        page.locator(".wb-save-decisions").click()
        wait_for_status(page, ".wb-editor-decisions", "Saved")
        saved = io.load_company("tandem", data)
        assert saved.config.reference_product == "Gerrit" and saved.config.runway_months == 5
        assert [d.owner for d in saved.team_assessment.decisions] == ["Mia"]
        # undo the runway
        page.locator(".wb-editor-ttpmf .wb-undo").click()
        wait_for_status(page, ".wb-editor-ttpmf", "Undid")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "workshop-page-voila.png"), full_page=False)
    finally:
        stop_server(server)
    after = io.load_company("tandem", data).config
    assert after.runway_months == before.runway_months and after.reference_product == "Gerrit"
    print(f"workshop page live in Voilà after {seconds:.1f} s")


#: Seconds within which JupyterLab shows the prepared workshop page live (as the README says:
#: measured under heavy load on the shared 2-core machine; an idle machine is far faster).
LAB_OPEN_SECONDS = 300


def block_the_network(page) -> None:
    """Let the page reach this machine's servers only: every chart and widget must work
    offline."""
    page.context.route(  # the whole context: the tabs a page opens too
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else route.abort()
        ),
    )


def start_workshop(argv: list[str], env: dict[str, str], log: Path, timeout: float = 900):
    """Run ``workbook workshop`` as a facilitator does and wait until it prints the address
    (it prints it once the workshop page is ready); the process and the address."""
    import subprocess
    import sys
    import time

    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("workbook")), "workshop", *argv],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"workbook workshop stopped: {log.read_text()[-3000:]}")
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("Open: "):
                return process, line.split()[1]
        time.sleep(1)
    stop_server(process)
    raise AssertionError(f"no address within {timeout:.0f} s: {log.read_text()[-3000:]}")


@pytest.mark.slow
def test_in_jupyterlab_the_workshop_page_opens_live_for_the_company_with_nothing_run_by_hand(
    browser_page, data, tmp_path: Path
):
    """`workbook workshop tandem` as a facilitator meets it: the page opens with Tandem's own
    results and live editors (no Run All); a change updates a figure and redraws the live
    chart; two editors save one after the other without a conflict; a decision is recorded
    and shows on the rendered summary page (opened from the same server); a save is undone."""
    import time

    from test_workshop import ARTIFACTS

    from workbook import io
    from workbook.workshop import command

    out = tmp_path / "reports"
    env = workshop_env(data, tmp_path)
    before = io.load_company("tandem", data).config
    argv = ["tandem", "--data-dir", str(data), "--out", str(out), "--port", "0", "--no-browser"]
    argv[-2] = str(command.free_port())
    process, link = start_workshop(argv, env, tmp_path / "workshop.log")
    page = browser_page
    page.set_default_timeout(180_000)
    block_the_network(page)
    try:
        opened = time.monotonic()
        page.goto(link)
        page.wait_for_selector(".wb-editor-decisions .wb-save-decisions")
        buffer = page.locator(".wb-editor-ttpmf [data-figure=buffer_months]")
        buffer.wait_for()
        page.wait_for_selector(".wb-editor-ttpmf .wb-chart .vega-embed")
        seconds = time.monotonic() - opened
        text = page.locator("body").inner_text()
        assert "Tandem" in text and "Ledgerly" not in text
        assert "model not found" not in text and "Error displaying widget" not in text
        assert seconds <= LAB_OPEN_SECONDS
        # a change: the figure and the live chart follow
        shown = buffer.text_content()
        page.evaluate(
            "document.querySelector('.wb-editor-ttpmf .wb-chart .vega-embed').dataset.old = '1'"
        )
        type_into(page, ".wb-editor-ttpmf .wb-field-runway_months", "40")
        page.wait_for_function(
            "t => document.querySelector('.wb-editor-ttpmf [data-figure=buffer_months]')"
            ".textContent !== t",
            arg=shown,
        )
        page.wait_for_selector(".wb-editor-ttpmf .wb-chart .vega-embed:not([data-old])")
        # two editors that both write company.yaml, one after the other: no conflict
        type_into(page, ".wb-editor-differentiation .wb-field-reference_product", "Gerrit")
        page.locator(".wb-editor-differentiation .wb-save").click()
        wait_for_status(page, ".wb-editor-differentiation", "Saved")
        page.locator(".wb-editor-ttpmf .wb-save").click()
        wait_for_status(page, ".wb-editor-ttpmf", "Saved")
        saved = io.load_company("tandem", data).config
        assert saved.reference_product == "Gerrit" and saved.runway_months == 40
        # a decision
        type_into(page, ".wb-editor-decisions .wb-field-action-1", "Publish house rules")
        type_into(page, ".wb-editor-decisions .wb-field-owner-1", "Mia")
        type_into(page, ".wb-editor-decisions .wb-field-date-1", "2026-09-30")
        page.locator(".wb-save-decisions").click()
        wait_for_status(page, ".wb-editor-decisions", "Saved")
        # undo the runway
        page.locator(".wb-editor-ttpmf .wb-undo").click()
        wait_for_status(page, ".wb-editor-ttpmf", "Undid")
        assert io.load_company("tandem", data).config.runway_months == before.runway_months
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "workshop-page-jupyterlab.png"), full_page=False)
        # the rendered summary page, from the same server, lists the decision
        page.locator(".wb-editor-ttpmf .wb-render").click()
        summary = page.locator(".wb-editor-ttpmf .wb-links a[href$='/tandem/index.html']")
        summary.wait_for(timeout=900_000)
        href = summary.get_attribute("href")
        assert href is not None and href.startswith("/files/"), href
        with page.expect_popup() as opening:  # as a facilitator clicks it: a new tab
            summary.click()
        report = opening.value
        report.wait_for_load_state()
        assert report.url.startswith(link.split("?")[0].rstrip("/") + "/files/")
        assert "Publish house rules" in report.locator("body").inner_text()
    finally:
        stop_server(process)
    print(f"workshop page live in JupyterLab after {seconds:.1f} s")
