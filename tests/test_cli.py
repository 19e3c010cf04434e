"""The ``workbook`` command: clear messages and exit codes, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from workbook import cli, io


def run(capsys, *args: str) -> tuple[int, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_validate_samples_passes(capsys):
    code, out = run(capsys, "validate")
    assert code == 0
    assert "Checked 4 companies" in out and "no errors" in out


def test_validate_broken_folder_names_file_row_column_and_expectation(
    capsys, make_company, data_dir
):
    make_company(
        "broken",
        files={
            "features.csv": "feature,area,change,importance\nsearch,middle,kept,3\n",
            "pmf_survey.csv": "respondent_id,submitted_at,answer\na,2025-01-01,maybe\n",
            "kano_survey.csv": b"respondent_id,feature,functional,dysfunctional\n\xff\n",
        },
    )
    code, out = run(capsys, "validate", "broken", "--data-dir", str(data_dir))
    assert code == 1
    assert "Traceback" not in out
    assert "features.csv" in out
    assert "row 2, column 'area': value 'middle': one of: core, peripheral" in out
    assert "row 2, column 'answer': value 'maybe': one of: very, somewhat, not, na" in out
    assert "not valid UTF-8" in out


def test_validate_warnings_only_exit_zero(capsys, make_company, data_dir):
    make_company(files={"features.csv": "feature,area,change,importance,notes\nx,core,kept,3,y\n"})
    code, out = run(capsys, "validate", "--data-dir", str(data_dir))
    assert code == 0
    assert "warning: row 1, column 'notes'" in out


def test_validate_invalid_slug_and_missing_config(capsys, data_dir):
    (data_dir / "companies" / "empty-co").mkdir()
    code, out = run(capsys, "validate", "Bad_Slug", "empty-co", "--data-dir", str(data_dir))
    assert code == 1
    assert "Invalid company slug 'Bad_Slug'" in out
    assert "company.yaml is missing" in out


def test_new_scaffolds_a_company_that_validates(capsys, data_dir):
    code, out = run(
        capsys, "new", "acme-co", "--name", 'Acme & "Sons"', "--data-dir", str(data_dir)
    )
    assert code == 0, out
    folder = data_dir / "companies" / "acme-co"
    assert (folder / "company.yaml").is_file()
    for name in io.DATA_FILES:
        assert len((folder / name).read_text(encoding="utf-8").splitlines()) == 1
    assert "t1,t2,s1" in (folder / "belonging_survey.csv").read_text(encoding="utf-8")
    company = io.load_company("acme-co", data_dir)
    assert company.name == 'Acme & "Sons"'
    assert company.problems == []
    assert set(company.sources.values()) == {"empty"}


def test_new_refuses_existing_and_invalid_slugs(capsys, make_company, data_dir):
    folder = make_company("taken")
    before = (folder / "company.yaml").read_bytes()
    code, out = run(capsys, "new", "taken", "--name", "X", "--data-dir", str(data_dir))
    assert code == 1 and "already exists" in out
    assert (folder / "company.yaml").read_bytes() == before
    code, out = run(capsys, "new", "../evil", "--name", "X", "--data-dir", str(data_dir))
    assert code == 1 and "Invalid company slug" in out
    assert not (data_dir / "evil").exists()


def test_list_shows_name_stage_and_files(capsys):
    code, out = run(capsys, "list")
    assert code == 0
    assert "ledgerly  Ledgerly  [scaling]" in out
    snapplate_files = out.split("snapplate")[1].split("\n")[1]
    assert "pmf_survey.csv" in snapplate_files and "belonging_survey.csv" not in snapplate_files


def test_data_dir_from_environment(capsys, make_company, data_dir, monkeypatch):
    make_company("env-co")
    monkeypatch.setenv(io.DATA_ENV_VAR, str(data_dir))
    code, out = run(capsys, "list")
    assert code == 0 and "env-co  Test Co" in out


@pytest.mark.parametrize("args", [["--help"], ["validate", "--help"]])
def test_console_script_is_installed(args):
    script = Path(sys.executable).with_name("workbook")
    result = subprocess.run([str(script), *args], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "usage: workbook" in result.stdout
