"""`workbook import`: each tool's export, laid out like the real one, imports in one command.

The fixtures in tests/fixtures/imports/ follow the layouts described in docs/importing.md, with
made-up respondents and the awkward cases (BOM, UTF-16, two and three header rows, repeated
Other columns, grids, time zones, preview/partial flags, resubmissions, segment case). The
expected figures are computed by hand in each test.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from workbook import cli, io
from workbook.importers.run import MAPPING_FILE, import_file

FIXTURES = Path(__file__).parent / "fixtures" / "imports"

COMPANY_YAML = "name: Acme\nstage: pre-pmf\nstarted: 2025-06-01\n"
FEATURES = "feature,area,change,importance\noffline mode,core,new,4\na shared inbox,core,kept,5\n"


@pytest.fixture
def acme(data_dir: Path) -> Path:
    """A company named Acme (the product's name in the exports' questions)."""
    folder = data_dir / "companies" / "acme"
    folder.mkdir()
    (folder / "company.yaml").write_text(COMPANY_YAML, encoding="utf-8")
    (folder / "features.csv").write_text(FEATURES, encoding="utf-8")
    return folder


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assess(capsys, data_dir: Path) -> dict:
    code, out, _ = run_cli(capsys, "assess", "acme", "--json", "--data-dir", str(data_dir))
    record = json.loads(out)["companies"][0]
    assert record["assessed"], record["problems"]
    assert code == 0
    return record["assessments"]


def errors(data_dir: Path) -> list[str]:
    return [str(p) for p in io.validate_company("acme", data_dir) if p.severity == "error"]


# Share very disappointed and n (people still using the product), counted by hand from each
# fixture: see the comments for who is kept and why.
PMF_CASES = [
    # r1 very, r2 not, r3 N/A (en dash + product name), r5 resubmits the same day: 18:00 "very"
    # replaces 09:00 "somewhat" although Typeform lists newest first; r4 used it once
    # (ineligible), r6 partial → 2 very of 3
    ("typeform_pmf.csv", 2 / 3, 3),
    # ana resubmits (later row wins: somewhat), ben somewhat, dee "Mildly disappointed"
    # (somewhat), eve very; cy "Not at all" in the last two weeks (ineligible) → 1 of 4
    ("google_forms_pmf.csv", 1 / 4, 4),
    # times written "11:30:00 PM GMT+1": one very, one not → 1 of 2
    ("google_forms_download_pmf.csv", 1 / 2, 2),
    # two header rows; very, very, somewhat, not; one unanswered → 2 of 4
    ("surveymonkey_pmf.csv", 2 / 4, 4),
    # three header rows; preview and unfinished left out; very, not, very, somewhat → 2 of 4
    ("qualtrics_pmf.csv", 2 / 4, 4),
    # w1 answers twice (latest very), w2 somewhat, w3 very, w4 N/A → 2 of 3
    ("tally_pmf.csv", 2 / 3, 3),
    # "Not at all disappointed" (the PMF template's wording); one unfinished → 2 of 4
    ("formbricks_pmf.csv", 2 / 4, 4),
]


@pytest.mark.parametrize(("fixture", "share", "n"), PMF_CASES)
def test_a_sean_ellis_export_imports_in_one_command(capsys, data_dir, acme, fixture, share, n):
    source = FIXTURES / fixture
    before = source.read_bytes()
    code, out, err = run_cli(
        capsys, "import", str(source), "--company", "acme", "--data-dir", str(data_dir)
    )
    assert code == 0, err
    assert "written" in out
    assert source.read_bytes() == before  # the export is only read
    assert errors(data_dir) == []
    waves = assess(capsys, data_dir)["ttpmf"]["figures"]["waves"]
    assert [wave["n"] for wave in waves] == [n]
    assert waves[0]["share"] == pytest.approx(share)


def test_qualtrics_time_zone_dates_answers_with_the_company_time_zone(capsys, data_dir, acme):
    yaml_path = acme / "company.yaml"
    yaml_path.write_text(COMPANY_YAML + "timezone: America/Denver\n", encoding="utf-8")
    import_file(FIXTURES / "qualtrics_pmf.csv", "acme", data_dir=str(data_dir))
    waves = assess(capsys, data_dir)["ttpmf"]["figures"]["waves"]
    # 17:30 on 19 January in Denver is already the 20th in UTC; with the company's zone it is
    # the 19th
    assert (waves[0]["start"], waves[0]["end"]) == ("2026-01-19", "2026-01-21")


def test_without_a_company_time_zone_the_importer_says_how_to_set_it(data_dir, acme):
    result = import_file(FIXTURES / "qualtrics_pmf.csv", "acme", data_dir=str(data_dir))
    assert any("timezone: America/Denver" in note for note in result.notes)


def test_kano_pairs_from_a_utf16_qualtrics_tsv(capsys, data_dir, acme):
    result = import_file(FIXTURES / "qualtrics_kano.tsv", "acme", data_dir=str(data_dir))
    assert result.kind == "kano"
    assert (result.dropped["preview"], result.dropped["partial"]) == (1, 1)
    assert errors(data_dir) == []
    kano = assess(capsys, data_dir)["differentiation"]["figures"]["kano"]
    # offline mode: like/dislike O, like/neutral A, like/tolerate A, neutral/neutral I
    assert kano["offline mode"]["counts"] == {"M": 0, "O": 1, "A": 2, "I": 1, "R": 0, "Q": 0}
    # shared inbox: expect/dislike M twice, neutral/neutral I, expect/tolerate I
    assert kano["a shared inbox"]["counts"] == {"M": 2, "O": 0, "A": 0, "I": 2, "R": 0, "Q": 0}


GRID_INSTRUMENT = """\
name: Grid scale
scale: {min: 1, max: 5}
scoring: mean
subscales:
  - {id: trust, label: Trust}
  - {id: safety, label: Safety}
items:
  - {id: t1, text: "I can count on members [even strangers] here.", subscale: trust}
  - {id: s1, text: "I feel safe asking questions.", subscale: safety}
  - {id: s2, text: "I hold back from posting.", subscale: safety, reversed: true}
"""


def test_belonging_grid_with_brackets_in_a_row_label(capsys, data_dir, acme):
    (data_dir / "instruments" / "belonging.yaml").write_text(GRID_INSTRUMENT, encoding="utf-8")
    result = import_file(FIXTURES / "google_forms_belonging.csv", "acme", data_dir=str(data_dir))
    assert result.kind == "belonging"
    assert set(result.mapping) == {"t1", "s1", "s2", "segment"}
    company = io.load_company("acme", data_dir)
    survey = company.belonging_survey
    assert survey["t1"].tolist() == [5, 4, 4]
    assert survey["s1"].tolist() == [4, 3, 2]
    assert survey["s2"].tolist() == [2, 1, 4]
    # "Founder" and "founder" are one segment
    assert sorted(set(survey["segment"])) == ["Engineer", "Founder"]
    # subscale means by hand: trust (5+4+4)/3; safety per person mean(s1, 6 - s2)
    trust = (5 + 4 + 4) / 3
    safety = ((4 + 4) / 2 + (3 + 5) / 2 + (2 + 2) / 2) / 3
    from workbook.belonging.compute import score_responses

    scores = score_responses(survey, company.instrument)
    assert scores["trust"].mean() == pytest.approx(trust)
    assert scores["safety"].mean() == pytest.approx(safety)


@pytest.mark.parametrize("zipped", [False, True])
def test_events_table_gives_monthly_cohorts_without_unfinished_months(
    data_dir, acme, tmp_path, zipped
):
    source = FIXTURES / "events.csv"
    if zipped:
        archive = tmp_path / "events-export.zip"
        with zipfile.ZipFile(archive, "w") as bundle:
            bundle.write(source, "export/events.csv")
        source = archive
    import_file(source, "acme", data_dir=str(data_dir))
    retention = io.load_company("acme", data_dir).retention
    rows = [
        (c.strftime("%Y-%m"), p, a)
        for c, p, a in retention[["cohort", "period", "active_users"]].itertuples(index=False)
    ]
    # January: u1–u4, two back in February; March (data end 21 March) is unfinished, so
    # neither January's period 2 nor a March cohort is counted
    assert rows == [("2026-01", 0, 4), ("2026-01", 1, 2), ("2026-02", 0, 2)]


def test_reimporting_the_same_file_changes_nothing(data_dir, acme):
    import_file(FIXTURES / "typeform_pmf.csv", "acme", data_dir=str(data_dir))
    target = acme / "pmf_survey.csv"
    before = target.read_bytes()
    result = import_file(FIXTURES / "typeform_pmf.csv", "acme", data_dir=str(data_dir))
    assert not result.changed and not result.written
    assert (result.added, result.already) == (0, 4)
    assert target.read_bytes() == before
    assert not (acme / ".history").exists()


def test_a_later_export_adds_a_wave_and_keeps_the_earlier(capsys, data_dir, acme):
    import_file(FIXTURES / "typeform_pmf.csv", "acme", data_dir=str(data_dir))
    first = (acme / "pmf_survey.csv").read_text()
    result = import_file(FIXTURES / "typeform_pmf_later.csv", "acme", data_dir=str(data_dir))
    assert (result.added, result.already) == (2, 4)
    assert len(list((acme / ".history").iterdir())) == 1
    assert (acme / ".history").iterdir().__next__().read_text() == first
    waves = assess(capsys, data_dir)["ttpmf"]["figures"]["waves"]
    # wave 1 as before (2 of 3); wave 2: r2 and r7 both very disappointed (r2 is a panel
    # member answering again in a new wave, so both of r2's answers count)
    assert [(w["n"], round(w["share"], 4)) for w in waves] == [(3, round(2 / 3, 4)), (2, 1.0)]


def test_resubmission_is_decided_by_time_whatever_the_row_order(data_dir, acme, tmp_path):
    lines = (FIXTURES / "typeform_pmf.csv").read_bytes().decode("utf-8-sig").splitlines()
    reversed_export = tmp_path / "oldest_first.csv"
    reversed_export.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n")
    import_file(reversed_export, "acme", data_dir=str(data_dir))
    survey = io.load_company("acme", data_dir).pmf_survey
    assert dict(zip(survey["respondent_id"], survey["answer"], strict=True))["r5"] == "very"


def test_dry_run_prints_mapping_counts_and_headline_and_writes_nothing(capsys, data_dir, acme):
    code, out, _ = run_cli(
        capsys,
        "import",
        str(FIXTURES / "typeform_pmf.csv"),
        "--company",
        "acme",
        "--dry-run",
        "--data-dir",
        str(data_dir),
    )
    assert code == 0
    assert "answer" in out and "'How would you feel if you could no longer use Acme?'" in out
    for line in ("left out (partial): 1", "left out (duplicate): 1", "left out (ineligible): 1"):
        assert line in out
    assert "66.7% very disappointed (n = 3" in out
    assert "dry run: nothing written" in out
    assert not (acme / "pmf_survey.csv").exists()
    assert not (acme / MAPPING_FILE).exists()


def test_a_killed_import_leaves_the_previous_file_intact(data_dir, acme, monkeypatch):
    import_file(FIXTURES / "typeform_pmf.csv", "acme", data_dir=str(data_dir))
    target = acme / "pmf_survey.csv"
    before = target.read_bytes()

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        import_file(FIXTURES / "typeform_pmf_later.csv", "acme", data_dir=str(data_dir))
    assert target.read_bytes() == before
    assert not [p for p in acme.iterdir() if p.name.endswith(".tmp")]


def test_the_saved_mapping_imports_the_next_wave_and_fixes_an_ambiguous_one(
    capsys, data_dir, acme, tmp_path
):
    export = tmp_path / "renamed.csv"
    export.write_text(
        "Submission ID,Respondent ID,Submitted at,"
        "How would you feel if you could no longer use Acme (web)?,"
        "How would you feel if you could no longer use Acme (mobile)?\n"
        "s1,a,2026-02-12 08:00:00,Very disappointed,Very disappointed\n"
    )
    code, _, err = run_cli(
        capsys, "import", str(export), "--company", "acme", "--data-dir", str(data_dir)
    )
    assert code == 1
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) >= 1
    assert "answer matches several columns" in err
    assert "'How would you feel if you could no longer use Acme (web)?'" in err
    assert MAPPING_FILE in err
    (acme / MAPPING_FILE).write_text(
        "pmf:\n  columns:\n"
        '    answer: "How would you feel if you could no longer use Acme (web)?"\n',
        encoding="utf-8",
    )
    code, out, err = run_cli(
        capsys, "import", str(export), "--company", "acme", "--data-dir", str(data_dir)
    )
    assert code == 0, err
    assert "1 new" in out


BAD_FILES = [
    # (file name, content, what the one-line message must name)
    ("unknown.csv", "name,score\nx,1\n", ("unknown.csv", "row 1", "a known export layout")),
    (
        "bad_answer.csv",
        "Submission ID,Respondent ID,Submitted at,How would you feel if you could no longer "
        "use Acme?\ns1,a,2026-02-12 08:00:00,Very disappointed\ns2,b,2026-02-12 09:00:00,meh\n",
        ("bad_answer.csv", "row 3", "column 'How would you feel", "'meh'", "Not at all"),
    ),
    (
        "bad_time.csv",
        "Submission ID,Respondent ID,Submitted at,How would you feel if you could no longer "
        "use Acme?\ns1,a,12 Feb 2026,Very disappointed\n",
        ("bad_time.csv", "row 2", "column 'Submitted at'", "'12 Feb 2026'"),
    ),
    (
        "latin1.csv",
        b"Timestamp,How would you feel if you could no longer use Acme?\n"
        b"2/3/2026 9:15:02,Tr\xe8s\n",
        ("latin1.csv", "row 2", "UTF-8"),
    ),
    (
        "no_questions.csv",
        "Submission ID,Respondent ID,Submitted at,Favourite colour\ns1,a,2026-02-12 08:00:00,red\n",
        ("no_questions.csv", "row 1", "workbook survey"),
    ),
    (
        "bad_event.csv",
        "user_id,timestamp\nu1,2026-01-05T10:00:00Z\nu2,yesterday\n",
        ("bad_event.csv", "row 3", "column 'timestamp'", "'yesterday'"),
    ),
]


@pytest.mark.parametrize(("name", "content", "named"), BAD_FILES)
def test_bad_files_get_one_clear_message(capsys, data_dir, acme, tmp_path, name, content, named):
    source = tmp_path / name
    if isinstance(content, bytes):
        source.write_bytes(content)
    else:
        source.write_text(content, encoding="utf-8")
    code, out, err = run_cli(
        capsys, "import", str(source), "--company", "acme", "--data-dir", str(data_dir)
    )
    assert code == 1
    assert "Traceback" not in err + out
    assert err.startswith("Cannot import: ")
    for text in named:
        assert text in err
    assert not (acme / "pmf_survey.csv").exists()


def test_a_missing_export_is_a_message(capsys, data_dir, acme, tmp_path):
    code, _, err = run_cli(
        capsys,
        "import",
        str(tmp_path / "nope.csv"),
        "--company",
        "acme",
        "--data-dir",
        str(data_dir),
    )
    assert code == 1 and "an existing export file" in err


def test_fixtures_keep_the_awkward_encodings():
    """The fixtures carry a BOM (Typeform) and UTF-16 (Qualtrics TSV), as the tools write them."""
    typeform = (FIXTURES / "typeform_pmf.csv").read_bytes()
    assert typeform.startswith(b"\xef\xbb\xbf#,")
    assert (FIXTURES / "qualtrics_kano.tsv").read_bytes().startswith(b"\xff\xfe")


@pytest.mark.parametrize(
    ("fixture", "share", "n"),
    [("typeform_pmf.csv", 2 / 3, 3), ("qualtrics_pmf.csv", 2 / 4, 4)],
)
def test_xlsx_exports_import_like_their_csv(data_dir, acme, tmp_path, fixture, share, n):
    openpyxl = pytest.importorskip("openpyxl")
    import csv

    book = openpyxl.Workbook()
    sheet = book.active
    text = (FIXTURES / fixture).read_bytes().decode("utf-8-sig")
    for row in csv.reader(text.splitlines()):
        sheet.append(row)
    workbook_path = tmp_path / fixture.replace(".csv", ".xlsx")
    book.save(workbook_path)
    result = import_file(workbook_path, "acme", data_dir=str(data_dir))
    assert result.written
    from workbook.ttpmf.compute import sean_ellis

    score = sean_ellis(io.load_company("acme", data_dir).pmf_survey["answer"])
    assert (score.share, score.n) == (pytest.approx(share), n)


def test_activity_imports_say_what_to_do_instead(capsys, data_dir, acme, tmp_path):
    source = tmp_path / "slack.csv"
    source.write_text("user_id,timestamp\nu1,2026-01-05T10:00:00Z\n")
    code, _, err = run_cli(
        capsys,
        "import",
        str(source),
        "--company",
        "acme",
        "--as",
        "activity",
        "--data-dir",
        str(data_dir),
    )
    assert code == 1
    # an events table is no activity export: the message says which exports are read
    assert "community_activity.csv" in err and "Slack member analytics" in err


def test_missing_survey_data_names_the_commands_that_fill_it(data_dir, acme):
    company = io.load_company("acme", data_dir)
    message = company.missing_message("pmf_survey.csv")
    assert "workbook survey pmf --company acme" in message
    assert "workbook import EXPORT --company acme" in message
    assert "workbook import EVENTS.csv --company acme" in company.missing_message("retention.csv")


def test_responses_after_as_of_are_left_out(data_dir, acme):
    (acme / "company.yaml").write_text(COMPANY_YAML + "as_of: 2026-02-09\n", encoding="utf-8")
    result = import_file(FIXTURES / "typeform_pmf.csv", "acme", data_dir=str(data_dir))
    # r5's two answers of 10 February are after as_of; r1, r2, r3 remain (r4 ineligible)
    assert result.dropped["after as_of"] == 2
    assert sorted(io.load_company("acme", data_dir).pmf_survey["respondent_id"]) == [
        "r1",
        "r2",
        "r3",
    ]


def test_a_broken_contract_file_is_not_merged_into(capsys, data_dir, acme):
    target = acme / "pmf_survey.csv"
    target.write_text('respondent_id,submitted_at,answer\na,"2026-01-01,very\nb,2026\n')
    before = target.read_bytes()
    code, _, err = run_cli(
        capsys,
        "import",
        str(FIXTURES / "tally_pmf.csv"),
        "--company",
        "acme",
        "--data-dir",
        str(data_dir),
    )
    assert code == 1 and "Traceback" not in err
    assert "pmf_survey.csv" in err
    assert target.read_bytes() == before


def test_a_header_only_export_imports_nothing(data_dir, acme, tmp_path):
    source = tmp_path / "empty.csv"
    source.write_text(
        "Submission ID,Respondent ID,Submitted at,"
        "How would you feel if you could no longer use Acme?\n"
    )
    result = import_file(source, "acme", kind="pmf", data_dir=str(data_dir))
    assert (result.kept, result.added) == (0, 0)
    assert io.load_company("acme", data_dir).pmf_survey is None


def test_google_times_keep_their_offset_and_day_first_dates_are_recognised(tmp_path):
    from workbook.importers import google_forms
    from workbook.importers.source import read_table

    download = google_forms.read(read_table(FIXTURES / "google_forms_download_pmf.csv"))
    assert download.frame["_submitted"].tolist() == [
        "2026-02-03 23:30:00+01:00",
        "2026-02-04 00:30:00+01:00",
    ]
    sheet = tmp_path / "uk_sheet.csv"
    sheet.write_text(
        "Timestamp,How would you feel if you could no longer use Acme?\n"
        "03/02/2026 09:00:00,Very disappointed\n"
        "25/02/2026 10:00:00,Not disappointed\n"
    )
    export = google_forms.read(read_table(sheet))
    assert export.frame["_submitted"].tolist() == ["2026-02-03 09:00:00", "2026-02-25 10:00:00"]
    assert any("day first" in note for note in export.notes)
