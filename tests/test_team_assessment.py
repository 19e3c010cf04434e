"""team_assessment.yaml in the data contract: parsed, validated with lines, written atomically."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbook import io

ANSWERS = {"code_of_conduct": "yes", "active_moderation": "partly", "harm_reporting": "no"}


def test_dump_then_parse_gives_the_same_answers_and_lists_every_practice():
    team = io.TeamAssessment(practices=ANSWERS)
    text = io.dump_team_assessment(team)
    parsed, problems = io.parse_team_assessment(text)
    assert problems == []
    assert parsed == team
    for practice in io.TRUST_SAFETY_PRACTICES:  # unanswered ones are listed, empty
        assert f"    {practice.key}:" in text


def test_unquoted_yes_and_no_are_read_as_answers():
    text = "belonging:\n  practices:\n    code_of_conduct: yes\n    harm_reporting: no\n"
    parsed, problems = io.parse_team_assessment(text)
    assert problems == []
    assert parsed.practices == {"code_of_conduct": "yes", "harm_reporting": "no"}


def test_problems_name_the_line_the_key_and_the_value():
    text = (
        "belonging:\n"
        "  practices:\n"
        '    code_of_conduct: "yes"\n'
        "    active_moderation: sometimes\n"
        '    dress_code: "yes"\n'
        "marketing: {}\n"
    )
    parsed, problems = io.parse_team_assessment(text)
    assert parsed.practices == {"code_of_conduct": "yes"}  # the bad answer is left out
    by_column = {p.column: p for p in problems}
    bad = by_column["active_moderation"]
    assert (bad.severity, bad.row, bad.value) == ("error", 4, "sometimes")
    assert "yes, partly, no" in bad.expected
    assert str(bad).startswith("team_assessment.yaml, line 4, column 'active_moderation'")
    assert (by_column["dress_code"].severity, by_column["dress_code"].row) == ("warning", 5)
    assert (by_column["marketing"].severity, by_column["marketing"].row) == ("warning", 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("belonging: [1, 2\n", "valid YAML"),
        ("- a list\n", "a mapping with one section per assessment"),
        ("belonging:\n  practices: [yes]\n", "a mapping of practice keys"),
    ],
)
def test_malformed_files_are_errors(text, expected):
    parsed, problems = io.parse_team_assessment(text)
    assert parsed.practices == {}
    assert [p.severity for p in problems] == ["error"]
    assert expected in problems[0].expected


def test_an_empty_file_means_nothing_answered():
    assert io.parse_team_assessment("") == (io.TeamAssessment(), [])


def test_load_company_reads_it_and_reports_its_problems(make_company, data_dir):
    make_company(
        files={"team_assessment.yaml": "belonging:\n  practices:\n    code_of_conduct: maybe\n"}
    )
    company = io.load_company("test-co", data_dir)
    assert company.team_assessment == io.TeamAssessment()
    assert [(p.file, p.row, p.column) for p in company.errors] == [
        ("team_assessment.yaml", 3, "code_of_conduct")
    ]


def test_save_writes_atomically_and_round_trips(make_company, data_dir):
    folder = make_company()
    path = io.save_team_assessment(folder, io.TeamAssessment(practices=ANSWERS))
    assert path == folder / "team_assessment.yaml"
    assert io.load_company("test-co", data_dir).team_assessment.practices == ANSWERS
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


def test_save_refuses_invalid_answers_and_writes_nothing(make_company):
    folder = make_company()
    (folder / "team_assessment.yaml").write_text("belonging: {}\n", encoding="utf-8")
    with pytest.raises(io.DataError) as caught:
        io.save_team_assessment(folder, io.TeamAssessment(practices={"code_of_conduct": "maybe"}))
    assert caught.value.problems[0].column == "code_of_conduct"
    assert (folder / "team_assessment.yaml").read_text(encoding="utf-8") == "belonging: {}\n"


def test_a_failed_write_leaves_the_previous_file_intact(make_company, monkeypatch):
    folder = make_company()
    target = folder / "team_assessment.yaml"
    target.write_text("belonging: {}\n", encoding="utf-8")

    def broken_replace(source: str | os.PathLike[str], destination: str | Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(io.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        io.save_team_assessment(folder, io.TeamAssessment(practices=ANSWERS))
    assert target.read_text(encoding="utf-8") == "belonging: {}\n"
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


def test_the_sample_answers_parse_cleanly():
    for slug in ("ledgerly", "stallhop"):
        path = io.company_dir(slug) / "team_assessment.yaml"
        parsed, problems = io.parse_team_assessment(path.read_text(encoding="utf-8"))
        assert problems == []
        assert len(parsed.practices) == len(io.TRUST_SAFETY_PRACTICES)


def test_the_data_contract_lists_the_checklist_as_the_code_declares_it():
    text = (io.PROJECT_ROOT / "docs" / "data-contract.md").read_text(encoding="utf-8")
    for practice in io.TRUST_SAFETY_PRACTICES:
        assert f"| `{practice.key}` | {practice.question} |" in text


def test_an_atomic_write_keeps_the_replaced_file_permissions(tmp_path):
    target = tmp_path / "team_assessment.yaml"
    target.write_text("belonging: {}\n", encoding="utf-8")
    target.chmod(0o640)
    io.write_text_atomic(target, "belonging: {}\n")
    assert target.stat().st_mode & 0o777 == 0o640
    fresh = tmp_path / "new.yaml"
    io.write_text_atomic(fresh, "x: 1\n")
    assert fresh.stat().st_mode & 0o044 == 0o044, "a new file is readable like any other"
