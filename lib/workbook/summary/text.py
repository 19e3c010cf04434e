"""Small text helpers the scorecard and the portfolio share (escaping, plain tables,
a recorded decision in words)."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from workbook import format as fmt


def _e(text: object) -> str:
    """Escape text for HTML (element content and quoted attributes)."""
    return html.escape(str(text), quote=True)


def _plain(frame: pd.DataFrame) -> str:
    with pd.option_context("display.max_colwidth", None, "display.width", 10_000):
        return frame.to_string(index=False)


def decision_text(decision: Any) -> str:
    """One recorded decision as plain text: the action, who owns it and by when."""
    return f"{decision.action} ({decision.owner}, by {fmt.day(decision.date)})"
