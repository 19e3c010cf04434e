"""Shared fixtures: a throw-away data folder with a small instrument and one valid company."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

SMALL_INSTRUMENT = textwrap.dedent(
    """\
    name: Test scale
    scale: {min: 1, max: 5}
    scoring: mean
    subscales:
      - {id: trust, label: Trust}
      - {id: safety, label: Safety}
    items:
      - {id: t1, text: "placeholder one", subscale: trust, reversed: false}
      - {id: t2, text: "placeholder two", subscale: trust, reversed: true}
      - {id: s1, text: "placeholder three", subscale: safety, reversed: false}
    """
)

VALID_COMPANY_YAML = textwrap.dedent(
    """\
    name: Test Co
    stage: pre-pmf
    started: 2025-01-01
    network_effects: false
    """
)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder with the small instrument and an empty companies/ folder."""
    (tmp_path / "instruments").mkdir()
    (tmp_path / "instruments" / "belonging.yaml").write_text(SMALL_INSTRUMENT, encoding="utf-8")
    (tmp_path / "companies").mkdir()
    return tmp_path


@pytest.fixture
def make_company(data_dir: Path) -> Callable[..., Path]:
    """Create ``companies/<slug>/`` with a valid company.yaml plus the given files (name -> text
    or bytes)."""

    def make(slug: str = "test-co", files: dict[str, str | bytes] | None = None) -> Path:
        folder = data_dir / "companies" / slug
        folder.mkdir(parents=True)
        (folder / "company.yaml").write_text(VALID_COMPANY_YAML, encoding="utf-8")
        for name, content in (files or {}).items():
            target = folder / name
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return folder

    return make


def pytest_report_header() -> str:
    """The Chromium the browser tests drive, recorded at the top of every test run's output."""
    import os
    import shutil
    import subprocess

    executable = os.environ.get("WORKBOOK_CHROMIUM") or shutil.which("chromium")
    if not executable:
        return "browser: Debian's chromium is not installed (browser tests skip; fail under CI)"
    try:
        version = subprocess.run(
            [executable, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired) as error:
        version = f"{executable} (version unknown: {error})"
    return f"browser: {version}"


#: Fixtures that execute notebooks, start kernels, clusters or a browser: every test using one is
#: slow, so `pytest -m "not slow"` stays a fast loop without each test repeating the mark.
HEAVY_FIXTURES = frozenset(
    {"rendered", "warm_pool", "broken_data_dir", "dask_cluster", "pages", "browser", "browser_page"}
)
#: Tests that run papermill or a kernel themselves, without a heavy fixture.
HEAVY_TESTS = frozenset({"test_papermill_cli_with_an_outside_data_dir"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs a heavy fixture (or runs a kernel itself) as slow."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & HEAVY_FIXTURES or item.originalname in HEAVY_TESTS:  # type: ignore[attr-defined]
            item.add_marker(pytest.mark.slow)
