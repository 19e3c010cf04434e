"""``workbook workshop SLUG``: open the assessment notebooks for one company, live.

JupyterLab (default) or, with ``--present``, Voilà (the same notebooks with no code on the
screen) is started on this machine's loopback address (``--share``: on the local network), with
the company's slug and data folder in the environment of every kernel it starts: the notebooks'
Workshop step then shows the live editors for that company.

Both servers require a token, generated for each run and handed to them through the
``JUPYTER_TOKEN`` environment variable (never on the command line, which other local users can
read); the address printed carries it. Kernels whose page was closed are shut down after
:data:`CULL_IDLE_SECONDS` idle. The notebook copies, the JupyterLab workspace (per company, so
another company's tabs never reopen) and the rendered pages go under the working folder's
``reports/`` (or ``--out``), never into the installed package's tree.

The ``workbook`` CLI calls :func:`add_parser` and :func:`run`; this module imports only argparse
at the top, so ``workbook --help`` stays fast.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for annotations only: pathlib and subprocess load where they are used
    import subprocess
    from pathlib import Path

DESCRIPTION = (
    "Open the three assessment notebooks for one company with their live editors: the team "
    "enters its own view, sees the results change and saves (previous versions are kept in the "
    "company folder's .history/). JupyterLab by default; --present serves the same notebooks "
    "with Voilà, without code. Stop with Ctrl+C."
)
#: Environment variables the kernels read (see workbook.workshop.session).
WORKSHOP_ENV = "WORKBOOK_WORKSHOP"
DATA_ENV = "WORKBOOK_DATA"
FILES_URL_ENV = "WORKBOOK_FILES_URL"
FILES_ROOT_ENV = "WORKBOOK_FILES_ROOT"
#: Where the editors' Render report writes pages (``--out``).
REPORTS_ENV = "WORKBOOK_REPORTS"
#: The folder (beside the copies) where a Voilà workshop's Render report writes its pages.
VOILA_PAGES = "pages"
#: The environment variable both Jupyter servers read their token from.
TOKEN_ENV = "JUPYTER_TOKEN"
#: Seconds a kernel with no page connected may stay idle before the server shuts it down.
CULL_IDLE_SECONDS = 600


def configure(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the command's arguments to ``parser``."""
    from workbook import contract  # light (argparse only), kept out of the module's top

    parser.add_argument("slug", metavar="SLUG", help="the company to run the workshop for")
    parser.add_argument(
        "--present",
        action="store_true",
        help="serve the notebooks with Voilà: editors and results, no code",
    )
    contract.add_data_dir_argument(parser)
    parser.add_argument(
        "--port", type=int, default=None, help="port to listen on (default: a free one)"
    )
    parser.add_argument(
        "--no-browser", action="store_true", help="print the address instead of opening it"
    )
    parser.add_argument(
        "--out",
        default=None,
        help="folder for the workshop's notebook copies and rendered pages "
        "(default: reports/ in the working folder)",
    )
    parser.add_argument(
        "--share",
        action="store_true",
        help="serve on the local network (token required) and print the address to give "
        "participants",
    )
    return parser


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """Register ``workshop`` on the ``workbook`` command's sub-parsers."""
    parser = subparsers.add_parser(
        "workshop",
        help="open the notebooks for one company with live editors (JupyterLab or --present)",
        description=DESCRIPTION,
    )
    return configure(parser)


def free_port() -> int:
    """A TCP port free on the loopback address right now."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def plan(args: argparse.Namespace) -> tuple[list[str], dict[str, str]]:
    """The server's command line and environment for ``args`` (raises ``ValueError`` with a
    message for a company that cannot be opened). The environment carries a fresh token."""
    import os
    import secrets
    import sys
    from pathlib import Path

    from workbook import contract, registry

    project = registry.NOTEBOOKS_DIR.parent
    configured = args.data_dir or os.environ.get(contract.DATA_ENV_VAR)
    data_dir = Path(configured).expanduser() if configured else project / "data"
    data_dir = data_dir.resolve()
    slug = args.slug
    if not _valid_slug(slug):
        raise ValueError(
            f"Invalid company slug {slug!r}: expected 1–64 lowercase letters, digits and hyphens."
        )
    folder = data_dir / "companies" / slug
    if not (folder / contract.COMPANY_FILE).is_file():
        raise ValueError(
            f"No company {slug!r} in {data_dir / 'companies'} (create one with `workbook new`)."
        )
    out = out_folder(getattr(args, "out", None))
    copies = workshop_folder(slug, out)
    port = args.port or free_port()
    ip = "0.0.0.0" if getattr(args, "share", False) else "127.0.0.1"
    env = dict(os.environ)
    env[WORKSHOP_ENV] = slug
    env[DATA_ENV] = str(data_dir)
    env[REPORTS_ENV] = str(out)
    env[TOKEN_ENV] = secrets.token_urlsafe(32)
    common = ["--no-browser"] if args.no_browser else []
    cull = [
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        "--MappingKernelManager.cull_interval=60",
    ]
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0  # JupyterLab refuses root unless told
    if args.present:  # the company's copies only: no summary or portfolio in the list
        # Render report writes beside the copies, where Voilà serves the pages (not file://)
        env[REPORTS_ENV] = str(copies / VOILA_PAGES)
        env[FILES_URL_ENV], env[FILES_ROOT_ENV] = "/voila/files/", str(copies)
        argv = [
            sys.executable,
            "-m",
            "voila",
            str(copies),
            f"--Voila.ip={ip}",
            f"--port={port}",
            "--Voila.auto_token=True",  # the token comes from JUPYTER_TOKEN
            "--strip_sources=True",
            # the workshop page runs in a kernel started (and executed) ahead of the visit
            "--preheat_kernel=True",
            "--pool_size=1",
            r"--VoilaKernelManager.preheat_denylist=.*/0\d_\w+\.ipynb$",
            f"--VoilaConfiguration.file_allowlist=['{VOILA_PAGES}/.*']",
            *cull,
            *common,
        ]
    else:
        env[FILES_URL_ENV], env[FILES_ROOT_ENV] = "/files/", str(out)
        first = (copies / workshop_notebook().name).relative_to(out).as_posix()
        argv = [
            sys.executable,
            "-m",
            "jupyterlab",
            f"--ServerApp.root_dir={out}",
            f"--ServerApp.ip={ip}",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--LabApp.default_url=/lab/tree/{first}",
            f"--LabApp.workspaces_dir={copies / '.workspaces'}",
            *cull,
            *(["--ServerApp.allow_root=True"] if as_root else []),
            # the browser is opened once the workshop page is ready (see run)
            "--ServerApp.open_browser=False",
            *common,
        ]
    return argv, env


def out_folder(out: str | None = None):  # a Path: pathlib is imported where it is used
    """Where a workshop writes: ``--out``, else ``reports/`` in the working folder."""
    from pathlib import Path

    return Path(out or "reports").expanduser().resolve()


def workshop_folder(slug: str, out=None):  # a Path: pathlib is imported where it is used
    """Where a company's copies of the notebooks live: ``<out>/workshops/<slug>/`` (``out``:
    :func:`out_folder`), so that what a workshop saves into them never touches the project's
    own notebooks."""
    return (out if out is not None else out_folder()) / "workshops" / slug


def address(port: int, token: str, share: bool, path: str = "") -> str:
    """The address to open (or give participants with ``--share``: this machine's address on
    the local network), with the token."""
    import socket

    host = "127.0.0.1"
    if share:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:  # no packet is sent: this only asks which interface would be used
                probe.connect(("10.255.255.255", 1))
                host = probe.getsockname()[0]
            except OSError:
                host = socket.gethostname()
    return f"http://{host}:{port}/{path.lstrip('/')}?token={token}"


def copy_notebooks(slug: str, folder: str | None = None) -> list[str]:
    """Copy the workshop page and the assessment notebooks into the company's workshop folder
    (or ``folder``), without outputs (a copy never shows another company's results or widgets
    of a kernel that is gone). A copy is replaced only when the project's notebook is newer (a
    workshop's saved copy survives a restart). Returns the names copied."""
    import shutil
    from pathlib import Path

    from workbook import registry
    from workbook.workshop.serve import clear_outputs

    target_folder = Path(folder) if folder else workshop_folder(slug)
    target_folder.mkdir(parents=True, exist_ok=True)
    copied = []
    sources = [workshop_notebook(), *(a.notebook_path for a in registry.ASSESSMENTS)]
    for source in sources:
        target = target_folder / source.name
        if not target.exists() or source.stat().st_mtime > target.stat().st_mtime:
            shutil.copy2(source, target)
            clear_outputs(target)
            copied.append(source.name)
    return copied


def workshop_notebook():  # a Path: pathlib is imported where it is used
    """The one-page workshop notebook (the three editors in the agenda's order, then the
    decisions), kept beside this module: the project's ``notebooks/`` holds the reports."""
    from pathlib import Path

    return Path(__file__).with_name("workshop.ipynb")


def _valid_slug(slug: str) -> bool:
    import re

    return re.fullmatch(r"[a-z0-9-]{1,64}", slug) is not None


def run(args: argparse.Namespace) -> int:
    """Run ``workbook workshop``; the server's exit status (0 after Ctrl+C)."""
    import subprocess
    import sys

    try:
        argv, env = plan(args)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if args.present:
        try:
            import voila  # noqa: F401
        except ImportError:
            print(
                "Voilà is not installed in this environment: run `make install` (it is in "
                "requirements.lock), or use `workbook workshop SLUG` without --present.",
                file=sys.stderr,
            )
            return 1
    out = out_folder(getattr(args, "out", None))
    copies = workshop_folder(args.slug, out)
    copy_notebooks(args.slug, str(copies))
    tool = "Voilà" if args.present else "JupyterLab"
    share = getattr(args, "share", False)
    port = int(
        next(a.split("=")[1] for a in argv if a.startswith(("--port=", "--ServerApp.port=")))
    )
    link = address(port, env[TOKEN_ENV], share)
    where = "the local network" if share else "this machine only"
    print(
        f"Workshop for {args.slug}: starting {tool} on {where} (Ctrl+C to stop).", file=sys.stderr
    )
    server = subprocess.Popen(argv, env=env)
    try:
        kernel_id = None
        if not args.present:
            kernel_id = _prepare_lab(port, env[TOKEN_ENV], server, out, copies)
        print(
            f"Open: {link}" + ("  (give this address to the participants)" if share else ""),
            file=sys.stderr,
        )
        if not args.present and not args.no_browser:
            import webbrowser

            webbrowser.open(link)
        if kernel_id is not None:
            from workbook.workshop.serve import keep_warm

            keep_warm(f"http://127.0.0.1:{port}", env[TOKEN_ENV], kernel_id, server)
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:  # Ctrl+C, or anything unexpected: the server (and its kernels) stop too
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


#: Seconds the JupyterLab server may take to answer and the workshop page to run once.
PREPARE_SECONDS = 600


def _prepare_lab(
    port: int, token: str, server: subprocess.Popen[bytes], out: Path, copies: Path
) -> str | None:
    """Run the workshop page in the JupyterLab server's kernel for it, so that it opens live
    (:mod:`workbook.workshop.serve`); the kernel's id, or None (said why) when it could not."""
    import sys
    import time
    import urllib.error

    from workbook.workshop.serve import PrepareError, prepare_lab_page

    print("Preparing the workshop page (running it once for the company)…", file=sys.stderr)
    started = time.monotonic()
    page = copies / workshop_notebook().name
    try:
        kernel_id = prepare_lab_page(
            f"http://127.0.0.1:{port}", token, server, out, page, PREPARE_SECONDS
        )
    except (PrepareError, OSError, urllib.error.URLError, RuntimeError) as exc:
        print(
            f"The workshop page could not be prepared ({exc}): open it and choose "
            "Run → Run All Cells.",
            file=sys.stderr,
        )
        return None
    print(f"Workshop page ready in {time.monotonic() - started:.0f} s.", file=sys.stderr)
    return kernel_id


def main(argv: list[str] | None = None) -> int:
    """``python -m workbook.workshop.command SLUG [options]``: as ``workbook workshop``."""
    parser = configure(argparse.ArgumentParser(prog="workbook workshop", description=DESCRIPTION))
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
