"""``workbook render`` on a shared machine and against hostile or broken files (issues 17, 23).

Most tests drive the runner with a recording executor (no process, no kernel): it answers the
validations and renders the runner submits, so that what is submitted, and with which bytes, is
visible. The tests that start kernels or a Dask cluster are marked ``slow``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io as text_io
import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from typing import Any

import nbformat
import pytest

from workbook import registry
from workbook.render import atomic, command, kernels, manifest, runner, snapshot, workers
from workbook.render.tasks import CompanyCheck, RenderResult, RenderTask

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data"
GOOD, BROKEN = "tandem", "broken-co"


def make_data(root: Path, *slugs: str) -> Path:
    """A data folder with the sample instrument and copies of sample companies; ``broken-co``
    is a copy of tandem whose survey does not validate."""
    shutil.copytree(SAMPLES / "instruments", root / "instruments")
    (root / "companies").mkdir(parents=True)
    for slug in slugs:
        shutil.copytree(SAMPLES / "companies" / GOOD, root / "companies" / slug)
    if BROKEN in slugs:
        pmf = root / "companies" / BROKEN / "pmf_survey.csv"
        pmf.write_text(pmf.read_text(encoding="utf-8").replace("2025-11-05", "someday", 1))
    return root


class Recorder(Executor):
    """An executor that runs nothing: it records each submitted validation and render with its
    arguments and answers with ``check(slug, bundle)`` and ``render(task, bundle)``."""

    def __init__(
        self,
        check: Callable[[str, snapshot.Bundle], CompanyCheck] | None = None,
        render: Callable[[RenderTask, snapshot.Bundle], RenderResult] | None = None,
    ) -> None:
        self.checks: list[tuple[str, snapshot.Bundle]] = []
        self.renders: list[tuple[RenderTask, snapshot.Bundle]] = []
        self._check = check or (lambda slug, bundle: CompanyCheck(slug, name=slug))
        self._render = render or rendered_result

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            if fn is workers.check_task:
                self.checks.append(args)
                future.set_result(self._check(*args))
            elif fn is workers.render_task:
                self.renders.append(args)
                future.set_result(self._render(*args))
            else:
                raise AssertionError(f"unexpected task {fn}")
        except BaseException as exc:
            future.set_exception(exc)
        return future


def rendered_result(task: RenderTask, bundle: snapshot.Bundle) -> RenderResult:
    """A render that "worked": a page naming the digest of each file it was given."""
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in bundle.files.items()}
    page = f"<html><body>{json.dumps(digests, sort_keys=True)}</body></html>".encode()
    files = {task.html_path.name: page, task.ipynb_path.name: b"{}"}
    return RenderResult(task.slug, task.assessment_id, "rendered", 0.01, files=files)


def nothing_may_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make starting a process pool, a Dask cluster or a kernel fail the test."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a worker pool or kernel was started")

    monkeypatch.setattr(workers, "_process_pool", refuse)
    monkeypatch.setattr(kernels.WarmKernel, "start", refuse)
    monkeypatch.setattr(workers, "start", refuse)


def options(data: Path, out: Path, **changes: Any) -> runner.Options:
    values: dict[str, Any] = {
        "data_dir": data,
        "out_dir": out,
        "jobs": 1,
        "progress": False,
        "pages": (),
    }
    return runner.Options(**{**values, **changes})


def run(slugs: list[str], opts: runner.Options) -> runner.RunSummary:
    return runner.render_reports(slugs, opts, log=text_io.StringIO())


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging (a named pipe read without care blocks forever)."""

    def expired(*_: Any) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- issue 17: an unchanged re-render starts nothing -----------------------------------------------


def test_a_validation_is_remembered_by_the_hash_of_its_inputs(tmp_path, monkeypatch):
    data, out = make_data(tmp_path / "data", GOOD, BROKEN), tmp_path / "out"

    def check(slug: str, bundle: snapshot.Bundle) -> CompanyCheck:
        errors = ("pmf_survey.csv, row 2: bad date",) if slug == BROKEN else ()
        return CompanyCheck(slug, errors, warnings=1, name=slug.title())

    first = Recorder(check)
    summary = run([], options(data, out, executor=first))
    assert sorted(slug for slug, _ in first.checks) == [BROKEN, GOOD]
    assert not summary.ok
    remembered = manifest.Manifest.load(out).validations
    assert remembered[BROKEN].errors == ("pmf_survey.csv, row 2: bad date",)
    assert remembered[GOOD].errors == () and remembered[GOOD].name == "Tandem"

    # Unchanged: the invalid company is reported from the manifest; nothing is started.
    nothing_may_start(monkeypatch)
    again = run([], options(data, out))
    by_slug = {company.slug: company for company in again.companies}
    assert by_slug[BROKEN].problems == ["pmf_survey.csv, row 2: bad date"]
    assert all(r.status == "skipped" for r in by_slug[GOOD].results.values())
    assert not again.ok
    monkeypatch.undo()

    # Its data changes: it is validated again (and a valid company's pages render without a
    # second validation when only the library's view of it is unchanged).
    pmf = data / "companies" / BROKEN / "pmf_survey.csv"
    pmf.write_text(pmf.read_text(encoding="utf-8").replace("someday", "2025-11-05"))
    third = Recorder()
    run([], options(data, out, executor=third))
    assert [slug for slug, _ in third.checks] == [BROKEN]


@pytest.mark.slow
def test_an_unchanged_rerender_with_an_invalid_company_starts_no_pool_and_no_kernel(
    tmp_path, monkeypatch
):
    data, out = make_data(tmp_path / "data", GOOD, BROKEN), tmp_path / "out"
    tiny = replace(
        registry.get("ttpmf"),
        id="tiny",
        title="Tiny",
        notebook=str(digest_notebook(tmp_path / "tiny.ipynb")),
        inputs=("company.yaml", "pmf_survey.csv"),
    )
    opts = options(data, out, assessments=(tiny,), pages=(registry.PORTFOLIO,))
    first = run([], opts)  # a real process pool and kernels
    by_slug = {company.slug: company for company in first.companies}
    assert by_slug[GOOD].results["tiny"].status == "rendered"
    assert any("someday" in problem for problem in by_slug[BROKEN].problems)
    assert first.portfolio is not None and first.portfolio.status == "rendered"

    nothing_may_start(monkeypatch)
    again = run([], opts)
    by_slug = {company.slug: company for company in again.companies}
    assert by_slug[GOOD].results["tiny"].status == "skipped"
    assert any("someday" in problem for problem in by_slug[BROKEN].problems)
    assert again.portfolio is not None and again.portfolio.status == "skipped"


def test_the_workbook_render_command_imports_no_pandas_when_nothing_is_rendered(tmp_path):
    (tmp_path / "companies").mkdir()
    code = (
        "import sys\n"
        "from workbook import cli\n"
        f"cli.main(['render', '--no-progress', '--data-dir', {str(tmp_path)!r}, "
        f"'--out', {str(tmp_path / 'out')!r}])\n"
        "heavy = {'pandas', 'pandera', 'papermill', 'jupyter_client', 'distributed'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


# -- issue 23 (7): a page and its key describe the same bytes --------------------------------------


def digest_notebook(path: Path) -> Path:
    """A notebook that prints the SHA-256 of the company's survey as it reads it."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    parameters = nbformat.v4.new_code_cell('company = "tandem"\ndata_dir = None')
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [
        parameters,
        nbformat.v4.new_code_cell(
            "import hashlib, pathlib\n"
            "survey = pathlib.Path(data_dir, 'companies', company, 'pmf_survey.csv')\n"
            "print('survey digest', hashlib.sha256(survey.read_bytes()).hexdigest())"
        ),
    ]
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_an_input_rewritten_during_a_render_gives_a_page_that_agrees_with_its_key(
    tmp_path, monkeypatch
):
    data, out = make_data(tmp_path / "data", GOOD), tmp_path / "out"
    tiny = replace(
        registry.get("ttpmf"),
        id="tiny",
        title="Tiny",
        notebook=str(digest_notebook(tmp_path / "tiny.ipynb")),
        inputs=("company.yaml", "pmf_survey.csv"),
    )
    survey = data / "companies" / GOOD / "pmf_survey.csv"
    before = survey.read_bytes()
    after = before + before.splitlines(keepends=True)[-1]  # one answer more
    original = snapshot.render_bundle

    def rewrite_then_render(task: RenderTask, bundle: snapshot.Bundle) -> RenderResult:
        survey.write_bytes(after)  # someone saves the file while the page renders
        return original(task, bundle)

    monkeypatch.setattr(snapshot, "render_bundle", rewrite_then_render)
    with ThreadPoolExecutor(1) as pool:
        try:
            run([GOOD], options(data, out, executor=pool, assessments=(tiny,)))
            monkeypatch.undo()
            page = (out / GOOD / "tiny.html").read_text(encoding="utf-8")
            assert hashlib.sha256(before).hexdigest() in page
            assert hashlib.sha256(after).hexdigest() not in page
            # The key recorded is that of the bytes the page was made from ...
            copy = tmp_path / "as-rendered"
            shutil.copytree(data, copy)
            (copy / "companies" / GOOD / "pmf_survey.csv").write_bytes(before)
            key = manifest.render_key(copy / "companies" / GOOD, tiny.inputs, tiny.notebook_path)
            assert manifest.Manifest.load(out).entries[f"{GOOD}/tiny"].key == key
            # ... so the next run sees the new bytes and renders the page again from them.
            second = run([GOOD], options(data, out, executor=pool, assessments=(tiny,)))
            assert second.companies[0].results["tiny"].status == "rendered"
            page = (out / GOOD / "tiny.html").read_text(encoding="utf-8")
            assert hashlib.sha256(after).hexdigest() in page
        finally:
            kernels.shutdown_pools()


# -- issue 23 (3, 6): only the contract's files, only regular files, never a hang ------------------


def test_only_the_contracts_regular_files_are_read_and_shipped(tmp_path):
    data = make_data(tmp_path / "data", GOOD, "piped", "linked-out", "device", "linked-in")
    companies = data / "companies"
    (companies / GOOD / "payroll.csv").write_text("name,salary\nann,1\n", encoding="utf-8")
    (companies / GOOD / ".history").mkdir()
    (companies / GOOD / ".history" / "old.yaml").write_text("x", encoding="utf-8")
    (companies / "piped" / "pmf_survey.csv").unlink()
    os.mkfifo(companies / "piped" / "pmf_survey.csv")
    outside = tmp_path / "outside.csv"
    outside.write_text("secret\n", encoding="utf-8")
    (companies / "linked-out" / "features.csv").unlink()
    (companies / "linked-out" / "features.csv").symlink_to(outside)
    (companies / "device" / "retention.csv").unlink()
    (companies / "device" / "retention.csv").symlink_to("/dev/zero")
    shared = data / "shared"
    shared.mkdir()
    shutil.move(companies / "linked-in" / "features.csv", shared / "features.csv")
    (companies / "linked-in" / "features.csv").symlink_to(shared / "features.csv")

    recorder = Recorder(lambda slug, bundle: CompanyCheck(slug, ("stop here",)))
    with deadline(30):
        summary = run([], options(data, tmp_path / "out", executor=recorder))
    problems = {company.slug: " ".join(company.problems) for company in summary.companies}
    assert "pmf_survey.csv" in problems["piped"] and "a named pipe" in problems["piped"]
    assert "outside the data folder" in problems["linked-out"]
    assert "outside the data folder" in problems["device"]
    assert "expected a regular file" in problems["piped"]
    shipped = {slug: bundle for slug, bundle in recorder.checks}
    assert set(shipped) == {GOOD, "linked-in"}  # the refused ones never reach a worker
    names = {name.split("/")[-1] for name in shipped[GOOD].files}
    assert "payroll.csv" not in names and "old.yaml" not in names
    contract = {name.split("/")[-1] for name in runner.CONTRACT_INPUTS}
    assert names <= contract and "company.yaml" in names and "belonging.yaml" in names
    linked = shipped["linked-in"].files["companies/linked-in/features.csv"]
    assert linked == (shared / "features.csv").read_bytes()


def test_a_pipe_or_device_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    with deadline(10), pytest.raises(snapshot.UnsafeInputError, match="named pipe"):
        snapshot.read_regular(tmp_path / "pipe", tmp_path)
    with pytest.raises(snapshot.UnsafeInputError, match="outside the data folder"):
        (tmp_path / "zero").symlink_to("/dev/zero")
        snapshot.read_regular(tmp_path / "zero", tmp_path)
    assert snapshot.read_regular(tmp_path / "absent.csv", tmp_path) is None


# -- issue 23 (10): worker deaths are not bad data -------------------------------------------------


def test_a_worker_that_dies_while_validating_is_an_infrastructure_failure(tmp_path):
    data, out = make_data(tmp_path / "data", GOOD), tmp_path / "out"

    def die(slug: str, bundle: snapshot.Bundle) -> CompanyCheck:
        raise BrokenProcessPool("A process in the process pool was terminated abruptly")

    summary = run([], options(data, out, executor=Recorder(die)))
    company = summary.companies[0]
    assert company.problems == [] and "terminated abruptly" in company.infrastructure
    assert not summary.ok
    report = runner.report_text(summary)
    assert "does not validate" not in report and "not a problem of its data" in report
    saved = manifest.Manifest.load(out)
    assert "workers failed" in saved.failures[GOOD] and "validate" not in saved.failures[GOOD]
    assert GOOD not in saved.validations  # nothing remembered: the next run checks again

    # The same from a Dask worker (a check whose task kept losing its worker).
    dask_like = Recorder(lambda slug, bundle: CompanyCheck(slug, infrastructure="KilledWorker"))
    summary = run([], options(data, out, executor=dask_like))
    assert summary.companies[0].problems == []
    assert summary.companies[0].infrastructure == "KilledWorker"


# -- issue 23 (8): a mistyped data folder replaces nothing -----------------------------------------


def test_a_data_folder_without_companies_is_refused_with_exit_status_2(tmp_path, capsys):
    (tmp_path / "typo").mkdir()
    with pytest.raises(runner.DataFolderError, match="No companies/ folder"):
        run([GOOD], options(tmp_path / "typo", tmp_path / "out"))
    status = command.main([GOOD, "--data-dir", str(tmp_path / "typo"), "--out", str(tmp_path)])
    assert status == 2
    assert str((tmp_path / "typo").resolve()) in capsys.readouterr().err
    assert not (tmp_path / "manifest.json").exists()


def test_the_portfolio_is_not_replaced_by_one_missing_companies_still_there(tmp_path):
    old = make_data(tmp_path / "old", GOOD, "ledger")
    new = make_data(tmp_path / "new", GOOD)
    out = tmp_path / "out"
    portfolio_only = {"assessments": (), "pages": (registry.PORTFOLIO,)}
    recorder = Recorder()
    first = run([], options(old, out, executor=recorder, **portfolio_only))
    assert first.portfolio is not None and first.portfolio.status == "rendered"
    page = (out / "index.html").read_bytes()

    refusing = Recorder(render=lambda task, bundle: pytest.fail("must not render"))
    second = run([], options(new, out, executor=refusing, **portfolio_only))
    assert second.portfolio is not None and second.portfolio.status == "failed"
    assert "ledger" in second.portfolio.message and "not replaced" in second.portfolio.message
    assert (out / "index.html").read_bytes() == page

    shutil.rmtree(old / "companies" / "ledger")  # really gone: now it may be replaced
    third = run([], options(new, out, executor=Recorder(), **portfolio_only))
    assert third.portfolio is not None and third.portfolio.status == "rendered"


# -- issue 23 (4): the portfolio renders around a company whose pages fail -------------------------


def test_the_portfolio_renders_without_a_company_whose_pages_failed(tmp_path):
    data, out = make_data(tmp_path / "data", GOOD, "ledger"), tmp_path / "out"

    def page_fails_for_ledger(task: RenderTask, bundle: snapshot.Bundle) -> RenderResult:
        listed = (task.parameters or {}).get("companies")
        if task.slug == "ledger" or (not task.slug and (listed is None or "ledger" in listed)):
            return RenderResult.failure(task, "ValueError: cannot convert float NaN to integer")
        return rendered_result(task, bundle)

    recorder = Recorder(render=page_fails_for_ledger)
    summary = run([], options(data, out, executor=recorder, pages=registry.PAGES))
    assert summary.portfolio is not None and summary.portfolio.status == "rendered"
    portfolio_tasks = [task for task, _ in recorder.renders if not task.slug]
    assert [t.parameters["companies"] for t in portfolio_tasks] == [None, [GOOD]]
    assert "ledger" in portfolio_tasks[-1].parameters["failed"]
    by_slug = {company.slug: company for company in summary.companies}
    assert {r.status for r in by_slug[GOOD].results.values()} == {"rendered"}
    assert {r.status for r in by_slug["ledger"].results.values()} == {"failed"}


# -- issue 23 (9): only our own temporaries are cleaned --------------------------------------------


def test_only_the_workbooks_temporaries_of_gone_processes_are_removed(tmp_path):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (tmp_path / "co").mkdir()
        stale = tmp_path / "co" / f"{atomic.TEMP_PREFIX}{gone.pid}-ttpmf.html.x1.tmp"
        busy = tmp_path / f"{atomic.TEMP_PREFIX}{alive.pid}-index.html.x2.tmp"
        foreign = [tmp_path / ".notes.txt.tmp", tmp_path / "co" / ".page.html.abc.tmp"]
        for path in [stale, busy, *foreign]:
            path.write_bytes(b"half")
        assert atomic.remove_temporaries(tmp_path) == [stale]
        assert busy.exists() and all(path.exists() for path in foreign)
    finally:
        alive.kill()
        alive.wait()
    atomic.write_text_atomic(tmp_path / "page.html", "new")
    assert (tmp_path / "page.html").read_text() == "new"
    assert not list(tmp_path.glob(f"{atomic.TEMP_PREFIX}{os.getpid()}-*"))


# -- issue 23 (1): nothing listens unauthenticated -------------------------------------------------


def test_a_plain_scheduler_on_another_host_is_refused_unless_insecure(tmp_path, capsys):
    (tmp_path / "companies").mkdir()
    arguments = ["--data-dir", str(tmp_path), "--out", str(tmp_path / "out")]
    assert command.main([*arguments, "--scheduler", "tcp://10.1.2.3:8786"]) == 2
    assert "Refused" in capsys.readouterr().err
    assert command.main([*arguments, "--scheduler", "scheduler.example.org:8786"]) == 2
    assert command.scheduler_refusal("tcp://10.1.2.3:8786", insecure=True) is None
    assert command.scheduler_refusal("tcp://127.0.0.1:8786") is None
    assert command.scheduler_refusal("tcp://[::1]:8786") is None
    assert command.scheduler_refusal("tls://10.1.2.3:8786") is None
    assert command.scheduler_refusal("local") is None


def test_a_tls_scheduler_without_certificates_is_refused_before_connecting(monkeypatch):
    import dask

    from workbook.render import cluster

    no_authority = dask.config.set({"distributed.comm.tls.ca-file": None})
    with no_authority, pytest.raises(cluster.ClusterError, match="--tls-ca-file"):
        cluster.security_for("tls://10.1.2.3:8786")
    security = cluster.security_for(
        "tls://10.1.2.3:8786", cluster.TlsFiles("ca.pem", "me.pem", "me.key")
    )
    assert security is not None and security.require_encryption
    assert security.tls_ca_file == "ca.pem" and security.tls_client_cert == "me.pem"


@pytest.mark.slow
def test_the_local_cluster_refuses_a_client_without_its_credentials():
    import distributed

    from workbook.render import cluster

    local = cluster.start_local_cluster(1)  # as `--scheduler local` starts it
    try:
        address = local.scheduler_address
        assert address.startswith("tls://127.0.0.1:")
        assert "dashboard" not in local.scheduler.services
        http = local.scheduler.http_server
        with pytest.raises(urllib.error.URLError) as unanswered:  # no dashboard, no metrics
            urllib.request.urlopen(f"http://127.0.0.1:{http.port}/health", timeout=5)
        assert not isinstance(unanswered.value, urllib.error.HTTPError)  # refused, not a 404
        # Each attempt fails to connect (the error's type depends on where the handshake stops).
        with pytest.raises(Exception):  # noqa: B017  no credentials at all
            distributed.Client(address, timeout=5, set_as_default=False)
        with pytest.raises(Exception):  # noqa: B017  plain TCP to the TLS port
            distributed.Client(address.replace("tls://", "tcp://"), timeout=5)
        with pytest.raises(Exception):  # noqa: B017  credentials of its own, not signed by its CA
            distributed.Client(
                address,
                security=distributed.Security.temporary(),
                timeout=5,
                set_as_default=False,
            )
        with distributed.Client(local, security=local.security, set_as_default=False) as client:
            assert client.submit(sum, [20, 22]).result(timeout=60) == 42
    finally:
        local.close()
