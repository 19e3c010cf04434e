"""The differentiation assessment's advice: recommendations tied to findings, ranked by severity.

Severities follow the shared scale: HIGH for what decides the verdict against the company (a
clone, rebuilding everything, changed fundamentals, a networked product without its community or
with weak belonging); MEDIUM for the gaps worth closing this quarter (a share outside the band
without being extreme, a difference at the edges, felt too late or not yet timed, effort that
customers ignore, a developing community, a value curve that tracks others). No finding here
costs months or runway by itself, so none is CRITICAL. Reasons are plain sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from workbook.differentiation import rules
from workbook.format import seconds, share
from workbook.results import Recommendation, Severity, rank

if TYPE_CHECKING:
    from workbook.differentiation.compute import (
        CanvasFinding,
        KanoFinding,
        NetworkEffectsFinding,
        ReinventionFinding,
    )


def recommend(
    reinvention: ReinventionFinding | None,
    kano: KanoFinding | None,
    canvas: CanvasFinding | None,
    network: NetworkEffectsFinding,
    reference_product: str | None = None,
) -> tuple[Recommendation, ...]:
    """The most severe recommendations first (at most the shared maximum), each tied to a
    finding; among equally severe ones the order below decides."""
    reference = reference_product or "the product you build on"
    candidates: list[Recommendation] = []
    if network.clone_without_community:
        candidates.append(
            Recommendation(
                Severity.HIGH,
                "Rebuild the community alongside the product: recruit a small group of "
                "founding members and run a belonging survey",
                "The product relies on network effects and there is no community data "
                f"({rules.CLONE_WITHOUT_COMMUNITY}).",
            )
        )
    if kano is not None and (changed := kano.features_in(rules.MUST_BE_CHANGED)):
        candidates.append(
            Recommendation(
                Severity.HIGH,
                f"Restore {', '.join(changed)} to work the way customers know from {reference}",
                f"Customers see {it_or_them(changed)} as must-be, yet "
                f"{'it was' if len(changed) == 1 else 'they were'} reinvented or removed.",
            )
        )
    if reinvention is not None and reinvention.share is not None:
        candidates += _reinvention_advice(reinvention, reference)
    if kano is not None and (ignored := kano.features_in(rules.INDIFFERENT_EFFORT)):
        candidates.append(
            Recommendation(
                Severity.MEDIUM,
                f"Stop investing in {', '.join(ignored)}, or rethink {it_or_them(ignored)}",
                "Reinvented or added, yet most customers are indifferent to "
                f"{it_or_them(ignored)}.",
            )
        )
    if network.applicable and network.community_data and network.check.outcome != "pass":
        candidates.append(
            Recommendation(
                Severity.HIGH if network.check.outcome == "fail" else Severity.MEDIUM,
                "Strengthen the community before scaling (see the belonging notebook)",
                network.check.reason,
            )
        )
    if canvas is not None and canvas.checks[0].outcome != "pass":
        candidates.append(
            Recommendation(
                Severity.MEDIUM,
                "Decide which factors to raise well above the others and which to cut back",
                canvas.checks[0].reason,
            )
        )
    return rank(candidates)


def _reinvention_advice(reinvention: ReinventionFinding, reference: str) -> list[Recommendation]:
    """Advice on the share, where it sits and how fast it is felt."""
    advice: list[Recommendation] = []
    shown = share(reinvention.share)
    low, high = rules.TARGET_BAND.value
    if reinvention.reading in ("clone", "below the band"):
        advice.append(
            Recommendation(
                Severity.HIGH if reinvention.reading == "clone" else Severity.MEDIUM,
                f"Choose one core feature to reinvent, aiming at {rules.TARGET_SHARE.text} "
                "of the product by importance",
                f"Only {shown} is reinvented; below {share(low)} the product gives "
                "customers little reason to switch.",
            )
        )
    if reinvention.reading in ("rebuild-everything", "above the band"):
        advice.append(
            Recommendation(
                Severity.HIGH if reinvention.reading == "rebuild-everything" else Severity.MEDIUM,
                f"Keep more of {reference} as it is; reinvent only what customers notice first",
                f"{shown} is reinvented; above {share(high)} each extra change delays fit.",
            )
        )
    if reinvention.core_share is not None and not reinvention.mostly_core:
        advice.append(
            Recommendation(
                Severity.MEDIUM,
                "Move the reinvention into the core of the product",
                f"{only_share(reinvention.core_share).capitalize()} of it (by importance) is in "
                "the core, where customers spend their first minutes.",
            )
        )
    limit = rules.FELT_WITHIN_SECONDS.text
    if reinvention.fastest_seconds is not None and not reinvention.felt_fast:
        advice.append(
            Recommendation(
                Severity.MEDIUM,
                f"Bring the difference forward so it is felt within {limit} of first use",
                f"The fastest reinvented core feature, {reinvention.fastest_feature}, takes "
                f"{seconds(reinvention.fastest_seconds)}.",
            )
        )
    elif reinvention.fastest_seconds is None and reinvention.not_measured:
        advice.append(
            Recommendation(
                Severity.MEDIUM,
                "Time how long new users take to experience each reinvented core feature",
                "Without seconds_to_experience it is unknown whether the difference is "
                f"felt within {limit}.",
            )
        )
    return advice


# --------------------------------------------------------------------------------------------
# Wording shared by the checks and the advice
# --------------------------------------------------------------------------------------------


def only_share(value: float | None) -> str:
    """ "none" for a zero share, else "only 12%" (for sentences about a share that is too low)."""
    return "none" if value == 0 else f"only {share(value)}"


def it_or_them(names: Sequence[str]) -> str:
    """ "it" for one name, "them" for several."""
    return "it" if len(names) == 1 else "them"
