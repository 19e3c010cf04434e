"""Reading an export file into rows of text: zipped or not, UTF-8 (with or without BOM) or
UTF-16, comma or tab separated. The source file is only ever read."""

from __future__ import annotations

import csv
import io as stdio
import zipfile
from dataclasses import dataclass
from pathlib import Path

#: Files inside a zipped export that we read (the first table found, or the one named).
TABLE_SUFFIXES = (".csv", ".tsv", ".txt")


class ImportFailure(Exception):
    """A file that cannot be imported: the message names file, row, column and what was
    expected. The CLI prints it as one line, never a traceback."""

    def __init__(
        self,
        file: str,
        expected: str,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
    ) -> None:
        self.file, self.expected, self.row, self.column, self.value = (
            file,
            expected,
            row,
            column,
            value,
        )
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        value = f": value {self.value!r}" if self.value is not None else ""
        return f"{', '.join(where)}{value}: {self.expected}"


@dataclass(frozen=True)
class RawTable:
    """The text rows of one export table; ``name`` is what messages call the file."""

    name: str
    rows: list[list[str]]


def decode(data: bytes, name: str) -> str:
    """Text of an export: UTF-16 (by its byte-order mark), else UTF-8 with or without BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFailure(
            name,
            f"text in UTF-8 or UTF-16 (byte {exc.start} is not; save the export as "
            "'CSV UTF-8' and try again)",
            row=line,
        ) from None


def parse_rows(text: str, name: str) -> list[list[str]]:
    """CSV or TSV rows (the separator is the one the first line uses most)."""
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        rows = list(csv.reader(stdio.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFailure(name, f"a well-formed CSV file ({exc})") from None
    return [row for row in rows if any(cell.strip() for cell in row)]


def read_table(path: Path) -> RawTable:
    """The rows of ``path``; a ``.zip`` gives its first CSV/TSV table (in name order)."""
    if not path.is_file():
        raise ImportFailure(str(path), "an existing export file (CSV, TSV or a .zip of one)")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = sorted(
                n
                for n in archive.namelist()
                if n.lower().endswith(TABLE_SUFFIXES) and not n.startswith("__MACOSX")
            )
            if not names:
                raise ImportFailure(path.name, "a .zip holding a CSV or TSV export")
            inner = names[0]
            label = f"{path.name}:{inner}"
            return RawTable(label, parse_rows(decode(archive.read(inner), label), label))
    if path.suffix.lower() in (".xlsx", ".xls"):
        raise ImportFailure(
            path.name,
            "a CSV or TSV export (download the CSV version of this export; spreadsheet "
            "files are not read yet)",
        )
    return RawTable(path.name, parse_rows(decode(path.read_bytes(), path.name), path.name))
