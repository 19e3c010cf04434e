"""The company scorecard and the portfolio as plain, frozen data built from the assessments.

Nothing here judges a company again: statuses, summaries, figures and recommendations are the
registered assessments' own (:func:`workbook.registry.assess_company`), the traffic light is the
tone the registry gives each status, the recommendations are ranked by
:func:`workbook.results.rank` on the shared severity scale and checked with
:func:`workbook.coherence.contradictions`. The one rule of the summary's own, which companies
need attention first, is declared in :mod:`workbook.summary.rules`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from workbook import coherence, registry
from workbook.keyfigures import Cell, Column, KeyFigure
from workbook.results import AssessmentResult, Recommendation, Severity, rank
from workbook.summary import rules

if TYPE_CHECKING:
    from workbook.io import Company, Decision
    from workbook.registry import Tone
    from workbook.ttpmf import FitTimeline

#: Tones from the most to the least urgent (the order of the portfolio's attention ranking).
TONE_ORDER: tuple[Tone, ...] = ("bad", "warn", "good", "none")


@dataclass(frozen=True)
class Card:
    """One assessment on the scorecard: headline, traffic light (``tone``), key figures, the
    input files it could not use, and the page the renderer writes for it (``page``)."""

    id: str
    title: str
    status: str
    tone: Tone
    summary: str
    figures: tuple[KeyFigure, ...]
    missing: tuple[str, ...]
    page: str


@dataclass(frozen=True)
class Advice:
    """A recommendation with the assessment it comes from."""

    assessment: str
    title: str
    page: str
    recommendation: Recommendation

    @property
    def severity(self) -> Severity:
        return self.recommendation.severity


@dataclass(frozen=True)
class Scorecard:
    """Where one company stands: its assessments side by side, the most severe advice across
    them (ranked, free of contradictions), the files to add (each once) and the TTPMF
    ``timeline`` (None when the TTPMF assessment is not registered)."""

    slug: str
    name: str
    stage: str
    started: date
    as_of: date
    cards: tuple[Card, ...]
    advice: tuple[Advice, ...]
    missing: Mapping[str, str]
    contradictions: tuple[str, ...]
    timeline: FitTimeline | None
    all_advice: tuple[Advice, ...] = ()
    #: The actions the team recorded in a workshop (``team_assessment.yaml``), shown first.
    decisions: tuple[Decision, ...] = ()

    def card(self, assessment_id: str) -> Card:
        """The card of one assessment; KeyError when it is not on the scorecard."""
        return {card.id: card for card in self.cards}[assessment_id]

    @property
    def tones(self) -> dict[str, Tone]:
        """Each assessment's traffic light."""
        return {card.id: card.tone for card in self.cards}

    @property
    def top_severity(self) -> Severity | None:
        """The severity of the most severe recommendation (None without any)."""
        return max((advice.severity for advice in self.all_advice), default=None)


def page(assessment_id: str) -> str:
    """The file name the renderer gives an assessment's page, beside the company's summary."""
    return f"{assessment_id}.html"


def company_page(slug: str) -> str:
    """A company's summary page, relative to the portfolio page (``<slug>/index.html``)."""
    return f"{slug}/{registry.SUMMARY.output}"


# -- scorecard -----------------------------------------------------------------------------------


def _card(assessment: registry.Assessment, result: AssessmentResult) -> Card:
    return Card(
        id=assessment.id,
        title=assessment.title,
        status=result.status,
        tone=assessment.statuses.get(result.status, "none"),
        summary=result.summary,
        figures=assessment.card_figures(result),
        missing=tuple(result.missing),
        page=page(assessment.id),
    )


def ranked_advice(
    results: Mapping[str, AssessmentResult], limit: int | None = None
) -> tuple[Advice, ...]:
    """Every assessment's recommendations on one list, in the one ranking by impact of
    :func:`workbook.results.rank` (severity, then what the finding blocks; further ties in
    registry order, then each assessment's own order), at most ``limit`` (default: every one)."""
    sources: dict[int, Advice] = {}
    recommendations: list[Recommendation] = []
    for assessment in registry.ASSESSMENTS:
        result = results.get(assessment.id)
        if result is None:
            continue
        for recommendation in result.recommendations:
            recommendations.append(recommendation)
            sources[id(recommendation)] = Advice(
                assessment.id, assessment.title, page(assessment.id), recommendation
            )
    ordered = rank(recommendations, limit=len(recommendations) if limit is None else limit)
    return tuple(sources[id(recommendation)] for recommendation in ordered)


def scorecard(company: Company, results: Mapping[str, AssessmentResult] | None = None) -> Scorecard:
    """The scorecard of a loaded company (``results``: its :func:`registry.assess_company`
    results, computed here when not given)."""
    results = registry.assess_company(company) if results is None else results
    cards = tuple(
        _card(assessment, results[assessment.id])
        for assessment in registry.ASSESSMENTS
        if assessment.id in results
    )
    everything = ranked_advice(results)
    found = coherence.contradictions(advice.recommendation for advice in everything)
    missing: dict[str, str] = {}
    for assessment in registry.ASSESSMENTS:
        if assessment.id in results:
            for name, advice in results[assessment.id].missing.items():
                missing.setdefault(name, advice)
    ttpmf = results.get("ttpmf")
    return Scorecard(
        slug=company.slug,
        name=company.name,
        stage=company.config.stage,
        started=company.config.started,
        as_of=company.as_of,
        cards=cards,
        advice=everything[: rules.TOP_RECOMMENDATIONS.value],
        missing=missing,
        contradictions=tuple(
            f"“{first.title}” and “{second.title}”: {rule.why}" for first, second, rule in found
        ),
        timeline=getattr(ttpmf, "timeline", None),
        all_advice=everything,
        decisions=tuple(getattr(company.team_assessment, "decisions", ())),
    )


# -- portfolio -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortfolioRow:
    """One company of the portfolio, from its scorecard: the figures the table compares."""

    slug: str
    name: str
    stage: str
    statuses: Mapping[str, str]
    tones: Mapping[str, Tone]
    belonging_index: float | None
    belonging_ci: tuple[float, float] | None
    respondents: int
    reinvention_share: float | None
    sean_ellis: float | None
    sean_ellis_ci: tuple[float, float] | None
    sean_ellis_n: int
    fit: str
    months_elapsed: float | None
    months_to_fit: float | None
    projected_months: float | None
    projected_range: tuple[float | None, float | None] | None
    top: Advice | None
    attention: bool
    decisions: tuple[Decision, ...] = ()
    #: The date the company's data runs to (None: not known).
    as_of: date | None = None
    #: The cells of the columns the assessments declare (:func:`portfolio_columns`), by heading.
    cells: Mapping[str, Cell] = field(default_factory=dict)

    @property
    def href(self) -> str:
        """The company's summary page, relative to the portfolio page."""
        return company_page(self.slug)


@dataclass(frozen=True)
class Unassessed:
    """A company the portfolio could not assess, and why (its data has errors)."""

    slug: str
    name: str | None
    reason: str


@dataclass(frozen=True)
class Portfolio:
    """Every company: ``rows`` in attention order (most urgent first), the companies that could
    not be assessed, and ``failed``: the companies whose pages failed to render (slug → reason,
    as the renderer reports them)."""

    rows: tuple[PortfolioRow, ...]
    unassessed: tuple[Unassessed, ...] = ()
    failed: Mapping[str, str] = field(default_factory=dict)

    @property
    def attention(self) -> tuple[PortfolioRow, ...]:
        """The companies that need attention, most urgent first."""
        return tuple(row for row in self.rows if row.attention)

    def row(self, slug: str) -> PortfolioRow:
        """The row of one company; KeyError when it is not in the portfolio."""
        return {row.slug: row for row in self.rows}[slug]

    @property
    def problems(self) -> tuple[Unassessed, ...]:
        """Every company that failed to render or could not be assessed, each once, with why
        (the renderer's reason first), in slug order."""
        names: dict[str, str | None] = {row.slug: row.name for row in self.rows}
        names |= {item.slug: item.name for item in self.unassessed}
        reasons: dict[str, list[str]] = {}
        for slug, reason in self.failed.items():
            reasons.setdefault(slug, []).append(reason)
        for item in self.unassessed:
            if item.reason not in reasons.get(item.slug, []):
                reasons.setdefault(item.slug, []).append(item.reason)
        return tuple(
            Unassessed(slug, names.get(slug), " ".join(reasons[slug])) for slug in sorted(reasons)
        )


def _pair(values: Any) -> tuple[Any, Any] | None:
    if not values:
        return None
    low, high = values
    return (low, high)


def needs_attention(card: Scorecard) -> bool:
    """The summary's rule (:data:`~workbook.summary.rules.ATTENTION_SEVERITY`): advice at or
    above the severity, or a status whose tone is ``bad``."""
    severity = card.top_severity
    return (severity is not None and severity >= rules.ATTENTION_SEVERITY.value) or (
        "bad" in card.tones.values()
    )


def attention_key(row: PortfolioRow) -> tuple[Any, ...]:
    """Sort key: most severe advice first, then most red statuses, then most amber ones."""
    severity = row.top.severity if row.top is not None else 0
    tones = list(row.tones.values())
    return (-int(severity), -tones.count("bad"), -tones.count("warn"), row.name.casefold())


def portfolio_columns() -> tuple[tuple[str, Column], ...]:
    """The portfolio table's assessment columns, in registry order: (assessment id, column) for
    every column each registered assessment declares."""
    found: dict[str, tuple[str, Column]] = {}
    for assessment in registry.ASSESSMENTS:
        for column in assessment.portfolio_columns():
            if column.heading in found:
                raise registry.PluginError(
                    f"The portfolio column {column.heading!r} is declared by both "
                    f"{found[column.heading][0]!r} and {assessment.id!r}; give one another heading."
                )
            found[column.heading] = (assessment.id, column)
    return tuple(found.values())


def _cell(assessment_id: str, column: Column, result: AssessmentResult | None) -> Cell:
    """One column's cell for a result (empty without it); a status-only column sorts by the
    status's place in the assessment's vocabulary."""
    if column.cell is not None:
        return column.cell(result) if result is not None else Cell()
    vocabulary = list(registry.get(assessment_id).statuses)
    status = "" if result is None else result.status
    return Cell(sort=vocabulary.index(status) if status in vocabulary else len(vocabulary))


def portfolio_row(card: Scorecard, results: Mapping[str, AssessmentResult]) -> PortfolioRow:
    """A company's row of the portfolio, from its scorecard and assessment results."""
    belonging = results.get("belonging")
    differentiation = results.get("differentiation")
    ttpmf = results.get("ttpmf")
    b_figures = belonging.figures if belonging is not None else {}
    d_figures = differentiation.figures if differentiation is not None else {}
    t_figures = ttpmf.figures if ttpmf is not None else {}
    judged = getattr(getattr(ttpmf, "fit", None), "judged", None)
    timeline = card.timeline
    projection = timeline.projection if timeline is not None else None
    projected_range = None
    if projection is not None and projection.month is not None:
        projected_range = (projection.low_month, projection.high_month)
    return PortfolioRow(
        slug=card.slug,
        name=card.name,
        stage=card.stage,
        statuses={c.id: c.status for c in card.cards},
        tones=card.tones,
        belonging_index=b_figures.get("index"),
        belonging_ci=_pair(b_figures.get("index_ci")),
        respondents=int(b_figures.get("n") or 0),
        reinvention_share=d_figures.get("reinvention_share"),
        sean_ellis=None if judged is None else judged.share,
        sean_ellis_ci=None if judged is None else (judged.ci_low, judged.ci_high),
        sean_ellis_n=0 if judged is None else judged.n,
        fit=str(t_figures.get("fit") or "none"),
        months_elapsed=t_figures.get("months_elapsed"),
        months_to_fit=t_figures.get("months_to_fit"),
        projected_months=None if projection is None else projection.month,
        projected_range=projected_range,
        top=card.advice[0] if card.advice else None,
        attention=needs_attention(card),
        decisions=card.decisions,
        as_of=card.as_of,
        cells={
            column.heading: _cell(assessment_id, column, results.get(assessment_id))
            for assessment_id, column in portfolio_columns()
        },
    )


def _unassessed_reason(slug: str, problems: Iterable[Any]) -> str:
    errors = [problem for problem in problems if problem.severity == "error"]
    first = str(errors[0]) if errors else "its company.yaml could not be read"
    count = len(errors)
    errors_text = f"{count} error" + ("" if count == 1 else "s")
    return (
        f"Not assessed: its data has {errors_text} (first: {first}). "
        f"Run `workbook validate {slug}` for every one."
    )


def portfolio(
    companies: Iterable[str] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    failed: Mapping[str, str] | None = None,
) -> Portfolio:
    """Assess every company (``companies``: slugs; None: every company of the data folder)
    and build the portfolio. A company whose data has errors is not assessed (as in
    ``workbook assess``) and is listed with why; ``failed`` (slug → reason) names the companies
    whose pages failed to render."""
    from workbook import io

    root = io.resolve_data_dir(data_dir)
    slugs = list(companies) if companies is not None else io.list_companies(root)
    rows: list[PortfolioRow] = []
    unassessed: list[Unassessed] = []
    for slug in slugs:
        try:
            company = io.load_company(slug, root)
        except io.DataError as exc:
            problems = exc.problems or [io.Problem("error", io.COMPANY_FILE, exc.args[0])]
            unassessed.append(Unassessed(slug, None, _unassessed_reason(slug, problems)))
            continue
        if company.errors:
            reason = _unassessed_reason(slug, company.problems)
            unassessed.append(Unassessed(slug, company.name, reason))
            continue
        results = registry.assess_company(company)
        rows.append(portfolio_row(scorecard(company, results), results))
    return Portfolio(
        rows=tuple(sorted(rows, key=attention_key)),
        unassessed=tuple(unassessed),
        failed=dict(failed or {}),
    )
