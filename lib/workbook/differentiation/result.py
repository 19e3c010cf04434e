"""The differentiation result: one frozen record of every part, and its key figures.

Plain values only (numbers, names, enums): the JSON document and the summary card read
``figures``; the sentences in ``summary`` and the checks come from :mod:`.wording`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from workbook.differentiation.canvas import CanvasFinding
from workbook.differentiation.kano import KanoFinding
from workbook.differentiation.network import NetworkEffectsFinding
from workbook.differentiation.reinvention import ReinventionFinding
from workbook.differentiation.rules import KANO_CATEGORIES
from workbook.results import AssessmentResult


@dataclass(frozen=True, kw_only=True)
class DifferentiationResult(AssessmentResult):
    """Everything the differentiation assessment found for one company.

    ``status`` is the verdict (see :data:`~.rules.VERDICTS`) and ``summary`` its reason, written
    by :mod:`.wording`. A part is None when its file is missing or invalid; ``missing`` then
    maps the file name to advice on adding it, and ``checks`` holds one "not assessed" check
    for the part saying so.
    ``figures``: ``reinvention_share``, ``core_share``, ``seconds_to_differentiation``,
    ``divergence`` (None when not defined), ``kano`` ({feature: {"category", "near_tie",
    "counts", "better", "worse", "n", "quadrant"}}; a near-tie's category joins its categories,
    ``"A/M"``, and ``near_tie`` lists them, empty for a clear category), ``reinvention_reading``,
    ``fastest_feature``, ``network_effects`` and ``belonging_level``.
    """

    company_name: str
    reference_product: str | None
    reinvention: ReinventionFinding | None
    kano: KanoFinding | None
    canvas: CanvasFinding | None
    network: NetworkEffectsFinding


def kano_figures(kano: KanoFinding | None) -> dict[str, dict[str, Any]]:
    """Per surveyed feature: category code (``"A/M"`` for a near-tie), the near-tied categories
    (empty when clear), counts per category, Better, Worse, n, quadrant."""
    if kano is None:
        return {}
    return {
        str(row["feature"]): {
            "category": row["category"],
            "near_tie": list(row["categories"]) if row["near_tie"] else [],
            "counts": {code: int(row[code]) for code in KANO_CATEGORIES},
            "better": _plain_number(row["better"]),
            "worse": _plain_number(row["worse"]),
            "n": int(row["n"]),
            "quadrant": row["quadrant"],
            "fong_significant": bool(row["significant"]),
            "too_few": bool(row["too_few"]),
        }
        for row in kano.per_feature.to_dict("records")
    }


def _plain_number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def figures(
    reinvention: ReinventionFinding | None,
    kano: KanoFinding | None,
    canvas: CanvasFinding | None,
    network: NetworkEffectsFinding,
) -> dict[str, Any]:
    """The key numbers as plain values (None when not defined)."""
    return {
        "reinvention_share": reinvention.share if reinvention else None,
        "core_share": reinvention.core_share if reinvention else None,
        "seconds_to_differentiation": reinvention.fastest_seconds if reinvention else None,
        "divergence": canvas.divergence if canvas else None,
        "kano": kano_figures(kano),
        "reinvention_reading": reinvention.reading if reinvention else "not defined",
        "fastest_feature": reinvention.fastest_feature if reinvention else None,
        "network_effects": network.applicable,
        "belonging_level": network.level,
    }
