"""The contract package: input files are declared by their assessment and found through the
registry, so a new assessment's file is loaded, validated, advised on and documented with no
edit of the contract; and the per-file tables of docs/data-contract.md match the declarations."""

from __future__ import annotations

import dataclasses
import sys
import textwrap
from pathlib import Path

import pytest

from workbook import registry
from workbook.contract import docs, files
from workbook.contract.columns import ColumnRule
from workbook.contract.company import Company
from workbook.contract.config import parse_company_config
from workbook.contract.files import DATA_FILES, DeclarationError, how_to_supply
from workbook.contract.load import load_company, validate_company
from workbook.contract.team import parse_team_assessment
from workbook.contract.yaml_schema import Field, check_fields

TOY_INPUTS = textwrap.dedent(
    '''
    """A toy assessment's one input file."""
    from workbook.contract.columns import ColumnRule
    from workbook.contract.files import InputFile

    FILES = (
        InputFile(
            "toy_scores.csv",
            "the toy score (toy assessment)",
            (ColumnRule("week", "date"), ColumnRule("score", "int", minimum=0, maximum=10)),
            unique_key=("week",),
            title="one score a week",
        ),
    )
    '''
)


@pytest.fixture
def toy_assessment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fourth assessment package ``toyplug`` (in a temporary folder) with an inputs module
    declaring ``toy_scores.csv``, registered after the three built-in ones."""
    package = tmp_path / "plugins" / "toyplug"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""A toy assessment."""\n', encoding="utf-8")
    (package / "inputs.py").write_text(TOY_INPUTS, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "plugins"))
    toy = dataclasses.replace(
        registry.ASSESSMENTS[0], id="toy", module="toyplug", inputs=("toy_scores.csv",)
    )
    monkeypatch.setattr(registry, "ASSESSMENTS", (*registry.ASSESSMENTS, toy))
    yield "toy_scores.csv"
    for name in ("toyplug", "toyplug.inputs"):
        sys.modules.pop(name, None)


def test_the_built_in_files_are_declared_by_their_assessments_in_registry_order():
    """The eight built-in CSVs come from the three inputs modules, in the order pages and
    problems list them."""
    assert list(DATA_FILES) == [
        "belonging_survey.csv",
        "community_activity.csv",
        "community_goals.csv",
        "features.csv",
        "kano_survey.csv",
        "strategy_canvas.csv",
        "pmf_survey.csv",
        "retention.csv",
    ]
    from workbook.ttpmf import inputs

    assert DATA_FILES["retention.csv"] is inputs.FILES[1]


def test_a_new_assessments_file_is_loaded_and_read_as_an_attribute(toy_assessment, make_company):
    """A file declared by a newly registered assessment is loaded with no edit of the
    contract, and readable as company.<stem>."""
    folder = make_company(files={"toy_scores.csv": "week,score\n2025-03-03,7\n2025-03-10,8\n"})
    company = load_company(folder)
    assert company.sources["toy_scores.csv"] == "ok"
    assert company.frame("toy_scores.csv")["score"].tolist() == [7, 8]
    assert company.toy_scores is company.frame("toy_scores.csv")
    # the file's dates count toward the default as-of date like any survey's or week's
    assert company.as_of.isoformat() == "2025-03-10"


def test_a_new_assessments_file_is_validated_with_row_column_and_expectation(
    toy_assessment, make_company
):
    """A new file's bad rows are reported with file, row, column, value and expectation, like
    the built-in ones."""
    folder = make_company(files={"toy_scores.csv": "week,score\n2025-03-03,11\n2025-03-03,2\n"})
    messages = [str(problem) for problem in validate_company(folder)]
    assert "toy_scores.csv, row 2, column 'score': value '11': a whole number from 0 to 10" in (
        messages
    )
    assert any("row 3, column 'week'" in m and "appears more than once" in m for m in messages)


def test_a_missing_new_file_gets_advice_naming_its_columns_and_what_it_unlocks(
    toy_assessment, make_company
):
    """A part whose new file is missing says which columns to supply and what the file unlocks."""
    company = load_company(make_company())
    assert company.sources["toy_scores.csv"] == "missing"
    assert company.toy_scores is None
    assert company.missing_message("toy_scores.csv") == (
        "No toy_scores.csv yet. Add toy_scores.csv (columns: week, score; see "
        "docs/data-contract.md) to unlock the toy score (toy assessment)."
    )


def test_a_header_only_new_file_with_a_misspelt_column_is_reported(toy_assessment, make_company):
    """A header-only new file lacking a required column is invalid, naming the column."""
    company = load_company(make_company(files={"toy_scores.csv": "week,scor\n"}))
    assert company.sources["toy_scores.csv"] == "invalid"
    assert [(p.column, p.expected) for p in company.errors] == [
        ("score", "this required column is missing from the header")
    ]


def test_the_docs_get_a_section_for_a_new_file_from_its_declaration(toy_assessment):
    """The generated docs gain a section for a new file, and the check fails until it is written."""
    text = docs.CONTRACT_DOC.read_text(encoding="utf-8")
    assert "toy_scores.csv" not in text
    rendered = docs.render(text, DATA_FILES.values())
    block = docs.file_block(DATA_FILES["toy_scores.csv"])
    assert block in rendered
    assert rendered.index(block) < rendered.index(docs.NEW_FILES_MARKER)
    assert "| `score` | yes | a whole number from 0 to 10 |" in block
    assert "Each `week` appears once." in block
    assert docs.main(["--check"]) == 1  # the committed doc lacks the new file


def test_the_committed_contract_doc_matches_the_declarations():
    """docs/data-contract.md's generated tables match the declarations as committed."""
    assert docs.main(["--check"]) == 0, "run `python -m workbook.contract.docs --write`"


def test_docs_check_fails_when_a_declared_column_changes(tmp_path, monkeypatch):
    """A hand edit of a generated table is caught by --check and undone by --write."""
    copy = tmp_path / "data-contract.md"
    copy.write_text(docs.CONTRACT_DOC.read_text(encoding="utf-8"), encoding="utf-8")
    assert docs.main(["--check", "--doc", str(copy)]) == 0
    stale = copy.read_text(encoding="utf-8").replace("a whole number from 1 to 5", "1 to 5")
    copy.write_text(stale, encoding="utf-8")
    assert docs.main(["--check", "--doc", str(copy)]) == 1
    assert docs.main(["--write", "--doc", str(copy)]) == 0
    assert docs.main(["--check", "--doc", str(copy)]) == 0


def test_an_undeclared_attribute_is_an_attribute_error_and_declared_ones_can_be_set():
    """Company reads and sets frames by declared stem only; a typo stays an AttributeError."""
    company = Company("x", Path("x"), None, None)
    with pytest.raises(AttributeError, match="no attribute 'not_a_file'"):
        _ = company.not_a_file
    assert company.retention is None
    company.retention = "frame"
    assert company.frame("retention.csv") == "frame"
    with pytest.raises(TypeError, match="not_a_file"):
        Company("x", Path("x"), None, None, not_a_file=None)


def test_two_assessments_declaring_one_file_is_an_error(toy_assessment, monkeypatch):
    """A file belongs to one assessment: a second declaration is refused, naming both."""
    twice = dataclasses.replace(registry.ASSESSMENTS[-1], id="toy2")
    monkeypatch.setattr(registry, "ASSESSMENTS", (*registry.ASSESSMENTS, twice))
    with pytest.raises(DeclarationError, match=r"toy_scores\.csv is declared by both"):
        files.declared_files()


def test_how_to_supply_keeps_each_files_own_advice():
    """Each file's advice keeps its own columns note and collection commands."""
    assert how_to_supply("pmf_survey.csv", "missing", "acme") == (
        "No pmf_survey.csv yet. Add pmf_survey.csv (columns: respondent_id, submitted_at, "
        "answer; see docs/data-contract.md) to unlock the Sean Ellis score, its trend and the "
        "segment analysis (TTPMF assessment). To collect it: `workbook survey pmf --company "
        "acme` prints the questions, then `workbook import EXPORT --company acme` reads your "
        "survey tool's export."
    )
    assert "then any of members, active_members" in how_to_supply("community_activity.csv")
    assert "one column per instrument item" in how_to_supply("belonging_survey.csv", "invalid")


# --- one schema mechanism for YAML as for CSV ------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "options", "expected"),
    [
        ("int", {"minimum": 0}, "a whole number ≥ 0"),
        ("number", {"minimum": 1, "maximum": 5}, "a number from 1 to 5"),
        ("enum", {"choices": ("a", "b")}, "one of: a, b"),
        ("date", {}, "a date as YYYY-MM-DD"),
    ],
)
def test_a_yaml_field_words_its_expectation_as_a_csv_column_does(kind, options, expected):
    """YAML keys and CSV columns of the same kind state what is expected in the same words."""
    assert Field("x", kind, **options).expectation() == expected
    assert ColumnRule("x", kind, **options).expectation() == expected


def test_a_nested_mapping_reports_at_its_key_with_the_subkey_named():
    """A nested mapping's problem is reported at its key's line as "<subkey> as <expectation>"."""
    fields = (
        Field("community", "mapping", fields=(Field("channels", "int", minimum=0),)),
        Field("started", "date", required=True),
    )
    values, problems = check_fields(
        {"community": {"channels": -2}, "extra": 1},
        fields,
        "company.yaml",
        {"community": 3, "extra": 5}.get,
        unknown="a known key ({known}); this one is ignored",
    )
    assert values == {"community": {"channels": None}, "started": None}
    assert [str(p) for p in problems] == [
        "company.yaml, line 3, column 'community': value -2: channels as a whole number ≥ 0",
        "company.yaml, column 'started': a date as YYYY-MM-DD (required)",
        "company.yaml, line 5, column 'extra': a known key (community, started); this one is "
        "ignored",
    ]


def test_company_yaml_problems_name_line_key_value_and_expectation():
    """company.yaml problems name line, key, value and expectation, in the keys' order."""
    text = "name: Acme\nstage: later\nstarted: 2025-01-01\nas_of: 2024-12-31\nnetwork_effects:\n"
    config, problems = parse_company_config(text)
    assert config is None
    assert [(p.row, p.column, p.value, p.expected) for p in problems] == [
        (2, "stage", "later", "one of: pre-pmf, pmf, scaling"),
        (4, "as_of", "2024-12-31", "a date on or after started (2025-01-01)"),
        (5, "network_effects", None, "true or false"),
    ]


def test_team_practice_problems_keep_the_files_order():
    """Checklist problems are listed in the file's order; a bad answer stays unanswered."""
    text = (
        "belonging:\n  practices:\n    unknown_one: 'yes'\n    code_of_conduct: maybe\n"
        "    shared_values: 'partly'\n"
    )
    team, problems = parse_team_assessment(text)
    assert team.practices == {"shared_values": "partly"}
    assert [(p.severity, p.row, p.column) for p in problems] == [
        ("warning", 3, "unknown_one"),
        ("error", 4, "code_of_conduct"),
    ]


def test_a_new_companys_header_only_files_have_each_declared_files_blank_header(data_dir, capsys):
    """``workbook new`` writes one header-only file per declared CSV; each header is the one
    the declaration gives (instrument items for the survey, example products for the canvas),
    so the command can build every header from the declarations alone."""
    from workbook import cli
    from workbook.contract.files import FileContext
    from workbook.contract.instrument import load_instrument

    assert cli.main(["new", "acme", "--name", "Acme", "--data-dir", str(data_dir)]) == 0
    folder = data_dir / "companies" / "acme"
    context = FileContext(load_instrument(data_dir / "instruments" / "belonging.yaml"))
    for name, spec in DATA_FILES.items():
        written = (folder / name).read_text(encoding="utf-8").strip().split(",")
        assert written == spec.blank_header(context, "Acme"), name
