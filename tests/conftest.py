"""Shared fixtures: a throw-away data folder with a small instrument and one valid company."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

SMALL_INSTRUMENT = textwrap.dedent(
    """\
    name: Test scale
    scale: {min: 1, max: 5}
    scoring: mean
    subscales:
      - {id: trust, label: Trust}
      - {id: safety, label: Safety}
    items:
      - {id: t1, text: "placeholder one", subscale: trust, reversed: false}
      - {id: t2, text: "placeholder two", subscale: trust, reversed: true}
      - {id: s1, text: "placeholder three", subscale: safety, reversed: false}
    """
)

VALID_COMPANY_YAML = textwrap.dedent(
    """\
    name: Test Co
    stage: pre-pmf
    started: 2025-01-01
    network_effects: false
    """
)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder with the small instrument and an empty companies/ folder."""
    (tmp_path / "instruments").mkdir()
    (tmp_path / "instruments" / "belonging.yaml").write_text(SMALL_INSTRUMENT, encoding="utf-8")
    (tmp_path / "companies").mkdir()
    return tmp_path


@pytest.fixture
def make_company(data_dir: Path) -> Callable[..., Path]:
    """Create ``companies/<slug>/`` with a valid company.yaml plus the given files (name -> text
    or bytes)."""

    def make(slug: str = "test-co", files: dict[str, str | bytes] | None = None) -> Path:
        folder = data_dir / "companies" / slug
        folder.mkdir(parents=True)
        (folder / "company.yaml").write_text(VALID_COMPANY_YAML, encoding="utf-8")
        for name, content in (files or {}).items():
            target = folder / name
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return folder

    return make


def pytest_report_header() -> str:
    """The Chromium the browser tests drive, recorded at the top of every test run's output."""
    import os
    import shutil
    import subprocess

    executable = os.environ.get("WORKBOOK_CHROMIUM") or shutil.which("chromium")
    if not executable:
        return "browser: Debian's chromium is not installed (browser tests skip; fail under CI)"
    try:
        version = subprocess.run(
            [executable, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired) as error:
        version = f"{executable} (version unknown: {error})"
    return f"browser: {version}"


#: Fixtures that execute notebooks, start kernels, clusters or a browser, or assess every sample
#: company through the command line: every test using one is slow, so `pytest -m "not slow"`
#: stays a fast loop without each test repeating the mark.
HEAVY_FIXTURES = frozenset(
    {
        "rendered",
        "warm_pool",
        "broken_data_dir",
        "dask_cluster",
        "pages",
        "browser",
        "browser_page",
        "samples_json",
    }
)
#: Tests that are slow on their own (file -> test functions): they run papermill, a kernel or a
#: fresh Python themselves, assess every sample company, lay out charts with vl-convert, drive the
#: workshop's live editors through edits and saves, or simulate hundreds of surveys to check a
#: test's false-claim rate. Each took a second or more of processor time when measured
#: (2 December 2026); the fast loop leaves them to `make test`, which runs everything.
SLOW_TESTS: dict[str, frozenset[str]] = {
    "test_notebooks.py": frozenset({"test_papermill_cli_with_an_outside_data_dir"}),
    "test_project.py": frozenset({"test_sample_generator_reproduces_the_committed_files"}),
    "test_assess_command.py": frozenset(
        {
            "test_a_company_whose_data_does_not_validate_is_listed_with_its_problems",
            "test_help_and_the_assessments_import_no_heavy_library",
        }
    ),
    "test_belonging.py": frozenset(
        {
            "test_every_recommendation_has_a_topic_and_never_advises_scaling",
            "test_chart_data_stays_small_for_100k_respondents",
            "test_importing_the_assessment_stays_light",
            "test_recommendations_are_ranked_by_severity",
            "test_figures_of_every_sample_company_are_json_ready",
            "test_a_company_without_community_data_is_told_once_what_to_add",
        }
    ),
    "test_charts.py": frozenset(
        {
            "test_time_axes_label_every_tick_once_with_its_year",
            "test_rule_labels_never_sit_over_bars_or_whiskers",
            "test_projection_is_drawn_with_its_range_and_a_far_end_is_cut",
            "test_kano_labels_overlap_nothing",
        }
    ),
    "test_cli.py": frozenset({"test_validate_samples_passes"}),
    "test_coherence.py": frozenset({"test_no_sample_company_is_given_contradicting_advice"}),
    "test_evidence_belonging.py": frozenset(
        {"test_null_simulation_activity_trend_claims_stay_at_the_level"}
    ),
    "test_evidence_ttpmf.py": frozenset(
        {
            "test_segment_claims_under_the_null_stay_at_or_below_the_level",
            "test_trend_claims_under_the_null_stay_at_or_below_the_level",
            "test_the_result_is_the_same_whoever_computes_belonging",
            "test_the_summary_never_blames_a_deadline_the_projection_meets",
        }
    ),
    "test_io.py": frozenset({"test_sample_companies_validate_clean"}),
    "test_pages_present.py": frozenset(
        {
            "test_ttpmf_findings_come_from_the_result",
            "test_belonging_and_differentiation_findings_come_from_the_result",
            "test_recorded_decisions_open_what_to_do_first_then_the_ranking",
            "test_the_portfolio_lists_each_companys_decisions_with_owner_and_date",
        }
    ),
    "test_pages_charts.py": frozenset(
        {
            "test_the_timeline_runway_is_green_with_a_long_buffer",
            "test_the_retention_chart_says_why_its_average_sits_above_the_long_cohorts",
            "test_the_belonging_heatmap_uses_the_tone_tints",
            "test_a_survey_read_in_quarters_is_charted_by_quarter",
        }
    ),
    "test_samples.py": frozenset(
        {
            "test_two_companies_resurvey_the_same_people_in_belonging_and_pmf_waves",
            "test_one_company_runs_its_pmf_survey_continuously",
        }
    ),
    "test_summary.py": frozenset(
        {
            "test_scorecard_takes_statuses_tones_and_missing_files_from_the_assessments",
            "test_the_portfolio_table_sorts_by_every_column_without_a_script",
            "test_the_portfolio_charts_compare_every_company_they_can_place",
        }
    ),
    "test_ttpmf.py": frozenset(
        {
            "test_charts_take_aggregated_parts_and_have_titles",
            "test_every_sample_company_keeps_the_protocol",
            "test_a_passing_time_check_speaks_of_time_not_of_fit_again",
        }
    ),
    "test_workshop.py": frozenset(
        {
            "test_live_results_equal_the_assessment_of_the_saved_files",
            "test_changing_a_feature_to_reinvented_updates_the_share_and_saves_features_csv",
            "test_rows_are_added_and_removed_with_the_buttons",
            "test_an_invalid_cell_shows_a_message_in_its_row_and_nothing_is_written",
            "test_a_repeated_feature_name_is_flagged_on_both_rows",
            "test_two_saves_in_a_row_keep_every_version",
            "test_saving_without_changes_writes_nothing",
            "test_belonging_checklist_settings_and_goals_update_live_and_save",
            "test_belonging_invalid_settings_show_next_to_their_field",
            "test_removing_every_goal_leaves_a_header_only_file",
            "test_ttpmf_runway_and_dates_update_status_buffer_and_timeline",
            "test_a_blank_as_of_falls_back_to_the_latest_date_in_the_data",
            "test_render_report_renders_the_saved_files_and_links_the_pages",
            "test_rendering_runs_beside_the_editors_without_blocking_them",
            "test_the_workshop_step_is_an_editor_live_and_a_static_table_otherwise",
            "test_an_assessment_depends_on_no_setting_beyond_the_ones_it_declares",
            "test_the_live_timeline_is_the_library_chart_sent_for_the_browser_to_draw",
        }
    ),
    "test_workshop_saves.py": frozenset(
        {
            "test_the_three_editors_save_one_after_another_without_a_conflict",
            "test_someone_else_s_change_to_other_rows_is_merged_not_refused",
            "test_a_field_both_changed_shows_both_values_and_the_team_picks",
            "test_an_unreadable_file_on_disk_offers_reload_or_save_anyway",
            "test_reload_asks_before_dropping_entries_and_keeps_them_recoverable",
            "test_undo_last_save_restores_the_files_and_keeps_later_saves_of_others",
            "test_decisions_are_saved_with_the_answers_and_shown_first_on_the_summary",
            "test_reload_without_unsaved_entries_does_not_ask",
        }
    ),
    "test_render.py": frozenset({"test_an_unknown_or_invalid_slug_is_listed_not_raised"}),
    "test_safety_bounded.py": frozenset(
        {
            "test_a_50_mb_text_cell_is_a_clear_error_in_bounded_memory",
            "test_a_50_mb_feature_list_is_refused_by_its_size_before_reading",
            "test_billion_laughs_yaml_is_a_clear_error_in_bounded_memory",
            "test_a_link_to_dev_zero_is_refused_without_reading",
            "test_a_named_pipe_is_refused_without_waiting",
        }
    ),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs a heavy fixture, or is listed in :data:`SLOW_TESTS`, as slow."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        function = getattr(item, "originalname", item.name)
        if names & HEAVY_FIXTURES or function in SLOW_TESTS.get(item.path.name, ()):
            item.add_marker(pytest.mark.slow)
