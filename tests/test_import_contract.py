"""The data contract meets real exports: Sean Ellis wordings, timestamps, time zones, segments."""

from __future__ import annotations

import pandas as pd
import pytest

from workbook import io
from workbook.ttpmf.compute import sean_ellis

HEADER = "respondent_id,submitted_at,answer,segment\n"


def pmf_problems(company: io.Company) -> list[io.Problem]:
    return [p for p in company.problems if p.file == "pmf_survey.csv"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("N/A - I no longer use Acme Analytics", "na"),
        ("N/A – I no longer use Acme", "na"),
        ("n/a — i no longer use it", "na"),
        ("Not at all disappointed", "not"),
        ("Mildly disappointed", "somewhat"),
        ("  VERY   disappointed ", "very"),
        ("Somewhat disappointed", "somewhat"),
    ],
)
def test_real_wordings_of_the_sean_ellis_answers_are_accepted(text, code):
    assert io.normalize_pmf_answer(text) == code


@pytest.mark.parametrize("text", ["maybe", "disappointed", "N/A - I still use it", ""])
def test_other_texts_are_not_answers(text):
    assert io.normalize_pmf_answer(text) is None


def test_a_bad_answer_lists_every_accepted_text(make_company, data_dir):
    make_company(files={"pmf_survey.csv": HEADER + "a,2025-03-01,maybe,\n"})
    (problem,) = pmf_problems(io.load_company("test-co", data_dir))
    assert (problem.row, problem.column, problem.value) == (2, "answer", "maybe")
    for text in (
        "Not at all disappointed",
        "Mildly disappointed",
        "N/A - I no longer use <product>",
    ):
        assert text in problem.expected


@pytest.mark.parametrize("newest_first", [True, False])
def test_same_day_resubmission_is_decided_by_time_not_file_order(
    make_company, data_dir, newest_first
):
    rows = [
        "a,2025-03-01 09:00:00,not,",
        "a,2025-03-01 17:30:00,very,",
        "b,2025-03-01T10:00:00Z,somewhat,",
    ]
    if newest_first:
        rows.reverse()
    make_company(files={"pmf_survey.csv": HEADER + "\n".join(rows) + "\n"})
    survey = io.load_company("test-co", data_dir).pmf_survey
    assert dict(zip(survey["respondent_id"], survey["answer"], strict=True)) == {
        "a": "very",
        "b": "somewhat",
    }
    # answers are dated by day after the resubmissions are decided
    assert set(survey["submitted_at"]) == {pd.Timestamp("2025-03-01")}
    assert sean_ellis(survey["answer"]).share == pytest.approx(0.5)


def test_company_time_zone_dates_the_answers(make_company, data_dir):
    folder = make_company(
        files={"pmf_survey.csv": HEADER + "a,2025-03-02T02:30:00Z,very,\nb,2025-03-02,not,\n"}
    )
    yaml_path = folder / "company.yaml"
    yaml_path.write_text(yaml_path.read_text() + "timezone: America/Los_Angeles\n")
    company = io.load_company("test-co", data_dir)
    assert company.config.timezone == "America/Los_Angeles"
    survey = company.pmf_survey
    dated = dict(zip(survey["respondent_id"], survey["submitted_at"], strict=True))
    assert dated == {"a": pd.Timestamp("2025-03-01"), "b": pd.Timestamp("2025-03-02")}


def test_without_a_time_zone_offsets_are_read_as_utc(make_company, data_dir):
    make_company(files={"pmf_survey.csv": HEADER + "a,2025-03-02T02:30:00+05:00,very,\n"})
    survey = io.load_company("test-co", data_dir).pmf_survey
    assert survey["submitted_at"].tolist() == [pd.Timestamp("2025-03-01")]


def test_an_unknown_time_zone_is_an_error_naming_the_key(make_company, data_dir):
    folder = make_company()
    yaml_path = folder / "company.yaml"
    yaml_path.write_text(yaml_path.read_text() + "timezone: Mars/Olympus\n")
    config, problems = io.parse_company_config(yaml_path.read_text())
    assert config is None
    assert [(p.column, p.value) for p in problems] == [("timezone", "Mars/Olympus")]


def test_time_zone_round_trips_through_the_editor_writer():
    config, _ = io.parse_company_config(
        "name: A\nstage: pmf\nstarted: 2025-01-01\ntimezone: Europe/Berlin\n"
    )
    assert config is not None
    assert io.parse_company_config(io.dump_company_config_full(config)) == (config, [])


@pytest.mark.parametrize("bad", ["2025-03-01 25:00", "2025-03-01T10", "01/03/2025 10:00"])
def test_a_bad_timestamp_names_row_and_column(make_company, data_dir, bad):
    make_company(files={"pmf_survey.csv": HEADER + f"a,{bad},very,\n"})
    (problem,) = pmf_problems(io.load_company("test-co", data_dir))
    assert (problem.row, problem.column, problem.value) == (2, "submitted_at", bad)
    assert "YYYY-MM-DD HH:MM" in problem.expected


def test_segment_labels_differing_in_case_or_spaces_are_merged_with_a_warning(
    make_company, data_dir
):
    rows = [
        "a,2025-03-01,very,Finance Teams",
        "b,2025-03-01,not,finance  teams ",
        "c,2025-03-01,very,Finance Teams",
        "d,2025-03-01,not,Agencies",
    ]
    make_company(files={"pmf_survey.csv": HEADER + "\n".join(rows) + "\n"})
    company = io.load_company("test-co", data_dir)
    assert sorted(company.pmf_survey["segment"]) == ["Agencies", *["Finance Teams"] * 3]
    (warning,) = pmf_problems(company)
    assert warning.severity == "warning"
    assert warning.column == "segment"
    assert "'finance  teams'" in warning.expected or "finance teams" in warning.expected.lower()
