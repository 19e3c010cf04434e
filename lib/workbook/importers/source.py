"""Reading an export file into rows of text: zipped or not, UTF-8 (with or without BOM) or
UTF-16, comma or tab separated. The source file is only ever read."""

from __future__ import annotations

import csv
import io as stdio
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from workbook.errors import WorkbookError

#: Files inside a zipped export that we read (the first table found, or the one named).
TABLE_SUFFIXES = (".csv", ".tsv", ".txt")


class ImportFailure(WorkbookError):
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
        raise ImportFailure(str(path), "an existing export file (CSV, TSV, XLSX or a .zip)")
    if path.suffix.lower() == ".xlsx":
        return RawTable(path.name, _xlsx_rows(path))
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
    if path.suffix.lower() == ".xls":
        raise ImportFailure(path.name, "a CSV, TSV or XLSX export (.xls is not read)")
    return RawTable(path.name, parse_rows(decode(path.read_bytes(), path.name), path.name))


def _xlsx_rows(path: Path) -> list[list[str]]:
    """The first sheet of an XLSX export as text rows (dates as ``YYYY-MM-DD HH:MM:SS``)."""
    try:
        from openpyxl import load_workbook
    except ImportError:
        raise ImportFailure(
            path.name, "a CSV export (reading .xlsx needs the openpyxl package)"
        ) from None
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a damaged file
        raise ImportFailure(path.name, f"a readable XLSX workbook ({exc})") from None
    try:
        sheet = book.worksheets[0]
        rows = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    return [row for row in rows if any(cell.strip() for cell in row)]


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
