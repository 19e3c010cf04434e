"""The per-file tables of ``docs/data-contract.md``, generated from the declared input files.

Each declared CSV has one block in the document between ``<!-- contract-file: NAME -->`` and
``<!-- end contract-file: NAME -->``: its heading, what it unlocks, its key and a table of its
columns (required or not, and what a valid value is, in the words problem messages use);
``company.yaml`` has the table of its keys, from :data:`~.config.COMPANY_FIELDS`. The
prose around the blocks is written by hand. ``--write`` rewrites the blocks (adding one for a
newly declared file above ``<!-- new contract files -->``); ``--check`` exits 1 when the
committed document differs from the declarations::

    python -m workbook.contract.docs --check
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from workbook.atomic import write_text_atomic
from workbook.contract import COMPANY_FILE
from workbook.contract.columns import ColumnRule
from workbook.contract.config import COMPANY_FIELDS
from workbook.contract.files import DATA_FILES, InputFile
from workbook.contract.paths import PROJECT_ROOT
from workbook.contract.yaml_schema import Field

#: The document whose tables are generated.
CONTRACT_DOC = PROJECT_ROOT / "docs" / "data-contract.md"
#: Where a block for a newly declared file is inserted.
NEW_FILES_MARKER = "<!-- new contract files are added above this line -->"
_BLOCK = re.compile(
    r"<!-- contract-file: (?P<name>[^ ]+) -->\n.*?<!-- end contract-file: (?P=name) -->\n",
    re.DOTALL,
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def describe_column(rule: ColumnRule) -> str:
    """What a valid value of a column is, as the docs say it (the problem messages' words)."""
    if rule.kind == "enum":
        what = "one of " + ", ".join(f"`{choice}`" for choice in rule.choices)
    elif rule.kind == "text":
        what = "text (a short label)" if rule.label else "text"
    else:
        what = rule.expectation()
    return f"{what}; {rule.note}" if rule.note else what


def _required(rule: ColumnRule) -> str:
    if not rule.required:
        return "no"
    return "yes, blank allowed" if rule.nullable else "yes"


def _key(spec: InputFile) -> str:
    if not spec.unique_key:
        return ""
    if len(spec.unique_key) == 1:
        return f" Each `{spec.unique_key[0]}` appears once."
    pair = ", ".join(f"`{column}`" for column in spec.unique_key)
    return f" Each ({pair}) combination appears once."


def file_block(spec: InputFile) -> str:
    """The generated block of one declared file, markers included."""
    heading = f"### {spec.name}" + (f" — {spec.title}" if spec.title else "")
    lines = [
        f"<!-- contract-file: {spec.name} -->",
        heading,
        "",
        f"Unlocks {spec.unlocks}.{_key(spec)}",
        "",
        "| column | required | a valid value |",
        "| --- | --- | --- |",
        *(
            f"| `{rule.name}` | {_required(rule)} | {_cell(describe_column(rule))} |"
            for rule in spec.columns
        ),
    ]
    if spec.dynamic_columns is not None:
        which, what = spec.dynamic_columns
        lines.append(f"| {_cell(which)} | yes | {_cell(what)} |")
    lines.append(f"<!-- end contract-file: {spec.name} -->")
    return "\n".join(lines) + "\n"


def describe_field(field: Field) -> str:
    """What a valid value of a YAML key is, as the docs say it (the problem messages' words)."""
    if field.kind == "enum":
        return "one of " + ", ".join(f"`{choice}`" for choice in field.choices)
    if field.kind == "mapping":
        keys = ", ".join(f"`{sub.key}` ({describe_field(sub)})" for sub in field.fields)
        return f"a mapping: {keys}"
    return field.expectation()


def yaml_block(name: str, fields: Iterable[Field]) -> str:
    """The generated key table of a contract YAML file, markers included."""
    lines = [
        f"<!-- contract-file: {name} -->",
        "| key | required | a valid value | meaning |",
        "| --- | --- | --- | --- |",
        *(
            f"| `{field.key}` | {'yes' if field.required else 'no'} | "
            f"{_cell(describe_field(field))} | {_cell(field.note)} |"
            for field in fields
        ),
        f"<!-- end contract-file: {name} -->",
    ]
    return "\n".join(lines) + "\n"


def generated_blocks(files: Iterable[InputFile]) -> dict[str, str]:
    """Every generated block by file name: the contract's own YAML files, then each declared
    input file."""
    blocks = {COMPANY_FILE: yaml_block(COMPANY_FILE, COMPANY_FIELDS)}
    blocks.update((spec.name, file_block(spec)) for spec in files)
    return blocks


def render(document: str, files: Iterable[InputFile]) -> str:
    """``document`` with every generated block rewritten; a declared file without a block gets
    one above :data:`NEW_FILES_MARKER`, and blocks of files no longer declared are removed."""
    blocks = generated_blocks(files)
    present: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        present.add(name)
        return blocks.get(name, "")

    document = _BLOCK.sub(replace, document)
    added = "".join(f"{block}\n" for name, block in blocks.items() if name not in present)
    if added:
        if NEW_FILES_MARKER not in document:
            raise ValueError(f"{CONTRACT_DOC.name} has no line {NEW_FILES_MARKER!r}")
        document = document.replace(NEW_FILES_MARKER, added + NEW_FILES_MARKER)
    return document


def main(argv: list[str] | None = None) -> int:
    """``--write`` the generated tables into the document, or ``--check`` that they match."""
    parser = argparse.ArgumentParser(prog="python -m workbook.contract.docs", description=__doc__)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="rewrite the generated tables")
    action.add_argument("--check", action="store_true", help="exit 1 when they are stale")
    parser.add_argument("--doc", type=Path, default=CONTRACT_DOC, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    current = options.doc.read_text(encoding="utf-8")
    expected = render(current, DATA_FILES.values())
    if options.write:
        if expected != current:
            write_text_atomic(options.doc, expected)
        print(f"{options.doc}: tables of {len(DATA_FILES)} files written")
        return 0
    if expected != current:
        print(
            f"{options.doc} differs from the declared input files; "
            "run `python -m workbook.contract.docs --write`",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
