"""Only the contract's files are read, as regular files inside the data folder, within limits."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from workbook import io, safeload

FEATURES = "feature,area,change,importance\nsearch,core,reinvented,4\n"


def errors_of(company_or_problems, file: str) -> list[str]:
    problems = getattr(company_or_problems, "problems", company_or_problems)
    return [p.expected for p in problems if p.file == file and p.severity == "error"]


def test_a_link_inside_the_data_folder_is_followed(make_company, data_dir):
    shared = data_dir / "shared"
    shared.mkdir()
    (shared / "features.csv").write_text(FEATURES, encoding="utf-8")
    folder = make_company()
    (folder / "features.csv").symlink_to(shared / "features.csv")
    company = io.load_company("test-co", data_dir)
    assert company.sources["features.csv"] == "ok"
    assert list(company.features["feature"]) == ["search"]


def test_a_link_out_of_the_data_folder_is_refused(make_company, data_dir, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "payroll.csv"
    outside.write_text(FEATURES, encoding="utf-8")
    folder = make_company()
    (folder / "features.csv").symlink_to(outside)
    company = io.load_company("test-co", data_dir)
    assert company.sources["features.csv"] == "invalid"
    assert company.features is None
    [message] = errors_of(company, "features.csv")
    assert message.startswith(f"a file inside the data folder {data_dir.resolve()}")
    assert f"this is a link to {outside.resolve()}, outside it" in message


def test_a_company_yaml_linked_out_of_the_data_folder_is_refused(
    make_company, data_dir, tmp_path_factory
):
    outside = tmp_path_factory.mktemp("elsewhere") / "company.yaml"
    outside.write_text("name: X\nstage: pmf\nstarted: 2025-01-01\n", encoding="utf-8")
    folder = make_company()
    (folder / "company.yaml").unlink()
    (folder / "company.yaml").symlink_to(outside)
    with pytest.raises(io.DataError) as caught:
        io.load_company("test-co", data_dir)
    assert "outside it" in caught.value.problems[0].expected


def test_a_folder_where_a_file_belongs_is_refused(make_company, data_dir):
    folder = make_company()
    (folder / "features.csv").mkdir()
    company = io.load_company("test-co", data_dir)
    assert errors_of(company, "features.csv") == [
        "a regular file; this is a folder, which the workbook never reads"
    ]


def test_a_link_loop_is_a_problem_not_a_traceback(make_company, data_dir):
    folder = make_company()
    (folder / "retention.csv").symlink_to(folder / "retention.csv")
    company = io.load_company("test-co", data_dir)
    assert company.sources["retention.csv"] == "invalid"
    assert len(errors_of(company, "retention.csv")) == 1


def test_a_named_pipe_is_refused_at_once(make_company, data_dir):
    folder = make_company()
    os.mkfifo(folder / "kano_survey.csv")
    started = time.monotonic()
    company = io.load_company("test-co", data_dir)
    assert time.monotonic() - started < 30
    assert errors_of(company, "kano_survey.csv") == [
        "a regular file; this is a named pipe, which the workbook never reads"
    ]


def test_size_limits_are_checked_before_reading(make_company, data_dir):
    folder = make_company()
    # Sparse files: their size is over the limit, yet they take no disk and are never read.
    with open(folder / "pmf_survey.csv", "wb") as stream:
        stream.truncate(safeload.limit("survey_csv_bytes") + 1)
    with open(folder / "team_assessment.yaml", "wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    company = io.load_company("test-co", data_dir)
    assert errors_of(company, "pmf_survey.csv") == [
        "a file of at most 256 MiB (the contract's limit); this one is 268,435,457 bytes"
    ]
    assert errors_of(company, "team_assessment.yaml") == [
        "a file of at most 256 KiB (the contract's limit); this one is 50 MiB"
    ]


def test_a_50_mb_company_name_is_refused_by_the_file_size(make_company, data_dir):
    folder = make_company()
    (folder / "company.yaml").write_text(
        "name: " + "N" * (50 * 1024 * 1024) + "\nstage: pmf\nstarted: 2025-01-01\n",
        encoding="utf-8",
    )
    problems = io.validate_company("test-co", data_dir)
    assert errors_of(problems, "company.yaml") == [
        "a file of at most 256 KiB (the contract's limit); this one is 50 MiB"
    ]


def test_read_contract_bytes_is_the_shared_reader(tmp_path):
    (tmp_path / "features.csv").write_text(FEATURES, encoding="utf-8")
    raw, problems = io.read_contract_bytes(tmp_path / "features.csv", root=tmp_path)
    assert (raw, problems) == (FEATURES.encode(), [])
    os.mkfifo(tmp_path / "pipe.csv")
    raw, problems = io.read_contract_bytes(tmp_path / "pipe.csv")
    assert raw is None
    assert [str(p) for p in problems] == [
        "pipe.csv: a regular file; this is a named pipe, which the workbook never reads"
    ]


def test_read_regular_file_refuses_a_file_that_grows_past_its_limit(tmp_path):
    path = tmp_path / "company.yaml"
    path.write_bytes(b"x" * 100)
    assert safeload.read_regular_file(path, tmp_path, 100) == b"x" * 100
    with pytest.raises(safeload.RefusedFile, match="at most 99 bytes"):
        safeload.read_regular_file(path, tmp_path, 99)


def test_long_cells_are_found_in_the_raw_lines_with_their_column():
    raw = ('\ufeffid,"a, b",c\n1,"' + "y," * 30 + '",' + "z" * 50 + "\r\n").encode()
    cells = safeload.long_cells(raw, 40)
    assert [(c.line, c.column, c.length) for c in cells] == [(2, "a, b", 60), (2, "c", 50)]
    assert safeload.long_cells(b"a,b\n1,2\n", 40) == []


def test_a_cell_over_the_limit_in_a_small_file_names_row_and_column(make_company, data_dir):
    comment = "w" * 2001
    header = "respondent_id,submitted_at,answer,improvement\n"
    make_company(files={"pmf_survey.csv": f"{header}r1,2025-03-01,very,{comment}\n"})
    company = io.load_company("test-co", data_dir)
    [problem] = [p for p in company.problems if p.file == "pmf_survey.csv"]
    assert (problem.row, problem.column) == (2, "improvement")
    assert problem.expected.startswith("a cell of at most 2,000 characters (this one has 2,001")


def test_list_shows_a_pipe_as_present_and_validate_refuses_it(make_company, data_dir, capsys):
    from workbook import cli

    folder = make_company()
    os.mkfifo(folder / "features.csv")
    assert cli.main(["list", "--data-dir", str(data_dir)]) == 0
    assert "files: features.csv" in capsys.readouterr().out
    assert cli.main(["validate", "--data-dir", str(data_dir)]) == 1
    assert "named pipe" in capsys.readouterr().out


def test_only_the_contract_files_are_read(make_company, data_dir, monkeypatch):
    """Unrelated files beside the contract's (payroll, minutes) are never opened."""
    folder = make_company(files={"features.csv": FEATURES})
    (folder / "payroll.csv").write_text("name,salary\n", encoding="utf-8")
    (folder / "private").mkdir()
    (folder / "private" / "minutes.txt").write_text("secret", encoding="utf-8")
    opened: list[str] = []
    original = safeload.read_regular_file

    def spy(path: Path, root: Path, max_bytes: int) -> bytes:
        opened.append(Path(path).name)
        return original(path, root, max_bytes)

    monkeypatch.setattr(safeload, "read_regular_file", spy)
    io.load_company("test-co", data_dir)
    assert "payroll.csv" not in opened and "minutes.txt" not in opened
    assert set(opened) <= {*io.DATA_FILES, "company.yaml", "team_assessment.yaml", "belonging.yaml"}


def test_a_companies_folder_linked_to_a_shared_disk_still_works(
    data_dir, tmp_path_factory, make_company
):
    folder = make_company(files={"features.csv": FEATURES})
    shared = tmp_path_factory.mktemp("shared-disk") / "companies"
    (data_dir / "companies").rename(shared)
    (data_dir / "companies").symlink_to(shared)
    outside = tmp_path_factory.mktemp("elsewhere") / "shadow"
    outside.write_text("secret\n", encoding="utf-8")
    (shared / folder.name / "retention.csv").symlink_to(outside)
    company = io.load_company("test-co", data_dir)
    assert company.sources["features.csv"] == "ok"
    assert company.sources["retention.csv"] == "invalid"
