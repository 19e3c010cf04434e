"""Keep ``company.yaml`` as the team wrote it: a save rewrites only the lines of changed keys.

The editors build the new ``company.yaml`` with the contract's full writer
(:func:`workbook.io.dump_company_config_full`), which has no comments. :func:`keep_layout`
carries the values that changed over into the file as it is on disk instead, line by line:

- a key that is set is rewritten on its own line, keeping the comment after its value
  (``runway_months: 18  # months of money left``);
- a key that was only a hint, as ``workbook new`` writes them (``# runway_months: 18  # …``),
  takes the hint's line, keeping the hint's comment;
- a removed key's lines go; a new key with neither goes at the end;
- ``community`` is a block: its header and each sub-key are handled the same way.

Comments, blank lines and the order of keys stay. The result is checked: when it does not
read back to exactly the new values (YAML written by hand in a form this patch does not know,
such as flow style), the full writer's text is used instead, so a save is never wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from workbook import io

COMMUNITY = "community"


def keep_layout(old: str | None, new: str) -> str:
    """``new`` (a complete ``company.yaml``) written into the lines of ``old`` (the file on
    disk, with its comments): only the changed keys' lines differ. ``new`` itself when ``old``
    is missing, unreadable, or cannot be patched safely."""
    if old is None:
        return new
    before, after = _values(old), _values(new)
    if before is None or after is None:
        return new
    lines = old.splitlines()
    rendered = _rendered(new)
    for key in [*after, *(k for k in before if k not in after)]:
        if before.get(key) == after.get(key):
            continue
        if key == COMMUNITY:
            lines = _set_community(lines, rendered.get(COMMUNITY))
        else:
            lines = _set_key(lines, key, rendered.get(key))
    patched = "\n".join(lines).rstrip("\n") + "\n"
    return patched if _values(patched) == after else new


def keep_layouts(folder: Path, texts: Mapping[str, str | None]) -> dict[str, str | None]:
    """``texts`` (file → new text) with ``company.yaml``'s new text written into the lines of
    the file in ``folder`` as it is now (:func:`keep_layout`)."""
    kept = dict(texts)
    new = kept.get(io.COMPANY_FILE)
    if new is not None:
        try:
            old = (folder / io.COMPANY_FILE).read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            old = None
        kept[io.COMPANY_FILE] = keep_layout(old, new)
    return kept


def _values(text: str) -> dict[str, Any] | None:
    """The file's values as the editors map them (None when the contract cannot read it)."""
    from workbook.workshop.documents import config_mapping

    config, problems = io.parse_company_config(text)
    if config is None or any(p.severity == "error" for p in problems):
        return None
    mapping = config_mapping(config)
    for key in ("business_model", "timezone"):  # kept by the full writer, not edited
        value = getattr(config, key, None)
        if value is not None:
            mapping[key] = value
    return mapping


def _rendered(text: str) -> dict[str, Any]:
    """Each top-level key's line in the full writer's text (``community``: its block's
    lines, header first)."""
    found: dict[str, Any] = {}
    current = None
    for line in text.splitlines():
        match = re.match(r"([A-Za-z_]\w*)\s*:", line)
        if match:
            current = match.group(1)
            found[current] = [line] if current == COMMUNITY else line
        elif current == COMMUNITY and line.startswith("  "):
            found[COMMUNITY].append(line)
    return found


def _comment(line: str) -> str:
    """The comment after a ``key: value`` line's value ("" when none), found where YAML
    itself ends the value."""
    try:
        value = yaml.safe_load(line)
    except yaml.YAMLError:
        return ""
    for match in re.finditer(r"\s+#", line):
        try:
            if yaml.safe_load(line[: match.start()]) == value:
                return line[match.start() :]
        except yaml.YAMLError:
            continue
    return ""


def _find(lines: list[str], pattern: str) -> int | None:
    for index, line in enumerate(lines):
        if re.match(pattern, line):
            return index
    return None


def _set_key(lines: list[str], key: str, new_line: str | None) -> list[str]:
    """Set (``new_line``) or remove (None) one top-level scalar key."""
    active = _find(lines, rf"{re.escape(key)}\s*:")
    if active is not None:
        if new_line is None:
            return lines[:active] + lines[active + 1 :]
        return [*lines[:active], new_line + _comment(lines[active]), *lines[active + 1 :]]
    if new_line is None:
        return lines
    hint = _find(lines, rf"#\s*{re.escape(key)}\s*:")
    if hint is not None:
        uncommented = re.sub(r"^#\s*", "", lines[hint])
        return [*lines[:hint], new_line + _comment(uncommented), *lines[hint + 1 :]]
    return [*lines, new_line]


def _set_community(lines: list[str], block: list[str] | None) -> list[str]:
    """Set (``block``: the full writer's lines) or remove (None) the ``community`` block,
    keeping the comments of its header and sub-keys and the hints of unset sub-keys."""
    active = _find(lines, rf"{COMMUNITY}\s*:")
    start = active if active is not None else _find(lines, rf"#\s*{COMMUNITY}\s*:")
    if start is None:
        return lines if block is None else [*lines, *block]
    end = start + 1
    sub = re.compile(r"^(\s{2,}|#\s{2,})(\w+)\s*:")
    while end < len(lines) and sub.match(lines[end]):
        end += 1
    region = lines[start:end]
    if block is None:
        kept = [line for line in region[1:] if line.startswith("#")] if active is not None else []
        return lines[:start] + ([] if active is not None else region) + kept + lines[end:]
    header = block[0]
    if active is not None and header.rstrip().endswith(":"):
        header += _comment(region[0]) if not region[0].rstrip().endswith("{}") else ""
    wanted = {line.strip().split(":", 1)[0]: line for line in block[1:]}  # "  key: value"
    out = [header]
    for line in region[1:]:
        match = sub.match(line)
        name = match.group(2) if match else ""
        if name in wanted:
            out.append(wanted.pop(name) + _comment(re.sub(r"^#?\s*", "", line)))
        elif line.startswith("#"):
            out.append(line)  # a hint of a sub-key still unset
    out += wanted.values()
    if len(block) == 1:  # "community: {}": no sub-keys below it
        out = [header, *(line for line in out[1:] if line.startswith("#"))]
    return lines[:start] + out + lines[end:]
