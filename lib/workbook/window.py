"""One observation window for every assessment: what happened by ``as_of``, and nothing else.

``as_of`` bounds everything an assessment reads. Rows dated after it are dropped (and counted, so
the caller can warn); a period that has not finished by ``as_of`` (the current month, a cohort's
period not yet elapsed) is censored, not read as zero; and the default ``as_of`` is the latest
*plausible* date in the data, so a mistyped year or a row dated in the future never moves the
clock (the ignored dates are returned for the caller to flag).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Literal

import pandas as pd

Frequency = Literal["week", "month", "quarter"]
FREQUENCIES: tuple[Frequency, ...] = ("week", "month", "quarter")

#: A date more than this many days after the rest of the data is taken for a typo, not the clock.
OUTLIER_GAP_DAYS = 366
#: ... when those late rows are at most this share of all dated rows (or at most two rows).
OUTLIER_SHARE = 0.05


def period_start(day: date, freq: Frequency) -> date:
    """The first day of the week (Monday), month or quarter holding ``day``."""
    if freq == "week":
        return day - timedelta(days=day.weekday())
    if freq == "month":
        return day.replace(day=1)
    if freq == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    raise ValueError(f"unknown period {freq!r}: expected one of {', '.join(FREQUENCIES)}")


def _add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def next_period(start: date, freq: Frequency) -> date:
    """The first day of the period after the one starting on ``start``."""
    if freq == "week":
        return period_start(start, "week") + timedelta(days=7)
    return _add_months(period_start(start, freq), 1 if freq == "month" else 3)


def period_end(start: date, freq: Frequency) -> date:
    """The last day of the period holding ``start``."""
    return next_period(start, freq) - timedelta(days=1)


def is_complete(start: date, freq: Frequency, as_of: date) -> bool:
    """True when the period holding ``start`` ended on or before ``as_of``."""
    return period_end(start, freq) <= as_of


def complete_periods(start: date, as_of: date, freq: Frequency) -> int:
    """How many whole periods have elapsed between ``start`` and ``as_of``.

    Counted from ``start`` itself (a cohort that started on 15 January has one whole month by
    14 February's end), so a cohort's period *k* is observed only when ``k < complete_periods``.
    """
    if as_of < start:
        return 0
    if freq == "week":
        return ((as_of - start).days + 1) // 7
    step = 1 if freq == "month" else 3
    months = (as_of.year - start.year) * 12 + as_of.month - start.month
    count = max(0, months // step - 1)
    # Period k+1 is whole once the day before start's day-of-month, (k+1) steps on, has passed.
    while _shift_months(start, (count + 1) * step) - timedelta(days=1) <= as_of:
        count += 1
    return count


def _shift_months(day: date, months: int) -> date:
    """``day`` moved ``months`` calendar months, clamped to the month's last day."""
    first = _add_months(day.replace(day=1), months)
    last = (_add_months(first, 1) - timedelta(days=1)).day
    return first.replace(day=min(day.day, last))


def drop_after(frame: pd.DataFrame, column: str, as_of: date) -> tuple[pd.DataFrame, int]:
    """``frame`` without the rows dated after ``as_of`` in ``column``, and how many were dropped.

    Rows with no date are kept (they are judged elsewhere). Works for date and timestamp columns.
    """
    if frame.empty or column not in frame.columns:
        return frame, 0
    stamps = pd.to_datetime(frame[column], errors="coerce")
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_localize(None)
    late = stamps.dt.normalize() > pd.Timestamp(as_of)
    dropped = int(late.sum())
    return (frame.loc[~late] if dropped else frame), dropped


def default_as_of(
    dates: Iterable[date | None], *, today: date | None = None
) -> tuple[date | None, tuple[date, ...]]:
    """The latest plausible date of the data, and the dates ignored as implausible.

    ``dates`` holds one date per row (repeats count). A date after ``today`` (the machine's date
    unless given) is in the future; a few rows (at most :data:`OUTLIER_SHARE` of them, or two)
    dated more than :data:`OUTLIER_GAP_DAYS` after all the others are a far outlier, such as a
    mistyped year. Neither moves the clock: both are returned so that the caller flags them.
    """
    today = today or date.today()
    known = sorted(d for d in dates if d is not None and not pd.isna(d))
    ignored = [d for d in known if d > today]
    plausible = [d for d in known if d <= today]
    while plausible:
        gaps = [
            index
            for index in range(1, len(plausible))
            if (plausible[index] - plausible[index - 1]).days > OUTLIER_GAP_DAYS
        ]
        if not gaps:
            break
        tail = len(plausible) - gaps[-1]
        if tail > max(2, OUTLIER_SHARE * len(plausible)):
            break
        ignored += plausible[gaps[-1] :]
        plausible = plausible[: gaps[-1]]
    return (plausible[-1] if plausible else None), tuple(sorted(set(ignored)))
