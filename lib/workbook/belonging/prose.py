"""The belonging page's method prose: how each section's figures are built and read.

Every sentence that states a threshold is generated from :mod:`workbook.belonging.rules`, so the
page never retypes a number. The notebook reads these through :mod:`workbook.belonging.present`.
"""

from __future__ import annotations

from workbook import format as fmt
from workbook import waves
from workbook.belonging import rules
from workbook.belonging.result import BelongingResult
from workbook.belonging.wording import count_text, objective_names, wave_span
from workbook.io import TRUST_SAFETY_PRACTICES
from workbook.results import MAX_RECOMMENDATIONS


def too_few() -> str:
    """The words for a group too small to trust: "fewer than 30 answers"."""
    return f"fewer than {rules.MIN_RELIABLE.value} answers"


def index_intro() -> str:
    """How the Belonging Index is built and read: its scale, interval and small groups."""
    top = fmt.number(rules.INDEX_MAX.value, 0)
    return (
        f"The **Belonging Index** rescales each member's total to {rules.INDEX_MAX.text} "
        f"(0 = every answer at the bottom of the scale, {top} = every answer at the top) and "
        "averages it. "
        f"The range after each index is its {rules.CONFIDENCE_LEVEL.text} confidence interval, "
        f"cut at the ends of the scale (0 and {top}: no average can lie outside them), and *n* "
        f"is the number of members behind it; with {too_few()} a group is shown but "
        "flagged as too few to trust. A member who skipped more than "
        f"{fmt.share(1 - rules.MIN_ANSWERED_SHARE.value)} of a subscale's statements gets no "
        "score for it rather than a guess."
    )


def segments_intro() -> str:
    """How to read the segment grid's marks."""
    return (
        f"Cells marked `*` rest on {too_few()}. The {rules.MAX_SEGMENTS_SHOWN.value} largest "
        f"segments are shown on their own; any others are pooled as “Other segments”."
    )


def reliability_intro() -> str:
    """The conventional α bands and the warning threshold."""
    bands = rules.alpha_bands()
    (first_rule, first_label), rest = bands[0], bands[1:]
    parts = [f"{first_rule.text} or more {first_label}"]
    parts += [f"{rule.text} {label}" for rule, label in rest]
    return (
        f"Conventional bands: {', '.join(parts)}, below that {rules.ALPHA_BAND_BELOW}. Below "
        f"{rules.ALPHA_WARNING_BELOW.text} a subscale is flagged: read its score with care and "
        f"consider rewording its statements. α is rounded to {rules.ALPHA_DIGITS.text} before "
        "it is banded, so a band always matches the value shown. Like the index, α is computed "
        f"on the wave that sets the level. {rules.ALPHA_EVIDENCE.explanation} (at least "
        f"{rules.ALPHA_EVIDENCE.value} complete answers)."
    )


def health_intro() -> str:
    """The health windows, the belonging comparison and the steady band."""
    weeks = rules.HEALTH_WINDOW_WEEKS.value
    return (
        f"Activity and value compare the latest {weeks} weeks with the {weeks} weeks before "
        "(weekly counts are pooled over each span). Belonging compares the latest survey wave "
        "with the wave before it, each member counted once per wave. A change within "
        f"{rules.STEADY_WITHIN.text} counts as steady; from an earlier value of zero there is "
        "no relative change, so any rise from nothing counts as rising, never steady. "
        + evidence_intro()
    )


def evidence_intro() -> str:
    """The evidence rules in one paragraph: when a change is claimed and which wave sets the
    level (generated from the rules, so no number is typed here)."""
    activity, change = rules.ACTIVITY_CHANGE, rules.BELONGING_CHANGE
    wave = rules.WAVE_EVIDENCE
    return (
        f"A rise or fall in activity or value is claimed only with {activity.text}; a change "
        f"in belonging only with {change.text}. Otherwise the "
        "measure reads steady (within noise) or not defined (too little data). "
        f"The level is read from the latest wave with {wave.value} or more distinct "
        "respondents that had ended by the as-of date; a thinner or unfinished wave is shown "
        "but sets nothing. "
        f"Strong also needs all {rules.TRUST_SAFETY_EVIDENCE.value} trust & safety practices "
        "answered: an unanswered practice is missing evidence, not a pass."
    )


def grouping_text(grouping: str) -> str:
    """The rule that grouped the survey's answers, as stated by :mod:`workbook.waves`."""
    if grouping == "waves":
        return f"Grouping: {waves.WAVE_GAP_DAYS.text}."
    return (
        f"Grouping: {waves.CONTINUOUS_AFTER_DAYS.text}, so it is read in calendar {grouping} "
        f"({waves.MIN_PERIOD_ANSWERS.text})."
    )


def survey_waves_markdown(result: BelongingResult) -> str:
    """How many answers, members and waves, which grouping formed the waves, and that the
    figures that follow describe the latest wave (empty without a survey)."""
    survey = result.waves
    if survey is None or survey.latest is None:
        return ""
    latest, unit = survey.latest, survey.unit
    text = (
        f"The survey holds {survey.answers} answers from {survey.members} members in "
        f"{count_text(survey)}. {grouping_text(survey.grouping)} "
    )
    if survey.previous is None:
        return text + (
            f"The index, subscales, segments and α below describe this one {unit} "
            f"({wave_span(latest)}). Repeat the survey with the same members to see belonging "
            "move."
        )
    current = survey.current or latest
    which = f"latest {unit}" if current is latest else f"latest {unit} with enough answers"
    text += (
        f"The index, subscales, segments and α below describe the **{which}** "
        f"({fmt.escape(current.label)}, {wave_span(current)}, {current.answers} answers), so a "
        f"member surveyed in several {survey.grouping} counts once; {current.returning} of its "
        f"members also answered an earlier {unit}"
    )
    if current is not latest:
        text += (
            f". The latest {unit} ({fmt.escape(latest.label)}, {latest.answers} answers) is "
            f"shown in the trend but does not set the level: {latest.evidence.note}"
        )
    if survey.panel_members:
        text += f" ({survey.panel_members} members answered in more than one {unit} in all)"
    return text + f". Every {unit} feeds the belonging trend under community health."


def trend_intro(result: BelongingResult) -> str:
    """How the belonging trend is built, and which grouping formed its waves."""
    survey = result.waves
    if survey is None or survey.latest is None:
        return "No belonging trend: without survey answers there are no waves."
    unit = survey.unit
    text = (
        f"The belonging trend gives the Belonging Index of every survey {unit}, oldest first. "
        f"{grouping_text(survey.grouping)} Each member counts once per {unit}; *Answered "
        "before* counts the members who also answered an earlier one. "
    )
    if len(survey.waves) == 1:
        return text + "With a single wave there is no trend yet."
    return text + (
        f"Waves with {too_few()} are shown but flagged: their interval is too wide to read a "
        "change from."
    )


_STAGE_PHRASES = {
    "pre-pmf": "before product/market fit",
    "pmf": "at product/market fit",
    "scaling": "while scaling",
}


def spaces_intro() -> str:
    """Which SPACES objectives each stage should drive (stages with the same needs grouped)."""
    groups: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = {}
    for stage, needed in rules.STAGE_NEEDS.items():
        also = rules.STAGE_ALSO_FITS.get(stage, ())
        groups.setdefault((needed, also), []).append(_STAGE_PHRASES.get(stage, stage))
    clauses = []
    for (needed, also), stages in groups.items():
        clause = f"{' and '.join(stages)}, {objective_names(needed)}"
        if also:
            clause += f" ({objective_names(also)} fits too)"
        clauses.append(clause)
    return (
        "Which objectives matter depends on the stage; the community should mainly drive: "
        + "; ".join(clauses)
        + ". Goals outside the stage's priorities are flagged for a second look, and so are "
        "objectives the stage needs that no goal covers."
    )


def launch_intro() -> str:
    """The launch limits: founding members, channels, an owner, and when a check fails."""
    low, high = rules.FOUNDING_MEMBERS.value
    return (
        f"The checks use the `community` section of `company.yaml`: between {low} and {high} "
        "founding members (fewer cannot carry a conversation, more cannot be welcomed one by "
        f"one), at most {rules.MAX_LAUNCH_CHANNELS.text} channels at launch (more spread "
        "conversations thin), and a named owner, ideally a founder before product/market fit. "
        "Far outside a limit (no members or channels, or more than "
        f"{rules.LAUNCH_FAIL_FACTOR.text}) fails; a little outside warns."
    )


def trust_safety_intro() -> str:
    """How the trust & safety checklist is answered and scored."""
    return (
        f"The team answers {len(TRUST_SAFETY_PRACTICES)} questions in `team_assessment.yaml` "
        "(section `belonging`, key `practices`) with yes, partly or no. Points per answer: "
        f"{rules.ANSWER_POINTS.text}; the score is the average over the questions answered, on a "
        f"{rules.TRUST_SAFETY_SCALE.text} scale. A question left unanswered is "
        "“not assessed”, which is not the same as “no”, and does not count."
    )


def level_intro() -> str:
    """How the level follows from the index and the trust & safety score."""
    strong, developing = rules.STRONG_INDEX.text, rules.DEVELOPING_INDEX.text
    return (
        f"The overall level follows the Belonging Index: {strong} or more is **strong**, "
        f"{developing} or more **developing**, below {developing} **weak**. A strong index "
        "still counts as developing when the trust & safety score is below "
        f"{rules.TRUST_SAFETY_FOR_STRONG.text} or while any of its "
        f"{rules.TRUST_SAFETY_EVIDENCE.value} practices is unanswered, because belonging that is "
        "not protected does not last. The index and the score are rounded to "
        f"{rules.INDEX_DIGITS.text} before they are banded. Without survey answers the level "
        "is “not assessed”. The recommendations "
        f"(at most {MAX_RECOMMENDATIONS}) come from what was found above, most severe first, "
        "and open the page, under *At a glance*."
    )
