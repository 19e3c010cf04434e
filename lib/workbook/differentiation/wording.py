"""Every sentence of the differentiation assessment that is not a recommendation or a page block.

The compute side (:mod:`.reinvention`, :mod:`.kano`, :mod:`.canvas`, :mod:`.network`,
:mod:`.verdict`) returns numbers, readings and outcomes; this module turns them into the checks'
reasons and the verdict's reason (the one-line summary), with the small grammar helpers the
advice and the page share. It imports the compute side and never the advice or the page
(:mod:`.advice` and :mod:`.present` import it). Numbers become text through
:mod:`workbook.format` only.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbook.differentiation import rules
from workbook.differentiation.canvas import CANVAS_OUTCOMES, CanvasFinding
from workbook.differentiation.kano import KanoFinding
from workbook.differentiation.network import NetworkEffectsFinding
from workbook.differentiation.reinvention import (
    CORE_OUTCOMES,
    SHARE_OUTCOMES,
    TIME_OUTCOMES,
    ReinventionFinding,
)
from workbook.differentiation.rules import (
    INDIFFERENT_EFFORT,
    MUST_BE_CHANGED,
    REVERSE_REINVENTED,
    Verdict,
)
from workbook.differentiation.verdict import Gap, verdict_gaps
from workbook.format import number, seconds, share
from workbook.results import Check

# --------------------------------------------------------------------------------------------
# Grammar shared by the checks, the advice and the page
# --------------------------------------------------------------------------------------------


def only_share(value: float | None) -> str:
    """ "none" for a zero share, else "only 12%" (for sentences about a share that is too low)."""
    return "none" if value == 0 else f"only {share(value)}"


def it_or_them(names: Sequence[str]) -> str:
    """ "it" for one name, "them" for several."""
    return "it" if len(names) == 1 else "them"


def it_was(names: Sequence[str]) -> str:
    """ "it was" for one name, "they were" for several."""
    return "it was" if len(names) == 1 else "they were"


def all_core_words() -> str:
    """The bold rule's core share in words: "all", or e.g. "90%" when the rule is lowered."""
    bar = rules.BOLD_ALL_CORE.value
    return "all" if bar >= 1 else share(bar)


def category_words(categories: Sequence[str]) -> str:
    """How customers see a feature, in words: "must-be", or "attractive or must-be"."""
    return " or ".join(rules.KANO_LABELS[c] for c in categories)


# --------------------------------------------------------------------------------------------
# The checks' names (a part without data keeps its first check's name, or the Kano one)
# --------------------------------------------------------------------------------------------

SHARE_CHECK = "Reinvention share in the target band"
CORE_CHECK = "Reinvention sits in the core"
MUST_BE_CHECK = "Must-be features kept as they were"
NOTICED_CHECK = "Reinvention customers care about"
KANO_PART = "What customers say (Kano)"
CANVAS_CHECK = "Value curve stands apart"
COMMUNITY_CHECK = "Community rebuilt with the product"


def time_check_name() -> str:
    """The time check's name, which states the limit."""
    return f"Difference felt within {rules.FELT_WITHIN_SECONDS.text}"


# --------------------------------------------------------------------------------------------
# Reinvention share, core share and time to differentiation
# --------------------------------------------------------------------------------------------


def reinvention_checks(reinvention: ReinventionFinding) -> tuple[Check, Check, Check]:
    """The share, core and time checks of a feature inventory, with their reasons."""
    return (
        Check(SHARE_CHECK, SHARE_OUTCOMES[reinvention.share_case], share_reason(reinvention)),
        Check(CORE_CHECK, CORE_OUTCOMES[reinvention.core_case], core_reason(reinvention)),
        Check(time_check_name(), TIME_OUTCOMES[reinvention.time_case], time_reason(reinvention)),
    )


def share_reason(reinvention: ReinventionFinding) -> str:
    """Why the share is (or is not) in the target band."""
    case = reinvention.share_case
    shown = share(reinvention.share)
    band = rules.TARGET_BAND.text
    if case == "not defined":
        return "No feature is listed, so no share."
    if case == "core removed":
        return (
            f"{shown} of the product is changed, and {share(reinvention.core_removed)} of the "
            f"reference product's core (by importance) was removed, more than "
            f"{rules.CORE_REMOVED_ABOVE.text}: customers lose the fundamentals they know."
        )
    if case == "on target":
        return f"{shown} of the product is reinvented: inside {band}."
    if case == "clone":
        return (
            f"Only {shown} is reinvented (below {rules.CLONE_BELOW.text}): the product reads as "
            "a clone that can only ever catch up."
        )
    if case == "rebuild-everything":
        return (
            f"{shown} is reinvented (above {rules.REBUILD_ABOVE.text}): so little is kept that "
            "the road to fit is almost as long as starting from nothing."
        )
    side = "below" if case == "below the band" else "above"
    return f"{shown} is reinvented, {side} the {band} band."


def core_reason(reinvention: ReinventionFinding) -> str:
    """Whether the reinvention sits in the core: mostly, or all of it when the share is above
    the band (the bold rule)."""
    case = reinvention.core_case
    core_share = reinvention.core_share
    if case == "none":
        return "Nothing is reinvented or new, so there is no core share."
    in_core = f"{share(core_share)} of the reinvention (by importance) is in the core"
    too_little = f"{only_share(core_share).capitalize()} of the reinvention (by importance) is in"
    band = rules.TARGET_BAND.text
    if case == "all core":
        return (
            f"{in_core}: above the {band} band, {all_core_words()} of it in the core keeps "
            "the change concentrated where customers look first."
        )
    if case == "scattered":
        return (
            f"{too_little} the core; above the {band} band, {all_core_words()} of it must be, "
            "or the extra change is scattered."
        )
    if case == "mostly core":
        return f"{in_core}."
    return (
        f"{too_little} the core; {rules.MOSTLY_CORE.text} is needed for the difference to shape "
        "the main experience."
    )


def time_reason(reinvention: ReinventionFinding) -> str:
    """How fast the most important reinvented or new core feature is felt."""
    case = reinvention.time_case
    limit = rules.FELT_WITHIN_SECONDS.text
    if case == "no core":
        return "No reinvented or new feature sits in the core."
    if case == "not measured":
        return (
            "Not measured: none of the most important reinvented or new core features has "
            "seconds_to_experience filled in."
        )
    fastest = (
        "The fastest of the most important reinvented or new core features, "
        f"{reinvention.fastest_feature}, is felt after {seconds(reinvention.fastest_seconds)}"
    )
    if case == "felt":
        return f"{fastest}, within {limit}."
    if case == "late, some not measured":
        return (
            f"{fastest}, later than {limit}; {len(reinvention.not_measured)} core feature(s) "
            "are not measured and may be faster."
        )
    return f"{fastest}, later than {limit}."


# --------------------------------------------------------------------------------------------
# Kano cross-checks
# --------------------------------------------------------------------------------------------

_MUST_BE = {
    "clear": "Reinvented or removed, although most customers see {it} as must-be: {names}.",
    "tied": "Reinvented or removed while customers are split between must-be and another "
    "category (near-tie), so part of them expect {it} as {it_was}: {names}.",
    "none": "No feature customers see as must-be was reinvented or removed.",
}
_REJECTED = {
    "clear": "Reinvented or new, yet most customers would rather not have {it} (reverse): {names}.",
    "tied": "Reinvented or new, yet part of the customers would rather not have {it} "
    "(reverse, near-tie): {names}.",
    "none": "",
}
_INDIFFERENT = {
    "clear": "Reinvented or new, yet most customers are indifferent: {names}.",
    "tied": "Reinvented or new, yet about as many customers are indifferent as see {it} "
    "another way (near-tie): {names}.",
    "none": "No reinvented or new feature leaves most customers indifferent or rejects it.",
}


def kano_checks(kano: KanoFinding) -> tuple[Check, Check]:
    """The must-be cross-check and the one on what customers care about, with their reasons;
    changed features with too few answers are named, not judged."""
    if not kano.cross_checked:
        reason = "Needs the feature inventory to compare what customers say with what was changed."
        return (
            Check(MUST_BE_CHECK, "not assessed", reason),
            Check(NOTICED_CHECK, "not assessed", reason),
        )
    must_be = _risk_reason(kano, MUST_BE_CHANGED, _MUST_BE)
    rejected = _risk_reason(kano, REVERSE_REINVENTED, _REJECTED)
    indifferent = _risk_reason(kano, INDIFFERENT_EFFORT, _INDIFFERENT)
    flagged = [
        reason
        for reason, outcome in (
            (rejected, kano.rejected_outcome),
            (indifferent, kano.indifferent_outcome),
        )
        if outcome != "pass"
    ]
    noticed = " ".join(flagged) if flagged else indifferent
    note = _thin_note(kano)
    evidence = kano.check_evidence
    return (
        Check(MUST_BE_CHECK, kano.must_be_outcome, must_be + note, evidence=evidence),
        Check(NOTICED_CHECK, kano.noticed_outcome, noticed + note, evidence=evidence),
    )


def _risk_reason(kano: KanoFinding, finding: str, templates: dict[str, str]) -> str:
    """One cross-check's reason: the features with the risk, clear categories then near-ties."""
    parts = []
    for key, near_tie in (("clear", False), ("tied", True)):
        if names := kano.features_in(finding, near_tie=near_tie):
            parts.append(
                templates[key].format(
                    it=it_or_them(names), it_was=it_was(names), names=", ".join(names)
                )
            )
    return " ".join(parts) if parts else templates["none"]


def _thin_note(kano: KanoFinding) -> str:
    """The changed features that have too few answers to judge, named ("" when none)."""
    thin = kano.thin_changed
    if not thin:
        return ""
    return (
        f" Too few answers to judge (at least {rules.KANO_MIN_ANSWERS.value} needed): "
        f"{', '.join(thin)}."
    )


# --------------------------------------------------------------------------------------------
# Strategy canvas
# --------------------------------------------------------------------------------------------


def canvas_checks(canvas: CanvasFinding) -> tuple[Check]:
    """Whether the value curve stands apart, with the distances that say so."""
    case = canvas.case
    low, high = rules.CANVAS_SCALE
    minimum = rules.MIN_DIVERGENCE.value
    closest, closest_gap = canvas.closest_product
    stated = f"Divergence is {number(canvas.divergence, 2)} points ({low}–{high} scale)"
    if case == "tracks the others":
        reason = f"{stated}, below {number(minimum)}: the curve tracks the other products."
    elif case == "tracks one product":
        reason = (
            f"{stated}, but the curve is only {number(closest_gap, 2)} from {closest} (below "
            f"{number(minimum)}): it tracks that product."
        )
    else:
        # The distance from the others' average and from each one on its own are different
        # measures; say which is which, so that "2.78, at least 2.89" cannot read as a
        # contradiction.
        apart = (
            f"at least {number(closest_gap, 2)} from each of them on its own (nearest: {closest})"
        )
        if closest_gap > canvas.divergence:
            apart += (
                ", more than from their average, because rivals that differ from one another "
                "partly cancel out in it"
            )
        reason = (
            f"{stated}: that far from the other products' average curve, and {apart}. It "
            f"departs most on {', '.join(canvas.top_factors)}."
        )
    return (Check(CANVAS_CHECK, CANVAS_OUTCOMES[case], reason),)


# --------------------------------------------------------------------------------------------
# Network effects and the community
# --------------------------------------------------------------------------------------------


def network_checks(network: NetworkEffectsFinding) -> tuple[Check]:
    """The community check: not applicable, no community data, or what belonging says."""
    return (
        Check(COMMUNITY_CHECK, network.outcome, network_reason(network), evidence=network.evidence),
    )


def network_reason(network: NetworkEffectsFinding) -> str:
    """Why the community check comes out as it does."""
    if not network.applicable:
        return "Not applicable: the product does not rely on network effects."
    if not network.community_data:
        return (
            f"{rules.CLONE_WITHOUT_COMMUNITY.capitalize()}: the product relies on network effects, "
            "yet there is no belonging survey, no community activity and no record of how the "
            "community was launched (owner, founding members, channels)."
        )
    parts = [f"Belonging is {network.level}"]
    if network.level == "not assessed":
        parts[0] += ": no scored belonging survey shows that the community holds"
    index = network.index
    if index is not None and index.defined:
        parts[0] += f" (index {number(index.value, 0)}/100 from {index.n} answers)"
    if unmet := network.unmet_launch_checks:
        parts.append(f"launch checks to address: {', '.join(unmet)}")
    if network.provisional and network.evidence is not None:
        parts.append(f"provisional, {network.evidence.note}")
    return "; ".join(parts) + "."


# --------------------------------------------------------------------------------------------
# The verdict's reason (the assessment's one-line summary)
# --------------------------------------------------------------------------------------------


def verdict_reason(
    verdict: Verdict, reinvention: ReinventionFinding | None, kano: KanoFinding | None = None
) -> str:
    """The reason for the verdict in plain sentences; the Kano cross-check risks, which stand
    whatever the verdict, are named after it."""
    reason = _verdict_reason(verdict, reinvention)
    if verdict != "not assessed" and (note := risk_note(kano)):
        reason += " " + note
    return reason


def _verdict_reason(verdict: Verdict, reinvention: ReinventionFinding | None) -> str:
    if reinvention is None or verdict == "not assessed":
        return "There is no usable feature inventory to measure reinvention from."
    shown = share(reinvention.share)
    band = rules.TARGET_BAND.text
    if verdict == "clone":
        return (
            f"Only {shown} of the product is reinvented, below {rules.CLONE_BELOW.text}: "
            "customers have no reason to switch from the product it copies."
        )
    if verdict == "rebuild-everything":
        return (
            f"{shown} of the product is reinvented, above {rules.REBUILD_ABOVE.text}: too little "
            "of what already works is kept."
        )
    felt = (
        f"the fastest core difference ({reinvention.fastest_feature}) is felt after "
        f"{seconds(reinvention.fastest_seconds)}"
    )
    if verdict == "focused differentiation":
        return (
            f"{shown} of the product is reinvented, {share(reinvention.core_share)} of it in the "
            f"core, and {felt}."
        )
    if verdict == "bold differentiation":
        return (
            f"{shown} of the product is reinvented, above the {band} band, but all of it sits in "
            f"the core and {felt}: a bold, concentrated change rather than a scattered one, "
            "with a longer road to fit than the band's."
        )
    gaps = [_gap_words(gap, reinvention) for gap in verdict_gaps(reinvention)]
    return "Not yet focused: " + "; ".join(gaps) + "."


def _gap_words(gap: Gap, reinvention: ReinventionFinding) -> str:
    """One gap to a focused differentiation, as a clause of the scattered verdict's reason."""
    shown = share(reinvention.share)
    band = rules.TARGET_BAND.text
    if gap == "core removed":
        return (
            f"{share(reinvention.core_removed)} of the reference product's core was removed "
            f"(more than {rules.CORE_REMOVED_ABOVE.text})"
        )
    if gap == "below the band":
        return f"the share ({shown}) is below the {band} band"
    if gap == "above the band":
        outside = ""
        if not reinvention.all_core and reinvention.core_share is not None:
            peripheral = share(1 - reinvention.core_share)
            outside = f" and {peripheral} of the reinvention sits outside the core"
        return f"the share ({shown}) is above the {band} band{outside}"
    if gap == "not mostly core":
        return f"{only_share(reinvention.core_share)} of the reinvention is in the core"
    if gap == "not timed":
        return "no reinvented core feature has a measured time to experience"
    return (
        "the fastest of the most important reinvented core features takes "
        f"{seconds(reinvention.fastest_seconds)} (limit {rules.FELT_WITHIN_SECONDS.text})"
    )


def risk_note(kano: KanoFinding | None) -> str:
    """One sentence naming the Kano cross-check risks, which stand whatever the verdict."""
    if kano is None or kano.risks.empty:
        return ""
    parts = []
    for finding, seen_as in (
        (MUST_BE_CHANGED, "{names} changed although {who} see {it} as must-be"),
        (
            REVERSE_REINVENTED,
            "{names} reinvented or added although {who} would rather not have {it}",
        ),
        (INDIFFERENT_EFFORT, "effort on {names} although {who} are indifferent to {it}"),
    ):
        for near_tie, who in ((False, "most customers"), (True, "part of the customers")):
            if names := kano.features_in(finding, near_tie=near_tie):
                parts.append(seen_as.format(names=", ".join(names), who=who, it=it_or_them(names)))
    return "Risks stand whatever the verdict: " + "; ".join(parts) + "."
