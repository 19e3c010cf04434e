"""The belonging assessment's advice: recommendations tied to findings, on the shared scale.

Severities follow :class:`workbook.results.Severity`: HIGH when a finding undermines the verdict
or the community's next stage (no survey to judge by, a weakest subscale in the weak range,
trust & safety basics missing, a failed launch check); MEDIUM for gaps worth closing this
quarter (the weakest subscale otherwise, an objective the stage needs that nobody owns, an
unanswered checklist, worsening health); LOW for the next natural step (launch warnings, goals
off the stage or not fully traced, unreliable subscales). Reasons are plain sentences;
:func:`workbook.results.rank` keeps the most severe few.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from workbook import format as fmt
from workbook.belonging import rules
from workbook.belonging.compute import (
    SURVEY_FILE,
    TOTAL,
    HealthMeasure,
    SpacesResult,
    SubscaleReliability,
    TrustSafetyResult,
    objective_names,
    quoted_names,
)
from workbook.io import TRUST_SAFETY_PRACTICES
from workbook.results import Check, Recommendation, Severity, rank
from workbook.stats import Estimate

#: What to do about the weakest subscale of the workbook's instrument (others get general advice).
SUBSCALE_ADVICE: dict[str, str] = {
    "trust": "Make the team dependable in public: answer openly, follow through on promises, "
    "and thank members who give honest help",
    "safety": "Make it safe to speak: welcome beginner questions, enforce the house rules "
    "visibly and answer every report of harm",
    "shared_values": "Write down with members what the community stands for, and celebrate the "
    "work that lives up to it",
    "membership": "Give newcomers a clear way in (a welcome thread, introductions) and help "
    "members meet each other directly",
    "influence": "Close the loop on members' ideas: show which suggestions changed the product "
    "and ask members before changing the community",
    "emotional_connection": "Create shared moments: regular events, member stories and small "
    "rituals that people look forward to",
}

SURVEY_ACTION = "Survey members with the belonging instrument"
NO_SCORED_ANSWERS = "there are no scored survey answers"


def launch_action(check_name: str) -> str:
    """What to do about a launch check that failed or warned (stated with the current rules)."""
    actions = {
        "Founding members": f"Relaunch around a core of {rules.FOUNDING_MEMBERS.text} "
        "hand-picked founding members who set the tone",
        "Channels at launch": f"Merge channels down to at most {rules.MAX_LAUNCH_CHANNELS.text}, "
        "starting from one general space",
        "Community owner": "Name one owner for the community (a founder before product/market fit)",
    }
    return actions[check_name]


def _launch(launch_checks: Sequence[Check]) -> list[Recommendation]:
    return [
        Recommendation(
            Severity.HIGH if check.outcome == "fail" else Severity.LOW,
            launch_action(check.name),
            check.reason,
        )
        for check in launch_checks
        if check.outcome in ("fail", "warn")
    ]


def _spaces(spaces: SpacesResult | None) -> list[Recommendation]:
    if spaces is None:
        return []
    found = []
    if spaces.unowned:
        found.append(
            Recommendation(
                Severity.MEDIUM,
                f"Set a community goal for {objective_names(spaces.unowned)}, with a program "
                "and a metric",
                f"a {spaces.stage} company needs it and no goal drives it",
            )
        )
    if spaces.off_stage:
        stage_names = objective_names(rules.STAGE_NEEDS.get(spaces.stage, ()))
        found.append(
            Recommendation(
                Severity.LOW,
                "Check that goals outside the stage’s priorities still earn their place: "
                + quoted_names(spaces.off_stage),
                f"at stage {spaces.stage} the community should mainly drive {stage_names}",
            )
        )
    if spaces.gaps:
        found.append(
            Recommendation(
                Severity.LOW,
                "Complete each goal’s trace to a business goal, a program and a metric",
                "goals with gaps: " + quoted_names(list(spaces.gaps)),
            )
        )
    return found


def recommend(
    *,
    index: Estimate | None,
    subscales: Mapping[str, Estimate],
    subscale_labels: Mapping[str, str],
    weakest_subscale: str | None,
    trust_safety: TrustSafetyResult,
    launch_checks: Sequence[Check],
    spaces: SpacesResult | None,
    reliability: Sequence[SubscaleReliability],
    health: Sequence[HealthMeasure],
    missing: Mapping[str, str],
) -> tuple[Recommendation, ...]:
    """The most pressing recommendations (ranked by severity, at most the shared limit).

    Within one severity the order is: no survey; the weakest subscale (HIGH when it is below the
    developing threshold); trust & safety basics answered "no"; failed launch checks; stage
    objectives nobody owns; an unanswered checklist; worsening health; launch warnings; goals off
    the stage; untraced goals; unreliable subscales.
    """
    found: list[Recommendation] = []
    if index is None:
        found.append(
            Recommendation(
                Severity.HIGH, SURVEY_ACTION, missing.get(SURVEY_FILE, NO_SCORED_ANSWERS)
            )
        )
    weakest_value = None if weakest_subscale is None else subscales[weakest_subscale].value
    if weakest_value is not None and weakest_value < rules.STRONG_INDEX.value:
        label = subscale_labels.get(weakest_subscale, weakest_subscale)
        generic = f"Ask members what would strengthen {label.lower()} and test one change a month"
        found.append(
            Recommendation(
                Severity.HIGH if weakest_value < rules.DEVELOPING_INDEX.value else Severity.MEDIUM,
                SUBSCALE_ADVICE.get(weakest_subscale, generic),
                f"{label} is the weakest subscale, below {rules.STRONG_INDEX.text}: index "
                f"{fmt.estimate(subscales[weakest_subscale])}",
            )
        )
    missing_basics = [
        p.label.lower() for p in TRUST_SAFETY_PRACTICES if trust_safety.answers[p.key] == "no"
    ]
    if missing_basics:
        found.append(
            Recommendation(
                Severity.HIGH,
                "Put the missing trust & safety basics in place: " + ", ".join(missing_basics),
                f"the team answered “no” for {len(missing_basics)} of "
                f"{len(TRUST_SAFETY_PRACTICES)} practices",
            )
        )
    found += _launch(launch_checks)
    found += _spaces(spaces)
    if trust_safety.assessed == 0:
        found.append(
            Recommendation(
                Severity.MEDIUM,
                "Answer the trust & safety checklist as a team",
                "none of its practices is assessed yet in team_assessment.yaml",
            )
        )
    worsening = [m.measure.lower() for m in health if m.verdict == "worsening"]
    if worsening:
        found.append(
            Recommendation(
                Severity.MEDIUM,
                "Find out what changed in the community over the last "
                f"{rules.HEALTH_WINDOW_WEEKS.value} weeks",
                "worsening: " + ", ".join(worsening),
            )
        )
    unreliable = [r.label for r in reliability if r.warning and r.subscale != TOTAL]
    if unreliable:
        found.append(
            Recommendation(
                Severity.LOW,
                "Review the wording of the items in " + ", ".join(unreliable),
                "their items do not hang together (Cronbach’s α below "
                f"{rules.ALPHA_WARNING_BELOW.text})",
            )
        )
    return rank(found)
