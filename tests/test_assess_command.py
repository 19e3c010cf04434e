"""`workbook assess`: every registered assessment for every company, readable or as JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workbook import cli, io, registry
from workbook.coherence import TOPICS
from workbook.results import Severity

ROOT = Path(__file__).resolve().parents[1]
SEVERITIES = [severity.label for severity in Severity]
OUTCOMES = {"pass", "warn", "fail", "not assessed"}


def run_json(capsys, *args: str) -> tuple[int, dict]:
    code = cli.main(["assess", "--json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))


@pytest.fixture(scope="module")
def samples_json() -> dict:
    """The JSON document for the sample companies (computed once for the module)."""
    completed = subprocess.run(
        [sys.executable, "-m", "workbook.cli", "assess", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert completed.stderr == ""
    return json.loads(completed.stdout, parse_constant=lambda name: pytest.fail(name))


def test_every_sample_company_is_listed_with_every_registered_assessment(samples_json):
    companies = samples_json["companies"]
    assert [c["slug"] for c in companies] == io.list_companies()
    for company in companies:
        assert company["name"] == io.load_company(company["slug"]).name
        assert company["as_of"] == io.load_company(company["slug"]).as_of.isoformat()
        assert list(company["assessments"]) == list(registry.ids())


@pytest.mark.parametrize("assessment", registry.ASSESSMENTS, ids=lambda a: a.id)
def test_each_assessment_carries_the_shared_shape_and_its_declared_figures(
    samples_json, assessment
):
    for company in samples_json["companies"]:
        result = company["assessments"][assessment.id]
        assert set(result) == {
            "status",
            "summary",
            "figures",
            "checks",
            "recommendations",
            "missing",
        }
        assert result["status"] in assessment.statuses
        assert isinstance(result["summary"], str) and result["summary"].strip()
        assert set(assessment.figures) <= set(result["figures"]), company["slug"]
        for check in result["checks"]:
            assert set(check) == {"name", "outcome", "reason", "evidence"}
            assert check["outcome"] in OUTCOMES
        severities = [SEVERITIES.index(r["severity"]) for r in result["recommendations"]]
        assert severities == sorted(severities, reverse=True), "ranked by severity"
        for recommendation in result["recommendations"]:
            assert recommendation["title"] and recommendation["reason"]
            assert recommendation["topic"] in TOPICS, recommendation
        assert all(isinstance(advice, str) for advice in result["missing"].values())


def test_figures_have_the_documented_types(samples_json):
    ledgerly = samples_json["companies"][io.list_companies().index("ledgerly")]["assessments"]
    belonging = ledgerly["belonging"]["figures"]
    low, high = belonging["index_ci"]
    assert low <= belonging["index"] <= high and belonging["n"] > 0
    assert all(set(alpha) == {"value", "band"} for alpha in belonging["alpha"].values())
    ttpmf = ledgerly["ttpmf"]["figures"]
    assert ttpmf["fit"] in {"confirmed", "provisional", "none"}
    for wave in ttpmf["waves"]:
        assert set(wave) >= {"start", "end", "n", "share", "ci_low", "ci_high"}
        assert wave["start"] <= wave["end"]  # ISO dates compare as text
    kano = ledgerly["differentiation"]["figures"]["kano"]
    for feature in kano.values():
        assert set(feature) >= {"category", "counts", "better", "worse"}


def test_a_company_without_community_data_says_which_files_are_missing(samples_json):
    snapplate = samples_json["companies"][io.list_companies().index("snapplate")]
    missing = snapplate["assessments"]["belonging"]["missing"]
    assert "belonging_survey.csv" in missing
    assert "docs/data-contract.md" in missing["belonging_survey.csv"]


def test_a_company_whose_data_does_not_validate_is_listed_with_its_problems(
    capsys, data_dir, make_company
):
    shutil.copytree(ROOT / "data" / "companies" / "tandem", data_dir / "companies" / "tandem")
    shutil.copy(ROOT / "data" / "instruments" / "belonging.yaml", data_dir / "instruments")
    make_company(
        "broken",
        files={"pmf_survey.csv": "respondent_id,submitted_at,answer\nr1,2025-13-01,very\n"},
    )
    code, document = run_json(capsys, "--data-dir", str(data_dir))
    assert code == 1
    by_slug = {c["slug"]: c for c in document["companies"]}
    broken = by_slug["broken"]
    assert broken["assessed"] is False and broken["assessments"] == {}
    problem = next(p for p in broken["problems"] if p["severity"] == "error")
    assert (problem["file"], problem["row"], problem["column"]) == (
        "pmf_survey.csv",
        2,
        "submitted_at",
    )
    assert by_slug["tandem"]["assessed"] is True
    assert list(by_slug["tandem"]["assessments"]) == list(registry.ids())


def test_an_unknown_or_invalid_slug_is_a_problem_not_a_traceback(capsys, data_dir):
    code, document = run_json(capsys, "no-such-co", "--data-dir", str(data_dir))
    assert code == 1
    assert document["companies"][0]["assessed"] is False
    code = cli.main(["assess", "../etc", "--data-dir", str(data_dir)])
    out = capsys.readouterr()
    assert code == 1 and "Traceback" not in out.out + out.err


def test_the_readable_summary_names_each_assessment_and_the_next_step(capsys):
    code = cli.main(["assess", "tandem"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("tandem: Tandem, as of ")
    for assessment in registry.ASSESSMENTS:
        assert f"  {assessment.title}: " in out


def test_help_and_the_assessments_import_no_heavy_library():
    """Import cost guard: heavy libraries are imported where they are used, not at import."""
    script = (
        "import sys\n"
        "from workbook import cli\n"
        "cli.build_parser()\n"
        "assert 'pandas' not in sys.modules, 'workbook --help must not import pandas'\n"
        "import workbook.belonging, workbook.differentiation, workbook.ttpmf\n"
        "heavy = {'altair', 'scipy', 'pandera', 'vl_convert', 'jsonschema'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
