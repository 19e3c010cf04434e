"""Render on a Dask cluster: ``workbook render --scheduler tcp://host:8786`` (or ``local``).

Everything Dask is here; the runner sees :class:`ClusterWorkers`, the same small interface as
its local process pool (``check``, ``render``, ``close``), and the rest of a run (plan, skip
rules, manifest, progress, summary, exit status) is unchanged.

- **No shared filesystem**: a task carries its inputs as bytes (:class:`Bundle`: the files of
  the company's folder, or of every company for the portfolio, the instruments, the
  notebook without its committed outputs and the results earlier renders kept, which the pages
  compare with; no ``.history/``). :func:`remote_check` and
  :func:`remote_render` unpack them into a private folder on the worker, run the one
  implementation of a validation or a render (:func:`.tasks.check_company`,
  :func:`.tasks.render`) there, and return the page, its notebook and the results it kept as
  bytes (:attr:`.tasks.RenderResult.files`, ``.history``), which the client writes into
  ``--out`` with the same atomic writes (:func:`.tasks.deliver`). The executed notebook is
  made to read as if rendered on the client (its parameters and input path name the client's
  folders).
- **Same code everywhere**: before submitting anything, every worker's :func:`fingerprint`
  (``workbook`` version + a digest of its source and of the output packages' versions, the
  one render keys use) must equal the client's, or the run is refused with
  :class:`ClusterError`; each task checks it again, for workers that join later.
- **Warm kernels**: the :class:`WarmKernels` worker plugin starts one warm kernel per worker
  thread when a worker joins and stops them when it closes; kernels stay warm between tasks
  and between runs on a long-lived cluster.
- **Failures**: a failing notebook or a render past ``--timeout`` is a failed result as
  locally; a worker that dies mid-task has its task rerun elsewhere by the scheduler, up to
  ``distributed.scheduler.allowed-failures`` times (:data:`ALLOWED_FAILURES` for
  ``--scheduler local``), after which the render is reported failed (``KilledWorker``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass
from typing import Any, TypeVar

import dask
import distributed
from distributed.diagnostics.plugin import WorkerPlugin

from workbook.errors import WorkbookError
from workbook.render import tasks
from workbook.render.snapshot import Bundle, check_bundle, render_bundle, without_outputs
from workbook.render.tasks import CompanyCheck, RenderResult, RenderTask

__all__ = ["Bundle", "ClusterError", "ClusterWorkers", "connect", "without_outputs"]

logger = logging.getLogger(__name__)

#: Address that starts a LocalCluster on this machine for the run (a try-out).
LOCAL = "local"
#: Times a task may lose its worker before it is reported failed (``--scheduler local``; a
#: scheduler you run has its own ``distributed.scheduler.allowed-failures``, default 3).
ALLOWED_FAILURES = 2
#: Seconds to reach the scheduler, and to wait for a first worker.
CONNECT_TIMEOUT = 30.0
WORKER_TIMEOUT = 120.0
PLUGIN_NAME = "workbook-warm-kernels"

T = TypeVar("T")


class ClusterError(WorkbookError, RuntimeError):
    """The cluster cannot render this run (unreachable, no workers, different code)."""


# -- what every worker must run ----------------------------------------------------------------


def fingerprint() -> str:
    """This process's ``workbook``: its version and a digest of its source files and of the
    versions of the packages that shape a page (:func:`.manifest.library_digest`)."""
    from workbook import __version__
    from workbook.render.manifest import library_digest

    return f"{__version__}+{library_digest()[:12]}"


def check_workers(client: distributed.Client, address: str) -> dict[str, str]:
    """Every worker's fingerprint, when all equal this process's; else :class:`ClusterError`
    naming each worker that differs, both fingerprints and the fix."""
    from importlib import metadata

    mine = fingerprint()
    # The installed version first, with the standard library only: a worker without the
    # package cannot even load this module's functions.
    installed = _run_on(client, metadata.version, "workbook")
    usable = [worker for worker, version in installed.items() if isinstance(version, str)]
    found = {**installed, **(_run_on(client, fingerprint, workers=usable) if usable else {})}
    problems = []
    for worker, theirs in sorted(found.items()):
        if isinstance(theirs, BaseException):
            problems.append(f"  {worker}: cannot run workbook ({type(theirs).__name__}: {theirs})")
        elif theirs != mine:
            problems.append(f"  {worker}: runs workbook {theirs}")
    if problems:
        raise ClusterError(
            f"Refused: workers of the scheduler at {address} do not run this client's "
            f"workbook {mine}, so their pages would not match this run:\n"
            + "\n".join(problems)
            + "\nInstall the same requirements.lock and workbook package on every worker "
            "(README, 'Rendering on a cluster') and restart them. Nothing was rendered."
        )
    return {worker: str(theirs) for worker, theirs in found.items()}


def _run_on(
    client: distributed.Client, function: Callable[..., Any], *args: Any, **kwargs: Any
) -> dict[str, Any]:
    """``function(*args)`` on every worker (or ``workers=``): its value or its exception."""
    try:
        return client.run(function, *args, on_error="return", **kwargs)
    except Exception as exc:  # a worker could not even load the function
        workers = kwargs.get("workers") or list(client.scheduler_info()["workers"])
        return dict.fromkeys(workers, exc)


def _refusal(expected: str) -> str | None:
    """Why this worker must not run a task of a client whose fingerprint is ``expected``."""
    mine = fingerprint()
    if mine == expected:
        return None
    return (
        f"refused by worker {_worker_address()}: it runs workbook {mine}, the client "
        f"{expected}; install the same requirements.lock and package there and restart it"
    )


def _scratch() -> str | None:
    try:
        return distributed.get_worker().local_directory
    except ValueError:  # not in a Dask worker: the system's temporary folder
        return None


def _worker_address() -> str:
    try:
        return distributed.get_worker().address
    except ValueError:  # not in a Dask worker (called directly)
        return tasks.worker_label()


# -- warm kernels on the workers ---------------------------------------------------------------


class WarmKernels(WorkerPlugin):
    """Worker plugin: a warm kernel per worker thread from the moment a worker joins (as
    :func:`.tasks.start_worker` does for a local pool), stopped when the worker closes.
    Idempotent: registering it again (the next run) keeps the kernels that are warm."""

    idempotent = True
    name = PLUGIN_NAME

    async def setup(self, worker: distributed.Worker) -> None:
        try:
            await asyncio.to_thread(tasks.warm_up, max(worker.state.nthreads, 1))
        except Exception:  # renders start their kernels themselves, and report what fails
            logger.exception("workbook: could not warm the kernels of %s", worker.address)

    async def teardown(self, worker: distributed.Worker) -> None:
        from workbook.render import kernels

        await asyncio.to_thread(kernels.shutdown_pools)


# -- tasks: inputs in, files out ---------------------------------------------------------------


def remote_check(slug: str, bundle: Bundle, expected: str) -> CompanyCheck:
    """On a worker: :func:`.snapshot.check_bundle` on the shipped files."""
    refused = _refusal(expected)
    if refused is not None:
        return CompanyCheck(slug, infrastructure=refused)
    return check_bundle(slug, bundle, scratch=_scratch())


def remote_render(task: RenderTask, bundle: Bundle, expected: str) -> RenderResult:
    """On a worker: :func:`.snapshot.render_bundle` on the shipped files; the result carries
    the files it wrote (as bytes) and names the client's paths."""
    worker = _worker_address()
    refused = _refusal(expected)
    if refused is not None:
        return RenderResult.failure(task, refused, worker=worker)
    return render_bundle(task, bundle, worker=worker, scratch=_scratch())


# -- the client side ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TlsFiles:
    """The team's certificates for a ``tls://`` scheduler (PEM files): the authority that signs
    the cluster's certificates, this client's certificate and its key. Unset fields come from
    Dask's configuration (``distributed.comm.tls.ca-file``, ``…tls.client.cert``,
    ``…tls.client.key``)."""

    ca_file: str | None = None
    cert: str | None = None
    key: str | None = None


def security_for(address: str, tls: TlsFiles | None = None) -> distributed.Security | None:
    """The credentials to reach the scheduler at ``address``: the team's certificates for a
    ``tls://`` address (:class:`ClusterError` when none are configured), none otherwise (the
    command refuses a plain address to another host before this, unless ``--insecure``)."""
    if not address.startswith("tls://"):
        return None
    tls = tls or TlsFiles()
    config = dask.config.get
    ca_file = tls.ca_file or config("distributed.comm.tls.ca-file", None)
    cert = tls.cert or config("distributed.comm.tls.client.cert", None)
    key = tls.key or config("distributed.comm.tls.client.key", None)
    if not ca_file or not cert:
        raise ClusterError(
            f"The scheduler at {address} needs the team's TLS certificates: give --tls-ca-file "
            "and --tls-cert (and --tls-key when the key is a separate file), or set "
            "distributed.comm.tls.ca-file and distributed.comm.tls.client.cert/key in Dask's "
            "configuration (README, 'Rendering on a cluster'). Nothing was rendered."
        )
    return distributed.Security(
        tls_ca_file=ca_file, tls_client_cert=cert, tls_client_key=key, require_encryption=True
    )


def start_local_cluster(jobs: int, dashboard: bool = False) -> distributed.LocalCluster:
    """A LocalCluster of ``jobs`` single-threaded worker processes for one run: TLS with
    credentials made for it alone (``Security.temporary()``: only this process holds the key,
    so no other user of the machine can connect), bound to 127.0.0.1. Without ``dashboard``
    no HTTP endpoint is served: Dask starts its HTTP server anyway, so its routes are emptied
    and the scheduler's is closed; with it, the dashboard is on 127.0.0.1 only."""
    security = distributed.Security.temporary()
    settings: dict[str, Any] = {"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}
    if not dashboard:
        settings["distributed.scheduler.http.routes"] = []
        settings["distributed.worker.http.routes"] = []
    with dask.config.set(settings):
        cluster = distributed.LocalCluster(
            n_workers=jobs,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            protocol="tls://",
            security=security,
            dashboard_address="127.0.0.1:0" if dashboard else None,
            worker_dashboard_address="127.0.0.1:0",
            scheduler_kwargs={"dashboard": dashboard},
        )
    if not dashboard:
        try:
            cluster.sync(_stop_http_server, cluster.scheduler)
        except BaseException:
            cluster.close()
            raise
    return cluster


async def _stop_http_server(node: Any) -> None:
    """Close a Dask server's HTTP listener (on its event loop)."""
    server = node.services.pop("dashboard", None)
    if server is not None:
        server.stop()


def connect(
    address: str, jobs: int = 1, dashboard: bool = False, tls: TlsFiles | None = None
) -> tuple[distributed.Client, distributed.LocalCluster | None]:
    """A client of the scheduler at ``address``; ``"local"`` starts a LocalCluster of ``jobs``
    workers (:func:`start_local_cluster`), returned to be closed after the run."""
    cluster = None
    try:
        if address == LOCAL:
            cluster = start_local_cluster(jobs, dashboard)
            client = distributed.Client(cluster, security=cluster.security, set_as_default=False)
            if dashboard:
                logger.warning("workbook: Dask dashboard at %s", cluster.dashboard_link)
        else:
            client = distributed.Client(
                address,
                timeout=CONNECT_TIMEOUT,
                security=security_for(address, tls),
                set_as_default=False,
            )
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"Could not reach the Dask scheduler at {address}: {exc}") from None
    try:
        client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
    except TimeoutError:
        _close(client, cluster)
        raise ClusterError(
            f"No worker joined the Dask scheduler at {address} within {WORKER_TIMEOUT:g} s; "
            f"start some with `dask worker {address}` where workbook is installed."
        ) from None
    return client, cluster


def _close(client: distributed.Client, cluster: distributed.LocalCluster | None) -> None:
    with contextlib.suppress(Exception):
        client.close()
    if cluster is not None:
        with contextlib.suppress(Exception):
            cluster.close()


class ClusterWorkers:
    """The runner's workers on a Dask cluster: checks and renders submitted with their inputs,
    their outcomes as ``concurrent.futures`` futures of plain results (a task that raised or
    lost its workers too often becomes a failed result saying so)."""

    remote = True

    def __init__(
        self,
        client: distributed.Client,
        cluster: distributed.LocalCluster | None = None,
        address: str = "",
    ) -> None:
        self.client = client
        self.cluster = cluster
        self.address = address or str(client.scheduler.address)
        self.fingerprint = fingerprint()
        self._pending: dict[str, distributed.Future] = {}
        self._lock = threading.Lock()
        #: Bytes shipped per task (inputs and notebook), for the README's arithmetic.
        self.shipped: list[int] = []

    @classmethod
    def connect(
        cls, address: str, jobs: int = 1, dashboard: bool = False, tls: TlsFiles | None = None
    ) -> ClusterWorkers:
        """Connect (or start a LocalCluster), refuse workers running other code, warm them."""
        client, cluster = connect(address, jobs, dashboard, tls)
        try:
            check_workers(client, address)
            client.register_plugin(WarmKernels())
        except BaseException:
            _close(client, cluster)
            raise
        return cls(client, cluster, address)

    def check(self, slug: str, bundle: Bundle) -> Future[CompanyCheck]:
        return self._submit(
            remote_check,
            f"check-{slug}",
            (slug, bundle, self.fingerprint),
            lambda why: CompanyCheck(slug, infrastructure=why),
        )

    def render(self, task: RenderTask, bundle: Bundle) -> Future[RenderResult]:
        return self._submit(
            remote_render,
            f"render-{task.slug or 'all'}-{task.assessment_id}",
            (task, bundle, self.fingerprint),
            lambda why: RenderResult.failure(task, why),
        )

    def close(self) -> None:
        """Cancel what is still pending, disconnect, and stop a LocalCluster we started (a
        cluster you run keeps its workers and their warm kernels for the next run)."""
        with self._lock:
            pending = list(self._pending.values())
            self._pending.clear()
        if pending:
            with contextlib.suppress(Exception):
                self.client.cancel(pending)
        _close(self.client, self.cluster)

    def _submit(
        self,
        function: Callable[..., T],
        name: str,
        args: tuple[Any, ...],
        failed: Callable[[str], T],
    ) -> Future[T]:
        bundle = args[1]
        self.shipped.append(bundle.size)
        key = f"workbook-{name}-{uuid.uuid4().hex[:8]}"
        submitted = self.client.submit(function, *args, key=key, pure=False)
        outcome: Future[T] = Future()
        with self._lock:
            self._pending[key] = submitted  # a Dask future dropped is a task cancelled

        def settle(done: distributed.Future) -> None:
            with self._lock:
                self._pending.pop(key, None)
            try:
                if done.status == "finished":
                    value = done.result()
                elif done.status == "cancelled":  # by the runner (ignored below) or the cluster
                    value = failed("the cluster dropped the task (did its scheduler restart?)")
                else:
                    value = failed(_why(done.exception()))
            except Exception as exc:  # the result could not be fetched or unpickled
                value = failed(_why(exc))
            with contextlib.suppress(InvalidStateError):  # the runner cancelled it
                outcome.set_result(value)

        def cancel(future: Future[T]) -> None:
            if future.cancelled():
                with contextlib.suppress(Exception):
                    submitted.cancel()

        outcome.add_done_callback(cancel)
        submitted.add_done_callback(settle)
        return outcome


def _why(exc: BaseException) -> str:
    """A task's exception as the summary shows it."""
    if isinstance(exc, distributed.KilledWorker):
        return (
            f"its worker died while rendering it, {exc.allowed_failures + 1} times on "
            f"different workers (the last {exc.last_worker.address}); it is not retried again "
            "(distributed.scheduler.allowed-failures). A notebook that exhausts a worker's "
            "memory does this: see the workers' logs"
        )
    return f"the task failed on the cluster: {type(exc).__name__}: {exc}"
