"""Project hygiene: conda and pip list the same packages; the samples are reproducible."""

from __future__ import annotations

import filecmp
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _requirement(spec: str) -> tuple[str, str]:
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", spec)
    assert match, spec
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = dict(map(_requirement, project["dependencies"]))
    wanted |= dict(map(_requirement, project["optional-dependencies"]["dev"]))
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = dict(
        _requirement(entry)
        for entry in environment["dependencies"]
        if isinstance(entry, str) and not entry.startswith(("python", "pip"))
    )
    assert conda == wanted


def test_lock_pins_every_dependency():
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = {
        m.group(1).lower().replace("_", "-")
        for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==", lock, re.M)
    }
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [_requirement(s)[0] for s in project["dependencies"]]
    names += [_requirement(s)[0] for s in project["optional-dependencies"]["dev"]]
    assert set(names) <= pinned
    assert "--hash=sha256:" in lock


def test_sample_generator_reproduces_the_committed_files(tmp_path):
    subprocess.run(
        [sys.executable, str(ROOT / "data" / "make_samples.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    committed = ROOT / "data" / "companies"
    assert sorted(p.name for p in committed.iterdir()) == sorted(p.name for p in tmp_path.iterdir())
    for folder in sorted(committed.iterdir()):
        generated = tmp_path / folder.name
        names = sorted(p.name for p in folder.iterdir())
        assert names == sorted(p.name for p in generated.iterdir())
        _, mismatch, errors = filecmp.cmpfiles(folder, generated, names, shallow=False)
        assert (mismatch, errors) == ([], []), folder.name


def test_the_slow_list_names_tests_that_exist():
    """Every test conftest.py marks slow by name is defined in the file it is listed under, so a
    renamed heavy test cannot silently fall back into the fast loop."""
    import ast

    from conftest import SLOW_TESTS

    for file, names in SLOW_TESTS.items():
        tree = ast.parse((ROOT / "tests" / file).read_text(encoding="utf-8"))
        defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
        assert names <= defined, f"{file}: not defined there: {sorted(names - defined)}"
