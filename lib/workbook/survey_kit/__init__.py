"""``workbook survey``: the questionnaires to send, in the exact wordings the importer knows
(see :mod:`workbook.survey_kit.kit`). Kept light: ``workbook --help`` imports this package."""
