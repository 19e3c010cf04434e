"""Benchmark ``workbook render`` against the stock papermill + nbconvert loop and a floor.

Run from the project folder:
    .venv/bin/python benchmarks/bench_render.py [--companies 8] [--stock-notebooks K] [--jobs N]

It generates N synthetic companies with the sample generator (``data/make_samples.py``: the
four sample profiles, re-seeded and renamed) and one large company in a temporary folder, then
times in one run:

(a) the stock loop a user would write: per notebook, ``papermill`` (CLI) then
    ``jupyter nbconvert --to html --no-input``, one after the other (``--stock-notebooks K``
    times only the first K notebooks and scales the median up to all of them);
(b) ``workbook render --force`` on the same companies;
(c) the same command again with nothing changed (every page up to date), timed as a user waits
    for it: the whole ``workbook render`` process from the shell (interpreter start, imports,
    exit), wall clock, without and with one company whose data does not validate among the
    others (its outcome remembered from the run before), each against a baseline measured in
    the same run (``python -c pass`` and ``workbook --help``); ``--only-c`` runs this case
    alone, on the sample companies (target: under 2 s with the invalid one);
(d) the large company alone: 100,000 belonging respondents, 5,000 Kano rows, 3 years of weekly
    activity and 36 retention cohorts (target: under 30 s, every page under 2 MB);
(e) the in-process floor: the notebooks' own code run in this process with no kernel,
    papermill or nbconvert (load, assess, tables, charts exported to SVG), after the imports;
(f) ``workbook render --force --scheduler local --jobs 2``: the same companies on a local Dask
    cluster of two single-threaded workers (started and stopped by the command, as a try-out
    would), against the local pool of two processes (``--jobs 2``, (b) when that is what it
    ran); and the cluster's costs apart from the notebooks: the scheduler's round trip per task
    (no-op tasks carrying a company's inputs) and the bytes shipped per task.

It prints (a)/(b) (target at least 10x), (b)/(e) (target at most 3x) and (f)/(b) (expected
near 1 on one machine: the cluster's overhead is small) and writes everything to
``benchmarks/results/bench_render.json``.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib.util
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = ROOT / "benchmarks" / "results" / "bench_render.json"
LARGE = "large-co"


def load_generator() -> Any:
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "data" / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules["make_samples"] = module
    spec.loader.exec_module(module)
    return module


def make_companies(generator: Any, root: Path, count: int) -> list[str]:
    """``count`` companies: the sample profiles in turn, each with its own seed and slug."""
    shutil.copytree(ROOT / "data" / "instruments", root / "instruments", dirs_exist_ok=True)
    instrument = generator.load_instrument(generator.INSTRUMENT_PATH)
    slugs = []
    for index in range(count):
        base = generator.PROFILES[index % len(generator.PROFILES)]
        profile = replace(
            base,
            slug=f"{base.slug}-{index + 1}",
            name=f"{base.name} {index + 1}",
            seed=base.seed + 7919 * (index + 1),
        )
        generator.write_company(profile, instrument, root / "companies")
        slugs.append(profile.slug)
    return slugs


def make_large_company(generator: Any, root: Path) -> str:
    """The sample with a full community, scaled up to the sizes the issue names."""
    base = next(p for p in generator.PROFILES if p.community is not None and p.practices)
    surveyed = sum(1 for feature in base.features if feature.kano)
    community = replace(
        base.community,
        activity=replace(base.community.activity, weeks=156),
        belonging=_belonging_respondents(base.community.belonging, 100_000),
    )
    last = base.last_data
    profile = replace(
        base,
        slug=LARGE,
        name="Large Co",
        seed=base.seed + 1,
        started=date(last.year - 3, last.month, 1),
        kano_respondents=math.ceil(5_000 / surveyed),
        retention=replace(base.retention, cohorts=36),
        community=community,
    )
    shutil.copytree(ROOT / "data" / "instruments", root / "instruments", dirs_exist_ok=True)
    instrument = generator.load_instrument(generator.INSTRUMENT_PATH)
    generator.write_company(profile, instrument, root / "companies")
    return LARGE


def _belonging_respondents(plan: Any, total: int) -> Any:
    """The survey plan with ``total`` answers (one wave of that size, or waves scaled to it)."""
    if hasattr(plan, "respondents"):
        return replace(plan, respondents=total)
    scale = total / sum(plan.sizes)
    sizes = [round(size * scale) for size in plan.sizes]
    sizes[-1] += total - sum(sizes)
    return replace(plan, sizes=tuple(sizes))


def notebooks() -> list[Path]:
    from workbook import registry

    return [assessment.notebook_path for assessment in registry.ASSESSMENTS]


def run(command: list[str], **kwargs: Any) -> float:
    """Run a command; its seconds. A failure stops the benchmark with the command's output."""
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if completed.returncode != 0:
        sys.exit(
            f"failed: {' '.join(command)}\n{completed.stdout[-3000:]}{completed.stderr[-3000:]}"
        )
    return time.perf_counter() - started


def stock_loop(data: Path, slugs: list[str], out: Path, limit: int | None) -> dict[str, Any]:
    """(a): papermill CLI then nbconvert CLI, per notebook, sequentially."""
    out.mkdir(parents=True, exist_ok=True)
    pairs = [(slug, notebook) for slug in slugs for notebook in notebooks()]
    timed = pairs[:limit] if limit else pairs
    seconds = []
    for slug, notebook in timed:
        executed = out / f"{slug}-{notebook.stem}.ipynb"
        started = time.perf_counter()
        options = ["-p", "company", slug, "-p", "data_dir", str(data)]
        options += ["--no-progress-bar", "--log-level", "WARNING"]
        subprocess.run(
            [str(BIN / "papermill"), str(notebook), str(executed), *options],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            check=True,
            capture_output=True,
        )
        seconds.append(time.perf_counter() - started)
    median = statistics.median(seconds)
    total = sum(seconds) if len(timed) == len(pairs) else median * len(pairs)
    return {
        "notebooks": len(pairs),
        "timed": len(timed),
        "median_per_notebook_s": round(median, 2),
        "total_s": round(total, 1),
        "extrapolated": len(timed) != len(pairs),
    }


def up_to_date_run(command: list[str], attempts: int = 3) -> tuple[float, int]:
    """(c): the command when every page is up to date. If someone edited the package meanwhile
    (its source is part of every page's key), that run renders again: measure the next one."""
    for attempt in range(1, attempts + 1):
        started = time.perf_counter()
        completed = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        seconds = time.perf_counter() - started
        if completed.returncode == 0 and "0 pages rendered" in completed.stdout:
            return seconds, attempt
    sys.exit(f"(c) never found every page up to date:\n{completed.stdout[-2000:]}")


def best_of(command: list[str], runs: int = 5) -> float:
    """The fastest of ``runs`` wall-clock runs of a whole process (the least disturbed by the
    machine's other work), in seconds."""
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, cwd=ROOT, check=False)
        seconds.append(time.perf_counter() - started)
    return min(seconds)


def unchanged_case(data: Path, out: Path, jobs: int | None) -> dict[str, Any]:
    """(c) as a user sees it: the whole ``workbook render`` process, wall clock, with every
    page up to date (``out`` rendered already), then with one invalid company added (after a
    first run has validated it once), each against the same run's baselines."""
    workbook = str(BIN / "workbook")
    command = [workbook, "render", "--no-progress", "--data-dir", str(data), "--out", str(out)]
    command += ["--jobs", str(jobs)] if jobs else []
    up_to_date_run(command)  # settle: the next runs find every page up to date
    python_pass = best_of([sys.executable, "-c", "pass"])
    help_text = best_of([workbook, "--help"])
    valid = best_of(command)
    broken = data / "companies" / "broken-co"
    shutil.copytree(next(p for p in sorted((data / "companies").iterdir()) if p.is_dir()), broken)
    survey = broken / "pmf_survey.csv"
    lines = survey.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[1] = "someday"  # a date that is not one
    survey.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    first = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if "broken-co: not rendered" not in first.stderr + first.stdout:
        sys.exit(f"(c) the invalid company was not reported:\n{first.stderr[-2000:]}")
    invalid = best_of(command)
    again = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if "0 pages rendered" not in again.stdout or "1 company with invalid data" not in again.stdout:
        sys.exit(f"(c) with an invalid company did not find the rest up to date:\n{again.stdout}")
    shutil.rmtree(broken)
    return {
        "whole_process_s": round(valid, 3),
        "whole_process_with_invalid_company_s": round(invalid, 3),
        "baseline_python_pass_s": round(python_pass, 3),
        "baseline_workbook_help_s": round(help_text, 3),
        "ratio_over_python": round(valid / python_pass, 1),
        "ratio_with_invalid_over_python": round(invalid / python_pass, 1),
        "ratio_over_help": round(valid / help_text, 2),
        "ratio_with_invalid_over_help": round(invalid / help_text, 2),
    }


def print_unchanged(case: dict[str, Any]) -> None:
    print(
        f"(c) unchanged re-render, whole process: {case['whole_process_s']:.2f} s; with one "
        f"invalid company: {case['whole_process_with_invalid_company_s']:.2f} s (target < 2 s)"
    )
    print(
        f"    baselines: python -c pass {case['baseline_python_pass_s']:.2f} s, workbook --help "
        f"{case['baseline_workbook_help_s']:.2f} s; ratios to --help "
        f"{case['ratio_over_help']:.2f}x and {case['ratio_with_invalid_over_help']:.2f}x"
    )


def only_unchanged(jobs: int | None) -> None:
    """``--only-c``: case (c) alone on a copy of the sample companies."""
    with tempfile.TemporaryDirectory(prefix="bench-render-") as folder:
        data, out = Path(folder) / "data", Path(folder) / "reports"
        shutil.copytree(ROOT / "data" / "instruments", data / "instruments")
        shutil.copytree(ROOT / "data" / "companies", data / "companies")
        companies = sum(1 for p in (data / "companies").iterdir() if p.is_dir())
        print(f"{companies} sample companies, {os.cpu_count()} CPUs, load {_load()}")
        forced = run(render_command(data, out, jobs, "--force"), cwd=ROOT)
        print(f"(b) first render of the samples: {forced:.1f} s")
        case = unchanged_case(data, out, jobs)
    print_unchanged(case)
    path = RESULTS.with_name("bench_render_unchanged.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"machine": {"cpus": os.cpu_count(), "load_average_at_end": _load()}, **case}
    path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(f"results: {path.relative_to(ROOT)}")


def render_command(data: Path, out: Path, jobs: int | None, *extra: str) -> list[str]:
    command = [sys.executable, "-m", "workbook.render", "--no-progress"]
    command += ["--data-dir", str(data), "--out", str(out), *extra]
    return command + (["--jobs", str(jobs)] if jobs else [])


def page_sizes(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_size for path in sorted(folder.glob("*.html"))}


# -- (f) a local Dask cluster ------------------------------------------------------------------


def cluster_costs(data: Path, slugs: list[str], out: Path, tasks: int = 200) -> dict[str, Any]:
    """What a render task ships and gets back, and the scheduler's round trip per task: no-op
    tasks carrying one company's inputs, on a LocalCluster of two workers, after a warm-up."""
    import distributed

    from workbook import registry
    from workbook.render import cluster, runner
    from workbook.render.snapshot import Snapshot

    snapshot = Snapshot(data)
    files = snapshot.files(snapshot.company_paths(slugs[0], runner.CONTRACT_INPUTS))
    shipped = [*registry.PAGES, *registry.ASSESSMENTS]  # as shipped: without their outputs
    notebooks = [len(cluster.without_outputs(item.notebook_path.read_bytes())) for item in shipped]
    returned = [
        p.stat().st_size for p in (out / slugs[0]).iterdir() if p.suffix in {".html", ".ipynb"}
    ]
    bundle = cluster.Bundle(str(data), files)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as local,
        distributed.Client(local) as client,
    ):
        client.gather(client.map(_size, [bundle] * 10, pure=False))
        started = time.perf_counter()
        client.gather(client.map(_size, [bundle] * tasks, pure=False))
        per_task = (time.perf_counter() - started) / tasks
    return {
        "inputs_bytes_per_company": sum(map(len, files.values())),
        "notebook_bytes": {"min": min(notebooks), "max": max(notebooks)},
        "returned_bytes_per_page": round(sum(returned) / max(len(returned) // 2, 1)),
        "round_trip_ms_per_task": round(per_task * 1000, 2),
        "tasks": tasks,
    }


def _size(bundle: Any) -> int:
    return bundle.size


# -- (e) the floor: the notebooks' code in this process, no notebook machinery --------------


class _Shown:
    """Collects what a notebook would display, converted as the page needs it."""

    def __init__(self) -> None:
        self.items = 0

    def __call__(self, *objects: Any, **_: Any) -> None:
        for obj in objects:
            self.show(obj)

    def show(self, obj: Any) -> None:
        import vl_convert

        if obj is None:
            return
        self.items += 1
        if hasattr(obj, "to_dict") and type(obj).__module__.startswith("altair"):
            vl_convert.vegalite_to_svg(vl_spec=obj.to_dict(), **_vl_version(obj))
        elif hasattr(obj, "_repr_html_"):
            obj._repr_html_()
        elif hasattr(obj, "_repr_markdown_"):
            obj._repr_markdown_()
        else:
            repr(obj)


def _vl_version(chart: Any) -> dict[str, str]:
    import altair as alt

    return {"vl_version": ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])}


def _compile_cell(source: str, name: str) -> tuple[Any, Any]:
    """The cell's statements, and its last expression separately (shown, as IPython does)."""
    import IPython.core.inputtransformer2 as transformer

    tree = ast.parse(transformer.TransformerManager().transform_cell(source), name)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    body = compile(tree, name, "exec")
    return body, (compile(last, name, "eval") if last is not None else None)


def floor(data: Path, slugs: list[str]) -> dict[str, Any]:
    """(e): run every notebook's code cells for every company in this (warm) process."""
    import nbformat
    from IPython import display as display_module

    shown = _Shown()
    display_module.display = shown  # the notebooks import it from here
    cells = []
    for notebook in notebooks():
        nb = nbformat.read(notebook, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        cells.append(
            [
                (
                    "parameters" in c.metadata.get("tags", []),
                    *_compile_cell(c.source, notebook.name),
                )
                for c in code
            ]
        )

    def one(slug: str) -> None:
        for compiled in cells:
            namespace: dict[str, Any] = {}
            for is_parameters, body, last in compiled:
                exec(body, namespace)
                if is_parameters:  # what papermill injects after the defaults
                    namespace.update(company=slug, data_dir=str(data))
                elif last is not None:
                    shown.show(eval(last, namespace))

    one(slugs[0])  # imports and first-use costs, as a warm kernel has paid them
    started = time.perf_counter()
    for slug in slugs:
        one(slug)
    return {"total_s": round(time.perf_counter() - started, 2), "outputs": shown.items}


def _load() -> list[float] | None:
    """The 1, 5 and 15-minute load averages: other work on the machine slows every figure."""
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=8, help="synthetic companies (8)")
    parser.add_argument(
        "--stock-notebooks",
        type=int,
        default=None,
        help="time the stock loop on the first K notebooks only and scale its median "
        "(default: all of them; 0 leaves (a) out)",
    )
    parser.add_argument("--jobs", type=int, default=None, help="render workers (CPU count)")
    parser.add_argument("--skip-large", action="store_true", help="leave out (d)")
    parser.add_argument(
        "--only-c", action="store_true", help="run (c) alone, on the sample companies"
    )
    args = parser.parse_args(argv)
    if args.only_c:
        only_unchanged(args.jobs)
        return

    load_at_start = _load()
    generator = load_generator()
    with tempfile.TemporaryDirectory(prefix="bench-render-") as folder:
        root = Path(folder)
        data, large_data = root / "data", root / "large"
        slugs = make_companies(generator, data, args.companies)
        renders = len(slugs) * len(notebooks())
        print(f"{len(slugs)} companies, {renders} notebooks, {os.cpu_count()} CPUs")

        stock: dict[str, Any] = {}
        if args.stock_notebooks != 0:
            stock = stock_loop(data, slugs, root / "stock", args.stock_notebooks)
            print(
                f"(a) stock papermill + nbconvert loop: {stock['total_s']:.1f} s "
                f"({stock['median_per_notebook_s']:.1f} s median per notebook"
                + (f", {stock['timed']} timed and scaled)" if stock["extrapolated"] else ")")
            )
        out = root / "reports"
        forced = run(render_command(data, out, args.jobs, "--force"), cwd=ROOT)
        print(f"(b) workbook render --force:          {forced:.1f} s")
        unchanged, attempts = up_to_date_run(render_command(data, out, args.jobs))
        print(
            f"(c) unchanged re-render:              {unchanged:.2f} s"
            + (f" (attempt {attempts}: the sources changed meanwhile)" if attempts > 1 else "")
        )
        whole = unchanged_case(data, out, args.jobs)
        print_unchanged(whole)
        sizes = {slug: page_sizes(out / slug) for slug in slugs}

        large: dict[str, Any] = {}
        if not args.skip_large:
            make_large_company(generator, large_data)
            large_out = root / "large-reports"
            seconds = run(render_command(large_data, large_out, args.jobs, "--force"), cwd=ROOT)
            manifest = json.loads((large_out / "manifest.json").read_text(encoding="utf-8"))
            large = {
                "wall_s": round(seconds, 1),
                "render_s": {k: v["seconds"] for k, v in manifest["renders"].items()},
                "page_bytes": page_sizes(large_out / LARGE),
            }
            biggest = max(large["page_bytes"].values())
            print(
                f"(d) large company:                    {seconds:.1f} s wall, "
                f"largest page {biggest / 1e6:.2f} MB"
            )

        with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
            base = floor(data, slugs)
        print(f"(e) in-process floor:                 {base['total_s']:.1f} s")

        workers = 2
        if (args.jobs or os.cpu_count()) == workers:
            pool = forced
        else:
            pool = run(render_command(data, root / "pool", workers, "--force"), cwd=ROOT)
        on_cluster = run(
            render_command(data, root / "cluster", workers, "--force", "--scheduler", "local"),
            cwd=ROOT,
        )
        costs = cluster_costs(data, slugs, out)
        print(
            f"(f) --scheduler local, {workers} workers:    {on_cluster:.1f} s "
            f"(local pool of {workers}: {pool:.1f} s); per task: "
            f"{costs['round_trip_ms_per_task']:.1f} ms scheduler round trip, "
            f"{costs['inputs_bytes_per_company'] / 1e3:.0f} kB inputs + "
            f"{costs['notebook_bytes']['max'] / 1e3:.0f} kB notebook shipped, "
            f"{costs['returned_bytes_per_page'] / 1e3:.0f} kB page and notebook back"
        )

    speedup = stock["total_s"] / forced if stock else None
    overhead = forced / base["total_s"]
    if speedup is not None:
        print(f"(a)/(b) = {speedup:.1f}x faster than the stock loop (target >= 10x)")
    print(f"(b)/(e) = {overhead:.2f}x the in-process floor (target <= 3x)")
    print(f"(f)/(b) = {on_cluster / pool:.2f}x the local pool on a local two-worker cluster")
    result = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": load_at_start,
            "load_average_at_end": _load(),
        },
        "companies": len(slugs),
        "notebooks": renders,
        "a_stock_loop": stock,
        "b_render_force_s": round(forced, 2),
        "c_unchanged_s": round(unchanged, 2),
        "c_attempts": attempts,
        "c_whole_process": whole,
        "d_large_company": large,
        "e_floor": base,
        "ratio_a_over_b": round(speedup, 1) if speedup is not None else None,
        "ratio_b_over_e": round(overhead, 2),
        "f_cluster": {
            "workers": workers,
            "wall_s": round(on_cluster, 2),
            "local_pool_s": round(pool, 2),
            "ratio_f_over_pool": round(on_cluster / pool, 2),
            **costs,
        },
        "page_bytes": sizes,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"results: {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
