"""The notebook prose that states the TTPMF rules: one function per section, every number read
from :mod:`workbook.ttpmf.rules` so that each sentence follows a changed rule, and the
thresholds table."""

from __future__ import annotations

import pandas as pd

from workbook import format as fmt
from workbook import waves as survey_waves
from workbook.results import MAX_RECOMMENDATIONS
from workbook.rules import rules_markdown, rules_table
from workbook.ttpmf import rules
from workbook.ttpmf.compute import min_retention_periods, projection_coverage
from workbook.ttpmf.rules import ScaledRule


def _bar() -> str:
    return fmt.share(rules.FIT_THRESHOLD.value)


def _confidence() -> str:
    """The confidence of the Sean Ellis intervals as people read it ("95%")."""
    return fmt.share(rules.CONFIRMED_FIT.value)


def _years(months: float) -> str:
    return fmt.compact(months / 12)


def time_to_fit_intro() -> str:
    """Why time to fit matters: the 1–2 year window, the two marks and the marketing buffer."""
    early, deadline = rules.EARLY_FIT_MONTHS.value, rules.FIT_DEADLINE_MONTHS.value
    return (
        f"The useful target is fit within {_years(early)}–{_years(deadline)} years of "
        f"starting. Teams that search longer than {_years(deadline)} years tend to lose energy "
        "and conviction, and every month spent before fit is a month that is not available "
        "afterwards, when the job becomes finding the channels and messages that scale. So "
        "this notebook tracks two clocks at once: the months since the start (against the "
        f"{early}- and {deadline}-month marks) and the months of runway that will remain once "
        "fit arrives (the marketing buffer, which should be at least "
        f"{rules.MIN_MARKETING_BUFFER_MONTHS.value} months)."
    )


def sean_ellis_intro() -> str:
    """The fit bar, confirmed and provisional fit, the fit date, waves and small waves."""
    few = rules.MIN_ANSWERS.value
    return (
        f"A share of {_bar()} or more is the usual sign of fit. Each share comes with a Wilson "
        f"{_confidence()} interval. A wave *confirms* fit when it has at least {few} answers and "
        f"even its interval's lower bound reaches {_bar()}; a share at or above {_bar()} without "
        "that is *provisional*, and provisional fit is never treated as fit. For the company as "
        f"a whole, fit is judged on {rules.FIT_EVIDENCE.value}, and fit is dated "
        f"{fit_rule_text()}. {grouping_rule_text()} Waves with fewer than {few} answers are "
        "shown but flagged, because their share can swing widely by chance: they neither "
        "confirm fit, steer the trend nor turn the status green. Fit stands only while no "
        f"later wave refutes it, and {rules.REFUTED_FIT.text} does. "
        f"{survivorship_rule_text()}"
    )


def survivorship_rule_text() -> str:
    """The survivorship rule as one sentence."""
    return (
        "The share counts only people who still use the product, so the share of "
        "“N/A, I no longer use it” answers is reported beside it, and "
        f"{fmt.share(rules.SURVIVORSHIP_SHARE.value)} or more qualifies the verdict: the score "
        "then describes the survivors."
    )


def grouping_rule_text() -> str:
    """How answers are grouped into waves, or calendar periods for a continuous survey."""
    gap = survey_waves.WAVE_GAP_DAYS.value
    continuous = survey_waves.CONTINUOUS_AFTER_DAYS.value
    per_month = survey_waves.MIN_PERIOD_ANSWERS.value
    return (
        f"Answers are grouped into survey waves: answer days no more than {gap} days apart "
        "belong to the same wave. A survey that runs continuously (a wave spanning more than "
        f"{continuous} days) is read in calendar months instead, or in quarters when months "
        f"average fewer than {per_month} answers, so that it still shows a trend. A respondent "
        "who answers in several waves counts once in each."
    )


def segments_intro() -> str:
    """How the best segment is picked, when it stands out, and how fans-to-be are found."""
    shortest, longest = rules.PHRASE_WORDS.value
    return (
        "The segment with the highest share is picked, considering only named segments with "
        f"at least {rules.MIN_SEGMENT_ANSWERS.value} answers so that a handful of enthusiasts "
        "cannot win by chance, and each respondent counted once with their latest answer "
        "(ten people answering three waves are ten, not thirty); it stands out when its share "
        f"is at least {_scaled(rules.SEGMENT_LIFT)} percentage points above the overall share "
        f"and a {rules.SEGMENT_TEST.test} finds the difference at the "
        f"{fmt.share(rules.SEGMENT_TEST.level)} level, so that with several segments the highest "
        "by chance is not taken for a real one. "
        'Its *very disappointed* respondents are the fans. Their answers to "what is the main '
        'benefit?" are read as phrases, never as single words torn from an answer: a whole '
        f"answer of up to {rules.SHORT_ANSWER_WORDS.value} words, or a run of {shortest} to "
        f"{longest} words that {rules.PHRASE_EDGES.value}, so that \u201cless like\u201d or "
        "\u201cwithout\u201d stays with what it qualifies. Each answer counts a phrase once, a "
        "phrase that only ever appears inside a longer one is listed as that one, and the top "
        f"{rules.TOP_PHRASES.value} are listed, with up to {rules.QUOTES.value} short answers "
        "quoted as they were written. Then the *somewhat disappointed* respondents whose "
        "benefit shares a phrase with one of the fans' "
        f"{rules.FAN_BENEFIT_PHRASES.value} most common phrases are the people closest to "
        "becoming fans; what they ask to improve is what holds them back."
    )


def _scaled(rule: ScaledRule) -> str:
    """A scaled rule's number as people read it ("1" for a loss of 0.01 a period)."""
    return fmt.compact(rule.value * rule.scale)


def _per_period(rule: ScaledRule) -> str:
    return f"{_scaled(rule)} percentage point"


def shape_meaning(word: str) -> str:
    """What a retention shape (a word of ``RETENTION_SHAPES``) means, with its threshold."""
    needed = min_retention_periods()
    floor = fmt.share(rules.RETENTION_FLOOR.value)
    return {
        "flattens": (
            f"over the window it loses less than {_per_period(rules.FLAT_MAX_LOSS_PER_PERIOD)} "
            f"per period and ends at {floor} or more: a core of users has found lasting value"
        ),
        "turns up": (
            f"it gains {_per_period(rules.TURN_UP_MIN_GAIN_PER_PERIOD)} or more per period, at "
            f"{floor} or more: can be a sign of a network effect, where users get more out of the "
            "product as others join"
        ),
        "flattens low": (
            f"it levels off (or rises) but ends below {floor} of the cohort: flattening at a "
            "level that is no real retention, because almost every user leaves and the few who "
            "stay are too few to build on"
        ),
        "keeps falling": "it loses more than that: even satisfied users drift away",
        "falls to zero": "its last value is zero: the cohorts keep no users",
        "not enough periods": (
            f"the average has fewer than {needed} periods (period 0 plus {needed - 1}), too few "
            "to judge"
        ),
    }[word]


#: The order the notebook lists the retention shapes in: best to worst, then "not judged".
_SHAPE_ORDER = (
    "flattens",
    "turns up",
    "flattens low",
    "keeps falling",
    "falls to zero",
    "not enough periods",
)


def retention_intro() -> str:
    """The chained average, its cohort minimum, the window and the shape vocabulary."""
    ordered = sorted(rules.RETENTION_SHAPES, key=_SHAPE_ORDER.index)
    shapes = ";\n".join(f"- **{word}**: {shape_meaning(word)}" for word in ordered)
    return (
        "The bold line is the average of the cohorts. Averaging whole cohorts period by period "
        "would mix them: later periods are reached only by the older cohorts, so such an "
        "average can rise while every cohort falls. Instead each period compares like with "
        "like: among the cohorts that reached both that period and the one before, the share "
        "of the users active before who are still active (weighted by users), and these steps "
        "are chained from period 0. The line therefore only falls or rises where the cohorts "
        "do. A step counts only when at least "
        f"{rules.MIN_COHORTS_PER_PERIOD.value} cohorts reached it (all of them when there are "
        "fewer), so the end of the line does not rest on one or two cohorts. The end of the "
        f"curve is judged over its last {rules.FLAT_PERIODS.value} periods (the window) and "
        f"reads as one of these shapes:\n\n{shapes}.\n\n"
        f"A step also needs {rules.RETENTION_STEP_USERS.text}, so that a few early users cannot "
        f"outweigh the large cohorts. {rules.RETENTION_WINDOW.text[:1].upper()}"
        f"{rules.RETENTION_WINDOW.text[1:]}. A cohort that reports more active users than its "
        "size contradicts itself and is left out, named. With a business model in company.yaml "
        f"the curve at period {rules.RETENTION_MONTH.value} is compared with Lenny Rachitsky and "
        f"Casey Winters' benchmarks ({rules.RETENTION_BANDS.text}); below good, it is no "
        "retention to scale on."
    )


def trajectory_intro() -> str:
    """The projection, its range, the waves it rests on and when no date is projected."""
    flat = _scaled(rules.FLAT_TREND_SLOPE)
    few = rules.MIN_ANSWERS.value
    prior = fmt.compact(rules.PROJECTION_PRIOR.value)
    return (
        f"The line rests only on waves with at least {few} answers: smaller waves are shown "
        "but left out, and named below. Crossing the bar would only make fit provisional, so "
        f"the projection targets {rules.PROJECTION_TARGET.value}; where the line reaches that "
        "share is the projected date of fit, never earlier than the as-of date or the latest "
        "wave (a crossing the line places in the past is not a forecast). A rise counts only "
        f"when the {rules.TREND_TEST.test} finds it at the "
        f"{fmt.share(rules.TREND_TEST.level)} level and {rules.RECENT_TREND_WAVES.text}. Its "
        "uncertainty comes from "
        f"{rules.PROJECTION_DRAWS.value:,} draws of every wave's share from its Beta posterior "
        f"(a Jeffreys prior, Beta({prior}, {prior}), updated with the wave's answers), with a "
        "fixed seed so the result is the same on every run: the line is refitted each time, and "
        f"the range covers the middle {fmt.share(projection_coverage())} of the crossing dates. "
        "Even a wave where no one, or everyone, is very disappointed leaves doubt about its true "
        "share, so the range never collapses to a point. It reflects sampling noise only and "
        "assumes the pace stays what it has been. "
        f"No date is projected when the line is flat (rising {flat} percentage points a year or "
        f"less) or falling, with fewer than {rules.MIN_TREND_WAVES.value} waves of {few} or more "
        f"answers, or when the crossing lies more than {rules.PROJECTION_HORIZON_MONTHS.value} "
        "months after the start. A company whose share is already at or above the bar is judged "
        "on confirming fit, not on crossing it, so no crossing is projected then."
    )


def timeline_intro() -> str:
    """The milestones of the timeline, with the two marks and the fit date."""
    return (
        f"It shows the start, the {rules.EARLY_FIT_MONTHS.value}-month mark (an ambitious time to "
        f"fit) and the {rules.FIT_DEADLINE_MONTHS.value}-month mark (the latest healthy one), the "
        "as-of date of this assessment, the date fit was confirmed "
        f"({rules.FIT_DATE.value}) or is projected (with its range), and the end of the runway, "
        "counted in calendar months from the as-of date."
    )


def status_intro() -> str:
    """The status rules in order, the marketing buffer and how recommendations are chosen."""
    deadline = rules.FIT_DEADLINE_MONTHS.value
    answers, waves_needed = rules.MIN_ANSWERS.value, rules.MIN_TREND_WAVES.value
    buffer = rules.MIN_MARKETING_BUFFER_MONTHS.value
    return (
        "The status follows these rules, in order: **reached** when fit is confirmed (a wave "
        f"with {answers} or more answers whose interval's lower bound is at or above {_bar()}, "
        "in the latest unbroken run of such waves at or above the bar); **insufficient data** "
        "without survey answers; a provisional fit (at or above the bar, not confirmed) is "
        "judged on confirming it: **at risk** when more than "
        f"{deadline} months have passed or the runway left is under {buffer} months, **on "
        "track** otherwise, never reached; **overdue** when more than "
        f"{deadline} months have passed without fit; **insufficient data** with fewer than "
        f"{waves_needed} waves of {answers} or more answers, unless the one such wave lies "
        f"wholly below the bar {rules.DECISIVE_SHORTFALL.value} (then **at risk**); **at risk** "
        "when no crossing is projected, the projected date falls after the "
        f"{deadline}-month mark or after the runway ends, the rise is within noise, stalled or "
        "fell back below the bar, or the range includes never; **on track** otherwise. A "
        f"provisional fit on {waves_needed} or more waves is on track only while the share is "
        "shown to be rising; one on fewer answers than the minimum is judged as no fit. The "
        "marketing buffer is the runway left, in "
        "calendar months, after the later of the as-of date and the fit date (the confirmed "
        "date, the projected one, or for a provisional fit the as-of date itself), and is "
        f"flagged below {buffer} months; an overdue or at "
        "risk company whose runway is that short is told so first. Moving effort to scaling is "
        f"advised {rules.SCALING_NEEDS.text}. The recommendations, at most "
        f"{MAX_RECOMMENDATIONS}, each come from one of the findings above, most severe first "
        "and then by what the finding blocks (fit, the runway, safety, before polish); each "
        "names the evidence it rests on. Advice whose premise the data does not meet is not "
        "given: no narrowing to a segment that does not stand out, no scaling without a "
        "retention curve that holds, no acquisition while cohorts keep leaving. They open the "
        "page, under *At a glance*."
    )


def fit_rule_text() -> str:
    """The one definition of the fit date, with its numbers, as one clause."""
    return (
        f"{rules.FIT_DATE.value}: the first wave with at least {rules.MIN_ANSWERS.value} answers "
        f"whose {_confidence()} interval's lower bound is at or above {_bar()}, within the latest "
        f"unbroken run of such waves at or above {_bar()}"
    )


def thresholds_table() -> pd.DataFrame:
    """Every threshold and rule this assessment uses: rule, value and why (from the rules)."""
    return rules_table(rules.all_rules())


def thresholds_markdown() -> str:
    """The thresholds table as Markdown (explanations in full)."""
    return rules_markdown(rules.all_rules())
