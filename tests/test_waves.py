"""Survey waves: rounds by pauses, calendar periods for a survey that runs all the time."""

from __future__ import annotations

import pandas as pd

from workbook import waves


def dates(*days: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(days)))


def test_rounds_separated_by_a_pause_are_waves():
    assigned = waves.assign_waves(dates("2025-03-20", "2025-01-05", "2025-01-20", "2025-03-01"))
    assert assigned.grouping == "waves"
    assert assigned.numbers.tolist() == [2, 1, 1, 2]  # 40 days between Jan 20 and Mar 1


def test_a_survey_that_never_pauses_is_read_in_months_when_months_are_full():
    # Every other day for a year, two answers a day: about 30 answers a month.
    days = pd.date_range("2025-01-01", "2025-12-31", freq="2D").repeat(2)
    assigned = waves.assign_waves(pd.Series(days))
    assert assigned.grouping == "months"
    assert assigned.numbers.nunique() == 12
    assert assigned.numbers.iloc[0] == 1 and assigned.numbers.iloc[-1] == 12


def test_a_thin_continuous_survey_is_read_in_quarters():
    days = pd.date_range("2025-01-01", "2025-12-31", freq="5D")  # about 6 answers a month
    assigned = waves.assign_waves(pd.Series(days))
    assert assigned.grouping == "quarters"
    assert sorted(assigned.numbers.unique()) == [1, 2, 3, 4]


def test_the_continuous_rule_follows_its_declared_value(monkeypatch):
    days = dates(*[f"2025-01-{d:02d}" for d in range(1, 31, 3)], "2025-02-05")
    assert waves.assign_waves(days).grouping == "waves"
    shorter = waves.CONTINUOUS_AFTER_DAYS.__class__(
        waves.CONTINUOUS_AFTER_DAYS.label, 20, "{value}", "test"
    )
    monkeypatch.setattr(waves, "CONTINUOUS_AFTER_DAYS", shorter)
    assert waves.assign_waves(days).grouping in {"months", "quarters"}


def test_a_second_answer_in_the_same_wave_replaces_the_first_but_other_waves_stay():
    frame = pd.DataFrame(
        {
            "respondent_id": ["a", "a", "a", "b"],
            "submitted_at": pd.to_datetime(
                ["2025-01-02", "2025-01-01", "2025-06-01", "2025-01-03"]
            ),
        }
    )
    assert waves.repeated_within_waves(frame).tolist() == [False, True, False, False]
