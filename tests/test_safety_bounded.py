"""Hostile files end in a clear error within seconds and bounded memory (issue 23).

Each case runs ``workbook validate`` in a child process whose address space is capped with
``resource.setrlimit(RLIMIT_AS)`` and which is killed after a timeout, so a regression shows up
as a failed test (MemoryError, a traceback or a timeout), never as a hung or swapping machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

#: The child's address-space cap: importing pandas and pandera needs well under 1 GiB, the
#: failures of issue 23 took 3 to 13 GB.
MEMORY_CAP = 1536 * 1024 * 1024
#: Seconds the validation itself may take (the imports are timed separately).
VALIDATION_SECONDS = 15
#: Seconds after which the child is killed: a hang.
KILL_AFTER = 120

CHILD = textwrap.dedent(
    """\
    import resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
    from workbook import cli, io  # imported before the clock starts
    import pandera.pandas  # noqa: F401  (the validation's own import, also before the clock)
    started = time.monotonic()
    code = cli.main(["validate", "--data-dir", sys.argv[1]])
    print(f"SECONDS {{time.monotonic() - started:.2f}}")
    sys.exit(code)
    """
).format(cap=MEMORY_CAP)


def validate_bounded(data_dir: Path) -> tuple[int, str]:
    """Run ``workbook validate`` on ``data_dir`` under the caps; return exit code and output."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=KILL_AFTER,
        check=False,
    )
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    assert "MemoryError" not in output, output[-3000:]
    seconds = [line for line in result.stdout.splitlines() if line.startswith("SECONDS ")]
    assert seconds, output[-3000:]
    assert float(seconds[0].split()[1]) < VALIDATION_SECONDS, (
        output[-3000:],
        time.monotonic() - started,
    )
    return result.returncode, output


BILLION_LAUGHS = textwrap.dedent(
    """\
    name: Test Co
    stage: pre-pmf
    started: 2025-01-01
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    """
)


@pytest.mark.parametrize("file", ["company.yaml", "team_assessment.yaml"])
def test_billion_laughs_yaml_is_a_clear_error_in_bounded_memory(make_company, data_dir, file):
    folder = make_company()
    (folder / file).write_text(BILLION_LAUGHS, encoding="utf-8")
    code, output = validate_bounded(data_dir)
    assert code == 1
    assert file in output
    assert "no aliases (*a)" in output
    assert "line 5" in output  # the first alias


def test_a_50_mb_text_cell_is_a_clear_error_in_bounded_memory(make_company, data_dir):
    big = "x" * (50 * 1024 * 1024)
    make_company(
        files={
            "pmf_survey.csv": "respondent_id,submitted_at,answer,improvement\n"
            f"r1,2025-03-01,very,fine\nr2,2025-03-02,not,{big}\n"
        }
    )
    code, output = validate_bounded(data_dir)
    assert code == 1
    assert "pmf_survey.csv" in output
    assert "row 3, column 'improvement'" in output
    assert "a cell of at most 2,000 characters (this one has 52,428,800" in output
    assert len(output) < 5_000  # the value is shortened, not printed


def test_a_50_mb_feature_list_is_refused_by_its_size_before_reading(make_company, data_dir):
    make_company(
        files={
            "features.csv": "feature,area,change,importance\n"
            f"{'x' * (50 * 1024 * 1024)},core,kept,3\n"
        }
    )
    code, output = validate_bounded(data_dir)
    assert code == 1
    assert (
        "  features.csv\n    error: a file of at most 1 MiB (the contract's limit); this one is "
        in (output)
    )


@pytest.mark.parametrize("file", ["pmf_survey.csv", "company.yaml"])
def test_a_named_pipe_is_refused_without_waiting(make_company, data_dir, file):
    folder = make_company()
    (folder / file).unlink(missing_ok=True)
    os.mkfifo(folder / file)
    code, output = validate_bounded(data_dir)
    assert code == 1
    expected = "error: a regular file; this is a named pipe, which the workbook never reads"
    assert f"  {file}\n    {expected}" in output


def test_a_link_to_dev_zero_is_refused_without_reading(make_company, data_dir):
    folder = make_company()
    (folder / "retention.csv").symlink_to("/dev/zero")
    code, output = validate_bounded(data_dir)
    assert code == 1
    assert "  retention.csv\n    error: a file inside the data folder" in output
    assert "this is a link to /dev/zero, outside it" in output
