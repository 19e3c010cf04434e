"""Importers: turn survey-tool and analytics exports into the data contract's files.

One module per tool, behind one small registry (:data:`workbook.importers.tools.TOOLS`), like
the assessments'. A tool module has ``KIND``, ``NAME``, ``LABEL``, ``detect(table) -> bool``
and ``read(table) -> Export`` (an events table: ``read_events``; a retention chart export:
``read_grid``, see :mod:`~workbook.importers.retention_grid`).
:func:`workbook.importers.run.import_file` does the rest: it maps the questions by their
wording, leaves out partial, preview, duplicate, ineligible and late responses, and merges the
rest into the company's file (history first, atomic write). See ``docs/importing.md``.
"""
