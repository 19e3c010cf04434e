"""Strategy Workbook: the helper library behind the workbook's notebooks, reports and CLI.

Every assessment (``belonging``, ``differentiation``, ``ttpmf``) is a package with the same
shape: ``rules`` (thresholds declared once), ``compute`` (a frozen result), ``advice`` (ranked
recommendations) and ``present`` (tables and wording); its charts are in ``charts``. Shared
layers: ``registry`` (the list of assessments), ``results`` (the result protocol), ``rules``,
``format``, ``stats``, ``present``; ``io`` holds the data contract and ``cli`` the command.
"""

__version__ = "0.1.0"
