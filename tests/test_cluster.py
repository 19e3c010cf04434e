"""``workbook render --scheduler``: rendering on a real Dask cluster on 127.0.0.1.

The module starts ``dask scheduler`` and two ``dask worker`` processes (one thread each, no
nanny, so that a worker killed is gone for good) and renders a copy of a sample company through
``--scheduler tcp://…``. The pages must equal a local render's: the HTML byte for byte, the
executed notebooks apart from their volatile parts (papermill's and nbclient's timestamps and
durations, and the random id of papermill's injected-parameters cell). Then a worker is killed
with SIGKILL while it renders (its render is rerun on the other), a worker running other code
is refused before anything is submitted, and, last, everything stops: scheduler, workers and
their kernels. Only the unit tests at the end run without a cluster.
"""

from __future__ import annotations

import contextlib
import io as text_io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest

from workbook.render import cluster, command, manifest, runner, tasks

ROOT = Path(__file__).resolve().parents[1]
DASK = Path(sys.executable).parent / "dask"
COMPANY = "tandem"
#: Notebook metadata that differs between any two runs of the same notebook.
VOLATILE_RUN_METADATA = ("start_time", "end_time", "duration")


class Cluster:
    """A scheduler and named workers as subprocesses on 127.0.0.1 (free ports), logs in
    ``folder``; :meth:`stop` ends them (SIGTERM, then SIGKILL of their process groups)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.file = folder / "scheduler.json"
        self.scheduler = self._start(
            "scheduler",
            [
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--scheduler-file",
                str(self.file),
                "--no-dashboard",
            ],
        )
        deadline = time.monotonic() + 60
        while not self.file.is_file() and time.monotonic() < deadline:
            assert self.scheduler.poll() is None, self.log("scheduler")
            time.sleep(0.1)
        self.address = json.loads(self.file.read_text(encoding="utf-8"))["address"]
        self.workers: dict[str, subprocess.Popen[bytes]] = {}

    def _start(
        self, name: str, arguments: list[str], env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        with open(self.folder / f"{name}.log", "wb") as log:
            return subprocess.Popen(
                [str(DASK), *arguments],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env={**os.environ, **(env or {})},
                cwd=self.folder,
            )

    def start_worker(self, name: str, env: dict[str, str] | None = None) -> None:
        self.workers[name] = self._start(
            name,
            [
                "worker",
                self.address,
                "--name",
                name,
                "--nthreads",
                "1",
                "--no-nanny",
                "--no-dashboard",
                "--host",
                "127.0.0.1",
                "--local-directory",
                str(self.folder / name),
            ],
            env,
        )

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(encoding="utf-8", errors="replace")

    def processes(self) -> list[subprocess.Popen[bytes]]:
        return [*self.workers.values(), self.scheduler]

    def stop(self) -> None:
        for process in self.processes():  # workers first: they stop their kernels
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=30)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def kernels_of(process: subprocess.Popen[bytes]) -> set[int]:
    with contextlib.suppress(psutil.NoSuchProcess):
        return {child.pid for child in psutil.Process(process.pid).children(recursive=True)}
    return set()


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """A scheduler and workers ``w1``, ``w2``; the test client; the pids seen (to check that
    everything stops)."""
    import distributed

    folder = tmp_path_factory.mktemp("cluster")
    running = Cluster(folder / "dask")
    client = None
    try:
        running.start_worker("w1")
        running.start_worker("w2")
        client = distributed.Client(running.address, set_as_default=False, timeout=60)
        client.wait_for_workers(2, timeout=120)
        names = {
            info["name"]: address for address, info in client.scheduler_info()["workers"].items()
        }
        yield SimpleNamespace(
            cluster=running, client=client, address=running.address, names=names, seen=set()
        )
    finally:
        if client is not None:
            client.close()
        running.stop()


def make_data(root: Path, slugs: tuple[str, ...] = (COMPANY,)) -> Path:
    shutil.copytree(ROOT / "data" / "instruments", root / "instruments")
    for slug in slugs:
        shutil.copytree(ROOT / "data" / "companies" / slug, root / "companies" / slug)
    history = root / "companies" / slugs[0] / ".history"  # never shipped
    history.mkdir()
    (history / "features.20260101T000000.000000.csv").write_text("old\n", encoding="utf-8")
    return root


def render_cli(*arguments: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbook.render", "--no-progress", *arguments],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
    )


def stable_notebook(path: Path) -> dict:
    """An executed notebook without what differs between any two runs."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for key in VOLATILE_RUN_METADATA:
        nb["metadata"].get("papermill", {}).pop(key, None)
    for cell in nb["cells"]:
        cell["metadata"].pop("execution", None)  # nbclient's timestamps
        for key in VOLATILE_RUN_METADATA:
            cell["metadata"].get("papermill", {}).pop(key, None)
        if "injected-parameters" in cell["metadata"].get("tags", []):
            cell.pop("id", None)  # papermill makes the cell anew, with a random id
            # Each render passes its reports' own history folder (workbook.render.history),
            # which differs between the two runs: the rest of the cell must match.
            lines = (
                cell["source"].splitlines(keepends=True)
                if isinstance(cell["source"], str)
                else cell["source"]
            )
            cell["source"] = "".join(x for x in lines if not x.startswith("history_dir = "))
    nb["metadata"].get("papermill", {}).get("parameters", {}).pop("history_dir", None)
    return nb


def pages(out: Path) -> list[Path]:
    return sorted(p.relative_to(out) for p in out.rglob("*.html"))


def executing(client, worker: str) -> list[str]:
    """The keys of the tasks ``worker`` is executing (asked to the worker itself)."""

    def keys(dask_worker) -> list[str]:  # a local function: Dask ships it by value
        return sorted(str(state.key) for state in dask_worker.state.executing)

    return client.run(keys, workers=[worker])[worker]


@pytest.fixture(scope="module")
def rendered(dask_cluster, tmp_path_factory):
    """A copy of a sample company rendered through ``--scheduler`` and, meanwhile, locally
    (one process)."""
    root = tmp_path_factory.mktemp("rendered")
    data = make_data(root / "data")
    local_out, cluster_out = root / "local", root / "cluster"
    arguments = ["--data-dir", str(data), "--out", str(cluster_out)]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "workbook.render",
            "--no-progress",
            *arguments,
            "--scheduler",
            dask_cluster.address,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        options = runner.Options(data_dir=data, out_dir=local_out, jobs=1, progress=False)
        local = runner.render_reports([], options, log=text_io.StringIO())
        stdout, stderr = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return SimpleNamespace(
        data=data,
        local=local,
        local_out=local_out,
        out=cluster_out,
        run=subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr),
    )


# -- on the cluster ------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_cluster_renders_the_pages_of_a_local_run_on_both_workers(dask_cluster, rendered):
    run, local_out, cluster_out = rendered.run, rendered.local_out, rendered.out
    assert rendered.local.ok
    assert run.returncode == 0, run.stdout + run.stderr
    assert "5 pages rendered, 0 up to date, 0 failed" in run.stdout
    assert pages(cluster_out) == pages(local_out) != []
    for page in pages(local_out):
        assert (cluster_out / page).read_bytes() == (local_out / page).read_bytes(), page
        notebook = page.with_suffix(".ipynb")
        assert stable_notebook(cluster_out / notebook) == stable_notebook(local_out / notebook)
    assert not list(cluster_out.rglob("*.tmp"))

    workers = set(dask_cluster.names.values())
    recorded = manifest.Manifest.load(cluster_out).entries
    assert {entry.worker for entry in recorded.values()} == workers  # both did work
    line = next(line for line in run.stderr.splitlines() if line.startswith(f"{COMPANY}: "))
    assert re.search(r" on tcp://127\.0\.0\.1:\d+", line), line
    local_workers = {entry.worker for entry in manifest.Manifest.load(local_out).entries.values()}
    assert all(" pid " in worker for worker in local_workers)
    for name, process in dask_cluster.cluster.workers.items():
        dask_cluster.seen |= kernels_of(process)
        assert not list((dask_cluster.cluster.folder / name).rglob("workbook-task-*"))


@pytest.mark.slow
def test_the_render_of_a_worker_killed_midway_is_rerun_on_the_other(
    dask_cluster, rendered, tmp_path
):
    """``--force``: the four company pages go out at once, two per single-threaded worker at
    most (Dask's worker saturation), so w1 surely renders one; it is killed with SIGKILL then."""
    data, out = rendered.data, tmp_path / "reports"
    shutil.copytree(rendered.out, out)
    victim = dask_cluster.cluster.workers["w1"]
    victim_address = dask_cluster.names["w1"]
    arguments = ["--no-progress", "--data-dir", str(data), "--out", str(out), "--force"]
    process = subprocess.Popen(
        [sys.executable, "-m", "workbook.render", *arguments, "--scheduler", dask_cluster.address],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    killed = None
    try:
        deadline = time.monotonic() + 240
        while killed is None and process.poll() is None and time.monotonic() < deadline:
            keys = executing(dask_cluster.client, victim_address)
            killed = next((key for key in keys if key.startswith("workbook-render-")), None)
            if killed is None:
                time.sleep(0.05)
        dask_cluster.seen |= kernels_of(victim)
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        stdout, stderr = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert killed is not None, "w1 never executed a render"
    assert process.returncode == 0, stdout + stderr
    assert "5 pages rendered, 0 up to date, 0 failed" in stdout
    slug, page = re.fullmatch(r"workbook-render-(.+)-(\w+)-[0-9a-f]{8}", killed).groups()
    name = page if slug == "all" else f"{slug}/{page}"
    entries = manifest.Manifest.load(out).entries
    assert entries[name].worker == dask_cluster.names["w2"]  # rerun on the survivor


@pytest.mark.slow
def test_a_worker_running_other_code_is_refused_before_anything_runs(tmp_path):
    """A worker whose workbook differs (a copy of the package with one line added, first on
    its PYTHONPATH) makes the run stop with a message naming it and both fingerprints."""
    other = tmp_path / "other"
    shutil.copytree(
        ROOT / "lib" / "workbook", other / "workbook", ignore=shutil.ignore_patterns("__pycache__")
    )
    init = other / "workbook" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8") + "# another build\n", encoding="utf-8")
    stale = Cluster(tmp_path / "dask")
    try:
        stale.start_worker("stale", env={"PYTHONPATH": str(other)})
        data, out = make_data(tmp_path / "data"), tmp_path / "reports"
        run = render_cli("--data-dir", str(data), "--out", str(out), "--scheduler", stale.address)
    finally:
        stale.stop()
    assert run.returncode == 1, run.stdout + run.stderr
    message = run.stderr
    assert "Refused" in message and "Nothing was rendered" in message, message
    theirs = re.search(r"tcp://127\.0\.0\.1:\d+: runs workbook (\S+)", message)
    mine = re.search(r"this client's workbook (\S+),", message)
    assert theirs and mine and theirs[1] != mine[1], message
    assert theirs[1].split("+")[0] == mine[1].split("+")[0]  # same version, other code
    assert "requirements.lock" in message and "Traceback" not in message
    assert pages(out) == [] and not (out / "manifest.json").exists()


@pytest.mark.slow
def test_everything_stops_afterwards(dask_cluster):
    """Last on the module's cluster: stopping it ends the scheduler, the workers and every
    kernel they started (the killed worker's kernels end on their own, with their parent)."""
    for process in dask_cluster.cluster.workers.values():
        dask_cluster.seen |= kernels_of(process)
    assert dask_cluster.seen  # the workers had warm kernels
    dask_cluster.client.close()
    dask_cluster.cluster.stop()
    pids = dask_cluster.seen | {p.pid for p in dask_cluster.cluster.processes()}
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not all(map(gone, pids)):
        time.sleep(0.2)
    assert [pid for pid in pids if not gone(pid)] == []


@pytest.mark.slow
def test_a_cluster_render_keeps_and_shows_the_history_as_a_local_render_does(tmp_path):
    """``--scheduler local``: after a change in the data, pages rendered on Dask workers (which
    do not see the reports folder) show what changed since the previous render and keep this
    render's results in ``history/``, exactly as the process pool does from the same start."""
    data = make_data(tmp_path / "data")
    local_out, cluster_out = tmp_path / "local", tmp_path / "cluster"

    def render(out: Path, scheduler: str | None) -> None:
        options = runner.Options(
            data_dir=data, out_dir=out, jobs=1, progress=False, scheduler=scheduler
        )
        summary = runner.render_reports([], options, log=text_io.StringIO())
        assert summary.ok, runner.report_text(summary)

    render(local_out, None)
    shutil.copytree(local_out, cluster_out)
    survey = data / "companies" / COMPANY / "pmf_survey.csv"
    survey.write_text(survey.read_text(encoding="utf-8").replace(",very,", ",not,"), "utf-8")
    render(local_out, None)
    render(cluster_out, "local")

    def kept(out: Path) -> list[dict]:
        records = sorted((out / "history" / COMPANY).glob("*.json"))
        return [json.loads(path.read_text(encoding="utf-8")) for path in records]

    assert len(kept(cluster_out)) == len(kept(local_out)) == 2
    assert kept(cluster_out)[1] == kept(local_out)[1]
    assert (
        kept(cluster_out)[1]["assessments"]["ttpmf"] != kept(cluster_out)[0]["assessments"]["ttpmf"]
    )
    listed = json.loads((cluster_out / "manifest.json").read_text(encoding="utf-8"))["history"]
    assert len(listed[COMPANY]) == 2
    for page in [f"{COMPANY}/index.html", f"{COMPANY}/ttpmf.html", "index.html"]:
        shown = (cluster_out / page).read_text(encoding="utf-8")
        change = "wbs-change" if page == "index.html" else "wb-change"
        assert "Sean Ellis share" in shown.split(f'class="{change}"')[1], page
        assert shown == (local_out / page).read_text(encoding="utf-8"), page


# -- units (no cluster) --------------------------------------------------------------------------


def test_a_task_ships_the_contract_files_and_instruments_only(tmp_path):
    from workbook.render import runner
    from workbook.render.snapshot import Snapshot

    data = make_data(tmp_path / "data")
    folder = data / "companies" / COMPANY
    (folder / ".DS_Store").write_bytes(b"x")
    (folder / "payroll.csv").write_text("name,salary\n", encoding="utf-8")
    (folder / "private").mkdir()
    (folder / "private" / "minutes.txt").write_text("secret", encoding="utf-8")
    snapshot = Snapshot(data)
    files = snapshot.files(snapshot.company_paths(COMPANY, runner.CONTRACT_INPUTS))
    expected = {
        f"companies/{COMPANY}/{p.name}" for p in (ROOT / "data/companies" / COMPANY).iterdir()
    }
    assert set(files) == expected | {"instruments/belonging.yaml"}
    assert files["instruments/belonging.yaml"] == (data / "instruments/belonging.yaml").read_bytes()


def test_the_client_writes_returned_files_atomically_and_clears_an_old_failure(tmp_path):
    task = tasks.RenderTask(
        slug=COMPANY,
        company_name="Tandem",
        assessment_id="ttpmf",
        assessment_title="TTPMF",
        notebook=tmp_path / "03_ttpmf.ipynb",
        data_dir=tmp_path / "data",
        out_dir=tmp_path / "out",
    )
    task.failed_path.parent.mkdir(parents=True)
    task.failed_path.write_text("{}", encoding="utf-8")
    result = tasks.RenderResult(
        COMPANY, "ttpmf", "rendered", files={"ttpmf.html": b"<html>", "ttpmf.ipynb": b"{}"}
    )
    written = tasks.deliver(task, result)
    assert written.files is None
    assert task.html_path.read_bytes() == b"<html>" and not task.failed_path.exists()
    with pytest.raises(ValueError):
        tasks.deliver(task, replace(result, files={"../escape.html": b""}))


def test_a_task_whose_workers_kept_dying_is_reported_not_raised():
    from distributed import KilledWorker

    exc = KilledWorker("workbook-render-x", SimpleNamespace(address="tcp://10.0.0.9:1"), 2)
    why = cluster._why(exc)
    assert "3 times" in why and "tcp://10.0.0.9:1" in why and "not retried" in why


def test_manifests_without_workers_still_load(tmp_path):
    document = {
        "format": manifest.RENDER_FORMAT,
        "renders": {
            "a/ttpmf": {"key": "k", "html": "a/ttpmf.html", "ipynb": "a/t.ipynb", "seconds": 1.0}
        },
    }
    (tmp_path / manifest.MANIFEST_NAME).write_text(json.dumps(document), encoding="utf-8")
    assert manifest.Manifest.load(tmp_path).entries["a/ttpmf"].worker == ""


def test_the_scheduler_option_and_its_environment_variable(monkeypatch):
    import argparse

    def parse(*arguments: str) -> argparse.Namespace:
        parser = argparse.ArgumentParser(prog="workbook")
        command.add_parser(parser.add_subparsers(dest="command"))
        return parser.parse_args(["render", *arguments])

    monkeypatch.delenv(command.SCHEDULER_ENV_VAR, raising=False)
    assert parse().scheduler is None
    assert parse("--scheduler", "tcp://10.0.0.5:8786").scheduler == "tcp://10.0.0.5:8786"
    monkeypatch.setenv(command.SCHEDULER_ENV_VAR, "local")
    assert parse().scheduler == "local"
