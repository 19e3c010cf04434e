"""Community goals checked against the SPACES model and the company's stage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from workbook.belonging import rules
from workbook.results import Outcome
from workbook.stats import is_blank, safe_ratio

_TRACE_LINKS = (("business_goal", "business goal"), ("program", "program"), ("metric", "metric"))


@dataclass(frozen=True)
class GoalTrace:
    """One community goal: its objective, its trace (None where a link is blank), progress.

    ``direction`` says which way the metric should move ("higher" by default, "lower" for
    support tickets or days to close); ``progress`` is current ÷ target for a higher goal and
    target ÷ current for a lower one, so 100% or more always means the target is ``met``.
    """

    goal: str
    objective: str
    business_goal: str | None
    program: str | None
    metric: str | None
    progress: float | None
    missing_links: tuple[str, ...]
    fits_stage: bool
    direction: str = "higher"
    met: bool | None = None


@dataclass(frozen=True)
class SpacesResult:
    """Community goals checked against the SPACES model and the company's stage.

    ``needed`` lists the objectives the stage needs someone to own; ``gaps`` maps each goal with
    a blank link to the links it lacks, ``off_stage`` names the goals outside the stage's
    priorities and ``unowned`` the needed objectives no goal drives. The three checks' outcomes
    are properties; their reasons are written by :func:`workbook.belonging.wording.spaces_checks`.
    """

    stage: str
    goals: tuple[GoalTrace, ...]
    gaps: Mapping[str, list[str]]
    off_stage: list[str]
    unowned: list[str]
    needed: tuple[str, ...] = ()

    @property
    def trace_outcome(self) -> Outcome:
        """Every goal traces to a business goal, program and metric: pass, else warn."""
        return "warn" if self.gaps else "pass"

    @property
    def fit_outcome(self) -> Outcome:
        """Every goal serves a priority of the stage: pass, else warn."""
        return "warn" if self.off_stage else "pass"

    @property
    def cover_outcome(self) -> Outcome:
        """The objectives the stage needs have an owner: pass; some missing warn, all fail."""
        if not self.unowned:
            return "pass"
        return "fail" if len(self.unowned) == len(self.needed) else "warn"


def _link(value: Any) -> str | None:
    return None if is_blank(value) else str(value)


def goal_progress(target: Any, current: Any, direction: str) -> tuple[float | None, bool | None]:
    """Progress to target and whether it is met, given which way is better.

    Higher is better: current ÷ target, met at or above the target. Lower is better: target ÷
    current, met at or below the target (a current value of zero meets any target ≥ 0, with no
    ratio). Both None when target or current is blank.
    """
    if is_blank(target) or is_blank(current):
        return None, None
    target_value, current_value = float(target), float(current)
    if direction == "lower":
        return safe_ratio(target_value, current_value), current_value <= target_value
    return safe_ratio(current_value, target_value), current_value >= target_value


def spaces_fit(goals: pd.DataFrame, stage: str) -> SpacesResult:
    """Check community goals: each traces to a business goal, program and metric; stage fit.

    The objectives a stage needs and those that also fit it are the rules ``STAGE_NEEDS`` and
    ``STAGE_ALSO_FITS``. Goals outside the stage's priorities are flagged, and so are objectives
    the stage needs that no goal owns.
    """
    needed = rules.STAGE_NEEDS.get(stage, ())
    fitting = set(needed) | set(rules.STAGE_ALSO_FITS.get(stage, ()))
    gaps: dict[str, list[str]] = {}
    off_stage: list[str] = []
    traces = []
    for goal in goals.itertuples(index=False):
        missing = [label for column, label in _TRACE_LINKS if is_blank(getattr(goal, column))]
        name, objective = str(goal.goal), str(goal.objective)
        if missing:
            gaps[name] = missing
        fits = objective in fitting
        if not fits:
            off_stage.append(name)
        target = getattr(goal, "target", None)
        current = getattr(goal, "current", None)
        raw_direction = getattr(goal, "direction", None)
        direction = "higher" if is_blank(raw_direction) else str(raw_direction)
        progress, met = goal_progress(target, current, direction)
        traces.append(
            GoalTrace(
                goal=name,
                objective=objective,
                business_goal=_link(goal.business_goal),
                program=_link(goal.program),
                metric=_link(goal.metric),
                progress=progress,
                missing_links=tuple(missing),
                fits_stage=fits,
                direction=direction,
                met=met,
            )
        )
    owned = set(goals["objective"])
    unowned = [objective for objective in needed if objective not in owned]
    return SpacesResult(stage, tuple(traces), gaps, off_stage, unowned, tuple(needed))
