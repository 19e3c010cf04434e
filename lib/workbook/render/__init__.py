"""Reports: render every company's assessments into self-contained offline HTML pages.

``workbook render`` (:mod:`workbook.render.command`) plans the renders (:mod:`.manifest` skips
what is up to date), validates each company, and runs :func:`workbook.render.tasks.render` — a
plain function of (company, notebook, options) → files — on a pool of worker processes, each
with warm kernels (:mod:`.kernels`) and one long-lived HTML exporter (:mod:`.html`). Files are
written atomically (:mod:`.atomic`). Importing this package is cheap: the heavy modules load
where they are used.
"""
