"""Presentation shared by every assessment: status marks, the verdict block, checks,
recommendations and missing inputs.

Assessment-specific tables and wording live in each assessment's own ``present`` module; what
every assessment shows the same way lives here, so notebooks, reports and widgets agree.

Status marks are small inline SVG shapes in the traffic-light colours beside the status word
(a filled circle, a triangle, a square, a hollow circle), so they read the same without an emoji
font and in black and white. They are plain markup: no script, no reference outside themselves,
so they pass the report pages' audit and survive nbconvert's Markdown conversion. Text-only
contexts (``text/plain``, JSON, the command line) use the words, or the geometric characters of
:data:`TEXT_MARKS` that every common font has.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from string import Template
from typing import TYPE_CHECKING, Any

from workbook import format as fmt
from workbook.format import escape
from workbook.results import MAX_RECOMMENDATIONS, Check, Recommendation, rank
from workbook.theme import (  # noqa: F401 (re-exported: pages and charts import them from here)
    BORDER,
    MARK_SHAPES,
    OUTCOME_TONES,
    PALETTE,
    TEXT_MARKS,
    TEXT_MUTED,
    TONE_WORDS,
    mark_svg,
    text_mark,
    tone_colour,
)

if TYPE_CHECKING:
    from workbook.io import Company
    from workbook.render.history import Change, FigureChange
    from workbook.results import AssessmentResult


@dataclass(frozen=True)
class Html:
    """An HTML block with a plain-text twin, displayed as both by Jupyter (the plain text is
    what terminals and the strict notebook tests read)."""

    html: str
    text: str

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": self.html, "text/plain": self.text}

    def __str__(self) -> str:
        return self.html


#: Output metadata key (and notebook cell metadata key) that folds an output on report pages.
FOLD_KEY = "wb_details"


@dataclass(frozen=True, repr=False)
class Folded:
    """Explanatory Markdown (how something is measured, thresholds, data notes) that report
    pages fold under a one-line ``summary`` (``<details>``, no script), so the reading path
    keeps to findings; JupyterLab shows it in full."""

    markdown: str
    summary: str = "How this is worked out"

    def _repr_markdown_(self) -> tuple[str, dict[str, str]]:
        return self.markdown, {FOLD_KEY: self.summary}

    def __repr__(self) -> str:  # the plain-text view (terminals, the strict notebook tests)
        return self.markdown

    def __str__(self) -> str:
        return self.markdown


#: Output metadata key whose value maps a section's number to its one-line finding; report
#: pages show each finding right under its section's heading, before the folded method.
FINDINGS_KEY = "wb_findings"
#: Output metadata key (and the HTML class report pages give it) that marks the advice on
#: supplying data an assessment could not use: the one place in a page's reading path where
#: file names and commands belong, since someone acts on them.
MISSING_DATA_KEY = "wb_missing_data"
MISSING_DATA_CLASS = "wb-missing-data"


@dataclass(frozen=True, repr=False)
class MissingData:
    """Markdown saying how to supply the data that could not be used (file names, columns,
    commands): report pages keep it in the reading path, marked :data:`MISSING_DATA_CLASS`."""

    markdown: str

    def _repr_markdown_(self) -> tuple[str, dict[str, bool]]:
        return self.markdown, {MISSING_DATA_KEY: True}

    def __repr__(self) -> str:  # the plain-text view (terminals, the strict notebook tests)
        return self.markdown

    def __str__(self) -> str:
        return self.markdown


@dataclass(frozen=True, repr=False)
class Findings:
    """Each numbered section's one-line finding (Markdown), computed from the result. Report
    pages place each under its section's heading (the list itself is not shown there);
    JupyterLab shows the list."""

    by_section: Mapping[int, str]

    def _repr_markdown_(self) -> tuple[str, dict[str, dict[str, str]]]:
        lines = [f"{number}. {text}" for number, text in sorted(self.by_section.items())]
        text = "**What each section found**\n\n" + "\n".join(lines) if lines else ""
        return text, {FINDINGS_KEY: {str(k): v for k, v in self.by_section.items()}}

    def __repr__(self) -> str:
        return "\n".join(f"{k}. {v}" for k, v in sorted(self.by_section.items()))


def first_sentence(text: str) -> str:
    """The first sentence of a Markdown paragraph (a finding is one line)."""
    import re

    paragraph = text.strip().split("\n\n")[0]
    return re.split(r"(?<=[.!?])\s+(?=[A-Z0-9*“(])", paragraph, maxsplit=1)[0]


def paragraph_starting(text: str, prefix: str) -> str:
    """The paragraph of ``text`` that starts with ``prefix`` ("" when none does)."""
    return next((p.strip() for p in text.split("\n\n") if p.strip().startswith(prefix)), "")


def checks_finding(checks: Iterable[Check]) -> str:
    """A group of checks in one line: how many pass and the first that fails (else warns),
    with why; checks not assessed are not counted."""
    assessed = [c for c in checks if c.outcome != "not assessed"]
    if not assessed:
        return "Not assessed."
    passed = sum(c.outcome == "pass" for c in assessed)
    worst = next(
        (c for outcome in ("fail", "warn") for c in assessed if c.outcome == outcome), None
    )
    if worst is None:
        if len(assessed) == 1:
            return escape(first_sentence(assessed[0].reason))
        return f"All {len(assessed)} checks pass."
    word = "fails" if worst.outcome == "fail" else "needs care"
    why = f"**{escape(worst.name)}** {word}: {escape(first_sentence(worst.reason))}"
    return why if len(assessed) == 1 else f"{passed} of {len(assessed)} checks pass; {why}"


def as_of_text(as_of: object) -> str:
    """The date a page's data runs to, as its header says it ("Data as of 2026-02-23.")."""
    return f"Data as of {fmt.day(as_of)}."  # type: ignore[arg-type]


def _e(text: object) -> str:
    """Escape text for HTML (element content and quoted attributes)."""
    return html.escape(str(text), quote=True)


# -- status marks --------------------------------------------------------------------------------

#: The theme's colours by the names the style sheets of the pages use (``$border``, ...).
THEME_COLOURS = {
    "accent": PALETTE["accent"],
    "grey": PALETTE["muted"],
    "good": PALETTE["good"],
    "bad": PALETTE["bad"],
    "muted": TEXT_MUTED,
    "border": BORDER,
}


def themed(css: str) -> str:
    """A style sheet whose ``$``-named colours come from :mod:`workbook.theme`."""
    return Template(css).substitute(THEME_COLOURS)


#: Marks and legend, shared by every block that shows them (repeated rules are harmless).
MARKS_CSS = themed(
    """
.wbs-status { font-weight: 600; }
.wbs-nobreak { white-space: nowrap; }
.wbs-mark { display: inline-block; vertical-align: -1px; }
.wbs-legend { font-size: 0.85rem; color: $muted; }
.wbs-legend-item { margin-right: 1rem; white-space: nowrap; }
"""
)


def status_html(status: str, tone: str) -> str:
    """A status as its mark and its words, e.g. a green circle and "strong" (the mark never
    parts from the first word)."""
    first, _, rest = status.partition(" ")
    head = f'<span class="wbs-nobreak">{mark_svg(tone)} {_e(first)}</span>'
    tail = f" {_e(rest)}" if rest else ""
    return f'<span class="wbs-status wbs-{_e(tone)}">{head}{tail}</span>'


def status_text(status: str, tone: str) -> str:
    """A status with its plain-text mark ("● strong")."""
    return f"{text_mark(tone)} {status}"


def legend_html() -> str:
    """What the marks mean, in one line."""
    items = " ".join(
        f'<span class="wbs-legend-item">{mark_svg(tone)} {_e(TONE_WORDS[tone])}</span>'
        for tone in ("good", "warn", "bad", "none")
    )
    return f'<p class="wbs-legend">{items}</p>'


def outcome_mark(outcome: str) -> str:
    """A check outcome as its mark and word, for Markdown and HTML ("pass" with a green
    circle, "fail" with a red square, …); the mark never parts from the word."""
    tone = OUTCOME_TONES.get(outcome, "none")
    return f'<span class="wbs-nobreak">{mark_svg(tone, outcome)} {_e(outcome)}</span>'


# -- checks and recommendations ------------------------------------------------------------------


def checks_markdown(checks: Iterable[Check]) -> str:
    """A Markdown table of checks (outcome, check, reason) for notebooks and reports."""
    rows = ["| Status | Check | Why |", "| --- | --- | --- |"]
    rows += [
        f"| {outcome_mark(c.outcome)} | {escape(c.name)} | {escape(c.reason)} |" for c in checks
    ]
    return "\n".join(rows)


def recommendations_markdown(recommendations: Iterable[Recommendation]) -> str:
    """A numbered Markdown list of recommendations, each with its severity and reason."""
    lines = [
        f"{number}. **{escape(r.title)}** ({r.severity.label}) — {escape(r.reason)}"
        for number, r in enumerate(recommendations, start=1)
    ]
    return "\n".join(lines) if lines else "_No recommendations: nothing stood out._"


# -- missing inputs ------------------------------------------------------------------------------


def missing_said(
    missing: Mapping[str, str], recommendations: Iterable[Recommendation]
) -> list[tuple[str, str, int | None]]:
    """Each file that could not be used, its advice, and the number of the recommendation
    (counted from 1) that already gives that advice, or None."""
    shown = list(recommendations)
    said = []
    for name, advice in missing.items():
        number = next(
            (n for n, r in enumerate(shown, start=1) if advice and advice in r.reason), None
        )
        said.append((name, advice, number))
    return said


#: Words a data file's name is read with where they differ from the name's own words.
_DATA_WORDS = {"pmf survey": "product/market fit survey", "company": "company profile"}


def join_words(words: Sequence[str]) -> str:
    """Words as a reader lists them: "a", "a and b", "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def data_words(file: str) -> str:
    """What a data file holds, in a reader's words: ``belonging_survey.csv`` → "belonging
    survey" (the file's own name is for the advice on supplying it)."""
    stem = file.rsplit("/", 1)[-1].split(".", 1)[0].replace("_", " ")
    return _DATA_WORDS.get(stem, stem)


def data_list(files: Iterable[str]) -> str:
    """Data files in a reader's words, joined: "the belonging survey and community goals
    data"."""
    return f"the {join_words([data_words(name) for name in files])} data"


def gap_markdown(missing: Mapping[str, str], *files: str) -> str:
    """One line for a section that has nothing to show because ``files`` could not be used,
    pointing at the verdict block at the top of the page, where what to add is said once
    ("" when every file of ``files`` could be used)."""
    gaps = [name for name in files if name in missing]
    if not gaps:
        return ""
    return (
        f"**Not assessed here:** this part needs {data_list(gaps)}, which could not be used. "
        "*At a glance*, at the top of the page, says what to add or fix."
    )


# -- the verdict block ---------------------------------------------------------------------------

_VERDICT_CSS = themed(
    """
.wb-verdict { border: 1px solid $border; border-left: 5px solid var(--wb-tone, $grey);
  border-radius: 4px; padding: 0.6rem 1rem; margin: 0.75rem 0; break-inside: avoid;
  page-break-inside: avoid; }
.wb-verdict p { margin: 0.4rem 0; }
.wb-verdict .wb-verdict-status { font-size: 1.15rem; }
.wb-verdict .wb-verdict-summary { font-size: 1.05rem; }
.wb-verdict .wb-verdict-heading { margin-top: 0.7rem; font-weight: 600; }
.wb-verdict ol, .wb-verdict ul { margin: 0.3rem 0; padding-left: 1.5rem; }
.wb-verdict li { margin: 0.2rem 0; }
.wb-verdict .wb-severity { font-size: 0.85rem; color: $muted; white-space: nowrap; }
"""
)


def verdict(result: AssessmentResult, assessment: str, top: int = MAX_RECOMMENDATIONS) -> Html:
    """The block every assessment page opens with: the status with its mark, the one-sentence
    summary, the ``top`` recommendations (most severe first) and, once, what to add for each
    input that could not be used (or which recommendation already says so).

    ``assessment`` is the registry id; its status vocabulary gives the status its tone. Every
    text from data is escaped.
    """
    from workbook import registry

    entry = registry.get(assessment)
    tone = entry.statuses.get(result.status, "none")
    advice = rank(result.recommendations, top)
    gaps = missing_said(result.missing, advice)

    parts = [
        f'<p class="wb-verdict-status">{_e(entry.title)}: {status_html(result.status, tone)}</p>',
        f'<p class="wb-verdict-summary">{_e(result.summary)}</p>',
    ]
    lines = [f"{entry.title}: {status_text(result.status, tone)}", result.summary]
    if advice:
        # A recommendation that says how to supply missing data is marked as such.
        supplying = {number for _, _, number in gaps if number is not None}
        items = "".join(
            (f'<li class="{MISSING_DATA_CLASS}">' if n in supplying else "<li>")
            + f"<strong>{_e(r.title)}</strong> "
            f'<span class="wb-severity">({_e(r.severity.label)})</span> — {_e(r.reason)}</li>'
            for n, r in enumerate(advice, start=1)
        )
        parts += ['<p class="wb-verdict-heading">What to do next</p>', f"<ol>{items}</ol>"]
        lines += ["", "What to do next:"]
        lines += [
            f"{n}. {r.title} ({r.severity.label}) — {r.reason}"
            for n, r in enumerate(advice, start=1)
        ]
    else:
        parts.append("<p><em>No recommendations: nothing stood out.</em></p>")
        lines += ["", "No recommendations: nothing stood out."]
    if gaps:
        items = "".join(
            f"<li><code>{_e(name)}</code>: see recommendation {number} above.</li>"
            if number is not None
            else f"<li>{_e(text)}</li>"
            for name, text, number in gaps
        )
        parts.append(
            f'<div class="{MISSING_DATA_CLASS}">'
            '<p class="wb-verdict-heading">Data this page could not use</p>'
            f"<ul>{items}</ul></div>"
        )
        lines += ["", "Data this page could not use:"]
        lines += [
            f"- {name}: see recommendation {number} above." if number is not None else f"- {text}"
            for name, text, number in gaps
        ]
    block = (
        f"<style>{MARKS_CSS}{_VERDICT_CSS}</style>"
        f'<section class="wb-verdict" style="--wb-tone: {tone_colour(tone)}">'
        + "".join(parts)
        + "</section>"
    )
    return Html(block, "\n".join(lines))


# -- what changed since the last render ----------------------------------------------------------

_CHANGE_CSS = themed(
    """
.wb-change { border: 1px solid $border; border-radius: 4px; padding: 0.5rem 1rem; margin: 0.75rem 0;
  break-inside: avoid; page-break-inside: avoid; }
.wb-change p { margin: 0.3rem 0; }
.wb-change ul { margin: 0.3rem 0; padding-left: 1.3rem; }
.wb-up { color: $good; }
.wb-down { color: $bad; }
"""
)
#: Shown where there is no earlier render whose results differ.
NOTHING_TO_COMPARE = (
    "Nothing to compare yet: no earlier render of these results differs from this one."
)


def _arrow(difference: float | None) -> tuple[str, str]:
    """An arrow (HTML with its accessible word, and plain text) for a signed difference."""
    if not difference:
        return '<span aria-label="unchanged">→</span>', "→"
    if difference > 0:
        return '<span class="wb-up" aria-label="up">▲</span>', "▲"
    return '<span class="wb-down" aria-label="down">▼</span>', "▼"


def figure_change_text(change: FigureChange) -> str:
    """A figure before and after with its signed difference, e.g. "38% → 45% (+7.0 percentage
    points)" for a share, "68.2 → 74.2 (+6.0)" for an index."""
    is_share = "share" in change.label.lower()

    def value(number: float | None) -> str:
        return fmt.share(number) if is_share else fmt.number(number)

    text = f"{value(change.before)} → {value(change.after)}"
    difference = change.difference
    if difference is not None:
        signed = fmt.signed_points(difference) if is_share else f"{difference + 0.0:+.1f}"
        text += f" ({signed})"
    return text


def status_change_parts(assessment: str, before: str, after: str) -> tuple[str, str]:
    """A status change as HTML (marks and words) and text, e.g. "at risk → on track"."""
    from workbook import registry

    statuses = registry.get(assessment).statuses
    title = registry.get(assessment).title
    before_tone, after_tone = statuses.get(before, "none"), statuses.get(after, "none")
    return (
        f"{_e(title)}: {status_html(before, before_tone)} → {status_html(after, after_tone)}",
        f"{title}: {status_text(before, before_tone)} → {status_text(after, after_tone)}",
    )


def change_lines(change: Change) -> list[tuple[str, str]]:
    """Each change as (HTML, text): statuses, figures with arrows, new and resolved advice."""
    lines = [status_change_parts(*item) for item in change.statuses]
    for figure in change.figures:
        arrow_html, arrow_text = _arrow(figure.difference)
        text = figure_change_text(figure)
        lines.append(
            (f"{arrow_html} {_e(figure.label)}: {_e(text)}", f"{arrow_text} {figure.label}: {text}")
        )
    for title in change.new_advice:
        lines.append((f"New advice: <strong>{_e(title)}</strong>", f"New advice: {title}"))
    for title in change.resolved_advice:
        lines.append((f"No longer advised: {_e(title)}", f"No longer advised: {title}"))
    if not lines and change.other:
        words = (
            "Details changed (a summary, a check or a figure), but no status, headline figure "
            "or advice."
        )
        lines.append((words, words))
    return lines


def change_html(change: Change | None) -> Html:
    """What changed since the previous render whose results differ (or that nothing can be
    compared yet), as a block for pages: statuses, the Belonging Index and the Sean Ellis share
    with arrows and signed differences, advice that is new or no longer given."""
    if change is None:
        body, text = f"<p>{_e(NOTHING_TO_COMPARE)}</p>", NOTHING_TO_COMPARE
    else:
        lines = change_lines(change)
        heading = f"Since the render of {change.since}:"
        items = "".join(f"<li>{line_html}</li>" for line_html, _ in lines)
        body = f'<p>Since the render of <span class="wb-date">{_e(change.since)}</span>:</p>'
        body += f"<ul>{items}</ul>"
        text = "\n".join([heading, *(f"- {line_text}" for _, line_text in lines)])
    block = f'<style>{MARKS_CSS}{_CHANGE_CSS}</style><section class="wb-change">{body}</section>'
    return Html(block, text)


def change_since(
    history_dir: str | None,
    company: Company,
    outcomes: Mapping[str, AssessmentResult],
    *,
    keep: bool = False,
) -> Html:
    """What changed in ``outcomes`` (one assessment's result, or all of a company's) since the
    previous render whose results differ, read from the reports' history (``history_dir``;
    None: no history, nothing to compare). ``keep``: first keep these results as this render's
    (the summary page does, once per render of a company)."""
    from workbook.cli import company_record
    from workbook.render import history

    record = company_record(company, outcomes)
    if keep and history_dir:
        history.keep(history_dir, company.slug, record)
    assessments = list(outcomes)
    before = history.previous(history_dir, company.slug, record, assessments)
    return change_html(None if before is None else history.compare(before, record, assessments))
