"""``python -m workbook.render``: the ``workbook render`` command on its own."""

from workbook.render.command import main

raise SystemExit(main())
