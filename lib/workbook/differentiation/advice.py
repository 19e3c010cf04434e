"""The differentiation assessment's advice: recommendations tied to findings, ranked by severity.

Severities follow the shared scale: HIGH for what decides the verdict against the company (a
clone, rebuilding everything, changed fundamentals, a networked product without its community or
whose belonging is weak or not measured: the "Network effects and weak belonging" rule of
:data:`workbook.coherence.CROSS_RULES`); MEDIUM for the gaps worth closing this quarter (a share
outside the band without being extreme, a difference at the edges, felt too late or not yet
timed, effort that customers ignore, a developing community, a value curve that tracks others, a
missing feature inventory); LOW for the next step of a bold change. A risk resting on a Kano
near-tie is one level less severe than the same risk on a clear category (the near-tie rule). No
finding here costs months or runway by itself, so none is CRITICAL.

Every recommendation carries a topic of :data:`workbook.coherence.TOPICS`: what is reinvented
and where is "differentiate", evidence to collect is "measure", the community is
"rebuild-community" or "strengthen-community". Differentiation never advises scaling: whether to
scale is decided by the time-to-fit assessment. Reasons are plain sentences; the checks'
reasons quoted here, and the grammar shared with them, come from :mod:`.wording`.
"""

from __future__ import annotations

from workbook.differentiation import rules
from workbook.differentiation.canvas import CanvasFinding
from workbook.differentiation.kano import KanoFinding
from workbook.differentiation.network import NetworkEffectsFinding
from workbook.differentiation.reinvention import ReinventionFinding
from workbook.differentiation.wording import it_or_them, it_was, only_share
from workbook.format import seconds, share
from workbook.results import Recommendation, Severity, rank

DIFFERENTIATE = "differentiate"
MEASURE = "measure"
REBUILD_COMMUNITY = "rebuild-community"
STRENGTHEN_COMMUNITY = "strengthen-community"


def near_tie_severity(severity: Severity) -> Severity:
    """The severity of advice resting on a Kano near-tie: lower by the near-tie rule's step,
    never below LOW."""
    return Severity(max(Severity.LOW, severity - rules.KANO_NEAR_TIE_STEP.value))


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
    candidates += _community_advice(network)
    if kano is not None:
        candidates += _must_be_advice(kano, reference)
    if reinvention is None:
        candidates.append(
            Recommendation(
                Severity.MEDIUM,
                f"List the features of {reference} and yours in features.csv: kept, "
                "reinvented, new or removed, core or peripheral, and how important each is",
                "Without a feature inventory there is no verdict: how much was reinvented, "
                "where, and how fast it is felt are unknown.",
                MEASURE,
            )
        )
    elif reinvention.share is not None:
        candidates += _reinvention_advice(reinvention, reference)
    if kano is not None:
        candidates += _rejected_advice(kano)
        candidates += _indifferent_advice(kano)
    if canvas is not None and canvas.checks[0].outcome != "pass":
        candidates.append(
            Recommendation(
                Severity.MEDIUM,
                "Decide which factors to raise well above the others and which to cut back",
                canvas.checks[0].reason,
                DIFFERENTIATE,
            )
        )
    return rank(candidates)


def _community_advice(network: NetworkEffectsFinding) -> list[Recommendation]:
    """The "Network effects and weak belonging" cross-assessment rule: a networked product with
    no community data, or whose belonging is weak or not measured, rebuilds its community before
    growth (HIGH); a developing community is strengthened (MEDIUM)."""
    if not network.applicable:
        return []
    if network.clone_without_community:
        return [
            Recommendation(
                Severity.HIGH,
                "Rebuild the community before growth: recruit a small group of founding "
                "members and run a belonging survey",
                "The product relies on network effects and there is no community data "
                f"({rules.CLONE_WITHOUT_COMMUNITY}).",
                REBUILD_COMMUNITY,
            )
        ]
    if network.level in rules.REBUILD_COMMUNITY_LEVELS:
        return [
            Recommendation(
                Severity.HIGH,
                "Rebuild the community before growth (see the Belonging assessment)",
                f"{network.check.reason} The product relies on network effects: new users "
                "come for the people, so growth waits for the community.",
                REBUILD_COMMUNITY,
            )
        ]
    if network.check.outcome != "pass":
        return [
            Recommendation(
                Severity.MEDIUM,
                "Strengthen the community before scaling (see the Belonging assessment)",
                network.check.reason,
                STRENGTHEN_COMMUNITY,
            )
        ]
    return []


def _must_be_advice(kano: KanoFinding, reference: str) -> list[Recommendation]:
    """Changed must-be features: restore the clear ones (HIGH), ask about the near-ties."""
    advice = []
    if changed := kano.features_in(rules.MUST_BE_CHANGED, near_tie=False):
        advice.append(
            Recommendation(
                Severity.HIGH,
                f"Restore {', '.join(changed)} to work the way customers know from {reference}",
                f"Customers see {it_or_them(changed)} as must-be, yet "
                f"{it_was(changed)} reinvented or removed.",
                DIFFERENTIATE,
                evidence=kano.evidence_of(changed),
            )
        )
    if split := kano.features_in(rules.MUST_BE_CHANGED, near_tie=True):
        advice.append(
            Recommendation(
                near_tie_severity(Severity.HIGH),
                f"Ask the customers who expect {', '.join(split)} as in {reference} what the "
                "change costs them",
                f"Customers are split between must-be and another category on "
                f"{it_or_them(split)} (near-tie), yet {it_was(split)} reinvented or removed.",
                DIFFERENTIATE,
                evidence=kano.evidence_of(split),
            )
        )
    return advice


def _rejected_advice(kano: KanoFinding) -> list[Recommendation]:
    """Reinvention most customers would rather not have (Kano Reverse): rethink it (HIGH), or
    find out who rejects it on a near-tie."""
    advice = []
    if rejected := kano.features_in(rules.REVERSE_REINVENTED, near_tie=False):
        advice.append(
            Recommendation(
                Severity.HIGH,
                f"Rethink {', '.join(rejected)}: customers would rather not have "
                f"{it_or_them(rejected)}",
                "Reinvented or added, yet most customers answer that they dislike having "
                f"{it_or_them(rejected)} (Kano reverse).",
                DIFFERENTIATE,
                evidence=kano.evidence_of(rejected),
            )
        )
    if split := kano.features_in(rules.REVERSE_REINVENTED, near_tie=True):
        advice.append(
            Recommendation(
                near_tie_severity(Severity.HIGH),
                f"Find out which customers reject {', '.join(split)} and why",
                f"Reinvented or added, yet part of the customers would rather not have "
                f"{it_or_them(split)} (Kano reverse, near-tie).",
                DIFFERENTIATE,
                evidence=kano.evidence_of(split),
            )
        )
    return advice


def _indifferent_advice(kano: KanoFinding) -> list[Recommendation]:
    """Reinvention customers are indifferent to: stop (clear) or find who cares (near-tie)."""
    advice = []
    if ignored := kano.features_in(rules.INDIFFERENT_EFFORT, near_tie=False):
        advice.append(
            Recommendation(
                Severity.MEDIUM,
                f"Stop investing in {', '.join(ignored)}, or rethink {it_or_them(ignored)}",
                "Reinvented or added, yet most customers are indifferent to "
                f"{it_or_them(ignored)}.",
                DIFFERENTIATE,
                evidence=kano.evidence_of(ignored),
            )
        )
    if split := kano.features_in(rules.INDIFFERENT_EFFORT, near_tie=True):
        advice.append(
            Recommendation(
                near_tie_severity(Severity.MEDIUM),
                f"Find out which customers value {', '.join(split)} before investing more",
                "Reinvented or added, yet about as many customers are indifferent to "
                f"{it_or_them(split)} as see {it_or_them(split)} another way (near-tie).",
                DIFFERENTIATE,
                evidence=kano.evidence_of(split),
            )
        )
    return advice


def _reinvention_advice(reinvention: ReinventionFinding, reference: str) -> list[Recommendation]:
    """Advice on the share, where it sits and how fast it is felt."""
    return (
        _share_advice(reinvention, reference)
        + _core_advice(reinvention)
        + _timing_advice(reinvention)
    )


def _share_advice(reinvention: ReinventionFinding, reference: str) -> list[Recommendation]:
    """Advice on how much was changed: a removed core, too little, too much or a bold bet."""
    advice: list[Recommendation] = []
    shown = share(reinvention.share)
    low, high = rules.TARGET_BAND.value
    if reinvention.core_gutted:
        advice.append(
            Recommendation(
                Severity.HIGH,
                f"Bring back the core fundamentals of {reference} that customers rely on",
                f"{share(reinvention.core_removed)} of {reference}'s core (by importance) was "
                f"removed, more than {rules.CORE_REMOVED_ABOVE.text}: customers lose what they "
                "came for before they meet what is new.",
                DIFFERENTIATE,
            )
        )
    if reinvention.reading in ("clone", "below the band"):
        advice.append(
            Recommendation(
                Severity.HIGH if reinvention.reading == "clone" else Severity.MEDIUM,
                f"Choose one core feature to reinvent, aiming at {rules.TARGET_SHARE.text} "
                "of the product by importance",
                f"Only {shown} is reinvented, "
                + (
                    f"under the {share(rules.CLONE_BELOW.value)} that reads as a clone and "
                    if reinvention.reading == "clone"
                    else ""
                )
                + f"below the {share(low)}–{share(high)} band: customers have little reason "
                "to switch.",
                DIFFERENTIATE,
            )
        )
    bold = reinvention.reading == "above the band" and reinvention.all_core
    if bold and reinvention.felt_fast:
        advice.append(
            Recommendation(
                Severity.LOW,
                f"Change nothing else of {reference} until customers confirm the core change",
                f"{shown} is reinvented, above {share(high)}, but all of it in the core and "
                f"felt after {seconds(reinvention.fastest_seconds)}: a bold bet that every "
                "further change would make slower to prove.",
                DIFFERENTIATE,
            )
        )
    elif reinvention.reading == "above the band" and not bold:
        outside = share(1 - (reinvention.core_share or 0.0))
        advice.append(
            Recommendation(
                Severity.MEDIUM,
                f"Keep more of {reference} as it is; undo or postpone the changes outside the core",
                f"{shown} is reinvented, above {share(high)}, and {outside} of it sits outside "
                "the core, where each extra change delays fit without being noticed first.",
                DIFFERENTIATE,
            )
        )
    elif reinvention.reading == "rebuild-everything":
        advice.append(
            Recommendation(
                Severity.HIGH,
                f"Keep more of {reference} as it is; reinvent only what customers notice first",
                f"{shown} is reinvented; above {share(rules.REBUILD_ABOVE.value)} so little is "
                "kept that the road to fit is almost as long as starting from nothing.",
                DIFFERENTIATE,
            )
        )
    return advice


def _core_advice(reinvention: ReinventionFinding) -> list[Recommendation]:
    """Advice when the reinvention sits mostly outside the core (within or below the band)."""
    advice: list[Recommendation] = []
    if (
        reinvention.core_share is not None
        and not reinvention.mostly_core
        and reinvention.reading != "above the band"
    ):
        advice.append(
            Recommendation(
                Severity.MEDIUM,
                "Move the reinvention into the core of the product",
                f"{only_share(reinvention.core_share).capitalize()} of it (by importance) is in "
                "the core, where customers spend their first minutes.",
                DIFFERENTIATE,
            )
        )
    return advice


def _timing_advice(reinvention: ReinventionFinding) -> list[Recommendation]:
    """Advice when the difference is felt too late, or not yet timed."""
    advice: list[Recommendation] = []
    limit = rules.FELT_WITHIN_SECONDS.text
    if reinvention.fastest_seconds is not None and not reinvention.felt_fast:
        advice.append(
            Recommendation(
                Severity.MEDIUM,
                f"Bring the difference forward so it is felt within {limit} of first use",
                "The fastest of the most important reinvented core features, "
                f"{reinvention.fastest_feature}, takes {seconds(reinvention.fastest_seconds)}.",
                DIFFERENTIATE,
            )
        )
    elif reinvention.fastest_seconds is None and reinvention.not_measured:
        advice.append(
            Recommendation(
                Severity.MEDIUM,
                "Time how long new users take to experience each reinvented core feature",
                "Without seconds_to_experience it is unknown whether the difference is "
                f"felt within {limit}.",
                MEASURE,
            )
        )
    return advice
