"""Text is shown as text: no hidden characters in names, normalised uniqueness, short messages;
misnamed company folders are reported and blank names refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import VALID_COMPANY_YAML

from workbook import cli, format, io, safeload

PROJECT = Path(__file__).resolve().parents[1]
FEATURES_HEADER = "feature,area,change,importance\n"


def run(capsys, *args: str) -> tuple[int, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def errors_of(company: io.Company, file: str) -> list[io.Problem]:
    return [p for p in company.problems if p.file == file and p.severity == "error"]


# --- shortening and making visible -----------------------------------------------------------


def test_shorten_keeps_short_text_and_cuts_long_text_with_its_length():
    assert format.shorten("short") == "short"
    assert format.shorten("x" * 80) == "x" * 80
    assert format.shorten("x" * 1_000_000) == "x" * 79 + "… (1,000,000 characters)"
    assert format.shorten(12345, 3) == "12… (5 characters)"


def test_visible_writes_hidden_characters_as_codes():
    assert format.visible("plain é text") == "plain é text"
    assert format.visible("a\u202eb\x00c\u200bd") == "a\\u202eb\\x00c\\u200bd"


def test_a_problem_keeps_and_shows_only_the_start_of_a_long_value():
    problem = io.Problem("error", "pmf_survey.csv", "an answer", 2, "answer", "v" * 20_000_000)
    assert len(problem.value) < 120
    assert problem.value.endswith("… (20,000,000 characters)")
    assert len(str(problem)) < 250


def test_a_problem_message_shows_hidden_characters():
    problem = io.Problem("error", "features.csv", "x", 2, "feat\u202eure", "ab\u200bc")
    assert str(problem) == "features.csv, row 2, column 'feat\\u202eure': value 'ab\\u200bc': x"


# --- names and features ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("Acme\u202eoC", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("Ac\u200bme", "U+200B (ZERO WIDTH SPACE)"),
        ("Acme\\0Co", None),  # a YAML escape: the NUL byte itself
    ],
)
def test_hidden_characters_in_a_company_name_are_refused(name, found):
    config, problems = io.parse_company_config(
        VALID_COMPANY_YAML.replace("name: Test Co", f'name: "{name}"')
    )
    assert config is None
    [problem] = problems
    assert (problem.row, problem.column) == (1, "name")
    assert "without control, zero-width or right-to-left override characters" in problem.expected
    assert (found or "U+0000 (control character)") in problem.expected
    assert "\x00" not in str(problem) and "\u202e" not in str(problem)


def test_an_over_long_company_name_is_refused():
    config, problems = io.parse_company_config(
        VALID_COMPANY_YAML.replace("name: Test Co", "name: " + "N" * 201)
    )
    assert config is None
    assert problems[0].expected == "the company's name of at most 200 characters (this one has 201)"


def test_hidden_characters_in_a_feature_are_refused(make_company, data_dir):
    make_company(
        files={
            "features.csv": FEATURES_HEADER
            + "search\u200b,core,kept,3\nsync\u202e,core,new,4\nplain,core,kept,2\n"
        }
    )
    company = io.load_company("test-co", data_dir)
    assert company.features is None
    found = [
        (p.row, p.column, p.expected.split("(found ")[1])
        for p in errors_of(company, "features.csv")
    ]
    assert found == [
        (2, "feature", "U+200B (ZERO WIDTH SPACE) at position 7)"),
        (3, "feature", "U+202E (RIGHT-TO-LEFT OVERRIDE) at position 5)"),
    ]


@pytest.mark.parametrize("twin", ["Search", "ｓｅａｒｃｈ", "SEARCH ", "search  "])
def test_feature_uniqueness_compares_normalised_text(make_company, data_dir, twin):
    make_company(
        files={"features.csv": f"{FEATURES_HEADER}search,core,kept,3\n{twin},core,new,4\n"}
    )
    company = io.load_company("test-co", data_dir)
    assert company.features is None
    [problem] = errors_of(company, "features.csv")
    assert (problem.row, problem.column) == (3, "feature")
    assert problem.expected.startswith("a unique value: the same as row 2 once case, width")


def test_different_features_stay_different(make_company, data_dir):
    make_company(
        files={"features.csv": f"{FEATURES_HEADER}search,core,kept,3\nsearch bar,core,new,4\n"}
    )
    company = io.load_company("test-co", data_dir)
    assert company.sources["features.csv"] == "ok"


def test_canvas_factors_and_product_names_are_checked(make_company, data_dir):
    make_company(files={"strategy_canvas.csv": "factor,Ours\u202e,Theirs\nprice,3,4\nPRICE,2,5\n"})
    company = io.load_company("test-co", data_dir)
    problems = errors_of(company, "strategy_canvas.csv")
    assert {(p.row, p.column) for p in problems} == {(1, "Ours\u202e"), (3, "factor")}


def test_free_text_keeps_line_breaks_and_emoji_but_not_nul(make_company, data_dir):
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # an emoji joined by zero-width joiners
    good = f'r1,2025-03-01,very,"two\nlines {family}"\n'
    make_company(files={"pmf_survey.csv": "respondent_id,submitted_at,answer,improvement\n" + good})
    assert io.load_company("test-co", data_dir).sources["pmf_survey.csv"] == "ok"

    folder = data_dir / "companies" / "test-co"
    (folder / "pmf_survey.csv").write_text(
        "respondent_id,submitted_at,answer,improvement\nr1,2025-03-01,very,bad\x00byte\n",
        encoding="utf-8",
    )
    company = io.load_company("test-co", data_dir)
    [problem] = errors_of(company, "pmf_survey.csv")
    assert (problem.row, problem.column) == (2, "improvement")
    assert "U+0000" in problem.expected


def test_normalise_label():
    assert safeload.normalise_label("  Ｓearch\u200b  Bar ") == "search bar"


# --- folders and names -------------------------------------------------------------------------


def test_misnamed_company_folders_are_reported_with_a_new_name(capsys, make_company, data_dir):
    make_company()
    (data_dir / "companies" / "Acme").mkdir()
    (data_dir / "companies" / "acme co").mkdir()
    (data_dir / "companies" / ".git").mkdir()
    for command in ("list", "validate"):
        code, out = run(capsys, command, "--data-dir", str(data_dir))
        assert code == 0
        assert (
            "warning: companies/Acme: a folder name of 1–64 lowercase letters, digits and "
            "hyphens; this folder is left out of every command until it is renamed (for example "
            "to companies/acme)"
        ) in out
        assert "(for example to companies/acme-co)" in out
        assert ".git" not in out


@pytest.mark.parametrize("name", ["", "   ", "Acme\u202eoC"])
def test_new_refuses_a_blank_or_hidden_character_name(capsys, data_dir, name):
    code, out = run(capsys, "new", "acme", "--name", name, "--data-dir", str(data_dir))
    assert code == cli.EXIT_USAGE
    assert out.startswith("--name: expected the company's name")
    assert "nothing was created" in out
    assert not (data_dir / "companies" / "acme").exists()


# --- the limits, stated once -----------------------------------------------------------------

LIMITS_BLOCK = re.compile(
    r"<!-- limits table: generated.*?-->\n(.*?)<!-- end of limits table -->", re.DOTALL
)


@pytest.mark.parametrize("document", ["README.md", "docs/data-contract.md"])
def test_the_documents_show_the_limits_as_declared(document):
    text = (PROJECT / document).read_text(encoding="utf-8")
    blocks = LIMITS_BLOCK.findall(text)
    assert blocks == [safeload.limits_markdown()], (
        f"refresh the limits table in {document} from workbook.safeload.limits_markdown()"
    )
