"""Safe reading of company data: the contract's limits, regular files only, and guarded YAML.

Files come from people: some are broken, a few may be hostile. Everything here fails fast, in
bounded memory, with a message saying what was expected, so that one bad file never hangs a
command, exhausts the machine or crashes the pages built from it.

- :data:`LIMITS` declares every limit once, as data; the limits tables of the README and of
  ``docs/data-contract.md`` are generated from it (:func:`limits_markdown`).
- :func:`read_regular_file` reads a file only when it is a regular file inside the data folder,
  and no larger than its limit, checked with ``stat`` before anything is read (a named pipe or a
  link to ``/dev/zero`` is refused at once, never waited on).
- :class:`ContractLoader` is PyYAML's ``SafeLoader`` with compose-level checks: aliases are
  refused (so a "billion laughs" file fails on its first alias), nesting is bounded, and
  :func:`compose_checked` then refuses duplicate keys, over-long integers and numbers that are not
  finite, naming the key and its line.
- :func:`label_problem` and :func:`normalise_label` keep text shown to readers as text: no
  control, zero-width or right-to-left override characters, and uniqueness compared on
  normalised text.
"""

from __future__ import annotations

import math
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError

from workbook.errors import WorkbookError

# --------------------------------------------------------------------------------------------
# The limits, declared once
# --------------------------------------------------------------------------------------------

KIB = 1024
MIB = 1024 * KIB


@dataclass(frozen=True)
class Limit:
    """One limit of the data contract: its value, unit, what it applies to and why."""

    key: str
    value: int
    unit: str
    applies_to: str
    reason: str

    def text(self) -> str:
        """The limit in words, e.g. "256 KiB" or "2,000 characters"."""
        if self.unit == "bytes":
            return byte_size(self.value)
        return f"{self.value:,} {self.unit}"


LIMITS: dict[str, Limit] = {
    limit.key: limit
    for limit in (
        Limit(
            "yaml_file_bytes",
            256 * KIB,
            "bytes",
            "each YAML file (`company.yaml`, `team_assessment.yaml`, the instrument)",
            "a profile is a few hundred bytes",
        ),
        Limit(
            "small_csv_bytes",
            1 * MIB,
            "bytes",
            "`features.csv`, `community_goals.csv`, `strategy_canvas.csv`",
            "lists written by hand: tens of rows",
        ),
        Limit(
            "survey_csv_bytes",
            256 * MIB,
            "bytes",
            "the other CSV files (surveys, activity, retention)",
            "about four million survey answers",
        ),
        Limit(
            "cell_characters",
            2_000,
            "characters",
            "any CSV cell (a free-text comment included)",
            "a paragraph of comment; longer text is usually a pasting accident",
        ),
        Limit(
            "label_characters",
            200,
            "characters",
            "the company name, `reference_product`, feature and factor names, segments, goals "
            "and respondent ids",
            "labels are shown in tables and charts",
        ),
        Limit(
            "yaml_depth",
            20,
            "levels",
            "nesting of mappings and lists in a YAML file",
            "the deepest file of the contract uses 3",
        ),
        Limit(
            "integer_digits",
            15,
            "digits",
            "a whole number in a YAML file or a CSV cell",
            "larger numbers are typing mistakes, slow to convert, and not exact in a table",
        ),
        Limit(
            "runway_months",
            1_200,
            "months",
            "`runway_months` in `company.yaml`",
            "a hundred years of runway",
        ),
    )
}

#: Files of the contract that are small by nature (lists written by hand).
SMALL_CSV_FILES = frozenset({"features.csv", "community_goals.csv", "strategy_canvas.csv"})
#: The earliest date a company.yaml may give (a product's start or an assessment date).
EARLIEST_DATE = date(1990, 1, 1)
#: How far after today a company.yaml date may lie.
LATEST_DATE_AHEAD = timedelta(days=366)


def limit(key: str) -> int:
    """The value of the limit ``key`` of :data:`LIMITS`."""
    return LIMITS[key].value


def file_size_limit(file_name: str) -> int:
    """The largest size in bytes a contract file of this name may have."""
    if file_name.endswith((".yaml", ".yml")):
        return limit("yaml_file_bytes")
    if file_name in SMALL_CSV_FILES:
        return limit("small_csv_bytes")
    return limit("survey_csv_bytes")


def latest_allowed_date(today: date | None = None) -> date:
    """The latest date a company.yaml may give: a year after today."""
    return (today or date.today()) + LATEST_DATE_AHEAD


def byte_size(size: int) -> str:
    """A size in bytes for people: "512 bytes", "256 KiB", "1.5 MiB"."""
    if size < KIB:
        return f"{size:,} bytes"
    for unit, factor in (("GiB", MIB * KIB), ("MiB", MIB), ("KiB", KIB)):
        if size >= factor:
            return f"{size / factor:,.1f}".removesuffix(".0") + f" {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


def limits_markdown() -> str:
    """The limits as a Markdown table (the README and the data contract include it verbatim)."""
    rows = [
        "| limit | applies to | why |",
        "| --- | --- | --- |",
        *(f"| {item.text()} | {item.applies_to} | {item.reason} |" for item in LIMITS.values()),
        f"| {EARLIEST_DATE.isoformat()} to a year after today | dates in `company.yaml` "
        "(`started`, `as_of`) | a date outside is a typing mistake |",
    ]
    return "\n".join(rows) + "\n"


# --------------------------------------------------------------------------------------------
# Regular files inside the data folder
# --------------------------------------------------------------------------------------------


class RefusedFile(WorkbookError):
    """A file the workbook will not read; the message says what was expected instead."""


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode):
        return "a character device (such as /dev/zero)"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _check_regular(info: os.stat_result, max_bytes: int) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise RefusedFile(
            f"a regular file; this is {_kind_of(info.st_mode)}, which the workbook never reads"
        )
    if info.st_size > max_bytes:
        size = byte_size(info.st_size)
        if size == byte_size(max_bytes):
            size = f"{info.st_size:,} bytes"
        raise RefusedFile(
            f"a file of at most {byte_size(max_bytes)} (the contract's limit); this one is {size}"
        )


def check_inside(path: Path, root: Path) -> Path:
    """Return ``path`` resolved; raise :class:`RefusedFile` when a link leads out of ``root``.

    A file that stays inside its own folder is accepted too, so a data folder whose
    ``companies/`` is itself a link to a shared disk still works.
    """
    real_root = Path(os.path.realpath(root))
    real_path = Path(os.path.realpath(path))
    real_folder = Path(os.path.realpath(Path(path).parent))
    if real_root not in real_path.parents and real_folder not in real_path.parents:
        raise RefusedFile(
            f"a file inside the data folder {real_root}; this is a link to {real_path}, "
            "outside it, which the workbook never follows"
        )
    return real_path


def read_regular_file(path: Path, root: Path, max_bytes: int) -> bytes:
    """The bytes of ``path``, read only when it is a regular file inside ``root`` and small enough.

    Checked with ``stat`` before opening and with ``fstat`` after (the file may have been
    replaced in between); the file is opened non-blocking, so even a pipe swapped in at the last
    moment cannot make the read wait. Raises :class:`RefusedFile`, or ``FileNotFoundError``.
    """
    check_inside(path, root)
    _check_regular(os.stat(path), max_bytes)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    with open(os.open(path, flags), "rb", buffering=0) as stream:
        info = os.fstat(stream.fileno())
        _check_regular(info, max_bytes)
        # One read of the known size (one buffer, no copies); a file that grows meanwhile is
        # read on in small steps, and only up to one byte past the limit.
        chunks = [stream.read(info.st_size + 1)]
        total = len(chunks[0])
        while total > info.st_size and total <= max_bytes:
            chunk = stream.read(min(MIB, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    content = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if len(content) > max_bytes:
        raise RefusedFile(
            f"a file of at most {byte_size(max_bytes)} (the contract's limit); this one grew "
            "past it while being read"
        )
    return content


# --------------------------------------------------------------------------------------------
# CSV cells longer than the limit, found before parsing
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LongCell:
    """A CSV cell over the length limit: its line (1 = header), column and length."""

    line: int
    column: str | None
    length: int
    start: str


def long_cells(raw: bytes, max_characters: int, most: int = 5) -> list[LongCell]:
    """Up to ``most`` cells longer than ``max_characters``, found without parsing the file.

    A cell is never longer (in bytes) than its line, so only the lines longer than the limit are
    split into cells, at the commas outside double quotes (vectorised, so a 50 MB line takes
    milliseconds; the ``csv`` module would stop at its own field limit). A quoted cell that
    spans lines is caught later, by the column rules.
    """
    import numpy as np

    data = np.frombuffer(raw, dtype=np.uint8)
    line_ends = np.flatnonzero(data == ord("\n"))
    starts = np.concatenate(([0], line_ends + 1))
    ends = np.concatenate((line_ends, [len(data)]))
    suspects = np.flatnonzero(ends - starts > max_characters)
    if not len(suspects):
        return []
    header_cells = _split_line(data[: int(ends[0])])
    header = [_cell_text(cell).strip().removeprefix("\ufeff") for cell in header_cells]
    found: list[LongCell] = []
    for index in suspects:
        for position, cell in enumerate(_split_line(data[int(starts[index]) : int(ends[index])])):
            if len(cell) <= max_characters:
                continue
            text = _cell_text(cell)
            if len(text) > max_characters:
                column = header[position] if position < len(header) else None
                found.append(LongCell(int(index) + 1, column, len(text), text[:40]))
                if len(found) >= most:
                    return found
    return found


def _split_line(line: Any) -> list[bytes]:
    """The raw cells of one CSV line (a uint8 array): split at commas outside double quotes."""
    import numpy as np

    inside_quotes = np.cumsum(line == ord('"')) % 2 == 1
    commas = np.flatnonzero((line == ord(",")) & ~inside_quotes)
    bounds = [0, *(commas + 1).tolist()]
    stops = [*commas.tolist(), len(line)]
    return [line[start:stop].tobytes() for start, stop in zip(bounds, stops, strict=True)]


def _cell_text(cell: bytes) -> str:
    """A raw CSV cell as text: outer quotes removed, doubled quotes undone, line end dropped."""
    text = cell.decode("utf-8", errors="replace").rstrip("\r")
    stripped = text.strip()
    if len(stripped) >= 2 and stripped[0] == stripped[-1] == '"':
        return stripped[1:-1].replace('""', '"')
    return text


# --------------------------------------------------------------------------------------------
# YAML
# --------------------------------------------------------------------------------------------


class ContractYAMLError(WorkbookError, yaml.MarkedYAMLError):
    """A YAML file that parses but breaks one of the contract's YAML rules."""


class ContractLoader(yaml.SafeLoader):
    """PyYAML's safe loader with the contract's rules at compose level.

    Dates stay text (so a bad date becomes a clear problem), aliases are refused before they are
    followed, and nesting deeper than the limit stops composing.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Compose one node, refusing aliases and nesting past the limit (PyYAML's hook)."""
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ComposerError(
                None,
                None,
                f"no aliases (*{event.anchor}): write the value out; aliases are refused "
                "because a few of them can expand to gigabytes",
                event.start_mark,
            )
        self._depth += 1
        try:
            if self._depth > limit("yaml_depth"):
                raise ComposerError(
                    None,
                    None,
                    f"at most {limit('yaml_depth')} levels of nesting",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


ContractLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"


@dataclass(frozen=True)
class YamlFinding:
    """A rule a composed YAML document breaks: line, key path, expectation, offending text."""

    line: int
    key: str | None
    expected: str
    value: str | None = None


def _walk(node: yaml.Node, path: tuple[str, ...]) -> Iterator[tuple[yaml.Node, tuple[str, ...]]]:
    """Every node with its path of keys (depth is bounded by the loader, aliases refused)."""
    stack = [(node, path)]
    while stack:
        current, where = stack.pop()
        yield current, where
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in reversed(current.value):
                stack.append((value_node, (*where, str(key_node.value))))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((child, where) for child in reversed(current.value))


def key_lines(node: yaml.Node | None) -> dict[tuple[str, ...], int]:
    """The line of every mapping key of a composed document, by its path of keys."""
    lines: dict[tuple[str, ...], int] = {}
    if node is None:
        return lines
    for current, where in _walk(node, ()):
        if isinstance(current, yaml.MappingNode):
            for key_node, _ in current.value:
                lines.setdefault((*where, str(key_node.value)), key_node.start_mark.line + 1)
    return lines


def _scalar_finding(node: yaml.ScalarNode, where: tuple[str, ...]) -> YamlFinding | None:
    key = ".".join(where) or None
    line = node.start_mark.line + 1
    value = str(node.value)
    if node.tag == _INT_TAG:
        digits = len(re.sub(r"[^0-9a-fA-F]", "", value.removeprefix("0x").removeprefix("0b")))
        if digits > limit("integer_digits"):
            return YamlFinding(
                line,
                key,
                f"a whole number of at most {limit('integer_digits')} digits "
                f"(this one has {digits:,})",
                value[:20] + "…",
            )
    if node.tag == _FLOAT_TAG:
        cleaned = value.replace("_", "").lower()
        try:
            number = float(cleaned.replace(".inf", "inf").replace(".nan", "nan"))
        except ValueError:
            return None  # base-60 and other YAML 1.1 forms: PyYAML converts them itself
        if not math.isfinite(number):
            return YamlFinding(
                line, key, "a finite number (not .nan, .inf or a number too large)", value
            )
    return None


def compose_checked(text: str) -> tuple[yaml.Node | None, list[YamlFinding]]:
    """Compose one YAML document and list the rules it breaks.

    Raises ``yaml.YAMLError`` for text that is not YAML, an alias, or nesting past the limit.
    The findings are duplicate keys (naming the key and both lines), whole numbers with too many
    digits and numbers that are not finite.
    """
    loader = ContractLoader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    findings: list[YamlFinding] = []
    if node is None:
        return None, findings
    for current, where in _walk(node, ()):
        if isinstance(current, yaml.MappingNode):
            first_line: dict[str, int] = {}
            for key_node, _ in current.value:
                name = str(key_node.value)
                line = key_node.start_mark.line + 1
                if name in first_line:
                    findings.append(
                        YamlFinding(
                            line,
                            ".".join((*where, name)),
                            f"each key only once in its mapping (already given on line "
                            f"{first_line[name]}; remove one of the two)",
                        )
                    )
                else:
                    first_line[name] = line
        elif isinstance(current, yaml.ScalarNode):
            finding = _scalar_finding(current, where)
            if finding is not None:
                findings.append(finding)
    return node, findings


def construct(node: yaml.Node | None) -> Any:
    """Python values of a composed and checked document (dates kept as text)."""
    if node is None:
        return None
    loader = ContractLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def load_yaml(text: str) -> Any:
    """Parse YAML under the contract's rules; raise ``yaml.YAMLError`` naming the first break."""
    node, findings = compose_checked(text)
    if findings:
        first = findings[0]
        mark = yaml.Mark("<yaml>", 0, first.line - 1, 0, None, None)
        where = f"key '{first.key}': " if first.key else ""
        raise ContractYAMLError(None, None, where + first.expected, mark)
    return construct(node)


# --------------------------------------------------------------------------------------------
# Text shown as text
# --------------------------------------------------------------------------------------------

#: Right-to-left and left-to-right overrides and isolates, which reorder what a reader sees.
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
#: Characters that take no space, so two different names look the same.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\ufeff")
_LABEL_FORBIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS | ZERO_WIDTH)) + "]"
)
# Free text may hold tabs and line breaks, and zero-width joiners (emoji sequences use them).
_TEXT_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]"
)
LABEL_FORBIDDEN_PATTERN = _LABEL_FORBIDDEN.pattern
TEXT_FORBIDDEN_PATTERN = _TEXT_FORBIDDEN.pattern


def describe_character(character: str) -> str:
    """A character by code point and name, e.g. "U+202E (RIGHT-TO-LEFT OVERRIDE)"."""
    name = unicodedata.name(character, "")
    if not name and unicodedata.category(character) == "Cc":
        name = "control character"
    return f"U+{ord(character):04X}" + (f" ({name})" if name else "")


def label_problem(text: str, what: str = "a name", *, label: bool = True) -> str | None:
    """Why ``text`` cannot be shown as a label (or, with ``label=False``, as free text); None
    when it can: blank, too long, or holding control, zero-width or bidi override characters."""
    if label and not text.strip():
        return f"{what} that is not blank"
    most = limit("label_characters") if label else limit("cell_characters")
    if len(text) > most:
        return f"{what} of at most {most:,} characters (this one has {len(text):,})"
    pattern = _LABEL_FORBIDDEN if label else _TEXT_FORBIDDEN
    found = pattern.search(text)
    if found:
        return (
            f"{what} without control, zero-width or right-to-left override characters "
            f"(found {describe_character(found.group())} at position {found.start() + 1})"
        )
    return None


def normalise_label(text: str) -> str:
    """The form in which two labels count as the same: NFKC, zero-width characters removed,
    case folded and spaces collapsed ("Ｓearch" and "search" are one feature)."""
    folded = unicodedata.normalize("NFKC", text)
    folded = "".join(character for character in folded if character not in ZERO_WIDTH)
    return " ".join(folded.casefold().split())


def company_name_problem(name: object, what: str = "the company's name") -> str | None:
    """Why ``name`` cannot be a company's name, or None (the rule ``new`` and the YAML share)."""
    if name is None:
        return f"{what} (required)"
    return label_problem(str(name), what)


def folder_slug_suggestion(name: str) -> str:
    """A valid slug close to a folder name that is not one ("Acme Co" -> "acme-co")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:64].strip("-")
    return slug or "company"


if __name__ == "__main__":
    print(limits_markdown(), end="")
