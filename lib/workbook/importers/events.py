"""A raw events table → monthly retention cohorts (``retention.csv``).

Accepted columns (any case): the user as ``user_id``, ``distinct_id`` (PostHog, Mixpanel) or
``amplitude_id``; the time as ``timestamp``, ``time`` (Mixpanel, Unix seconds allowed),
``event_time`` (Amplitude) or ``created_at``; an optional ``event``/``event_type``. A user's
cohort is the month of their first event; they are active in period *n* when they have any event
*n* months later. Only finished months count: a month that ends after the data's last day (or
after ``as_of``) is an unfinished period and is left out, never counted as zero.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from workbook.importers.source import ImportFailure, RawTable

KIND = "retention"
NAME = "events"
LABEL = "an events table"
USER_COLUMNS = ("user_id", "distinct_id", "amplitude_id", "person_id")
TIME_COLUMNS = ("timestamp", "time", "event_time", "created_at")


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    return next((lowered.index(n) for n in names if n in lowered), None)


def detect(table: RawTable) -> bool:
    """An events table has a user column and a time column."""
    header = table.rows[0] if table.rows else []
    return _find(header, USER_COLUMNS) is not None and _find(header, TIME_COLUMNS) is not None


def read_events(table: RawTable) -> pd.DataFrame:
    """``user`` and naive UTC ``moment`` per event; a bad time names its row and column."""
    header = table.rows[0]
    user_at, time_at = _find(header, USER_COLUMNS), _find(header, TIME_COLUMNS)
    assert user_at is not None and time_at is not None  # checked by detect
    rows = table.rows[1:]
    users = [r[user_at].strip() if user_at < len(r) else "" for r in rows]
    times = pd.Series([r[time_at].strip() if time_at < len(r) else "" for r in rows], dtype=object)
    numeric = pd.to_numeric(times, errors="coerce")
    moments = pd.Series(pd.NaT, index=times.index, dtype="datetime64[ns]")
    is_unix = numeric.notna()
    if is_unix.any():
        moments[is_unix] = pd.to_datetime(numeric[is_unix], unit="s")
    text = times[~is_unix]
    if len(text):
        parsed = pd.to_datetime(text, errors="coerce", utc=True, format="ISO8601")
        moments[~is_unix] = parsed.dt.tz_convert(None)
    for index in moments.index[moments.isna()]:
        raise ImportFailure(
            table.name,
            "a time as ISO 8601 (2026-01-31 14:05:00, with an optional offset) or Unix seconds",
            row=int(index) + 2,
            column=header[time_at].strip(),
            value=times[index],
        )
    frame = pd.DataFrame({"user": users, "moment": moments})
    return frame[frame["user"] != ""].reset_index(drop=True)


def monthly_cohorts(events: pd.DataFrame, end: date) -> pd.DataFrame:
    """``cohort``, ``period``, ``active_users``: distinct users per cohort month and months
    since, over finished months only (a month ending after ``end`` is left out)."""
    events = events[events["moment"].dt.date <= end]
    month = events["moment"].dt.to_period("M")
    last_finished = (
        pd.Period(end, "M")
        if (pd.Timestamp(end) + pd.Timedelta(days=1)).day == 1
        else pd.Period(end, "M") - 1
    )
    first = month.groupby(events["user"]).transform("min")
    frame = pd.DataFrame({"user": events["user"], "month": month, "cohort": first})
    frame = frame[(frame["month"] <= last_finished)]
    frame["period"] = (frame["month"] - frame["cohort"]).map(lambda offset: offset.n)
    counts = (
        frame.groupby(["cohort", "period"])["user"].nunique().rename("active_users").reset_index()
    )
    counts["cohort"] = counts["cohort"].map(lambda p: p.start_time.strftime("%Y-%m-%d"))
    return counts.sort_values(["cohort", "period"]).reset_index(drop=True)
