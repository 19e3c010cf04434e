"""Community health: activity and value from weekly counts, belonging from the survey waves.

Each measure compares the latest window (or survey wave) with the one before; a change is
claimed only when the change rules' test says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

import pandas as pd

from workbook.belonging import rules
from workbook.belonging.scoring import ACTIVITY_FILE
from workbook.belonging.survey import SurveyWaves, WaveIndex, change_p
from workbook.evidence import Evidence
from workbook.stats import Estimate, safe_ratio

Direction = Literal["rising", "falling", "steady", "not defined"]
Unit = Literal["share", "ratio", "hours", "index"]
Verdict = Literal["improving", "worsening", "steady", "not defined"]


#: A relative change is compared with the steady band after rounding to this many decimals, so
#: that floating-point noise (1.05 against 1.0 gives 0.050000000000000044) never moves a change
#: across the band's edge.
CHANGE_DECIMALS = 9


@dataclass(frozen=True)
class HealthMeasure:
    """One health measure: its latest value and the one before.

    Activity and value compare the latest window of weeks with the window before (``span`` is
    "weeks"); belonging compares the latest survey wave with the wave before (``span`` is
    "waves"). ``latest_basis`` and ``previous_basis`` say what stands behind each value (weeks
    of activity data, or respondents for the belonging index); ``key`` names the measure in
    ``figures``.
    """

    pillar: str
    measure: str
    unit: Unit
    latest: float | None
    previous: float | None
    latest_basis: int
    previous_basis: int
    basis: str
    higher_is_better: bool = True
    key: str = ""
    span: Literal["weeks", "waves"] = "weeks"
    evidence: Evidence | None = None

    @property
    def direction(self) -> Direction:
        """Rising, falling or steady (within the ``STEADY_WITHIN`` rule of the earlier value).

        From an earlier value of zero there is no relative change: staying at zero is steady and
        any other value is a rise (or fall) from nothing, never "steady". With ``evidence``
        (the change rules), too little data leaves the direction "not defined" and a difference
        the test does not decide is "steady": a change is claimed only by the stated test.
        """
        if self.latest is None or self.previous is None:
            return "not defined"
        if self.evidence is not None and not self.evidence.sufficient:
            return "not defined" if self.evidence.more_needed else "steady"
        difference = self.latest - self.previous
        if self.previous == 0:
            return "steady" if difference == 0 else ("rising" if difference > 0 else "falling")
        relative = round(difference / abs(self.previous), CHANGE_DECIMALS)
        if abs(relative) <= rules.STEADY_WITHIN.value:
            return "steady"
        return "rising" if difference > 0 else "falling"

    @property
    def verdict(self) -> Verdict:
        """Improving, worsening, steady or not defined, given which way is better."""
        direction = self.direction
        if direction == "steady" or direction == "not defined":
            return direction
        better = (direction == "rising") == self.higher_is_better
        return "improving" if better else "worsening"


def _windows(
    end: date,
) -> tuple[tuple[pd.Timestamp, pd.Timestamp], tuple[pd.Timestamp, pd.Timestamp]]:
    """The latest window ``(end − span, end]`` and the one before it, as (start, end) pairs."""
    span = timedelta(weeks=rules.HEALTH_WINDOW_WEEKS.value)
    latest_end = pd.Timestamp(end)
    return (latest_end - span, latest_end), (latest_end - 2 * span, latest_end - span)


def _in_window(dates: pd.Series, window: tuple[pd.Timestamp, pd.Timestamp]) -> pd.Series:
    return (dates > window[0]) & (dates <= window[1])


def _ratio(numerator: Any, denominator: Any) -> float | None:
    value = safe_ratio(float(numerator), float(denominator))
    return None if value is None else float(value)


#: The columns of community_activity.csv each activity/value measure needs. ``replies`` is not
#: among them: a tool that counts every message as a post (Slack, Discourse) leaves it blank.
ACTIVITY_INPUTS: dict[str, tuple[str, ...]] = {
    "active_share": ("active_members", "members"),
    "interactions": ("posts", "active_members"),
    "answered_share": ("questions_answered", "questions"),
    "response_hours": ("median_first_response_hours",),
}


def _with_inputs(part: pd.DataFrame, key: str) -> pd.DataFrame:
    """The weeks of ``part`` in which every column the measure ``key`` needs is filled."""
    return part.dropna(subset=list(ACTIVITY_INPUTS[key]))


def _interactions(part: pd.DataFrame) -> pd.Series:
    """Posts plus replies per week; blank replies are counted in the posts (see above)."""
    return part["posts"] + part["replies"].fillna(0)


def _activity_measures(part: pd.DataFrame) -> dict[str, float | None]:
    """The four activity/value measures over a span of weeks, pooling the weeks' counts.

    Each measure pools only the weeks that have its inputs, so a week whose export lacked a
    measure neither counts as zero nor as a week of that measure."""
    active = _with_inputs(part, "active_share")
    interacting = _with_inputs(part, "interactions")
    answered = _with_inputs(part, "answered_share")
    hours = part["median_first_response_hours"].dropna()
    return {
        "active_share": _ratio(active["active_members"].sum(), active["members"].sum()),
        "interactions": _ratio(
            _interactions(interacting).sum(), interacting["active_members"].sum()
        ),
        "answered_share": _ratio(answered["questions_answered"].sum(), answered["questions"].sum()),
        "response_hours": float(hours.median()) if len(hours) else None,
    }


ACTIVITY_MEASURES: tuple[tuple[str, str, str, Unit, bool], ...] = (
    ("activity", "active_share", "Active share of members", "share", True),
    ("activity", "interactions", "Posts and replies per active member", "ratio", True),
    ("value", "answered_share", "Share of questions answered", "share", True),
    ("value", "response_hours", "Median first response (hours)", "hours", False),
)

#: The key of :attr:`BelongingResult.missing` naming the activity measures no week supplies.
ACTIVITY_MEASURES_MISSING = f"{ACTIVITY_FILE} (measures)"


def missing_activity_measures(activity: pd.DataFrame | None) -> tuple[str, ...]:
    """The activity/value measures (keys of ``ACTIVITY_INPUTS``) that no week of ``activity``
    has every input for; empty without the file (then the whole file is reported missing)."""
    if activity is None or activity.empty:
        return ()
    return tuple(key for key in ACTIVITY_INPUTS if _with_inputs(activity, key).empty)


def community_health(
    activity: pd.DataFrame | None, waves: SurveyWaves | None, end: date
) -> tuple[HealthMeasure, ...]:
    """The health triad: activity and value from weekly counts, belonging from the survey waves.

    Activity and value are computed over the latest ``HEALTH_WINDOW_WEEKS`` weeks up to ``end``
    and over the same span before. Weekly counts are pooled over a window (so a quiet week weighs
    less than a busy one); the first-response time is the median of the weekly medians. The
    belonging index compares the latest survey wave with the wave before it (each member counted
    once per wave, see :func:`survey_waves`); with one wave the earlier value is not defined.
    Missing inputs leave their measures out; zero denominators give "not defined" (None).
    """
    latest_window, previous_window = _windows(end)
    measures: list[HealthMeasure] = []
    if activity is not None:
        latest_part = activity[_in_window(activity["week"], latest_window)]
        previous_part = activity[_in_window(activity["week"], previous_window)]
        latest, previous = _activity_measures(latest_part), _activity_measures(previous_part)
        weekly_latest = weekly_health(latest_part)
        weekly_previous = weekly_health(previous_part)
        # A measure no week supplies stays "not defined" (reported in ``missing``), never zero.
        for pillar, key, label, unit, higher_is_better in ACTIVITY_MEASURES:
            column = _WEEKLY_COLUMNS[key]
            measures.append(
                HealthMeasure(
                    pillar,
                    label,
                    unit,
                    latest[key],
                    previous[key],
                    len(_with_inputs(latest_part, key)),
                    len(_with_inputs(previous_part, key)),
                    "weeks",
                    higher_is_better,
                    key,
                    evidence=weekly_change_evidence(
                        weekly_previous[column].dropna().tolist(),
                        weekly_latest[column].dropna().tolist(),
                    ),
                )
            )
    if waves is not None and waves.latest is not None:
        latest_index = waves.latest.index
        previous_index = waves.previous.index if waves.previous else Estimate(None, None, None, 0)
        change = (
            None if waves.previous is None else wave_change_evidence(waves.previous, waves.latest)
        )
        measures.append(
            HealthMeasure(
                "belonging",
                "Belonging Index",
                "index",
                latest_index.value,
                previous_index.value,
                latest_index.n,
                previous_index.n,
                "respondents",
                key="belonging_index",
                span="waves",
                evidence=change,
            )
        )
    return tuple(measures)


#: The weekly column of :func:`weekly_health` behind each activity and value measure.
_WEEKLY_COLUMNS = {
    "active_share": "Active share",
    "interactions": "Posts and replies per active member",
    "answered_share": "Answered share",
    "response_hours": "Median first response (hours)",
}


def _decided(p_value: float | None, level: float) -> bool | None:
    return None if p_value is None else p_value < level


def weekly_change_evidence(earlier: Sequence[float], later: Sequence[float]) -> Evidence:
    """Whether two windows of weekly values differ: enough weeks in each (the
    ``ACTIVITY_CHANGE`` rule) and Welch's t-test on the weekly values at its level."""
    rule = rules.ACTIVITY_CHANGE
    p_value = change_p(earlier, later)
    decided = _decided(p_value, rule.level)
    if p_value is None and len(earlier) >= rule.value and len(later) >= rule.value:
        decided = False
    return rule.judge(min(len(earlier), len(later)), decided=decided, p_value=p_value, unit="weeks")


def wave_change_evidence(earlier: WaveIndex, later: WaveIndex) -> Evidence:
    """Whether the belonging index changed between two waves: enough scored respondents in
    each (the ``BELONGING_CHANGE`` rule) and Welch's t-test at its level."""
    rule = rules.BELONGING_CHANGE
    decided = _decided(later.change_p, rule.level)
    n = min(earlier.index.n, later.index.n)
    if later.change_p is None and n >= rule.value:
        decided = False
    return rule.judge(n, decided=decided, p_value=later.change_p, unit="respondents")


def weekly_health(activity: pd.DataFrame) -> pd.DataFrame:
    """Weekly activity and value measures for the trend charts (one row per week, numbers only).

    Columns: Week, Active share, Posts and replies per active member, Answered share,
    Median first response (hours). A week with a zero denominator has no value (NaN).
    """

    def ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
        return (numerator / denominator.where(denominator != 0)).astype(float)

    return pd.DataFrame(
        {
            "Week": activity["week"],
            "Active share": ratio(activity["active_members"], activity["members"]).round(4),
            "Posts and replies per active member": ratio(
                _interactions(activity), activity["active_members"]
            ).round(2),
            "Answered share": ratio(activity["questions_answered"], activity["questions"]).round(4),
            "Median first response (hours)": activity["median_first_response_hours"],
        }
    ).reset_index(drop=True)
