"""The differentiation assessment for people: tables, Markdown and the prose that states rules.

Every sentence of the notebook that states a threshold comes from a function here, generated
from :mod:`.rules`, so a changed rule changes the prose with it. Numbers become text through
:mod:`workbook.format` only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.differentiation import rules
from workbook.differentiation.compute import (
    CanvasFinding,
    DifferentiationResult,
    KanoFinding,
    NetworkEffectsFinding,
    ReinventionFinding,
    is_felt,
)
from workbook.differentiation.rules import KANO_CATEGORIES, KANO_LABELS
from workbook.format import escape, number, share
from workbook.io import FEATURE_AREAS, FEATURE_CHANGES
from workbook.present import checks_markdown
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
    """One line naming the company, the product it builds on and whether it is networked."""
    reference = (
        f"builds on **{escape(result.reference_product)}**"
        if result.reference_product
        else "has no reference product in company.yaml"
    )
    networked = "relies on" if result.network.applicable else "does not rely on"
    return (
        f"**{escape(result.company_name)}** {reference} and {networked} network effects. "
        f"Verdict: **{result.status}**."
    )


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
        "and the fastest reinvented or new core feature should be felt within "
        f"**{_seconds_words(rules.FELT_WITHIN_SECONDS.value)}** of first use."
    )


def kano_rules_markdown() -> str:
    """Near ties, Fong's test and the number of answers a category needs to be trusted."""
    margin = share(rules.KANO_NEAR_TIE_MARGIN.value)
    return (
        f"Categories within **{margin} of the answers** of the top count are treated as tied, "
        "and the tie goes to M, then O, then A, then I: the category whose mistake costs more. "
        "The **Fong test** checks whether the two most frequent categories really differ: with "
        "counts *a* and *b* out of *n* answers they do when "
        f"|a − b| ≥ {rules.FONG_Z.value}·√((a + b)(2n − a − b) / 2n); when they do not, the "
        "feature sits between two categories and its label deserves caution. Answers from "
        f"fewer than {rules.KANO_MIN_ANSWERS.value} customers are flagged."
    )


def quadrant_markdown() -> str:
    """Where the Better/Worse chart splits its quadrants and how to read them."""
    return (
        "The chart plots Better against the size of Worse; the lines at "
        f"**{rules.QUADRANT_THRESHOLD.value}** split it into four quadrants. Features at the top "
        "left delight, those at the top right are expected to keep improving, those at the "
        "bottom right must simply work, and those at the bottom left matter little."
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
    return (
        f"- **clone**: less than {rules.CLONE_BELOW.text} of the product is reinvented;\n"
        f"- **rebuild-everything**: more than {rules.REBUILD_ABOVE.text} is reinvented;\n"
        f"- **focused differentiation**: the share is within {rules.TARGET_BAND.text}, "
        f"{rules.MOSTLY_CORE.text} of it sits in the core, and a reinvented core feature is "
        f"felt within {_seconds_words(rules.FELT_WITHIN_SECONDS.value)};\n"
        "- **scattered**: anything else (outside the band without being extreme, at the edges, "
        "too slow, or not yet timed).\n\n"
        "The table gathers every check of this notebook; the recommendations, at most "
        f"{MAX_RECOMMENDATIONS}, each come from one of the findings above, the most severe "
        "first."
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
    table["Category"] = [f"{c} ({KANO_LABELS[c]})" for c in frame["category"]]
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


def risks_table(kano: KanoFinding) -> pd.DataFrame:
    """The cross-check findings with readable column names and category labels."""
    return kano.risks.assign(category=kano.risks["category"].map(KANO_LABELS)).rename(
        columns={
            "feature": "Feature",
            "category": "Customers see it as",
            "change": "Change",
            "finding": "Finding",
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
