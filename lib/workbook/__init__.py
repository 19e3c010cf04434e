"""Strategy Workbook: the helper library behind the workbook's notebooks, reports and CLI.

One module per concern: ``io`` (data contract, loading, validation), ``belonging``,
``differentiation``, ``ttpmf``, ``charts`` (Altair builders and the project theme) and ``cli``.
"""

__version__ = "0.1.0"
