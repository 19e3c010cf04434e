"""Form building blocks of the editors: fields with an inline message, and editable tables.

Every input is a plain ipywidget whose value is the text a team would type into the file (so the
data contract's own rules judge it); a problem shows next to the field it concerns and outlines
the field in red. Fields and rows carry CSS classes (``wb-field-<key>``, ``wb-row``,
``wb-col-<column>``) so that a browser test, or a facilitator's stylesheet, can find them.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets

from workbook.theme import PALETTE, TEXT_MUTED, tone_colour

#: How an invalid field is outlined, and the colour of its message.
INVALID_BORDER = f"2px solid {PALETTE['bad']}"
MESSAGE_COLOUR = PALETTE["bad"]


def message_html(messages: Sequence[str]) -> str:
    """Problems as one inline message (escaped), or nothing."""
    if not messages:
        return ""
    text = "; ".join(html.escape(message) for message in messages)
    return f'<span class="wb-message" style="color: {MESSAGE_COLOUR}">{text}</span>'


def tone_html(text: str, tone: str) -> str:
    """A message in its tone's colour (``good``, ``warn``, ``bad``; ``muted`` for neutral
    ones), escaped; the colours are the pages' own (:mod:`workbook.theme`)."""
    colour = TEXT_MUTED if tone == "muted" else tone_colour(tone)
    return f"<div style='color: {colour}'>{html.escape(text)}</div>"


def outline(widget: widgets.Widget, invalid: bool) -> None:
    """Outline ``widget`` in red when ``invalid``, or remove the outline."""
    widget.layout.border = INVALID_BORDER if invalid else None


def text_value(value: Any) -> str:
    """A loaded value as the text a team would type: blank for a missing one."""
    if value is None:
        return ""
    try:
        if value != value:  # NaN
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def blank_to_none(text: str | None) -> str | None:
    """Typed text with surrounding spaces removed; None when nothing was typed."""
    if text is None:
        return None
    stripped = str(text).strip()
    return stripped or None


class Field:
    """One labelled input with its inline message, e.g. ``runway_months``."""

    def __init__(self, key: str, label: str, widget: widgets.ValueWidget, help_text: str = ""):
        self.key = key
        self.widget = widget
        self.widget.description = label
        self.widget.style = {"description_width": "12em"}
        self.widget.layout.width = "28em"
        self.widget.add_class(f"wb-field-{key}")
        self.help = widgets.HTML(
            f'<span style="color: {TEXT_MUTED}">{html.escape(help_text)}</span>'
        )
        self.message = widgets.HTML("")
        self.message.add_class("wb-message-box")
        self.box = widgets.HBox([self.widget, self.message, self.help])

    @property
    def value(self) -> Any:
        return self.widget.value

    @value.setter
    def value(self, value: Any) -> None:
        self.widget.value = value

    def show(self, messages: Sequence[str]) -> None:
        """Show the field's problems next to it (none: clear them)."""
        self.message.value = message_html(messages)
        self.help.layout.display = "none" if messages else None
        outline(self.widget, bool(messages))


def text_field(key: str, label: str, help_text: str = "", placeholder: str = "") -> Field:
    """A text input that reports its value when the team leaves the field or presses Enter."""
    return Field(
        key, label, widgets.Text(placeholder=placeholder, continuous_update=False), help_text
    )


def choice_field(
    key: str, label: str, options: Sequence[tuple[str, Any]], help_text: str = ""
) -> Field:
    """A drop-down of (label, value) options."""
    return Field(key, label, widgets.Dropdown(options=list(options)), help_text)


@dataclass(frozen=True)
class Column:
    """One column of an editable table: a text input, or a drop-down when ``options`` is set."""

    name: str
    label: str
    width: str = "10em"
    options: tuple[tuple[str, str], ...] = ()
    placeholder: str = ""


@dataclass
class Row:
    """One editable row: a widget per column, a remove button and the row's inline message."""

    cells: dict[str, widgets.ValueWidget]
    remove: widgets.Button
    message: widgets.HTML
    box: widgets.HBox
    extra: dict[str, Any] = field(default_factory=dict)

    def values(self) -> dict[str, str | None]:
        """The row as typed text (None for a blank cell)."""
        return {name: blank_to_none(widget.value) for name, widget in self.cells.items()}


class Table:
    """An editable list of rows (add, edit, remove) with one inline message per row.

    ``on_change`` is called after any cell changes and after a row is added or removed.
    """

    def __init__(self, name: str, columns: Sequence[Column], on_change: Callable[[], None]):
        self.name = name
        self.columns = tuple(columns)
        self.on_change = on_change
        self.rows: list[Row] = []
        self.add_button = widgets.Button(description="Add a row", icon="plus")
        self.add_button.add_class(f"wb-add-{name}")
        self.add_button.on_click(lambda _: self.add_row({}, notify=True))
        header = [
            widgets.HTML(f"<b>{html.escape(column.label)}</b>", layout={"width": column.width})
            for column in self.columns
        ]
        self.header = widgets.HBox(header)
        self.list = widgets.VBox([])
        self.box = widgets.VBox([self.header, self.list, self.add_button])
        self.box.add_class(f"wb-table-{name}")

    def _cell(self, column: Column, value: str) -> widgets.ValueWidget:
        layout = {"width": column.width}
        if column.options:
            options = list(column.options)
            if value and value not in {v for _, v in options}:
                options.append((value, value))  # keep an unexpected value visible, to fix
            cell = widgets.Dropdown(options=options, value=value or options[0][1], layout=layout)
        else:
            cell = widgets.Text(
                value=value,
                placeholder=column.placeholder,
                continuous_update=False,
                layout=layout,
            )
        cell.add_class(f"wb-col-{column.name}")
        return cell

    def _make_row(self, values: Mapping[str, Any]) -> Row:
        cells = {c.name: self._cell(c, text_value(values.get(c.name))) for c in self.columns}
        remove = widgets.Button(description="", icon="trash", tooltip="Remove this row")
        remove.layout.width = "3em"
        remove.add_class("wb-remove")
        message = widgets.HTML("")
        box = widgets.HBox([*cells.values(), remove, message])
        box.add_class("wb-row")
        row = Row(cells, remove, message, box)
        for cell in cells.values():
            cell.observe(lambda _: self.on_change(), names="value")
        remove.on_click(lambda _: self.remove_row(row))
        return row

    def add_row(self, values: Mapping[str, Any], *, notify: bool = False) -> Row:
        """Append a row with ``values`` (column → value; missing columns start blank)."""
        row = self._make_row(values)
        self.rows.append(row)
        self._relist()
        if notify:
            self.on_change()
        return row

    def remove_row(self, row: Row) -> None:
        """Remove one row and report the change."""
        self.rows.remove(row)
        self._relist()
        self.on_change()

    def set_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Replace every row (no change is reported: the caller refreshes once)."""
        self.rows = [self._make_row(values) for values in rows]
        self._relist()

    def _relist(self) -> None:
        for index, row in enumerate(self.rows):
            for name in list(row.box._dom_classes):
                if name.startswith("wb-row-"):
                    row.box.remove_class(name)
            row.box.add_class(f"wb-row-{index}")
        self.list.children = tuple(row.box for row in self.rows)

    def values(self) -> list[dict[str, str | None]]:
        """Every row as typed text, in order."""
        return [row.values() for row in self.rows]

    def show(self, problems: Mapping[int, Mapping[str, list[str]]]) -> None:
        """Show problems by row index and column; rows without problems are cleared."""
        for index, row in enumerate(self.rows):
            by_column = problems.get(index, {})
            for name, cell in row.cells.items():
                outline(cell, name in by_column)
            row.message.value = message_html(
                [
                    f"{self._label(column)}: {text}"
                    for column, texts in by_column.items()
                    for text in texts
                ]
            )

    def _label(self, column: str) -> str:
        for candidate in self.columns:
            if candidate.name == column:
                return candidate.label
        return column
