"""The plug-in claim: a new assessment is its package, its notebook and one registry entry.

Each test builds, in a temporary folder, a toy assessment package the way a newcomer would
(one rule, one figure, one input file ``toy_scores.csv``, one chart, a notebook, a registry
entry ``ASSESSMENT``, its key figures, its portfolio column and a workshop editor) and registers
it only through ``WORKBOOK_PLUGINS`` and ``PYTHONPATH`` (in subprocesses, or through
:func:`workbook.registry.discover` with an explicit environment): no shared module is edited.
It must then show in ``workbook validate``, ``workbook assess --json``, its rendered page, the
summary card, a portfolio column and a workshop editor. The checks of its input file's
declaration (``inputs.py``: validation and the generated contract docs) need the contract
package and are marked as expected failures until it is merged.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from workbook import registry
from workbook.results import AssessmentResult

PROJECT = Path(__file__).resolve().parents[1]
WORKBOOK = Path(sys.executable).with_name("workbook")
SAMPLE = "ledgerly"

#: The toy package, file by file: everything a new assessment brings besides its sample data.
TOY_FILES = {
    "__init__.py": '''
        """A toy assessment: is the team's mean score in toy_scores.csv at least 7 of 10?"""

        from pathlib import Path

        from workbook.registry import Assessment

        ASSESSMENT = Assessment(
            id="toy",
            title="Toy scores",
            notebook=str(Path(__file__).with_name("toy.ipynb")),
            module="toyplug",
            inputs=("company.yaml", "toy_scores.csv"),
            statuses={"fine": "good", "poor": "bad", "not assessed": "none"},
            figures=("mean", "n"),
            settings=("name",),
            key_figures="toyplug.card:key_figures",
            portfolio="toyplug.card:PORTFOLIO_COLUMNS",
            editor="toyplug.editor:ToyEditor",
        )


        def assess(company, **required):
            """The registry calls this; the work is in compute, the words in present."""
            from toyplug import compute, present

            return present.result(compute.score(company))
        ''',
    "rules.py": """
        from workbook.rules import Rule

        MIN_MEAN = Rule(
            "A fine mean score is at least",
            7.0,
            "{value:.0f} of 10",
            "Below it the team is not convinced yet.",
        )
        """,
    "compute.py": '''
        import csv
        from dataclasses import dataclass

        from toyplug import rules

        FILE = "toy_scores.csv"


        @dataclass(frozen=True)
        class Score:
            values: tuple[float, ...]

            @property
            def mean(self):
                return sum(self.values) / len(self.values) if self.values else None

            @property
            def fine(self):
                return self.mean is not None and self.mean >= rules.MIN_MEAN.value


        def scores(folder):
            """Every person's score (none without the file)."""
            path = folder / FILE
            if not path.is_file():
                return ()
            with path.open(newline="", encoding="utf-8") as stream:
                return tuple(float(row["score"]) for row in csv.DictReader(stream))


        def score(company):
            return Score(scores(company.path))
        ''',
    "present.py": """
        from workbook.results import AssessmentResult, Recommendation, Severity

        from toyplug import rules
        from toyplug.compute import FILE


        def result(score):
            if score.mean is None:
                return AssessmentResult(
                    status="not assessed",
                    summary="No toy scores yet.",
                    figures={"mean": None, "n": 0},
                    missing={FILE: f"Add {FILE}: one row per person with a 0-10 score."},
                )
            advice = ()
            if not score.fine:
                advice = (
                    Recommendation(
                        severity=Severity.HIGH,
                        title="Raise the toy score",
                        reason=f"The mean is {score.mean:.1f}, below {rules.MIN_MEAN.text}.",
                    ),
                )
            return AssessmentResult(
                status="fine" if score.fine else "poor",
                summary=f"The mean toy score is {score.mean:.1f} from {len(score.values)} people.",
                figures={"mean": round(score.mean, 2), "n": len(score.values)},
                recommendations=advice,
            )
        """,
    "card.py": """
        from workbook.keyfigures import Cell, Column, KeyFigure


        def key_figures(result):
            figures = result.figures
            return (
                KeyFigure(
                    "Toy mean score",
                    figures.get("mean"),
                    "score",
                    scale=10,
                    placeholder="no scores yet",
                ),
            )


        def mean_cell(result):
            mean = result.figures.get("mean")
            if mean is None:
                return Cell("no scores yet")
            return Cell(f"{mean:.1f}", f"n = {result.figures['n']}", mean)


        PORTFOLIO_COLUMNS = (Column("Toy mean score", mean_cell, status=True, numeric=True),)
        """,
    "charts.py": """
        import altair as alt
        import pandas as pd


        def scores_chart(values):
            frame = pd.DataFrame({"person": range(1, len(values) + 1), "score": values})
            return (
                alt.Chart(frame, title="Toy scores by person")
                .mark_bar()
                .encode(x="person:O", y=alt.Y("score:Q", scale=alt.Scale(domain=[0, 10])))
            )
        """,
    "editor.py": """
        import ipywidgets as widgets
        import pandas as pd

        from workbook import format as fmt
        from workbook.workshop.base import Editor
        from workbook.workshop.documents import typed_scalar
        from workbook.workshop.forms import text_field
        from workbook.workshop.live import Figure


        class ToyEditor(Editor):
            assessment_id = "toy"
            config_keys = ("as_of",)
            figures = (Figure("mean", "Mean toy score", fmt.number),)
            intro = "Pick the date to assess at: the mean toy score follows."

            def build(self):
                self.as_of = self.add_field(text_field("as_of", "Assess as of", "YYYY-MM-DD"))
                return widgets.VBox([self.as_of.box])

            def fill(self, company, rows):
                as_of = company.config.as_of
                self.as_of.value = as_of.isoformat() if as_of else ""

            def config_edits(self):
                return {"as_of": typed_scalar(self.as_of.value)}


        def saved_answers(company):
            rows = [("Assess as of", fmt.day(company.as_of))]
            return pd.DataFrame(rows, columns=["setting", "value"])
        """,
}

#: What the contract package reads to validate the toy's file and document it (its convention:
#: ``<assessment.module>.inputs`` with ``FILES``).
TOY_INPUTS = """
    from workbook.contract.columns import ColumnRule
    from workbook.contract.files import InputFile

    FILES = (
        InputFile(
            "toy_scores.csv",
            "the mean toy score (toy assessment)",
            (ColumnRule("person", "text", label=True), ColumnRule("score", "int", maximum=10)),
            unique_key=("person",),
            title="one score a person",
        ),
    )
    """

TOY_SCORES = "person,score\np1,8\np2,9\np3,7\np4,8\n"


def toy_notebook() -> nbformat.NotebookNode:
    """The toy's page: parameters, the verdict every page opens with, its chart, its workshop."""
    cells = [
        nbformat.v4.new_markdown_cell("# Toy scores: is the team convinced?"),
        nbformat.v4.new_code_cell(
            'company = "ledgerly"\ndata_dir = None\nworkshop = False\nhistory_dir = None',
            metadata={"tags": ["parameters"]},
        ),
        nbformat.v4.new_code_cell(
            "import toyplug\n"
            "from toyplug import compute\n"
            "from toyplug.charts import scores_chart\n"
            "from workbook import charts, io\n"
            "from workbook import workshop as workshops\n"
            "from workbook.present import verdict\n\n"
            "company, data_dir, workshop = workshops.settings(company, data_dir, workshop)\n"
            "charts.setup()\n"
            "company_data = io.load_company(company, data_dir)\n"
            "result = toyplug.assess(company_data)\n"
            'verdict(result, "toy")'
        ),
        nbformat.v4.new_code_cell("scores_chart(list(compute.scores(company_data.path)))"),
        nbformat.v4.new_code_cell('workshops.step("toy", company_data, workshop)'),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    return notebook


def write_toy(folder: Path, *, inputs: bool = False) -> Path:
    """The toy package ``toyplug`` in ``folder`` (with its ``inputs.py`` when asked); the folder
    to put on PYTHONPATH."""
    package = folder / "toyplug"
    package.mkdir(parents=True)
    for name, text in TOY_FILES.items():
        (package / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    if inputs:
        (package / "inputs.py").write_text(textwrap.dedent(TOY_INPUTS).lstrip(), encoding="utf-8")
    nbformat.write(toy_notebook(), package / "toy.ipynb")
    return folder


def write_data(folder: Path, scores: str = TOY_SCORES) -> Path:
    """A data folder with the instruments and one sample company, plus its toy scores."""
    shutil.copytree(PROJECT / "data" / "instruments", folder / "instruments")
    company = folder / "companies" / SAMPLE
    shutil.copytree(PROJECT / "data" / "companies" / SAMPLE, company)
    (company / "toy_scores.csv").write_text(scores, encoding="utf-8")
    return folder


def plugin_env(plugins: Path, names: str = "toyplug") -> dict[str, str]:
    """The environment that registers the plug-in, and nothing else changed."""
    env = dict(os.environ)
    env["WORKBOOK_PLUGINS"] = names
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(plugins), env.get("PYTHONPATH")]))
    env.pop("WORKBOOK_DATA", None)
    return env


def run(env: dict[str, str], *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, env=env, capture_output=True, text=True, timeout=timeout, check=False, cwd=PROJECT
    )


@pytest.fixture
def toy(tmp_path: Path) -> dict[str, Path]:
    """The toy package and a data folder with its sample data, in a temporary folder."""
    return {"plugins": write_toy(tmp_path / "plugins"), "data": write_data(tmp_path / "data")}


@pytest.fixture
def imported_toy(toy, monkeypatch):
    """The toy package importable in this process (forgotten afterwards)."""
    monkeypatch.syspath_prepend(str(toy["plugins"]))
    yield toy
    for name in [name for name in sys.modules if name.split(".")[0] == "toyplug"]:
        del sys.modules[name]


# -- discovery (in this process, the registry's own list untouched) -----------------------------


def test_a_plugin_named_in_the_environment_comes_after_the_built_in_assessments(imported_toy):
    """WORKBOOK_PLUGINS adds the plug-in's entry after the built-in ones, with its notebook at
    the absolute path it gives; the process's own registry is not changed by the look-up."""
    found = registry.discover({"WORKBOOK_PLUGINS": " toyplug, "})
    assert [entry.id for entry in found] == [*(entry.id for entry in registry.BUILT_IN), "toy"]
    toy = found[-1]
    assert toy.notebook_path == imported_toy["plugins"] / "toyplug" / "toy.ipynb"
    assert "toy" not in registry.ids()


def test_the_plugin_declares_its_card_figures_and_portfolio_column(imported_toy):
    """The summary card's figures and the portfolio's column come from the entry's
    declarations, read by the shared summary code without naming the assessment."""
    from workbook.summary import present

    toy = registry.discover({"WORKBOOK_PLUGINS": "toyplug"})[-1]
    result = AssessmentResult(status="fine", summary="…", figures={"mean": 8.0, "n": 4})
    (figure,) = toy.card_figures(result)
    assert (figure.label, present.figure_text(figure)) == ("Toy mean score", "8/10")
    (column,) = toy.portfolio_columns()
    assert column.heading == "Toy mean score" and column.status
    cell = column.cell(result)
    assert (cell.value, cell.detail, cell.sort) == ("8.0", "n = 4", 8.0)


def test_every_built_in_assessment_declares_its_card_column_and_editor():
    """The shared layers hold no per-assessment table: each built-in entry names its own."""
    for entry in registry.BUILT_IN:
        assert entry.key_figures == f"{entry.module}.card:key_figures"
        assert entry.portfolio_columns(), entry.id
        assert entry.editor is not None and entry.editor.startswith("workbook.workshop.")


def test_an_installed_package_registers_through_the_entry_point_group(imported_toy):
    """A distribution declaring ``workbook.assessments`` in its entry points is registered
    without the environment variable."""
    dist = imported_toy["plugins"] / "toyplug-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: toyplug\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[workbook.assessments]\ntoy = toyplug:ASSESSMENT\n")
    found = registry.discover({})
    assert [entry.id for entry in found][-1] == "toy"


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ("no_such_plugin_xyz", "'no_such_plugin_xyz' named in WORKBOOK_PLUGINS cannot be"),
        ("toyplug.rules", "defines no assessment"),
    ],
)
def test_a_plugin_that_cannot_be_used_is_refused_with_a_message(imported_toy, names, expected):
    """A plug-in name that does not import, or a module without ``ASSESSMENT``, is refused
    with a message naming it and what to do."""
    with pytest.raises(registry.PluginError, match=expected):
        registry.discover({"WORKBOOK_PLUGINS": names})


def test_a_plugin_may_not_take_a_built_in_id_or_require_an_unknown_one(imported_toy):
    """Ids stay unique and an assessment builds only on ones that run before it."""
    from dataclasses import replace

    import toyplug

    toyplug.ASSESSMENT = replace(toyplug.ASSESSMENT, id="ttpmf")
    with pytest.raises(registry.PluginError, match="Two assessments have the id 'ttpmf'"):
        registry.discover({"WORKBOOK_PLUGINS": "toyplug"})
    toyplug.ASSESSMENT = replace(toyplug.ASSESSMENT, id="toy", requires=("later",))
    with pytest.raises(registry.PluginError, match="requires 'later'"):
        registry.discover({"WORKBOOK_PLUGINS": "toyplug"})


def test_a_bad_plugin_name_gives_the_command_a_message_not_a_traceback(tmp_path):
    """``workbook`` with a plug-in that does not import says so and exits 1."""
    env = plugin_env(tmp_path, "no_such_plugin_xyz")
    done = run(env, str(WORKBOOK), "assess", "--data-dir", str(tmp_path))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "no_such_plugin_xyz" in done.stderr and "PYTHONPATH" in done.stderr


def test_the_plugin_set_is_part_of_the_render_key(toy):
    """A render's key changes when a plug-in is registered (render workers inherit the
    environment, so they see the same plug-ins)."""
    script = "from workbook.render import manifest; print(manifest.library_digest())"
    without = run(dict(os.environ), sys.executable, "-c", script)
    with_toy = run(plugin_env(toy["plugins"]), sys.executable, "-c", script)
    assert without.returncode == with_toy.returncode == 0, without.stderr + with_toy.stderr
    assert without.stdout.strip() != with_toy.stdout.strip()


# -- the commands, pages and workshop (subprocesses) ---------------------------------------------


@pytest.mark.slow
def test_the_plugin_shows_in_validate_and_assess(toy):
    """``workbook validate`` accepts the company with the plug-in registered, and ``workbook
    assess`` (text and JSON) reports the toy's status, summary and figures."""
    env, data = plugin_env(toy["plugins"]), str(toy["data"])
    done = run(env, str(WORKBOOK), "validate", SAMPLE, "--data-dir", data)
    assert done.returncode == 0, done.stdout + done.stderr
    done = run(env, str(WORKBOOK), "assess", "--json", SAMPLE, "--data-dir", data)
    assert done.returncode == 0, done.stderr
    (company,) = json.loads(done.stdout)["companies"]
    assert list(company["assessments"])[-1] == "toy"
    toy_result = company["assessments"]["toy"]
    assert toy_result["status"] == "fine"
    assert toy_result["figures"] == {"mean": 8.0, "n": 4}
    assert toy_result["summary"] == "The mean toy score is 8.0 from 4 people."
    done = run(env, str(WORKBOOK), "assess", SAMPLE, "--data-dir", data)
    assert "Toy scores: fine. The mean toy score is 8.0 from 4 people." in done.stdout


RENDER = """
import sys
from pathlib import Path
from workbook import registry
from workbook.render import runner

options = runner.Options(
    data_dir=Path(sys.argv[1]), out_dir=Path(sys.argv[2]), jobs=1, progress=False,
    assessments=(registry.get("toy"),),
)
summary = runner.render_reports([], options)
print(runner.report_text(summary))
"""


@pytest.mark.slow
def test_the_plugin_renders_its_page_its_summary_card_and_its_portfolio_column(toy, tmp_path):
    """The renderer runs the plug-in's own notebook (an absolute path) into ``toy.html``, the
    company's summary shows the toy's card with its key figure, and the portfolio a column
    with its figure and status (only the toy's page is rendered: the built-in pages have their
    own tests)."""
    out = tmp_path / "reports"
    done = run(plugin_env(toy["plugins"]), sys.executable, "-c", RENDER, str(toy["data"]), str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    page = (out / SAMPLE / "toy.html").read_text(encoding="utf-8")
    assert "Toy scores" in page and "The mean toy score is 8.0 from 4 people." in page
    assert "Toy scores by person" in page  # the chart
    summary = (out / SAMPLE / "index.html").read_text(encoding="utf-8")
    assert 'href="toy.html"' in summary and "Toy mean score" in summary and "8/10" in summary
    portfolio = (out / "index.html").read_text(encoding="utf-8")
    assert 'data-label="Toy mean score"' in portfolio
    assert "8.0" in portfolio and "fine" in portfolio


EDITOR = """
import sys
from workbook import workshop

editor = workshop.editor("toy", sys.argv[1], sys.argv[2])
print(type(editor).__name__, editor.result.status, editor.result.figures["mean"])
editor.as_of.value = "2025-01-01"
print(editor.draft().company.as_of)
"""


@pytest.mark.slow
def test_the_plugin_has_a_workshop_editor(toy):
    """``workshop.editor`` finds the plug-in's editor through its registry entry; it shows the
    toy's live result and takes edits."""
    env = plugin_env(toy["plugins"])
    done = run(env, sys.executable, "-c", EDITOR, SAMPLE, str(toy["data"]))
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.splitlines()[-2:]
    assert first == "ToyEditor fine 8.0"
    assert second == "2025-01-01"


# -- the input file's declaration (the contract package) -----------------------------------------


@pytest.mark.slow
def test_validate_checks_the_plugins_input_file(tmp_path):
    """A bad value in the toy's own file is reported by ``workbook validate`` with the file,
    row, column and what was expected, from the toy's ``inputs.py`` declaration alone."""
    plugins = write_toy(tmp_path / "plugins", inputs=True)
    data = write_data(tmp_path / "data", scores="person,score\np1,8\np2,eleven\n")
    done = run(plugin_env(plugins), str(WORKBOOK), "validate", SAMPLE, "--data-dir", str(data))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "toy_scores.csv" in done.stdout
    assert "row 3, column 'score': value 'eleven'" in done.stdout


@pytest.mark.slow
def test_the_generated_contract_docs_include_the_plugins_file(tmp_path):
    """The data contract's generated tables cover the plug-in's declared file: the committed
    doc (which does not list the toy) is reported stale, and a copy rewritten from the
    declarations gains the toy's table."""
    plugins = write_toy(tmp_path / "plugins", inputs=True)
    env = plugin_env(plugins)
    done = run(env, sys.executable, "-m", "workbook.contract.docs", "--check")
    assert done.returncode == 1, done.stdout + done.stderr
    copy = tmp_path / "data-contract.md"
    shutil.copyfile(PROJECT / "docs" / "data-contract.md", copy)
    done = run(env, sys.executable, "-m", "workbook.contract.docs", "--write", "--doc", str(copy))
    assert done.returncode == 0, done.stdout + done.stderr
    written = copy.read_text(encoding="utf-8")
    assert "toy_scores.csv" in written and "| `score` | yes |" in written


def test_two_assessments_may_not_declare_one_portfolio_heading(monkeypatch):
    """Each portfolio column is one assessment's: a heading declared twice is refused with
    both names rather than one silently hiding the other."""
    from dataclasses import replace

    from workbook.summary import compute

    copy = replace(registry.get("differentiation"), id="copy")
    monkeypatch.setattr(registry, "ASSESSMENTS", (*registry.ASSESSMENTS, copy))
    with pytest.raises(registry.PluginError, match="'differentiation' and 'copy'"):
        compute.portfolio_columns()
