"""The questions the workbook asks and the wordings the importer recognises.

One place holds every wording: ``workbook survey`` prints them and the importer matches an
export's column headers against them, so a survey built from the kit imports without a mapping.
Headers are compared after folding case, curly quotes, dashes and spaces, dropping a leading
question number ("3. ", "Q3 - ") and trailing punctuation, and writing the product's name as
``<product>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbook.io import Instrument, fold_text

PRODUCT = "<product>"


@dataclass(frozen=True)
class Question:
    """One question of the kit: the contract field it fills, its wording (with ``<product>``),
    its answer options (empty for free text), other wordings we accept, and a note."""

    field: str
    text: str
    options: tuple[str, ...] = ()
    also: tuple[str, ...] = ()
    keywords: tuple[tuple[str, ...], ...] = ()
    stored: bool = True


#: Eligibility answers that keep a respondent in the Sean Ellis sample (used at least twice in
#: the last two weeks, as the published method asks).
ELIGIBLE_OPTIONS = ("Three times or more", "Twice")
INELIGIBLE_OPTIONS = ("Once", "Not at all")

PMF_QUESTIONS: tuple[Question, ...] = (
    Question(
        "eligibility",
        "How many times have you used <product> in the last two weeks?",
        (*ELIGIBLE_OPTIONS, *INELIGIBLE_OPTIONS),
        also=("How often have you used <product> in the last two weeks?",),
        keywords=(("last two weeks",), ("last 2 weeks",), ("past two weeks",)),
        stored=False,
    ),
    Question(
        "answer",
        "How would you feel if you could no longer use <product>?",
        (
            "Very disappointed",
            "Somewhat disappointed",
            "Not disappointed",
            "N/A - I no longer use <product>",
        ),
        also=(
            "How disappointed would you be if you could no longer use <product>?",
            "How would you feel if you could no longer use the product?",
        ),
        keywords=(("no longer use", "feel"), ("no longer use", "disappointed")),
    ),
    Question(
        "type_of_people",
        "What type of people do you think would most benefit from <product>?",
        also=("What type of people would benefit most from <product>?",),
        keywords=(("type of people",),),
        stored=False,
    ),
    Question(
        "main_benefit",
        "What is the main benefit you receive from <product>?",
        also=("What is the main benefit you get from <product>?",),
        keywords=(("main benefit",),),
    ),
    Question(
        "improvement",
        "How can we improve <product> for you?",
        also=("How could we improve <product> for you?",),
        keywords=(("improve",),),
    ),
    Question(
        "segment",
        "Which of these best describes you?",
        also=("What best describes your role?", "Segment"),
        keywords=(("best describes",), ("segment",)),
    ),
)

#: Kano answer options (the classic five) and other wordings tools and teams use for them.
KANO_OPTIONS = {
    "like": ("I like it", "I like it that way", "like"),
    "expect": ("I expect it", "It must be that way", "expect", "must-be"),
    "neutral": ("I am neutral", "I'm neutral", "I don't care", "neutral"),
    "tolerate": ("I can tolerate it", "I can live with it", "tolerate", "live with"),
    "dislike": ("I dislike it", "I dislike it that way", "dislike"),
}
KANO_FUNCTIONAL = "How would you feel if <product> had {feature}?"
KANO_DYSFUNCTIONAL = "How would you feel if <product> did not have {feature}?"
_KANO_FUNCTIONAL_ALSO = ("If <product> had {feature}, how would you feel?",)
_KANO_DYSFUNCTIONAL_ALSO = ("If <product> did not have {feature}, how would you feel?",)

#: Agreement labels of a five-point scale, for exports that give the label instead of a number.
LIKERT_5 = (
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
)
BELONGING_INTRO = "How much do you agree with each statement about the <product> community?"

_NUMBERING = re.compile(r"^(q?\d+[a-z]?\s*[.):-]\s*|q\d+(_\d+)?\s+)", re.IGNORECASE)


def question_key(text: str, product: str | None = None) -> str:
    """A header or wording reduced to what identifies it (see the module docstring)."""
    folded = fold_text(text)
    folded = _NUMBERING.sub("", folded)
    if product:
        folded = folded.replace(fold_text(product), PRODUCT)
    folded = folded.replace("the product", PRODUCT) if PRODUCT not in folded else folded
    return folded.rstrip(" ?.:!*").strip()


def wordings(question: Question) -> tuple[str, ...]:
    """The question's wording and the other wordings accepted for it."""
    return (question.text, *question.also)


def kano_questions(features: list[str]) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(feature, side, wording, other wordings) for the functional and dysfunctional question of
    each feature."""
    result = []
    for feature in features:
        result.append(
            (
                feature,
                "functional",
                KANO_FUNCTIONAL.format(feature=feature),
                tuple(w.format(feature=feature) for w in _KANO_FUNCTIONAL_ALSO),
            )
        )
        result.append(
            (
                feature,
                "dysfunctional",
                KANO_DYSFUNCTIONAL.format(feature=feature),
                tuple(w.format(feature=feature) for w in _KANO_DYSFUNCTIONAL_ALSO),
            )
        )
    return result


def kano_code(answer: str) -> str | None:
    """``like|expect|neutral|tolerate|dislike`` for a Kano answer wording, else None."""
    key = fold_text(answer).rstrip(" .!")
    for code, texts in KANO_OPTIONS.items():
        if key in (fold_text(t) for t in texts):
            return code
    return None


def scale_value(answer: str, instrument: Instrument) -> int | None:
    """The number on the instrument's scale for an answer given as a number ("4",
    "4 - Agree") or as its label ("Agree"); None when it is neither."""
    text = fold_text(answer)
    number = re.match(r"^(\d+)(\s*[-=:.)]\s*.*)?$", text)
    if number:
        value = int(number.group(1))
        return value if instrument.scale_min <= value <= instrument.scale_max else None
    labels = likert_labels(instrument)
    for value, label in labels.items():
        if fold_text(label) == text:
            return value
    return None


def likert_labels(instrument: Instrument) -> dict[int, str]:
    """The label of each scale point: the instrument's own, else the usual five agreement
    labels for a 1–5 scale."""
    labels = dict(instrument.scale_labels)
    if instrument.scale_min == 1 and instrument.scale_max == 5:
        for value, label in enumerate(LIKERT_5, start=1):
            labels.setdefault(value, label)
    return labels


def grid_row(header: str) -> list[str]:
    """The row labels a grid header may carry: ``Question [Row]`` (the row may itself hold
    brackets) and ``Question - Row``; the header itself first."""
    candidates = [header]
    text = header.rstrip()
    if text.endswith("]"):
        depth = 0
        for index in range(len(text) - 1, -1, -1):
            depth += {"]": 1, "[": -1}.get(text[index], 0)
            if depth == 0:
                candidates.append(text[index + 1 : -1])
                break
    parts = text.split(" - ")
    for cut in range(1, len(parts)):
        candidates.append(" - ".join(parts[cut:]))
    return candidates
