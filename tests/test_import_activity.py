"""`workbook import --as activity`: Slack member analytics and Discourse reports.

The fixtures follow the layouts described in docs/importing.md with made-up members:
tests/fixtures/imports/Acme Member Analytics Jan 12, 2026 - Jan 18, 2026.csv (one row per
member, the week named only in the file name) and tests/fixtures/imports/discourse/ (one report
per CSV, ``Day,Count``, only days with data). The weekly figures are computed by hand below.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from workbook import cli, io

FIXTURES = Path(__file__).parent / "fixtures" / "imports"
SLACK = FIXTURES / "Acme Member Analytics Jan 12, 2026 - Jan 18, 2026.csv"
DISCOURSE = FIXTURES / "discourse"


def company(data_dir: Path, as_of: str = "2026-01-25") -> Path:
    folder = data_dir / "companies" / "acme"
    folder.mkdir()
    text = f"name: Acme\nstage: pre-pmf\nstarted: 2025-06-01\nas_of: {as_of}\n"
    (folder / "company.yaml").write_text(text, encoding="utf-8")
    return folder


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def import_activity(capsys, data_dir: Path, source: Path, *extra: str) -> tuple[int, str, str]:
    return run_cli(
        capsys,
        "import",
        str(source),
        "--company",
        "acme",
        "--as",
        "activity",
        *extra,
        "--data-dir",
        str(data_dir),
    )


def belonging(capsys, data_dir: Path) -> dict:
    code, out, _ = run_cli(capsys, "assess", "acme", "--json", "--data-dir", str(data_dir))
    record = json.loads(out)["companies"][0]
    assert code == 0, record
    return record["assessments"]["belonging"]


def discourse_zip(tmp_path: Path, *reports: str) -> Path:
    """A zip of the Discourse report CSVs whose names start with ``reports`` (all by default)."""
    archive = tmp_path / "discourse-reports.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for csv_file in sorted(DISCOURSE.glob("*.csv")):
            if not reports or csv_file.name.startswith(reports):
                zipped.write(csv_file, csv_file.name)
    return archive


def activity_rows(data_dir: Path) -> list[dict]:
    loaded = io.load_company("acme", data_dir)
    assert not loaded.errors, loaded.errors
    frame = loaded.community_activity
    frame = frame.assign(week=frame["week"].dt.strftime("%Y-%m-%d"))
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def test_slack_week_imports_people_not_rows_and_assess_judges_what_it_has(
    capsys, data_dir, tmp_path
):
    folder = company(data_dir)
    source = tmp_path / SLACK.name  # the export keeps Slack's file name, which holds the week
    shutil.copy(SLACK, source)
    before = source.read_bytes()
    code, out, err = import_activity(capsys, data_dir, source)
    assert code == 0, err
    assert source.read_bytes() == before  # the export is only read
    # Six rows; Eli was deactivated before the week and Fay joined after it: 4 members.
    # Active on at least one day: Ana (3), Caro (1), Dev (7) = 3. Messages: 12 + 0 + 2 + 30 = 44.
    rows = activity_rows(data_dir)
    assert rows == [
        {
            "week": "2026-01-12",
            "members": 4.0,
            "active_members": 3.0,
            "posts": 44.0,
            "replies": None,
            "questions": None,
            "questions_answered": None,
            "median_first_response_hours": None,
        }
    ]
    assert "into community_activity.csv: 1 new" in out
    result = belonging(capsys, data_dir)
    health = result["figures"]["health"]
    assert health["active_share"]["latest"] == pytest.approx(3 / 4)
    # replies blank: Slack counts replies among the messages posted
    assert health["interactions"]["latest"] == pytest.approx(44 / 3)
    # answers and first responses are not in a Slack export: reported missing, not zero
    assert health["answered_share"]["latest"] is None
    assert health["response_hours"]["latest"] is None
    note = result["missing"]["community_activity.csv (measures)"]
    assert "Share of questions answered" in note and "Median first response" in note
    assert "Active share" not in note
    assert "workbook import" in note and "--as activity" in note
    assert "community_activity.csv" not in result["missing"]
    assert (folder / "community_activity.csv").is_file()
    from workbook.belonging import assess, present

    inputs = present.inputs_table(assess(io.load_company("acme", data_dir)))
    state = inputs.set_index(inputs.columns[0]).iloc[:, 0]["community_activity.csv"]
    assert state.endswith("(1 weeks); some measures not supplied (see At a glance)")


def test_discourse_zip_gives_weekly_questions_answers_and_response_hours(
    capsys, data_dir, tmp_path
):
    company(data_dir)
    code, out, err = import_activity(capsys, data_dir, discourse_zip(tmp_path))
    assert code == 0, err
    # Weeks shown: 29 Dec (only its Sunday 4 Jan: cut off by the export, left out), 5 Jan,
    # 12 Jan, 19 Jan (last day shown 21 Jan: unfinished, left out).
    # 5 Jan: posts 3+4+2 = 9; topics 2+3 = 5; no response 1 → answered 4; hours median(2.5, 4,
    # 10) = 4. 12 Jan: posts 6+1+3 = 10; topics 4; no response 2 → answered 2; median(1.5,
    # 3.5) = 2.5.
    assert activity_rows(data_dir) == [
        {
            "week": "2026-01-05",
            "members": None,
            "active_members": None,
            "posts": 9.0,
            "replies": None,
            "questions": 5.0,
            "questions_answered": 4.0,
            "median_first_response_hours": 4.0,
        },
        {
            "week": "2026-01-12",
            "members": None,
            "active_members": None,
            "posts": 10.0,
            "replies": None,
            "questions": 4.0,
            "questions_answered": 2.0,
            "median_first_response_hours": 2.5,
        },
    ]
    assert "left out (period not finished): 2" in out
    health = belonging(capsys, data_dir)["figures"]["health"]
    assert health["answered_share"]["latest"] == pytest.approx((4 + 2) / (5 + 4))
    assert health["response_hours"]["latest"] == pytest.approx(3.25)  # median of 4 and 2.5
    assert health["active_share"]["latest"] is None
    assert health["interactions"]["latest"] is None


def test_reimport_changes_nothing_and_other_weeks_and_columns_are_kept(capsys, data_dir, tmp_path):
    folder = company(data_dir)
    target = folder / "community_activity.csv"
    target.write_text(
        "week,members,active_members,posts,replies,questions,questions_answered\n"
        "2025-12-01,40,10,30,12,6,5\n"
        "2026-01-12,50,20,60,25,8,7\n",
        encoding="utf-8",
    )
    archive = discourse_zip(tmp_path)
    code, out, err = import_activity(capsys, data_dir, archive)
    assert code == 0, err
    assert "previous version in" in out
    assert len(list((folder / ".history").iterdir())) == 1
    rows = {row["week"]: row for row in activity_rows(data_dir)}
    assert set(rows) == {"2025-12-01", "2026-01-05", "2026-01-12"}
    assert rows["2025-12-01"]["posts"] == 30.0  # another week, untouched
    # the export's columns replace the week's; the others (members, replies) stay
    assert (rows["2026-01-12"]["members"], rows["2026-01-12"]["replies"]) == (50.0, 25.0)
    assert (rows["2026-01-12"]["posts"], rows["2026-01-12"]["questions_answered"]) == (10.0, 2.0)
    written = target.read_bytes()
    code, out, _ = import_activity(capsys, data_dir, archive)
    assert code == 0
    assert "nothing changed" in out
    assert target.read_bytes() == written
    assert len(list((folder / ".history").iterdir())) == 1


def test_single_discourse_reports_pair_with_the_topics_already_imported(capsys, data_dir, tmp_path):
    company(data_dir)
    topics = next(DISCOURSE.glob("topics-26*.csv"))
    unanswered = next(DISCOURSE.glob("topics-with-no-response-*.csv"))
    # unzipped, one report per command, auto-detected: topics first, then the unanswered ones
    assert (
        run_cli(capsys, "import", str(topics), "--company", "acme", "--data-dir", str(data_dir))[0]
        == 0
    )
    code, _, err = import_activity(capsys, data_dir, unanswered, "--tool", "discourse")
    assert code == 0, err
    rows = activity_rows(data_dir)
    # Alone, the unanswered report's first day is Thursday 8 January: the export may have
    # started mid-week, so that week is left out (censored) rather than undercounted; in the
    # zip above, the other reports show its Monday.
    assert [(r["week"], r["questions"], r["questions_answered"]) for r in rows] == [
        ("2026-01-05", 5.0, None),
        ("2026-01-12", 4.0, 2.0),
    ]


def test_zipped_slack_export_is_dated_by_the_file_inside(capsys, data_dir, tmp_path):
    company(data_dir)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(SLACK, SLACK.name)
    code, out, err = import_activity(capsys, data_dir, archive, "--tool", "slack", "--dry-run")
    assert code == 0, err
    assert "members 4; active_members 3; posts 44 (week of 2026-01-12)" in out
    assert "dry run: nothing written" in out
    assert not (data_dir / "companies" / "acme" / "community_activity.csv").exists()


def test_slack_export_over_more_than_a_week_is_refused(capsys, data_dir, tmp_path):
    company(data_dir)
    source = tmp_path / "Acme Member Analytics Jan 1, 2026 - Jan 31, 2026.csv"
    shutil.copy(SLACK, source)
    code, _, err = import_activity(capsys, data_dir, source)
    assert code == 1 and "Traceback" not in err
    assert source.name in err and "one week per export, Monday to Sunday" in err
    assert not (data_dir / "companies" / "acme" / "community_activity.csv").exists()
    undated = tmp_path / "Acme Member Analytics All time.csv"
    shutil.copy(SLACK, undated)
    code, _, err = import_activity(capsys, data_dir, undated)
    assert code == 1 and "date range in the file name" in err


def test_bad_cells_are_named_by_file_row_and_column(capsys, data_dir, tmp_path):
    company(data_dir)
    posts = tmp_path / "posts-260122-093015.csv"
    posts.write_text("Day,Count\n2026-01-05,3\n2026-01-06,many\n", encoding="utf-8")
    code, _, err = import_activity(capsys, data_dir, posts)
    assert code == 1
    assert err.strip() == (
        "Cannot import: posts-260122-093015.csv, row 3, column 'Count': value 'many': "
        "a whole number ≥ 0"
    )
    slack = tmp_path / SLACK.name
    lines = SLACK.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",0,0,0,0,0,0,0,", ",0,0,0,0,lots,0,0,", 1)
    slack.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = import_activity(capsys, data_dir, slack)
    assert code == 1
    assert f"{SLACK.name}, row 3, column 'Messages posted': value 'lots'" in err


def test_activity_file_with_blank_measures_validates_and_keeps_the_row_rules(
    make_company, data_dir
):
    make_company(
        files={
            "community_activity.csv": "week,posts,questions,questions_answered\n"
            "2026-01-05,9,5,4\n2026-01-12,10,4,6\n"
        }
    )
    loaded = io.load_company("test-co", data_dir)
    assert {(p.row, p.column) for p in loaded.errors} == {(3, "questions_answered")}
