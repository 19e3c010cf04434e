"""Preparing the workshop page in a kernel that keeps running (as the JupyterLab server's does),
so the page opens with its outputs and live widgets."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from workbook.workshop import serve


@pytest.fixture
def kernel(tmp_path: Path, monkeypatch):
    """A running Python kernel, started the way a Jupyter server starts one (its own
    manager); shut down after the test."""
    from jupyter_client.manager import KernelManager

    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter-data"))  # the notary's own
    manager = KernelManager(kernel_name="python3", connection_file=str(tmp_path / "kernel.json"))
    manager.start_kernel()
    try:
        yield manager
    finally:
        manager.shutdown_kernel(now=True)


def notebook(tmp_path: Path, *sources: str) -> Path:
    path = tmp_path / "page.ipynb"
    cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


def test_a_page_run_in_a_running_kernel_keeps_outputs_widget_state_and_trust(kernel, tmp_path):
    """The outputs and the widgets' state are written into the page, it is signed as trusted,
    and the kernel (which the browser then attaches to) keeps running with the widgets."""
    from nbformat.sign import NotebookNotary

    path = notebook(
        tmp_path, "import ipywidgets as w\nslider = w.IntSlider(value=7)\nslider", "print('ok')"
    )
    serve.execute_in_kernel(path, Path(kernel.connection_file))
    page = nbformat.read(path, as_version=4)
    view = page.cells[0].outputs[0]["data"]["application/vnd.jupyter.widget-view+json"]
    state = page.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]
    assert state[view["model_id"]]["state"]["value"] == 7
    assert page.cells[1].outputs[0]["text"] == "ok\n"
    assert NotebookNotary().check_signature(page)
    assert kernel.is_alive()
    # the same kernel still holds the widget: a second run sees the slider
    again = notebook(tmp_path, "print(slider.model_id)")
    serve.execute_in_kernel(again, Path(kernel.connection_file))
    assert (
        nbformat.read(again, as_version=4).cells[0].outputs[0]["text"].strip() == (view["model_id"])
    )


def test_a_failing_cell_stops_the_preparation_with_its_number(kernel, tmp_path):
    path = notebook(tmp_path, "x = 1", "raise ValueError('no company')")
    with pytest.raises(serve.PrepareError, match="cell 2 of the workshop page failed"):
        serve.execute_in_kernel(path, Path(kernel.connection_file))


def test_clearing_a_copy_removes_outputs_and_widget_state(kernel, tmp_path):
    path = notebook(tmp_path, "import ipywidgets as w\nw.IntSlider()")
    serve.execute_in_kernel(path, Path(kernel.connection_file))
    serve.clear_outputs(path)
    page = nbformat.read(path, as_version=4)
    assert page.cells[0].outputs == [] and page.cells[0].execution_count is None
    assert "widgets" not in page.metadata
    from nbformat.sign import NotebookNotary

    assert NotebookNotary().check_signature(page)
