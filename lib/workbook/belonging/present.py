"""The belonging assessment for people: the verdict, tables, Markdown and each section's finding.

Everything here reads a computed :class:`~workbook.belonging.result.BelongingResult` (or the
rules) and formats it through :mod:`workbook.format`. Every sentence that states a threshold is
generated from :mod:`workbook.belonging.rules`, so the notebook never retypes a number. The
method prose lives in :mod:`workbook.belonging.prose` and the sentences about findings in
:mod:`workbook.belonging.wording`; both are re-exported here, the one module the notebook reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from workbook import format as fmt
from workbook.belonging import rules
from workbook.belonging.goals import GoalTrace, SpacesResult
from workbook.belonging.health import ACTIVITY_MEASURES_MISSING, HealthMeasure
from workbook.belonging.prose import (
    evidence_intro,
    grouping_text,
    health_intro,
    index_intro,
    launch_intro,
    level_intro,
    reliability_intro,
    segments_intro,
    spaces_intro,
    survey_waves_markdown,
    too_few,
    trend_intro,
    trust_safety_intro,
)
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
    spaces_checks,
    trust_safety_checks,
)
from workbook.io import TRUST_SAFETY_PRACTICES
from workbook.present import (
    Findings,
    checks_finding,
    checks_markdown,
)
from workbook.rules import rules_markdown, rules_table
from workbook.stats import Estimate

__all__ = [
    "MISSING_LINK",
    "NO_INDEX",
    "PART_NAMES",
    "estimate_text",
    "evidence_intro",
    "gap_text",
    "goal_progress_text",
    "goals_table",
    "grouping_text",
    "header_markdown",
    "health_finding",
    "health_intro",
    "health_table",
    "index_intro",
    "index_text",
    "inputs_finding",
    "inputs_table",
    "launch_intro",
    "launch_markdown",
    "level_intro",
    "level_reason",
    "measure_text",
    "missing_markdown",
    "reliability_finding",
    "reliability_intro",
    "reliability_table",
    "section_findings",
    "segment_table",
    "segments_intro",
    "spaces_checks",
    "spaces_intro",
    "spaces_markdown",
    "subscale_table",
    "survey_gap_markdown",
    "survey_waves_markdown",
    "thresholds_markdown",
    "thresholds_table",
    "trend_intro",
    "trust_safety_checks",
    "trust_safety_intro",
    "trust_safety_score_text",
    "trust_safety_summary",
    "trust_safety_table",
    "verdict_markdown",
    "wave_role",
    "waves_table",
]

#: How a blank link of a goal's trace is shown.
MISSING_LINK = "(missing)"
NO_INDEX = "not defined (no scored answers)"

# --------------------------------------------------------------------------------------------
# Headline and verdict
# --------------------------------------------------------------------------------------------


def header_markdown(name: str, stage: str, as_of: date | None) -> str:
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
        reason += f" With {too_few()}, treat this as provisional."
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


def missing_markdown(result: BelongingResult, *files: str) -> str:
    """The advice for each of ``files`` that could not be used (empty when all were usable)."""
    return "\n\n".join(result.missing[file] for file in files if file in result.missing)


#: What each input file is called on the page (the file names stay in the advice on what to add).
PART_NAMES = {
    SURVEY_FILE: "the members' survey",
    ACTIVITY_FILE: "the weekly community activity",
    GOALS_FILE: "the community goals",
}


def gap_text(result: BelongingResult, *files: str) -> str:
    """One line for a section that has nothing to show because ``files`` could not be used,
    naming them in words and pointing at *At a glance*, where what to add is said once ("" when
    every one of ``files`` could be used)."""
    gaps = [PART_NAMES.get(file, file) for file in files if file in result.missing]
    if not gaps:
        return ""
    return (
        f"**Not assessed here:** this part needs {' and '.join(gaps)}, which could not be used. "
        "*At a glance*, at the top of the page, says what to add or fix."
    )


def survey_gap_markdown(result: BelongingResult) -> str:
    """What a section built on the survey shows without scored answers: one line pointing at
    the advice given once at the top of the page."""
    return gap_text(result, SURVEY_FILE) or (
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


def spaces_markdown(spaces: SpacesResult) -> str:
    """The three SPACES checks as a Markdown table."""
    return checks_markdown(spaces_checks(spaces))


def launch_markdown(result: BelongingResult) -> str:
    """The launch-readiness checks as a Markdown table, or, when none could be assessed for
    one reason (no community launch settings), that reason once."""
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


def inputs_finding(result: BelongingResult) -> str:
    """How many of the assessment's inputs could be used (the finding of the inputs section)."""
    used = [file in result.rows for file, _, _ in _INPUTS]
    used += [result.community_given, result.trust_safety.assessed > 0]
    if all(used):
        return f"All {len(used)} inputs could be used."
    if not any(used):
        return f"None of the {len(used)} inputs could be used yet; *At a glance* says what to add."
    return f"{sum(used)} of {len(used)} inputs could be used; *At a glance* says what to add."


def health_finding(result: BelongingResult) -> str:
    """The health triad in one line: how many measures improve, worsen, hold steady or cannot
    be judged, naming those that move."""
    health = result.health
    if not health:
        return "Not assessed: no community activity and no survey answers yet."
    parts = []
    for verdict in ("worsening", "improving", "steady", "not defined"):
        measures = [fmt.escape(m.measure) for m in health if m.verdict == verdict]
        if measures:
            named = f": {', '.join(measures)}" if verdict in ("worsening", "improving") else ""
            parts.append(f"{len(measures)} {verdict}{named}")
    return f"Of {len(health)} health measures, {'; '.join(parts)}."


def reliability_finding(result: BelongingResult) -> str:
    """The range of Cronbach's α over the subscales ("No survey answers yet." without one)."""
    defined = [(r.alpha, r.label) for r in result.reliability if r.alpha is not None]
    if not result.reliability:
        return "No survey answers yet."
    if not defined:
        return "Cronbach's α is not defined: too few complete answers."
    low, low_label = min(defined, key=lambda pair: pair[0])
    high, high_label = max(defined, key=lambda pair: pair[0])
    return (
        f"Cronbach's α runs from {fmt.number(low, 2)} ({fmt.escape(low_label)}) to "
        f"{fmt.number(high, 2)} ({fmt.escape(high_label)})."
    )


def section_findings(result: BelongingResult) -> Findings:
    """Each section's one-line finding, from the result; a section without data says so."""
    spaces = result.spaces
    return Findings(
        {
            1: inputs_finding(result),
            2: "No survey answers yet." if result.index is None else index_text(result),
            3: reliability_finding(result),
            4: health_finding(result),
            5: "Not assessed: no community goals yet."
            if spaces is None
            else checks_finding(spaces_checks(spaces)),
            6: checks_finding(result.launch_checks)
            if result.community_given
            else "Not assessed: the community's launch settings are not given yet.",
            7: trust_safety_summary(result.trust_safety),
            8: result.summary,
        }
    )
