"""The assessment notebooks run for every company through papermill, from any folder.

The strict output comparison of the committed notebooks is nbval's job (``make nbtest``); these
tests cover what nbval cannot: other companies, other data folders, other working directories.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest

from workbook import io

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
DEFAULT_COMPANY = "ledgerly"


def notebook_ids() -> list[str]:
    return [path.stem for path in NOTEBOOKS]


def code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def error_outputs(notebook: nbformat.NotebookNode) -> list[str]:
    return [
        f"{output.get('ename')}: {output.get('evalue')}"
        for cell in code_cells(notebook)
        for output in cell.get("outputs", [])
        if output.output_type == "error"
        or (output.output_type == "stream" and output.name == "stderr")
    ]


def all_text(notebook: nbformat.NotebookNode) -> str:
    return json.dumps([cell.get("outputs", []) for cell in code_cells(notebook)])


def test_the_three_assessment_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == [
        "01_belonging.ipynb",
        "02_differentiation.ipynb",
        "03_ttpmf.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_ids())
def test_parameters_cell_defaults_to_the_sample_company(path):
    notebook = nbformat.read(path, as_version=4)
    first = code_cells(notebook)[0]
    assert "parameters" in first.metadata.get("tags", [])
    namespace: dict[str, object] = {}
    exec(first.source, namespace)  # the parameters cell is plain assignments
    assert namespace["company"] == DEFAULT_COMPANY
    assert namespace["data_dir"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_ids())
def test_committed_outputs_are_clean_and_portable(path):
    notebook = nbformat.read(path, as_version=4)
    assert all(cell.get("execution_count") for cell in code_cells(notebook)), "not executed"
    assert error_outputs(notebook) == []
    text = all_text(notebook)
    assert str(ROOT) not in text, "an absolute path of this checkout leaked into the outputs"
    assert path.stat().st_size < 2_000_000, "charts must aggregate, not embed raw rows"


@pytest.mark.parametrize("slug", io.list_companies(), ids=str)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_ids())
def test_notebook_runs_for_every_sample_company(path, slug, tmp_path):
    output = tmp_path / f"{slug}.ipynb"
    papermill.execute_notebook(
        str(path),
        str(output),
        parameters={"company": slug},
        kernel_name="python3",
        cwd=str(tmp_path),  # not the notebooks folder: the data is found all the same
        progress_bar=False,
    )
    notebook = nbformat.read(output, as_version=4)
    assert error_outputs(notebook) == []
    assert io.load_company(slug).name in all_text(notebook)


def test_papermill_cli_with_an_outside_data_dir(tmp_path):
    """A team keeps its data elsewhere: copy a sample under a new slug and render it by CLI."""
    data_dir = tmp_path / "team-data"
    shutil.copytree(ROOT / "data" / "instruments", data_dir / "instruments")
    shutil.copytree(ROOT / "data" / "companies" / "tandem", data_dir / "companies" / "our-co")
    output = tmp_path / "out.ipynb"
    papermill_cli = Path(sys.executable).with_name("papermill")
    subprocess.run(
        [
            str(papermill_cli),
            str(NOTEBOOKS[-1]),
            str(output),
            "-p",
            "company",
            "our-co",
            "-p",
            "data_dir",
            str(data_dir),
            "-k",
            "python3",
            "--no-progress-bar",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    notebook = nbformat.read(output, as_version=4)
    assert error_outputs(notebook) == []
    assert "Tandem" in all_text(notebook)


@pytest.fixture(scope="module")
def broken_data_dir(tmp_path_factory) -> Path:
    """A company whose every optional file has an error, plus one with only company.yaml."""
    data_dir = tmp_path_factory.mktemp("broken-data")
    shutil.copytree(ROOT / "data" / "instruments", data_dir / "instruments")
    broken = data_dir / "companies" / "broken-co"
    shutil.copytree(ROOT / "data" / "companies" / "stallhop", broken)
    for path in sorted(broken.glob("*.csv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        header, cells = lines[0].split(","), lines[1].split(",")
        typed_column = 2 if header[1] == "feature" else 1  # a date, enum or number column
        cells[typed_column] = "not-a-valid-value"
        path.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", "utf-8")
    bare = data_dir / "companies" / "bare-co"
    bare.mkdir()
    shutil.copy(broken / "company.yaml", bare / "company.yaml")
    return data_dir


@pytest.mark.parametrize("slug", ["broken-co", "bare-co"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_ids())
def test_notebook_explains_broken_or_missing_files_instead_of_failing(
    path, slug, broken_data_dir, tmp_path
):
    company = io.load_company(slug, broken_data_dir)
    expected_status = "invalid" if slug == "broken-co" else "missing"
    assert set(company.sources.values()) == {expected_status}
    output = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(path),
        str(output),
        parameters={"company": slug, "data_dir": str(broken_data_dir)},
        kernel_name="python3",
        cwd=str(tmp_path),
        progress_bar=False,
    )
    notebook = nbformat.read(output, as_version=4)
    assert error_outputs(notebook) == []
    advice = "workbook validate" if slug == "broken-co" else "docs/data-contract.md"
    assert advice in all_text(notebook)
