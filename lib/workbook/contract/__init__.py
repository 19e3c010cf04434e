"""The data contract's names, importable without pandas (the CLI's parser needs them at once).

``workbook.io`` re-exports every name here; the rules themselves live in ``io`` and
``docs/data-contract.md``.
"""

import argparse
from pathlib import Path

#: Environment variable naming the data folder (holding ``companies/`` and ``instruments/``).
DATA_ENV_VAR = "WORKBOOK_DATA"
#: A company's stage, from before product/market fit to scaling.
STAGES = ("pre-pmf", "pmf", "scaling")
#: Who owns the community.
COMMUNITY_OWNERS = ("founder", "community-team", "none")
#: The one required file of a company.
COMPANY_FILE = "company.yaml"
#: The team's own answers, written by the workshop editors.
TEAM_ASSESSMENT_FILE = "team_assessment.yaml"


def add_data_dir_argument(parser: argparse.ArgumentParser) -> None:
    """The ``--data-dir`` option every ``workbook`` command shares."""
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=f"folder holding companies/ and instruments/ (default: ${DATA_ENV_VAR} "
        "or the project's data/ folder)",
    )
