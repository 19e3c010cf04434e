"""Where a run's validations and renders execute: a pool of this machine's processes, each
with its warm kernel (:class:`LocalWorkers`), or a Dask cluster (:mod:`.cluster`), started on
first use only (:class:`Started`)."""

from __future__ import annotations

import os
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Protocol

from workbook.render.snapshot import Bundle
from workbook.render.tasks import CompanyCheck, RenderResult, RenderTask

if TYPE_CHECKING:
    from workbook.render.options import Options


class Workers(Protocol):
    """Where validations and renders run: a pool of this machine's processes
    (:class:`LocalWorkers`) or a Dask cluster (:class:`.cluster.ClusterWorkers`)."""

    #: True when the results' ``worker`` is worth logging (renders ran on other machines).
    remote: bool

    def check(self, slug: str, bundle: Bundle) -> Future[CompanyCheck]: ...

    def render(self, task: RenderTask, bundle: Bundle) -> Future[RenderResult]: ...

    def close(self) -> None: ...


class LocalWorkers:
    """An executor whose workers see this machine's folders (by default a new process pool
    with warm kernels, shut down by :meth:`close`)."""

    remote = False

    def __init__(self, executor: Executor, owned: bool) -> None:
        self.executor = executor
        self.owned = owned

    def check(self, slug: str, bundle: Bundle) -> Future[CompanyCheck]:
        return self.executor.submit(check_task, slug, bundle)

    def render(self, task: RenderTask, bundle: Bundle) -> Future[RenderResult]:
        return self.executor.submit(render_task, task, bundle)

    def close(self) -> None:
        if self.owned:
            self.executor.shutdown(wait=True, cancel_futures=True)


def check_task(slug: str, bundle: Bundle) -> CompanyCheck:
    from workbook.render.snapshot import check_bundle

    return check_bundle(slug, bundle)


def render_task(task: RenderTask, bundle: Bundle) -> RenderResult:
    from workbook.render.snapshot import render_bundle

    return render_bundle(task, bundle)


class Started:
    """A run's workers, started (or connected to) on first use only, so that a run with
    nothing to render starts nothing; :meth:`close` stops what this run started."""

    def __init__(self, options: Options, renders: int) -> None:
        self.options = options
        self.renders = renders
        self._workers: Workers | None = None

    def get(self) -> Workers:
        if self._workers is None:
            self._workers = start(self.options, self.renders)
        return self._workers

    def close(self) -> None:
        if self._workers is not None:
            self._workers.close()


def start(options: Options, renders: int) -> Workers:
    """The options' executor, a Dask cluster (``scheduler``), or a new pool of
    ``min(jobs, renders)`` processes."""
    if options.scheduler and options.executor is not None:
        raise ValueError("give a scheduler or an executor, not both")
    if options.scheduler:
        from workbook.render import cluster

        return cluster.ClusterWorkers.connect(
            options.scheduler,
            jobs=max(options.jobs, 1),
            dashboard=options.dashboard,
            tls=options.tls,
        )
    if options.executor is not None:
        return LocalWorkers(options.executor, owned=False)
    return LocalWorkers(_process_pool(min(max(options.jobs, 1), max(renders, 1))), owned=True)


def _process_pool(jobs: int) -> ProcessPoolExecutor:
    """``jobs`` worker processes, each starting its warm kernel at once.

    The forkserver start method gives every worker a clean process (this one may hold threads
    and heavy modules); submitting one no-op per worker spawns them all now, so that kernels
    warm up while this process validates the data."""
    import multiprocessing

    from workbook.render.tasks import start_worker

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context(method),
        initializer=start_worker,
        initargs=(os.getpid(),),
    )
    for _ in range(jobs):
        pool.submit(_noop)
    return pool


def _noop() -> None:
    return None
