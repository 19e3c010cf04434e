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

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from workbook import format as fmt
from workbook import registry
from workbook.present import (  # the status marks are shared with the assessment pages
    MARKS_CSS,
    Findings,
    Html,
    change_lines,
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
    TONE_ORDER,
    Advice,
    Card,
    Cell,
    Column,
    KeyFigure,
    Portfolio,
    PortfolioRow,
    Scorecard,
    page,
    portfolio_columns,
)
from workbook.theme import PALETTE

if TYPE_CHECKING:
    from workbook.render.history import Change


def _e(text: object) -> str:
    """Escape text for HTML (element content and quoted attributes)."""
    return html.escape(str(text), quote=True)


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


def decision_text(decision: Any) -> str:
    """One recorded decision as plain text: the action, who owns it and by when."""
    return f"{decision.action} ({decision.owner}, by {fmt.day(decision.date)})"


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


def _plain(frame: pd.DataFrame) -> str:
    with pd.option_context("display.max_colwidth", None, "display.width", 10_000):
        return frame.to_string(index=False)


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


# -- portfolio -----------------------------------------------------------------------------------


def _stage_rank(stage: str) -> int:
    from workbook.contract import STAGES

    return STAGES.index(stage) if stage in STAGES else len(STAGES)


def months_to_fit_text(row: PortfolioRow) -> str:
    """Months from the start to fit: confirmed, provisional, projected with its range, or none."""
    from workbook.ttpmf.card import months_to_fit_text as text

    return text(row.months_to_fit, row.fit, row.projected_months, row.projected_range)


def _joined(parts: tuple[str, str]) -> str:
    value, detail = parts
    return f"{value} ({detail})" if detail else value


def _figure_html(parts: tuple[str, str]) -> str:
    """A value with its detail below it in small type, broken only between the detail's parts."""
    value, detail = parts
    if not detail:
        return _e(value)
    pieces = ", ".join(
        f'<span class="wbs-nobreak">{_e(part)}</span>' for part in detail.split(", ")
    )
    return f'{_e(value)}<span class="wbs-detail">{pieces}</span>'


def advice_text(advice: Advice | None) -> str:
    if advice is None:
        return "none"
    return f"{advice.severity.label}: {advice.recommendation.title} ({advice.title})"


#: The portfolio's own columns before and after those the assessments declare.
_FIRST_COLUMNS = ("Company", "Data as of", "Stage")
_LAST_COLUMNS = ("Changed since last render", "Most severe recommendation")
#: The portfolio's columns: its own, with each registered assessment's columns in the middle
#: (:func:`workbook.summary.compute.portfolio_columns`).
PORTFOLIO_COLUMNS = (
    *_FIRST_COLUMNS,
    *(column.heading for _, column in portfolio_columns()),
    *_LAST_COLUMNS,
)


def _cell_parts(row: PortfolioRow, column: Column) -> tuple[str, str]:
    cell = row.cells.get(column.heading, Cell())
    return cell.value, cell.detail


def _column_text(row: PortfolioRow, assessment_id: str, column: Column) -> str:
    """A declared column's cell as plain text: the value (detail in brackets), then the status."""
    status = row.statuses.get(assessment_id, "")
    if column.cell is None:
        return status_text(status, row.tones.get(assessment_id, "none"))
    text = _joined(_cell_parts(row, column))
    return f"{text}, {status}" if column.status else text


def portfolio_table(
    portfolio: Portfolio, changes: Mapping[str, Change | None] | None = None
) -> pd.DataFrame:
    """Every company in one plain table, most in need of attention first."""
    rows = portfolio.rows
    return pd.DataFrame(
        {
            "Company": [row.name for row in rows],
            "Data as of": [fmt.day(row.as_of) for row in rows],
            "Stage": [row.stage for row in rows],
            **{
                column.heading: [_column_text(r, assessment_id, column) for r in rows]
                for assessment_id, column in portfolio_columns()
            },
            "Changed since last render": [
                change_text(changes.get(r.slug) if changes else None) for r in rows
            ],
            "Most severe recommendation": [advice_text(r.top) for r in rows],
        },
        columns=list(PORTFOLIO_COLUMNS),
    )


def _ranks(values: Sequence[Any], *, descending: bool) -> list[int]:
    """Dense sort positions (1, 2, …) of ``values``; None always sorts last."""
    present = sorted({v for v in values if v is not None}, reverse=descending)
    position = {value: index for index, value in enumerate(present, start=1)}
    return [position[v] if v is not None else len(present) + 1 for v in values]


def _sort_keys(
    rows: Sequence[PortfolioRow], changes: Mapping[str, Change | None]
) -> list[list[Any]]:
    """One list of sort values per column (None sorts last)."""

    def severity(row: PortfolioRow) -> int | None:
        return None if row.top is None else -int(row.top.severity)  # most severe first

    return [
        [row.name.casefold() for row in rows],
        [None if row.as_of is None else row.as_of.toordinal() for row in rows],
        [_stage_rank(row.stage) for row in rows],
        *(
            [row.cells.get(column.heading, Cell()).sort for row in rows]
            for _, column in portfolio_columns()
        ),
        [_change_key(changes.get(row.slug)) for row in rows],
        [severity(row) for row in rows],
    ]


def _numeric() -> set[str]:
    """Right-aligned (numeric) columns of the portfolio table."""
    return {column.heading for _, column in portfolio_columns() if column.numeric}


_PORTFOLIO_CSS = themed(
    """
.wbs-portfolio { position: relative; }
.wbs-portfolio > input { position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0; }
.wbs-portfolio table { display: grid;
  grid-template-columns: repeat(#, minmax(min-content, auto)) minmax(8rem, 1fr) minmax(9rem, 1.5fr);
  margin: 0.5rem 0; font-size: 0.85rem; }
.wbs-portfolio thead, .wbs-portfolio tbody, .wbs-portfolio tr { display: contents; }
.wbs-portfolio th { order: -1000000; }
.wbs-portfolio th, .wbs-portfolio td { padding: 0.35rem 0.4rem; }
.wbs-portfolio th label { cursor: pointer; color: $accent; text-decoration: underline dotted; }
.wbs-portfolio th .wbs-down { display: none; }
.wbs-portfolio td.wbs-num { text-align: right; }
.wbs-portfolio td.wbs-nowrap { white-space: nowrap; }
.wbs-portfolio .wbs-pages, .wbs-portfolio .wbs-detail { display: block; font-size: 0.78rem;
  color: $muted; }
.wbs-portfolio .wbs-status { display: block; }
.wbs-portfolio .wbs-decisions { margin: 0.1rem 0 0; padding-left: 1.1rem; font-size: 0.78rem;
  color: $muted; min-width: 12rem; }
.wbs-portfolio .wbs-change { display: block; font-size: 0.8rem; }
.wbs-portfolio .wbs-failed { display: block; font-size: 0.8rem; color: $bad; }
.wbs-portfolio .wbs-arrow { display: none; width: 0; height: 0; margin-left: 0.3rem;
  border-left: 0.3rem solid transparent; border-right: 0.3rem solid transparent; }
.wbs-sort-hint { font-size: 0.85rem; color: $muted; margin: 0.25rem 0; }
.wbs-sort-hint label { cursor: pointer; color: $accent; text-decoration: underline; }
/* A phone: each company becomes a card, every cell labelled with its column. */
@media (max-width: 40rem) {
  .wbs-portfolio table { grid-template-columns: minmax(0, 1fr); font-size: 0.9rem; }
  .wbs-portfolio th { display: none; }
  .wbs-portfolio td { border-bottom: 0; padding: 0.1rem 0.3rem; text-align: left; }
  .wbs-portfolio td.wbs-num { text-align: left; }
  .wbs-portfolio td::before { content: attr(data-label) ": "; color: $muted; font-size: 0.8rem; }
  .wbs-portfolio table td:first-child { position: static; box-shadow: none;
    border-top: 2px solid $border; padding-top: 0.6rem; margin-top: 0.4rem; }
  .wbs-portfolio td:first-child::before { content: none; }
  .wbs-portfolio .wbs-status { display: inline; margin-left: 0.3rem; }
}
@media print {
  .wbs-portfolio table { display: table; }
  .wbs-portfolio thead { display: table-header-group; }
  .wbs-portfolio tbody { display: table-row-group; }
  .wbs-portfolio tr { display: table-row; }
  .wbs-portfolio th label { color: inherit; text-decoration: none; }
  .wbs-sort-hint { display: none; }
}
"""
)


def _sort_css(columns: int) -> str:
    """The rules that sort the rows by the checked radio button (one pair per column)."""
    lines = []
    for column in range(1, columns + 1):
        for direction, key in (("up", "a"), ("down", "d")):
            radio = f"#wbs-sort-{column}-{direction}:checked ~ table"
            lines.append(f"{radio} td {{ order: var(--wbs-{key}{column}); }}")
            lines.append(
                f"{radio} th:nth-child({column}) .wbs-arrow {{ display: inline-block; "
                + (
                    "border-bottom: 0.45rem solid currentColor; }"
                    if direction == "up"
                    else "border-top: 0.45rem solid currentColor; }"
                )
            )
        lines.append(
            f"#wbs-sort-{column}-up:checked ~ table th:nth-child({column}) .wbs-up "
            "{ display: none; }"
        )
        lines.append(
            f"#wbs-sort-{column}-up:checked ~ table th:nth-child({column}) .wbs-down "
            "{ display: inline; }"
        )
        lines.append(
            f"#wbs-sort-{column}-up:focus-visible ~ table th:nth-child({column}) label, "
            f"#wbs-sort-{column}-down:focus-visible ~ table th:nth-child({column}) label "
            f"{{ outline: 2px solid {PALETTE['accent']}; }}"
        )
    return "\n".join(lines)


def _company_cell(row: PortfolioRow, failed: bool) -> str:
    pages = " · ".join(
        f'<a href="{_e(row.slug)}/{_e(page(key))}">{_e(key)}</a>' for key in row.statuses
    )
    note = '<span class="wbs-failed">pages failed to render</span>' if failed else ""
    if row.decisions:
        count = len(row.decisions)
        items = "".join(f"<li>{_e(decision_text(d))}</li>" for d in row.decisions)
        note += (
            f'<span class="wbs-pages">{count} decision{"s" * (count > 1)} recorded:</span>'
            f'<ol class="wbs-decisions">{items}</ol>'
        )
    return (
        f'<a href="{_e(row.href)}"><strong>{_e(row.name)}</strong></a>'
        f'<span class="wbs-pages">{pages}</span>{note}'
    )


def _status_cell(row: PortfolioRow, assessment: str, value_html: str) -> str:
    """A figure (HTML) with the assessment's status mark and word below it (or alone)."""
    status = row.statuses.get(assessment)
    if status is None:
        return value_html
    return value_html + status_html(status, row.tones.get(assessment, "none"))


def _declared_cell(row: PortfolioRow, assessment_id: str, column: Column) -> str:
    """A column an assessment declares: its value with the detail below it, and the status
    when the column shows it."""
    value_html = _figure_html(_cell_parts(row, column))
    return _status_cell(row, assessment_id, value_html) if column.status else value_html


def _grid_css(count: int) -> str:
    """The portfolio's stylesheet for ``count`` columns (the last two take the spare width)."""
    return _PORTFOLIO_CSS.replace("repeat(#,", f"repeat({count - 2},")


def portfolio_html(
    portfolio: Portfolio, changes: Mapping[str, Change | None] | None = None
) -> Html:
    """Every company in one table, sortable by any column (click a heading; again to reverse),
    most in need of attention first until sorted. Sorting uses CSS only: no script.
    ``changes``: what changed in each company's results since its previous render that
    differed (:func:`portfolio_changes`; None or a missing slug: nothing to compare yet)."""
    rows = portfolio.rows
    changes = changes or {}
    keys = _sort_keys(rows, changes)
    up = [_ranks(column, descending=False) for column in keys]
    down = [_ranks(column, descending=True) for column in keys]
    headings_order = PORTFOLIO_COLUMNS
    numeric = _numeric()
    count = len(headings_order)
    radios = ['<input type="radio" name="wbs-sort" id="wbs-sort-0" checked aria-label="Attention">']
    headings = []
    for column, heading in enumerate(headings_order, start=1):
        for direction in ("up", "down"):
            label = f"Sort by {heading.lower()}" + (", reversed" if direction == "down" else "")
            radios.append(
                f'<input type="radio" name="wbs-sort" id="wbs-sort-{column}-{direction}" '
                f'aria-label="{_e(label)}">'
            )
        headings.append(
            f'<th scope="col"><label for="wbs-sort-{column}-up" class="wbs-up">{_e(heading)}'
            f'</label><label for="wbs-sort-{column}-down" class="wbs-down">{_e(heading)}</label>'
            '<span class="wbs-arrow"></span></th>'
        )
    body = []
    for index, row in enumerate(rows):
        variables = ";".join(
            f"--wbs-a{column}:{up[column - 1][index]};--wbs-d{column}:{down[column - 1][index]}"
            for column in range(1, count + 1)
        )
        cells = {
            "Company": _company_cell(row, row.slug in portfolio.failed),
            "Data as of": f'<span class="wb-date">{_e(fmt.day(row.as_of))}</span>',
            "Stage": _e(row.stage),
            **{
                column.heading: _declared_cell(row, assessment_id, column)
                for assessment_id, column in portfolio_columns()
            },
            "Changed since last render": _change_cell(changes.get(row.slug)),
            "Most severe recommendation": _advice_cell(row),
        }
        tds = "".join(
            f'<td{_cell_class(heading, numeric)} data-label="{_e(heading)}">{cells[heading]}</td>'
            for heading in headings_order
        )
        body.append(f'<tr style="{variables}">{tds}</tr>')
    hint = (
        '<p class="wbs-sort-hint">Click a column heading to sort by it, again to reverse it; '
        '<label for="wbs-sort-0">back to the attention order</label>.</p>'
    )
    block = (
        f"<style>{MARKS_CSS}{_grid_css(count)}\n{_sort_css(count)}</style>"
        f'<div class="wbs-portfolio">{"".join(radios)}{hint}'
        f"<table><thead><tr>{''.join(headings)}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
        f"{legend_html()}"
    )
    text = _plain(portfolio_table(portfolio, changes)) if rows else "No company could be assessed."
    return Html(f'<div class="wbs-summary">{block}</div>', text)


def change_text(change: Change | None) -> str:
    """What changed in a company's results since its previous differing render, in one line."""
    if change is None:
        return "nothing to compare yet"
    lines = [text for _, text in change_lines(change)]
    return f"since {change.since}: " + "; ".join(lines) if lines else f"since {change.since}"


def _change_key(change: Change | None) -> int | None:
    """Sort by how many changes were listed (nothing to compare: last)."""
    return None if change is None else change.count


def _change_cell(change: Change | None) -> str:
    if change is None:
        return '<span class="wbs-detail">nothing to compare yet</span>'
    lines = change_lines(change)
    items = "".join(f'<span class="wbs-change">{line}</span>' for line, _ in lines)
    since = f'<span class="wb-date">{_e(change.since)}</span>'
    return f'<span class="wbs-detail">since {since}</span>{items}'


def portfolio_changes(portfolio: Portfolio, history_dir: str | None) -> dict[str, Change | None]:
    """For each company of the portfolio, what changed between its latest render and the one
    before it whose results differ (None: nothing to compare yet), from the reports' history."""
    from workbook.render import history

    found: dict[str, Change | None] = {}
    for row in portfolio.rows:
        latest = history.latest(history_dir, row.slug)
        before = None if latest is None else history.previous(history_dir, row.slug, latest.record)
        found[row.slug] = (
            None if latest is None or before is None else history.compare(before, latest.record)
        )
    return found


def _cell_class(heading: str, numeric: set[str]) -> str:
    if heading in numeric:
        return ' class="wbs-num"'
    return ' class="wbs-nowrap"' if heading in {"Stage", "Data as of"} else ""


def _advice_cell(row: PortfolioRow) -> str:
    advice = row.top
    if advice is None:
        return "none"
    return (
        f"<strong>{_e(advice.severity.label)}</strong>: {_e(advice.recommendation.title)} "
        f'(<a href="{_e(row.slug)}/{_e(advice.page)}">{_e(advice.title)}</a>)'
    )


def portfolio_header(portfolio: Portfolio) -> str:
    """The portfolio in one line: companies assessed, needing attention, and with problems."""
    count = len(portfolio.rows)
    companies = "1 company" if count == 1 else f"{count} companies"
    text = f"**{companies}** assessed, {len(portfolio.attention)} needing attention first"
    problems = len(portfolio.problems)
    if problems:
        text += f"; {problems} failed to render or could not be assessed (see the last section)"
    return text + "."


def attention_intro() -> str:
    """Which companies need attention first, stated from the rule."""
    return (
        f"A company needs attention when it has {rules.ATTENTION_SEVERITY.text}. The most severe "
        "advice comes first, then the most statuses in the red, then in amber. "
        + rules.ATTENTION_SEVERITY.explanation
    )


def attention_markdown(portfolio: Portfolio) -> str:
    """The companies that need attention, most urgent first, each with its red and amber
    statuses and its most severe recommendation (linked to its page)."""
    rows = portfolio.attention
    if not rows:
        return "No company needs attention now."
    lines = []
    for number, row in enumerate(rows, start=1):
        flagged = [
            f"{registry.get(key).title} {row.statuses[key]}"
            for tone in TONE_ORDER[:2]
            for key, value in row.tones.items()
            if value == tone
        ]
        statuses = "; ".join(flagged) if flagged else "no status in the red or amber"
        line = f"{number}. **[{fmt.escape(row.name)}]({row.href})** ({statuses})."
        if row.top is not None:
            r = row.top.recommendation
            line += (
                f" First: **{fmt.escape(r.title)}** ({r.severity.label}, from "
                f"[{fmt.escape(row.top.title)}]({row.slug}/{row.top.page}))."
            )
        if row.decisions:
            line += " Decided: " + "; ".join(fmt.escape(decision_text(d)) for d in row.decisions)
            line += "."
        lines.append(line)
    return "\n".join(lines)


def problems_markdown(portfolio: Portfolio) -> str:
    """The companies that failed to render or could not be assessed, with why."""
    problems = portfolio.problems
    if not problems:
        return "Every company was assessed and rendered."
    return "\n".join(
        f"- **{fmt.escape(item.name or item.slug)}** (`{item.slug}`): {fmt.escape(item.reason)}"
        for item in problems
    )


def not_charted(portfolio: Portfolio, needs: Iterable[str]) -> list[str]:
    """Names of the companies a chart leaves out because a figure it plots is not defined."""
    fields = list(needs)
    return [
        row.name for row in portfolio.rows if any(getattr(row, name) is None for name in fields)
    ]
