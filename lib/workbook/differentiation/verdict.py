"""The verdict, from the feature inventory: the rules in order, and what keeps it from focused.

:func:`decide_verdict` returns the verdict and :func:`verdict_gaps` what stands between the
product and a focused differentiation; :mod:`.wording` writes the reason from both.
"""

from __future__ import annotations

from typing import Literal

from workbook.differentiation.reinvention import ReinventionFinding
from workbook.differentiation.rules import Verdict

#: What keeps a share that is neither a clone nor a rebuild from a focused verdict, in the
#: order the reason names them.
Gap = Literal[
    "core removed",
    "below the band",
    "above the band",
    "not mostly core",
    "not timed",
    "felt too late",
]


def verdict_gaps(reinvention: ReinventionFinding) -> tuple[Gap, ...]:
    """The gaps to a focused differentiation (empty when it is focused)."""
    gaps: list[Gap] = []
    above = reinvention.reading == "above the band"
    if reinvention.core_gutted:
        gaps.append("core removed")
    if reinvention.reading == "below the band":
        gaps.append("below the band")
    elif above:
        gaps.append("above the band")
    if not reinvention.mostly_core and not above:
        gaps.append("not mostly core")
    if not reinvention.felt_fast and reinvention.core_candidates:
        gaps.append("not timed" if reinvention.fastest_seconds is None else "felt too late")
    return tuple(gaps)


def decide_verdict(reinvention: ReinventionFinding | None) -> Verdict:
    """The overall verdict.

    Rules, in order: no feature inventory → *not assessed*; share below the clone rule →
    *clone*; share above the rebuild rule → *rebuild-everything*; share within the target band
    AND mostly in the core AND a core difference felt in time → *focused differentiation*;
    share above the band (not beyond the rebuild rule) AND all of it in the core (the bold rule)
    AND felt in time → *bold differentiation*; anything else → *scattered*. The Kano
    cross-check risks (a changed must-be feature, effort customers are indifferent to) do not
    change the verdict (the reason names them whatever the verdict).
    """
    if reinvention is None or reinvention.share is None:
        return "not assessed"
    if reinvention.reading in ("clone", "rebuild-everything"):
        return "clone" if reinvention.reading == "clone" else "rebuild-everything"
    if not verdict_gaps(reinvention):
        return "focused differentiation"
    above = reinvention.reading == "above the band"
    if above and reinvention.all_core and reinvention.felt_fast and not reinvention.core_gutted:
        return "bold differentiation"
    return "scattered"
