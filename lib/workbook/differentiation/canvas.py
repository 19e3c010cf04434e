"""The value curves, from ``strategy_canvas.csv``: how far the product's curve departs.

Numbers and the check's case only: :mod:`.wording` writes the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from workbook.differentiation import rules
from workbook.results import Check, Outcome

#: Whether the value curve stands apart: too close to the others' mean curve, too close to
#: one product, or apart from both (the :data:`~.rules.MIN_DIVERGENCE` rule).
CanvasCase = Literal["tracks the others", "tracks one product", "stands apart"]
CANVAS_OUTCOMES: dict[CanvasCase, Outcome] = {
    "tracks the others": "warn",
    "tracks one product": "warn",
    "stands apart": "pass",
}


@dataclass(frozen=True, eq=False)
class CanvasFinding:
    """The value curves and how far the company's curve departs from the others.

    ``divergence`` is the mean, over factors, of the absolute difference between the company's
    score and the mean score of the other products. ``factor_gaps`` holds that difference per
    factor (``factor``, ``company``, ``others_mean``, ``difference``); ``competitor_gaps`` the
    mean absolute (and signed) difference from each product; ``value_curves`` the scores in long
    form (``factor``, ``product``, ``score``), factors and products in canvas order. ``checks``
    (whether the curve stands apart) is written by :mod:`.wording` from :attr:`case` and
    attached by :func:`workbook.differentiation.assess_canvas`.
    """

    company_product: str
    products: tuple[str, ...]
    factors: tuple[str, ...]
    divergence: float
    factor_gaps: pd.DataFrame
    competitor_gaps: pd.DataFrame
    top_factors: tuple[str, ...]
    value_curves: pd.DataFrame
    checks: tuple[Check, ...] = ()

    @property
    def closest_product(self) -> tuple[str, float]:
        """The other product whose curve is nearest (mean absolute difference), and that gap."""
        return _closest(self.competitor_gaps)

    @property
    def case(self) -> CanvasCase:
        """Whether the curve stands apart (see :data:`CANVAS_OUTCOMES`)."""
        minimum = rules.MIN_DIVERGENCE.value
        if self.divergence < minimum:
            return "tracks the others"
        if self.closest_product[1] < minimum:
            return "tracks one product"
        return "stands apart"


def _closest(competitor_gaps: pd.DataFrame) -> tuple[str, float]:
    nearest = competitor_gaps.sort_values("mean_absolute_difference", kind="stable")
    return str(nearest["product"].iloc[0]), float(nearest["mean_absolute_difference"].iloc[0])


def measure_canvas(canvas: pd.DataFrame) -> CanvasFinding:
    """Value curves, divergence and the most different factors from a strategy canvas.

    The company's product is the first product column; every later column is another product.
    """
    products = tuple(str(c) for c in canvas.columns if c != "factor")
    company, others = products[0], list(products[1:])
    scores = canvas.set_index("factor")[list(products)].astype("float64")
    others_mean = scores[others].mean(axis=1)
    difference = scores[company] - others_mean
    factor_gaps = pd.DataFrame(
        {
            "factor": scores.index.to_numpy(),
            "company": scores[company].to_numpy(),
            "others_mean": others_mean.to_numpy(),
            "difference": difference.to_numpy(),
        }
    )
    competitor_gaps = pd.DataFrame(
        {
            "product": others,
            "mean_absolute_difference": [
                float((scores[company] - scores[p]).abs().mean()) for p in others
            ],
            "mean_difference": [float((scores[company] - scores[p]).mean()) for p in others],
        }
    )
    ranked = factor_gaps.assign(_gap=-factor_gaps["difference"].abs()).sort_values(
        "_gap", kind="stable"
    )
    top_factors = tuple(ranked.loc[ranked["_gap"] < 0, "factor"].head(rules.TOP_FACTORS.value))
    value_curves = scores.reset_index().melt(
        id_vars="factor", var_name="product", value_name="score"
    )
    divergence = float(difference.abs().mean())
    return CanvasFinding(
        company_product=company,
        products=products,
        factors=tuple(str(f) for f in scores.index),
        divergence=divergence,
        factor_gaps=factor_gaps,
        competitor_gaps=competitor_gaps,
        top_factors=top_factors,
        value_curves=value_curves,
    )
