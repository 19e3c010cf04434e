"""Formatting for people: shares, intervals, estimates, numbers, dates and escaping.

The one place numbers become text, used by notebooks, reports, widgets and the CLI, so that a
share reads the same everywhere and "not defined" is always spelled the same way.
"""

from __future__ import annotations

import html
import math
from datetime import date, datetime
from typing import Any

from workbook.stats import MIN_RELIABLE_N, Estimate

#: What every formatter shows for a value that could not be computed.
NOT_DEFINED = "not defined"


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(math.isnan(value))
    except TypeError:
        return value != value  # pandas NA and NaT


def _number(value: float | None) -> float | None:
    """``value`` as a float, or None when it is missing (None, NaN, pandas NA)."""
    return None if value is None or _missing(value) else float(value)


def share(value: float | None, digits: int = 0) -> str:
    """A share as a percentage ("42%"), or "not defined"."""
    shown = _number(value)
    return NOT_DEFINED if shown is None else f"{shown:.{digits}%}"


def points(value: float | None, digits: int = 0) -> str:
    """A share difference in percentage points ("5 percentage points")."""
    shown = _number(value)
    return NOT_DEFINED if shown is None else f"{shown * 100:.{digits}f} percentage points"


def signed_points(value: float | None, digits: int = 1) -> str:
    """A signed share change in percentage points ("+9.5 percentage points", never "-0.0")."""
    shown = _number(value)
    if shown is None:
        return NOT_DEFINED
    rounded = round(shown * 100, digits) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{rounded:+.{digits}f} percentage points"


def compact(value: float | None) -> str:
    """A number without trailing zeros ("30", "4.5"), e.g. a runway as the team typed it."""
    shown = _number(value)
    return NOT_DEFINED if shown is None else f"{shown:g}"


def number(value: float | None, digits: int = 1, placeholder: str = NOT_DEFINED) -> str:
    """A number with ``digits`` decimals, or ``placeholder`` when missing."""
    shown = _number(value)
    return placeholder if shown is None else f"{shown:.{digits}f}"


def interval(
    low: float | None, high: float | None, digits: int = 1, *, as_share: bool = True
) -> str:
    """An interval "38.2%–45.1%" (or "3.1–4.5" with ``as_share=False``), or "not defined"."""
    if _missing(low) or _missing(high):
        return NOT_DEFINED
    if as_share:
        return f"{share(low, digits)}–{share(high, digits)}"
    return f"{number(low, digits)}–{number(high, digits)}"


def estimate(value: Estimate, digits: int = 1, placeholder: str = NOT_DEFINED) -> str:
    """An estimate with its interval and n: "62.3 (95% CI 58.1–66.5, n = 120)".

    An estimate on too few answers says so inside the brackets; a missing one is ``placeholder``.
    """
    if value.value is None:
        return placeholder
    parts = []
    if value.ci_low is not None and value.ci_high is not None:
        parts.append(f"95% CI {interval(value.ci_low, value.ci_high, digits, as_share=False)}")
    parts.append(f"n = {value.n}")
    text = f"{value.value:.{digits}f} ({', '.join(parts)}"
    if value.too_few:
        text += f"; fewer than {MIN_RELIABLE_N} answers, too few to trust"
    return text + ")"


def day(value: date | datetime | None, placeholder: str = NOT_DEFINED) -> str:
    """A date as YYYY-MM-DD (the time of day dropped), or ``placeholder``."""
    if value is None or _missing(value):
        return placeholder
    if isinstance(value, datetime):  # pandas' Timestamp too
        value = value.date()
    return value.isoformat()


def months(value: float | None, digits: int = 1) -> str:
    """A number of months ("14.2 months"), or "not defined"."""
    shown = _number(value)
    return NOT_DEFINED if shown is None else f"{shown:.{digits}f} months"


def seconds(value: float | None, digits: int = 0) -> str:
    """A duration in seconds ("20 s"), or "not defined"."""
    shown = _number(value)
    return NOT_DEFINED if shown is None else f"{shown:.{digits}f} s"


def escape(text: object) -> str:
    """Escape user-supplied text for Markdown and HTML (names, comments, answers)."""
    escaped = str(text)
    for char in "\\`*_[]#|":
        escaped = escaped.replace(char, "\\" + char)
    return html.escape(escaped, quote=True)  # last, so its entities are not escaped again


#: How many characters of a value a message shows before shortening it.
SHOWN_CHARACTERS = 80


def shorten(value: object, limit: int = SHOWN_CHARACTERS) -> str:
    """``value`` as text of at most about ``limit`` characters; a longer one is cut with "…" and
    its full length, so a 20 MB cell never fills a message ("abc… (52,428,800 characters)")."""
    text = value if isinstance(value, str) else str(value)
    if len(text) <= limit:
        return text
    return f"{text[: max(limit - 1, 1)]}… ({len(text):,} characters)"


def visible(text: str) -> str:
    """``text`` with every character a reader could not see written as its code, e.g.
    ``\\u202e`` for a right-to-left override or ``\\x00`` for NUL."""
    if text.isprintable():
        return text
    # repr escapes exactly the characters that are not printable (NUL, tab, U+202E, …)
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
