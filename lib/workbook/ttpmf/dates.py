"""Months and dates on the road to fit: average months for projections, calendar months for
marks people read on a calendar (12/24 months, the runway end)."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import pandas as pd

from workbook.ttpmf import rules


def months_between(start: date, end: date) -> float:
    """Months from ``start`` to ``end`` in average months (365.25 / 12 days); negative if before."""
    return (end - start).days / rules.DAYS_PER_MONTH.value


def date_at_month(start: date, months: float) -> date:
    """The date ``months`` average months after ``start`` (inverse of :func:`months_between`)."""
    return start + timedelta(days=round(months * rules.DAYS_PER_MONTH.value))


def add_calendar_months(start: date, months: float) -> date:
    """``start`` plus whole calendar months, plus any fraction as average-month days.

    Used for marks people read on a calendar (12/24 months, the runway end).
    """
    whole = math.floor(months)
    shifted = (pd.Timestamp(start) + pd.DateOffset(months=whole)).date()
    return shifted + timedelta(days=round((months - whole) * rules.DAYS_PER_MONTH.value))


def calendar_months_between(start: date, end: date) -> float:
    """Calendar months from ``start`` to ``end``: the whole months a calendar counts (the same
    day of a later month, or its last day when the month is shorter), plus the days left as a
    share of the month that follows; negative when ``end`` is before ``start``.

    The inverse of :func:`add_calendar_months` for whole months: a runway of exactly six months
    counts as 6.0, whatever the lengths of the months it spans.
    """
    if end < start:
        return -calendar_months_between(end, start)
    whole = (end.year - start.year) * 12 + end.month - start.month
    while whole > 0 and _shift_months(start, whole) > end:
        whole -= 1
    base = _shift_months(start, whole)
    following = _shift_months(start, whole + 1)
    return whole + (end - base).days / (following - base).days


def _shift_months(start: date, months: int) -> date:
    """``start`` plus whole calendar months (clipped to the month's last day)."""
    return (pd.Timestamp(start) + pd.DateOffset(months=months)).date()


def as_date(value: Any) -> date:
    """A date from a pandas Timestamp, numpy datetime64, date or ISO text."""
    return pd.Timestamp(value).date()


def _maybe(value: Any) -> float | None:
    """A float, or None for None and NaN (figures are plain JSON-ready values)."""
    return None if value is None or pd.isna(value) else float(value)
