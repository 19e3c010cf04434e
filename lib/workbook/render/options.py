"""How to render: the command line's options as one dataclass, shared by the runner and the
places renders execute (kept apart so that neither imports the other for it)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbook import registry
from workbook.render.tasks import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from workbook.registry import Assessment, Page

#: Where pages go unless ``--out`` says otherwise.
DEFAULT_OUT = Path("reports")


@dataclass
class Options:
    """How to render (the command line's options, as data)."""

    data_dir: Path | None = None
    out_dir: Path = DEFAULT_OUT
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    force: bool = False
    timeout: float = DEFAULT_TIMEOUT
    progress: bool | None = None  # None: a bar when stderr is a terminal
    assessments: Sequence[Assessment] = registry.ASSESSMENTS
    #: Pages built on the assessments: each company's (the summary) and the portfolio.
    pages: Sequence[Page] = registry.PAGES
    #: Run renders on this executor instead of a new process pool (it must see the folders).
    executor: Executor | None = None
    #: A Dask scheduler's address (``tcp://host:8786``), or ``"local"`` for a LocalCluster of
    #: ``jobs`` workers: renders run there (:mod:`.cluster`) instead of a local process pool.
    scheduler: str | None = None
    #: ``--scheduler local``: serve Dask's dashboard (on 127.0.0.1 only).
    dashboard: bool = False
    #: The team's certificates for a ``tls://`` scheduler (a :class:`.cluster.TlsFiles`).
    tls: Any = None
