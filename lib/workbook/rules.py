"""Rules as data: every threshold is declared once, with how it reads and why it is what it is.

Code compares against ``rule.value``; tables and notebook prose are generated from the same
declaration (``rule.text``, ``rule.explanation``), so a changed threshold changes every sentence
that states it and no number is ever retyped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from workbook.format import escape


@dataclass(frozen=True)
class Rule:
    """A threshold or method choice: its label, its value, how the value reads, and why.

    ``template`` is formatted with the value (``"{value:.0%} very disappointed"``) to give
    :attr:`text`; ``explanation`` is one plain sentence on why the rule is what it is.
    """

    label: str
    value: Any
    template: str
    explanation: str

    @property
    def text(self) -> str:
        """The value as people read it, e.g. "40% very disappointed"."""
        return self.template.format(value=self.value)

    def __str__(self) -> str:
        return self.text


def rules_in(namespace: dict[str, Any]) -> tuple[Rule, ...]:
    """The :class:`Rule` objects of a module namespace, in declaration order."""
    return tuple(value for value in namespace.values() if isinstance(value, Rule))


def rules_markdown(rules: Iterable[Rule]) -> str:
    """The thresholds table as Markdown, so that no explanation is cut short in a notebook."""
    rows = ["| Rule | Value | Why |", "| --- | --- | --- |"]
    rows += [
        f"| {escape(rule.label)} | {escape(rule.text)} | {escape(rule.explanation)} |"
        for rule in rules
    ]
    return "\n".join(rows)


def rules_table(rules: Iterable[Rule]) -> pd.DataFrame:
    """The thresholds table of an assessment: rule, value and why, generated from the rules."""
    return pd.DataFrame(
        [(rule.label, rule.text, rule.explanation) for rule in rules],
        columns=["Rule", "Value", "Why"],
    )
