"""Discourse admin reports, exported as CSV (zipped, as Discourse sends them, or not).

Layout (Discourse's ``app/jobs/regular/export_csv_file.rb``, ``report_export``; see
docs/importing.md): one report per file, named after the report (``posts-260112-093000-7.zip``
holding ``posts-260112-093000.csv``), with a header of the report's column titles (``Day``,
``Count``; ``date``, ``value`` in older versions) and one row per day that has data. The
reports read are ``posts``, ``topics``, ``topics_with_no_response`` (topics created that day
still without a reply) and ``time_to_first_response`` (that day's average hours). A ``.zip``
may hold several of them.
"""

from __future__ import annotations

import re
import statistics
import zipfile
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from workbook import io
from workbook.importers.activity import Weekly, monday, parse_day, parse_hours, parse_whole
from workbook.importers.source import TABLE_SUFFIXES, ImportFailure, RawTable, decode, parse_rows

KIND = "activity"
NAME = "discourse"
LABEL = "Discourse reports"
#: The reports read, longest name first (``topics`` is a prefix of the other topic reports).
REPORTS = ("topics_with_no_response", "time_to_first_response", "posts", "topics")
SOURCES = {
    "posts": "posts report: the week's posts (topics' first posts and replies)",
    "questions": "topics report: topics created in the week",
    "questions_answered": "topics − topics_with_no_response of the week",
    "median_first_response_hours": "median of time_to_first_response's daily averages",
}
HEADERS = (("day", "count"), ("date", "value"))


def report_name(name: str) -> str | None:
    """The report a file holds, from its name (``topics-with-no-response-260112-0930….csv``)."""
    stem = Path(name.split(":")[-1]).stem.lower().replace("-", "_")
    for report in REPORTS:
        if re.fullmatch(rf"{report}(_\d{{6}}_\d{{6}})?(_\d+)?", stem):
            return report
    return None


def _is_report(rows: list[list[str]]) -> bool:
    return bool(rows) and tuple(c.strip().lower() for c in rows[0][:2]) in HEADERS


def detect(table: RawTable) -> bool:
    """A first row ``Day, Count`` (or ``date, value``)."""
    return _is_report(table.rows)


def _tables(path: Path, table: RawTable) -> list[RawTable]:
    """Every report table of the export: each CSV of a ``.zip``, or the file itself."""
    if not zipfile.is_zipfile(path):
        return [table]
    found = []
    with zipfile.ZipFile(path) as archive:
        for inner in sorted(archive.namelist()):
            if inner.lower().endswith(TABLE_SUFFIXES) and not inner.startswith("__MACOSX"):
                label = f"{path.name}:{inner}"
                found.append(RawTable(label, parse_rows(decode(archive.read(inner), label), label)))
    return found


def read_weeks(path: Path, table: RawTable, company: io.Company) -> Weekly:
    """Weekly posts, questions (new topics), questions answered (new topics − those still
    without a response) and the median of the daily first-response averages.

    Days with nothing to count are absent from a report, so the export's range is not known:
    a week counts only when the report shows its Monday and its Sunday or a later day (the
    first and last weeks of an export are usually cut off and left out as not finished)."""
    daily: dict[str, dict[date, float]] = {}
    for part in _tables(path, table):
        report = report_name(part.name) or report_name(path.name)
        if report is None or not _is_report(part.rows):
            raise ImportFailure(
                part.name,
                "a Discourse report export named after its report (posts-…, topics-…, "
                "topics-with-no-response-…, time-to-first-response-….csv or .zip, as Discourse "
                "names the download) with the header 'Day,Count'",
                row=1,
            )
        if report in daily:
            raise ImportFailure(part.name, f"the {report} report once per import")
        daily[report] = _read_days(part, report)
    shown = sorted({day for days in daily.values() for day in days})
    if not shown:
        raise ImportFailure(table.name, "at least one day of data under the header", row=2)
    first_week, last_day = monday(shown[0]), shown[-1]
    weekly = Weekly()
    buckets: dict[date, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for report, days in daily.items():
        for day, value in days.items():
            buckets[monday(day)][report].append(value)
    existing = _existing_questions(company)
    unfinished = 0
    for week, reports in sorted(buckets.items()):
        cut_first = week == first_week and shown[0] != week
        cut_last = week + timedelta(days=6) > last_day
        if cut_first or cut_last:
            unfinished += 1
            continue
        values: dict[str, str] = {}
        if "posts" in reports or "posts" in daily:
            values["posts"] = str(int(sum(reports.get("posts", []))))
        topics: int | None = None
        if "topics" in daily:
            topics = int(sum(reports.get("topics", [])))
            values["questions"] = str(topics)
        elif week in existing:
            topics = existing[week]
        if "topics_with_no_response" in daily:
            unanswered = int(sum(reports.get("topics_with_no_response", [])))
            if topics is None:
                weekly.notes.append(
                    f"week {week.isoformat()}: questions answered not filled — the topics "
                    "report for that week is neither in this import nor in the file; import "
                    "it, then this report again"
                )
            elif unanswered > topics:
                raise ImportFailure(
                    table.name,
                    f"no more topics without a response than topics in the week of "
                    f"{week.isoformat()} ({unanswered} > {topics}): export both reports for "
                    "the same dates and category",
                )
            else:
                values["questions_answered"] = str(topics - unanswered)
        if reports.get("time_to_first_response"):
            hours = statistics.median(reports["time_to_first_response"])
            values["median_first_response_hours"] = f"{hours:g}"
        if values:
            weekly.weeks[week] = values
    weekly.dropped["period not finished"] = unfinished
    weekly.notes.append(
        f"reports read: {', '.join(sorted(daily))}; a week counts only when the export shows "
        "its Monday and its Sunday (or later); members and active members are not in these "
        "reports and stay as they were"
    )
    return weekly


def _read_days(part: RawTable, report: str) -> dict[date, float]:
    day_title, value_title = part.rows[0][0].strip(), part.rows[0][1].strip()
    days: dict[date, float] = {}
    for number, cells in enumerate(part.rows[1:], start=2):
        cells = [*cells, "", ""]
        day = parse_day(cells[0], part.name, number, day_title)
        if day in days:
            raise ImportFailure(
                part.name, "each day once", row=number, column=day_title, value=cells[0]
            )
        if report == "time_to_first_response":
            days[day] = parse_hours(cells[1], part.name, number, value_title)
        else:
            days[day] = parse_whole(cells[1], part.name, number, value_title)
    return days


def _existing_questions(company: io.Company) -> dict[date, int]:
    """The questions already in community_activity.csv, by week (to pair a
    topics_with_no_response report imported after the topics report)."""
    frame = company.community_activity
    if frame is None:
        return {}
    known = frame.dropna(subset=["questions"])
    return {
        pd.Timestamp(week).date(): int(count)
        for week, count in zip(known["week"], known["questions"], strict=True)
    }
