"""Reading contract files: bytes within the limits, UTF-8 text, checked YAML and CSV as text.

Only regular files inside the data folder and within :mod:`workbook.safeload`'s limits are read;
nothing here raises on bad input: a refused or malformed file is a problem naming the reason.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from workbook import safeload
from workbook.contract.problems import Problem, SourceStatus


def load_yaml(text: str) -> Any:
    """Parse YAML safely, keeping dates as ``YYYY-MM-DD`` text for our own checks.

    Raises ``yaml.YAMLError`` for aliases, deep nesting, duplicate keys, over-long integers
    and numbers that are not finite (the rules of :mod:`workbook.safeload`).
    """
    return safeload.load_yaml(text)


def parse_yaml(text: str, file: str) -> tuple[Any, dict[tuple[str, ...], int], list[Problem]]:
    """Parse a contract YAML file: the data, each key's line by its path, and the problems.

    Never raises on bad YAML: text that is not YAML, aliases, deep nesting, duplicate keys,
    over-long integers and numbers that are not finite are problems naming the line and key;
    the data is then None.
    """
    try:
        node, findings = safeload.compose_checked(text)
    except yaml.YAMLError as exc:
        return None, {}, [yaml_problem(file, exc)]
    if findings:
        problems = [
            Problem("error", file, finding.expected, finding.line, finding.key, finding.value)
            for finding in findings
        ]
        return None, {}, problems
    return safeload.construct(node), safeload.key_lines(node), []


def yaml_with_lines(text: str, file: str) -> tuple[Any, dict[str, int], list[Problem]]:
    """Parse YAML; return the data, the line of each top-level key and the problems."""
    data, lines, problems = parse_yaml(text, file)
    top = {path[0]: line for path, line in lines.items() if len(path) == 1}
    return data, top, problems


def read_contract_bytes(
    path: Path, name: str | None = None, root: Path | None = None
) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a contract file, or None and a problem saying why it is not read.

    Only a regular file inside ``root`` (default: the file's own folder) and within the
    contract's size limit for its name is read; the size is checked before reading, and a named
    pipe or device is refused at once (see :func:`workbook.safeload.read_regular_file`).
    """
    name = name or path.name
    try:
        raw = safeload.read_regular_file(
            path, root if root is not None else path.parent, safeload.file_size_limit(path.name)
        )
    except safeload.RefusedFile as exc:
        return None, [Problem("error", name, str(exc))]
    except OSError as exc:
        return None, [Problem("error", name, f"a readable file ({exc.strerror or exc})")]
    return raw, []


def _decode(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """Text of UTF-8 bytes (BOM allowed); on bad bytes a problem naming the position."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.start + 1].hex()
        return None, [
            Problem(
                "error",
                name,
                f"the file is not valid UTF-8 (byte 0x{bad} at line {line}, position "
                f"{exc.start}); save it as UTF-8 (in Excel: 'CSV UTF-8')",
            )
        ]


def read_text(path: Path, name: str, root: Path | None = None) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 contract file (BOM allowed) through :func:`read_contract_bytes`; a refused
    file or bad bytes give None and a problem naming the reason or the position."""
    raw, problems = read_contract_bytes(path, name, root)
    if raw is None:
        return None, problems
    return _decode(raw, name)


def yaml_problem(name: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    detail = getattr(exc, "problem", None) or str(exc)
    return Problem("error", name, f"valid YAML ({detail})", line)


def read_csv_text(
    path: Path, root: Path | None = None
) -> tuple[pd.DataFrame | None, SourceStatus, list[Problem]]:
    """Read a CSV as text columns; empty and header-only files give status ``empty``.

    The file is read through :func:`read_contract_bytes` (regular files inside ``root``, within
    the size limit), and cells over the contract's length limit are refused before parsing.
    """
    raw, problems = read_contract_bytes(path, path.name, root)
    if raw is None:
        return None, "invalid", problems
    long_cells = long_cell_problems(raw, path.name)
    if long_cells:
        return None, "invalid", long_cells
    text, problems = _decode(raw, path.name)
    if text is None:
        return None, "invalid", problems
    if not text.strip():
        return None, "empty", problems
    try:
        frame = pd.read_csv(
            StringIO(text),
            dtype=object,
            keep_default_na=False,
            na_values=[""],
            skipinitialspace=True,
            skip_blank_lines=False,  # keep the index aligned with spreadsheet rows
        )
    except pd.errors.ParserError as exc:
        message = str(exc).strip().splitlines()[-1]
        return None, "invalid", [Problem("error", path.name, f"a well-formed CSV ({message})")]
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.dropna(how="all")  # blank lines, kept out without renumbering rows
    if frame.empty:
        return frame, "empty", problems
    return frame, "ok", problems


def long_cell_problems(raw: bytes, file: str) -> list[Problem]:
    """Cells longer than the contract allows, found in the raw bytes before pandas reads them."""
    most = safeload.limit("cell_characters")
    return [
        Problem(
            "error",
            file,
            f"a cell of at most {most:,} characters (this one has {cell.length:,}; the file is "
            "not read further)",
            cell.line,
            cell.column,
            cell.start + "…",
        )
        for cell in safeload.long_cells(raw, most)
    ]
