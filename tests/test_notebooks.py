"""The assessment notebooks run for every company through papermill, from any folder.

The strict output comparison of the committed notebooks is nbval's job (``make nbtest``); these
tests cover what nbval cannot: other companies, other data folders, other working directories.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest

from workbook import io, registry

ROOT = Path(__file__).resolve().parents[1]
#: Notebooks run per company: the assessments and the company summary (the portfolio notebook
#: takes other parameters and is tested in test_summary.py).
PER_COMPANY = (*registry.ASSESSMENTS, registry.SUMMARY)
NOTEBOOKS = [entry.notebook_path for entry in PER_COMPANY]
ALL_NOTEBOOKS = list(registry.notebooks())
DEFAULT_COMPANY = "ledgerly"
#: A section number at the start of a heading ("## 3. Reliability") is the only digit allowed in
#: notebook prose: thresholds are stated by generated Markdown, never typed.
HEADING_NUMBER = re.compile(r"^(#+\s+)\d+\.\s", re.MULTILINE)


def notebook_ids() -> list[str]:
    return [entry.id for entry in PER_COMPANY]


def all_notebook_ids() -> list[str]:
    return [entry.id for entry in (*registry.ASSESSMENTS, *registry.PAGES)]


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


def test_every_registered_notebook_exists_and_every_notebook_is_registered():
    assert all(path.is_file() for path in ALL_NOTEBOOKS)
    on_disk = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(ALL_NOTEBOOKS) == on_disk


def typed_numbers(markdown: str) -> list[str]:
    """The digits a Markdown cell states outside a heading's section number."""
    return re.findall(r"\S*\d\S*", HEADING_NUMBER.sub(r"\1", markdown))


def test_typed_numbers_finds_thresholds_but_not_section_numbers():
    assert typed_numbers("## 3. Reliability\n\nSo 70 or more is strong, in 12 weeks.") == [
        "70",
        "12",
    ]
    assert typed_numbers("# 1. Why\n\nA share of 40% is fit; Wave 2 shows it.") == ["40%", "2"]
    assert typed_numbers("## 2. The members' voice\n\nNo numbers here.") == []


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=all_notebook_ids())
def test_notebook_prose_types_no_threshold(path):
    """Thresholds live in the rules; prose that states one is generated (and nbval checks it)."""
    notebook = nbformat.read(path, as_version=4)
    typed = {
        number: cell.source[:60]
        for cell in notebook.cells
        if cell.cell_type == "markdown"
        for number in typed_numbers(cell.source)
    }
    assert typed == {}, "state these through generated Markdown from the rules"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_ids())
def test_parameters_cell_defaults_to_the_sample_company(path):
    notebook = nbformat.read(path, as_version=4)
    first = code_cells(notebook)[0]
    assert "parameters" in first.metadata.get("tags", [])
    namespace: dict[str, object] = {}
    exec(first.source, namespace)  # the parameters cell is plain assignments
    assert namespace["company"] == DEFAULT_COMPANY
    assert namespace["data_dir"] is None


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=all_notebook_ids())
def test_committed_outputs_are_clean_and_portable(path):
    notebook = nbformat.read(path, as_version=4)
    assert all(cell.get("execution_count") for cell in code_cells(notebook)), "not executed"
    assert error_outputs(notebook) == []
    text = all_text(notebook)
    assert str(ROOT) not in text, "an absolute path of this checkout leaked into the outputs"
    assert path.stat().st_size < 2_000_000, "charts must aggregate, not embed raw rows"


@pytest.fixture(scope="module")
def warm_pool(tmp_path_factory):
    """One warm kernel for this module's many notebook runs, started outside the notebooks
    folder (the data is found all the same) and reset before each notebook exactly as the
    renderer's are (``test_render`` checks that a warm kernel renders as a new kernel does;
    the plain papermill CLI is tested below and in ``test_render``)."""
    from workbook.render import kernels

    pool = kernels.get_pool("python3", tmp_path_factory.mktemp("kernel-cwd"))
    pool.prestart(1)
    yield pool
    pool.shutdown()


def run_notebook(pool, path: Path, output: Path, parameters: dict) -> nbformat.NotebookNode:
    """Execute ``path`` with papermill on a warm kernel of ``pool``; return the result."""
    from workbook.render import kernels

    with pool.acquire() as kernel:
        papermill.execute_notebook(
            str(path),
            str(output),
            parameters=parameters,
            engine_name=kernels.ENGINE_NAME,
            kernel_name="python3",
            km=kernel.km,
            progress_bar=False,
        )
    return nbformat.read(output, as_version=4)


@pytest.mark.parametrize("slug", io.list_companies(), ids=str)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_ids())
def test_notebook_runs_for_every_sample_company(path, slug, warm_pool, tmp_path):
    notebook = run_notebook(warm_pool, path, tmp_path / f"{slug}.ipynb", {"company": slug})
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
    path, slug, broken_data_dir, warm_pool, tmp_path
):
    company = io.load_company(slug, broken_data_dir)
    expected_status = "invalid" if slug == "broken-co" else "missing"
    assert set(company.sources.values()) == {expected_status}
    parameters = {"company": slug, "data_dir": str(broken_data_dir)}
    notebook = run_notebook(warm_pool, path, tmp_path / "out.ipynb", parameters)
    assert error_outputs(notebook) == []
    advice = "workbook validate" if slug == "broken-co" else "docs/data-contract.md"
    assert advice in all_text(notebook)
