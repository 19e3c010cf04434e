"""Say whether a change to the library kept what readers get: the rendered pages and the JSON.

Refactors promise byte-identical pages and ``assess --json`` documents on the sample companies.
``save DIR`` renders every sample company afresh into ``DIR/pages`` and writes each company's
``workbook assess --json`` into ``DIR/json``; ``compare OLD NEW`` lists every page or document
that differs (the first differing lines of each) and exits 1 when any does. Run ``save`` on the
commit before the change and on the commit after, then ``compare``. The executed notebooks,
the manifest and the history are left out: they carry run times.

    .venv/bin/python .ci/same_outputs.py save /tmp/before
    .venv/bin/python .ci/same_outputs.py save /tmp/after
    .venv/bin/python .ci/same_outputs.py compare /tmp/before /tmp/after
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import subprocess
import sys
from pathlib import Path

WORKBOOK = Path(sys.executable).with_name("workbook")


def save(folder: Path) -> None:
    """Render every company into ``folder/pages`` and write their JSON into ``folder/json``."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "json").mkdir(parents=True)
    subprocess.run(
        [WORKBOOK, "render", "--out", folder / "pages", "--force", "--no-progress"], check=True
    )
    listed = subprocess.run([WORKBOOK, "list"], check=True, capture_output=True, text=True)
    slugs = [p.name for p in (folder / "pages").iterdir() if (p / "index.html").is_file()]
    for slug in sorted(slugs):
        document = subprocess.run(
            [WORKBOOK, "assess", "--json", slug], capture_output=True, text=True, check=False
        )
        (folder / "json" / f"{slug}.json").write_text(document.stdout + document.stderr)
    (folder / "list.txt").write_text(listed.stdout)


def _files(folder: Path) -> dict[str, Path]:
    """The compared files under ``folder``, by relative path."""
    found = {}
    for path in sorted(folder.rglob("*")):
        wanted = path.suffix in {".html", ".json"} and path.name != "manifest.json"
        if wanted and "history" not in path.parts:
            found[str(path.relative_to(folder))] = path
    if (folder / "list.txt").is_file():
        found["list.txt"] = folder / "list.txt"
    return found


def compare(old: Path, new: Path) -> int:
    """Print every difference between two saved folders; 1 when any, else 0."""
    before, after = _files(old), _files(new)
    differing = 0
    for name in sorted(before.keys() | after.keys()):
        if name not in after or name not in before:
            print(f"only in {'old' if name in before else 'new'}: {name}")
            differing += 1
            continue
        a, b = before[name].read_bytes(), after[name].read_bytes()
        if a == b:
            continue
        differing += 1
        print(f"differs: {name}")
        lines = difflib.unified_diff(
            a.decode(errors="replace").splitlines(),
            b.decode(errors="replace").splitlines(),
            lineterm="",
            n=0,
        )
        for line in list(lines)[2:14]:
            print("   ", line[:240])
    print(f"{len(before)} files compared; {differing} differ")
    return 1 if differing else 0


def main() -> int:
    """Command line: ``save DIR`` or ``compare OLD NEW``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("save").add_argument("folder", type=Path)
    compared = commands.add_parser("compare")
    compared.add_argument("old", type=Path)
    compared.add_argument("new", type=Path)
    args = parser.parse_args()
    if args.command == "save":
        save(args.folder)
        return 0
    return compare(args.old, args.new)


if __name__ == "__main__":
    sys.exit(main())
