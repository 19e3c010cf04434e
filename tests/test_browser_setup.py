"""The browser install decision (``.ci/browser.py``) without a network: an absent pinned version
falls back to what the archive has, stale lists are refreshed once, and nothing below the minimum
major version is ever installed. These protect `make test` on a brand-new machine, where an exact
Debian security build pinned weeks ago no longer exists."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = importlib.util.spec_from_file_location("ci_browser", ROOT / ".ci" / "browser.py")
assert SPEC and SPEC.loader
browser = importlib.util.module_from_spec(SPEC)
sys.modules["ci_browser"] = browser  # dataclasses look their module up while being defined
SPEC.loader.exec_module(browser)

CURRENT = "156.0.8078.114-1~deb12u1"
MADISON = (
    f"  chromium | {CURRENT} | http://deb.debian.org/debian-security bookworm-security/main "
    "amd64 Packages\n"
    "  chromium | 136.0.7103.113-1~deb12u1 | http://deb.debian.org/debian bookworm/main amd64 "
    "Packages\n"
    f"  chromium | {CURRENT} | http://deb.debian.org/debian-security bookworm-security/main "
    "Sources\n"
)


def test_madison_lists_binary_versions_only() -> None:
    """Source lines and repeats are left out; apt's newest-first order is kept."""
    assert browser.parse_madison(MADISON) == [CURRENT, "136.0.7103.113-1~deb12u1"]
    assert browser.parse_madison("") == []


def test_absent_pinned_version_falls_back_to_current() -> None:
    """The failure of issue 17: a pinned build the archive dropped must not stop the install."""
    choice = browser.choose("156.0.8078.79-1~deb12u1", browser.parse_madison(MADISON))
    assert choice.version == CURRENT
    assert "not in the archive" in choice.message


def test_present_pinned_version_is_kept() -> None:
    """An exact version the archive still has is installed as asked."""
    older = "136.0.7103.113-1~deb12u1"
    assert browser.choose(older, [CURRENT, older]).version == older


def test_nothing_below_the_minimum_major() -> None:
    """An archive offering only old builds gives no choice and says what it offered."""
    choice = browser.choose("", ["90.0.1-1"], min_major=120)
    assert choice.version is None and "90.0.1-1" in choice.message
    assert browser.choose("90.0.1-1", ["90.0.1-1"], min_major=120).version is None
    assert browser.major("2:156.0.1-1") == 156 and browser.major("junk") == 0


def test_installed_browser_satisfies_unless_another_version_is_asked() -> None:
    """An installed, recent chromium with fonts needs nothing; a missing font does."""
    assert browser.satisfied(CURRENT, True, "")
    assert not browser.satisfied(CURRENT, False, "")
    assert not browser.satisfied(None, True, "")
    assert not browser.satisfied("100.0-1", True, "")
    assert not browser.satisfied(CURRENT, True, "157.0-1")


def test_stale_lists(tmp_path: Path) -> None:
    """No lists, or lists older than a day, count as stale; fresh ones do not."""
    assert browser.lists_are_stale(tmp_path, time.time())
    packages = tmp_path / "deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4"
    packages.write_bytes(b"")
    assert not browser.lists_are_stale(tmp_path, time.time())
    old = time.time() - 3 * 24 * 3600
    os.utime(packages, (old, old))
    assert browser.lists_are_stale(tmp_path, time.time())


class FakeApt:
    """apt and dpkg as a script: records the commands and answers from the archive given."""

    def __init__(self, before_update: str, after_update: str, installed: str | None = None):
        self.madison = before_update
        self.after_update = after_update
        self.installed = installed
        self.commands: list[list[str]] = []

    def __call__(self, command: Sequence[str]) -> subprocess.CompletedProcess[str]:
        command = list(command)
        self.commands.append(command)
        out, code = "", 0
        if command[:2] == ["apt-get", "update"]:
            self.madison = self.after_update
        elif command[:2] == ["apt-cache", "madison"]:
            out = self.madison
        elif command[0] == "dpkg-query":
            package = command[-1]
            if package == "chromium" and self.installed:
                out = f"install ok installed|{self.installed}"
            elif package != "chromium" and self.installed:
                out = "install ok installed"
            else:
                code = 1
        elif command[:2] == ["apt-get", "install"]:
            pinned = next(arg for arg in command if arg.startswith("chromium="))
            self.installed = pinned.split("=", 1)[1]
        return subprocess.CompletedProcess(command, code, out, "")


def _fresh_lists(folder: Path) -> Path:
    (folder / "x_Packages").write_bytes(b"")
    return folder


def test_fresh_but_old_lists_are_refreshed_once_when_the_version_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Lists that look fresh but lack the package: one `apt-get update`, then the install of the
    archive's current build, and the installed version is printed."""
    apt = FakeApt(before_update="", after_update=MADISON)
    assert browser.install("0.0-missing", run=apt, lists=_fresh_lists(tmp_path)) == 0
    updates = [c for c in apt.commands if c[:2] == ["apt-get", "update"]]
    assert len(updates) == 1
    install = next(c for c in apt.commands if c[:2] == ["apt-get", "install"])
    assert f"chromium={CURRENT}" in install and "fonts-liberation" in install
    assert f"installed chromium {CURRENT}" in capsys.readouterr().out


def test_stale_lists_refresh_once_only(tmp_path: Path) -> None:
    """Stale lists are refreshed before looking, and not a second time."""
    apt = FakeApt(before_update="", after_update=MADISON)
    assert browser.install("0.0-missing", run=apt, lists=tmp_path) == 0
    assert sum(c[:2] == ["apt-get", "update"] for c in apt.commands) == 1


def test_installed_browser_is_left_alone(tmp_path: Path) -> None:
    """An acceptable installed chromium with its fonts: no apt command at all."""
    apt = FakeApt(before_update=MADISON, after_update=MADISON, installed=CURRENT)
    assert browser.install("", run=apt, lists=tmp_path) == 0
    assert all(c[0] == "dpkg-query" for c in apt.commands)


def test_no_acceptable_build_fails(tmp_path: Path) -> None:
    """An archive with nothing recent enough: exit status 1, nothing installed."""
    old = "  chromium | 90.0.1-1 | http://deb.debian.org/debian bookworm/main amd64 Packages\n"
    apt = FakeApt(before_update=old, after_update=old)
    assert browser.install("", run=apt, lists=_fresh_lists(tmp_path)) == 1
    assert not any(c[:2] == ["apt-get", "install"] for c in apt.commands)
