"""The rules of the summary pages, declared once (the portfolio's prose is generated from them).

The summary judges nothing the assessments have not judged: it reads their statuses (with the
tone the registry gives each), their recommendations (on the shared severity scale) and their
figures. Its one rule of its own is which companies a portfolio lead should look at first.
"""

from __future__ import annotations

from workbook.results import MAX_RECOMMENDATIONS, Severity
from workbook.rules import Rule, rules_in

ATTENTION_SEVERITY = Rule(
    "Needs attention from",
    Severity.HIGH,
    "a recommendation of {value.label} severity or above, or a status in the red",
    "High and critical advice means a finding that undermines the verdict, the next stage or "
    "the runway; a red status means the same without waiting for the advice.",
)
TOP_RECOMMENDATIONS = Rule(
    "Recommendations on a company's summary",
    MAX_RECOMMENDATIONS,
    "the {value} most severe across the assessments",
    "A team acts on a few things at a time; the shared severity scale ranks the advice of every "
    "assessment on one list.",
)


def all_rules() -> tuple[Rule, ...]:
    """Every rule of the summary pages, in declaration order."""
    return rules_in(globals())
