"""The belonging assessment for people: tables, Markdown, wording and the notebook's prose.

Everything here reads a computed :class:`~workbook.belonging.compute.BelongingResult` (or the
rules) and formats it through :mod:`workbook.format`. Every sentence that states a threshold is
generated from :mod:`workbook.belonging.rules`, so the notebook never retypes a number.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from workbook import format as fmt
from workbook import waves
from workbook.belonging import rules
from workbook.belonging.goals import GoalTrace, SpacesResult
from workbook.belonging.health import ACTIVITY_MEASURES_MISSING, HealthMeasure
from workbook.belonging.result import BelongingResult, banded
from workbook.belonging.safety import TrustSafetyResult
from workbook.belonging.scoring import (
    ACTIVITY_FILE,
    GOALS_FILE,
    SURVEY_FILE,
    mean_score,
    score_range,
)
from workbook.belonging.survey import WaveIndex
from workbook.belonging.wording import (
    count_text,
    latest_wave_phrase,
    objective_names,
    spaces_checks,
    trust_safety_checks,
    wave_span,
)
from workbook.io import TRUST_SAFETY_PRACTICES
from workbook.present import (
    Findings,
    checks_finding,
    checks_markdown,
    gap_markdown,
    recommendations_markdown,
)
from workbook.results import MAX_RECOMMENDATIONS
from workbook.rules import rules_markdown, rules_table
from workbook.stats import Estimate

#: How a blank link of a goal's trace is shown.
MISSING_LINK = "(missing)"
NO_INDEX = "not defined (no scored answers)"

# --------------------------------------------------------------------------------------------
# Notebook prose stating thresholds (generated from the rules)
# --------------------------------------------------------------------------------------------


def _too_few() -> str:
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
        f"is the number of members behind it; with {_too_few()} a group is shown but "
        "flagged as too few to trust. A member who skipped more than "
        f"{fmt.share(1 - rules.MIN_ANSWERED_SHARE.value)} of a subscale's statements gets no "
        "score for it rather than a guess."
    )


def segments_intro() -> str:
    """How to read the segment grid's marks."""
    return (
        f"Cells marked `*` rest on {_too_few()}. The {rules.MAX_SEGMENTS_SHOWN.value} largest "
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
        f"Waves with {_too_few()} are shown but flagged: their interval is too wide to read a "
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


# --------------------------------------------------------------------------------------------
# Headline and verdict
# --------------------------------------------------------------------------------------------


def header_markdown(name: str, stage: str, as_of: object) -> str:
    """The company line at the top of the notebook."""
    return f"**{fmt.escape(name)}**, stage `{stage}`, data as of {fmt.day(as_of)}."


def estimate_text(estimate: Estimate) -> str:
    """An index with its interval and n, or "not defined (no scored answers)"."""
    return fmt.estimate(estimate, placeholder=NO_INDEX)


def index_text(result: BelongingResult) -> str:
    """The Belonging Index in one line, with interval and n."""
    if result.index is None:
        return "Belonging Index: not assessed."
    return f"Belonging Index: {estimate_text(result.index)} on a {rules.INDEX_MAX.text} scale."


def level_reason(result: BelongingResult) -> str:
    """Why the level is what it is, stating the thresholds it was judged against."""
    index = result.index
    if index is None or index.value is None:
        return "No Belonging Index: without survey answers the level cannot be judged."
    reason = (
        f"The Belonging Index{latest_wave_phrase(result.waves)} is {estimate_text(index)}; "
        f"{rules.STRONG_INDEX.text} or more is "
        f"strong, {rules.DEVELOPING_INDEX.text} or more developing, below that weak."
    )
    practices = result.trust_safety
    score = practices.score
    strong_index = banded(index.value) >= rules.STRONG_INDEX.value
    low_score = score is not None and banded(score) < rules.TRUST_SAFETY_FOR_STRONG.value
    if strong_index and result.status != "strong" and low_score:
        reason += (
            f" Trust & safety practices score {trust_safety_score_text(score)}, below the "
            f"{rules.TRUST_SAFETY_FOR_STRONG.text} a strong level needs, so the level is "
            "developing."
        )
    elif strong_index and result.status != "strong" and not practices.evidence.sufficient:
        reason += (
            f" Only {practices.assessed} of {practices.total} trust & safety practices are "
            "answered: an unanswered practice is not a pass, so the level is developing until "
            "the checklist is complete."
        )
    current = None if result.waves is None else result.waves.current
    if current is not None and not current.adequate:
        reason += f" The level is provisional: {current.evidence.note}."
    if index.too_few:
        reason += f" With {_too_few()}, treat this as provisional."
    return reason


def verdict_markdown(result: BelongingResult) -> str:
    """The overall level and why, as Markdown (user text escaped)."""
    lines = [f"**{fmt.escape(result.company)}: belonging is {result.status}.**", ""]
    lines.append(fmt.escape(level_reason(result)))
    if result.weakest_subscale is not None:
        estimate = result.subscales[result.weakest_subscale]
        label = result.subscale_label(result.weakest_subscale)
        lines += [
            "",
            f"Weakest subscale: **{fmt.escape(label)}**, index "
            f"{fmt.escape(estimate_text(estimate))}.",
        ]
    return "\n".join(lines)


def verdict_and_advice_markdown(result: BelongingResult) -> str:
    """The verdict followed by the ranked recommendations."""
    return (
        verdict_markdown(result)
        + "\n\n**What to do next**\n\n"
        + recommendations_markdown(result.recommendations)
    )


def missing_markdown(result: BelongingResult, *files: str) -> str:
    """The advice for each of ``files`` that could not be used (empty when all were usable)."""
    return "\n\n".join(result.missing[file] for file in files if file in result.missing)


def survey_gap_markdown(result: BelongingResult) -> str:
    """What a section built on the survey shows without scored answers: one line pointing at
    the advice given once at the top of the page."""
    return gap_markdown(result.missing, SURVEY_FILE) or (
        "**Not assessed here:** no survey answer could be scored."
    )


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------

_INPUTS = (
    (SURVEY_FILE, "answers", "the members' voice, reliability and the belonging trend"),
    (ACTIVITY_FILE, "weeks", "community health: activity and value"),
    (GOALS_FILE, "goals", "goals and SPACES fit"),
)


def inputs_table(result: BelongingResult) -> pd.DataFrame:
    """Each input of the assessment, whether it was usable, and the part it feeds."""
    rows = []
    for file, unit, feeds in _INPUTS:
        state = result.sources.get(file, "missing")
        if file in result.rows:
            detail = f"{result.rows[file]} {unit}"
            if file == SURVEY_FILE and result.waves is not None and result.waves.waves:
                detail += f" in {count_text(result.waves)}"
            state = f"{state} ({detail})"
        if file == ACTIVITY_FILE and ACTIVITY_MEASURES_MISSING in result.missing:
            state += "; some measures not supplied (see At a glance)"
        rows.append((file, state, feeds))
    practices = result.trust_safety
    rows += [
        (
            "company.yaml: community",
            "given" if result.community_given else "not given",
            "launch readiness",
        ),
        (
            "team_assessment.yaml: belonging practices",
            f"{practices.assessed} of {practices.total} answered",
            "trust & safety practices",
        ),
    ]
    return pd.DataFrame(rows, columns=["Input", "Status", "Feeds"])


def _rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _estimate_rows(
    estimates: Mapping[str, Estimate], first_column: str, names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    rows = [
        (
            (names or {}).get(key, key),
            _rounded(e.value),
            _rounded(e.ci_low),
            _rounded(e.ci_high),
            e.n,
            "too few to trust" if e.too_few else "ok",
        )
        for key, e in estimates.items()
    ]
    return pd.DataFrame(rows, columns=[first_column, "Index", "CI low", "CI high", "n", "Reliable"])


def subscale_table(result: BelongingResult) -> pd.DataFrame:
    """Index per subscale with interval, n, and the mean on the instrument's own scale."""
    instrument = result.instrument
    if instrument is None:
        return _estimate_rows({}, "Subscale")
    table = _estimate_rows(result.subscales, "Subscale", result.subscale_labels)
    means, ranges = [], []
    for subscale, estimate in result.subscales.items():
        means.append(_rounded(mean_score(instrument, subscale, estimate.value), 2))
        low, high = score_range(instrument, subscale)
        ranges.append(fmt.interval(low, high, 0, as_share=False))
    table.insert(4, "Mean score", means)
    table.insert(5, "Possible scores", ranges)
    return table


def segment_table(result: BelongingResult) -> pd.DataFrame:
    """Belonging Index per segment (largest first) with interval and n."""
    return _estimate_rows(result.segments, "Segment")


def reliability_table(result: BelongingResult) -> pd.DataFrame:
    """Cronbach's α per subscale and over all items, with band and warning."""
    rows = [
        (
            r.label,
            r.items,
            r.n,
            r.shown,
            r.band,
            f"below {rules.ALPHA_WARNING_BELOW.text}" if r.warning else "",
        )
        for r in result.reliability
    ]
    return pd.DataFrame(
        rows, columns=["Subscale", "Items", "Complete answers", "Alpha", "Band", "Warning"]
    )


def measure_text(measure: HealthMeasure, value: float | None) -> str:
    """A value of a health measure as text ("not defined" when there is none)."""
    if value is None:
        return fmt.NOT_DEFINED
    if measure.unit == "share":
        return fmt.share(value)
    if measure.unit == "hours":
        return f"{fmt.number(value, 1)} h"
    return fmt.number(value, 1)


def _compares(measure: HealthMeasure, result: BelongingResult) -> str:
    """What a health measure compares: two windows of weeks, or two survey waves."""
    if measure.span == "weeks":
        weeks = rules.HEALTH_WINDOW_WEEKS.value
        return f"latest {weeks} weeks vs the {weeks} before"
    unit = result.waves.unit if result.waves is not None else "wave"
    return f"latest survey {unit} vs the one before"


def health_table(result: BelongingResult) -> pd.DataFrame:
    """The triad: each measure now and before, what it compares, direction and verdict."""
    rows = [
        (
            m.pillar,
            m.measure,
            measure_text(m, m.latest),
            measure_text(m, m.previous),
            _compares(m, result),
            f"{m.latest_basis} / {m.previous_basis} {m.basis}",
            m.direction,
            m.verdict,
        )
        for m in result.health
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "Pillar",
            "Measure",
            "Latest",
            "Before",
            "Compares",
            "Based on (latest / before)",
            "Direction",
            "Verdict",
        ],
    )


def waves_table(result: BelongingResult) -> pd.DataFrame:
    """The belonging trend: the index of every survey wave (oldest first) with its interval,
    n, how many of its members also answered an earlier wave, and whether it sets the level."""
    waves = result.waves.waves if result.waves is not None else ()
    table = _estimate_rows({wave.label: wave.index for wave in waves}, "Wave")
    table.insert(1, "From", [fmt.day(wave.start, placeholder="") for wave in waves])
    table.insert(2, "To", [fmt.day(wave.end, placeholder="") for wave in waves])
    table.insert(len(table.columns) - 1, "Answered before", [wave.returning for wave in waves])
    current = result.waves.current if result.waves is not None else None
    table["Sets the level"] = [wave_role(wave, current) for wave in waves]
    return table


def wave_role(wave: WaveIndex, current: WaveIndex | None) -> str:
    """Whether a wave sets the level ("yes"), or why not: too few respondents, not finished,
    or a later adequate wave (the evidence rule)."""
    if wave is current:
        return "yes" if wave.adequate else "yes (provisional)"
    if not wave.complete:
        return "no: not finished"
    if not wave.adequate:
        return "no: too few"
    return "no: earlier"


def goal_progress_text(goal: GoalTrace) -> str:
    """Progress to target, with "(lower is better)" for a goal whose metric should fall, and
    "met" when the target is reached without a ratio (zero tickets against any target)."""
    text = "met" if goal.progress is None and goal.met else fmt.share(goal.progress)
    return text + (" (lower is better)" if goal.direction == "lower" else "")


def goals_table(spaces: SpacesResult) -> pd.DataFrame:
    """The goals with their objective, trace, progress and stage fit."""
    rows = [
        {
            "Goal": g.goal,
            "Objective": rules.SPACES_LABELS.get(g.objective, g.objective),
            "Business goal": g.business_goal or MISSING_LINK,
            "Program": g.program or MISSING_LINK,
            "Metric": g.metric or MISSING_LINK,
            "Progress to target": goal_progress_text(g),
            "Traces": "yes" if not g.missing_links else "missing " + ", ".join(g.missing_links),
            "Fits stage": "yes" if g.fits_stage else "no",
        }
        for g in spaces.goals
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "Goal",
            "Objective",
            "Business goal",
            "Program",
            "Metric",
            "Progress to target",
            "Traces",
            "Fits stage",
        ],
    )


def trust_safety_score_text(score: float | None) -> str:
    """A trust & safety score as "93/100" ("not assessed" without one)."""
    if score is None:
        return "not assessed"
    return f"{fmt.number(score, 0)}/{fmt.number(rules.TRUST_SAFETY_SCALE.value, 0)}"


def trust_safety_summary(practices: TrustSafetyResult) -> str:
    """The score in one line, with how many practices it rests on."""
    if practices.score is None:
        return f"Trust & safety score: not assessed (0 of {practices.total} practices answered)."
    return (
        f"Trust & safety score: {trust_safety_score_text(practices.score)} over the "
        f"{practices.assessed} of {practices.total} practices answered "
        f"({rules.ANSWER_POINTS.text})."
    )


def trust_safety_table(practices: TrustSafetyResult) -> pd.DataFrame:
    """Practice, question, answer and points, in checklist order."""
    return pd.DataFrame(
        [
            (p.label, p.question, practices.answers[p.key], practices.points(p.key))
            for p in TRUST_SAFETY_PRACTICES
        ],
        columns=["Practice", "Question", "Answer", "Points"],
    )


def trust_safety_markdown(practices: TrustSafetyResult) -> str:
    """The score line, then one check per practice."""
    return (
        trust_safety_summary(practices) + "\n\n" + checks_markdown(trust_safety_checks(practices))
    )


def spaces_markdown(spaces: SpacesResult) -> str:
    """The three SPACES checks as a Markdown table."""
    return checks_markdown(spaces_checks(spaces))


def launch_markdown(result: BelongingResult) -> str:
    """The launch-readiness checks as a Markdown table, or, when none could be assessed for
    one reason (no community section in company.yaml), that reason once."""
    checks = result.launch_checks
    reasons = {check.reason for check in checks}
    if checks and len(reasons) == 1 and all(c.outcome == "not assessed" for c in checks):
        return f"**Not assessed:** {fmt.escape(reasons.pop())}."
    return checks_markdown(checks)


def thresholds_table() -> pd.DataFrame:
    """Every rule the assessment uses: label, value and why (generated from the rules)."""
    return rules_table(rules.all_rules())


def thresholds_markdown() -> str:
    """The thresholds table as Markdown (explanations in full)."""
    return rules_markdown(rules.all_rules())


def section_findings(result: BelongingResult) -> Findings:
    """Each section's one-line finding, from the result (sections without data say so)."""
    found: dict[int, str] = {}
    if result.index is None:
        found[2] = found[3] = "No survey answers yet."
    else:
        found[2] = index_text(result)
    if result.reliability:
        low = min(result.reliability, key=lambda r: r.alpha)
        high = max(result.reliability, key=lambda r: r.alpha)
        found[3] = (
            f"Cronbach's α runs from {fmt.number(low.alpha, 2)} ({fmt.escape(low.label)}) to "
            f"{fmt.number(high.alpha, 2)} ({fmt.escape(high.label)})."
        )
    if result.spaces is not None:
        found[5] = checks_finding(spaces_checks(result.spaces))
    if result.community_given:
        found[6] = checks_finding(result.launch_checks)
    found[7] = trust_safety_summary(result.trust_safety)
    found[8] = result.summary
    return Findings(found)
