"""One render as a plain function: (company, notebook, options) → the page and its notebook.

:func:`render` takes a :class:`RenderTask` (plain, picklable data) and returns a
:class:`RenderResult`, so any ``concurrent.futures.Executor`` can run it: a process pool (what
``workbook render`` uses), a thread pool, or a Dask cluster (:mod:`.cluster`, which runs it on a
private copy of the inputs and hands the files back as bytes: :attr:`RenderResult.files`, written
by :func:`deliver`). Each process keeps its own warm kernels (:mod:`.kernels`) and its own HTML
exporter (:mod:`.html`); :func:`warm_up` warms both ahead of the first render.

A render executes the notebook through papermill with the company's slug and data folder as
parameters (or the task's own ``parameters``, as the portfolio's), converts the result to HTML
and writes ``<out>/<slug>/<name>.html`` and ``<name>.ipynb`` atomically (``<name>``: the task's
``output`` stem, by default the assessment id; a task without a slug writes at the top of
``<out>``). A notebook that raises leaves the previous pages alone and keeps the failed
notebook as ``<name>.failed.ipynb``; a render past its timeout has its kernel killed (the pool
starts a new one). Failures are returned, never raised.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

Status = Literal["rendered", "skipped", "failed", "invalid"]

#: Seconds a render may take before its kernel is killed (``--timeout``).
DEFAULT_TIMEOUT = 300.0
#: Jupyter kernel the notebooks run on (the project's ``make install`` registers it).
KERNEL_NAME = "python3"


@dataclass(frozen=True)
class PageLink:
    """A link in a page's navigation bar (to the company's other pages)."""

    title: str
    href: str
    current: bool = False


@dataclass(frozen=True)
class RenderTask:
    """Everything one render needs, as plain values.

    ``slug`` empty: a page of the whole reports folder (the portfolio), written at its top.
    ``output``: the page's file name (default ``<assessment_id>.html``). ``parameters``: the
    notebook's parameters (default ``company`` and ``data_dir``)."""

    slug: str
    company_name: str
    assessment_id: str
    assessment_title: str
    notebook: Path
    data_dir: Path
    out_dir: Path
    key: str = ""
    timeout: float = DEFAULT_TIMEOUT
    links: tuple[PageLink, ...] = ()
    output: str = ""
    parameters: Mapping[str, Any] | None = None

    @property
    def folder(self) -> Path:
        return self.out_dir / self.slug if self.slug else self.out_dir

    @property
    def stem(self) -> str:
        return Path(self.output).stem if self.output else self.assessment_id

    @property
    def html_path(self) -> Path:
        return self.folder / f"{self.stem}.html"

    @property
    def ipynb_path(self) -> Path:
        return self.folder / f"{self.stem}.ipynb"

    @property
    def failed_path(self) -> Path:
        return self.folder / f"{self.stem}.failed.ipynb"

    def notebook_parameters(self) -> dict[str, Any]:
        """The parameters papermill injects."""
        if self.parameters is not None:
            return dict(self.parameters)
        return {"company": self.slug, "data_dir": str(self.data_dir)}


@dataclass(frozen=True)
class CellError:
    """Where and why a notebook stopped (from papermill's ``PapermillExecutionError``)."""

    cell_index: int | None
    execution_count: int | None
    ename: str
    evalue: str

    @property
    def cell(self) -> str:
        if self.execution_count is not None:
            return f"cell In [{self.execution_count}]"
        return f"cell {self.cell_index}" if self.cell_index is not None else "kernel"


@dataclass(frozen=True)
class RenderResult:
    """What became of one render."""

    slug: str
    assessment_id: str
    status: Status
    seconds: float = 0.0
    message: str = ""
    error: CellError | None = None
    html: Path | None = None
    ipynb: Path | None = None
    page_bytes: int = 0
    notebook: str = ""
    #: Who rendered it: a Dask worker's address, or ``<host> pid <pid>`` for a local process.
    worker: str = ""
    #: The files to write, by name in the task's folder, when the render ran where the output
    #: folder is not (a cluster worker); :func:`deliver` writes them. None: already written.
    files: Mapping[str, bytes] | None = None
    #: The results this render kept for the history (:mod:`.history`), by path under the
    #: reports' ``history/`` folder (``<slug>/<time>.json``), when it ran on a private copy of
    #: that folder; :func:`deliver` writes them. None: nothing to write.
    history: Mapping[str, bytes] | None = None

    @classmethod
    def failure(cls, task: RenderTask, message: str, **details: Any) -> RenderResult:
        """The result of ``task`` when it failed, and why (``details``: more fields)."""
        details.setdefault("notebook", task.notebook.name)
        return cls(task.slug, task.assessment_id, "failed", message=message, **details)


@dataclass(frozen=True)
class CompanyCheck:
    """A company's validation against the data contract: errors keep it from rendering."""

    slug: str
    errors: tuple[str, ...] = ()
    warnings: int = 0
    name: str | None = None
    #: Why the check could not run at all (its worker or kernel failed): not the data's fault.
    infrastructure: str = ""


def check_company(slug: str, data_dir: Path) -> CompanyCheck:
    """Validate one company in this process's warm kernel (where pandas and pandera are loaded
    already, so the calling process never imports them); never raises."""
    import json

    from workbook.render import kernels

    expression = (
        "__import__('workbook.render.kernel_state', fromlist=['check'])"
        f".check({slug!r}, {str(data_dir)!r})"
    )
    try:
        with kernels.get_pool(KERNEL_NAME, kernel_folder()).acquire() as kernel:
            found = json.loads(kernel.evaluate(expression))
    except Exception as exc:  # the kernel died or could not start: not a data problem
        return CompanyCheck(slug, infrastructure=f"{type(exc).__name__}: {exc}")
    return CompanyCheck(slug, tuple(found["errors"]), int(found["warnings"]), found["name"])


def render(task: RenderTask) -> RenderResult:
    """Execute one notebook for one company and write its page; never raises for a failure of
    the notebook, the kernel or the timeout (the result says what happened)."""
    started = time.perf_counter()
    try:
        result = _render(task, started)
    except Exception as exc:  # an unexpected failure of this render only: report, go on
        result = RenderResult.failure(
            task, f"{type(exc).__name__}: {exc}", seconds=time.perf_counter() - started
        )
    return replace(result, notebook=task.notebook.name, worker=result.worker or worker_label())


def worker_label() -> str:
    """This process, as a result names its worker: ``<host> pid <pid>``."""
    return f"{socket.gethostname()} pid {os.getpid()}"


def deliver(task: RenderTask, result: RenderResult) -> RenderResult:
    """Write the files a render returned (:attr:`RenderResult.files`) into the task's folder as
    :func:`_render` writes them: each atomically, and a rendered page removes the failed
    notebook of an earlier run; and the results it kept (:attr:`RenderResult.history`) into
    the reports' history. Returns the result without its bytes."""
    from workbook.render import atomic
    from workbook.render.history import HISTORY_DIR, is_record_path

    for name, data in (result.history or {}).items():
        if not is_record_path(name):
            raise ValueError(f"a render returned a history file outside its folder: {name!r}")
        atomic.write_bytes_atomic(task.out_dir / HISTORY_DIR / name, data)
    if result.files is None:
        return replace(result, history=None)
    for name, data in result.files.items():
        if Path(name).name != name or name.startswith("."):
            raise ValueError(f"a render returned a file outside its folder: {name!r}")
        atomic.write_bytes_atomic(task.folder / name, data)
    if result.status == "rendered":
        with contextlib.suppress(FileNotFoundError):
            task.failed_path.unlink()
    return replace(result, files=None, history=None)


def _render(task: RenderTask, started: float) -> RenderResult:
    import nbformat
    from papermill.exceptions import PapermillExecutionError

    from workbook.render import atomic, html, kernels

    pool = kernels.get_pool(KERNEL_NAME, kernel_folder())
    holder: list[Any] = []
    timed_out = threading.Event()
    with pool.acquire() as kernel:

        def stop() -> None:
            timed_out.set()
            kernel.kill()

        watchdog = threading.Timer(task.timeout, stop)
        watchdog.daemon = True
        watchdog.start()
        try:
            nb = _execute(task, kernel, holder)
            error = None
        except PapermillExecutionError as exc:
            nb, error = (holder[0] if holder else None), exc
        except Exception as exc:
            if timed_out.is_set():
                return RenderResult.failure(
                    task,
                    f"stopped after the {task.timeout:g} s timeout; its kernel was replaced",
                    seconds=time.perf_counter() - started,
                )
            raise RuntimeError(f"the kernel failed: {type(exc).__name__}: {exc}") from exc
        finally:
            watchdog.cancel()

    if error is not None:
        failed = None
        if nb is not None:
            atomic.write_text_atomic(task.failed_path, nbformat.writes(nb))
            failed = task.failed_path
        return RenderResult.failure(
            task,
            f"{error.ename}: {error.evalue}",
            seconds=time.perf_counter() - started,
            error=CellError(error.cell_index, error.exec_count, error.ename, error.evalue),
            ipynb=failed,
        )

    page = html.to_html(
        nb,
        {
            "company": task.company_name,
            "title": task.assessment_title,
            "pages": [link.__dict__ for link in task.links],
            "source": task.ipynb_path.name,
        },
    )
    problems = html.audit(page)
    if problems:
        atomic.write_text_atomic(task.failed_path, nbformat.writes(nb))
        return RenderResult.failure(
            task,
            "the page would not be self-contained and inert (unescaped data?): "
            + "; ".join(problems[:5]),
            seconds=time.perf_counter() - started,
            ipynb=task.failed_path,
        )
    data = page.encode("utf-8")
    atomic.write_text_atomic(task.ipynb_path, nbformat.writes(nb))
    atomic.write_bytes_atomic(task.html_path, data)
    with contextlib.suppress(FileNotFoundError):
        task.failed_path.unlink()
    return RenderResult(
        task.slug,
        task.assessment_id,
        "rendered",
        time.perf_counter() - started,
        html=task.html_path,
        ipynb=task.ipynb_path,
        page_bytes=len(data),
    )


def _execute(task: RenderTask, kernel: Any, holder: list[Any]) -> Any:
    import papermill

    from workbook.render import kernels

    return papermill.execute_notebook(
        str(task.notebook),
        None,  # written by the caller, atomically, after the page is made
        parameters=task.notebook_parameters(),
        engine_name=kernels.ENGINE_NAME,
        kernel_name=KERNEL_NAME,
        progress_bar=False,
        log_output=False,
        execution_timeout=task.timeout,
        km=kernel.km,
        holder=holder,
    )


# -- worker processes -------------------------------------------------------------------------


def start_worker(parent_pid: int | None = None, kernels_per_worker: int = 1) -> None:
    """Executor initializer: :func:`warm_up`. With ``parent_pid``, the worker (and its
    kernels) exit when that process is gone, even if it was killed with SIGKILL."""
    import multiprocessing.util

    _skip_slow_imports()  # before anything imports jsonschema
    from workbook.render import kernels

    # Worker processes end with os._exit, which skips atexit: stop the kernels explicitly.
    multiprocessing.util.Finalize(None, kernels.shutdown_pools, exitpriority=100)
    if parent_pid is not None:
        threading.Thread(target=_exit_with, args=(parent_pid,), daemon=True).start()
    warm_up(kernels_per_worker)


def warm_up(kernels: int = 1) -> None:
    """Start this process's warm kernel(s), then import papermill and build the exporter while
    the kernels import the library (a local worker process, or a Dask worker's plugin)."""
    _skip_slow_imports()
    from workbook.render import html
    from workbook.render import kernels as kernel_pools

    kernel_pools.get_pool(KERNEL_NAME, kernel_folder()).prestart(kernels)
    import papermill  # noqa: F401

    html.exporter()
    html.warm_chart_converter()


def kernel_folder() -> Path | None:
    """The kernels' working folder: the project's ``notebooks/`` (as papermill would run
    them), or the process's own when the package is installed without the project around it
    (a cluster worker with ``pip install``)."""
    from workbook import registry

    return registry.NOTEBOOKS_DIR if registry.NOTEBOOKS_DIR.is_dir() else None


def _exit_with(parent_pid: int, interval: float = 0.5) -> None:
    """Poll the parent; when it is gone, kill this worker's kernels and exit."""
    from workbook.render import kernels

    while True:
        time.sleep(interval)
        try:
            os.kill(parent_pid, 0)
        except ProcessLookupError:
            break
        except PermissionError:
            continue
    for pool in list(kernels._pools.values()):
        for kernel in list(pool._all):
            kernel.kill()
    os._exit(1)


def _skip_slow_imports() -> None:
    """Leave out jsonschema's optional "iri" checker, as the kernels do (see
    :func:`workbook.render.kernel_state._skip_slow_imports`): 2-3 s per process at import."""
    from workbook.render import kernel_state

    kernel_state._skip_slow_imports()
