"""The data contract: every kind of bad input gives a precise problem, never a crash."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from workbook import io

SURVEY_HEADER = "respondent_id,submitted_at,segment,t1,t2,s1,comment\n"


def problems_of(company: io.Company, file: str) -> list[io.Problem]:
    return [p for p in company.problems if p.file == file]


def only_problem(company: io.Company, file: str) -> io.Problem:
    found = problems_of(company, file)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def test_valid_survey_is_typed(make_company, data_dir):
    make_company(
        files={
            "belonging_survey.csv": SURVEY_HEADER
            + "r1,2025-03-01,teams,4,2,5,great\nr2,2025-03-02,,3,,4,\n"
        }
    )
    company = io.load_company("test-co", data_dir)
    survey = company.belonging_survey
    assert company.sources["belonging_survey.csv"] == "ok"
    assert company.problems == []
    assert list(survey.columns) == [
        "respondent_id",
        "submitted_at",
        "segment",
        "t1",
        "t2",
        "s1",
        "comment",
    ]
    assert pd.api.types.is_datetime64_any_dtype(survey["submitted_at"])
    assert survey["t1"].dtype == "float64"
    assert survey["t2"].isna().tolist() == [False, True]
    assert company.as_of == date(2025, 3, 2)  # latest date in the data


def test_missing_required_column(make_company, data_dir):
    make_company(files={"features.csv": "feature,area,change\nsearch,core,kept\n"})
    company = io.load_company("test-co", data_dir)
    problem = only_problem(company, "features.csv")
    assert problem.severity == "error"
    assert problem.column == "importance"
    assert "missing from the header" in problem.expected
    assert company.features is None
    assert company.sources["features.csv"] == "invalid"


def test_wrong_type_names_row_column_value_and_expectation(make_company, data_dir):
    header = "feature,area,change,importance\n"
    make_company(files={"features.csv": header + "search,core,kept,5\nfeed,core,new,high\n"})
    company = io.load_company("test-co", data_dir)
    problem = only_problem(company, "features.csv")
    assert (problem.row, problem.column, problem.value) == (3, "importance", "high")
    assert problem.expected == "a whole number from 1 to 5"
    assert str(problem) == (
        "features.csv, row 3, column 'importance': value 'high': a whole number from 1 to 5"
    )


def test_out_of_scale_answer(make_company, data_dir):
    make_company(files={"belonging_survey.csv": SURVEY_HEADER + "r1,2025-03-01,,4,7,5,\n"})
    company = io.load_company("test-co", data_dir)
    problem = only_problem(company, "belonging_survey.csv")
    assert (problem.row, problem.column, problem.value) == (2, "t2", "7")
    assert problem.expected == "a whole number from 1 to 5"
    assert company.belonging_survey is None


def test_bad_enum_value(make_company, data_dir):
    make_company(files={"features.csv": "feature,area,change,importance\nsearch,center,kept,3\n"})
    problem = only_problem(io.load_company("test-co", data_dir), "features.csv")
    assert (problem.row, problem.column, problem.value) == (2, "area", "center")
    assert problem.expected == "one of: core, peripheral"


def test_enum_values_are_case_insensitive(make_company, data_dir):
    make_company(files={"features.csv": "feature,area,change,importance\nsearch,Core,KEPT,3\n"})
    company = io.load_company("test-co", data_dir)
    assert company.problems == []
    assert company.features.loc[0, ["area", "change"]].tolist() == ["core", "kept"]


@pytest.mark.parametrize("bad_date", ["2025-02-30", "03/01/2025", "2025-3-1"])
def test_bad_date(make_company, data_dir, bad_date):
    make_company(files={"belonging_survey.csv": SURVEY_HEADER + f"r1,{bad_date},,4,2,5,\n"})
    problem = only_problem(io.load_company("test-co", data_dir), "belonging_survey.csv")
    assert (problem.row, problem.column, problem.value) == (2, "submitted_at", bad_date)
    assert problem.expected.startswith("a date as YYYY-MM-DD, or a date and time")


def test_duplicate_respondent_keeps_latest_and_warns(make_company, data_dir):
    make_company(
        files={
            "belonging_survey.csv": SURVEY_HEADER
            + "r1,2025-03-05,,5,1,5,later\nr1,2025-03-01,,1,5,1,earlier\nr2,2025-03-01,,3,3,3,\n"
        }
    )
    company = io.load_company("test-co", data_dir)
    problem = only_problem(company, "belonging_survey.csv")
    assert problem.severity == "warning"
    assert "1 earlier answer(s) given again in the same wave" in problem.expected
    assert "r1" in problem.expected
    survey = company.belonging_survey
    assert survey["respondent_id"].tolist() == ["r1", "r2"]
    assert survey.loc[0, "comment"] == "later"


@pytest.mark.parametrize("file", ["belonging_survey.csv", "pmf_survey.csv"])
def test_a_respondent_resurveyed_in_a_later_wave_keeps_every_wave(make_company, data_dir, file):
    """A panel re-surveyed each quarter: one answer per respondent and wave, none deleted."""
    rows = {
        "belonging_survey.csv": (
            SURVEY_HEADER,
            "{r},{day},,{a},3,3,\n",
        ),
        "pmf_survey.csv": ("respondent_id,submitted_at,answer\n", "{r},{day},{answer}\n"),
    }
    header, row = rows[file]
    text = header + "".join(
        row.format(r=r, day=day, a=a, answer=answer)
        for r, day, a, answer in [
            ("r1", "2025-01-10", 2, "somewhat"),
            ("r2", "2025-01-12", 3, "not"),
            ("r1", "2025-04-10", 4, "very"),  # next quarter: a second wave, kept
            ("r2", "2025-04-11", 4, "very"),
            ("r2", "2025-04-13", 5, "very"),  # again within that wave: replaces the one above
        ]
    )
    make_company(files={file: text})
    company = io.load_company("test-co", data_dir)
    frame = company.frame(file)
    assert frame["respondent_id"].tolist() == ["r1", "r2", "r1", "r2"]
    assert frame["submitted_at"].dt.strftime("%m-%d").tolist() == [
        "01-10",
        "01-12",
        "04-10",
        "04-13",
    ]
    problem = only_problem(company, file)
    assert "1 earlier answer(s) given again in the same wave" in problem.expected


def test_empty_file_means_no_data(make_company, data_dir):
    make_company(files={"pmf_survey.csv": ""})
    company = io.load_company("test-co", data_dir)
    assert company.sources["pmf_survey.csv"] == "empty"
    assert company.pmf_survey is None
    assert company.problems == []
    assert "no data rows yet" in company.missing_message("pmf_survey.csv")


def test_header_only_file_means_no_data(make_company, data_dir):
    make_company(files={"pmf_survey.csv": "respondent_id,submitted_at,answer\n"})
    company = io.load_company("test-co", data_dir)
    assert company.sources["pmf_survey.csv"] == "empty"
    assert company.problems == []


def test_header_only_file_with_misspelt_column_is_reported(make_company, data_dir):
    make_company(files={"pmf_survey.csv": "respondent_id,submited_at,answer\n"})
    company = io.load_company("test-co", data_dir)
    columns = {p.column for p in company.errors}
    assert "submitted_at" in columns


def test_non_utf8_file_names_the_encoding_problem(make_company, data_dir):
    latin1 = "feature,area,change,importance\ncaf\xe9 mode,core,kept,3\n".encode("latin-1")
    make_company(files={"features.csv": latin1})
    company = io.load_company("test-co", data_dir)
    problem = only_problem(company, "features.csv")
    assert "not valid UTF-8" in problem.expected
    assert "0xe9" in problem.expected and "line 2" in problem.expected
    assert company.sources["features.csv"] == "invalid"


def test_bom_is_accepted(make_company, data_dir):
    text = "\ufefffeature,area,change,importance\nsearch,core,kept,3\n"
    make_company(files={"features.csv": text.encode("utf-8")})
    company = io.load_company("test-co", data_dir)
    assert company.problems == []
    assert company.features.columns[0] == "feature"


@pytest.mark.parametrize("slug", ["Acme", "../etc", "a b", "", "x" * 65, "acme_co", "acme/..", "ä"])
def test_invalid_slug_is_refused_before_any_path_is_built(slug, data_dir):
    with pytest.raises(io.InvalidSlugError, match="lowercase letters, digits and hyphens"):
        io.load_company(slug, data_dir)


def test_missing_company_yaml(data_dir):
    (data_dir / "companies" / "ghost").mkdir()
    with pytest.raises(io.CompanyNotFoundError, match=r"company\.yaml is missing"):
        io.load_company("ghost", data_dir)
    problems = io.validate_company("ghost", data_dir)
    assert [p.severity for p in problems] == ["error"]


def test_unknown_company_folder(data_dir):
    with pytest.raises(io.CompanyNotFoundError, match="No company folder"):
        io.load_company("nobody", data_dir)


def test_unknown_extra_column_is_ignored_with_a_warning(make_company, data_dir):
    make_company(
        files={"features.csv": "feature,area,change,importance,owner\nsearch,core,kept,3,ann\n"}
    )
    company = io.load_company("test-co", data_dir)
    problem = only_problem(company, "features.csv")
    assert (problem.severity, problem.column, problem.row) == ("warning", "owner", 1)
    assert "owner" not in company.features.columns


def test_every_problem_of_a_file_is_reported_at_once(make_company, data_dir):
    make_company(
        files={
            "features.csv": "feature,area,change,importance\n"
            "a,core,kept,9\nb,middle,kept,3\nc,core,copied,2\nd,core,kept,\n"
        }
    )
    company = io.load_company("test-co", data_dir)
    found = {(p.row, p.column) for p in problems_of(company, "features.csv")}
    assert found == {(2, "importance"), (3, "area"), (4, "change"), (5, "importance")}


def test_item_answered_by_few_respondents_warns(make_company, data_dir):
    rows = "".join(f"r{i},2025-03-01,,4,{'2' if i == 0 else ''},5,\n" for i in range(4))
    make_company(files={"belonging_survey.csv": SURVEY_HEADER + rows})
    problem = only_problem(io.load_company("test-co", data_dir), "belonging_survey.csv")
    assert (problem.severity, problem.column) == ("warning", "t2")
    assert "25%" in problem.expected


def test_company_yaml_problems_name_line_and_key(data_dir):
    folder = data_dir / "companies" / "bad"
    folder.mkdir()
    (folder / "company.yaml").write_text(
        "name: Bad\nstage: seed\nstarted: 2024-13-01\nnetwork_effects: maybe\n", encoding="utf-8"
    )
    with pytest.raises(io.DataError) as caught:
        io.load_company("bad", data_dir)
    found = {(p.row, p.column, p.value) for p in caught.value.problems}
    assert found == {
        (2, "stage", "seed"),
        (3, "started", "2024-13-01"),
        (4, "network_effects", "maybe"),
    }


def test_pmf_answers_accept_full_texts(make_company, data_dir):
    make_company(
        files={
            "pmf_survey.csv": "respondent_id,submitted_at,answer\n"
            "a,2025-01-01,Very disappointed\nb,2025-01-01,SOMEWHAT\n"
            "c,2025-01-01,N/A - I no longer use it\nd,2025-01-01,not disappointed\n"
        }
    )
    company = io.load_company("test-co", data_dir)
    assert company.pmf_survey["answer"].tolist() == ["very", "somewhat", "na", "not"]


def test_retention_rules(make_company, data_dir):
    make_company(
        files={
            "retention.csv": "cohort,period,active_users\n"
            "2025-01-01,0,10\n2025-01-01,0,9\n2025-02-15,1,4\n"
        }
    )
    company = io.load_company("test-co", data_dir)
    found = {(p.row, p.column) for p in company.errors}
    assert found == {(2, "cohort, period"), (3, "cohort, period"), (4, "cohort")}


def test_activity_relational_rules(make_company, data_dir):
    header = "week,members,active_members,posts,replies,questions,questions_answered\n"
    make_company(
        files={
            "community_activity.csv": header + "2025-01-06,10,12,1,1,2,3\n2025-01-07,10,5,1,1,2,1\n"
        }
    )
    company = io.load_company("test-co", data_dir)
    found = {(p.row, p.column) for p in company.errors}
    assert found == {(2, "active_members"), (2, "questions_answered"), (3, "week")}


def test_canvas_needs_a_competitor_and_scores_in_range(make_company, data_dir):
    make_company(files={"strategy_canvas.csv": "factor,Us\nprice,5\n"})
    company = io.load_company("test-co", data_dir)
    assert "at least one other" in only_problem(company, "strategy_canvas.csv").expected


def test_canvas_keeps_product_order(make_company, data_dir):
    make_company(
        files={"strategy_canvas.csv": "factor,Us,Them,Others\nprice,5,11,3\nspeed,8,2,2\n"}
    )
    company = io.load_company("test-co", data_dir)
    problem = only_problem(company, "strategy_canvas.csv")
    assert (problem.row, problem.column, problem.value) == (2, "Them", "11")


def test_missing_file_explains_how_to_supply_it(make_company, data_dir):
    make_company()
    company = io.load_company("test-co", data_dir)
    message = company.missing_message("retention.csv")
    assert "retention.csv" in message and "cohort, period, active_users" in message
    assert "retention curves" in message


def test_load_by_path_and_data_dir_from_environment(make_company, data_dir, monkeypatch):
    folder = make_company()
    assert io.load_company(folder).slug == "test-co"
    monkeypatch.setenv(io.DATA_ENV_VAR, str(data_dir))
    assert io.default_data_dir() == data_dir
    assert io.load_company("test-co").name == "Test Co"


def test_instrument_validation_lists_every_problem(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(
        "scale: {min: 5, max: 1}\nscoring: median\nsubscales: [trust]\n"
        "items:\n  - {id: a, subscale: trust}\n  - {id: a, subscale: nope}\n",
        encoding="utf-8",
    )
    with pytest.raises(io.DataError) as caught:
        io.load_instrument(path)
    columns = [p.column for p in caught.value.problems]
    assert columns.count("items") == 2 and "scale" in columns and "scoring" in columns


def test_instrument_loads_items_in_order(data_dir):
    instrument = io.load_instrument(data_dir / "instruments" / "belonging.yaml")
    assert instrument.item_ids == ["t1", "t2", "s1"]
    assert [i.id for i in instrument.items_of("trust")] == ["t1", "t2"]
    assert instrument.items[1].reversed is True


def test_write_text_atomic_replaces_whole_file(tmp_path):
    target = tmp_path / "deep" / "file.txt"
    io.write_text_atomic(target, "first")
    io.write_text_atomic(target, "second")
    assert target.read_text(encoding="utf-8") == "second"
    assert [p.name for p in target.parent.iterdir()] == ["file.txt"]


def test_sample_companies_validate_clean():
    slugs = io.list_companies()
    assert len(slugs) >= 4
    for slug in slugs:
        company = io.load_company(slug)
        assert company.errors == [], (slug, [str(p) for p in company.errors])
        assert company.warnings == [], (slug, [str(p) for p in company.warnings])


def test_loading_does_not_change_input_files(make_company, data_dir):
    original = b"\xef\xbb\xbffeature,area,change,importance\r\nsearch,Core,kept,3\r\n"
    folder = make_company(files={"features.csv": original})
    io.load_company(folder)
    assert (folder / "features.csv").read_bytes() == original


def test_rows_are_spreadsheet_rows_even_after_blank_lines(make_company, data_dir):
    make_company(
        files={"features.csv": "feature,area,change,importance\na,core,kept,3\n\nb,core,kept,0\n"}
    )
    company = io.load_company("test-co", data_dir)
    problem = only_problem(company, "features.csv")
    assert (problem.row, problem.value) == (4, "0")


def test_blank_lines_are_not_rows(make_company, data_dir):
    make_company(files={"features.csv": "feature,area,change,importance\n\na,core,kept,3\n\n"})
    company = io.load_company("test-co", data_dir)
    assert company.problems == []
    assert company.features.index.tolist() == [0]


def test_over_long_numbers_are_problems_not_tracebacks(make_company, data_dir):
    """A whole number must fit a typed column exactly; a number must be finite (issue 23)."""
    make_company(
        files={
            "retention.csv": "cohort,period,active_users\n"
            f"2025-01-01,0,{'9' * 1000}\n2025-01-01,1,{'9' * 16}\n2025-02-01,0,{'9' * 15}\n",
            "features.csv": "feature,area,change,importance,seconds_to_experience\n"
            f"search,core,kept,3,{'9' * 400}\n",
        }
    )
    company = io.load_company("test-co", data_dir)
    retention = [(p.row, p.column) for p in problems_of(company, "retention.csv")]
    assert retention == [(2, "active_users"), (3, "active_users")]
    feature = only_problem(company, "features.csv")
    assert (feature.row, feature.column) == (2, "seconds_to_experience")
    assert len(str(feature)) < 200
