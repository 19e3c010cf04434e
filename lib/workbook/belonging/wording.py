"""The belonging assessment's sentences about its findings: the one-line summary, check reasons
and the messages for missing data.

Compute returns numbers, outcomes and frozen dataclasses; this module writes what a reader sees
about them, stating thresholds through :mod:`workbook.belonging.rules`. It imports the compute
side only, so :mod:`workbook.belonging.advice` and :mod:`workbook.belonging.present` can both
use it (rules → compute → wording → advice → present).
"""

from __future__ import annotations

from collections.abc import Sequence

from workbook import format as fmt
from workbook.belonging import rules
from workbook.belonging.alpha import SubscaleReliability
from workbook.belonging.goals import SpacesResult
from workbook.belonging.health import ACTIVITY_INPUTS, ACTIVITY_MEASURES
from workbook.belonging.launch import LaunchFinding, launch_findings
from workbook.belonging.result import banded
from workbook.belonging.rules import Level
from workbook.belonging.safety import TrustSafetyResult
from workbook.belonging.scoring import ACTIVITY_FILE, SURVEY_FILE
from workbook.belonging.survey import SurveyWaves, WaveIndex
from workbook.io import TRUST_SAFETY_PRACTICES, CommunityConfig
from workbook.results import Check
from workbook.stats import Estimate

# --------------------------------------------------------------------------------------------
# Names and spans
# --------------------------------------------------------------------------------------------


def count_text(survey: SurveyWaves) -> str:
    """The number of groups with their name: "1 wave", "3 waves", "12 months"."""
    count = len(survey.waves)
    return f"{count} {survey.unit if count == 1 else survey.grouping}"


def quoted_names(values: Sequence[str]) -> str:
    """Goal names in curly quotes, comma separated (used in check reasons and advice)."""
    return ", ".join(f"“{value}”" for value in values)


def objective_names(objectives: Sequence[str]) -> str:
    """SPACES objective codes as their plain names joined with "and"."""
    return " and ".join(rules.SPACES_LABELS.get(o, o) for o in objectives)


def wave_span(wave: WaveIndex) -> str:
    """A wave's answer days: "2026-02-03 to 2026-02-23", one day, or "no answer dates"."""
    if wave.start is None:
        return "no answer dates"
    if wave.end == wave.start:
        return fmt.day(wave.start)
    return f"{fmt.day(wave.start)} to {fmt.day(wave.end)}"


def latest_wave_phrase(waves: SurveyWaves | None) -> str:
    """The words " in the latest survey wave (2026-02-03 to 2026-02-23)", or " in the latest
    month, 2026-05 (…)" for a continuous survey, when the survey has several waves; else "".

    When a later wave is too thin (or unfinished) to set the level, the words name the wave
    that does: " in the latest survey wave with enough answers (…)"."""
    if waves is None or waves.latest is None or waves.previous is None:
        return ""
    current = waves.current or waves.latest
    name = "survey wave" if waves.grouping == "waves" else waves.unit
    qualifier = "" if current is waves.latest else " with enough answers"
    if waves.grouping != "waves":
        name += f"{qualifier}, {current.label}"
        qualifier = ""
    return f" in the latest {name}{qualifier} ({wave_span(current)})"


# --------------------------------------------------------------------------------------------
# The one-line summary
# --------------------------------------------------------------------------------------------


def _cap_clause(level: Level, index: float, practices: TrustSafetyResult | None) -> str:
    """Why a strong index is not a strong level: a low trust & safety score or an unanswered
    practice ("" when neither caps it)."""
    if practices is None or level == "strong" or banded(index) < rules.STRONG_INDEX.value:
        return ""
    score = practices.score
    if score is not None and banded(score) < rules.TRUST_SAFETY_FOR_STRONG.value:
        scale = fmt.number(rules.TRUST_SAFETY_SCALE.value, 0)
        return f", capped by a trust & safety score of {fmt.number(score, 0)}/{scale}"
    if not practices.evidence.sufficient:
        return (
            f", capped because only {practices.assessed} of {practices.total} trust "
            "& safety practices are answered (an unanswered practice is no pass)"
        )
    return ""


def summary(
    level: Level,
    index: Estimate | None,
    practices: TrustSafetyResult | None,
    waves: SurveyWaves | None = None,
) -> str:
    """The one-line summary of the assessment (``AssessmentResult.summary``): the level, the
    index that sets it, what caps it and whether it is provisional."""
    if index is None or index.value is None:
        return "Belonging is not assessed: without scored survey answers there is no index."
    text = (
        f"Belonging is {level}: the Belonging Index{latest_wave_phrase(waves)} is "
        f"{fmt.estimate(index)}"
    )
    text += _cap_clause(level, index.value, practices)
    current = None if waves is None else waves.current
    if current is not None and not current.adequate:
        text += f" (provisional: {current.evidence.note})"
    return text + "."


# --------------------------------------------------------------------------------------------
# Missing data
# --------------------------------------------------------------------------------------------


def unscored_survey_message() -> str:
    """Why a loaded survey gave no Belonging Index (stated with the current rule)."""
    return (
        f"{SURVEY_FILE} has no respondent who answered at least "
        f"{rules.MIN_ANSWERED_SHARE.text} of the items, so no Belonging Index can be computed; "
        "check that the answer columns are filled."
    )


def missing_activity_message(keys: Sequence[str], slug: str = "SLUG") -> str:
    """Which measures cannot be judged, the blank columns behind them and the commands that
    would fill them."""
    labels = {key: label for _, key, label, _, _ in ACTIVITY_MEASURES}
    columns = sorted({column for key in keys for column in ACTIVITY_INPUTS[key]})
    return (
        f"Not judged: {', '.join(labels[key] for key in keys)} — no week of "
        f"{ACTIVITY_FILE} fills {', '.join(f'`{c}`' for c in columns)}. The other measures are "
        "judged. Fill the columns by hand, or import the export that has them: "
        f"`workbook import '<workspace> Member Analytics <Monday> - <Sunday>.csv' --company {slug} "
        "--as activity` (Slack: members, active members, posts) or `workbook import "
        f"<discourse-report>.zip --company {slug} --as activity` (Discourse: posts, questions, "
        "questions answered, first-response time). See docs/importing.md."
    )


# --------------------------------------------------------------------------------------------
# Check reasons
# --------------------------------------------------------------------------------------------


def reliability_check(reliability: SubscaleReliability) -> Check:
    """The reliability check of one subscale: its outcome (see
    :attr:`SubscaleReliability.outcome`) with a reason stating the α shown and its band."""
    name = f"Reliability: {reliability.label}"
    evidence = reliability.evidence
    outcome = reliability.outcome
    if reliability.shown is None:
        reason = (
            f"α is not defined ({reliability.n} complete answers, {reliability.items} statements)"
        )
        return Check(name, outcome, reason, evidence=evidence)
    alpha = fmt.number(reliability.shown, rules.ALPHA_DIGITS.value)
    reason = f"α = {alpha} ({reliability.band}) over {reliability.n} complete answers"
    if outcome == "warn":
        reason += f", below {rules.ALPHA_WARNING_BELOW.text}"
    elif outcome != "pass":
        reason += f"; {evidence.note}"
    return Check(name, outcome, reason, evidence=evidence)


def spaces_checks(spaces: SpacesResult) -> tuple[Check, ...]:
    """The three SPACES checks: every goal traces, goals fit the stage, needed objectives are
    owned."""
    stage, needed_names = spaces.stage, objective_names(spaces.needed)
    if spaces.gaps:
        trace_reason = "; ".join(
            f"“{goal}” lacks {', '.join(links)}" for goal, links in spaces.gaps.items()
        )
    else:
        trace_reason = "each goal names the business goal it serves, its program and its metric"
    if spaces.off_stage:
        fit_reason = (
            f"at stage {stage} the priorities are {needed_names}; "
            f"outside them: {quoted_names(spaces.off_stage)}"
        )
    else:
        fit_reason = f"every goal serves a {stage} priority"
    if spaces.unowned:
        cover_reason = (
            f"no goal drives {objective_names(spaces.unowned)}, which a {stage} company needs"
        )
    else:
        cover_reason = f"goals cover {needed_names}"
    return (
        Check(
            "Every goal traces to a business goal, program and metric",
            spaces.trace_outcome,
            trace_reason,
        ),
        Check("Goals fit the stage", spaces.fit_outcome, fit_reason),
        Check("Objectives the stage needs have an owner", spaces.cover_outcome, cover_reason),
    )


NO_COMMUNITY = (
    "the community's launch settings are not given yet: add its owner, its number of founding "
    "members and its channels to the company settings to assess the launch"
)

#: The community launch setting behind each launch check, in words.
_LAUNCH_SETTINGS = {
    "Founding members": "number of founding members",
    "Channels at launch": "number of channels at launch",
    "Community owner": "owner",
}


def _members_reason(finding: LaunchFinding) -> str:
    low, high = rules.FOUNDING_MEMBERS.value
    members = finding.value
    return {
        "within": f"{members} founding members is within {rules.FOUNDING_MEMBERS.text}",
        "none": "no founding members: nobody seeds the first conversations",
        "few": f"{members} founding members is fewer than {low}: too few to seed lively "
        "conversations",
        "many": f"{members} founding members is more than {high}: too many to curate the early "
        "culture",
    }[finding.case]


def _channels_reason(finding: LaunchFinding) -> str:
    limit, channels = rules.MAX_LAUNCH_CHANNELS.value, finding.value
    return {
        "none": "no channel: members have no space to meet",
        "within": f"{channels} channel(s), at most {limit}",
        "many": f"{channels} channels is more than {limit}: conversations spread too thin",
    }[finding.case]


def _owner_reason(finding: LaunchFinding) -> str:
    return {
        "none": "nobody owns the community",
        "founder": "a founder owns the community",
        "team early": "a community team owns it; before product/market fit a founder should "
        "host it",
        "team": f"a community team owns it, which suits a {finding.stage} company",
    }[finding.case]


_LAUNCH_REASONS = {
    "Founding members": _members_reason,
    "Channels at launch": _channels_reason,
    "Community owner": _owner_reason,
}


def launch_reason(finding: LaunchFinding) -> str:
    """Why a launch check came out as it did, with the number or owner it judged."""
    if finding.case == "no community":
        return NO_COMMUNITY
    if finding.case == "not given":
        return f"the community's {_LAUNCH_SETTINGS[finding.name]} is not given yet"
    return _LAUNCH_REASONS[finding.name](finding)


def launch_checks(findings: Sequence[LaunchFinding]) -> tuple[Check, ...]:
    """The launch findings as checks with their reasons."""
    return tuple(Check(f.name, f.outcome, launch_reason(f)) for f in findings)


def launch_readiness(community: CommunityConfig | None, stage: str) -> tuple[Check, ...]:
    """The launch checks of a community (see :func:`workbook.belonging.launch.launch_findings`)."""
    return launch_checks(launch_findings(community, stage))


def trust_safety_checks(practices: TrustSafetyResult) -> tuple[Check, ...]:
    """One check per practice: yes passes, partly warns, no fails, unanswered not assessed; the
    reason repeats the question and the answer."""
    checks = []
    for practice in TRUST_SAFETY_PRACTICES:
        answer = practices.answers[practice.key]
        reason = f"answered “{answer}”" if answer != rules.NOT_ASSESSED else "no answer yet"
        checks.append(
            Check(
                practice.label, practices.outcome(practice.key), f"{practice.question} ({reason})"
            )
        )
    return tuple(checks)
