"""The scorecard and the portfolio for people: HTML blocks, tables and Markdown.

HTML blocks are :class:`Html` objects (an HTML view for pages and JupyterLab, a plain-text view
for terminals and the strict notebook tests). They carry their own small stylesheet, scoped to
their class, need no script and load nothing: status marks are inline SVG shapes (a circle, a
triangle, a square, a hollow circle) in the traffic-light colours beside the status word, so
they read the same without an emoji font and in black and white. The portfolio table sorts by
any column with CSS alone (radio buttons and the ``order`` property), because report pages run
no script. Every text from data is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from workbook import format as fmt
from workbook.present import (  # the status marks are shared with the assessment pages
    MARKS_CSS,
    Findings,
    Html,
    data_list,
    join_words,
    legend_html,
    status_html,
    status_text,
    themed,
    tone_colour,
)
from workbook.summary import rules
from workbook.summary.compute import (
    Advice,
    Card,
    KeyFigure,
    Scorecard,
)
from workbook.summary.portfolio_view import (  # noqa: F401 (the portfolio notebook reads them here)
    PORTFOLIO_COLUMNS,
    advice_text,
    attention_intro,
    attention_markdown,
    change_text,
    months_to_fit_text,
    not_charted,
    portfolio_changes,
    portfolio_header,
    portfolio_html,
    portfolio_table,
    problems_markdown,
)
from workbook.summary.text import _e, _plain

if TYPE_CHECKING:
    pass


#: Whether a company needs attention, in words (charts and tables).
ATTENTION_WORDS: dict[bool, str] = {True: "needs attention", False: "no urgent advice"}


# -- key figures ---------------------------------------------------------------------------------


def _coverage(value: float | None) -> str:
    """An interval's or range's coverage as people read it ("95% "), or nothing."""
    return "" if value is None else f"{fmt.share(value)} "


def _date_range(low: Any, high: Any) -> str:
    return f"{fmt.day(low, 'beyond the horizon')} to {fmt.day(high, 'beyond the horizon')}"


def figure_text(figure: KeyFigure) -> str:
    """A key figure's value as text, with its interval, answers or range."""
    value = figure.value
    if value is None:
        return figure.placeholder
    kind = figure.kind
    if kind == "index":
        from workbook.stats import Estimate

        return fmt.estimate(Estimate(value, figure.low, figure.high, figure.n or 0))
    if kind == "share":
        text = fmt.share(value)
        extra = []
        if figure.low is not None and figure.high is not None:
            extra.append(
                f"{_coverage(figure.coverage)}interval {fmt.interval(figure.low, figure.high)}"
            )
        if figure.n is not None:
            extra.append(f"n = {figure.n}")
        return text + (f" ({', '.join(extra)})" if extra else "")
    if kind == "score":
        scale = f"/{fmt.number(figure.scale, 0)}" if figure.scale is not None else ""
        return fmt.number(value, 0) + scale
    if kind == "seconds":
        return fmt.seconds(value)
    if kind == "months":
        return fmt.months(value)
    if kind == "date":
        text = fmt.day(value)
        if figure.low is not None or figure.high is not None:
            text += f" ({_coverage(figure.coverage)}range {_date_range(figure.low, figure.high)})"
        return text
    return str(value)


def figures_text(card: Card) -> str:
    """A card's key figures on one line ("Reinvented: 21%; …")."""
    return "; ".join(f"{f.label}: {figure_text(f)}" for f in card.figures)


# -- scorecard -----------------------------------------------------------------------------------

_SCORECARD_CSS = themed(
    """
.wbs-scorecard { display: flex; flex-wrap: wrap; gap: 0.9rem; margin: 0.75rem 0; }
.wbs-card { flex: 1 1 15rem; border: 1px solid $border;
  border-top: 4px solid var(--wbs-tone, $grey); border-radius: 4px; padding: 0.6rem 0.8rem;
  break-inside: avoid; page-break-inside: avoid; }
.wbs-card h3 { margin: 0 0 0.3rem; font-size: 1.05rem; }
.wbs-card p { margin: 0.35rem 0; }
.wbs-card dl { margin: 0.4rem 0; display: grid; grid-template-columns: auto; gap: 0.1rem; }
.wbs-card dt { font-size: 0.8rem; color: $muted; margin-top: 0.25rem; }
.wbs-card dd { margin: 0; font-variant-numeric: tabular-nums; }
.wbs-card .wbs-missing { font-size: 0.85rem; color: $muted; }
.wbs-card .wbs-figures > summary { cursor: pointer; color: $accent; font-size: 0.9rem; }
/* Printed, the key figures show open, so the three cards sit side by side in small type and
   leave the first actions on the first sheet. */
@media print {
  .wbs-scorecard { flex-wrap: nowrap; gap: 0.5rem; margin: 0.4rem 0; }
  .wbs-card { flex: 1 1 0; min-width: 0; padding: 0.35rem 0.5rem; font-size: 8.5pt; }
  .wbs-card h3 { font-size: 10.5pt; }
  .wbs-card dl { margin: 0.2rem 0; font-size: 8pt; }
  .wbs-card dt { margin-top: 0.1rem; }
}
"""
)


def _card_html(card: Card) -> str:
    figures = "".join(f"<dt>{_e(f.label)}</dt><dd>{_e(figure_text(f))}</dd>" for f in card.figures)
    missing = ""
    if card.missing:
        missing = f'<p class="wbs-missing">Could not use {_e(data_list(card.missing))}.</p>'
    return (
        f'<section class="wbs-card" style="--wbs-tone: {tone_colour(card.tone)}">'
        f'<h3><a href="{_e(card.page)}">{_e(card.title)}</a></h3>'
        f"<p>{status_html(card.status, card.tone)}</p>"
        f"<p>{_e(card.summary)}</p>"
        + (
            f'<details class="wbs-figures"><summary>Key figures</summary><dl>{figures}</dl>'
            "</details>"
            if figures
            else ""
        )
        + missing
        + "</section>"
    )


def header_markdown(card: Scorecard) -> str:
    """The company, its stage and dates, in one Markdown line (the team's decisions open
    *What to do first*: :func:`advice_markdown`)."""
    return (
        f"**{fmt.escape(card.name)}**, stage `{card.stage}`: started {fmt.day(card.started)}, "
        f"data as of {fmt.day(card.as_of)}."
    )


#: The heading above the actions a workshop recorded, on the summary's *What to do first*.
DECISIONS_HEADING = "Decisions the team recorded"


def decisions_markdown(decisions: Sequence[Any]) -> str:
    """The actions a workshop recorded, each with its owner and date (nothing without any)."""
    if not decisions:
        return ""
    lines = [
        f"{number}. {fmt.escape(d.action)} — **{fmt.escape(d.owner)}**, by {fmt.day(d.date)}"
        for number, d in enumerate(decisions, start=1)
    ]
    return f"**{DECISIONS_HEADING}**\n\n" + "\n".join(lines)


def scorecard_table(card: Scorecard) -> pd.DataFrame:
    """The assessments side by side as a plain table: status, summary and key figures."""
    return pd.DataFrame(
        {
            "Assessment": [c.title for c in card.cards],
            "Status": [status_text(c.status, c.tone) for c in card.cards],
            "Summary": [c.summary for c in card.cards],
            "Key figures": [figures_text(c) for c in card.cards],
        }
    )


def scorecard_html(card: Scorecard) -> Html:
    """The assessments side by side: a card each with its traffic light, status, summary, key
    figures, the files it could not use and a link to its page."""
    cards = "".join(_card_html(c) for c in card.cards)
    block = (
        f"<style>{MARKS_CSS}{_SCORECARD_CSS}</style>"
        f'<div class="wbs-scorecard">{cards}</div>{legend_html()}'
    )
    return Html(f'<div class="wbs-summary">{block}</div>', _plain(scorecard_table(card)))


def _advice_line(number: int, advice: Advice, *, link_prefix: str = "") -> str:
    r = advice.recommendation
    return (
        f"{number}. **{fmt.escape(r.title)}** ({r.severity.label}, from "
        f"[{fmt.escape(advice.title)}]({link_prefix}{advice.page})) — {fmt.escape(r.reason)}"
    )


def advice_markdown(card: Scorecard) -> str:
    """What to do first: the decisions the team recorded in a workshop (action, owner, date),
    when there are any, then the most severe recommendations across the assessments, numbered,
    each with its severity, the assessment it comes from (linked) and why."""
    lines = [_advice_line(number, a) for number, a in enumerate(card.advice, start=1)]
    text = "\n".join(lines) if lines else "_No recommendations: nothing stood out._"
    if card.decisions:  # what the team already agreed comes first, then the ranking
        text = (
            decisions_markdown(card.decisions)
            + "\n\n**Then, from the assessments' ranking**\n\n"
            + text
        )
    hidden = len(card.all_advice) - len(card.advice)
    if hidden > 0:
        more = "1 more recommendation" if hidden == 1 else f"{hidden} more recommendations"
        text += f"\n\nEach assessment's page lists all of its own advice ({more} in all)."
    if card.contradictions:
        text += "\n\n**These pieces of advice contradict each other:** " + "; ".join(
            fmt.escape(c) for c in card.contradictions
        )
    return text


def advice_intro() -> str:
    """How the recommendations are chosen, stated from the rules."""
    return (
        f"{rules.TOP_RECOMMENDATIONS.text.capitalize()} are shown, ranked on the severity scale "
        "the assessments share (critical, high, medium, low); advice that would contradict other "
        "advice (such as scaling while the community cannot hold new members) is never given."
    )


def timeline_markdown(card: Scorecard) -> str:
    """The road to fit in words: the TTPMF status, why, and the marketing buffer."""
    timeline = card.timeline
    if timeline is None:
        return "_The time-to-fit assessment is not registered: no timeline._"
    from workbook.ttpmf.present import buffer_text

    status = next((f"**{c.status}**: " for c in card.cards if c.id == "ttpmf"), "")
    return (
        f"Started {fmt.day(timeline.started)}, as of {fmt.day(timeline.as_of)} "
        f"({fmt.months(timeline.elapsed_months)} in). {status}{timeline.reason}\n\n"
        f"{buffer_text(timeline)}"
    )


def missing_markdown(card: Scorecard) -> str:
    """Each input file the assessments could not use, once, with how to supply it (or, when a
    recommendation above already says so, a pointer to it)."""
    if not card.missing:
        return "Every assessment had the data it needs."
    lines = []
    for name, advice in card.missing.items():
        said = [
            number
            for number, item in enumerate(card.advice, start=1)
            if advice in item.recommendation.reason
        ]
        if said:
            lines.append(f"- `{name}`: see recommendation {said[0]} above.")
        else:
            lines.append(f"- {fmt.escape(advice)}")
    return "\n".join(lines)


def links_markdown(card: Scorecard) -> str:
    """Links to the assessment pages written beside this one."""
    return "\n".join(f"- [{fmt.escape(c.title)}]({c.page}): {c.status}" for c in card.cards)


# -- each section's finding ----------------------------------------------------------------------


def road_finding(card: Scorecard) -> str:
    """The road to fit in one sentence: the status, where fit stands and the runway left."""
    timeline = card.timeline
    if timeline is None:
        return "The time-to-fit assessment is not part of this workbook, so there is no road."
    so_far = fmt.months(timeline.elapsed_months)
    projected = timeline.projected_months_to_fit
    if timeline.fit == "confirmed" and timeline.months_to_fit is not None:
        road = f"fit was confirmed {fmt.months(timeline.months_to_fit)} after the start"
    elif timeline.fit == "provisional":
        road = f"fit is provisional after {so_far}, not yet confirmed"
    elif projected is not None:
        road = f"no fit after {so_far}; the trend reaches it around month {fmt.number(projected)}"
    else:
        road = f"no fit after {so_far}, and none in sight"
    left = timeline.runway_left
    if left is None:
        runway = ", with no runway given"
    elif timeline.runway_short:
        runway = f", with only {fmt.months(left)} of runway left"
    else:
        runway = f", with {fmt.months(left)} of runway left"
    status = next((c.status for c in card.cards if c.id == "ttpmf"), "")
    sentence = f"{road}{runway}."
    return f"{status.capitalize()}: {sentence}" if status else sentence.capitalize()


def missing_finding(card: Scorecard) -> str:
    """Which assessments lacked data, in one sentence (the files are named in the section)."""
    short = [c for c in card.cards if c.missing]
    if not short:
        return "Every assessment had the data it needs."
    lacking = join_words([f"{c.title} could not use {data_list(c.missing)}" for c in short])
    return f"{lacking}; what to add is below."


#: Each tone as what one assessment, or several, are: "1 needs action", "2 are good".
_TONE_PHRASES = {
    "bad": ("needs action", "need action"),
    "warn": ("needs care", "need care"),
    "good": ("is good", "are good"),
    "none": ("is not assessed", "are not assessed"),
}


def assessments_finding(card: Scorecard) -> str:
    """The assessments' traffic lights in one sentence, most urgent first."""
    counts = {tone: sum(c.tone == tone for c in card.cards) for tone in _TONE_PHRASES}
    parts = [f"{n} {_TONE_PHRASES[tone][n > 1]}" for tone, n in counts.items() if n]
    total = len(card.cards)
    return (
        f"Of the {total} assessment{'' if total == 1 else 's'}, {join_words(parts)}; each page "
        "gives the evidence and all of its advice."
    )


def section_findings(card: Scorecard) -> Findings:
    """Each numbered section of the summary page opens with its one-line finding."""
    return Findings({1: road_finding(card), 2: missing_finding(card), 3: assessments_finding(card)})
