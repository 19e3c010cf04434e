"""The pages in a real browser: Debian's headless Chromium driven by Playwright, network off.

Playwright cannot download its own browser here, so it launches the system Chromium
(``executable_path``) that ``make browser`` installs. Each page of one company — the hostile one,
whose data carries ``<script>`` tags — and the portfolio are opened from disk with the network
blocked: no request may leave the page, every chart must be drawn and visible, and no script
dialog may appear. Screenshots of the portfolio and of the summary are kept in
``reports/.test-artifacts/`` (or ``$WORKBOOK_ARTIFACTS``). Skipped with the reason when Chromium
is missing, except under ``CI=true``, where it must run.
"""

from __future__ import annotations

import io as text_io
import os
import shutil
from pathlib import Path

import pytest
from test_render import EVIL, HOSTILE, IDS, ROOT, make_data

from workbook import registry
from workbook.render import runner

pytestmark = pytest.mark.slow

ARTIFACTS = Path(os.environ.get("WORKBOOK_ARTIFACTS", ROOT / "reports" / ".test-artifacts"))
SUMMARY, PORTFOLIO = registry.SUMMARY, registry.PORTFOLIO
#: The pages opened: the company's summary and assessments (``<slug>/<file>``), the portfolio.
PAGES = (
    f"{EVIL}/{SUMMARY.output}",
    *(f"{EVIL}/{assessment_id}.html" for assessment_id in IDS),
    PORTFOLIO.output,
)
#: Screenshots kept as test artifacts (page → file name).
KEPT = {PORTFOLIO.output: "portfolio.png", f"{EVIL}/{SUMMARY.output}": "summary.png"}


def chromium() -> str | None:
    """Debian's Chromium (or ``$WORKBOOK_CHROMIUM``), if installed."""
    configured = os.environ.get("WORKBOOK_CHROMIUM")
    if configured:
        return configured
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser():
    executable = chromium()
    if executable is None:
        reason = "Debian's chromium is not installed (run `make browser` as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the browser test")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        launched = playwright.chromium.launch(executable_path=executable, args=args)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    """The hostile company's pages and the portfolio, rendered once for this module (the
    reports folder)."""
    root = tmp_path_factory.mktemp("browser")
    data = make_data(root / "data")
    out = root / "reports"
    options = runner.Options(data_dir=data, out_dir=out, jobs=1, progress=False)
    summary = runner.render_reports([EVIL], options, log=text_io.StringIO())
    assert summary.ok, runner.report_text(summary)
    assert summary.portfolio is not None and summary.portfolio.status == "rendered"
    return out


@pytest.mark.parametrize("name", PAGES)
def test_page_is_complete_offline_with_no_request_and_no_dialog(browser, pages, name):
    context = browser.new_context(offline=True, viewport={"width": 1100, "height": 900})
    requests: list[str] = []
    dialogs: list[str] = []
    console: list[str] = []

    def block(route):  # the network is off: every request that is not the file itself fails
        if route.request.url.startswith(("file://", "data:")):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", block)
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    path = pages / name
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(300)  # time for anything deferred (there should be nothing)

    external = [url for url in requests if not url.startswith(("file://", "data:"))]
    assert external == []
    assert [url for url in requests if url.startswith("file://")] == [path.as_uri()]
    assert dialogs == []
    assert console == []  # not even a blocked attempt (the policy would log one)

    charts = page.locator("figure.wb-chart svg")
    assert charts.count() > 0
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        assert chart.is_visible()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 50
        assert chart.locator("path, rect, line").count() > 3  # marks were drawn
    assert HOSTILE in page.inner_text("body")  # shown as text, never run
    if name == PORTFOLIO.output:
        assert page.title().endswith(PORTFOLIO.title)
    else:
        assert page.title().startswith(f"{HOSTILE} & Tandem")
    page.screenshot(path=str(path.with_suffix(".png")), full_page=False)
    if name in KEPT:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / KEPT[name]), full_page=True)

    page.emulate_media(media="print")
    assert not page.locator("header nav").is_visible()
    context.close()
