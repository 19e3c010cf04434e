"""`workbook import --as retention`: Amplitude, PostHog and Mixpanel retention chart exports.

The fixtures in tests/fixtures/imports/*_retention.csv follow the layouts described in
docs/importing.md (made-up cohorts). A cell is kept only when its cohort's period has finished
by the company's ``as_of``; later cells (blank, ``0`` or ``0%`` in the export) are censored.
The expected cohorts are computed by hand in each test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbook import cli, io
from workbook.importers.run import import_file

FIXTURES = Path(__file__).parent / "fixtures" / "imports"


def company(data_dir: Path, as_of: str | None) -> Path:
    folder = data_dir / "companies" / "acme"
    folder.mkdir()
    text = "name: Acme\nstage: pre-pmf\nstarted: 2025-06-01\n"
    if as_of:
        text += f"as_of: {as_of}\n"
    (folder / "company.yaml").write_text(text, encoding="utf-8")
    return folder


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def cohorts(data_dir: Path) -> list[tuple[str, int, int]]:
    retention = io.load_company("acme", data_dir).retention
    return [
        (c.strftime("%Y-%m"), int(p), int(a))
        for c, p, a in retention[["cohort", "period", "active_users"]].itertuples(index=False)
    ]


def retention_shape(capsys, data_dir: Path) -> str:
    code, out, _ = run_cli(capsys, "assess", "acme", "--json", "--data-dir", str(data_dir))
    record = json.loads(out)["companies"][0]
    assert code == 0 and record["assessed"], record["problems"]
    return record["assessments"]["ttpmf"]["figures"]["retention_shape"]


# As of 30 April 2026 January has had 4 whole months (periods 0–3), February 3, March 2,
# April 1: everything to the right of that is censored, whatever the export wrote there.
# PostHog and Amplitude: the same 40/50/20/30 users (Amplitude as shares: 55% of 40 = 22, …).
SMALL = [
    ("2026-01", 0, 40),
    ("2026-01", 1, 22),
    ("2026-01", 2, 18),
    ("2026-01", 3, 16),
    ("2026-02", 0, 50),
    ("2026-02", 1, 25),
    ("2026-02", 2, 21),
    ("2026-03", 0, 20),
    ("2026-03", 1, 11),
    ("2026-04", 0, 30),
]
# Mixpanel: period 0 is the Size column ("1,000" with a thousands comma), not "< 1 Month"
MIXPANEL = [
    ("2026-01", 0, 1000),
    ("2026-01", 1, 550),
    ("2026-01", 2, 450),
    ("2026-01", 3, 400),
    ("2026-02", 0, 500),
    ("2026-02", 1, 250),
    ("2026-02", 2, 210),
    ("2026-03", 0, 200),
    ("2026-03", 1, 110),
    ("2026-04", 0, 300),
]


@pytest.mark.parametrize(
    ("fixture", "tool", "expected"),
    [
        ("posthog_retention.csv", "PostHog", SMALL),
        ("amplitude_retention.csv", "Amplitude", SMALL),
        ("mixpanel_retention.csv", "Mixpanel", MIXPANEL),
    ],
)
def test_a_retention_chart_export_imports_in_one_command(capsys, data_dir, fixture, tool, expected):
    folder = company(data_dir, "2026-04-30")
    code, out, err = run_cli(
        capsys,
        "import",
        str(FIXTURES / fixture),
        "--company",
        "acme",
        "--as",
        "retention",
        "--data-dir",
        str(data_dir),
    )
    assert code == 0, err
    assert f"{tool} export → retention.csv" in out
    assert cohorts(data_dir) == expected
    assert not [p for p in io.validate_company("acme", data_dir) if p.severity == "error"]
    # four periods at most: too few to judge the curve's shape, and said so
    assert retention_shape(capsys, data_dir) == "not enough periods"
    before = (folder / "retention.csv").read_text(encoding="utf-8")
    again = import_file(FIXTURES / fixture, "acme", "retention", data_dir=str(data_dir))
    assert not again.changed
    assert (folder / "retention.csv").read_text(encoding="utf-8") == before


def test_without_as_of_the_export_is_judged_as_of_its_last_month_with_users(data_dir):
    company(data_dir, None)
    result = import_file(FIXTURES / "posthog_retention.csv", "acme", data_dir=str(data_dir))
    # the April cohort (and March's period 1) prove 1 April has come, nothing later: January
    # has 3 whole months by then, February 2, March 1, April none
    assert cohorts(data_dir) == SMALL[:3] + SMALL[4:6] + SMALL[7:8]
    assert any("set as_of" in note for note in result.notes)


def test_cells_the_tool_marks_unfinished_are_left_out_whatever_the_as_of(data_dir, tmp_path):
    company(data_dir, "2026-12-31")
    source = tmp_path / "retention.csv"
    # an export taken in mid-March: Mixpanel marks February's month 1 and March's first
    # interval with an asterisk (still in progress); as_of alone would keep them
    source.write_text(
        "Date,Size,< 1 Month,Month 1,Month 2\n"
        "2026-01-01,10,10,6,5*\n"
        "2026-02-01,20,19,8*,\n"
        "2026-03-01,30,12*,,\n",
        encoding="utf-8",
    )
    result = import_file(source, "acme", "retention", data_dir=str(data_dir))
    assert cohorts(data_dir) == [("2026-01", 0, 10), ("2026-01", 1, 6), ("2026-02", 0, 20)]
    assert result.dropped["period not finished"] == 3


def grid(values: list[int], cohorts: int, as_zero: bool) -> str:
    """A Mixpanel-style grid of ``cohorts`` monthly cohorts of 100 from January 2026, each
    retaining ``values`` per period; periods not finished by 31 August hold 0 when
    ``as_zero`` (as the export writes them)."""
    header = "Date,Total,< 1 Month," + ",".join(f"Month {p}" for p in range(1, len(values)))
    lines = [header]
    for index in range(cohorts):
        elapsed = cohorts - index  # whole months by 31 August
        cells = [str(v) if p < elapsed else ("0" if as_zero else "") for p, v in enumerate(values)]
        lines.append(f"2026-{index + 1:02d}-01,100," + ",".join(cells))
    return "\n".join(lines) + "\n"


def test_future_zeros_in_a_full_grid_do_not_read_as_a_collapse(capsys, data_dir, tmp_path):
    folder = company(data_dir, "2026-08-31")
    values = [100, 50, 42, 41, 41, 41, 41, 41]
    source = tmp_path / "retention-report.csv"
    source.write_text(grid(values, 8, as_zero=True), encoding="utf-8")
    result = import_file(source, "acme", "retention", data_dir=str(data_dir))
    # cohort i (January = 0) has 8 - i whole months: 36 cells kept, the 28 zeros after left out
    assert result.dropped["period not finished"] == 28
    rows = cohorts(data_dir)
    assert len(rows) == 36 and all(active > 0 for _, _, active in rows)
    # censored: the average curve 1, .5, .42, .41, .41, .41 levels off at 41%
    assert retention_shape(capsys, data_dir) == "flattens"
    # Written as zeros, the same grid still reads "flattens": the assessment censors periods not
    # finished by as_of itself (issue 18), so the importer and the assessment agree.
    zeros = ["cohort,period,active_users"] + [
        f"2026-{c + 1:02d}-01,{p},{values[p] if p < 8 - c else 0}"
        for c in range(8)
        for p in range(8)
    ]
    (folder / "retention.csv").write_text("\n".join(zeros) + "\n", encoding="utf-8")
    assert retention_shape(capsys, data_dir) == "flattens"


BAD_FILES = [
    (
        "amplitude_share.csv",
        '"Segment","Date","Users","Month 0","Month 1"\n'
        '"All Users","Jan 2026","40","100%","33.3%"\n',
        ("amplitude_share.csv", "row 2", "column 'Month 1'", "'33.3%'", "whole number"),
    ),
    (
        "posthog_weekly.csv",
        "cohort,cohort size,Week 0,Week 1\n2026-01-05T00:00:00Z,10,10,4\n",
        ("posthog_weekly.csv", "row 1", "column 'Week 0'", "monthly"),
    ),
    (
        "mixpanel_date.csv",
        "Date,Total,< 1 Month,Month 1\nsoon,10,9,4\n",
        ("mixpanel_date.csv", "row 2", "column 'Date'", "'soon'"),
    ),
    (
        "posthog_text.csv",
        "cohort,cohort size,Month 0,Month 1\n2026-01-01T00:00:00Z,10,10,four\n",
        ("posthog_text.csv", "row 2", "column 'Month 1'", "'four'"),
    ),
    (
        "mixpanel_brackets.csv",
        "Date,Size,< 1 Month,Month 1-3\n2026-01-01,10,9,4\n",
        ("mixpanel_brackets.csv", "row 1", "column 'Month 1-3'", "custom brackets"),
    ),
    (
        "posthog_too_many.csv",
        "cohort,cohort size,Month 0,Month 1\n2026-01-01T00:00:00Z,10,10,12\n",
        ("posthog_too_many.csv", "row 2", "column 'Month 1'", "at most the cohort's 10"),
    ),
]


@pytest.mark.parametrize(("name", "content", "named"), BAD_FILES)
def test_a_bad_retention_file_gets_one_clear_message(
    capsys, data_dir, tmp_path, name, content, named
):
    folder = company(data_dir, "2026-04-30")
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    code, out, err = run_cli(
        capsys,
        "import",
        str(source),
        "--company",
        "acme",
        "--as",
        "retention",
        "--data-dir",
        str(data_dir),
    )
    assert code == 1
    assert "Traceback" not in err + out
    assert err.startswith("Cannot import: ")
    assert len(err.strip().splitlines()) == 1
    for text in named:
        assert text in err
    assert not (folder / "retention.csv").exists()


def test_a_grid_without_a_period_0_column_takes_the_size_as_period_0(data_dir, tmp_path):
    company(data_dir, "2026-03-31")
    source = tmp_path / "retention.csv"
    source.write_text(
        "Date,Users,Month 1,Month 2\n2026-01-01,10,6,5\n2026-02-01,20,8,0\n", encoding="utf-8"
    )
    result = import_file(source, "acme", "retention", data_dir=str(data_dir))
    assert result.tool == "Amplitude"
    assert cohorts(data_dir) == [
        ("2026-01", 0, 10),
        ("2026-01", 1, 6),
        ("2026-01", 2, 5),
        ("2026-02", 0, 20),
        ("2026-02", 1, 8),
    ]


def test_a_posthog_xlsx_export_imports_like_its_csv(data_dir, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    company(data_dir, "2026-04-30")
    book = openpyxl.Workbook()
    sheet = book.active
    lines = (FIXTURES / "posthog_retention.csv").read_text(encoding="utf-8").splitlines()
    sheet.append(lines[0].split(","))
    for line in lines[1:]:
        # PostHog's XLSX writer stores counts as numbers and leaves unreached periods empty
        cohort, *numbers = line.split(",")
        sheet.append([cohort, *(int(n) if n else None for n in numbers)])
    source = tmp_path / "retention-insight.xlsx"
    book.save(source)
    result = import_file(source, "acme", "retention", data_dir=str(data_dir))
    assert result.tool == "PostHog"
    assert cohorts(data_dir) == SMALL


def test_an_export_with_several_segments_is_refused_with_the_row(capsys, data_dir, tmp_path):
    company(data_dir, "2026-04-30")
    source = tmp_path / "amplitude_segments.csv"
    source.write_text(
        "Segment,Date,Users,Month 0,Month 1\n"
        "Paid,Jan 2026,10,100%,50%\n"
        "Free,Jan 2026,30,100%,20%\n",
        encoding="utf-8",
    )
    code, _, err = run_cli(
        capsys, "import", str(source), "--company", "acme", "--data-dir", str(data_dir)
    )
    assert code == 1
    assert "amplitude_segments.csv, row 3, column 'Segment'" in err
    assert "one segment per export" in err
