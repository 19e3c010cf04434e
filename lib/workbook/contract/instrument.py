"""The belonging instrument (``instruments/belonging.yaml``): its scale, subscales and items."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from workbook.contract.problems import DataError, Problem
from workbook.contract.reading import read_text, yaml_with_lines


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

    def bad(key: str, expected: str, value: Any = None) -> None:
        problems.append(Problem("error", name, expected, lines.get(key), key, value))

    scale = data.get("scale") or {}
    scale_min, scale_max = scale.get("min"), scale.get("max")
    if not (isinstance(scale_min, int) and isinstance(scale_max, int) and scale_min < scale_max):
        bad("scale", "a mapping {min: <int>, max: <int>} with min < max", scale or None)
    scoring = data.get("scoring")
    if scoring not in ("sum", "mean"):
        bad("scoring", "one of: sum, mean", scoring)

    subscales: list[Subscale] = []
    for entry in data.get("subscales") or []:
        if isinstance(entry, str):
            subscales.append(Subscale(entry, entry.replace("_", " ").capitalize()))
        elif isinstance(entry, dict) and isinstance(entry.get("id"), str):
            subscales.append(Subscale(entry["id"], str(entry.get("label") or entry["id"])))
        else:
            bad("subscales", "each subscale as an id or {id, label}", entry)
    if not subscales:
        bad("subscales", "at least one subscale")
    known = {s.id for s in subscales}

    items: list[Item] = []
    seen: set[str] = set()
    for position, entry in enumerate(data.get("items") or [], start=1):
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
        bad("items", "at least one item")
    for subscale in subscales:
        if items and not any(item.subscale == subscale.id for item in items):
            bad("subscales", f"at least one item in subscale '{subscale.id}'", subscale.id)
    if problems:
        raise DataError(f"Instrument {path} is not usable", problems)
    labels = {int(k): str(v) for k, v in (data.get("scale_labels") or {}).items()}
    return Instrument(
        name=str(data.get("name") or path.stem),
        scale_min=cast(int, scale_min),  # checked above
        scale_max=cast(int, scale_max),
        scoring=cast(Literal["sum", "mean"], scoring),
        subscales=tuple(subscales),
        items=tuple(items),
        scale_labels=labels,
    )
