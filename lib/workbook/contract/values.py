"""Small parsers shared by YAML and CSV checks: dates, timestamps, Sean Ellis answers."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import pandas as pd

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
INTEGER = re.compile(r"[+-]?\d+")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


#: A date, or a date and time with an optional UTC offset (ISO 8601, "T" or a space between).
ISO_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|UTC|[+-]\d{2}(:?\d{2})?)?)?"
)


def _read_timestamp(text: Any) -> pd.Timestamp | None:
    """The moment an ISO date or date-time names, keeping its offset if it has one; None if the
    text is not one. ``UTC`` is read as ``Z``."""
    if not isinstance(text, str) or not ISO_TIMESTAMP.fullmatch(text.strip()):
        return None
    try:
        return pd.Timestamp(text.strip().replace("UTC", "Z"))
    except ValueError:
        return None


def parse_timestamp(text: str) -> pd.Timestamp | None:
    """The moment written as an ISO date or date-time, as a naive timestamp; None if not one.

    A time with an offset is converted to UTC wall time (call :func:`localize_timestamps`
    first to date answers in the company's time zone); a time without one is kept as written.
    """
    moment = _read_timestamp(text)
    if moment is not None and moment.tzinfo is not None:
        moment = moment.tz_convert("UTC").tz_localize(None)
    return moment


def localize_timestamps(values: pd.Series, timezone: str) -> pd.Series:
    """Rewrite date-times that carry an offset as wall time in ``timezone`` (an IANA name such as
    ``Europe/Berlin``), so that each answer is dated by the company's calendar. Dates, times
    without an offset and text that is not a timestamp are left as they are (validation then
    reports the last)."""

    def local(text: Any) -> Any:
        moment = _read_timestamp(text)
        if moment is None or moment.tzinfo is None:
            return text
        return moment.tz_convert(timezone).tz_localize(None).isoformat(sep=" ")

    return values.map(local, na_action="ignore").astype(object)


def parse_iso_date(text: str) -> date | None:
    """Return the date written as ``YYYY-MM-DD``, or None when the text is not such a date."""
    if not isinstance(text, str) or not ISO_DATE.fullmatch(text.strip()):
        return None
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError:
        return None


#: The Sean Ellis question's answers: short codes, and the survey tools' full texts.
PMF_ANSWER_CODES = ("very", "somewhat", "not", "na")
#: Every accepted text (compared after folding case, spaces, dashes and curly quotes), with its
#: code. "N/A - I no longer use <product>" is accepted for any product name (see below).
PMF_ANSWER_TEXTS: dict[str, str] = {
    "very": "very",
    "somewhat": "somewhat",
    "not": "not",
    "na": "na",
    "n/a": "na",
    "very disappointed": "very",
    "somewhat disappointed": "somewhat",
    "mildly disappointed": "somewhat",
    "not disappointed": "not",
    "not at all disappointed": "not",
    "not disappointed (it isn't really that useful)": "not",
    "n/a - i no longer use it": "na",
    "n/a, i no longer use it": "na",
    "i no longer use it": "na",
}
#: The original survey's N/A option names the product: "N/A - I no longer use Acme".
_PMF_NO_LONGER_USE = re.compile(r"(n/a\s*[-,:]?\s*)?i no longer use .+")
_DASHES = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
    }
)


def fold_text(text: str) -> str:
    """Lower-case ``text`` with dashes, curly quotes and runs of spaces made plain, so that
    wordings typed in different tools compare equal."""
    return " ".join(text.translate(_DASHES).lower().split())


def normalize_pmf_answer(answer: Any) -> str | None:
    """Map a Sean Ellis answer (code or full text, any case or dash) to ``very|somewhat|not|na``.

    Returns None for anything that is not a recognised answer.
    """
    if not isinstance(answer, str):
        return None
    key = fold_text(answer)
    code = PMF_ANSWER_TEXTS.get(key)
    if code is None and _PMF_NO_LONGER_USE.fullmatch(key):
        return "na"
    return code


def pmf_answer_expectation() -> str:
    """Every accepted Sean Ellis answer, for problem messages."""
    texts = [text for text in PMF_ANSWER_TEXTS if text not in PMF_ANSWER_CODES]
    shown = (
        (text[0].upper() + text[1:]).replace("N/a", "N/A").replace(" i ", " I ") for text in texts
    )
    quoted = ", ".join(f'"{text}"' for text in shown)
    return (
        f"one of: {', '.join(PMF_ANSWER_CODES)}, or the texts {quoted}, "
        '"N/A - I no longer use <product>" (any case; -, – or — alike)'
    )
