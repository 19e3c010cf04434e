"""Make the workshop page ready before anyone opens it: run for the company, editors live.

JupyterLab 4 has no setting that runs a notebook when it opens (a front-end extension would be
needed, and building one needs Node), and a notebook saved with its widget state shows the
widgets as they were, not live. So ``workbook workshop`` prepares the page in the JupyterLab
server it started, as a browser would: it starts a session (a kernel) for the workshop page's
path through the server's REST API, executes the page in that kernel with nbclient (the kernel
has the workshop's environment: the company and its data folder), and writes the outputs and
the widget state into the copy, signed as trusted. When the page is then opened, JupyterLab
attaches to the running session of that path and its widget manager restores every widget from
the kernel: the company's name, its results and the live editors are on screen, with no Run All.
If that kernel is gone (restarted, shut down), the saved widget state still draws the editors
as they were (never "model not found") until the page is run again.

The assessment notebooks' copies are kept without outputs (they are the reports: a copy never
shows another company's results). Until a page connects, the prepared kernel is kept from being
culled as idle (:func:`keep_warm`).
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
from pathlib import Path
from subprocess import Popen, TimeoutExpired
from typing import Any

from workbook.errors import WorkbookError

#: Seconds one cell of the workshop page may run while it is prepared.
CELL_TIMEOUT_SECONDS = 600
#: Seconds between the keep-warm pings of a prepared kernel that no page has opened yet.
KEEP_WARM_SECONDS = 120


class PrepareError(WorkbookError):
    """The workshop page could not be prepared (the server or its kernel did not answer)."""


def api(base: str, token: str, method: str, path: str, body: Any = None) -> Any:
    """One call to the Jupyter server's REST API, authorised with the token; the JSON answer."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(
        f"{base}{path}",
        data=data,
        method=method,
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        text = response.read().decode("utf-8")
    return json.loads(text) if text else None


def wait_until_up(base: str, token: str, server: Popen[bytes], timeout: float) -> None:
    """Wait until the server answers ``/api/status`` (raises :class:`PrepareError` when it
    stopped or did not answer within ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise PrepareError(f"the server stopped (exit status {server.returncode})")
        try:
            api(base, token, "GET", "/api/status")
            return
        except (OSError, urllib.error.URLError, ValueError):
            time.sleep(0.5)
    raise PrepareError(f"the server did not answer within {timeout:.0f} s")


def start_session(base: str, token: str, path: str, kernel_name: str = "python3") -> str:
    """Start (or find) the server's session for the notebook at ``path`` (relative to the
    server's root), as opening it in a browser does; its kernel's id."""
    name = path.rsplit("/", 1)[-1]
    body = {"path": path, "name": name, "type": "notebook", "kernel": {"name": kernel_name}}
    session = api(base, token, "POST", "/api/sessions", body)
    return str(session["kernel"]["id"])


def connection_file(kernel_id: str) -> Path:
    """Where the server keeps its kernel's connection file (its runtime folder, which this
    process shares through the same environment)."""
    from jupyter_core.paths import jupyter_runtime_dir

    return Path(jupyter_runtime_dir()) / f"kernel-{kernel_id}.json"


def clear_outputs(path: Path) -> None:
    """Remove every output (and saved widget state) from a notebook copy, so that it never
    shows results of another company or widgets of a kernel that is gone; sign it as trusted
    (Voilà and JupyterLab then show its HTML outputs as they are)."""
    import nbformat
    from nbformat.sign import NotebookNotary

    from workbook.atomic import write_text_atomic

    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    notebook.metadata.pop("widgets", None)
    NotebookNotary().sign(notebook)  # the project's own notebook: its outputs may be shown
    write_text_atomic(path, nbformat.writes(notebook) + "\n")


def execute_in_kernel(notebook_path: Path, connection: Path) -> None:
    """Execute a notebook in the running kernel of ``connection`` and write it back with its
    outputs and widget state, signed as trusted (its HTML and charts are shown as they are)."""
    import nbformat
    from nbformat.sign import NotebookNotary

    from workbook.atomic import write_text_atomic

    notebook = nbformat.read(notebook_path, as_version=4)
    asyncio.run(_execute(notebook, connection))
    NotebookNotary().sign(notebook)
    write_text_atomic(notebook_path, nbformat.writes(notebook) + "\n")


async def _execute(notebook: Any, connection: Path) -> None:
    from jupyter_client.asynchronous import AsyncKernelClient
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    # a client of the server's kernel (no manager of its own: the server owns the kernel)
    runner = NotebookClient(notebook, timeout=CELL_TIMEOUT_SECONDS)
    runner.reset_execution_trackers()
    kernel = AsyncKernelClient(connection_file=str(connection))
    kernel.load_connection_file()
    # no heartbeat: a client without one waits for the kernel's reply (a busy machine may
    # take seconds) instead of declaring a kernel dead that has not beaten yet
    kernel.start_channels(hb=False)
    try:
        await kernel.wait_for_ready(timeout=CELL_TIMEOUT_SECONDS)
        runner.kc = kernel
        for index, cell in enumerate(notebook.cells):
            try:
                await runner.async_execute_cell(cell, index)
            except CellExecutionError as exc:
                raise PrepareError(f"cell {index + 1} of the workshop page failed: {exc}") from exc
        runner.set_widgets_metadata()
    finally:
        kernel.stop_channels()


def prepare_lab_page(
    base: str, token: str, server: Popen[bytes], root: Path, notebook: Path, timeout: float
) -> str:
    """Prepare the workshop page ``notebook`` (under the server's ``root``) in the server at
    ``base``: wait for the server, start the page's session and execute the page in its kernel.
    The kernel's id."""
    wait_until_up(base, token, server, timeout)
    kernel_id = start_session(base, token, notebook.relative_to(root).as_posix())
    connection = connection_file(kernel_id)
    deadline = time.monotonic() + timeout
    while not connection.is_file():
        if time.monotonic() > deadline:
            raise PrepareError(f"the kernel's connection file {connection} did not appear")
        time.sleep(0.2)
    execute_in_kernel(notebook, connection)
    return kernel_id


def page_connected(base: str, token: str, kernel_id: str) -> bool | None:
    """Whether a page is connected to the kernel (None: the kernel is gone)."""
    try:
        kernel = api(base, token, "GET", f"/api/kernels/{kernel_id}")
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        raise
    return int(kernel.get("connections", 0)) > 0


def keep_warm(base: str, token: str, kernel_id: str, server: Popen[bytes]) -> None:
    """Until a page connects to the prepared kernel (or the server stops), ask the kernel for
    its info now and then: its activity keeps the server from culling it as idle before the
    session starts. Afterwards the usual culling of closed pages applies."""
    from jupyter_client.blocking import BlockingKernelClient

    kernel = BlockingKernelClient(connection_file=str(connection_file(kernel_id)))
    kernel.load_connection_file()
    kernel.start_channels(hb=False)
    try:
        while server.poll() is None:
            try:
                connected = page_connected(base, token, kernel_id)
            except (OSError, urllib.error.URLError, ValueError):
                return  # the server is going away
            if connected is not False:
                return
            kernel.kernel_info()
            try:
                server.wait(timeout=KEEP_WARM_SECONDS)
            except TimeoutExpired:
                continue
    finally:
        kernel.stop_channels()
