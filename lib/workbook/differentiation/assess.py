"""The differentiation assessment wired together: compute → wording → advice, one frozen result.

Each ``assess_*`` function measures one part (the compute side) and attaches its checks, whose
reasons :mod:`.wording` writes; :func:`assess` (the one the registry calls) adds the verdict,
its reason and the advice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pandas as pd

from workbook import belonging as belonging_assessment
from workbook.differentiation import wording
from workbook.differentiation.advice import recommend
from workbook.differentiation.canvas import CanvasFinding, measure_canvas
from workbook.differentiation.kano import KanoFinding, measure_kano
from workbook.differentiation.network import (
    BelongingSummary,
    NetworkEffectsFinding,
    needs_belonging,
    read_network_effects,
)
from workbook.differentiation.reinvention import ReinventionFinding, measure_reinvention
from workbook.differentiation.result import DifferentiationResult, figures
from workbook.differentiation.rules import CANVAS_FILE, FEATURES_FILE, KANO_FILE
from workbook.differentiation.verdict import decide_verdict
from workbook.io import Company
from workbook.results import Check


def assess_reinvention(features: pd.DataFrame) -> ReinventionFinding:
    """Reinvention share, core share and time to differentiation from a feature inventory,
    with their checks (see :func:`.reinvention.measure_reinvention`)."""
    finding = measure_reinvention(features)
    return dataclasses.replace(finding, checks=wording.reinvention_checks(finding))


def assess_kano(survey: pd.DataFrame, features: pd.DataFrame | None = None) -> KanoFinding:
    """Classify a Kano survey, cross-check it with the feature inventory when given, and attach
    the cross-checks (see :func:`.kano.measure_kano`)."""
    finding = measure_kano(survey, features)
    return dataclasses.replace(finding, checks=wording.kano_checks(finding))


def assess_canvas(canvas: pd.DataFrame) -> CanvasFinding:
    """Value curves, divergence and the most different factors from a strategy canvas, with
    the check whether the curve stands apart (see :func:`.canvas.measure_canvas`)."""
    finding = measure_canvas(canvas)
    return dataclasses.replace(finding, checks=wording.canvas_checks(finding))


def assess_network_effects(
    company: Company, belonging: BelongingSummary | None = None
) -> NetworkEffectsFinding:
    """Check that a product relying on network effects rebuilt its community as well.

    ``belonging`` is the belonging result when already computed; when None and the check needs
    it (a networked product with community data), it is computed with
    ``workbook.belonging.assess``.
    """
    if belonging is None and needs_belonging(company):
        belonging = belonging_assessment.assess(company)
    finding = read_network_effects(company, belonging)
    return dataclasses.replace(finding, checks=wording.network_checks(finding))


def all_checks(
    reinvention: ReinventionFinding | None,
    kano: KanoFinding | None,
    canvas: CanvasFinding | None,
    network: NetworkEffectsFinding,
    missing: Mapping[str, str],
) -> tuple[Check, ...]:
    """Every check of every part, in page order; parts without data say what to add."""
    checks: list[Check] = []
    parts = (
        (reinvention, FEATURES_FILE, wording.SHARE_CHECK),
        (kano, KANO_FILE, wording.KANO_PART),
        (canvas, CANVAS_FILE, wording.CANVAS_CHECK),
    )
    for part, file, name in parts:
        if part is None:
            checks.append(Check(name, "not assessed", missing[file]))
        else:
            checks.extend(part.checks)
    checks.append(network.check)
    return tuple(checks)


def assess(company: Company, belonging: BelongingSummary | None = None) -> DifferentiationResult:
    """Run the differentiation assessment for a company.

    ``belonging`` is the belonging result when the caller has it (the registry passes it; tests
    pass a stand-in); by default it is computed with ``workbook.belonging.assess`` when needed.
    """
    features = company.features
    reinvention = assess_reinvention(features) if features is not None else None
    kano = assess_kano(company.kano_survey, features) if company.kano_survey is not None else None
    canvas = assess_canvas(company.strategy_canvas) if company.strategy_canvas is not None else None
    network = assess_network_effects(company, belonging)
    verdict = decide_verdict(reinvention)
    missing = {
        file: company.missing_message(file)
        for file, part in ((FEATURES_FILE, reinvention), (KANO_FILE, kano), (CANVAS_FILE, canvas))
        if part is None
    }
    return DifferentiationResult(
        status=verdict,
        summary=wording.verdict_reason(verdict, reinvention, kano),
        figures=figures(reinvention, kano, canvas, network),
        checks=all_checks(reinvention, kano, canvas, network, missing),
        recommendations=recommend(
            reinvention, kano, canvas, network, company.config.reference_product
        ),
        missing=missing,
        company_name=company.name,
        reference_product=company.config.reference_product,
        reinvention=reinvention,
        kano=kano,
        canvas=canvas,
        network=network,
    )
