"""The data contract: finding, loading and validating a company's inputs.

Every company lives in ``<data_dir>/companies/<slug>/``. Only ``company.yaml`` is required; each
other file feeds one part of one assessment and is declared by that assessment in its
``inputs`` module (:mod:`.files` finds them through the registry). One concern per module:

- :mod:`.paths` where data lives; :mod:`.problems` findings and errors; :mod:`.values` dates,
  timestamps and Sean Ellis answers; :mod:`.reading` bytes, text, YAML and CSV within limits;
- :mod:`.columns` CSV column rules and their pandera schema; :mod:`.checks` checks shared by
  several files; :mod:`.files` the declared input files and the advice to supply one;
- :mod:`.config` ``company.yaml``; :mod:`.team` ``team_assessment.yaml``; :mod:`.instrument`
  the belonging instrument;
- :mod:`.company` the loaded :class:`~.company.Company`; :mod:`.load` loading and validating;
  :mod:`.docs` the generated tables of ``docs/data-contract.md``.

This module itself holds only the names the CLI's parser needs at once, importable without
pandas; ``workbook.io`` is the former single module, kept as a facade that re-exports the
public names.
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
