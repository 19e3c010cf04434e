"""``workbook survey``: the questionnaires to send, in the exact wordings the importer knows.

:func:`kit_questions` lists a company's questions (Sean Ellis, Kano pairs for the features of
``features.csv``, the belonging instrument's statements) from :mod:`workbook.importers.questions`,
the one place that holds the wordings; :func:`render_html` and :func:`render_csv` give a
printable page and a list to paste into a survey tool.
"""

from __future__ import annotations

import csv
import html
import io as stdio
from dataclasses import dataclass

from workbook import io
from workbook.importers.questions import (
    BELONGING_INTRO,
    KANO_OPTIONS,
    PMF_QUESTIONS,
    PRODUCT,
    kano_questions,
    likert_labels,
)

KINDS = ("pmf", "kano", "belonging", "all")
SECTION_TITLES = {
    "pmf": "Sean Ellis test (product/market fit)",
    "kano": "Kano questions (what customers expect and what delights them)",
    "belonging": "Belonging survey",
}

#: Question types and the survey tools that offer them (name of the type in each tool).
TOOL_SUPPORT: dict[str, dict[str, str]] = {
    "single choice": {
        "Typeform": "Multiple Choice",
        "Google Forms": "Multiple choice",
        "SurveyMonkey": "Multiple Choice",
        "Qualtrics": "Multiple choice",
        "Tally": "Multiple choice",
        "Formbricks": "Single-Select",
    },
    "free text": {
        "Typeform": "Long Text",
        "Google Forms": "Paragraph",
        "SurveyMonkey": "Comment Box",
        "Qualtrics": "Text entry",
        "Tally": "Long answer",
        "Formbricks": "Free text",
    },
    "agreement grid (or one single-choice question per statement)": {
        "Typeform": "Matrix",
        "Google Forms": "Multiple choice grid",
        "SurveyMonkey": "Matrix/Rating Scale",
        "Qualtrics": "Matrix table",
        "Tally": "Matrix",
        "Formbricks": "Matrix",
    },
    "hidden respondent id (to follow people across waves)": {
        "Typeform": "Hidden fields",
        "Google Forms": "none: collect e-mail addresses instead",
        "SurveyMonkey": "Custom variables",
        "Qualtrics": "Embedded data / external reference",
        "Tally": "Hidden fields",
        "Formbricks": "Hidden fields / user id",
    },
}


@dataclass(frozen=True)
class KitQuestion:
    """One question to send: its section, the contract field it fills, its wording for this
    company, its type and its options."""

    section: str
    field: str
    text: str
    kind: str
    options: tuple[str, ...] = ()
    note: str = ""


def _product(text: str, product: str) -> str:
    return text.replace(PRODUCT, product)


def kit_questions(company: io.Company, kind: str) -> list[KitQuestion]:
    """The questions of ``kind`` (``pmf``, ``kano``, ``belonging`` or ``all``) for a company,
    worded with its product's name."""
    product = company.config.name
    sections = ("pmf", "kano", "belonging") if kind == "all" else (kind,)
    result: list[KitQuestion] = []
    for section in sections:
        if section == "pmf":
            notes = {
                "eligibility": "ask first; only people who used it at least twice are counted",
                "answer": "the Sean Ellis question: keep the four options as they are",
                "type_of_people": "read by the team; not stored in pmf_survey.csv",
                "segment": "your own options, e.g. roles or company sizes",
            }
            for question in PMF_QUESTIONS:
                result.append(
                    KitQuestion(
                        section,
                        question.field,
                        _product(question.text, product),
                        "single choice"
                        if question.options or question.field == "segment"
                        else "free text",
                        tuple(_product(o, product) for o in question.options),
                        notes.get(question.field, ""),
                    )
                )
        elif section == "kano":
            features = [] if company.features is None else company.features["feature"].tolist()
            options = tuple(texts[0] for texts in KANO_OPTIONS.values())
            for feature, side, text, _also in kano_questions(features):
                result.append(
                    KitQuestion(
                        section,
                        f"{feature}|{side}",
                        _product(text, product),
                        "single choice",
                        options,
                    )
                )
        elif section == "belonging" and company.instrument is not None:
            labels = likert_labels(company.instrument)
            options = tuple(
                f"{value} - {labels[value]}" if value in labels else str(value)
                for value in range(company.instrument.scale_min, company.instrument.scale_max + 1)
            )
            intro = _product(BELONGING_INTRO, product)
            for item in company.instrument.items:
                result.append(
                    KitQuestion(
                        section,
                        item.id,
                        item.text,
                        "agreement grid (or one single-choice question per statement)",
                        options,
                        f"a row of the grid '{intro}'",
                    )
                )
    return result


def render_csv(questions: list[KitQuestion]) -> str:
    """One row per question: section, field, question, type, options (joined by " | ")."""
    buffer = stdio.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["section", "field", "question", "type", "options", "note"])
    for q in questions:
        writer.writerow([q.section, q.field, q.text, q.kind, " | ".join(q.options), q.note])
    return buffer.getvalue()


def render_text(questions: list[KitQuestion]) -> str:
    """The questions as plain text, numbered, options indented: to paste into a survey tool."""
    lines: list[str] = []
    section = None
    for number, q in enumerate(questions, start=1):
        if q.section != section:
            section = q.section
            lines += ["", SECTION_TITLES[section].upper(), ""]
        lines.append(f"{number}. {q.text}  [{q.kind}]")
        lines += [f"   - {option}" for option in q.options]
    return "\n".join(lines).strip() + "\n"


def render_html(company: io.Company, kind: str, questions: list[KitQuestion]) -> str:
    """A self-contained printable page (no scripts, no external files)."""
    e = html.escape
    product = e(company.config.name)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{product}: survey kit ({e(kind)})</title>",
        "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:46em;margin:2em auto;"
        "padding:0 1em;color:#222}h1{font-size:1.5em}h2{margin-top:2em;border-bottom:1px "
        "solid #ccc}ol{padding-left:1.4em}li.q{margin:1em 0;break-inside:avoid}"
        ".type{color:#666;font-size:.85em}.note{color:#555;font-style:italic;font-size:.9em}"
        "table{border-collapse:collapse;font-size:.85em}td,th{border:1px solid #ccc;"
        "padding:.2em .5em;text-align:left}@media print{body{margin:0}}</style>",
        "</head><body>",
        f"<h1>{product}: the questions to send</h1>",
        "<p>Copy each question and its options exactly: <code>workbook import</code> "
        "recognises these wordings (case, quotes and dashes do not matter). Add a hidden "
        "<code>respondent_id</code> field, or collect e-mail addresses, so that a person who "
        "answers again is counted once per wave.</p>",
    ]
    section = None
    for q in questions:
        if q.section != section:
            if section is not None:
                parts.append("</ol>")
            section = q.section
            parts.append(f"<h2>{e(SECTION_TITLES[section])}</h2>")
            if section == "belonging":
                intro = e(_product(BELONGING_INTRO, company.config.name))
                parts.append(f"<p>Grid title: <strong>{intro}</strong> (one row each)</p>")
            parts.append('<ol class="questions">')
        options = "".join(f"<li>{e(o)}</li>" for o in q.options)
        note = f'<div class="note">{e(q.note)}</div>' if q.note else ""
        parts.append(
            f'<li class="q" data-field="{e(q.field)}"><strong>{e(q.text)}</strong> '
            f'<span class="type">({e(q.kind)})</span>'
            + (f"<ul>{options}</ul>" if options else "")
            + note
            + "</li>"
        )
    if section is not None:
        parts.append("</ol>")
    tools = list(next(iter(TOOL_SUPPORT.values())))
    parts.append("<h2>Which tools support which question types</h2><table><tr><th>type</th>")
    parts += [f"<th>{e(t)}</th>" for t in tools]
    parts.append("</tr>")
    for kind_name, per_tool in TOOL_SUPPORT.items():
        cells = "".join(f"<td>{e(per_tool[t])}</td>" for t in tools)
        parts.append(f"<tr><td>{e(kind_name)}</td>{cells}</tr>")
    parts.append("</table></body></html>")
    return "\n".join(parts) + "\n"
