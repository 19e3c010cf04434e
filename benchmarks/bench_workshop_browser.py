"""Benchmark: the workshop page's live updates, timed in the browser on the real page.

Run from the project folder: ``.venv/bin/python benchmarks/bench_workshop_browser.py [SLUG]
[--no-lab] [--no-voila]`` (default ``tandem``). It copies the sample data to a temporary
folder, runs ``workbook workshop SLUG`` as a facilitator does (JupyterLab, the page prepared
for the company), opens the page in headless Chromium (``/usr/bin/chromium`` or
``$WORKBOOK_CHROMIUM``, network blocked) and, again and again, changes the TTPMF runway
(alternating two values, so each is a real change). In the
page it times, from the change to:

- **figure**: the marketing buffer's new value on screen (validation, assessment, panel, and
  the widget messages both ways);
- **chart**: the redrawn timeline chart on screen (a new Vega-Lite view, drawn).

The baseline, measured in the same run between the changes, is a kernel round trip of an empty
cell from the same page: the least any live update costs on this machine at that moment, so the
ratio says how much of an update is the workbook's own work. Targets: figure ≤ 150 ms, chart ≤
300 ms. Then ``workbook workshop SLUG --present`` (Voilà): the time from opening the address to
the live editors on screen, after Voilà says its preheated kernel is ready (target ≤ 5 s on an
idle machine).
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPEATS = 9
FIGURE_BUDGET_MS = 150.0
CHART_BUDGET_MS = 300.0
VOILA_BUDGET_S = 5.0
DATA = Path(__file__).resolve().parents[1] / "data"
WORKBOOK = Path(sys.executable).with_name("workbook")

#: One change of the runway, timed in the page (milliseconds to the new figure and chart).
CHANGE_JS = """
async (value) => {
  const editor = document.querySelector('.wb-editor-ttpmf');
  const input = editor.querySelector('.wb-field-runway_months input');
  const figure = () => editor.querySelector('[data-figure=buffer_months]');
  const chartBox = editor.querySelector('.wb-chart');
  const before = figure().textContent;
  const oldChart = chartBox.querySelector('.vega-embed');
  return await new Promise((resolve) => {
    let figureAt = null, chartAt = null;
    const started = performance.now();
    const check = () => {
      const now = performance.now() - started;
      if (figureAt === null && figure() && figure().textContent !== before) figureAt = now;
      const chart = chartBox.querySelector('.vega-embed');
      if (chartAt === null && chart && chart !== oldChart && chart.querySelector('canvas, svg'))
        chartAt = now;
      if (figureAt !== null && chartAt !== null) {
        observer.disconnect();
        resolve([figureAt, chartAt]);
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(editor, {subtree: true, childList: true, characterData: true});
    input.value = value;
    input.dispatchEvent(new Event('change', {bubbles: true}));
    setTimeout(() => { observer.disconnect(); resolve([figureAt, chartAt]); }, 60000);
  });
}
"""
#: A kernel round trip of an empty cell from the page (the baseline), in milliseconds.
ROUND_TRIP_JS = """
async () => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const started = performance.now();
  await kernel.requestExecute({code: '', silent: true}).done;
  return performance.now() - started;
}
"""


def chromium() -> str:
    found = os.environ.get("WORKBOOK_CHROMIUM") or shutil.which("chromium")
    if not found:
        raise SystemExit("Chromium is needed (/usr/bin/chromium or $WORKBOOK_CHROMIUM).")
    return found


def environment(root: Path) -> dict[str, str]:
    """Jupyter's folders kept in the temporary folder; JupyterLab exposes its app to the page
    (for the round-trip baseline) and renders every cell, not only those in view."""
    config = root / "jupyter-config"
    config.mkdir(parents=True)
    (config / "jupyter_server_config.json").write_text(
        '{"LabApp": {"expose_app_in_browser": true}}', encoding="utf-8"
    )
    settings = root / "lab-settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    env = dict(os.environ)
    env.update(
        {
            "JUPYTER_CONFIG_DIR": str(config),
            "JUPYTER_RUNTIME_DIR": str(root / "jupyter-runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(root / "lab-settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(root / "lab-workspaces"),
        }
    )
    env.pop("WORKBOOK_WORKSHOP", None)
    return env


def start(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(WORKBOOK), "workshop", *argv],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for_line(process: subprocess.Popen[bytes], log: Path, words: str, timeout: float) -> str:
    """The first line of the log containing ``words`` (waiting for it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"workbook workshop stopped:\n{log.read_text()[-3000:]}")
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            if words in line:
                return line
        time.sleep(0.5)
    raise SystemExit(f"{words!r} not seen within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def wait_until_idle(link: str, log: Path, timeout: float, quiet: int = 5) -> None:
    """Wait until Voilà's preheated kernels (``Kernel started: ID`` in its log) have run the
    page: all idle at ``quiet`` checks in a row, one a second (Voilà answers
    ``/api/kernels/ID`` for its kernels)."""
    import json
    import re
    import urllib.request

    base, token = link.split("/?token=")
    deadline, calm = time.monotonic() + timeout, 0
    while time.monotonic() < deadline and calm < quiet:
        time.sleep(1)
        states = []
        for kernel_id in re.findall(r"Kernel started: ([0-9a-f-]+)", log.read_text()):
            request = urllib.request.Request(
                f"{base}/api/kernels/{kernel_id}", headers={"Authorization": f"token {token}"}
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    states.append(json.load(response).get("execution_state"))
            except OSError:
                states.append("unknown")
        calm = calm + 1 if states and all(state == "idle" for state in states) else 0


def offline(page: Any) -> None:
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else route.abort()
        ),
    )


def lab_updates(browser: Any, slug: str, data: Path, root: Path, env: dict[str, str]) -> None:
    from workbook.workshop.command import free_port

    log = root / "jupyterlab.log"
    argv = [slug, "--data-dir", str(data), "--out", str(root / "out"), "--no-browser"]
    process = start([*argv, "--port", str(free_port())], env, log)
    try:
        started = time.monotonic()
        link = wait_for_line(process, log, "Open: ", 1200).split()[1]
        prepared = time.monotonic() - started
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        offline(page)
        page.set_default_timeout(300_000)
        opened = time.monotonic()
        page.goto(link)
        page.wait_for_selector(".wb-editor-ttpmf .wb-chart .vega-embed canvas, .vega-embed svg")
        page.wait_for_selector(".wb-editor-decisions")
        shown = time.monotonic() - opened
        figures, charts, trips = [], [], []
        values = ["3", "40"]
        page.evaluate(CHANGE_JS, values[1])  # warm: first imports and caches
        for repeat in range(REPEATS):
            trips.append(page.evaluate(ROUND_TRIP_JS))
            figure, chart = page.evaluate(CHANGE_JS, values[repeat % 2])
            if figure is None or chart is None:
                raise SystemExit("a change did not show within 60 s")
            figures.append(figure)
            charts.append(chart)
        page.close()
    finally:
        stop(process)
    trip = statistics.median(trips)
    print(f"JupyterLab, {slug}: page prepared in {prepared:.0f} s, live on screen {shown:.1f} s")
    print(f"  one runway change, {REPEATS} times (ms)   best  median   worst  median/baseline")
    for name, times, budget in (
        ("figure", figures, FIGURE_BUDGET_MS),
        ("chart", charts, CHART_BUDGET_MS),
    ):
        median = statistics.median(times)
        verdict = "within" if median <= budget else "OVER"
        print(
            f"  {name:<34} {min(times):6.0f} {median:7.0f} {max(times):7.0f}  {median / trip:6.1f}x"
            f"   ({verdict} the {budget:.0f} ms target)"
        )
    print(
        f"  {'baseline: empty kernel round trip':<34} {min(trips):6.0f} {trip:7.0f} "
        f"{max(trips):7.0f}"
    )


def voila_first_page(browser: Any, slug: str, data: Path, root: Path, env: dict[str, str]) -> None:
    from workbook.workshop.command import free_port

    log = root / "voila.log"
    argv = [slug, "--present", "--data-dir", str(data), "--out", str(root / "out-voila")]
    process = start([*argv, "--no-browser", "--port", str(free_port())], env, log)
    try:
        link = wait_for_line(process, log, "Open: ", 600).split()[1]
        started = time.monotonic()
        wait_for_line(process, log, "is filled with", 1200)
        wait_until_idle(link, log, 1200)
        heated = time.monotonic() - started
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        offline(page)
        page.set_default_timeout(300_000)
        opened = time.monotonic()
        page.goto(link.replace("/?token=", "/voila/render/workshop.ipynb?token="))
        page.wait_for_selector(".wb-editor-decisions .wb-save-decisions")
        first = time.monotonic() - opened
        page.close()
    finally:
        stop(process)
    verdict = "within" if first <= VOILA_BUDGET_S else "OVER"
    print(
        f"Voilà, {slug}: kernel preheated {heated:.0f} s after start; first page live in "
        f"{first:.1f} s ({verdict} the {VOILA_BUDGET_S:.0f} s target)"
    )


def main() -> None:
    from playwright.sync_api import sync_playwright

    slugs = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    slug = slugs[0] if slugs else "tandem"
    load = os.getloadavg()[0]
    print(f"Load average when starting: {load:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        data = root / "data"
        shutil.copytree(DATA / "instruments", data / "instruments")
        shutil.copytree(DATA / "companies", data / "companies")
        env = environment(root)
        with sync_playwright() as playwright:
            args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
            browser = playwright.chromium.launch(executable_path=chromium(), args=args)
            try:
                if "--no-lab" not in sys.argv:
                    lab_updates(browser, slug, data, root, env)
                if "--no-voila" not in sys.argv:
                    voila_first_page(browser, slug, data, root, env)
            finally:
                browser.close()


if __name__ == "__main__":
    main()
