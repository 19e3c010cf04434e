"""The differentiation assessment for people: tables, Markdown and the prose that states rules.

Every sentence of the notebook that states a threshold comes from a function here, generated
from :mod:`.rules`, so a changed rule changes the prose with it. Numbers become text through
:mod:`workbook.format` only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.coherence import CROSS_RULES
from workbook.differentiation import rules
from workbook.differentiation.canvas import CanvasFinding
from workbook.differentiation.kano import KanoFinding
from workbook.differentiation.network import NetworkEffectsFinding
from workbook.differentiation.reinvention import ReinventionFinding, is_felt
from workbook.differentiation.result import DifferentiationResult
from workbook.differentiation.rules import KANO_CATEGORIES
from workbook.differentiation.wording import all_core_words, category_words
from workbook.format import escape, number, share
from workbook.io import FEATURE_AREAS, FEATURE_CHANGES
from workbook.present import Findings, checks_finding, checks_markdown, first_sentence
from workbook.results import MAX_RECOMMENDATIONS
from workbook.rules import rules_markdown, rules_table

# --------------------------------------------------------------------------------------------
# Headline and thresholds
# --------------------------------------------------------------------------------------------


def thresholds_table() -> pd.DataFrame:
    """The assessment's rules: label, value and why, generated from :mod:`.rules`."""
    return rules_table(rules.all_rules())


def thresholds_markdown() -> str:
    """The thresholds table as Markdown (explanations in full)."""
    return rules_markdown(rules.all_rules())


def heading_markdown(result: DifferentiationResult) -> str:
    """One line naming the company, the product it builds on and whether it is networked (the
    verdict follows, in the block every assessment page opens with)."""
    reference = (
        f"builds on **{escape(result.reference_product)}**"
        if result.reference_product
        else "does not yet name the product it builds on"
    )
    networked = "relies on" if result.network.applicable else "does not rely on"
    return f"**{escape(result.company_name)}** {reference} and {networked} network effects."


def verdict_markdown(result: DifferentiationResult) -> str:
    """The verdict and its reason as Markdown (user-supplied names escaped)."""
    return f"**Verdict: {result.status}.** {escape(result.summary)}"


# --------------------------------------------------------------------------------------------
# Notebook prose that states the rules
# --------------------------------------------------------------------------------------------


def _seconds_words(value: float) -> str:
    return f"{number(value, 0)} seconds"


def aim_markdown() -> str:
    """What the workbook aims at: the target share, in the core, felt within the time limit."""
    return (
        "The workbook aims between the two: keep the fundamentals as customers know them and "
        f"reinvent roughly **{share(rules.TARGET_SHARE.value)}** of the product, in its "
        "**core** (where customers spend their time, not at the edges), and in a way they "
        f"notice within their **first {_seconds_words(rules.FELT_WITHIN_SECONDS.value)}**. "
        "A product that becomes more useful as more people use it has one more thing to "
        "rebuild: the community that makes it valuable, which no amount of code can copy.\n\n"
        "These are the rules the notebook applies (each is declared once in the library):"
    )


def importance_markdown() -> str:
    """How importance is scored and why the bars add it up."""
    low, high = rules.IMPORTANCE_SCALE
    return (
        f"Importance runs from **{low}** (minor) to **{high}** (central). The bars add up "
        "importance rather than counting features, so one central feature weighs as much as "
        f"{number(high / low, 0)} minor ones."
    )


def share_rules_markdown() -> str:
    """The target band, the clone and the rebuild-everything thresholds, in a paragraph."""
    low, high = rules.TARGET_BAND.value
    clone, rebuild = rules.CLONE_BELOW.value, rules.REBUILD_ABOVE.value
    return (
        f"From **{share(low)} to {share(high)}** it is on target. Below **{share(clone)}** the "
        "product reads as a clone: nothing of its own, and always a step behind the original. "
        f"Above **{share(rebuild)}** it reads as rebuilding everything, with a road to fit "
        "almost as long as starting from nothing. Shares in between "
        f"({share(clone)}–{share(low)} and {share(high)}–{share(rebuild)}) are outside the "
        "band without being extreme."
    )


def core_rules_markdown() -> str:
    """How much of the reinvention should sit in the core, and how soon it should be felt."""
    return (
        f"**{rules.MOSTLY_CORE.text.capitalize()}** of the reinvention should sit in the core, "
        "and the fastest of the **most important** reinvented or new core features should be "
        f"felt within **{_seconds_words(rules.FELT_WITHIN_SECONDS.value)}** of first use: a "
        "minor feature felt at once does not stand in for the main reinvention. Removed "
        "features count as change in the share (customers miss what was taken away), and "
        f"removing more than {rules.CORE_REMOVED_ABOVE.text} is flagged: the verdict cannot "
        "then be focused."
    )


def kano_rules_markdown() -> str:
    """Near-ties and how they count, Fong's test and the answers a category needs."""
    margin = share(rules.KANO_NEAR_TIE_MARGIN.value)
    return (
        f"When another category comes within **{margin} of the answers** of the top count, the "
        f"feature is a **near-tie** and is shown with both, the most frequent first (for "
        "example *A/M*: a few more customers find it attractive than must-be); no single "
        "category is claimed for it, in the table, the chart, the checks or the JSON. A "
        "near-tie is a risk for each category in it, but only part of the customers see it "
        "that way: its cross-check **warns instead of failing**, and its advice is "
        f"**{_levels(rules.KANO_NEAR_TIE_STEP.value)} lower** than for a clear category. "
        "The **Fong test** checks whether the two most frequent categories really differ: with "
        "counts *a* and *b* out of *n* answers they do when "
        f"|a − b| ≥ {rules.FONG_Z.value}·√((a + b)(2n − a − b) / 2n); when they do not, the "
        "feature is **mixed**: it is shown and counted like a near-tie, with both categories, "
        "and no single category is claimed. A feature with fewer than "
        f"{rules.KANO_MIN_ANSWERS.value} answers is flagged, and its category drives **no "
        "check and no advice** until more customers answer. A reinvented or new feature that "
        "most customers would rather not have (**reverse**) fails its cross-check."
    )


def _levels(step: int) -> str:
    return "one severity level" if step == 1 else f"{step} severity levels"


def quadrant_markdown() -> str:
    """Where the Better/Worse chart splits its quadrants and how to read them."""
    return (
        "The chart plots Better against the size of Worse; the lines at "
        f"**{rules.QUADRANT_THRESHOLD.value}** split it into four quadrants. Features at the top "
        "left delight, those at the top right are expected to keep improving, those at the "
        "bottom right must simply work, and those at the bottom left matter little. A near-tie "
        "is coloured as a near-tie and labelled with both of its categories."
    )


def canvas_rules_markdown() -> str:
    """The canvas' scale and the distance below which a value curve tracks the others."""
    low, high = rules.CANVAS_SCALE
    return (
        f"Scores run from **{low}** to **{high}**. A distance below "
        f"**{rules.MIN_DIVERGENCE.text}** reads as a curve that follows the others rather than "
        "standing apart."
    )


def verdict_rules_markdown() -> str:
    """The verdict's rules, in the order they are applied, and how advice is chosen."""
    low, high = rules.TARGET_BAND.value
    felt = _seconds_words(rules.FELT_WITHIN_SECONDS.value)
    all_core = all_core_words()
    outside = (
        "any of it outside the core" if all_core == "all" else f"less than {all_core} in the core"
    )
    return (
        f"- **clone**: less than {rules.CLONE_BELOW.text} of the product is reinvented;\n"
        f"- **rebuild-everything**: more than {rules.REBUILD_ABOVE.text} is reinvented;\n"
        f"- **focused differentiation**: the share is within {rules.TARGET_BAND.text}, "
        f"{rules.MOSTLY_CORE.text} of it sits in the core, and a reinvented core feature is "
        f"felt within {felt};\n"
        f"- **bold differentiation**: more than the band (above {share(high)}, up to "
        f"{rules.REBUILD_ABOVE.text}) is reinvented, but {all_core} of it sits in the core and a "
        f"reinvented core feature is felt within {felt}: one concentrated change customers meet "
        "at once, with a longer road to fit than the band's;\n"
        "- **scattered**: anything else: change spread outside the core (above the band, "
        f"{outside}; otherwise, at most "
        f"{share(rules.MOSTLY_CORE.value)} of it in the core), a share below {share(low)} "
        "without being a clone, a difference felt too late, or not yet timed, or most of the "
        "reference product's core removed.\n\n"
        "The Kano cross-checks stand whatever the verdict: a must-be feature that was "
        "reinvented or removed, a reinvented or new feature customers reject or are "
        "indifferent to, stay risks in the checks and the advice, and the verdict's reason "
        "names them.\n\n"
        "The table gathers every check of this notebook. The verdict opens the page, under "
        f"*At a glance*, with the recommendations: at most {MAX_RECOMMENDATIONS}, each from "
        "one of the findings above, the most severe first. This assessment never advises "
        "scaling: that is for the time-to-fit notebook."
    )


_VERBS = {"pass": "passes", "warn": "warns", "fail": "fails"}
_PLURAL_VERBS = {"pass": "pass", "warn": "warn", "fail": "fail"}


def network_rules_markdown() -> str:
    """How the community check and its advice follow belonging (the cross-assessment rule)."""
    rule = next(r for r in CROSS_RULES if r.name == rules.NETWORK_CROSS_RULE)
    levels = " or ".join(f"**{level}**" for level in rules.REBUILD_COMMUNITY_LEVELS)
    by_outcome: dict[str, list[str]] = {}
    for level, outcome in rules.BELONGING_OUTCOME.items():
        by_outcome.setdefault(outcome, []).append(level)
    reads = ", ".join(
        f"{' and '.join(names)} {(_VERBS if len(names) == 1 else _PLURAL_VERBS)[outcome]}"
        for outcome, names in by_outcome.items()
    )
    return (
        f"**{escape(rule.name)}**, a rule shared by the three assessments: when "
        f"{escape(rule.when)}, then {escape(rule.then)}. Here that means belonging that is "
        f"{levels}, or no community data at all; a **developing** community is strengthened "
        f"before scaling (medium). The community check reads belonging this way: {reads}."
    )


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def inventory_table(reinvention: ReinventionFinding) -> pd.DataFrame:
    """Features and their summed importance by change (rows) and area (columns)."""
    inventory = reinvention.inventory
    counts = inventory.pivot(index="change", columns="area", values="features")
    weights = inventory.pivot(index="change", columns="area", values="importance")
    table = pd.DataFrame(index=pd.Index(FEATURE_CHANGES, name="Change"))
    for area in FEATURE_AREAS:
        table[f"{area.capitalize()} features"] = counts[area]
        table[f"{area.capitalize()} importance"] = weights[area]
    table["All features"] = counts.sum(axis=1)
    table["All importance"] = weights.sum(axis=1)
    return table


def differentiating_table(reinvention: ReinventionFinding) -> pd.DataFrame:
    """The reinvented and new features, core first, with how fast each is felt."""
    frame = reinvention.differentiating
    seconds_to_experience = frame["seconds_to_experience"]
    felt = is_felt(seconds_to_experience)
    return pd.DataFrame(
        {
            "Feature": frame["feature"].to_numpy(),
            "Change": frame["change"].to_numpy(),
            "Area": frame["area"].to_numpy(),
            "Importance": frame["importance"].to_numpy(),
            "Seconds to experience": [
                number(v, 0, placeholder="not measured") for v in seconds_to_experience
            ],
            f"Felt within {rules.FELT_WITHIN_SECONDS.text}": [
                "not measured" if pd.isna(f) else ("yes" if f else "no") for f in felt
            ],
        }
    )


def kano_table(kano: KanoFinding) -> pd.DataFrame:
    """The Kano table, ready to show: counts, category, Fong test and Better/Worse."""
    frame = kano.per_feature
    table = pd.DataFrame({"Feature": frame["feature"].to_numpy(), "Answers": frame["n"]})
    for category in KANO_CATEGORIES:
        table[category] = frame[category].to_numpy()
    table["Category"] = [category_text(c) for c in frame["categories"]]
    table["Top two"] = [
        f"{first} {a} vs {second} {b}"
        for first, a, second, b in frame[
            ["first", "first_count", "second", "second_count"]
        ].itertuples(index=False)
    ]
    table["Top two differ (Fong)"] = np.where(frame["significant"], "yes", "no")
    table["Better"] = [number(v, 2) for v in frame["better"]]
    table["Worse"] = [number(v, 2) for v in frame["worse"]]
    if kano.cross_checked:
        table["Change"] = frame["change"].fillna("not listed").to_numpy()
    table["Too few answers"] = np.where(frame["too_few"], "yes", "")
    return table.reset_index(drop=True)


def category_text(categories: tuple[str, ...]) -> str:
    """A category as the tables show it: "M (must-be)", or "A/M (near-tie: attractive or
    must-be)" for a near-tie."""
    words = category_words(categories)
    if len(categories) == 1:
        return f"{categories[0]} ({words})"
    return f"{'/'.join(categories)} (near-tie: {words})"


def risks_table(kano: KanoFinding) -> pd.DataFrame:
    """The cross-check findings with readable column names and category labels."""
    risks = kano.risks
    seen_as = [
        f"{category_words(c)} (near-tie)" if tied else category_words(c)
        for c, tied in zip(risks["categories"], risks["near_tie"], strict=True)
    ]
    return pd.DataFrame(
        {
            "Feature": risks["feature"].to_numpy(),
            "Customers see it as": seen_as,
            "Change": risks["change"].to_numpy(),
            "Finding": risks["finding"].to_numpy(),
        }
    )


def canvas_table(canvas: CanvasFinding) -> pd.DataFrame:
    """Per factor: the company's score, the others' mean and the difference."""
    return canvas.factor_gaps.rename(
        columns={
            "factor": "Factor",
            "company": canvas.company_product,
            "others_mean": "Others' mean",
            "difference": "Difference",
        }
    ).round(2)


def competitor_table(canvas: CanvasFinding) -> pd.DataFrame:
    """Per other product: mean absolute and mean signed difference from the company."""
    return canvas.competitor_gaps.rename(
        columns={
            "product": "Product",
            "mean_absolute_difference": "Mean absolute difference",
            "mean_difference": f"Mean difference ({canvas.company_product} minus product)",
        }
    ).round(2)


def network_markdown(network: NetworkEffectsFinding) -> str:
    """The community check, then the launch-readiness checks it read, as Markdown."""
    text = checks_markdown([network.check])
    if network.launch_checks:
        text += "\n\nLaunch readiness, from the belonging assessment:\n\n" + checks_markdown(
            network.launch_checks
        )
    return text


def inventory_finding(reinvention: ReinventionFinding) -> str:
    """The feature inventory in one line: how many features, how many in the core, and what
    happened to them ("14 features listed, 8 in the core: 9 kept, 3 reinvented and 2 new.")."""
    inventory = reinvention.inventory
    total = int(inventory["features"].sum())
    if total == 0:
        return "No feature is listed yet."
    core = int(inventory.loc[inventory["area"] == "core", "features"].sum())
    by_change = inventory.groupby("change")["features"].sum()
    counts = [f"{int(by_change[c])} {c}" for c in FEATURE_CHANGES if by_change.get(c, 0)]
    listed = ", ".join(counts[:-1]) + f" and {counts[-1]}" if len(counts) > 1 else counts[0]
    features = "feature" if total == 1 else "features"
    return f"{total} {features} listed, {core} in the core: {listed}."


def section_findings(result: DifferentiationResult) -> Findings:
    """Each section's one-line finding, from the result (sections without data say so)."""
    found: dict[int, str] = {}
    reinvention = result.reinvention
    if reinvention is None:
        found[2] = found[3] = found[4] = "No feature inventory yet."
    else:
        found[2] = inventory_finding(reinvention)
        found[3] = checks_finding([reinvention.share_check])
        found[4] = checks_finding([reinvention.core_check, reinvention.time_check])
    found[5] = "No Kano survey yet." if result.kano is None else checks_finding(result.kano.checks)
    if result.canvas is not None:
        found[6] = checks_finding(result.canvas.checks)
    found[7] = (
        checks_finding([result.network.check])
        if result.network.applicable
        else "Does not apply: the product does not rely on network effects."
    )
    found[8] = first_sentence(verdict_markdown(result))
    return Findings(found)
