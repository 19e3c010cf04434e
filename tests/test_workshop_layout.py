"""A save keeps company.yaml as the team (or ``workbook new``) wrote it: comments, hints and
order stay, only the changed keys' lines are rewritten."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from workbook import io, workshop
from workbook.cli import main as workbook_main
from workbook.workshop.layout import keep_layout

PROJECT_DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def scaffolded(tmp_path: Path) -> Path:
    """A company made by ``workbook new`` (its company.yaml full of hints), in a data folder
    with the project's instruments."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(PROJECT_DATA / "instruments", data / "instruments")
    (data / "companies").mkdir()
    argv = ["new", "acme", "--name", "Acme", "--stage", "pre-pmf", "--started", "2025-09-01"]
    assert workbook_main([*argv, "--data-dir", str(data)]) == 0
    return data


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def test_a_save_from_the_workshop_keeps_the_hints_of_workbook_new(scaffolded):
    """Setting the runway takes the runway hint's line (keeping its explanation); every other
    comment stays, in order, and every other value reads back unchanged."""
    path = scaffolded / "companies" / "acme" / io.COMPANY_FILE
    before_text = path.read_text(encoding="utf-8")
    before = io.load_company("acme", scaffolded).config
    editor = workshop.editor("ttpmf", "acme", scaffolded)
    editor.runway.value = "40"
    assert editor.save().status == "saved"
    after_text = path.read_text(encoding="utf-8")
    hint = next(c for c in comments(before_text) if c.startswith("# runway_months:"))
    assert comments(after_text) == [c for c in comments(before_text) if c != hint]
    assert "runway_months: 40  # months of money left at as_of" in after_text.splitlines()
    after = io.load_company("acme", scaffolded).config
    assert after == dataclasses.replace(before, runway_months=40)


def test_the_community_hint_block_becomes_the_community_settings(scaffolded):
    path = scaffolded / "companies" / "acme" / io.COMPANY_FILE
    before_text = path.read_text(encoding="utf-8")
    editor = workshop.editor("belonging", "acme", scaffolded)
    editor.owner.value = "founder"
    editor.channels.value = "3"
    assert editor.save().status == "saved"
    after_text = path.read_text(encoding="utf-8")
    community = io.load_company("acme", scaffolded).config.community
    assert community is not None and (community.owner, community.channels) == ("founder", 3)
    assert community.founding_members is None
    assert "# Company profile for the Strategy Workbook (see docs/data-contract.md)." in after_text
    assert "#   founding_members: 25" in after_text  # the hint of the sub-key still unset
    assert "  owner: founder  # founder | community-team | none" in after_text.splitlines()
    kept = [c for c in comments(before_text) if not c.startswith(("# community", "#   owner"))]
    assert [c for c in comments(after_text) if not c.startswith("#   channels")] == [
        c for c in kept if not c.startswith("#   channels")
    ]


def test_a_set_key_keeps_its_comment_and_a_removed_key_goes():
    old = (
        "# ours\n"
        "name: Acme\n"
        "stage: pmf  # we think\n"
        "started: 2024-01-01\n"
        "runway_months: 12  # from the plan\n"
        "network_effects: false\n"
    )
    new = (
        'name: "Acme"\nstage: scaling\nstarted: 2024-01-01\nnetwork_effects: false\n'
        'reference_product: "Gerrit"\n'
    )
    patched = keep_layout(old, new)
    assert patched == (
        "# ours\n"
        "name: Acme\n"
        "stage: scaling  # we think\n"
        "started: 2024-01-01\n"
        "network_effects: false\n"
        'reference_product: "Gerrit"\n'
    )


def test_a_value_with_a_hash_inside_quotes_is_not_taken_for_a_comment():
    old = 'name: "Acme #1"  # the brand\nstage: pmf\nstarted: 2024-01-01\n'
    new = 'name: "Acme #2"\nstage: pmf\nstarted: 2024-01-01\nnetwork_effects: false\n'
    assert keep_layout(old, new).splitlines()[0] == 'name: "Acme #2"  # the brand'


def test_a_layout_the_patch_does_not_know_falls_back_to_the_full_text():
    """Flow style cannot be patched line by line: the contract's full text is written, with the
    right values."""
    old = "{name: Acme, stage: pmf, started: 2024-01-01}\n"
    new = 'name: "Acme"\nstage: scaling\nstarted: 2024-01-01\nnetwork_effects: false\n'
    assert keep_layout(old, new) == new
