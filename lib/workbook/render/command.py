"""``workbook render``: the command line of the report renderer.

The ``workbook`` CLI calls :func:`add_parser` while it builds its parser and :func:`run` for the
sub-command, so this module imports nothing heavy at the top: ``workbook --help`` stays fast.
``python -m workbook.render`` runs the same command on its own.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from workbook import contract

DEFAULT_TIMEOUT = 300.0  # seconds; kept equal to workbook.render.tasks.DEFAULT_TIMEOUT
#: Environment variable naming the Dask scheduler when ``--scheduler`` is not given.
SCHEDULER_ENV_VAR = "WORKBOOK_SCHEDULER"
DESCRIPTION = (
    "Render every company's summary and assessments into self-contained HTML pages (no code, "
    "no scripts, no network) beside the executed notebooks: <out>/<slug>/index.html (the "
    "summary) and <out>/<slug>/<assessment>.html, then the portfolio of every company, "
    "<out>/index.html, the entry page. Unchanged pages are skipped (see <out>/manifest.json); "
    "exit status 1 when a company's data does not validate or a notebook fails."
)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {text!r}")
    return value


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {text!r}")
    return value


def configure(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the command's arguments to ``parser``."""
    parser.add_argument("slugs", nargs="*", metavar="SLUG", help="companies (default: all)")
    contract.add_data_dir_argument(parser)
    parser.add_argument(
        "--out", type=Path, default=Path("reports"), help="output folder (default: reports/)"
    )
    parser.add_argument(
        "--jobs",
        type=_positive_int,
        default=os.cpu_count() or 1,
        help="renders run in parallel, each worker with its own warm kernel "
        "(default: the number of CPUs, %(default)s here)",
    )
    parser.add_argument(
        "--force", action="store_true", help="render everything, even pages that are up to date"
    )
    parser.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=DEFAULT_TIMEOUT,
        help="seconds one render may take before it is stopped and its kernel replaced "
        "(default: %(default)g)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=os.environ.get(SCHEDULER_ENV_VAR) or None,
        help="render on the Dask cluster of this scheduler (tls://host:8786 with the team's "
        "certificates), whose workers run the same workbook; 'local' starts one of --jobs "
        "workers on this machine, with TLS and credentials of its own "
        f"(default: ${SCHEDULER_ENV_VAR}, else a local process pool)",
    )
    parser.add_argument(
        "--dashboard",
        action="store_true",
        help="with --scheduler local: serve Dask's dashboard on 127.0.0.1 (default: none)",
    )
    parser.add_argument(
        "--insecure",
        action="store_true",
        help="allow a plain tcp:// scheduler on another host (unauthenticated, unencrypted: "
        "anyone who reaches it can run code on its workers); use tls:// instead",
    )
    parser.add_argument(
        "--tls-ca-file", metavar="PEM", help="tls:// scheduler: the team's certificate authority"
    )
    parser.add_argument(
        "--tls-cert", metavar="PEM", help="tls:// scheduler: this client's certificate"
    )
    parser.add_argument(
        "--tls-key",
        metavar="PEM",
        help="tls:// scheduler: this client's key (if not in --tls-cert)",
    )
    parser.add_argument(
        "--no-progress", action="store_true", help="no progress bar (the log stays)"
    )
    parser.add_argument(
        "--pdf",
        action="store_true",
        help="also print each page to <page>.pdf beside it with the installed Chromium "
        "(only pages newer than their PDF, or all with --force)",
    )
    return parser


#: Host names that are this machine (a plain tcp:// scheduler is allowed only there).
LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")


def scheduler_refusal(address: str, insecure: bool = False) -> str | None:
    """Why ``workbook render`` refuses this scheduler address (None: it may connect).

    ``local`` and ``tls://`` are fine; a plain address (``tcp://``, ``ws://`` or no scheme) is
    allowed on this machine's loopback only, since anyone who reaches such a scheduler runs
    code on its workers, unless ``insecure``."""
    import ipaddress
    from urllib.parse import urlsplit

    if address == "local" or address.startswith("tls://") or insecure:
        return None
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    host = (parts.hostname or "").lower()
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host in LOOPBACK_NAMES
    if loopback:
        return None
    return (
        f"Refused: the scheduler address {address} is plain {parts.scheme}:// to another host "
        f"({host or '?'}): unauthenticated and unencrypted, anyone who reaches it can run code "
        "on its workers and read the companies' data. Use tls:// with the team's certificates "
        "(--tls-ca-file, --tls-cert, --tls-key or Dask's configuration; README, 'Rendering on "
        "a cluster'), or pass --insecure on a network you trust. Nothing was rendered."
    )


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """Register ``render`` on the ``workbook`` command's sub-parsers."""
    parser = subparsers.add_parser(
        "render",
        help="render every company's pages and the portfolio to offline HTML in reports/",
        description=DESCRIPTION,
    )
    return configure(parser)


def run(args: argparse.Namespace) -> int:
    """Run ``workbook render``; 0 when every page is rendered or up to date, 1 otherwise."""
    from workbook.render import atomic, runner

    scheduler = getattr(args, "scheduler", None)
    tls = None
    if scheduler:
        refused = scheduler_refusal(scheduler, getattr(args, "insecure", False))
        if refused is not None:
            print(refused, file=sys.stderr)
            return 2
        if scheduler.startswith("tls://"):
            from workbook.render.cluster import TlsFiles

            tls = TlsFiles(
                getattr(args, "tls_ca_file", None),
                getattr(args, "tls_cert", None),
                getattr(args, "tls_key", None),
            )
    options = runner.Options(
        data_dir=args.data_dir,
        out_dir=args.out,
        jobs=args.jobs,
        force=args.force,
        timeout=args.timeout,
        progress=False if getattr(args, "no_progress", False) else None,
        scheduler=scheduler,
        dashboard=getattr(args, "dashboard", False),
        tls=tls,
    )
    refusals: tuple[type[Exception], ...] = (atomic.FolderBusyError,)
    if scheduler:
        from workbook.render import cluster  # Dask, only when asked for

        refusals += (cluster.ClusterError,)
    try:
        summary = runner.render_reports(args.slugs, options)
    except runner.DataFolderError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except refusals as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted: finished pages are kept; run again for the rest.", file=sys.stderr)
        return 130
    print(runner.report_text(summary))
    printed = _print_pdfs(summary.pages(), args.force) if getattr(args, "pdf", False) else True
    return 0 if summary.ok and printed else 1


def _print_pdfs(pages: Sequence[Path], force: bool) -> bool:
    """``--pdf``: print the run's pages to PDF beside them; False when any could not be."""
    from workbook.render import pdf

    try:
        outcomes = pdf.write_pdfs(pages, force=force)
    except pdf.PdfError as exc:
        print(str(exc), file=sys.stderr)
        return False
    print(pdf.report_text(outcomes))
    return all(outcome.status != "failed" for outcome in outcomes)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m workbook.render [SLUG ...] [options]``."""
    parser = configure(argparse.ArgumentParser(prog="workbook render", description=DESCRIPTION))
    return run(parser.parse_args(argv))
