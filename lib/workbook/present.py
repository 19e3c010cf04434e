"""Presentation shared by every assessment: checks, recommendations and headlines as Markdown.

Assessment-specific tables and wording live in each assessment's own ``present`` module; what
every assessment shows the same way lives here, so notebooks, reports and widgets agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from workbook.format import escape
from workbook.results import Check, Recommendation

_OUTCOME_MARK = {
    "pass": "✅ pass",
    "warn": "⚠️ warn",
    "fail": "❌ fail",
    "not assessed": "➖ not assessed",
}


def checks_markdown(checks: Iterable[Check]) -> str:
    """A Markdown table of checks (outcome, check, reason) for notebooks and reports."""
    rows = ["| Status | Check | Why |", "| --- | --- | --- |"]
    rows += [
        f"| {_OUTCOME_MARK[c.outcome]} | {escape(c.name)} | {escape(c.reason)} |" for c in checks
    ]
    return "\n".join(rows)


def recommendations_markdown(recommendations: Iterable[Recommendation]) -> str:
    """A numbered Markdown list of recommendations, each with its severity and reason."""
    lines = [
        f"{number}. **{escape(r.title)}** ({r.severity.label}) — {escape(r.reason)}"
        for number, r in enumerate(recommendations, start=1)
    ]
    return "\n".join(lines) if lines else "_No recommendations: nothing stood out._"
