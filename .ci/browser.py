#!/usr/bin/env python3
"""Install Debian's Chromium and the chart fonts for the browser tests, surviving archive moves.

Debian's security archive keeps only the newest build of a package, so an exact revision pinned
today stops installing within weeks. This script pins what can stay pinned (a minimum major
version of ``chromium``, the font package by name) and installs what the archive offers:

1. Nothing to do when ``/usr/bin/chromium`` and the fonts are installed, the major version meets
   the minimum and no other exact version was asked for.
2. Package lists missing or older than a day are refreshed (``apt-get update``, once).
3. Availability is decided by ``apt-cache madison chromium``, which lists only versions the
   archive really has (``apt-cache show pkg=VERSION`` exits 0 even for an absent version).
   An asked-for version (``CHROMIUM_VERSION``) that is absent after a refresh falls back to the
   archive's candidate, with a message.
4. The installed version is printed; it must meet the minimum major version.

Without root or apt-get it only says why the browser tests will skip (they fail under CI=true).
Standard library only: it runs before the virtual environment exists. The decision functions are
pure, so ``tests/test_browser_setup.py`` tests them without a network.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

#: Chromium older than this major version is refused (Playwright's protocol needs a recent one).
MIN_MAJOR = 120
#: The fonts the charts are laid out with (Liberation Sans has Arial's metrics).
FONT_PACKAGES = ("fonts-liberation",)
LISTS = Path("/var/lib/apt/lists")
#: Package lists older than this are refreshed before deciding what the archive has.
MAX_LIST_AGE_SECONDS = 24 * 3600
CHROMIUM = "/usr/bin/chromium"

Runner = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]


@dataclass(frozen=True)
class Choice:
    """The version to install (None: none acceptable) and the message that explains it."""

    version: str | None
    message: str


def major(version: str) -> int:
    """The major version of a Debian chromium version ("156.0.8078.114-1~deb12u1" → 156)."""
    upstream = version.split(":", 1)[-1]
    head = upstream.split(".", 1)[0]
    return int(head) if head.isdigit() else 0


def parse_madison(output: str) -> list[str]:
    """The versions ``apt-cache madison chromium`` lists, newest first as apt prints them.

    Lines read ``chromium | 156.0.8078.114-1~deb12u1 | https://… Packages``; source lines
    (``Sources``) are left out.
    """
    versions: list[str] = []
    for line in output.splitlines():
        parts = [part.strip() for part in line.split("|")]
        binary = len(parts) >= 3 and parts[0] == "chromium" and "Sources" not in parts[2]
        if binary and parts[1] not in versions:
            versions.append(parts[1])
    return versions


def choose(wanted: str, available: Sequence[str], min_major: int = MIN_MAJOR) -> Choice:
    """Which chromium version to install from what the archive ``available``-ly has.

    ``wanted`` is an exact version asked for (empty: the newest). An absent ``wanted`` falls back
    to the newest available; a version below ``min_major`` is never chosen.
    """
    acceptable = [version for version in available if major(version) >= min_major]
    if wanted and wanted in available:
        if major(wanted) < min_major:
            return Choice(None, f"chromium {wanted} is older than the minimum major {min_major}")
        return Choice(wanted, f"chromium {wanted} (as asked)")
    if not acceptable:
        offered = ", ".join(available) or "none"
        return Choice(
            None,
            f"the archive offers no chromium of major version {min_major} or newer "
            f"(offered: {offered})",
        )
    newest = acceptable[0]
    if wanted:
        return Choice(
            newest,
            f"chromium {wanted} is not in the archive (it keeps only the newest build); "
            f"installing the current {newest} instead",
        )
    return Choice(newest, f"chromium {newest} (the archive's current build)")


def lists_are_stale(lists: Path, now: float, max_age: float = MAX_LIST_AGE_SECONDS) -> bool:
    """True when no package list is present or the newest is older than ``max_age`` seconds."""
    stamps = [path.stat().st_mtime for path in lists.glob("*_Packages*") if path.is_file()]
    return not stamps or now - max(stamps) > max_age


def installed_version(run: Runner) -> str | None:
    """The installed chromium package's version, or None."""
    done = run(["dpkg-query", "-W", "-f=${Status}|${Version}", "chromium"])
    status, _, version = done.stdout.partition("|")
    return version if done.returncode == 0 and status.endswith(" installed") else None


def fonts_installed(run: Runner) -> bool:
    """True when every font package is installed."""
    for package in FONT_PACKAGES:
        done = run(["dpkg-query", "-W", "-f=${Status}", package])
        if done.returncode != 0 or not done.stdout.endswith(" installed"):
            return False
    return True


def satisfied(current: str | None, fonts: bool, wanted: str, min_major: int = MIN_MAJOR) -> bool:
    """True when nothing needs installing: fonts present, chromium present and acceptable."""
    if not fonts or current is None or major(current) < min_major:
        return False
    return not wanted or current == wanted


def _run(command: Sequence[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive", "LC_ALL": "C"}
    return subprocess.run(list(command), capture_output=True, text=True, env=env, check=False)


def install(wanted: str, run: Runner = _run, lists: Path = LISTS) -> int:
    """Make sure an acceptable chromium and the fonts are installed; 0 on success."""
    current = installed_version(run)
    if satisfied(current, fonts_installed(run), wanted):
        print(f"browser: chromium {current} (installed)")
        return 0
    refreshed = False
    if lists_are_stale(lists, time.time()):
        print("browser: refreshing the package lists (apt-get update)")
        _checked(run(["apt-get", "update", "-qq"]), "apt-get update")
        refreshed = True
    available = parse_madison(run(["apt-cache", "madison", "chromium"]).stdout)
    if (not available or (wanted and wanted not in available)) and not refreshed:
        print("browser: the package lists lack it; refreshing them (apt-get update)")
        _checked(run(["apt-get", "update", "-qq"]), "apt-get update")
        available = parse_madison(run(["apt-cache", "madison", "chromium"]).stdout)
    choice = choose(wanted, available)
    print(f"browser: {choice.message}")
    if choice.version is None:
        return 1
    packages = [f"chromium={choice.version}", *FONT_PACKAGES]
    _checked(
        run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages]),
        "apt-get install " + " ".join(packages),
    )
    print(f"browser: installed chromium {installed_version(run)}")
    return 0


def _checked(done: subprocess.CompletedProcess[str], what: str) -> None:
    """Stop with apt's own message when a command failed."""
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"browser: {what} failed (exit {done.returncode})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--version",
        default=os.environ.get("CHROMIUM_VERSION", ""),
        help="an exact Debian version to prefer (falls back to the current one when absent)",
    )
    args = parser.parse_args(argv)
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        if Path(CHROMIUM).exists():
            print(f"browser: {_run([CHROMIUM, '--version']).stdout.strip()} (not managed here)")
        else:
            print(
                "browser: Chromium is missing and this is not a root Debian shell; the browser "
                "tests will be skipped (and fail under CI=true). As root: make browser"
            )
        return 0
    return install(args.version)


if __name__ == "__main__":
    raise SystemExit(main())
