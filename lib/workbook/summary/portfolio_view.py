"""The portfolio for people: every company in one sortable table (CSS only, no script), what
needs attention, what changed since the last render, and which data could not be used.
Column headings and cells come from the registered assessments' declarations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from workbook import format as fmt
from workbook import registry
from workbook.present import (  # the status marks are shared with the assessment pages
    MARKS_CSS,
    Html,
    change_lines,
    legend_html,
    status_html,
    status_text,
    themed,
)
from workbook.summary import rules
from workbook.summary.compute import (
    TONE_ORDER,
    Advice,
    Cell,
    Column,
    Portfolio,
    PortfolioRow,
    page,
    portfolio_columns,
)
from workbook.summary.text import _e, _plain, decision_text
from workbook.theme import PALETTE

if TYPE_CHECKING:
    from workbook.render.history import Change


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
