"""Warm kernels for papermill: a per-process pool of kernels that have imported the library.

Starting a kernel and importing pandas, altair, pandera and the assessments in it costs several
seconds, far more than running an assessment notebook. A :class:`WarmKernel` is started once,
imports everything (:func:`workbook.render.kernel_state.warm`) while the caller does other work,
and is reset before every notebook (:func:`workbook.render.kernel_state.reset`) so that each
render behaves as in a new kernel. :class:`KernelPool` hands kernels out one render at a time,
replaces a kernel that died, timed out or failed to reset, and retires one after
``max_renders`` notebooks to bound memory. Pools are per process (:func:`get_pool`), so any
``concurrent.futures`` executor can run renders: each worker process warms its own kernels.

Notebooks still run through papermill: :class:`WarmEngine` is a papermill engine (registered as
``workbook-warm``) that executes on the kernel manager it is given. Without one, for example
``papermill --engine workbook-warm`` after ``import workbook.render.kernels``, it takes a kernel
from this process's pool.
"""

from __future__ import annotations

import ast
import atexit
import contextlib
import logging
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jupyter_client import AsyncKernelManager, BlockingKernelClient
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.utils import remove_args

from workbook.errors import WorkbookError

logger = logging.getLogger(__name__)

ENGINE_NAME = "workbook-warm"
DEFAULT_KERNEL = "python3"
#: Seconds a kernel may take to start and import the library before it counts as broken.
START_TIMEOUT = 120.0
#: Seconds a reset may take.
RESET_TIMEOUT = 30.0
#: Notebooks a kernel runs before it is replaced by a new one (bounds memory growth).
MAX_RENDERS = 50

WARM_CODE = (
    "import workbook.render.kernel_state as _workbook_kernel_state\n"
    "_workbook_warm_failed = _workbook_kernel_state.warm()"
)
RESET_CODE = "__import__('workbook.render.kernel_state', fromlist=['reset']).reset()"


class KernelError(WorkbookError, RuntimeError):
    """A warm kernel could not be started, warmed or reset."""


def _local_transport() -> dict[str, str]:
    """Unix sockets in a private folder where available: nothing listens on the network, and
    the kernel has no reason to warn about unencrypted TCP."""
    if os.name != "posix":
        return {}
    folder = tempfile.mkdtemp(prefix="workbook-kernel-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return {"transport": "ipc", "ip": os.path.join(folder, "k")}


class WarmKernel:
    """One kernel process that imports the library at start and resets between notebooks."""

    def __init__(self, kernel_name: str = DEFAULT_KERNEL, cwd: Path | None = None) -> None:
        self.kernel_name = kernel_name
        self.cwd = Path(cwd) if cwd is not None else None
        self.km = AsyncKernelManager(kernel_name=kernel_name, **_local_transport())
        self.renders = 0
        self.killed = False
        self._pending: list[tuple[BlockingKernelClient, str, str, float]] = []
        self.failed_imports: list[str] = []

    # -- life cycle ---------------------------------------------------------------------------
    # Requests to the kernel are queued without waiting (the kernel runs them in order) and
    # settled before the next notebook: the warm-up runs while the caller validates data, and
    # the reset after a notebook runs while the caller converts the previous one to HTML.

    def start(self) -> WarmKernel:
        """Launch the kernel and queue its warm-up and first reset; returns at once."""
        options: dict[str, Any] = {"extra_arguments": ["--HistoryManager.hist_file=:memory:"]}
        if self.cwd is not None:
            options["cwd"] = str(self.cwd)
        run_sync(self.km.start_kernel)(**options)
        self._send(WARM_CODE, "start", START_TIMEOUT, {"failed": "_workbook_warm_failed"})
        self.begin_reset()
        return self

    def begin_reset(self) -> None:
        """Queue a reset to a new kernel's state (see :mod:`kernel_state`)."""
        self._send(RESET_CODE, "reset", RESET_TIMEOUT)

    def settle(self) -> None:
        """Wait for every queued request; raise :class:`KernelError` when one failed."""
        pending, self._pending = self._pending, []
        try:
            for client, msg_id, what, timeout in pending:
                reply = self._reply(client, msg_id, timeout, what)
                if what == "start":
                    self._note_failed_imports(reply)
        finally:
            for client, *_ in pending:
                client.stop_channels()

    def evaluate(self, expression: str, timeout: float = START_TIMEOUT) -> Any:
        """Evaluate a Python literal-valued expression in the kernel, quietly (no execution
        count, no output), and return its value. Raises :class:`KernelError` when it fails."""
        self.settle()
        client = self._client()
        try:
            msg_id = client.execute(
                "", silent=True, store_history=False, user_expressions={"value": expression}
            )
            reply = self._reply(client, msg_id, timeout, "evaluation")
        finally:
            client.stop_channels()
        value = reply["content"].get("user_expressions", {}).get("value", {})
        if value.get("status") != "ok":
            raise KernelError(f"evaluation failed: {value.get('ename')}: {value.get('evalue')}")
        try:
            return ast.literal_eval(value["data"]["text/plain"])
        except (KeyError, ValueError, SyntaxError) as exc:
            raise KernelError(f"evaluation returned no literal: {exc}") from None

    def reset(self) -> None:
        """Reset now and wait for it."""
        self.begin_reset()
        self.settle()

    def _send(
        self,
        code: str,
        what: str,
        timeout: float,
        user_expressions: dict[str, str] | None = None,
    ) -> None:
        client = self._client()
        msg_id = client.execute(
            code, silent=True, store_history=False, user_expressions=user_expressions or {}
        )
        self._pending.append((client, msg_id, what, timeout))

    def _note_failed_imports(self, reply: dict[str, Any]) -> None:
        failed = reply["content"].get("user_expressions", {}).get("failed", {})
        with contextlib.suppress(ValueError, SyntaxError):
            self.failed_imports = ast.literal_eval(failed.get("data", {}).get("text/plain", "[]"))
        if self.failed_imports:
            logger.warning("warm kernel could not import %s", ", ".join(self.failed_imports))

    @property
    def pid(self) -> int | None:
        return getattr(self.km.provisioner, "pid", None)

    def is_alive(self) -> bool:
        return not self.killed and bool(run_sync(self.km.is_alive)())

    def kill(self) -> None:
        """Kill the kernel's process group at once; safe from another thread (the watchdog)."""
        self.killed = True
        pid = self.pid
        if pid is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)

    def shutdown(self) -> None:
        """Stop the kernel and free its ports and connection file."""
        for client, *_ in self._pending:
            with contextlib.suppress(Exception):
                client.stop_channels()
        self._pending = []
        try:
            run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:
            self.kill()
            with contextlib.suppress(Exception):
                run_sync(self.km.cleanup_resources)()

    # -- messaging ----------------------------------------------------------------------------

    def _client(self) -> BlockingKernelClient:
        client = BlockingKernelClient()
        client.load_connection_info(self.km.get_connection_info())
        client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
        return client

    def _reply(
        self, client: BlockingKernelClient, msg_id: str, timeout: float, what: str
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise KernelError(f"kernel {what} took longer than {timeout:.0f} s")
            if not self.is_alive():
                raise KernelError(f"kernel died during {what}")
            try:
                reply = client.get_shell_msg(timeout=min(remaining, 1.0))
            except Exception:  # queue.Empty: poll again (and check the kernel is alive)
                continue
            if reply.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            content = reply["content"]
            if content.get("status") != "ok":
                raise KernelError(
                    f"kernel {what} failed: {content.get('ename')}: {content.get('evalue')}"
                )
            return reply


class KernelPool:
    """Warm kernels of one kernel name and working folder, handed out one render at a time."""

    def __init__(
        self,
        kernel_name: str = DEFAULT_KERNEL,
        cwd: Path | None = None,
        max_renders: int = MAX_RENDERS,
    ) -> None:
        self.kernel_name = kernel_name
        self.cwd = cwd
        self.max_renders = max_renders
        self._idle: list[WarmKernel] = []
        self._all: set[WarmKernel] = set()
        self._lock = threading.Lock()

    def prestart(self, count: int = 1) -> None:
        """Start ``count`` kernels warming in the background (returns at once)."""
        for _ in range(count):
            kernel = self._new()
            with self._lock:
                self._idle.append(kernel)

    def _new(self) -> WarmKernel:
        kernel = WarmKernel(self.kernel_name, self.cwd).start()
        with self._lock:
            self._all.add(kernel)
        return kernel

    @contextlib.contextmanager
    def acquire(self) -> Iterator[WarmKernel]:
        """A warm, freshly reset kernel for one notebook. A kernel that was killed, died or
        raised out of the ``with`` block is replaced; a healthy one goes back to the pool with
        its reset queued."""
        with self._lock:
            kernel = self._idle.pop() if self._idle else None
        if kernel is None:
            kernel = self._new()
        try:
            kernel.settle()
        except KernelError:
            self.discard(kernel)
            kernel = self._new()  # one retry on a new kernel; a second failure propagates
            try:
                kernel.settle()
            except KernelError:
                self.discard(kernel)
                raise
        healthy = False
        try:
            yield kernel
            healthy = not kernel.killed
        finally:
            kernel.renders += 1
            if healthy and kernel.renders < self.max_renders and kernel.is_alive():
                kernel.begin_reset()
                with self._lock:
                    self._idle.append(kernel)
            else:
                self.discard(kernel)

    def discard(self, kernel: WarmKernel) -> None:
        """Shut a kernel down and forget it."""
        with self._lock:
            self._all.discard(kernel)
            if kernel in self._idle:
                self._idle.remove(kernel)
        kernel.shutdown()

    def shutdown(self) -> None:
        """Shut every kernel of the pool down."""
        with self._lock:
            kernels = list(self._all)
            self._all.clear()
            self._idle.clear()
        for kernel in kernels:
            kernel.shutdown()


_pools: dict[tuple[str, Path | None], KernelPool] = {}
_pools_lock = threading.Lock()


def get_pool(kernel_name: str = DEFAULT_KERNEL, cwd: Path | None = None) -> KernelPool:
    """This process's pool for a kernel name and working folder."""
    with _pools_lock:
        pool = _pools.get((kernel_name, cwd))
        if pool is None:
            pool = _pools[(kernel_name, cwd)] = KernelPool(kernel_name, cwd)
        return pool


@atexit.register
def shutdown_pools() -> None:
    """Stop every warm kernel of this process (also run at exit)."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.shutdown()


class WarmEngine(NBClientEngine):
    """papermill engine: nbclient on a running kernel (``km=``) instead of a new one.

    papermill passes its extra keyword arguments to the engine, so
    ``papermill.execute_notebook(..., engine_name="workbook-warm", km=kernel.km)`` runs the
    notebook on that kernel and leaves it running. ``holder``, a list, receives the executed
    notebook even when a cell raises (papermill then raises ``PapermillExecutionError``).
    """

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man: Any,
        kernel_name: str,
        log_output: bool = False,
        stdout_file: Any = None,
        stderr_file: Any = None,
        start_timeout: float = 60,
        execution_timeout: float | None = None,
        km: AsyncKernelManager | None = None,
        holder: list[Any] | None = None,
        **kwargs: Any,
    ) -> Any:
        if holder is not None:
            holder.append(nb_man.nb)
        if km is None:
            with get_pool(kernel_name, Path.cwd()).acquire() as kernel:
                return cls.execute_managed_notebook(
                    nb_man,
                    kernel_name,
                    log_output=log_output,
                    stdout_file=stdout_file,
                    stderr_file=stderr_file,
                    start_timeout=start_timeout,
                    execution_timeout=execution_timeout,
                    km=kernel.km,
                    **kwargs,
                )
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        client = PapermillNotebookClient(
            nb_man,
            km=km,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
            **kwargs,
        )
        try:
            return client.execute()
        finally:
            # nbclient leaves the client of a kernel it does not own connected: close it.
            if client.kc is not None:
                with contextlib.suppress(Exception):
                    client.kc.stop_channels()
                client.kc = None


papermill_engines.register(ENGINE_NAME, WarmEngine)
