"""The root of every error the workbook raises on purpose, so that a caller can catch them all.

Each family keeps its own module and its built-in base (a missing company is still a
``FileNotFoundError``, a refused data folder still a ``ValueError``); ``WorkbookError`` is what
they share. Standard library only.
"""

from __future__ import annotations


class WorkbookError(Exception):
    """Something the workbook refuses or cannot do, with a message meant for the user."""
