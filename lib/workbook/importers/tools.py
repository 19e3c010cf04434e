"""The registry of tools the importer reads, and layout detection."""

from __future__ import annotations

from types import ModuleType

from workbook.importers import (
    amplitude,
    discourse,
    events,
    formbricks,
    generic,
    google_forms,
    mixpanel,
    posthog,
    qualtrics,
    slack,
    surveymonkey,
    tally,
    typeform,
)
from workbook.importers.source import ImportFailure, RawTable

#: Survey tools, in detection order (the plain CSV last: it is the least specific).
SURVEY_TOOLS: dict[str, ModuleType] = {
    module.NAME: module
    for module in (typeform, google_forms, surveymonkey, qualtrics, tally, formbricks, generic)
}
#: Retention chart exports laid out as a cohort × period grid (``read_grid``).
RETENTION_GRID_TOOLS: dict[str, ModuleType] = {
    module.NAME: module for module in (posthog, mixpanel, amplitude)
}
#: Community activity exports (``read_weeks``, see :mod:`~workbook.importers.activity`).
ACTIVITY_TOOLS: dict[str, ModuleType] = {module.NAME: module for module in (slack, discourse)}
#: Every tool the importer knows: survey tools, event tables, retention grids and activity.
TOOLS: dict[str, ModuleType] = {
    **SURVEY_TOOLS,
    events.NAME: events,
    **RETENTION_GRID_TOOLS,
    **ACTIVITY_TOOLS,
}


def detect_tool(table: RawTable, wanted: str = "auto") -> ModuleType:
    """The tool whose layout ``table`` has (or the one asked for, checked)."""
    if wanted != "auto":
        if wanted not in TOOLS:
            raise ImportFailure(table.name, f"--tool one of: auto, {', '.join(TOOLS)}")
        tool = TOOLS[wanted]
        if not tool.detect(table):
            layout = (tool.__doc__ or tool.LABEL).splitlines()[0]
            raise ImportFailure(table.name, f"the layout of a {tool.LABEL} export ({layout})")
        return tool
    for tool in TOOLS.values():
        if tool.detect(table):
            return tool
    first = ", ".join(repr(c) for c in (table.rows[0][:6] if table.rows else []))
    raise ImportFailure(
        table.name,
        "a known export layout: Typeform ('#' … 'Submit Date (UTC)'), Google Forms "
        "('Timestamp' first), SurveyMonkey ('Respondent ID', 'Collector ID' and two header "
        "rows), Qualtrics ('StartDate' … 'ResponseId' and three header rows), Tally "
        "('Submission ID' … 'Submitted at'), Formbricks ('Response ID', 'Formbricks ID "
        "(internal)'), a plain CSV with 'submitted_at', an events table with 'user_id' "
        "and 'timestamp', or a retention chart (PostHog 'cohort', 'cohort size', 'Month 0' …; "
        "Mixpanel 'Date', 'Total', '< 1 Month' …; Amplitude 'Date', 'Users', 'Month 0' …), "
        "Slack member analytics ('Days active', 'Messages posted') or a Discourse report "
        "('Day', 'Count')"
        f"; this file starts with {first or 'nothing'}",
        row=1,
    )
