"""The belonging instrument (``instruments/belonging.yaml``): its scale, subscales and items."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from workbook.contract.problems import DataError, Problem
from workbook.contract.reading import read_text, yaml_with_lines
from workbook.contract.yaml_schema import Field, check_fields

#: How an instrument's item scores combine into a subscale score.
SCORINGS = ("sum", "mean")


@dataclass(frozen=True)
class Item:
    """One survey statement of an instrument."""

    id: str
    text: str
    subscale: str
    reversed: bool = False


@dataclass(frozen=True)
class Subscale:
    """A group of items measuring one facet (e.g. trust)."""

    id: str
    label: str


@dataclass(frozen=True)
class Instrument:
    """A belonging instrument: answer scale, items grouped in subscales, and scoring rule."""

    name: str
    scale_min: int
    scale_max: int
    scoring: Literal["sum", "mean"]
    subscales: tuple[Subscale, ...]
    items: tuple[Item, ...]
    scale_labels: dict[int, str] = field(default_factory=dict)

    @property
    def item_ids(self) -> list[str]:
        """Item ids in instrument order (the survey's answer columns)."""
        return [item.id for item in self.items]

    def items_of(self, subscale: str) -> list[Item]:
        """The items of one subscale, in instrument order."""
        return [item for item in self.items if item.subscale == subscale]


def _scale(value: Any) -> tuple[int, int] | None:
    """``{min, max}`` as whole numbers with min < max, else None."""
    if not isinstance(value, dict):
        return None
    low, high = value.get("min"), value.get("max")
    if isinstance(low, int) and isinstance(high, int) and low < high:
        return low, high
    return None


#: The instrument's scalar keys (subscales and items are lists, read below).
INSTRUMENT_FIELDS: tuple[Field, ...] = (
    Field(
        "scale",
        "any",
        required=True,
        convert=_scale,
        expected="a mapping {min: <int>, max: <int>} with min < max",
        missing="a mapping {min: <int>, max: <int>} with min < max",
    ),
    Field("scoring", "enum", required=True, choices=SCORINGS, missing="one of: sum, mean"),
)

Report = Callable[[str, str, Any], None]


def load_instrument(path: str | os.PathLike[str]) -> Instrument:
    """Read and check an instrument YAML; raise :class:`DataError` listing every problem."""
    path = Path(path)
    name = path.name
    if not os.path.lexists(path):
        raise DataError(f"Instrument file not found: {path}")
    text, problems = read_text(path, name)
    if text is None:
        raise DataError(f"Cannot read instrument {path}", problems)
    data, lines, problems = yaml_with_lines(text, name)
    if problems:
        raise DataError(f"Cannot read instrument {path}", problems)
    if not isinstance(data, dict):
        raise DataError(
            f"Cannot read instrument {path}",
            [Problem("error", name, "a mapping with scale, scoring, subscales and items")],
        )

    values, problems = check_fields(data, INSTRUMENT_FIELDS, name, lines.get)

    def bad(key: str, expected: str, value: Any = None) -> None:
        problems.append(Problem("error", name, expected, lines.get(key), key, value))

    subscales = _read_subscales(data.get("subscales") or [], bad)
    items = _read_items(data.get("items") or [], {s.id for s in subscales}, bad)
    for subscale in subscales:
        if items and not any(item.subscale == subscale.id for item in items):
            bad("subscales", f"at least one item in subscale '{subscale.id}'", subscale.id)
    if problems:
        raise DataError(f"Instrument {path} is not usable", problems)
    labels = {int(k): str(v) for k, v in (data.get("scale_labels") or {}).items()}
    scale_min, scale_max = values["scale"]
    return Instrument(
        name=str(data.get("name") or path.stem),
        scale_min=scale_min,
        scale_max=scale_max,
        scoring=values["scoring"],
        subscales=tuple(subscales),
        items=tuple(items),
        scale_labels=labels,
    )


def _read_subscales(entries: Any, bad: Report) -> list[Subscale]:
    """Each subscale as an id (its label made from it) or ``{id, label}``."""
    subscales: list[Subscale] = []
    for entry in entries:
        if isinstance(entry, str):
            subscales.append(Subscale(entry, entry.replace("_", " ").capitalize()))
        elif isinstance(entry, dict) and isinstance(entry.get("id"), str):
            subscales.append(Subscale(entry["id"], str(entry.get("label") or entry["id"])))
        else:
            bad("subscales", "each subscale as an id or {id, label}", entry)
    if not subscales:
        bad("subscales", "at least one subscale", None)
    return subscales


def _read_items(entries: Any, known: set[str], bad: Report) -> list[Item]:
    """Each item as ``{id, text, subscale, reversed}``: a unique id, a known subscale."""
    items: list[Item] = []
    seen: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            bad("items", f"item {position} as {{id, text, subscale, reversed}}", entry)
            continue
        item_id = entry["id"]
        if item_id in seen:
            bad("items", f"unique item ids (item {position} repeats '{item_id}')", item_id)
        if entry.get("subscale") not in known:
            bad(
                "items",
                f"item '{item_id}' in one of the subscales {sorted(known)}",
                entry.get("subscale"),
            )
        if not isinstance(entry.get("reversed", False), bool):
            bad("items", f"item '{item_id}': reversed as true or false", entry.get("reversed"))
        seen.add(item_id)
        items.append(
            Item(
                item_id,
                str(entry.get("text") or ""),
                str(entry.get("subscale")),
                bool(entry.get("reversed", False)),
            )
        )
    if not items:
        bad("items", "at least one item", None)
    return items
