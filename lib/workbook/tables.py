"""Tables for people: a DataFrame as a readable HTML table with a plain-text twin.

The assessments' ``present`` modules build plain DataFrames (what tests and other code read);
notebooks show them through :func:`show`, which does the presentation with pandas' ``Styler``:

- no row index: an unnamed index is a row number and is dropped, a named one (such as the
  change of the feature inventory) is data and becomes the first column;
- nothing cut short: every text is shown whole (no "…"), wrapped where the page needs it;
- text left-aligned, numbers right-aligned with the same number of decimals down a column;
  a column of formatted figures ("42.0%", "38.2%–45.1%", "20 s") counts as numbers;
- dates never wrapped, whether a column of dates or a date inside a text;
- a column with nothing in it (such as "Too few answers" when no wave has too few) left out;
- deterministic output for the strict notebook tests: the table's id derives from its content,
  so the same table gives the same HTML in every run and two different tables on a page never
  share an id, and its ``text/plain`` twin is the whole table as text.

Every text is escaped, so names and answers from data show as text.
"""

from __future__ import annotations

import hashlib
import math
import numbers
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from html import escape as html_escape
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from workbook import format as fmt
from workbook.present import Html

if TYPE_CHECKING:
    from pandas.io.formats.style_render import CSSDict

#: The class every table carries (the report stylesheet styles it).
TABLE_CLASS = "wb-table"
#: Decimals a float column gets at most when its values do not say (they are rounded upstream).
MAX_DECIMALS = 3
#: A formatted number, share, interval, duration or count: right-aligned like a number.
_NUMBER = r"[-+−]?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|s|h|months?|points?|×))?"
_FIGURE = re.compile(rf"^{_NUMBER}(?:\s?[–-]\s?{_NUMBER})?(?:/\d+)?$")
#: A date as :func:`workbook.format.day` writes it.
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
#: Texts that stand for "no value" in a column of figures and do not make it text.
_PLACEHOLDERS = {fmt.NOT_DEFINED, "not measured", "—", "–", ""}


#: A table as HTML (pages, JupyterLab) and as plain text (terminals, notebook tests).
Table = Html


def show(value: Any, **options: Any) -> Any:
    """A DataFrame as a :class:`Table` (see :func:`table`); anything else unchanged, so that a
    step that shows either a table or a widget can be shown through it."""
    if isinstance(value, pd.DataFrame):
        return table(value, **options)
    return value


def table(frame: pd.DataFrame, *, digits: Mapping[str, int] | None = None) -> Table:
    """``frame`` as a readable table: index dropped (or, when named, made a column), empty
    columns left out, numbers right-aligned with consistent decimals (``digits`` fixes them per
    column), dates unbroken, every text whole and escaped."""
    frame = _without_index(frame)
    if len(frame):
        frame = frame[[c for c in frame.columns if not _is_empty(frame[c])]]
    kinds = {column: _kind(frame[column]) for column in frame.columns}
    shown = pd.DataFrame(
        {
            str(column): _texts(frame[column], kinds[column], (digits or {}).get(str(column)))
            for column in frame.columns
        },
        index=pd.RangeIndex(len(frame)),
    )
    text = _plain(shown, kinds)
    return Table(_html(shown, kinds, text), text)


# -- shaping ---------------------------------------------------------------------------------


def _without_index(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame without its row index: a named index becomes columns, an unnamed one goes."""
    named = any(name is not None for name in frame.index.names)
    frame = frame.reset_index(drop=not named)
    frame.columns = [str(c) for c in frame.columns]
    return frame


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _is_empty(column: pd.Series) -> bool:
    return all(_blank(value) for value in column)


def _is_number(value: Any) -> bool:
    """A number, numpy's included, but not a truth value."""
    return isinstance(value, numbers.Number) and not isinstance(value, bool | np.bool_)


def _kind(column: pd.Series) -> str:
    """``number`` (numeric values), ``figure`` (formatted numbers), ``date`` or ``text``."""
    values = [value for value in column if not _blank(value)]
    if pd.api.types.is_bool_dtype(column.dtype):
        return "text"
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        return "date"
    if pd.api.types.is_numeric_dtype(column.dtype) or (
        values and all(_is_number(v) for v in values)
    ):
        return "number"
    texts = [str(value).strip() for value in values]
    if texts and all(isinstance(v, date | datetime | pd.Timestamp) for v in values):
        return "date"
    if texts and all(_DATE.fullmatch(t) for t in texts):
        return "date"
    figures = [t for t in texts if t not in _PLACEHOLDERS]
    if figures and all(_FIGURE.fullmatch(t) for t in figures):
        return "figure"
    return "text"


def _decimals(values: list[float]) -> int:
    """The fewest decimals (up to :data:`MAX_DECIMALS`) that show every value as it is."""
    for places in range(MAX_DECIMALS + 1):
        if all(math.isclose(round(v, places), v, rel_tol=0, abs_tol=1e-9) for v in values):
            return places
    return MAX_DECIMALS


def _texts(column: pd.Series, kind: str, digits: int | None) -> list[str]:
    values = list(column)
    if kind == "number":
        present = [float(v) for v in values if not _blank(v)]
        integral = all(float(v).is_integer() for v in present)
        places = digits if digits is not None else (0 if integral else _decimals(present))
        return [fmt.number(None if _blank(v) else float(v), places) for v in values]
    if kind == "date":
        return ["" if _blank(v) else fmt.day(v) if not isinstance(v, str) else v for v in values]
    return ["" if _blank(v) else _word(v) for v in values]


def _word(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date | datetime | pd.Timestamp):
        return fmt.day(value)
    return str(value)


def _plain(shown: pd.DataFrame, kinds: Mapping[str, str]) -> str:
    """The table as aligned plain text: text left, numbers right, every cell whole."""
    if not len(shown.columns):
        return "(no columns)"
    columns = []
    for name in shown.columns:
        cells = [str(name), *shown[name]]
        width = max(len(cell) for cell in cells)
        right = kinds.get(name) in {"number", "figure"}
        columns.append([cell.rjust(width) if right else cell.ljust(width) for cell in cells])
    return "\n".join("  ".join(row).rstrip() for row in zip(*columns, strict=True))


# -- HTML ------------------------------------------------------------------------------------

_BASE_STYLES: list[CSSDict] = [
    {"selector": "th, td", "props": "text-align: left; vertical-align: top;"},
    {"selector": ".wb-date", "props": "white-space: nowrap;"},
]
#: A table with this many columns or more is set a little tighter, so that it fits the page.
WIDE_COLUMNS = 9
_WIDE_STYLES: list[CSSDict] = [
    {"selector": "", "props": "font-size: 0.78rem;"},
    {"selector": "th, td", "props": "padding: 0.3rem 0.3rem;"},
]
#: Per kind of column: rules for the whole column (heading and cells), and for its cells only
#: (headings may wrap; the figures below them do not).
_COLUMN_PROPS = {"number": "text-align: right;", "figure": "text-align: right;"}
_CELL_PROPS = {
    "number": "white-space: nowrap;",
    "figure": "white-space: nowrap;",
    "date": "white-space: nowrap;",
    "short": "white-space: nowrap;",
}
#: A text column whose longest value has at most this many characters is kept on one line
#: ("M 33 vs O 14", "not assessed"): breaking such short texts only makes rows taller.
SHORT_TEXT = 16


def _unbroken_dates(text: str) -> str:
    """Wrap every date of an (escaped) text so that the browser does not break it."""
    return _DATE.sub(lambda m: f'<span class="wb-date">{m.group(0)}</span>', text)


def _html(shown: pd.DataFrame, kinds: Mapping[str, str], text: str) -> str:
    from pandas.io.formats.style import Styler

    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    styler = Styler(shown, uuid=f"wb{digest}", cell_ids=False)
    styler = styler.hide(axis="index").set_table_attributes(f'class="{TABLE_CLASS}"')
    formatter: Callable[[Any], str] = _unbroken_dates
    styler = styler.format(formatter, escape="html").format_index(escape="html", axis=1)
    styler = styler.set_table_styles(_BASE_STYLES, overwrite=False)
    if len(shown.columns) >= WIDE_COLUMNS:
        styler = styler.set_table_styles(_WIDE_STYLES, overwrite=False)
    by_column: dict[str, list[CSSDict]] = {}
    for column, kind in kinds.items():
        if kind == "text" and max((len(t) for t in shown[column]), default=0) <= SHORT_TEXT:
            kind = "short"
        rules: list[CSSDict] = []
        if kind in _COLUMN_PROPS:
            rules.append({"selector": "", "props": _COLUMN_PROPS[kind]})
        if kind in _CELL_PROPS:
            rules.append({"selector": "td", "props": _CELL_PROPS[kind]})
        if rules:
            by_column[column] = rules
    if by_column:
        styler = styler.set_table_styles(by_column, overwrite=False)
    return styler.to_html()


# -- cohort table ------------------------------------------------------------------------------

_COHORT_CSS = """
.wb-cohorts { border-collapse: collapse; font-size: 0.8rem; font-variant-numeric: tabular-nums; }
.wb-cohorts th, .wb-cohorts td { padding: 0.2rem 0.35rem; text-align: right; border: 0;
  border-bottom: 1px solid #fff; white-space: nowrap; }
.wb-cohorts thead th { border-bottom: 2px solid #52606d; }
.wb-cohorts td.wb-cohort { text-align: left; background: #fff; }
.wb-cohorts td.wb-censored { background: repeating-linear-gradient(135deg, #f5f7fa 0 4px,
  #fff 4px 8px); }
.wb-cohort-note { font-size: 0.85rem; color: #52606d; }
"""
#: The cohort table's shade: the accent colour, stronger as more users are still active.
_COHORT_RGB = (47, 93, 138)
#: From this share on, a cell is dark enough for its value to be written in white.
_COHORT_WHITE_FROM = 0.55


def _cohort_cell(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return '<td class="wb-censored" aria-label="not reached yet"></td>'
    alpha = 0.08 + 0.85 * max(0.0, min(1.0, float(value)))
    ink = "#fff" if value >= _COHORT_WHITE_FROM else "#1f2933"
    red, green, blue = _COHORT_RGB
    style = f"background: rgba({red}, {green}, {blue}, {alpha:.2f}); color: {ink}"
    return f'<td style="{style}">{fmt.share(value)}</td>'


def cohort_table(curves: pd.DataFrame) -> Table:
    """Retention as the cohort table analytics tools show: one row per cohort (its start and
    size), one column per period since it started, each cell the share of the cohort still
    active, shaded by value. A period a cohort has not reached yet is left blank and hatched:
    it is unfinished (censored), not zero. ``curves``: cohort, period, size, retention."""
    if curves.empty:
        return Table("", "No cohorts.")
    grid = curves.pivot_table(index="cohort", columns="period", values="retention", aggfunc="first")
    sizes = curves.groupby("cohort")["size"].first()
    periods = [int(p) for p in grid.columns]
    head = "".join(f'<th scope="col">{p}</th>' for p in periods)
    rows = []
    lines = []
    for cohort in grid.index:
        values = grid.loc[cohort]
        start = fmt.day(cohort)
        cells = "".join(_cohort_cell(values[p]) for p in grid.columns)
        rows.append(
            f'<tr><td class="wb-cohort"><span class="wb-date">{html_escape(start)}</span> '
            f"({int(sizes[cohort]):,})</td>{cells}</tr>"
        )
        shown = ["" if pd.isna(values[p]) else fmt.share(values[p]) for p in grid.columns]
        lines.append(" ".join([f"{start} ({int(sizes[cohort]):,})", *shown]).rstrip())
    block = (
        f"<style>{_COHORT_CSS}</style>"
        '<table class="wb-cohorts"><thead><tr><th scope="col">Cohort (users)</th>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        '<p class="wb-cohort-note">Periods since each cohort started; a hatched cell is a period '
        "the cohort has not reached yet.</p>"
    )
    text = "\n".join(["Cohort (users) " + " ".join(map(str, periods)), *lines])
    return Table(block, text)
