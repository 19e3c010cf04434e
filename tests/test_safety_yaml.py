"""YAML is parsed safely and fully validated: every case a problem naming file, line and key."""

from __future__ import annotations

import textwrap
from datetime import date, timedelta

import pytest
import yaml
from conftest import VALID_COMPANY_YAML

from workbook import io, safeload


def company_problems(make_company, data_dir, text: str) -> list[io.Problem]:
    folder = make_company()
    (folder / "company.yaml").write_text(text, encoding="utf-8")
    return io.validate_company("test-co", data_dir)


def only_error(problems: list[io.Problem]) -> io.Problem:
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1, [str(p) for p in problems]
    return errors[0]


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "+.Inf", "1.0e+999"])
def test_runway_that_is_not_a_finite_number_is_refused(make_company, data_dir, value):
    problem = only_error(
        company_problems(make_company, data_dir, VALID_COMPANY_YAML + f"runway_months: {value}\n")
    )
    assert (problem.file, problem.row, problem.column) == ("company.yaml", 5, "runway_months")
    assert "a finite number" in problem.expected


def test_runway_beyond_a_century_is_refused(make_company, data_dir):
    problem = only_error(
        company_problems(make_company, data_dir, VALID_COMPANY_YAML + "runway_months: 100000\n")
    )
    assert problem.column == "runway_months"
    assert problem.expected == "a number of months ≥ 0 and at most 1,200"


@pytest.mark.parametrize(
    ("key", "value"),
    [("started", "9999-12-31"), ("started", "1899-01-01"), ("as_of", "9999-12-31")],
)
def test_dates_outside_a_sane_range_are_refused(make_company, data_dir, key, value):
    text = VALID_COMPANY_YAML.replace("started: 2025-01-01", "started: 1995-01-01")
    text = text.replace("started: 1995-01-01", f"started: {value}") if key == "started" else text
    if key == "as_of":
        text += f"as_of: {value}\n"
    problem = only_error(company_problems(make_company, data_dir, text))
    latest = (date.today() + timedelta(days=366)).isoformat()
    assert problem.column == key
    assert problem.value == value
    assert problem.expected == f"a date from 1990-01-01 to {latest} (a year after today)"


def test_a_date_within_the_coming_year_is_accepted():
    soon = (date.today() + timedelta(days=300)).isoformat()
    config, problems = io.parse_company_config(
        VALID_COMPANY_YAML.replace("2025-01-01", "2024-01-01") + f"as_of: {soon}\n"
    )
    assert problems == []
    assert config is not None and config.as_of.isoformat() == soon


def test_a_5000_digit_integer_is_a_problem_not_a_traceback(make_company, data_dir):
    text = VALID_COMPANY_YAML + "community:\n  founding_members: " + "9" * 5000 + "\n"
    problem = only_error(company_problems(make_company, data_dir, text))
    assert (problem.row, problem.column) == (6, "community.founding_members")
    assert problem.expected == "a whole number of at most 15 digits (this one has 5,000)"
    assert len(str(problem)) < 300


def test_deep_nesting_is_a_problem_not_a_traceback(make_company, data_dir):
    text = VALID_COMPANY_YAML + "community: " + "[" * 5000 + "]" * 5000 + "\n"
    problem = only_error(company_problems(make_company, data_dir, text))
    assert problem.row == 5
    assert "at most 20 levels of nesting" in problem.expected


@pytest.mark.parametrize(
    ("text", "line", "key"),
    [
        (VALID_COMPANY_YAML + "name: Other Co\n", 5, "name"),
        # a nested mapping: the key is named by its path
        (
            VALID_COMPANY_YAML + "community:\n  channels: 2\n  channels: 3\n",
            7,
            "community.channels",
        ),
    ],
)
def test_duplicate_keys_are_errors_naming_the_key_and_both_lines(
    make_company, data_dir, text, line, key
):
    problem = only_error(company_problems(make_company, data_dir, text))
    assert (problem.file, problem.row, problem.column) == ("company.yaml", line, key)
    assert "each key only once in its mapping (already given on line" in problem.expected


def test_duplicate_practice_in_team_assessment_is_an_error():
    text = textwrap.dedent(
        """\
        belonging:
          practices:
            code_of_conduct: "yes"
            code_of_conduct: "no"
        """
    )
    team, problems = io.parse_team_assessment(text)
    assert team.practices == {}
    assert [(p.severity, p.row, p.column) for p in problems] == [
        ("error", 4, "belonging.practices.code_of_conduct")
    ]


def test_aliases_are_refused_even_when_harmless(make_company, data_dir):
    text = VALID_COMPANY_YAML + "reference_product: &ref Sheets\nextra: *ref\n"
    problem = only_error(company_problems(make_company, data_dir, text))
    assert problem.row == 6
    assert "no aliases (*ref)" in problem.expected


def test_instrument_with_duplicate_keys_is_not_usable(tmp_path):
    path = tmp_path / "belonging.yaml"
    path.write_text("name: A\nname: B\n", encoding="utf-8")
    with pytest.raises(io.DataError) as caught:
        io.load_instrument(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "name")]


def test_load_yaml_raises_a_yaml_error_for_every_rule():
    """The workshop's field parser relies on a YAMLError (never another exception)."""
    for text in ("a: 1\na: 2\n", "x: .nan\n", "x: " + "1" * 40, "a: &a 1\nb: *a\n"):
        with pytest.raises(yaml.YAMLError):
            io.load_yaml(text)
    assert io.load_yaml("when: 2025-01-01\nn: 3\n") == {"when": "2025-01-01", "n": 3}


def test_the_loader_keeps_dates_as_text_and_refuses_python_tags():
    with pytest.raises(yaml.YAMLError):
        safeload.load_yaml("x: !!python/object/apply:os.system ['true']\n")
    assert safeload.load_yaml("d: 2025-02-30\n") == {"d": "2025-02-30"}
