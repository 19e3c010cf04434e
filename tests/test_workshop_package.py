"""The workshop package's shape: one source of colours, editors found through the registry,
modules small enough to read."""

from __future__ import annotations

import re
import types
from pathlib import Path

import pytest

from workbook import registry, theme, workshop

PACKAGE = Path(workshop.__file__).parent
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b")


def test_no_colour_is_written_in_the_workshop_package_itself():
    """Every colour of the editors comes from workbook.theme, so the editors and the pages
    never drift apart."""
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HEX_COLOUR.search(line)
    ]
    assert found == []


def test_editor_messages_use_the_pages_tone_colours():
    """A save's message is coloured with the theme's tone colours (muted for neutral ones)."""
    from workbook.workshop.forms import tone_html

    assert theme.PALETTE["good"] in tone_html("Saved", "good")
    assert theme.PALETTE["bad"] in tone_html("Not saved", "bad")
    assert theme.TEXT_MUTED in tone_html("No changes", "muted")
    assert "&lt;b&gt;" in tone_html("<b>", "warn")


def test_no_workshop_module_is_longer_than_600_lines():
    """Modules split by concern stay readable."""
    lengths = {
        path.name: len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert {name: n for name, n in lengths.items() if n > 600} == {}


def test_the_editors_follow_the_registry_order():
    """The workshop iterates the registry rather than a list of its own."""
    assert workshop.editor_ids() == tuple(
        a.id for a in registry.ASSESSMENTS if workshop.editor_path(a.id)
    )
    assert set(workshop.editor_ids()) == {"belonging", "differentiation", "ttpmf"}


def test_a_registry_entry_that_names_its_editor_is_used(monkeypatch):
    """An assessment (a plug-in's too) brings its own editor through its registry entry's
    ``editor`` ("module:Class"), which wins over the built-in mapping."""
    entry = types.SimpleNamespace(id="ttpmf", editor="workbook.workshop.belonging:BelongingEditor")
    monkeypatch.setattr(registry, "get", lambda assessment_id: entry)
    assert workshop.editor_path("ttpmf") == "workbook.workshop.belonging:BelongingEditor"
    assert workshop._load("ttpmf").__name__ == "BelongingEditor"


def test_an_assessment_without_an_editor_is_refused_with_the_known_ones(monkeypatch):
    entry = types.SimpleNamespace(id="pricing", editor=None)
    real_get = registry.get
    monkeypatch.setattr(registry, "get", lambda a: entry if a == "pricing" else real_get(a))
    with pytest.raises(KeyError, match="no workshop editor for 'pricing'; known: belonging"):
        workshop.editor("pricing", "ledgerly")
